package crawler_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/crawler"
)

// flkSite is a local stand-in for a list/detail/download API of the kind
// the national database of laws uses.
type flkSite struct {
	*httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	conds int
}

func newFLKSite(t *testing.T) *flkSite {
	t.Helper()
	lawDOCX := makeDOCX(t, filepath.Join("testdata", "docx", "law"))
	ruleDOCX := makeDOCXFrom(t, map[string]string{"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>示例行政法规</w:t></w:r></w:p>
<w:p><w:r><w:t>第一条　为了示例，制定本条例。</w:t></w:r></w:p>
<w:p><w:r><w:t>第二条　本条例自公布之日起施行。</w:t></w:r></w:p>
</w:body></w:document>`})
	items := []map[string]string{
		{"id": "law1", "title": "中华人民共和国示例管理法", "office": "全国人民代表大会常务委员会", "publish": "2021-04-29 00:00:00", "expiry": "2021-07-01 00:00:00", "type": "法律", "status": "1"},
		{"id": "reg 2", "title": "示例行政法规", "office": "国务院", "publish": "2019-03-02 00:00:00", "expiry": "2019-03-02 00:00:00", "type": "行政法规", "status": "9"},
		{"id": "pdf3", "title": "只有PDF的文件", "office": "国务院", "publish": "2018-01-01 00:00:00", "type": "行政法规", "status": "1"},
	}
	s := &flkSite{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		s.count("list")
		if r.URL.Query().Get("type") != "flfg" {
			http.Error(w, "type lost", http.StatusBadRequest)
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		var data []map[string]string
		for i := (page - 1) * size; i >= 0 && i < page*size && i < len(items); i++ {
			data = append(data, items[i])
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"success": true, "result": map[string]any{"data": data, "totalSizes": len(items)}})
	})
	mux.HandleFunc("POST /api/detail", func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("id")
		s.count("detail " + id)
		body := []map[string]string{{"type": "PDF", "path": "/dl/" + id + ".pdf"}}
		if id != "pdf3" {
			body = append(body, map[string]string{"type": "WORD", "path": "/dl/" + strings.ReplaceAll(id, " ", "_") + ".docx"})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"success": true, "result": map[string]any{"body": body}})
	})
	mux.HandleFunc("GET /dl/", func(w http.ResponseWriter, r *http.Request) {
		s.count(r.URL.Path)
		if r.Header.Get("If-None-Match") != "" {
			s.mu.Lock()
			s.conds++
			s.mu.Unlock()
		}
		var data []byte
		switch r.URL.Path {
		case "/dl/law1.docx":
			data = lawDOCX
		case "/dl/reg_2.docx":
			data = ruleDOCX
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"v1-`+strings.TrimPrefix(r.URL.Path, "/dl/")+`"`)
		http.ServeContent(w, r, r.URL.Path, modTime, bytes.NewReader(data))
	})
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("User-agent: *\nDisallow: /admin/\n"))
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *flkSite) count(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[k]++
}

const apiConfig = `
sources:
  - name: npc
    type: api
    api: {list: 'FLK/api/?type=flfg', detail: 'FLK/api/detail', download: 'FLK', page_size: 2}
    kind: 法律
    rate: 100
`

func TestCrawlAPI(t *testing.T) {
	parallel(t)
	s := newFLKSite(t)
	cfg := mustConfig(t, apiConfig, strings.NewReplacer("FLK", s.URL))
	out := t.TempDir()
	crawl(t, cfg, out, testOptions())

	entries, err := crawler.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		status   crawler.Status
		validity corpus.Status
	}{
		"law1":  {crawler.StatusNew, corpus.StatusInForce},
		"reg+2": {crawler.StatusNew, corpus.StatusRepealed},
		"pdf3":  {crawler.StatusInvalid, ""},
	}
	if len(entries) != len(want) {
		t.Fatalf("%d entries, want %d", len(entries), len(want))
	}
	for _, e := range entries {
		id := e.URL[strings.LastIndex(e.URL, "id=")+3:]
		w, ok := want[id]
		if !ok {
			t.Errorf("unexpected entry %s", e.URL)
			continue
		}
		if e.Status != w.status || e.Validity != w.validity {
			t.Errorf("%s: status %s validity %q (%s), want %s %q", id, e.Status, e.Validity, e.Error, w.status, w.validity)
		}
	}
	s.mu.Lock()
	if s.hits["list"] != 2 {
		t.Errorf("list fetched %d times, want 2 pages", s.hits["list"])
	}
	s.mu.Unlock()
	checkGolden(t, "api", tree(t, out, strings.NewReplacer(s.URL, "http://flk.test")))

	// A second crawl asks for the DOCX files conditionally and keeps them.
	crawl(t, cfg, out, testOptions())
	entries, err = crawler.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.URL, "law1") && e.Status != crawler.StatusNotModified {
			t.Errorf("recrawl of law1: %s", e.Status)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conds != 2 {
		t.Errorf("%d conditional downloads, want 2", s.conds)
	}
}

func TestCrawlAPIBadAnswers(t *testing.T) {
	tests := []struct {
		name string
		list string
		want string
	}{
		{"not json", `<html>维护中</html>`, "not the expected JSON"},
		{"success false", `{"success":false,"result":{}}`, "success=false"},
		{"rows without ids", `{"success":true,"result":{"data":[{"title":"x"}],"totalSizes":1}}`, "no id or title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				_, _ = w.Write([]byte(tt.list))
			}))
			defer srv.Close()
			reps := crawl(t, mustConfig(t, apiConfig, strings.NewReplacer("FLK", srv.URL)), t.TempDir(), testOptions())
			if len(reps[0].Errors) == 0 || !strings.Contains(strings.Join(reps[0].Errors, "\n"), tt.want) {
				t.Errorf("errors = %q, want %q", reps[0].Errors, tt.want)
			}
		})
	}
}
