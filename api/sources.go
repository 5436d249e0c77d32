package api

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"
)

// SourceReader reads the reports of the sources of a crawl directory (the
// crawler's, wired by cmd/lawkb); nil: no crawl directory can be read.
type SourceReader func(dir string) ([]SourceReport, error)

// SourceReport is one source's last crawl: its name, and the report as a
// value that encodes to a JSON object, whose fields /api/v1/sources shows.
type SourceReport struct {
	Name   string
	Report any
}

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
	Dir    string // the crawl output directory
	Report any    // its fields are the status's
	// Indexed counts its documents in the index being served.
	Indexed int
	// Error says why the directory's report could not be read; the
	// source's name is then unknown.
	Error string
}

// MarshalJSON writes the report's fields with dir, indexed and error.
func (st sourceStatus) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if st.Report != nil {
		b, err := json.Marshal(st.Report)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
	}
	m["dir"], m["indexed"] = st.Dir, st.Indexed
	if st.Error != "" {
		m["error"] = st.Error
	}
	return json.Marshal(m)
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
		if s.sources == nil {
			out.Sources = append(out.Sources, sourceStatus{Dir: dir, Error: "this server reads no crawl reports"})
			continue
		}
		reps, err := s.sources(dir)
		if err != nil {
			out.Sources = append(out.Sources, sourceStatus{Dir: dir, Error: err.Error()})
			continue
		}
		for _, r := range reps {
			out.Sources = append(out.Sources, sourceStatus{Dir: dir, Report: r.Report, Indexed: indexed[r.Name]})
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(out)
}
