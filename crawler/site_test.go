package crawler_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// site is a local web site built from a testdata folder, with a few dynamic
// misbehaving pages, that counts every request it receives.
type site struct {
	*httptest.Server
	t     *testing.T
	dir   string
	gbk   bool // serve .html files encoded in GBK
	mu    sync.Mutex
	hits  map[string]int
	conds map[string]int    // requests that carried a validator
	edits map[string]string // path → replacement content
	gone  map[string]bool
	flaky int // failures left for /fg/flaky.html
}

var modTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func newSite(t *testing.T, dir string) *site {
	t.Helper()
	s := &site{t: t, dir: dir, hits: map[string]int{}, conds: map[string]int{}, edits: map[string]string{},
		gone: map[string]bool{}, flaky: 2}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	s.mu.Lock()
	s.hits[p]++
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.conds[p]++
	}
	edit, edited := s.edits[p]
	gone := s.gone[p]
	flaky := false
	if p == "/fg/flaky.html" && s.flaky > 0 {
		s.flaky--
		flaky = true
	}
	s.mu.Unlock()

	if gone {
		http.Error(w, "gone", http.StatusGone)
		return
	}
	switch p {
	case "/fg/huge.html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(bytes.Repeat([]byte("<p>第一条 很长的文字。</p>\n"), 100_000))
		return
	case "/fg/huge-chunked.html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		chunk := bytes.Repeat([]byte("<p>很长。</p>"), 1000)
		for range 200 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
		return
	case "/fg/loop.html", "/fg/loop2.html":
		next := "/fg/loop2.html"
		if p == next {
			next = "/fg/loop.html"
		}
		http.Redirect(w, r, next, http.StatusFound)
		return
	case "/fg/slow.html":
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return
	case "/fg/broken.html":
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	case "/fg/flaky.html":
		if flaky {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		s.static(w, r, p, "", false)
		return
	}
	s.static(w, r, p, edit, edited)
}

// static serves a testdata file with an ETag and a Last-Modified, so that
// http.ServeContent answers conditional requests with 304.
func (s *site) static(w http.ResponseWriter, r *http.Request, p, edit string, edited bool) {
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	data := []byte(edit)
	if !edited {
		var err error
		data, err = os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(p)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
	}
	ctype := "text/html"
	if strings.HasSuffix(p, ".txt") {
		ctype = "text/plain"
	}
	if s.gbk && strings.HasSuffix(p, ".html") {
		enc, err := simplifiedchinese.GBK.NewEncoder().Bytes(data)
		if err != nil {
			s.t.Errorf("encode %s as GBK: %v", p, err)
		}
		data = enc
		if p == "/doc2.html" {
			ctype = "text/html; charset=GBK" // the header is the only declaration
		}
	}
	sum := sha256.Sum256(data)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	mt := modTime
	if edited {
		mt = modTime.Add(time.Hour)
	}
	http.ServeContent(w, r, p, mt, bytes.NewReader(data))
}

func (s *site) hit(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[p]
}

func (s *site) cond(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conds[p]
}

func (s *site) edit(p, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.edits[p] = content
}

func (s *site) remove(p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[p] = true
}

func (s *site) resetHits() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits, s.conds = map[string]int{}, map[string]int{}
}

// tree reads every file under dir except the state file, with the servers'
// addresses replaced by stable names so that outputs can be compared.
func tree(t *testing.T, dir string, repl *strings.Replacer) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || d.Name() == ".crawl-state.json" {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return fmt.Errorf("stray temporary file %s", p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = repl.Replace(string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkGolden compares a tree with testdata/golden/<name>, or rewrites the
// golden files under -update.
func checkGolden(t *testing.T, name string, got map[string]string) {
	t.Helper()
	dir := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for rel, content := range got {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := tree(t, dir, strings.NewReplacer())
	compareTrees(t, want, got)
}

// compareGolden compares with a golden tree that another test writes.
func compareGolden(t *testing.T, name string, got map[string]string) {
	t.Helper()
	compareTrees(t, tree(t, filepath.Join("testdata", "golden", name), strings.NewReplacer()), got)
}

// parallel runs crawl tests side by side (each has its own server and
// output), except under -update, where golden files are being rewritten.
func parallel(t *testing.T) {
	if !*update {
		t.Parallel()
	}
}

func compareTrees(t *testing.T, want, got map[string]string) {
	t.Helper()
	var names []string
	for k := range want {
		names = append(names, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		w, inWant := want[n]
		g, inGot := got[n]
		switch {
		case !inWant:
			t.Errorf("unexpected file %s:\n%s", n, g)
		case !inGot:
			t.Errorf("missing file %s", n)
		case w != g:
			t.Errorf("file %s differs:\n--- want\n%s\n--- got\n%s", n, w, g)
		}
	}
}
