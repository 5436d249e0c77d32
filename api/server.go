// Package api serves lawkb over HTTP with fiber: one route table under
// /api/v1, thin handlers, JSON errors {"error":{"code","message"}}.
package api

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
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
	// Words cuts text into words for the diffs of article versions (the
	// segmenter's Cut); nil compares characters.
	Words corpus.Tokenizer
	// Sources reads the crawl reports /api/v1/sources shows.
	Sources SourceReader
	// CacheBytes bounds each result cache (search, suggest-basis): 0 the
	// default, negative none.
	CacheBytes int64
	// Keys are the API keys of client systems (ParseKeys). nil is the open
	// mode, for one officer's laptop: the API answers without a key. With
	// keys, /api/v1 needs one; the web UI's pages never do.
	Keys []Key
	// Limits bound concurrent work and request rates; zero: the defaults.
	Limits Limits
	// Pages mounts the web UI on the server's app (cmd/lawkb hands it
	// web.Mount) and returns its HTML error page; nil: the JSON API alone.
	Pages func(r fiber.Router, d PageDeps) ErrorPage
}

// PageDeps is what the server hands the web UI it mounts (Config.Pages):
// the corpus serving now (nil while none is), search, suggest and
// autocomplete, the guard that runs first on every page, the logger.
type PageDeps struct {
	Corpus   func() *corpus.Corpus
	Search   func(ctx context.Context, req search.Request) (*search.Result, error)
	Suggest  func(ctx context.Context, req search.SuggestRequest) (*search.SuggestResult, error)
	Complete func(q string, size int) ([]search.Completion, error)
	Guard    fiber.Handler
	Logger   *slog.Logger
}

// ErrorPage writes the UI's HTML error page with status and message: the
// server answers with it the errors it raises on the UI's routes.
type ErrorPage func(c *fiber.Ctx, status int, msg string) error

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
	guard     *guard
	pages     func(r fiber.Router, d PageDeps) ErrorPage
	errorPage ErrorPage
	adminKey  string
	rebuild   func(ctx context.Context) error
	words     corpus.Tokenizer
	sources   SourceReader
	building  atomic.Bool
	// life is cancelled by Shutdown, which then waits for background
	// (a reindex) to end.
	life       context.Context
	end        context.CancelFunc
	background sync.WaitGroup
}

// New builds the server and its route table.
func New(cfg Config) *Server { return newServer(cfg, nil) }

// newServer builds the server; extra routes, for tests, go first in the
// route table.
func newServer(cfg Config, extra func(fiber.Router)) *Server {
	s := &Server{idx: cfg.Index, log: cfg.Logger, adminKey: cfg.AdminKey, rebuild: cfg.Rebuild, pages: cfg.Pages, words: cfg.Words, sources: cfg.Sources}
	if s.words == nil {
		s.words = func(string) []string { return nil }
	}
	s.life, s.end = context.WithCancel(context.Background())
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.idx != nil {
		s.searcher = search.New(s.idx, search.Options{CacheBytes: cfg.CacheBytes})
		s.suggester = search.NewSuggester(s.idx, search.SuggestOptions{Search: search.Options{CacheBytes: cfg.CacheBytes}})
		s.completer = search.NewAutocompleter(s.idx, search.AutocompleteOptions{})
	}
	s.metrics = newMetrics()
	if s.idx != nil {
		s.metrics.registerCaches(map[string]cacheStats{"search": s.searcher.CacheStats, "suggest": s.suggester.CacheStats})
	}
	s.guard = newGuard(cfg.Keys, cfg.AdminKey, cfg.Limits, s.metrics)
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
	s.app.Use(s.observe)
	if extra != nil {
		extra(s.app)
	}
	s.routes()
	return s
}

