package api

import (
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

// searchResponse is the body of GET /api/v1/search.
type searchResponse struct {
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Plan   string  `json:"plan,omitempty"`
	// Intent is what the query was read as: citation, title, keywords,
	// question, violation or list.
	Intent search.Intent                  `json:"intent,omitempty"`
	Page   int                            `json:"page"`
	Size   int                            `json:"size"`
	Hits   []search.Hit                   `json:"hits"`
	Cited  *search.Cited                  `json:"cited,omitempty"`
	Facets map[string][]search.FacetValue `json:"facets"`
	// Expansions are the thesaurus terms searched too ("also searched: 占道经营").
	Expansions []search.Expansion `json:"expansions,omitempty"`
	// Explain is the plan, with explain=1 (each hit then has its ranking
	// features).
	Explain *search.Plan `json:"explain,omitempty"`
}

func (s *Server) handleSearch(c *fiber.Ctx) error {
	if s.searcher == nil {
		return corpus.Errorf(corpus.CodeUnavailable, "no index loaded")
	}
	req, err := parseSearchRequest(c)
	if err != nil {
		return err
	}
	res, err := s.searcher.Search(c.UserContext(), req)
	if err != nil {
		return err
	}
	s.metrics.searches.WithLabelValues(res.Plan, strconv.FormatBool(res.Total > 0)).Inc()
	hits := res.Hits
	if hits == nil {
		hits = []search.Hit{}
	}
	return c.JSON(searchResponse{
		Total:      res.Total,
		TookMS:     float64(res.Took.Microseconds()) / 1000,
		Plan:       res.Plan,
		Intent:     res.Intent,
		Page:       req.Page,
		Size:       req.Size,
		Hits:       hits,
		Cited:      res.Cited,
		Facets:     res.Facets,
		Expansions: res.Expansions,
		Explain:    res.Explain,
	})
}

// parseSearchRequest reads the query string into a validated search.Request.
func parseSearchRequest(c *fiber.Ctx) (search.Request, error) {
	req := search.Request{
		Query:  strings.TrimSpace(c.Query("q")),
		Kind:   strings.TrimSpace(c.Query("kind")),
		Level:  strings.TrimSpace(c.Query("level")),
		Region: strings.TrimSpace(c.Query("region")),
		In:     strings.TrimSpace(c.Query("in")),
		Status: strings.TrimSpace(c.Query("status")),
		Type:   strings.TrimSpace(c.Query("type")),
		Domain: strings.TrimSpace(c.Query("domain")),
		Page:   1,
		Size:   10,
	}
	var err error
	if req.Page, err = intParam(c, "page", 1, 1, math.MaxInt); err != nil {
		return req, err
	}
	if req.Size, err = intParam(c, "size", search.DefaultSize, 1, search.MaxSize); err != nil {
		return req, err
	}
	switch strings.TrimSpace(c.Query("explain")) {
	case "", "0", "false":
	case "1", "true":
		req.Explain = true
	default:
		return req, corpus.Errorf(corpus.CodeInvalid, "explain=%q: want 1 or 0", c.Query("explain"))
	}
	if v := strings.TrimSpace(c.Query("as_of")); v != "" {
		if req.AsOf, err = corpus.ParseDate(v); err != nil {
			return req, corpus.Errorf(corpus.CodeInvalid, "as_of=%q: want a date YYYY-MM-DD", v)
		}
	}
	return req, req.Validate()
}

// intParam reads an integer query parameter within [lo, hi] (hi of
// math.MaxInt: no upper bound), def when it is absent.
func intParam(c *fiber.Ctx, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case (err != nil || n < lo) && hi == math.MaxInt:
		return 0, corpus.Errorf(corpus.CodeInvalid, "%s=%q: want a whole number from %d", name, v, lo)
	case err != nil || n < lo || n > hi:
		return 0, corpus.Errorf(corpus.CodeInvalid, "%s=%q: want a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}
