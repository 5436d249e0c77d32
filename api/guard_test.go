package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/api"
)

// send runs one request and returns its status, Content-Type, body and
// Retry-After.
func send(t *testing.T, s *api.Server, method, target string, header ...string) (int, string, string, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(`{"text":"在人行道上摆摊"}`)
	}
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.App().Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b), resp.Header.Get("Retry-After")
}

func metricsText(t *testing.T, s *api.Server) string {
	t.Helper()
	_, _, body, _ := send(t, s, http.MethodGet, "/metrics")
	return body
}

func hashOf(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

func writeKeys(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKeys: with a keys file the API answers client systems with a key,
// each on its endpoints and within its rate, named in the metrics; the
// phone UI's pages still need none.
func TestKeys(t *testing.T) {
	path := writeKeys(t,
		"# name  sha256  rate  endpoints",
		"case-system "+hashOf("s3cret-case")+" 600 /api/v1/search,/api/v1/items",
		"tiny        "+hashOf("s3cret-tiny")+" 6   *",
	)
	keys, err := api.ParseKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	s := newAPI(api.Config{Index: fixtureIndex(t), Keys: keys})
	search := q("/api/v1/search", "q", "罚款")
	for _, tc := range []struct {
		name, target string
		header       []string
		status       int
	}{
		{"no key", search, nil, 401},
		{"wrong key", search, []string{"X-API-Key", "guess"}, 401},
		{"key", search, []string{"X-API-Key", "s3cret-case"}, 200},
		{"bearer", search, []string{"Authorization", "Bearer s3cret-case"}, 200},
		{"endpoint not allowed", q("/api/v1/cite", "q", "市容管理法第二条"), []string{"X-API-Key", "s3cret-case"}, 403},
		{"page without key", "/", nil, 200},
		{"search page without key", q("/", "q", "罚款"), nil, 200},
		{"openapi without key", "/api/v1/openapi.yaml", nil, 200},
	} {
		status, ctype, body, _ := send(t, s, http.MethodGet, tc.target, tc.header...)
		if status != tc.status {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
		if status >= 400 && !strings.HasPrefix(ctype, "application/json") {
			t.Errorf("%s: error as %s", tc.name, ctype)
		}
	}
	// tiny: 6 a minute, a burst of 5.
	var last int
	var retry string
	for range 6 {
		last, _, _, retry = send(t, s, http.MethodGet, q("/api/v1/cite", "q", "市容管理法第二条"), "X-API-Key", "s3cret-tiny")
	}
	if last != 429 || retry == "" {
		t.Errorf("6th request of a key of 6 a minute: %d, Retry-After %q; want 429 with Retry-After", last, retry)
	}
	m := metricsText(t, s)
	for _, want := range []string{
		`lawkb_http_requests_total{client="case-system",method="GET",route="/api/v1/search",status="200"} 2`,
		`lawkb_http_requests_total{client="case-system",method="GET",route="/api/v1/cite",status="403"} 1`,
		`lawkb_http_requests_total{client="tiny",method="GET",route="/api/v1/cite",status="429"} 1`,
		`lawkb_http_requests_total{client="anonymous",method="GET",route="/api/v1/search",status="401"} 2`,
		`lawkb_http_rejected_total{client="tiny",reason="rate"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestParseKeysErrors(t *testing.T) {
	for _, lines := range [][]string{
		{"# nothing"},
		{"a " + hashOf("x") + " 10"},
		{"a nothex 10 *"},
		{"a " + hashOf("x") + " -3 *"},
		{"a " + hashOf("x") + " 10 *", "a " + hashOf("y") + " 10 *"},
	} {
		if _, err := api.ParseKeys(writeKeys(t, lines...)); err == nil {
			t.Errorf("ParseKeys(%q) accepted", lines)
		}
	}
}

// TestAddressRate: without a key, one address is limited, on the API with
// JSON and on pages with HTML; static files are never counted.
func TestAddressRate(t *testing.T) {
	s := newAPI(api.Config{Index: fixtureIndex(t), Limits: api.Limits{AddressRate: 6}})
	codes := map[int]int{}
	for range 5 {
		status, _, _, _ := send(t, s, http.MethodGet, q("/api/v1/search", "q", "罚款"))
		codes[status]++
	}
	status, ctype, _, retry := send(t, s, http.MethodGet, q("/api/v1/search", "q", "罚款"))
	if codes[200] != 5 || status != 429 || retry == "" || !strings.HasPrefix(ctype, "application/json") {
		t.Errorf("statuses %v then %d %s Retry-After %q; want 5 × 200 then a 429 JSON with Retry-After", codes, status, ctype, retry)
	}
	if status, ctype, _, _ := send(t, s, http.MethodGet, q("/", "q", "罚款")); status != 429 || !strings.HasPrefix(ctype, "text/html") {
		t.Errorf("search page over the rate: %d %s, want a 429 page", status, ctype)
	}
	if status, _, _, _ := send(t, s, http.MethodGet, "/sw.js"); status != 200 {
		t.Errorf("sw.js over the rate: %d", status)
	}
}

// TestAdminAttempts: wrong admin keys are counted per address; past the
// limit even the right key waits.
func TestAdminAttempts(t *testing.T) {
	s := newAPI(api.Config{Index: fixtureIndex(t), AdminKey: "admin-secret", Rebuild: func(ctx context.Context) error { return nil }})
	if status, _, body, _ := send(t, s, http.MethodPost, "/api/v1/admin/reindex", "X-API-Key", "admin-secret"); status != 202 {
		t.Fatalf("right admin key: %d %s", status, body)
	}
	for i := range api.DefaultAdminAttempts {
		if status, _, _, _ := send(t, s, http.MethodPost, "/api/v1/admin/reindex", "X-API-Key", "wrong"); status != 401 {
			t.Fatalf("wrong admin key %d: %d, want 401", i+1, status)
		}
	}
	status, _, _, retry := send(t, s, http.MethodPost, "/api/v1/admin/reindex", "X-API-Key", "admin-secret")
	if status != 429 || retry == "" {
		t.Errorf("after %d wrong keys: %d Retry-After %q, want 429", api.DefaultAdminAttempts, status, retry)
	}
}

// TestOverload: with every slot taken and the queue full, searches and
// search pages answer 503 with Retry-After at once; cheap lookups still
// answer.
func TestOverload(t *testing.T) {
	s := newAPI(api.Config{Index: fixtureIndex(t), Limits: api.Limits{Concurrent: 1, Queue: 1}})
	release := s.Guard().Fill()
	for _, tc := range []struct{ target, ctype string }{
		{q("/api/v1/search", "q", "罚款"), "application/json"},
		{q("/api/v1/items", "q", "占道"), "application/json"},
		{q("/", "q", "罚款"), "text/html"},
	} {
		status, ctype, body, retry := send(t, s, http.MethodGet, tc.target)
		if status != 503 || retry != "1" || !strings.HasPrefix(ctype, tc.ctype) {
			t.Errorf("%s while full: %d %s Retry-After %q %.100s", tc.target, status, ctype, retry, body)
		}
	}
	if status, _, _, _ := send(t, s, http.MethodGet, q("/api/v1/cite", "q", "市容管理法第二条")); status != 200 {
		t.Errorf("cite while full: %d", status)
	}
	release()
	if status, _, _, _ := send(t, s, http.MethodGet, q("/api/v1/search", "q", "罚款")); status != 200 {
		t.Errorf("search after the load: %d", status)
	}
	if !strings.Contains(metricsText(t, s), `lawkb_http_rejected_total{client="anonymous",reason="overload"} 3`) {
		t.Error("metrics lack the 3 overload rejections")
	}
}

// TestAdmitQueue: a request waits in the queue for a slot; when the queue
// is full the next is turned away without waiting.
func TestAdmitQueue(t *testing.T) {
	s := newAPI(api.Config{Index: fixtureIndex(t), Limits: api.Limits{Concurrent: 1, Queue: 1, QueueWait: time.Hour}})
	g := s.Guard()
	first, ok := g.Admit()
	if !ok {
		t.Fatal("first request not admitted")
	}
	got := make(chan bool)
	go func() {
		rel, ok := g.Admit()
		if ok {
			rel()
		}
		got <- ok
	}()
	for g.Queued() == 0 { // the second request is waiting
		runtime.Gosched()
	}
	if _, ok := g.Admit(); ok {
		t.Error("a third request was admitted past a full queue")
	}
	first()
	if !<-got {
		t.Error("the queued request was not admitted when the slot freed")
	}
}

// TestEveryResponseCounted: 404s, 500s and panics are counted with their
// route template, web pages too; a panic on a page answers an HTML page.
func TestEveryResponseCounted(t *testing.T) {
	s := api.NewWithRoutes(withUI(api.Config{Index: fixtureIndex(t)}), func(r fiber.Router) {
		r.Get("/api/v1/boom/:n", func(c *fiber.Ctx) error { panic("boom") })
		r.Get("/p/boom", func(c *fiber.Ctx) error { var m map[string]int; m["x"] = 1; return nil })
	})
	status, ctype, body, _ := send(t, s, http.MethodGet, "/api/v1/boom/1")
	if status != 500 || !strings.HasPrefix(ctype, "application/json") || strings.Contains(body, "boom") {
		t.Errorf("API panic: %d %s %s; want a 500 JSON that does not leak the panic", status, ctype, body)
	}
	if status, ctype, _, _ := send(t, s, http.MethodGet, "/p/boom"); status != 500 || !strings.HasPrefix(ctype, "text/html") {
		t.Errorf("page panic: %d %s; want a 500 page", status, ctype)
	}
	send(t, s, http.MethodGet, "/")
	send(t, s, http.MethodGet, q("/", "q", "罚款"))
	send(t, s, http.MethodGet, "/a/no-such-article")
	send(t, s, http.MethodGet, "/no/such/page")
	m := metricsText(t, s)
	for _, want := range []string{
		`lawkb_http_requests_total{client="anonymous",method="GET",route="/api/v1/boom/:n",status="500"} 1`,
		`lawkb_http_requests_total{client="anonymous",method="GET",route="/p/boom",status="500"} 1`,
		`lawkb_http_requests_total{client="anonymous",method="GET",route="/",status="200"} 2`,
		`lawkb_http_requests_total{client="anonymous",method="GET",route="/a/:id",status="404"} 1`,
		`lawkb_http_requests_total{client="anonymous",method="GET",route="unmatched",status="404"} 1`,
		`lawkb_http_panics_total 2`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestShutdownEndsReindex: a reindex lives as long as the server; Shutdown
// cancels it and returns only when it has ended.
func TestShutdownEndsReindex(t *testing.T) {
	started := make(chan struct{})
	var ended atomic.Bool
	s := newAPI(api.Config{Index: fixtureIndex(t), AdminKey: "admin-secret", Rebuild: func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		time.Sleep(50 * time.Millisecond) // a build's clean-up
		ended.Store(true)
		return ctx.Err()
	}})
	if status, _, body, _ := send(t, s, http.MethodPost, "/api/v1/admin/reindex", "X-API-Key", "admin-secret"); status != 202 {
		t.Fatalf("reindex: %d %s", status, body)
	}
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the rebuild did not start")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if !ended.Load() {
		t.Error("Shutdown returned while the rebuild was still running")
	}
}
