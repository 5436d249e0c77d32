package api

import "github.com/gofiber/fiber/v2"

// NewWithRoutes builds a server with extra routes ahead of its own: a
// handler that panics, to see the panic counted and answered.
func NewWithRoutes(cfg Config, extra func(fiber.Router)) *Server { return newServer(cfg, extra) }

// Guard is the server's guard, as the guard tests need it.
func (s *Server) Guard() *guard { return s.guard }

// Fill takes every admission slot and queue place, as many requests in
// flight would; the returned function gives them back.
func (g *guard) Fill() func() {
	for range cap(g.slots) {
		g.slots <- struct{}{}
	}
	for range cap(g.queue) {
		g.queue <- struct{}{}
	}
	return func() {
		for range cap(g.slots) {
			<-g.slots
		}
		for range cap(g.queue) {
			<-g.queue
		}
	}
}

// Admit takes a slot as a heavy request does.
func (g *guard) Admit() (func(), bool) { return g.admit() }

// Queued is how many requests wait for a slot.
func (g *guard) Queued() int { return len(g.queue) }
