package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/crawler"
)

// sourcesResponse is the body of GET /api/v1/sources.
type sourcesResponse struct {
	Build     string         `json:"build"`      // the index build being served
	IndexedAt time.Time      `json:"indexed_at"` // when it was built
	Sources   []sourceStatus `json:"sources"`
}

// sourceStatus is one crawled source: its last crawl as the crawl
// directory reports it now, and how many of its documents the served index
// holds.
type sourceStatus struct {
	Dir string `json:"dir"` // the crawl output directory
	*crawler.SourceReport
	Indexed int `json:"indexed"` // its documents in the index being served
	// Error says why the directory's report could not be read; the
	// source's name is then unknown.
	Error string `json:"error,omitempty"`
}

// handleSources reports the crawl directories the served index was built
// from (recorded in its Meta): each source's last crawl, counts and recent
// errors, read live from DIR/sources.json so that a crawl run after the
// build shows, and the documents of each source in the index.
func (s *Server) handleSources(c *fiber.Ctx) error {
	c0, err := s.snapshot()
	if err != nil {
		return err
	}
	m := s.idx.Meta()
	indexed := map[string]int{}
	for _, w := range c0.Works {
		for _, v := range w.Versions {
			if v.Origin != nil {
				indexed[v.Origin.Source]++
			}
		}
	}
	out := sourcesResponse{Build: m.Dir, IndexedAt: m.BuiltAt, Sources: []sourceStatus{}}
	for _, dir := range m.Sources.Crawls {
		reps, err := crawler.ReadSources(dir)
		if err != nil {
			out.Sources = append(out.Sources, sourceStatus{Dir: dir, Error: err.Error()})
			continue
		}
		for _, r := range reps {
			out.Sources = append(out.Sources, sourceStatus{Dir: dir, SourceReport: &r, Indexed: indexed[r.Name]})
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(out)
}
