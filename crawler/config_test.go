package crawler_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/crawler"
)

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := crawler.ParseConfig([]byte(`
sources:
  - name: wenzhou-rd
    start: [https://example.gov.cn/fg/index.html]
    allow: ['^/fg/']
    list:  {links: 'ul.list a', next: 'a.next'}
    detail: {title: 'h1', body: 'div.article', date: '.pubdate', issuer: '.issuer'}
    kind: 地方性法规
    region: 浙江/温州
  - name: npc
    type: api
    api: {list: 'https://flk.example.gov.cn/api/?type=flfg', detail: 'https://flk.example.gov.cn/api/detail', download: 'https://wb.example.gov.cn'}
    kind: 法律
    rate: 0.5
    max_pages: 10
`))
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Source("wenzhou-rd")
	if s == nil || s.Type != crawler.TypeHTML || s.Rate != 1 || s.MaxPages != crawler.DefaultMaxPages {
		t.Errorf("defaults not filled: %+v", s)
	}
	if got := s.RegionValue(); got != (corpus.Region{Province: "浙江", City: "温州"}) {
		t.Errorf("region = %+v", got)
	}
	api := cfg.Source("npc")
	if api.API.PageSize != 20 || api.Rate != 0.5 || api.MaxPages != 10 {
		t.Errorf("api source = %+v", api)
	}
	if cfg.Source("nope") != nil {
		t.Error("Source found a name that is not there")
	}
}

func TestParseConfigErrors(t *testing.T) {
	const ok = `
sources:
  - name: a
    start: [https://example.gov.cn/fg/]
    list: {links: 'a'}
    detail: {title: 'h1', body: 'div'}
    kind: 法律
`
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error, all required
	}{
		{"empty", ``, []string{"no sources"}},
		{"not yaml", `sources: [`, []string{"yaml"}},
		{"unknown key", strings.Replace(ok, "kind: 法律", "kind: 法律\n    speed: 3", 1), []string{"field speed not found"}},
		{"missing fields", "sources:\n  - rate: 2\n", []string{"name is required", "kind is required", "start:", "list.links", "detail.title", "detail.body"}},
		{"bad name", strings.Replace(ok, "name: a", "name: ../etc", 1), []string{`name "../etc"`}},
		{"duplicate name", ok + strings.TrimPrefix(ok, "\nsources:\n"), []string{`name "a" used twice`}},
		{"bad kind", strings.Replace(ok, "kind: 法律", "kind: 小说", 1), []string{`kind "小说"`}},
		{"relative start", strings.Replace(ok, "https://example.gov.cn/fg/", "/fg/", 1), []string{"absolute http"}},
		{"ftp start", strings.Replace(ok, "https://", "ftp://", 1), []string{"absolute http"}},
		{"bad selector", strings.Replace(ok, "links: 'a'", "links: 'a[[['", 1), []string{"list.links"}},
		{"bad regexp", strings.Replace(ok, "kind: 法律", "kind: 法律\n    allow: ['(']", 1), []string{`allow "("`}},
		{"negative rate", strings.Replace(ok, "kind: 法律", "kind: 法律\n    rate: -1", 1), []string{"rate -1"}},
		{"negative max_pages", strings.Replace(ok, "kind: 法律", "kind: 法律\n    max_pages: -5", 1), []string{"max_pages -5"}},
		{"bad type", strings.Replace(ok, "kind: 法律", "kind: 法律\n    type: ftp", 1), []string{`type "ftp"`}},
		{"api without urls", "sources:\n  - name: x\n    type: api\n    kind: 法律\n", []string{"api.list", "api.detail", "api.download"}},
		{"bad region", strings.Replace(ok, "kind: 法律", "kind: 法律\n    region: 浙江/温州/鹿城", 1), []string{"region"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crawler.ParseConfig([]byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if corpus.ErrorCode(err) != corpus.CodeInvalid {
				t.Errorf("code %s, want invalid", corpus.ErrorCode(err))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadConfigExample(t *testing.T) {
	// The example in docs/ must stay valid.
	cfg, err := crawler.LoadConfig(filepath.Join("..", "docs", "sources.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) < 2 {
		t.Errorf("example has %d sources", len(cfg.Sources))
	}
	if _, err := crawler.LoadConfig(filepath.Join(t.TempDir(), "none.yaml")); err == nil {
		t.Error("a missing file loaded")
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("sources: []"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := crawler.LoadConfig(bad); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("error does not name the file: %v", err)
	}
}

func TestAllowed(t *testing.T) {
	cfg, err := crawler.ParseConfig([]byte(`
sources:
  - name: a
    start: [https://rd.example.gov.cn/fg/index.html]
    allow: ['^/fg/', '^/xxgk/.*\.html$']
    list: {links: 'a'}
    detail: {title: 'h1', body: 'div'}
    kind: 地方性法规
`))
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Sources[0]
	tests := []struct {
		url  string
		want bool
	}{
		{"https://rd.example.gov.cn/fg/a.html", true},
		{"https://rd.example.gov.cn/fg/list?page=2", true},
		{"https://rd.example.gov.cn/xxgk/2024/b.html", true},
		{"https://rd.example.gov.cn/xxgk/2024/b.pdf", false},
		{"https://rd.example.gov.cn/news/a.html", false},
		{"https://other.example.gov.cn/fg/a.html", false}, // another host
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := s.Allowed(u); got != tt.want {
			t.Errorf("Allowed(%s) = %v, want %v", tt.url, got, tt.want)
		}
	}
}
