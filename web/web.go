// Package web is lawkb's mobile web UI: server-rendered pages for search,
// articles, documents, enforcement items, case descriptions and trainer
// collections, with a little script, a service worker for offline use, and
// assets embedded under content-hashed names. The api package mounts it on
// its fiber app with Mount.
//
// Routes: / (search; state in the URL), /a/{id} (article or section),
// /a/{id}/diff/{other} (versions compared), /d/{id} (whole document, a long
// one in parts: ?part=N, ?a=第N条 jumps, ?find= finds), /d/{id}/part/{n}
// (one part, for app.js),
// /i/{id} (item card and discretion calculator), /std/{id} (standard), /s (case description →
// legal basis), /c (collections, kept on the phone), POST /c/export
// (Markdown, DOCX, print page), /offline, /ac (autocomplete JSON),
// /sw.js, /manifest.webmanifest, /static/{name}.{hash}.{ext}.
//
// Tests: go test ./web (handlers on a fixture index); go test -tags e2e
// ./web (headless Chromium against lawkb serve; -args -screenshots DIR
// writes the phone-size screenshots); go test -tags corpus ./web (every
// page of the real corpus renders).
package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

// Deps is what the UI needs from the server that mounts it.
type Deps struct {
	// Corpus returns the corpus of the build serving now; nil while no
	// index is loaded. It is called once per request because the server
	// swaps builds while it runs.
	Corpus func() *corpus.Corpus
	// Search answers a search over the build serving now.
	Search func(ctx context.Context, req search.Request) (*search.Result, error)
	// Logger receives render failures; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock that decides whether a version is already in force;
	// nil means time.Now. Tests pin it.
	Now func() time.Time
	// The hooks below are optional: each page appears once the server
	// passes what it needs. (Items need no hook: they come with the corpus.)

	// Suggest answers the case-description page /s; nil: no such page.
	Suggest func(ctx context.Context, req search.SuggestRequest) (*search.SuggestResult, error)
	// Complete answers the search box's autocomplete (/ac); nil: none.
	Complete func(q string, size int) ([]search.Completion, error)
	// Words cuts text into words for the diffs of versions (the
	// segmenter's Cut), so that a diff marks whole words (罚款 → 警告);
	// nil compares characters.
	Words corpus.Tokenizer
	// Guard runs first on every route of the UI: the server's rate limits
	// and admission control, which then see the route's template. nil:
	// none.
	Guard fiber.Handler
	// PublicURL is the address people reach the service at
	// (https://lawkb.example.gov.cn), checked by ParsePublicURL: exported
	// course material links to it. Links are never built from the request's
	// Host header; empty: exports carry no links, only citations.
	PublicURL string
}

// ParsePublicURL checks a configured public base URL and returns it
// without a trailing slash: an absolute http or https URL with a host that
// is not a loopback address, no query, no fragment and no credentials.
func ParsePublicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	p, err := url.Parse(raw)
	if err != nil {
		return "", corpus.Errorf(corpus.CodeInvalid, "public URL %q: %v", raw, err)
	}
	switch {
	case p.Scheme != "http" && p.Scheme != "https":
		return "", corpus.Errorf(corpus.CodeInvalid, "public URL %q: want http:// or https://", raw)
	case p.Host == "" || p.Hostname() == "":
		return "", corpus.Errorf(corpus.CodeInvalid, "public URL %q: no host", raw)
	case p.User != nil || p.RawQuery != "" || p.Fragment != "" || p.Opaque != "":
		return "", corpus.Errorf(corpus.CodeInvalid, "public URL %q: only scheme, host and path", raw)
	case isLoopback(p.Hostname()):
		return "", corpus.Errorf(corpus.CodeInvalid, "public URL %q: a loopback address is no address people can open", raw)
	}
	p.Path = strings.TrimRight(p.Path, "/")
	p.RawPath = ""
	return p.String(), nil
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// ErrorPage writes the UI's HTML error page with status and message; the
// server answers with it the errors of the UI's routes that it raises
// itself (limits, overload, failures).
type ErrorPage func(c *fiber.Ctx, status int, msg string) error

// ui holds the parsed templates and assets shared by the handlers.
type ui struct {
	deps   Deps
	public string // checked PublicURL
	log    *slog.Logger
	assets *assets
	pages  map[string]*pageTemplate
	now    func() time.Time
	words  corpus.Tokenizer // Deps.Words, or characters
}

// Mount registers the UI's routes on r and returns its error page. It
// panics only when the embedded templates or assets are broken, which the
// package's tests catch first.
func Mount(r fiber.Router, d Deps) ErrorPage {
	u, err := newUI(d)
	if err != nil {
		panic(err)
	}
	u.routes(r)
	return u.renderError
}

func newUI(d Deps) (*ui, error) {
	u := &ui{deps: d, log: d.Logger, now: d.Now, words: d.Words}
	if u.words == nil {
		u.words = func(string) []string { return nil }
	}
	if u.log == nil {
		u.log = slog.Default()
	}
	var err error
	if u.public, err = ParsePublicURL(d.PublicURL); err != nil {
		return nil, err
	}
	if u.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if u.pages, err = parsePages(u.assets); err != nil {
		return nil, err
	}
	return u, nil
}

