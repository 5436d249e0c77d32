package api

import (
	"encoding/json"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

// suggestRequest is the body of POST /api/v1/suggest-basis.
type suggestRequest struct {
	Text   string `json:"text"`
	Region string `json:"region"`
	Date   string `json:"date"`
	Size   int    `json:"size"`
}

// suggestResponse is its answer: the suggestions, and whether the text was
// read as a question (articles answer it) or a violation (items).
type suggestResponse struct {
	Intent      search.Intent       `json:"intent"`
	Suggestions []search.Suggestion `json:"suggestions"`
}

func (s *Server) handleSuggest(c *fiber.Ctx) error {
	if s.suggester == nil {
		return corpus.Errorf(corpus.CodeUnavailable, "no index loaded")
	}
	req, err := parseSuggestRequest(c.Body())
	if err != nil {
		return err
	}
	res, err := s.suggester.Suggest(c.UserContext(), req)
	if err != nil {
		return err
	}
	return c.JSON(suggestResponse{Intent: res.Intent, Suggestions: res.Suggestions})
}

// parseSuggestRequest reads and validates the JSON body.
func parseSuggestRequest(body []byte) (search.SuggestRequest, error) {
	var in suggestRequest
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return search.SuggestRequest{}, corpus.Errorf(corpus.CodeInvalid, "suggest-basis: want a JSON body {\"text\", \"region\"?, \"date\"?, \"size\"?}: %v", err)
	}
	req := search.SuggestRequest{Text: in.Text, Region: in.Region, Size: in.Size}
	if d := strings.TrimSpace(in.Date); d != "" {
		date, err := corpus.ParseDate(d)
		if err != nil {
			return req, corpus.Errorf(corpus.CodeInvalid, "suggest-basis: date %q: want YYYY-MM-DD", d)
		}
		req.Date = date
	}
	req = req.WithDefaults()
	return req, req.Validate()
}
