package crawler_test

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lawkb/lawkb/crawler"
)

const siteConfig = `
sources:
  - name: shili-rd
    start: [SITE/fg/index.html]
    allow: ['^/fg/']
    list:  {links: 'ul.list a', next: 'a.next'}
    detail: {title: 'h1', body: 'div.article', date: '.pubdate', issuer: '.issuer'}
    kind: 地方性法规
    region: 示例省/示例市
    issuer: 示例市人民代表大会常务委员会
    rate: 100
    max_pages: 100
`

const gbkConfig = `
sources:
  - name: gbk-site
    start: [GBK/index.html]
    list:  {links: '#list a'}
    detail: {title: '.t', body: '.c', date: '.d'}
    kind: 部门规章
    issuer: 示例省人民政府
    rate: 100
`

var fixedNow = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

func testOptions() crawler.Options {
	return crawler.Options{
		Fetch: crawler.FetchOptions{
			Timeout:      time.Second, // generous: a loaded CI machine must not time out the good pages
			Retries:      2,
			Backoff:      time.Millisecond,
			MaxBytes:     1 << 20,
			MaxRedirects: 5,
		},
		Parallel:        1,
		CheckpointEvery: 50, // the resume tests set their own
		Now:             func() time.Time { return fixedNow },
	}
}

func mustConfig(t *testing.T, text string, repl *strings.Replacer) *crawler.Config {
	t.Helper()
	cfg, err := crawler.ParseConfig([]byte(repl.Replace(text)))
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return cfg
}

func crawl(t *testing.T, cfg *crawler.Config, out string, opts crawler.Options) []crawler.SourceReport {
	t.Helper()
	c, err := crawler.New(cfg, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	reps, err := c.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return reps
}

func manifestByPath(t *testing.T, out string) map[string]crawler.Entry {
	t.Helper()
	entries, err := crawler.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]crawler.Entry{}
	for _, e := range entries {
		i := strings.Index(e.URL, "/fg/")
		if i < 0 {
			t.Fatalf("entry for a URL outside /fg/: %s", e.URL)
		}
		m[e.URL[i:]] = e
	}
	return m
}

// TestCrawlSite crawls the fixture site once and checks every page's fate,
// the requests the server saw, and the output against the golden tree.
func TestCrawlSite(t *testing.T) {
	parallel(t)
	s := newSite(t, filepath.Join("testdata", "site"))
	repl := strings.NewReplacer("SITE", s.URL)
	out := t.TempDir()
	reps := crawl(t, mustConfig(t, siteConfig, repl), out, testOptions())

	byPath := manifestByPath(t, out)
	tests := []struct {
		path   string
		status crawler.Status
		hits   int // requests the server saw for the path
		file   bool
	}{
		{"/fg/rongmao.html", crawler.StatusNew, 1, true},
		{"/fg/yangquan.html", crawler.StatusNew, 1, true},                  // linked with a #fragment
		{"/fg/private/draft.html", crawler.StatusDisallowed, 0, false},     // robots.txt
		{"/fg/missing.html", crawler.StatusNotFound, 1, false},             // 404, not retried
		{"/fg/copy/rongmao-print.html", crawler.StatusDuplicate, 1, false}, // same text, other chrome
		{"/fg/huge.html", crawler.StatusTooLarge, 1, false},
		{"/fg/huge-chunked.html", crawler.StatusTooLarge, 1, false},
		{"/fg/loop.html", crawler.StatusError, 3, false},   // a loop of 5 redirects, not retried
		{"/fg/slow.html", crawler.StatusError, 3, false},   // timeout, 2 retries
		{"/fg/flaky.html", crawler.StatusNew, 3, true},     // 503 twice, then fine
		{"/fg/broken.html", crawler.StatusError, 3, false}, // 500, 2 retries
		{"/fg/malformed.html", crawler.StatusNew, 1, true},
		{"/fg/notice.html", crawler.StatusNew, 1, true},
		{"/fg/empty.html", crawler.StatusInvalid, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e, ok := byPath[tt.path]
			if !ok {
				t.Fatalf("no manifest entry")
			}
			if e.Status != tt.status {
				t.Errorf("status %s (%s), want %s", e.Status, e.Error, tt.status)
			}
			if got := s.hit(tt.path); got != tt.hits {
				t.Errorf("server saw %d requests, want %d", got, tt.hits)
			}
			if (e.Path != "") != tt.file {
				t.Errorf("path %q, want a file: %v", e.Path, tt.file)
			}
			if e.Path != "" {
				if _, err := os.Stat(filepath.Join(out, e.Path)); err != nil {
					t.Errorf("file: %v", err)
				}
			}
		})
	}
	if len(byPath) != len(tests) {
		t.Errorf("manifest has %d entries, want %d", len(byPath), len(tests))
	}
	if dup := byPath["/fg/copy/rongmao-print.html"]; !strings.HasSuffix(dup.DuplicateOf, "/fg/rongmao.html") {
		t.Errorf("duplicate_of = %q", dup.DuplicateOf)
	}
	if e := byPath["/fg/loop.html"]; !strings.Contains(e.Error, "too many redirects") {
		t.Errorf("loop error = %q", e.Error)
	}
	for _, p := range []string{"/news/today.html", "/fg/loop2.html"} {
		if p == "/fg/loop2.html" {
			if s.hit(p) < 2 {
				t.Errorf("redirect loop was not followed: %d requests to %s", s.hit(p), p)
			}
			continue
		}
		if n := s.hit(p); n != 0 {
			t.Errorf("%s outside allow was fetched %d times", p, n)
		}
	}
	for _, p := range []string{"/fg/index.html", "/fg/index_2.html", "/fg/index_3.html", "/robots.txt"} {
		if n := s.hit(p); n != 1 {
			t.Errorf("%s fetched %d times, want 1", p, n)
		}
	}
	if len(reps) != 1 || !reps[0].Finished || reps[0].Truncated || reps[0].Documents != 5 || reps[0].Queued != 0 {
		t.Errorf("report = %+v", reps)
	}
	checkGolden(t, "site", tree(t, out, strings.NewReplacer(s.URL, "http://site.test")))
}

