package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// apiGet runs one request through the real API of the index under root.
func apiGet(t *testing.T, root, target string, into any) indexer.Meta {
	t.Helper()
	idx, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	resp, err := api.New(api.Config{Index: idx, Sources: crawlReports}).App().Test(httptest.NewRequest(http.MethodGet, target, nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, into); err != nil {
		t.Fatalf("GET %s: %v in %s", target, err, body)
	}
	return idx.Meta()
}

type hitOrigin struct {
	Source string `json:"source"`
	URL    string `json:"url"`
}

type searchBody struct {
	Total uint64 `json:"total"`
	Hits  []struct {
		ID      string     `json:"id"`
		Title   string     `json:"title"`
		Article string     `json:"article"`
		Kind    string     `json:"kind"`
		Region  string     `json:"region"`
		Origin  *hitOrigin `json:"origin"`
		Snippet string     `json:"snippet"`
	} `json:"hits"`
}

func searchAPI(t *testing.T, root, q string) searchBody {
	t.Helper()
	var res searchBody
	apiGet(t, root, "/api/v1/search?size=20&q="+url.QueryEscape(q), &res)
	return res
}

// TestLiveRoundTrip crawls a local copy of the crawler's fixture site, indexes
// the crawl, and finds the right article through the API; then the site
// changes (a page edited, one withdrawn, one added), the crawl and the index
// run again, and the incremental build holds exactly the new state.
func TestLiveRoundTrip(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	if err := os.CopyFS(site, os.DirFS(filepath.Join("..", "..", "crawler", "testdata", "site"))); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	cfg := filepath.Join(tmp, "sources.yaml")
	writeTestFile(t, cfg, `sources:
  - name: shili-rd
    start: [`+srv.URL+`/fg/index.html]
    allow: ['^/fg/']
    list:  {links: 'ul.list a', next: 'a.next'}
    detail: {title: 'h1', body: 'div.article', date: '.pubdate', issuer: '.issuer'}
    kind: 地方性法规
    region: 示例省/示例市
    issuer: 示例市人民代表大会常务委员会
    rate: 100
    max_pages: 100
`)
	out, root := filepath.Join(tmp, "crawl"), filepath.Join(tmp, "index")
	crawlArgs := []string{"--config", cfg, "--out", out, "--quiet", "--retries", "0", "--timeout", "5s"}
	indexArgs := []string{"--corpus", "", "--crawl", out, "--standards", "", "--catalog", t.TempDir(), "--index", root, "--dict", ""}
	if err := runCrawl(ctx, crawlArgs); err != nil {
		t.Fatal(err)
	}
	if err := runIndex(ctx, indexArgs); err != nil {
		t.Fatal(err)
	}

	dog := corpus.WorkID("示例市养犬管理规定") + "-20220301"
	res := searchAPI(t, root, "牵引绳")
	if len(res.Hits) == 0 || res.Hits[0].ID != dog+"-2" || res.Hits[0].Article != "第二条" || res.Hits[0].Region != "示例省/示例市" ||
		res.Hits[0].Origin == nil || res.Hits[0].Origin.Source != "shili-rd" || res.Hits[0].Origin.URL != srv.URL+"/fg/yangquan.html" {
		t.Fatalf("牵引绳: %+v, want 示例市养犬管理规定 第二条 first, with its origin", res.Hits)
	}
	var sources struct {
		Sources []struct {
			Dir       string `json:"dir"`
			Name      string `json:"name"`
			Documents int    `json:"documents"`
			Indexed   int    `json:"indexed"`
			Errors    []string
		} `json:"sources"`
	}
	meta := apiGet(t, root, "/api/v1/sources", &sources)
	absOut, _ := filepath.Abs(out)
	if meta.Mode != indexer.ModeFull || !slices.Equal(meta.Sources.Crawls, []string{absOut}) {
		t.Errorf("first build: mode %q crawls %v", meta.Mode, meta.Sources.Crawls)
	}
	if len(sources.Sources) != 1 || sources.Sources[0].Name != "shili-rd" || sources.Sources[0].Dir != absOut ||
		sources.Sources[0].Documents != 5 || sources.Sources[0].Indexed != 5 || len(sources.Sources[0].Errors) == 0 {
		t.Errorf("sources: %+v", sources.Sources)
	}
	man1, err := indexer.ReadManifest(filepath.Join(root, meta.Dir))
	if err != nil {
		t.Fatal(err)
	}

	// The site changes: 第二条 of the dog rules is amended, the park rules
	// are withdrawn (404), a dust rule is published.
	yq := filepath.Join(site, "fg", "yangquan.html")
	b, err := os.ReadFile(yq)
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, yq, strings.ReplaceAll(string(b), "牵引绳", "犬链"))
	later := time.Now().Add(time.Hour) // past the Last-Modified the crawler holds
	if err := os.Chtimes(yq, later, later); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(site, "fg", "malformed.html")); err != nil {
		t.Fatal(err)
	}
	idxPage := filepath.Join(site, "fg", "index.html")
	b, err = os.ReadFile(idxPage)
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, idxPage, strings.Replace(string(b), `<ul class="list">`, `<ul class="list">
  <li><a href="dust.html">示例市扬尘污染防治办法</a></li>`, 1))
	writeTestFile(t, filepath.Join(site, "fg", "dust.html"), `<html><head><meta charset="utf-8"></head><body>
<h1>示例市扬尘污染防治办法</h1><span class="pubdate">2024-06-01</span>
<div class="article"><p>第一条 为了防治扬尘污染，制定本办法。</p><p>第二条 运输渣土的车辆应当密闭。</p></div></body></html>`)
	if err := runCrawl(ctx, crawlArgs); err != nil {
		t.Fatal(err)
	}
	if err := runIndex(ctx, indexArgs); err != nil { // incremental: a current build exists
		t.Fatal(err)
	}

	// The amended text no longer says 牵引绳 (a synonym may still find it).
	res = searchAPI(t, root, "牵引绳")
	for _, h := range res.Hits {
		if strings.HasPrefix(h.ID, dog) && strings.Contains(h.Snippet, "牵引绳") {
			t.Errorf("牵引绳 still in %s %s after the amendment: %s", h.ID, h.Article, h.Snippet)
		}
	}
	if res = searchAPI(t, root, "犬链"); len(res.Hits) == 0 || res.Hits[0].ID != dog+"-2" {
		t.Errorf("犬链: %+v, want the amended 第二条", res.Hits)
	}
	dust := corpus.WorkID("示例市扬尘污染防治办法") + "-20240601"
	if res = searchAPI(t, root, "渣土"); len(res.Hits) == 0 || res.Hits[0].ID != dust+"-2" {
		t.Errorf("渣土: %+v, want the new dust rule's 第二条", res.Hits)
	}
	park := corpus.WorkID("示例市公园管理办法")
	for _, h := range searchAPI(t, root, "公园").Hits {
		if strings.HasPrefix(h.ID, park) {
			t.Errorf("the withdrawn park rules are still found: %s", h.ID)
		}
	}
	var doc struct {
		ID string `json:"id"`
	}
	meta = apiGet(t, root, "/api/v1/stats", &doc)
	ch := meta.Changes
	if meta.Mode != indexer.ModeIncremental || ch == nil || ch.FilesAdded != 1 || ch.FilesChanged != 1 || ch.FilesDeleted != 1 {
		t.Fatalf("second build: mode %q changes %+v", meta.Mode, ch)
	}
	man2, err := indexer.ReadManifest(filepath.Join(root, meta.Dir))
	if err != nil {
		t.Fatal(err)
	}
	// Every document re-indexed is one of the three changed files', or an
	// item derived from them; every untouched article kept its id and its
	// fingerprint.
	changedFiles := map[string]bool{}
	for _, f := range ch.Files {
		changedFiles[f.Path] = true
	}
	ofChanged := map[string]bool{}
	for _, f := range append(man1.Files, man2.Files...) {
		if changedFiles[f.Path] {
			for _, id := range f.Docs {
				ofChanged[id] = true
			}
		}
	}
	reindexed := 0
	for id, fp := range man2.Docs {
		if man1.Docs[id] == fp {
			continue
		}
		reindexed++
		if !ofChanged[id] && !strings.HasPrefix(id, "it-") {
			t.Errorf("%s re-indexed, but it is not from a changed file", id)
		}
	}
	if reindexed != ch.Indexed {
		t.Errorf("%d documents differ from the base, the build says it re-indexed %d", reindexed, ch.Indexed)
	}
	kept := corpus.WorkID("示例市户外广告设施管理办法") + "-20200815"
	for id, fp := range man1.Docs {
		if strings.HasPrefix(id, kept) && man2.Docs[id] != fp {
			t.Errorf("untouched %s changed: %q → %q", id, fp, man2.Docs[id])
		}
	}
	if man1.Docs[kept+"-1"] == "" {
		t.Errorf("%s not in the first build", kept+"-1")
	}
}

