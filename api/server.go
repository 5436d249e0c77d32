// Package api serves lawkb over HTTP with fiber: one route table under
// /api/v1, thin handlers, JSON errors {"error":{"code","message"}}.
package api

import (
	"context"
	_ "embed"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
	"github.com/lawkb/lawkb/web"
)

//go:embed openapi.yaml
var openapiSpec []byte

// Config wires a Server.
type Config struct {
	// Index is the index to serve; nil serves 503 until one is given.
	// Rebuilds swap new generations into it (indexer.Index.Reload).
	Index  *indexer.Index
	Logger *slog.Logger // nil: slog.Default()
	// AdminKey protects POST /api/v1/admin/reindex; empty disables it.
	AdminKey string
	// Rebuild builds a new index generation under the served index's root
	// for /admin/reindex; nil disables it.
	Rebuild func(ctx context.Context) error
	// PublicURL is the address people reach the service at; the web UI's
	// exports link to it (web.Deps.PublicURL). Check it with
	// web.ParsePublicURL first: New panics on a bad one.
	PublicURL string
}

// Server is the HTTP front of one lawkb process.
type Server struct {
	app      *fiber.App
	idx      *indexer.Index
	searcher *search.Searcher
	// suggester and completer serve suggest-basis and autocomplete.
	suggester *search.Suggester
	completer *search.Autocompleter
	log       *slog.Logger
	metrics   *metrics
	adminKey  string
	publicURL string
	rebuild   func(ctx context.Context) error
	building  atomic.Bool
}

// New builds the server and its route table.
func New(cfg Config) *Server {
	s := &Server{idx: cfg.Index, log: cfg.Logger, adminKey: cfg.AdminKey, rebuild: cfg.Rebuild, publicURL: cfg.PublicURL}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.idx != nil {
		s.searcher = search.New(s.idx, search.Options{})
		s.suggester = search.NewSuggester(s.idx, search.SuggestOptions{})
		s.completer = search.NewAutocompleter(s.idx, search.AutocompleteOptions{})
	}
	s.metrics = newMetrics()
	s.app = fiber.New(fiber.Config{
		AppName:               "lawkb",
		ErrorHandler:          s.handleError,
		DisableStartupMessage: true,
		ReadTimeout:           10 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           60 * time.Second,
		// Case descriptions and long citations travel in query strings.
		ReadBufferSize: 16 << 10,
		// Query strings are kept in requests and responses, so copy them.
		Immutable: true,
	})
	s.app.Use(recover.New())
	s.app.Use(s.metrics.middleware)
	s.app.Use(s.accessLog)
	s.routes()
	return s
}

// routes is the one route table of the service.
func (s *Server) routes() {
	s.app.Get("/healthz", s.handleHealth)
	s.app.Get("/metrics", s.metrics.handler())
	v1 := s.app.Group("/api/v1")
	v1.Get("/openapi.yaml", s.handleOpenAPI)
	v1.Get("/search", s.handleSearch)
	v1.Get("/articles/:id", s.handleArticle)
	v1.Get("/items", s.handleItems)
	v1.Get("/items/:id", s.handleItem)
	v1.Post("/items/:id/discretion", s.handleDiscretion)
	v1.Get("/documents/:id", s.handleDocument)
	v1.Get("/documents/:id/versions", s.handleVersions)
	v1.Get("/cite", s.handleCite)
	v1.Get("/standards/:id", s.handleStandard)
	v1.Get("/sources", s.handleSources)
	v1.Get("/stats", s.handleStats)
	v1.Post("/suggest-basis", s.handleSuggest)
	v1.Get("/autocomplete", s.handleAutocomplete)
	v1.Post("/admin/reindex", s.handleReindex)
	web.Mount(s.app, web.Deps{Backend: func() (*indexer.Index, *search.Searcher) { return s.idx, s.searcher }, Logger: s.log, Suggest: s.suggester.Suggest, Complete: s.completer.Complete, PublicURL: s.publicURL})
	s.app.Use(func(c *fiber.Ctx) error {
		return corpus.Errorf(corpus.CodeNotFound, "no route %s %s", c.Method(), c.Path())
	})
}

// App returns the fiber app, for tests (app.Test) and for mounting the web UI.
func (s *Server) App() *fiber.App { return s.app }

// Index returns the served index, nil when there is none.
func (s *Server) Index() *indexer.Index { return s.idx }

// Searcher returns the searcher over the served index, nil when there is none.
func (s *Server) Searcher() *search.Searcher { return s.searcher }

// snapshot returns the corpus of the build being served.
func (s *Server) snapshot() (*corpus.Corpus, error) {
	if s.idx == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "no index loaded")
	}
	c := s.idx.Corpus()
	if c == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "the index is closed")
	}
	return c, nil
}

// Listen serves on addr until Shutdown.
func (s *Server) Listen(addr string) error { return s.app.Listen(addr) }

// Shutdown stops accepting and waits for requests in flight.
func (s *Server) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }

// errorBody is the one JSON error shape of the API.
type errorBody struct {
	Error struct {
		Code    corpus.Code `json:"code"`
		Message string      `json:"message"`
	} `json:"error"`
}

var statusOf = map[corpus.Code]int{
	corpus.CodeInvalid:     fiber.StatusBadRequest,
	corpus.CodeNotFound:    fiber.StatusNotFound,
	corpus.CodeConflict:    fiber.StatusConflict,
	corpus.CodeUnavailable: fiber.StatusServiceUnavailable,
	corpus.CodeInternal:    fiber.StatusInternalServerError,
}

// handleError maps every error to a status and the JSON error shape.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	var body errorBody
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		body.Error.Code = codeOfStatus(fe.Code)
		body.Error.Message = fe.Message
	default:
		body.Error.Code = corpus.ErrorCode(err)
		body.Error.Message = err.Error()
	}
	status := statusOf[body.Error.Code]
	if fe != nil {
		status = fe.Code
	}
	if status >= 500 {
		s.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
		if body.Error.Code == corpus.CodeInternal {
			body.Error.Message = "internal error"
		}
	}
	return c.Status(status).JSON(body)
}

func codeOfStatus(status int) corpus.Code {
	switch {
	case status == fiber.StatusNotFound:
		return corpus.CodeNotFound
	case status == fiber.StatusConflict:
		return corpus.CodeConflict
	case status == fiber.StatusServiceUnavailable:
		return corpus.CodeUnavailable
	case status >= 400 && status < 500:
		return corpus.CodeInvalid
	default:
		return corpus.CodeInternal
	}
}

func (s *Server) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler write the response before logging its status.
		if herr := s.app.ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	s.log.Debug("request", "method", c.Method(), "path", c.Path(),
		"status", c.Response().StatusCode(), "ms", float64(time.Since(start).Microseconds())/1000)
	return nil
}

func (s *Server) handleOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	return c.Send(openapiSpec)
}
