package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// statsResponse is the body of GET /api/v1/stats.
type statsResponse struct {
	corpus.Stats
	IndexBytes int64     `json:"index_bytes"`
	BuiltAt    time.Time `json:"built_at"`
	BuildSecs  float64   `json:"build_seconds"`
	Analyzer   string    `json:"analyzer"`
	// Integrity is how the served build was verified, and the newer
	// builds refused as damaged when an older one serves.
	Integrity indexer.Status `json:"integrity"`
}

func (s *Server) handleStats(c *fiber.Ctx) error {
	cs, err := s.snapshot()
	if err != nil {
		return err
	}
	m := s.idx.Meta()
	return c.JSON(statsResponse{
		Stats: cs.Stats(), IndexBytes: m.IndexBytes, BuiltAt: m.BuiltAt,
		BuildSecs: m.BuildSeconds, Analyzer: m.Analyzer, Integrity: s.idx.Status(),
	})
}

// handleReady answers 200 only when a build serves that was verified
// against its checksums when it opened; load balancers send traffic by it.
func (s *Server) handleReady(c *fiber.Ctx) error {
	if _, err := s.snapshot(); err != nil {
		return err
	}
	st := s.idx.Status()
	if st.Verified.IsZero() {
		return corpus.Errorf(corpus.CodeUnavailable, "the served build %s was not verified", st.Build)
	}
	return c.JSON(fiber.Map{"status": "ready", "build": st.Build, "check": st.Check, "verified_at": st.Verified, "refused": st.Refused})
}

func (s *Server) handleHealth(c *fiber.Ctx) error {
	if _, err := s.snapshot(); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// handleReindex rebuilds the index in the background and swaps it in when
// the build succeeded; a failed build leaves the current index serving.
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
	go func() {
		defer s.building.Store(false)
		start := time.Now()
		ctx := context.Background()
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
