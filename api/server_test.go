package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/web"
)

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  error
)

// fixtureIndex builds the index of testdata/corpus once per test binary.
func fixtureIndex(t testing.TB) *indexer.Index {
	t.Helper()
	fixtureOnce.Do(func() {
		c, err := corpus.Load(context.Background(), "testdata/corpus", corpus.LoadOptions{})
		if err != nil {
			fixtureErr = err
			return
		}
		// as lawkb index does: citations linked, items derived
		if _, fixtureErr = corpus.Link(c); fixtureErr != nil {
			return
		}
		items, _ := corpus.DeriveItems(c, nil)
		c.SetItems(items)
		dir, err := mkdtemp()
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureDir = dir
		_, fixtureErr = indexer.Build(context.Background(), c, dir, indexer.BuildOptions{})
	})
	if fixtureErr != nil {
		t.Fatalf("fixture index: %v", fixtureErr)
	}
	idx, err := indexer.Open(fixtureDir)
	if err != nil {
		t.Fatalf("open fixture index: %v", err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

func newServer(t *testing.T) *api.Server {
	t.Helper()
	return newAPI(api.Config{Index: fixtureIndex(t)})
}

// get runs one request through the fiber app and decodes the JSON body.
func get(t *testing.T, s *api.Server, target string, into any) int {
	t.Helper()
	return do(t, s, httptest.NewRequest(http.MethodGet, target, nil), into)
}

func do(t *testing.T, s *api.Server, req *http.Request, into any) int {
	t.Helper()
	resp, err := s.App().Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if into != nil {
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s: content type %q, body %s", req.URL, ct, body)
		}
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("%s: decode %s: %v", req.URL, body, err)
		}
	}
	return resp.StatusCode
}

type searchBody struct {
	Total  int      `json:"total"`
	TookMS *float64 `json:"took_ms"`
	Plan   string   `json:"plan"`
	Hits   []struct {
		ID, Type, Title, Article, Kind, Level, Region, Status, Source, Snippet string
		WorkID                                                                 string  `json:"work_id"`
		ArticleNo                                                              int     `json:"article_no"`
		ValidFrom                                                              *string `json:"valid_from"`
		ValidTo                                                                *string `json:"valid_to"`
		Score                                                                  float64
	} `json:"hits"`
	Facets map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
}

type errBody struct {
	Error struct{ Code, Message string } `json:"error"`
}

func q(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}

func TestSearch(t *testing.T) {
	s := newServer(t)
	var r searchBody
	if code := get(t, s, q("/api/v1/search", "q", "占道经营"), &r); code != 200 {
		t.Fatalf("status %d", code)
	}
	if r.Total == 0 || len(r.Hits) == 0 {
		t.Fatalf("no hits for 占道经营: %+v", r)
	}
	if r.TookMS == nil {
		t.Error("took_ms missing")
	}
	for _, h := range r.Hits {
		if h.Status != string(corpus.StatusInForce) {
			t.Errorf("hit %s status %q: default must be 现行有效", h.ID, h.Status)
		}
		if h.Source == "" || strings.HasPrefix(h.Source, "/") || h.Title == "" || h.WorkID == "" {
			t.Errorf("hit %s lacks provenance: %+v", h.ID, h)
		}
		if h.Type == "article" && (h.Article == "" || h.ArticleNo == 0) {
			t.Errorf("article hit %s without label/number", h.ID)
		}
	}
	if !strings.Contains(r.Hits[0].Snippet, "<mark>") {
		t.Errorf("first snippet has no <mark>: %q", r.Hits[0].Snippet)
	}
	for _, f := range []string{"kind", "level", "region", "status", "year"} {
		if _, ok := r.Facets[f]; !ok {
			t.Errorf("facet %s missing", f)
		}
	}
	// The 温州 regulation and the national law both speak of 占道经营.
	regions := map[string]bool{}
	for _, v := range r.Facets["region"] {
		regions[v.Value] = true
	}
	if !regions["全国"] || !regions["浙江/温州"] {
		t.Errorf("region facet %+v: want 全国 and 浙江/温州", r.Facets["region"])
	}
}

func TestSearchFiltersAndVersions(t *testing.T) {
	s := newServer(t)
	var r searchBody
	get(t, s, q("/api/v1/search", "q", "占道经营", "region", "浙江"), &r)
	if r.Total == 0 {
		t.Fatal("region=浙江 found nothing; want the 温州 regulation (hierarchy)")
	}
	for _, h := range r.Hits {
		if !strings.HasPrefix(h.Region, "浙江") {
			t.Errorf("region=浙江 returned %s from %q", h.ID, h.Region)
		}
	}
	// In 2018 only the 2015 version of the national law was in force: its 第三条 fines 50–200 yuan.
	var old searchBody
	get(t, s, q("/api/v1/search", "q", "占道经营 罚款", "as_of", "2018-01-01", "kind", "法律"), &old)
	if old.Total == 0 {
		t.Fatal("as_of=2018-01-01 found nothing")
	}
	for _, h := range old.Hits {
		if h.ValidFrom == nil || *h.ValidFrom > "2018-01-01" || h.Status != string(corpus.StatusAmended) {
			t.Errorf("as_of 2018 returned %s valid_from %v status %s", h.ID, h.ValidFrom, h.Status)
		}
	}
	var none searchBody
	if code := get(t, s, q("/api/v1/search", "q", "量子纠缠"), &none); code != 200 || none.Total != 0 || none.Hits == nil {
		t.Errorf("no-match query: status %d total %d hits %v; want 200, 0, []", code, none.Total, none.Hits)
	}
}

func TestBadRequests(t *testing.T) {
	s := newServer(t)
	for _, target := range []string{
		q("/api/v1/search", "q", "罚款", "size", "0"),
		q("/api/v1/search", "q", "罚款", "size", "1000"),
		q("/api/v1/search", "q", "罚款", "page", "abc"),
		q("/api/v1/search", "q", "罚款", "as_of", "2021-13-45"),
		q("/api/v1/search", "q", "罚款", "status", "有效吧"),
	} {
		var e errBody
		if code := get(t, s, target, &e); code != 400 || e.Error.Code != "invalid" || e.Error.Message == "" {
			t.Errorf("%s: status %d body %+v; want 400 invalid with a message", target, code, e)
		}
	}
	var e errBody
	if code := get(t, s, "/api/v1/articles/nope", &e); code != 404 || e.Error.Code != "not_found" {
		t.Errorf("unknown article: %d %+v", code, e)
	}
	if code := get(t, s, "/api/v1/nowhere", &e); code != 404 {
		t.Errorf("unknown route: %d", code)
	}
}

func TestArticleAndDocument(t *testing.T) {
	s := newServer(t)
	var r searchBody
	get(t, s, q("/api/v1/search", "q", "临时集市"), &r)
	if len(r.Hits) == 0 {
		t.Fatal("临时集市 not found")
	}
	var a struct {
		ID, Article, Title, Status, Source, Text, VersionID string
		ArticleNo                                           int `json:"article_no"`
		Paragraphs                                          []corpus.Paragraph
		VersionIDJSON                                       string `json:"version_id"`
	}
	if code := get(t, s, "/api/v1/articles/"+r.Hits[0].ID, &a); code != 200 {
		t.Fatalf("article %s: %d", r.Hits[0].ID, code)
	}
	if a.Article != "第二条" || a.ArticleNo != 2 || len(a.Paragraphs) != 2 || len(a.Paragraphs[1].Items) != 2 {
		t.Errorf("article: %+v; want 第二条 with 2 款, the second with 2 项", a)
	}
	var d struct {
		ID       string
		Title    string
		Articles []struct{ ID, Anchor, Article string }
		Versions []struct {
			Status string
		}
	}
	if code := get(t, s, "/api/v1/documents/"+a.VersionIDJSON, &d); code != 200 {
		t.Fatalf("document %s: %d", a.VersionIDJSON, code)
	}
	if len(d.Articles) != 4 || d.Articles[1].Anchor != "a-2" || len(d.Versions) != 2 {
		t.Errorf("document: %+v", d)
	}
	if d.Versions[0].Status != string(corpus.StatusAmended) || d.Versions[1].Status != string(corpus.StatusInForce) {
		t.Errorf("version statuses %+v", d.Versions)
	}
}

func TestStatsHealthMetrics(t *testing.T) {
	s := newServer(t)
	var st struct {
		Works, Versions, Articles int
		IndexBytes                int64  `json:"index_bytes"`
		BuiltAt                   string `json:"built_at"`
	}
	get(t, s, "/api/v1/stats", &st)
	if st.Works != 2 || st.Versions != 3 || st.Articles != 10 || st.IndexBytes <= 0 || st.BuiltAt == "" {
		t.Errorf("stats %+v; want 2 works, 3 versions, 10 articles, index bytes, built_at", st)
	}
	var h map[string]string
	if code := get(t, s, "/healthz", &h); code != 200 || h["status"] != "ok" {
		t.Errorf("healthz %d %v", code, h)
	}
	var ready struct{ Status, Build, Check string }
	if code := get(t, s, "/readyz", &ready); code != 200 || ready.Status != "ready" || ready.Check != "full" || ready.Build != s.Index().Meta().Dir {
		t.Errorf("readyz %d %+v", code, ready)
	}
	get(t, s, q("/api/v1/search", "q", "罚款"), nil)
	get(t, s, q("/api/v1/search", "q", "罚款"), nil) // from the result cache
	resp, err := s.App().Test(httptest.NewRequest(http.MethodGet, "/metrics", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{`lawkb_http_requests_total{client="anonymous",method="GET",route="/api/v1/search",status="200"}`, "lawkb_search_queries_total",
		`lawkb_cache_hits_total{cache="search"} 1`, `lawkb_cache_misses_total{cache="search"} 1`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	empty := api.New(api.Config{})
	var e errBody
	if code := get(t, empty, "/healthz", &e); code != 503 || e.Error.Code != "unavailable" {
		t.Errorf("healthz without index: %d %+v", code, e)
	}
	if code := get(t, empty, "/readyz", &e); code != 503 || e.Error.Code != "unavailable" {
		t.Errorf("readyz without index: %d %+v", code, e)
	}
}

func TestSearchCitationFirst(t *testing.T) {
	s := newServer(t)
	type cited struct {
		Hits []struct {
			ID, Article, Snippet string
			Cited                *struct {
				Text            string
				Paragraph, Item int
			}
		}
		Cited *struct{ Text string }
	}
	for _, tc := range []struct {
		q, article, mark string
		para, item       int
	}{
		{"市容管理法第二条第二款第（一）项", "第二条", "<mark>（一）经批准的临时集市；</mark>", 2, 1},
		{"《中华人民共和国市容管理法》第三条", "第三条", "", 0, 0},
		{"市容管理法3 罚款", "第三条", "", 0, 0},
	} {
		var r cited
		if code := get(t, s, q("/api/v1/search", "q", tc.q), &r); code != 200 {
			t.Fatalf("%s: status %d", tc.q, code)
		}
		if len(r.Hits) == 0 || r.Hits[0].Cited == nil || r.Hits[0].Article != tc.article || r.Cited == nil {
			t.Errorf("%s: first hit %+v; want the cited %s marked as cited", tc.q, r.Hits, tc.article)
			continue
		}
		h := r.Hits[0]
		if h.Cited.Paragraph != tc.para || h.Cited.Item != tc.item || !strings.Contains(h.Snippet, tc.mark) {
			t.Errorf("%s: cited %+v snippet %q; want 款 %d 项 %d marked %q", tc.q, h.Cited, h.Snippet, tc.para, tc.item, tc.mark)
		}
		for _, x := range r.Hits[1:] {
			if x.ID == h.ID {
				t.Errorf("%s: the cited article appears twice", tc.q)
			}
		}
	}
	// In 2018 the 2015 text was in force: the citation lands there.
	var old struct {
		Hits []struct {
			ID     string
			Status string
			Cited  *struct{ Text string }
		}
	}
	get(t, s, q("/api/v1/search", "q", "市容管理法第三条", "as_of", "2018-01-01"), &old)
	if len(old.Hits) == 0 || old.Hits[0].Cited == nil || !strings.Contains(old.Hits[0].ID, "-20150301-3") {
		t.Errorf("as_of 2018: first hit %+v; want 第三条 of the 2015 version", old.Hits)
	}
	var plain struct{ Cited *struct{ Text string } }
	get(t, s, q("/api/v1/search", "q", "占道经营"), &plain)
	if plain.Cited != nil {
		t.Errorf("a query without a citation got cited %+v", plain.Cited)
	}
}

func TestSearchAppliesIn(t *testing.T) {
	s := newServer(t)
	regions := func(in string) map[string]bool {
		var r searchBody
		if code := get(t, s, q("/api/v1/search", "q", "占道经营", "in", in), &r); code != 200 {
			t.Fatalf("in=%s: status %d", in, code)
		}
		out := map[string]bool{}
		for _, h := range r.Hits {
			out[h.Region] = true
		}
		return out
	}
	if got := regions("温州"); !got["全国"] || !got["浙江/温州"] {
		t.Errorf("in=温州 regions %v: want the national law and the 温州 regulation", got)
	}
	if got := regions("上海"); !got["全国"] || got["浙江/温州"] {
		t.Errorf("in=上海 regions %v: want the national law only", got)
	}
	var e errBody
	if code := get(t, s, q("/api/v1/search", "q", "占道经营", "in", "火星"), &e); code != 400 {
		t.Errorf("in=火星: status %d; want 400", code)
	}
}

// newAPI is api.New with the web UI mounted the way cmd/lawkb mounts it,
// for the tests that cover pages next to the JSON API.
func newAPI(cfg api.Config) *api.Server { return api.New(withUI(cfg)) }

func withUI(cfg api.Config) api.Config {
	cfg.Pages = func(r fiber.Router, d api.PageDeps) api.ErrorPage {
		return api.ErrorPage(web.Mount(r, web.Deps{Corpus: d.Corpus, Search: d.Search, Suggest: d.Suggest, Complete: d.Complete, Guard: d.Guard, Logger: d.Logger}))
	}
	return cfg
}