// routes is the UI's route table; each route compresses its own responses
// so that the JSON API's behaviour is left as the api package set it.
func (u *ui) routes(r fiber.Router) {
	z := compress.New(compress.Config{Level: compress.LevelBestSpeed})
	h := func(handler fiber.Handler) []fiber.Handler {
		if u.deps.Guard != nil {
			return []fiber.Handler{u.deps.Guard, z, handler}
		}
		return []fiber.Handler{z, handler}
	}
	r.Get("/", h(u.handleSearch)...)
	r.Get("/a/:id", h(u.handleArticle)...)
	r.Get("/a/:id/diff/:other", h(u.handleDiff)...)
	r.Get("/d/:id", h(u.handleDocument)...)
	r.Get("/d/:id/part/:k", h(u.handleDocumentPart)...)
	r.Get("/i/:id", h(u.handleItem)...)
	r.Get("/std/:id", h(u.handleStandard)...)
	r.Get("/s", h(u.handleSuggest)...)
	r.Post("/s", h(u.handleSuggest)...)
	r.Get("/ac", h(u.handleComplete)...)
	r.Get("/c", h(u.handleCollection)...)
	r.Post("/c/export", h(u.handleExport)...)
	r.Get("/offline", h(u.handleOffline)...)
	r.Get("/sw.js", h(u.assets.handleServiceWorker)...)
	r.Get("/manifest.webmanifest", h(u.assets.handleManifest)...)
	r.Get("/static/:name", h(u.assets.handleStatic)...)
}

// page is what every template receives: the layout's fields and the page's
// own view model in Body.
type page struct {
	FontSize  string // "", l or xl: the reader's font-size setting (cookie lawkb_fs)
	Suggest   bool   // the server answers case descriptions: the header links to /s
	Title     string
	Name      string // search, article, document, collection, …: body data-page
	Canonical string
	NoIndex   bool
	Body      any
}

// render writes a full HTML page. Pages that depend on the index are
// cacheable only briefly: a reindex may change them.
func (u *ui) render(c *fiber.Ctx, status int, p page) error {
	t, ok := u.pages[p.Name]
	if !ok {
		return corpus.Errorf(corpus.CodeInternal, "web: no template %q", p.Name)
	}
	p.FontSize, p.Suggest = fontSize(c), u.deps.Suggest != nil
	var buf bytes.Buffer
	if err := t.execute(&buf, p); err != nil {
		u.log.Error("web: render failed", "page", p.Name, "path", c.Path(), "err", err)
		return u.renderError(c, fiber.StatusInternalServerError, "页面生成失败，请稍后再试。")
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	setPageHeaders(c)
	c.Status(status)
	return c.Send(buf.Bytes())
}

// fontSizeCookie carries the reader's font-size setting, set by app.js,
// so that every page renders at that size from its first paint.
const fontSizeCookie = "lawkb_fs"

// fontSize reads the setting: "" (standard), l or xl; anything else is "".
func fontSize(c *fiber.Ctx) string {
	switch v := c.Cookies(fontSizeCookie); v {
	case "l", "xl":
		return v
	}
	return ""
}

// contentSecurityPolicy allows only the UI's own files: no inline script,
// so a snippet or a posted collection that slipped past escaping still
// could not run.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func setPageHeaders(c *fiber.Ctx) {
	// Pages differ by the region and font-size cookies.
	c.Vary(fiber.HeaderCookie)
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "same-origin")
}

// errorView is the body of the error page.
type errorView struct {
	Status  int
	Message string
}

// renderError answers an HTML page, never the API's JSON: the UI's users
// are people with a browser.
func (u *ui) renderError(c *fiber.Ctx, status int, msg string) error {
	t := u.pages["error"]
	var buf bytes.Buffer
	if err := t.execute(&buf, page{Title: "出错了", Name: "error", NoIndex: true, FontSize: fontSize(c), Suggest: u.deps.Suggest != nil,
		Body: errorView{Status: status, Message: msg}}); err != nil {
		u.log.Error("web: render error page", "err", err)
		return c.Status(status).SendString(msg)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	setPageHeaders(c)
	return c.Status(status).Send(buf.Bytes())
}

// renderErr maps a lawkb error to an HTML error page with its status.
func (u *ui) renderErr(c *fiber.Ctx, err error) error {
	switch corpus.ErrorCode(err) {
	case corpus.CodeInvalid:
		return u.renderError(c, fiber.StatusBadRequest, err.Error())
	case corpus.CodeNotFound:
		return u.renderError(c, fiber.StatusNotFound, err.Error())
	case corpus.CodeUnavailable:
		return u.renderError(c, fiber.StatusServiceUnavailable, "索引尚未就绪，请稍后再试。")
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return u.renderError(c, fe.Code, fe.Message)
	}
	u.log.Error("web: request failed", "path", c.Path(), "err", err)
	return u.renderError(c, fiber.StatusInternalServerError, "服务器内部错误。")
}

// searchFunc is Deps.Search.
type searchFunc = func(ctx context.Context, req search.Request) (*search.Result, error)

// backend returns the searcher and corpus serving now, or an unavailable
// error.
func (u *ui) backend() (searchFunc, *corpus.Corpus, error) {
	if u.deps.Corpus == nil || u.deps.Search == nil {
		return nil, nil, corpus.Errorf(corpus.CodeUnavailable, "web: no backend")
	}
	c := u.deps.Corpus()
	if c == nil {
		return nil, nil, corpus.Errorf(corpus.CodeUnavailable, "web: no index loaded yet")
	}
	return u.deps.Search, c, nil
}

// param copies a route parameter and unescapes it: ids may carry Chinese
// characters, which browsers send percent-encoded.
func param(c *fiber.Ctx, name string) string {
	v := strings.Clone(c.Params(name))
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// query copies a trimmed query parameter; fiber reuses its buffers.
func query(c *fiber.Ctx, name string) string {
	return strings.TrimSpace(strings.Clone(c.Query(name)))
}

// publicLink is the absolute link to a page of the UI (a path from
// articleHref and the like) at the configured public URL; "" when none is
// configured.
func (u *ui) publicLink(path string) string {
	if u.public == "" || path == "" {
		return ""
	}
	return u.public + path
}
