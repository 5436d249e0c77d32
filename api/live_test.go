package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/crawler"
	"github.com/lawkb/lawkb/indexer"
)

var liveFetched = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// liveServer serves an index of testdata/live (a law naming a standard, a
// case citing it, the standards catalogue) plus one crawled regulation,
// built with crawlDirs recorded as its crawl sources.
func liveServer(t *testing.T, crawlDirs ...string) *api.Server {
	t.Helper()
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	crawled := corpus.Input{
		Path: "crawl:wz/示例市养犬管理规定(2022-03-01).md", Kind: corpus.KindLocalRegulation,
		Region: corpus.Region{Province: "浙江", City: "温州"}, Issuer: "示例市人大常委会",
		Data:   []byte("# 示例市养犬管理规定\n\n<!-- INFO END -->\n\n第一条 携犬出户的，应当为犬只束牵引绳。\n"),
		Origin: &corpus.Origin{Source: "wz", URL: "http://wz.test/fg/1.html", FetchedAt: liveFetched},
	}
	c, err := corpus.Load(ctx, "testdata/live/lawrefbook", corpus.LoadOptions{
		Logger: quiet, Inputs: []corpus.Input{crawled}, Standards: "testdata/live/standards",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if _, err := indexer.Build(ctx, c, root, indexer.BuildOptions{Logger: quiet, Sources: indexer.Sources{Crawls: crawlDirs}}); err != nil {
		t.Fatal(err)
	}
	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return api.New(api.Config{Index: x, Logger: quiet, Sources: crawlReports})
}

// crawlReports reads a crawl directory's reports as cmd/lawkb wires them.
func crawlReports(dir string) ([]api.SourceReport, error) {
	reps, err := crawler.ReadSources(dir)
	if err != nil {
		return nil, err
	}
	out := make([]api.SourceReport, len(reps))
	for i, r := range reps {
		out[i] = api.SourceReport{Name: r.Name, Report: r}
	}
	return out, nil
}

func TestArticleStandardsAndCases(t *testing.T) {
	s := liveServer(t)
	law := corpus.WorkID("示例噪声管理法") + "-20200101"
	caseID := corpus.WorkID("示例夜间施工噪声案") + "-0"
	type std struct {
		ID, Code, Status string
	}
	type cs struct {
		ID        string `json:"id"`
		SectionID string `json:"section_id"`
		Title     string `json:"title"`
		Heading   string `json:"heading"`
		Topic     string `json:"topic"`
	}
	tests := []struct {
		article   string
		standards []std
		cases     []cs
	}{
		{law + "-1", []std{}, []cs{}},
		{law + "-2", []std{{"std-gb3096-1993", "GB 3096-1993", "已废止"}, {"std-gb3096-2008", "GB 3096-2008", "现行有效"}}, []cs{}},
		{law + "-3", []std{}, []cs{{caseID, caseID + "-s2", "示例夜间施工噪声案", "裁判结果", "环境保护"}}},
	}
	for _, tt := range tests {
		var body struct {
			Standards []std `json:"standards"`
			Cases     []cs  `json:"cases"`
		}
		if code := get(t, s, "/api/v1/articles/"+tt.article, &body); code != http.StatusOK {
			t.Fatalf("%s: status %d", tt.article, code)
		}
		if body.Standards == nil || body.Cases == nil {
			t.Errorf("%s: standards and cases must be arrays: %+v", tt.article, body)
		}
		if !slices.Equal(body.Standards, tt.standards) || !slices.Equal(body.Cases, tt.cases) {
			t.Errorf("%s: standards %+v cases %+v\nwant %+v %+v", tt.article, body.Standards, body.Cases, tt.standards, tt.cases)
		}
	}
}

func TestStandardEndpoint(t *testing.T) {
	s := liveServer(t)
	citing := corpus.WorkID("示例噪声管理法") + "-20200101-2"
	tests := []struct {
		key    string
		status int
		id     string
	}{
		{"std-gb3096-2008", http.StatusOK, "std-gb3096-2008"},
		{"GB 3096-2008", http.StatusOK, "std-gb3096-2008"},
		{"GB3096—1993", http.StatusOK, "std-gb3096-1993"},
		{"GB 3096", http.StatusNotFound, ""}, // two standards have that number
		{"std-nothing", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		var body struct {
			ID        string   `json:"id"`
			Type      string   `json:"type"`
			Code      string   `json:"code"`
			Level     string   `json:"level"`
			Kind      string   `json:"kind"`
			Status    string   `json:"status"`
			Effective string   `json:"effective"`
			Scope     []string `json:"scope"`
			Region    string   `json:"region"`
			Source    string   `json:"source"`
			CitedBy   []struct {
				ID, Type, Article string
			} `json:"cited_by"`
			Error *struct{ Code string } `json:"error"`
		}
		code := get(t, s, "/api/v1/standards/"+url.PathEscape(tt.key), &body)
		if code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.key, code, tt.status)
			continue
		}
		if tt.status != http.StatusOK {
			if body.Error == nil || body.Error.Code != "not_found" {
				t.Errorf("%s: error body %+v", tt.key, body)
			}
			continue
		}
		if body.ID != tt.id || body.Type != "standard" || body.Kind != "标准" || body.Level != "国家标准" || body.Region != "全国" ||
			body.Source != "standards:噪声.md" || len(body.Scope) != 1 || len(body.CitedBy) != 1 ||
			body.CitedBy[0].ID != citing || body.CitedBy[0].Article != "第二条" {
			t.Errorf("%s: %+v", tt.key, body)
		}
	}
}

func TestProvenanceOfCrawledTexts(t *testing.T) {
	s := liveServer(t)
	vid := corpus.WorkID("示例市养犬管理规定") + "-20220301"
	type origin struct {
		Source    string    `json:"source"`
		URL       string    `json:"url"`
		FetchedAt time.Time `json:"fetched_at"`
	}
	want := origin{"wz", "http://wz.test/fg/1.html", liveFetched}
	var doc struct {
		Source string  `json:"source"`
		Origin *origin `json:"origin"`
	}
	if code := get(t, s, "/api/v1/documents/"+vid, &doc); code != http.StatusOK || doc.Origin == nil || *doc.Origin != want ||
		doc.Source != "crawl:wz/示例市养犬管理规定(2022-03-01).md" {
		t.Errorf("document: %d %+v", code, doc)
	}
	var art struct {
		Origin *origin `json:"origin"`
	}
	if code := get(t, s, "/api/v1/articles/"+vid+"-1", &art); code != http.StatusOK || art.Origin == nil || *art.Origin != want {
		t.Errorf("article: %d %+v", code, art)
	}
	var res struct {
		Hits []struct {
			ID     string  `json:"id"`
			Origin *origin `json:"origin"`
		} `json:"hits"`
	}
	if code := get(t, s, "/api/v1/search?q="+url.QueryEscape("牵引绳"), &res); code != http.StatusOK || len(res.Hits) == 0 ||
		res.Hits[0].ID != vid+"-1" || res.Hits[0].Origin == nil || *res.Hits[0].Origin != want {
		t.Errorf("search: %d %+v", code, res)
	}
	// Texts from files carry no origin.
	var plain map[string]any
	get(t, s, "/api/v1/documents/"+corpus.WorkID("示例噪声管理法"), &plain)
	if _, ok := plain["origin"]; ok {
		t.Errorf("a text from a file has an origin: %v", plain["origin"])
	}
}

func TestSourcesEndpoint(t *testing.T) {
	dir := t.TempDir()
	reps := []crawler.SourceReport{{
		Name: "wz", Kind: corpus.KindLocalRegulation, Region: "浙江/温州", Started: liveFetched, Ended: liveFetched.Add(time.Minute),
		Finished: true, Pages: 7, Documents: 1, Counts: map[crawler.Status]int{crawler.StatusNew: 1, crawler.StatusError: 2},
		Errors: []string{"detail http://wz.test/fg/9.html: HTTP 500"},
	}, {Name: "empty", Kind: corpus.KindHandbook, Counts: map[crawler.Status]int{}}}
	b, err := json.Marshal(reps)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, crawler.SourcesFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "gone")
	s := liveServer(t, dir, missing)
	var body struct {
		Build   string `json:"build"`
		Sources []struct {
			Dir       string         `json:"dir"`
			Name      string         `json:"name"`
			Finished  bool           `json:"finished"`
			Ended     time.Time      `json:"ended"`
			Documents int            `json:"documents"`
			Indexed   int            `json:"indexed"`
			Counts    map[string]int `json:"counts"`
			Errors    []string       `json:"errors"`
			Error     string         `json:"error"`
		} `json:"sources"`
	}
	if code := get(t, s, "/api/v1/sources", &body); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if len(body.Sources) != 3 || body.Build == "" {
		t.Fatalf("sources %+v", body)
	}
	wz, empty, gone := body.Sources[0], body.Sources[1], body.Sources[2]
	if wz.Dir != dir || wz.Name != "wz" || !wz.Finished || !wz.Ended.Equal(liveFetched.Add(time.Minute)) || wz.Documents != 1 ||
		wz.Indexed != 1 || wz.Counts["error"] != 2 || len(wz.Errors) != 1 || wz.Error != "" {
		t.Errorf("wz: %+v", wz)
	}
	if empty.Name != "empty" || empty.Indexed != 0 {
		t.Errorf("empty: %+v", empty)
	}
	if gone.Dir != missing || gone.Name != "" || gone.Error == "" {
		t.Errorf("missing crawl dir: %+v", gone)
	}

	// An index built without crawls lists none.
	var none struct {
		Sources []any `json:"sources"`
	}
	if code := get(t, liveServer(t), "/api/v1/sources", &none); code != http.StatusOK || none.Sources == nil || len(none.Sources) != 0 {
		t.Errorf("no crawls: %d %+v", code, none)
	}
}