// TestIndexFlags indexes a tree with standards and handbooks, then rebuilds
// with --full, and checks the errors of bad invocations.
func TestIndexFlags(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "index")
	fix := filepath.Join("testdata", "live")
	args := []string{"--corpus", filepath.Join(fix, "lawrefbook"), "--standards", filepath.Join(fix, "standards"),
		"--handbooks", filepath.Join(fix, "handbooks"), "--catalog", t.TempDir(), "--index", root, "--dict", ""}
	if err := runIndex(ctx, args); err != nil {
		t.Fatal(err)
	}
	res := searchAPI(t, root, "施工")
	kinds := map[string]string{}
	for _, h := range res.Hits {
		kinds[h.Kind] = h.ID
	}
	if kinds["标准"] != "std-gb12523-2011" || kinds["手册"] == "" || kinds["法律"] == "" {
		t.Errorf("施工 hits by kind %v, want a standard, a handbook answer and the law", kinds)
	}
	law := corpus.WorkID("示例噪声管理法") + "-20200101-2"
	var art struct {
		Standards []struct{ ID string } `json:"standards"`
	}
	meta := apiGet(t, root, "/api/v1/articles/"+law, &art)
	if len(art.Standards) != 1 || art.Standards[0].ID != "std-gb12523-2011" {
		t.Errorf("standards of %s: %+v", law, art.Standards)
	}
	if meta.Counts.Standards != 1 || meta.Sources.Standards == "" || len(meta.Sources.Handbooks) != 1 || meta.Mode != indexer.ModeFull {
		t.Errorf("meta: counts %+v sources %+v mode %s", meta.Counts, meta.Sources, meta.Mode)
	}

	if err := runIndex(ctx, args); err != nil {
		t.Fatal(err)
	}
	var stats map[string]any
	if m := apiGet(t, root, "/api/v1/stats", &stats); m.Mode != indexer.ModeIncremental || m.Changes.Indexed != 0 {
		t.Errorf("second run: mode %s changes %+v, want an update that changed nothing", m.Mode, m.Changes)
	}
	if err := runIndex(ctx, append(args, "--full")); err != nil {
		t.Fatal(err)
	}
	if m := apiGet(t, root, "/api/v1/stats", &stats); m.Mode != indexer.ModeFull {
		t.Errorf("--full: mode %s", m.Mode)
	}
	// A second lawkb index while one holds the lock fails before it
	// imports anything.
	lock, err := indexer.LockRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := runIndex(ctx, args); corpus.ErrorCode(err) != corpus.CodeConflict {
		t.Errorf("runIndex while another build holds the lock = %v, want a conflict", err)
	}
	lock.Unlock()
	for _, bad := range [][]string{
		{"--corpus", "", "--standards", "", "--index", root, "--dict", ""},                                      // nothing to index
		{"--corpus", "", "--crawl", t.TempDir(), "--index", root, "--dict", ""},                                 // not a crawl output
		{"--corpus", filepath.Join(fix, "lawrefbook"), "--handbooks", filepath.Join(fix, "nope"), "--dict", ""}, // missing folder
		{"--corpus", filepath.Join(fix, "lawrefbook"), "--index", root, "--dict", "", "extra"},                  // an argument
	} {
		if err := runIndex(ctx, bad); err == nil {
			t.Errorf("runIndex(%q) succeeded", bad)
		}
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