// TestRecrawl revisits a crawled site: unchanged pages answer 304 to
// conditional GETs, an edited page is rewritten and a withdrawn one removed.
func TestRecrawl(t *testing.T) {
	parallel(t)
	s := newSite(t, filepath.Join("testdata", "site"))
	cfg := mustConfig(t, siteConfig, strings.NewReplacer("SITE", s.URL))
	out := t.TempDir()
	crawl(t, cfg, out, testOptions())
	first := manifestByPath(t, out)

	s.remove("/fg/slow.html") // spares this test two rounds of timeouts
	s.resetHits()
	crawl(t, cfg, out, testOptions())
	second := manifestByPath(t, out)
	for _, p := range []string{"/fg/rongmao.html", "/fg/yangquan.html", "/fg/notice.html", "/fg/malformed.html"} {
		if second[p].Status != crawler.StatusNotModified {
			t.Errorf("%s: status %s, want not_modified", p, second[p].Status)
		}
		if s.cond(p) != 1 {
			t.Errorf("%s: %d conditional requests, want 1", p, s.cond(p))
		}
		if second[p].Path != first[p].Path || second[p].SHA256 != first[p].SHA256 {
			t.Errorf("%s: file changed on a 304", p)
		}
	}
	if second["/fg/copy/rongmao-print.html"].Status != crawler.StatusDuplicate {
		t.Errorf("print copy: %s", second["/fg/copy/rongmao-print.html"].Status)
	}

	old, err := os.ReadFile(filepath.Join("testdata", "site", "fg", "rongmao.html"))
	if err != nil {
		t.Fatal(err)
	}
	s.edit("/fg/rongmao.html", strings.Replace(string(old), "</div>\n<div class=\"footer\">",
		"<p>第六条　本条例由示例市人民代表大会常务委员会负责解释。</p>\n</div>\n<div class=\"footer\">", 1))
	s.remove("/fg/yangquan.html")
	crawl(t, cfg, out, testOptions())
	third := manifestByPath(t, out)

	rm := third["/fg/rongmao.html"]
	if rm.Status != crawler.StatusUpdated || rm.SHA256 == first["/fg/rongmao.html"].SHA256 {
		t.Errorf("edited page: status %s, sha changed %v", rm.Status, rm.SHA256 != first["/fg/rongmao.html"].SHA256)
	}
	md, err := os.ReadFile(filepath.Join(out, rm.Path))
	if err != nil || !strings.Contains(string(md), "第六条 本条例由") {
		t.Errorf("edited page's file lacks the new article: %v\n%s", err, md)
	}
	yq := third["/fg/yangquan.html"]
	if yq.Status != crawler.StatusGone || yq.Path != "" {
		t.Errorf("withdrawn page: %+v", yq)
	}
	if _, err := os.Stat(filepath.Join(out, first["/fg/yangquan.html"].Path)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("withdrawn page's file still there: %v", err)
	}
	// The print copy still has the old text, no longer held by anyone: it
	// gets a file of its own, named apart from the edited page's.
	pc := third["/fg/copy/rongmao-print.html"]
	if pc.Status != crawler.StatusNew || pc.Path == "" || pc.Path == rm.Path {
		t.Errorf("print copy after the edit: %+v", pc)
	}
}