// routes is the one route table of the service.
func (s *Server) routes() {
	s.app.Get("/healthz", s.handleHealth)
	s.app.Get("/readyz", s.handleReady)
	s.app.Get("/metrics", s.metrics.handler())
	v1 := s.app.Group("/api/v1")
	v1.Get("/openapi.yaml", s.handleOpenAPI)
	// g: keys, rates and admission (guard.go) run first on every route
	// that does work.
	g := s.guard.handler
	v1.Get("/search", g, s.handleSearch)
	v1.Get("/articles/:id", g, s.handleArticle)
	v1.Get("/items", g, s.handleItems)
	v1.Get("/items/:id", g, s.handleItem)
	v1.Post("/items/:id/discretion", g, s.handleDiscretion)
	v1.Get("/documents/:id", g, s.handleDocument)
	v1.Get("/documents/:id/versions", g, s.handleVersions)
	v1.Get("/cite", g, s.handleCite)
	v1.Get("/standards/:id", g, s.handleStandard)
	v1.Get("/sources", g, s.handleSources)
	v1.Get("/stats", g, s.handleStats)
	v1.Post("/suggest-basis", g, s.handleSuggest)
	v1.Get("/autocomplete", g, s.handleAutocomplete)
	v1.Post("/admin/reindex", g, s.handleReindex)
	if s.pages != nil {
		d := PageDeps{Logger: s.log, Guard: g, Corpus: func() *corpus.Corpus {
			if s.idx == nil {
				return nil
			}
			return s.idx.Corpus()
		}}
		if s.searcher != nil {
			d.Search = s.searcher.Search
		}
		if s.suggester != nil {
			d.Suggest = s.suggester.Suggest
		}
		if s.completer != nil {
			d.Complete = s.completer.Complete
		}
		s.errorPage = s.pages(s.app, d)
	}
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

// Serve serves on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting, waits for requests in flight, then cancels
// background work (a reindex) and waits for it, up to ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.app.ShutdownWithContext(ctx)
	s.end()
	done := make(chan struct{})
	go func() {
		s.background.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		if err == nil {
			err = fmt.Errorf("shutdown: background work still running: %w", ctx.Err())
		}
	}
	return err
}

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
	if status >= 500 && status != fiber.StatusServiceUnavailable {
		s.log.Error("request failed", "method", c.Method(), "path", c.Path(), "route", routeOf(c), "err", err)
		if body.Error.Code == corpus.CodeInternal {
			body.Error.Message = "internal error"
		}
	}
	if isPage(routeOf(c)) && s.errorPage != nil {
		return s.errorPage(c, status, body.Error.Message)
	}
	return c.Status(status).JSON(body)
}

// isPage reports a route of the web UI that answers HTML: its errors are
// HTML pages too.
func isPage(route string) bool {
	switch {
	case strings.HasPrefix(route, "/api/"), route == "unmatched", route == "/ac", route == "/metrics",
		route == "/healthz", route == "/readyz", route == "/sw.js", route == "/manifest.webmanifest",
		strings.HasPrefix(route, "/static/"):
		return false
	}
	return true
}

// clientLocal is the fiber local that names the client of a request: a
// key's name or anonymous (set by the guard).
const clientLocal = "lawkb.client"

// routeLocal keeps the template of the route a request matched, set by
// the guard, the first handler of every route that does work.
const routeLocal = "lawkb.route"

// routeOf is the route template a request matched, "unmatched" for none.
// The template is read where the route's own handlers run (the guard);
// afterwards c.Route() may be a middleware's, whose path "/" would be
// mistaken for the search page.
func routeOf(c *fiber.Ctx) string {
	if r, ok := c.Locals(routeLocal).(string); ok {
		return r
	}
	r := c.Route()
	if r == nil || r.Path == "/" {
		return "unmatched"
	}
	return r.Path
}

// observe is the outermost middleware: a panic becomes a 500, every error
// is written by the error handler, and then every response, whatever its
// status, is counted with its route template and client and logged.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	if err := s.run(c); err != nil {
		if herr := s.app.ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	route := routeOf(c)
	client, _ := c.Locals(clientLocal).(string)
	if client == "" {
		client = anonymous
	}
	status := c.Response().StatusCode()
	took := time.Since(start)
	s.metrics.requests.WithLabelValues(c.Method(), route, strconv.Itoa(status), client).Inc()
	s.metrics.duration.WithLabelValues(c.Method(), route).Observe(took.Seconds())
	s.log.Debug("request", "method", c.Method(), "path", c.Path(), "route", route, "client", client,
		"status", status, "ms", float64(took.Microseconds())/1000)
	return nil
}

// run calls the rest of the chain and turns a panic into an error.
func (s *Server) run(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.metrics.panics.Inc()
			s.log.Error("panic", "method", c.Method(), "path", c.Path(), "route", routeOf(c), "panic", fmt.Sprint(r),
				"stack", string(debug.Stack()))
			err = corpus.Errorf(corpus.CodeInternal, "panic: %v", r)
		}
	}()
	return c.Next()
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

func (s *Server) handleOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	return c.Send(openapiSpec)
}
