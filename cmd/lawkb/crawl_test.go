package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/crawler"
)

// TestRunCrawl runs the subcommand against a two-page local site and
// checks the files, the manifest and the summary it leaves.
func TestRunCrawl(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/fg/index.html":
			_, _ = w.Write([]byte(`<ul class="list"><li><a href="a.html">示例条例</a></li></ul>`))
		case "/fg/a.html":
			_, _ = w.Write([]byte(`<h1>示例条例</h1><span class="d">2023-01-02</span><div class="c"><p>第一章 总则</p><p>第一条 为了测试，制定本条例。</p></div>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.yaml")
	yaml := "sources:\n  - name: demo\n    start: [" + srv.URL + "/fg/index.html]\n    list: {links: 'ul.list a'}\n" +
		"    detail: {title: h1, body: .c, date: .d}\n    kind: 地方性法规\n    region: 浙江/温州\n    rate: 50\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := runCrawl(context.Background(), []string{"--config", cfg, "--out", out, "--quiet"}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, "demo", "示例条例(2023-01-02).md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "## 第一章 总则\n\n第一条 为了测试") {
		t.Errorf("markdown:\n%s", md)
	}
	entries, err := crawler.ReadManifest(out)
	if err != nil || len(entries) != 1 || entries[0].Status != crawler.StatusNew || entries[0].Region != "浙江/温州" {
		t.Errorf("manifest %+v, err %v", entries, err)
	}

	for _, bad := range [][]string{{}, {"--config", filepath.Join(dir, "missing.yaml")}, {"--config", cfg, "extra"}} {
		if err := runCrawl(context.Background(), bad); err == nil {
			t.Errorf("runCrawl(%q) succeeded", bad)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := runCrawl(ctx, []string{"--config", cfg, "--out", filepath.Join(dir, "out2"), "--quiet"}); err == nil || !strings.Contains(err.Error(), "resume") {
		t.Errorf("cancelled crawl: err = %v", err)
	}
}
