package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/api"
)

// fuzzTarget is a server on the fixture index for every input of one
// fuzz target (the index stays open until f ends), without rate limits or
// admission waits in the way.
func fuzzTarget(f *testing.F) *api.Server {
	return newAPI(api.Config{Index: fixtureIndex(f), Limits: api.Limits{AddressRate: -1, Concurrent: 64, Queue: 64}})
}

// fuzzRoutes are the GET routes whose query strings the fuzzer writes.
var fuzzRoutes = []string{"/api/v1/search", "/api/v1/items", "/api/v1/cite", "/api/v1/autocomplete", "/", "/s", "/ac"}

func noServerError(t *testing.T, s *api.Server, req *http.Request) {
	resp, err := s.App().Test(req, -1)
	if err != nil {
		return // a request fasthttp refuses to read is not answered at all
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Fatalf("%s %q: %d %.300s", req.Method, req.URL.RawQuery, resp.StatusCode, body)
	}
}

// FuzzQueryString sends any query string to every route that reads one:
// the request decoders of search, items, cite, autocomplete and the pages.
func FuzzQueryString(f *testing.F) {
	for _, seed := range []string{"q=罚款", "q=罚款&page=4611686018427387905&size=2", "q=处罚法32&as_of=2020-01-01&in=温州",
		"q=占道&type=item&domain=城市管理", "q=%ff&kind=法律", "text=摆摊&region=浙江/温州", "q=zdjy&size=5", "page=-1&size=0"} {
		for i := range fuzzRoutes {
			f.Add(uint8(i), seed)
		}
	}
	s := fuzzTarget(f)
	f.Fuzz(func(t *testing.T, route uint8, raw string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = fuzzRoutes[int(route)%len(fuzzRoutes)]
		req.URL.RawQuery = raw
		req.RequestURI = req.URL.RequestURI()
		noServerError(t, s, req)
	})
}

// FuzzSuggestBody posts any body to suggest-basis.
func FuzzSuggestBody(f *testing.F) {
	for _, seed := range []string{`{"text":"在人行道上摆摊卖水果","region":"浙江/温州"}`, `{"text":"x","size":21}`,
		`{"text":"摆摊","date":"2020-02-30"}`, `[`, `null`, ``, `{"text":"\u0000"}`} {
		f.Add(seed)
	}
	s := fuzzTarget(f)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/suggest-basis", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		noServerError(t, s, req)
	})
}

// FuzzDiscretionBody posts any body to the discretion calculator of every
// item of the fixture.
func FuzzDiscretionBody(f *testing.F) {
	for _, seed := range []string{`{"first_violation":true,"corrected_in_time":true,"harm":"minor"}`, `{"repeat_count":-1}`,
		`{"factors":{"整改情况":"限期内改正"}}`, `{"harm":"x"}`, `{`, ``} {
		f.Add(seed)
	}
	s := fuzzTarget(f)
	f.Fuzz(func(t *testing.T, body string) {
		for _, it := range s.Index().Corpus().Items {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/items/"+it.ID+"/discretion", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			noServerError(t, s, req)
		}
	})
}

// FuzzParseKeys reads any keys file: an error or keys, never a panic.
func FuzzParseKeys(f *testing.F) {
	f.Add("case " + strings.Repeat("ab", 32) + " 600 /api/v1/search,/api/v1/items\n# c\n")
	f.Add("a b c d\n")
	f.Add("x " + strings.Repeat("0", 64) + " - *")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(dir, "keys")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		keys, err := api.ParseKeys(p)
		if err == nil && len(keys) == 0 {
			t.Fatal("no error and no key")
		}
	})
}
