package api

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// standardResponse is the body of GET /api/v1/standards/{id}.
type standardResponse struct {
	ID         string        `json:"id"`
	Type       string        `json:"type"` // standard
	Code       string        `json:"code"`
	Title      string        `json:"title"`
	Level      string        `json:"level,omitempty"` // 国家标准, 行业标准, 地方标准
	Kind       corpus.Kind   `json:"kind"`
	Status     corpus.Status `json:"status,omitempty"`
	StatusText string        `json:"status_text,omitempty"` // as the catalogue writes it
	Effective  corpus.Date   `json:"effective"`
	Scope      []string      `json:"scope"`
	Category   string        `json:"category,omitempty"`
	Region     string        `json:"region"`
	Link       string        `json:"link,omitempty"`
	Source     string        `json:"source"`
	CitedBy    []linkRef     `json:"cited_by"` // the articles that name it
}

// handleStandard answers a standard by id (std-gb3096-2008) or by code as
// people write it (GB 3096-2008, GB3096: the one standard of that number).
func (s *Server) handleStandard(c *fiber.Ctx) error {
	c0, err := s.snapshot()
	if err != nil {
		return err
	}
	id := c.Params("id")
	if u, err := url.PathUnescape(id); err == nil {
		id = u // a code as written: GB%203096-2008
	}
	st := findStandard(c0, id)
	if st == nil {
		return corpus.Errorf(corpus.CodeNotFound, "no standard %q", id)
	}
	r := standardResponse{
		ID: st.ID, Type: "standard", Code: st.Code, Title: st.Title, Level: st.Level(), Kind: corpus.KindStandard,
		Status: st.Status, StatusText: st.StatusText, Effective: st.Effective, Scope: st.Scope, Category: st.Category,
		Region: st.Region.Path(), Link: st.Link, Source: corpus.PrefixStandards + st.Source, CitedBy: []linkRef{},
	}
	if r.Scope == nil {
		r.Scope = []string{}
	}
	for _, a := range st.CitedBy {
		if ref, ok := refTo(c0, a); ok {
			r.CitedBy = append(r.CitedBy, ref)
		}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(r)
}

// findStandard looks a standard up by id, then by its code, in full or,
// when only one standard has that number, without the year.
func findStandard(c0 *corpus.Corpus, key string) *corpus.Standard {
	if st := c0.Standard(key); st != nil {
		return st
	}
	code := corpus.NormalizeStandardCode(key)
	if code == "" {
		return nil
	}
	if st := c0.Standard(corpus.StandardID(code)); st != nil {
		return st
	}
	var found *corpus.Standard
	for _, st := range c0.Standards {
		if st.Matches(code) {
			if found != nil {
				return nil // ambiguous without the year
			}
			found = st
		}
	}
	return found
}
