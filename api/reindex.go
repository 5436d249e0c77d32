package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// handleReindex rebuilds the index in the background and swaps it in when
// the build succeeded; a failed build leaves the current index serving.
// The build lives as long as the server: Shutdown cancels it and waits.
func (s *Server) handleReindex(c *fiber.Ctx) error {
	if s.adminKey == "" || s.rebuild == nil || s.idx == nil {
		return corpus.Errorf(corpus.CodeNotFound, "reindex is not enabled on this server")
	}
	if err := s.guard.checkAdmin(c); err != nil {
		return err
	}
	if !s.building.CompareAndSwap(false, true) {
		return corpus.Errorf(corpus.CodeConflict, "a rebuild is already running")
	}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		defer s.building.Store(false)
		start := time.Now()
		ctx := s.life
		if err := s.rebuild(ctx); err != nil {
			s.log.Error("reindex failed; the current index keeps serving", "err", err)
			return
		}
		swapped, err := s.idx.Reload(ctx)
		if err != nil {
			s.log.Error("reindex built but could not be opened; the current index keeps serving", "err", err)
			return
		}
		if swapped {
			s.metrics.swaps.Inc()
		}
		s.log.Info("reindex done", "seconds", time.Since(start).Seconds(), "swapped", swapped, "build", s.idx.Meta().Dir)
	}()
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": "rebuilding"})
}
