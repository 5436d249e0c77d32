package api

import (
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