// TestResumeAfterInterrupt stops a crawl (as Ctrl-C does) after a few
// pages and resumes it: no page is fetched twice and the output is the same
// as an uninterrupted crawl's.
func TestResumeAfterInterrupt(t *testing.T) {
	parallel(t)
	s := newSite(t, filepath.Join("testdata", "site"))
	cfg := mustConfig(t, siteConfig, strings.NewReplacer("SITE", s.URL))
	out := t.TempDir()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := testOptions()
	opts.CheckpointEvery = 1
	events := 0
	opts.Progress = func(crawler.ProgressEvent) {
		events++
		if events == 4 {
			cancel()
		}
	}
	c, err := crawler.New(cfg, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v, want context.Canceled", err)
	}
	reps, err := crawler.ReadSources(out)
	if err != nil {
		t.Fatal(err)
	}
	if reps[0].Finished || reps[0].Queued == 0 {
		t.Fatalf("after the interrupt: %+v", reps[0])
	}

	crawl(t, cfg, out, testOptions())
	for _, p := range []string{"/fg/index.html", "/fg/index_2.html", "/fg/rongmao.html", "/fg/yangquan.html"} {
		if n := s.hit(p); n != 1 {
			t.Errorf("%s fetched %d times across both runs, want 1", p, n)
		}
	}
	compareGolden(t, "site", tree(t, out, strings.NewReplacer(s.URL, "http://site.test")))
}

// TestResumeAfterCrash restores the output directory as a crash would leave
// it: the state of the last checkpoint, with files written after it that
// the state does not know. The resumed crawl still yields the golden tree.
func TestResumeAfterCrash(t *testing.T) {
	parallel(t)
	s := newSite(t, filepath.Join("testdata", "site"))
	cfg := mustConfig(t, siteConfig, strings.NewReplacer("SITE", s.URL))
	out, crashed := t.TempDir(), t.TempDir()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := testOptions()
	opts.CheckpointEvery = 3
	events := 0
	opts.Progress = func(crawler.ProgressEvent) {
		events++
		if events == 5 {
			copyDir(t, out, crashed) // the disk at the moment of the crash
			cancel()
		}
	}
	c, err := crawler.New(cfg, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	// A half-written temporary file, as a crash during a write leaves.
	if err := os.WriteFile(filepath.Join(crashed, ".manifest.jsonl.tmp123"), []byte(`{"url":`), 0o644); err != nil {
		t.Fatal(err)
	}
	crawl(t, cfg, crashed, testOptions())
	if err := os.Remove(filepath.Join(crashed, ".manifest.jsonl.tmp123")); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, "site", tree(t, crashed, strings.NewReplacer(s.URL, "http://site.test")))
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMaxPages stops a source at its request budget and says so.
func TestMaxPages(t *testing.T) {
	parallel(t)
	s := newSite(t, filepath.Join("testdata", "site"))
	cfg := mustConfig(t, strings.Replace(siteConfig, "max_pages: 100", "max_pages: 3", 1), strings.NewReplacer("SITE", s.URL))
	out := t.TempDir()
	reps := crawl(t, cfg, out, testOptions())
	if r := reps[0]; r.Pages != 3 || !r.Truncated || !r.Finished || r.Queued != 0 {
		t.Errorf("report = %+v", r)
	}
	if n := s.hit("/fg/index_2.html"); n != 0 {
		t.Errorf("page 2 fetched %d times beyond the budget", n)
	}
}

// TestCrawlGBK crawls a site whose pages are GBK-encoded, declared by meta
// tag, by header only, or not at all.
func TestCrawlGBK(t *testing.T) {
	parallel(t)
	s := newSite(t, filepath.Join("testdata", "gbksite"))
	s.gbk = true
	out := t.TempDir()
	crawl(t, mustConfig(t, gbkConfig, strings.NewReplacer("GBK", s.URL)), out, testOptions())
	entries, err := crawler.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3", len(entries))
	}
	for _, e := range entries {
		if e.Status != crawler.StatusNew || e.Charset != "gb18030" {
			t.Errorf("%s: status %s charset %s", e.URL, e.Status, e.Charset)
		}
	}
	got := tree(t, out, strings.NewReplacer(s.URL, "http://gbk.test"))
	if !strings.Contains(got["gbk-site/示例省河道管理办法(2020-05-08).md"], "朱镕基") {
		t.Errorf("a GBK-only character (not in GB2312) was lost")
	}
	checkGolden(t, "gbk", got)
}

// TestRobotsUnreachable stays off a host whose robots.txt fails with 5xx.
func TestRobotsUnreachable(t *testing.T) {
	parallel(t)
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`<ul class="list"><a href="/fg/a.html">a</a></ul>`))
	}))
	defer srv.Close()
	out := t.TempDir()
	reps := crawl(t, mustConfig(t, siteConfig, strings.NewReplacer("SITE", srv.URL)), out, testOptions())
	mu.Lock()
	defer mu.Unlock()
	if hits["/fg/index.html"] != 0 || hits["/robots.txt"] != 3 {
		t.Errorf("hits = %v, want robots.txt tried 3 times and nothing else", hits)
	}
	if len(reps[0].Errors) != 1 || !strings.Contains(reps[0].Errors[0], "robots.txt") {
		t.Errorf("errors = %q", reps[0].Errors)
	}
}
