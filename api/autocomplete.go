package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

// autocompleteResponse is the body of GET /api/v1/autocomplete.
type autocompleteResponse struct {
	Query       string              `json:"q"`
	Completions []search.Completion `json:"completions"`
}

func (s *Server) handleAutocomplete(c *fiber.Ctx) error {
	if s.completer == nil {
		return corpus.Errorf(corpus.CodeUnavailable, "no index loaded")
	}
	q := strings.TrimSpace(c.Query("q"))
	size, err := intParam(c, "size", search.DefaultCompletions, 1, search.MaxCompletions)
	if err != nil {
		return err
	}
	out, err := s.completer.Complete(q, size)
	if err != nil {
		return err
	}
	return c.JSON(autocompleteResponse{Query: q, Completions: out})
}
