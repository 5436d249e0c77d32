package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"sort"
	"strings"
	"text/template"

	"github.com/gofiber/fiber/v2"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file served under a content-hashed name, so
// browsers may cache it for a year and a new build is fetched at once.
type asset struct {
	name string // app.css
	url  string // /static/app.3f2a9c1b04.css
	mime string
	body []byte
}

// assets holds the embedded files by name and by hashed URL, plus the
// service worker generated from them.
type assets struct {
	byName  map[string]*asset
	byURL   map[string]*asset
	sw      []byte
	version string // hash over every asset: names the shell cache
}

// loadAssets hashes the embedded files and renders the service worker with
// the shell's URLs. It runs once at Mount.
func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, err
	}
	all := sha256.New()
	var swSrc []byte
	for _, e := range entries {
		body, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		if e.Name() == "sw.js" {
			swSrc = body
			continue
		}
		sum := sha256.Sum256(body)
		h := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(e.Name())
		x := &asset{
			name: e.Name(),
			url:  "/static/" + strings.TrimSuffix(e.Name(), ext) + "." + h + ext,
			mime: mime.TypeByExtension(ext),
			body: body,
		}
		if x.mime == "" {
			x.mime = "application/octet-stream"
		}
		a.byName[x.name] = x
		a.byURL[x.url] = x
		all.Write([]byte(x.url))
	}
	all.Write(swSrc)
	a.version = hex.EncodeToString(all.Sum(nil))[:12]

	shell := []string{"/", "/c", "/offline", "/manifest.webmanifest"}
	for _, x := range a.byName {
		shell = append(shell, x.url)
	}
	sort.Strings(shell)
	shellJSON, err := json.Marshal(shell)
	if err != nil {
		return nil, err
	}
	t, err := template.New("sw").Parse(string(swSrc))
	if err != nil {
		return nil, fmt.Errorf("web: service worker template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, map[string]string{"Version": a.version, "Shell": string(shellJSON)}); err != nil {
		return nil, fmt.Errorf("web: service worker template: %w", err)
	}
	a.sw = buf.Bytes()
	return a, nil
}

// URL returns the hashed URL of a named asset; templates call it as
// {{asset "app.css"}}. An unknown name is a programming error caught by the
// handler tests, so it renders as an obviously broken URL rather than panic.
func (a *assets) URL(name string) string {
	if x, ok := a.byName[name]; ok {
		return x.url
	}
	return "/static/missing/" + name
}

func (a *assets) handleStatic(c *fiber.Ctx) error {
	x, ok := a.byURL[c.Path()]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, x.mime)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(x.body)
}

func (a *assets) handleServiceWorker(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	// The browser checks for a new worker on every navigation only when
	// the script itself is not cached.
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("Service-Worker-Allowed", "/")
	return c.Send(a.sw)
}

// manifest makes the UI installable on a phone's home screen.
func (a *assets) handleManifest(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/manifest+json")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	body, err := json.Marshal(map[string]any{
		"name":             "执法e助理 lawkb",
		"short_name":       "执法e助理",
		"start_url":        "/",
		"display":          "standalone",
		"background_color": "#f6f7f9",
		"theme_color":      "#0b5cad",
		"lang":             "zh-CN",
		"icons":            []map[string]string{{"src": a.URL("icon.svg"), "sizes": "any", "type": "image/svg+xml"}},
	})
	if err != nil {
		return err
	}
	return c.Send(body)
}
