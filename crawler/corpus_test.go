//go:build corpus

package crawler_test

import (
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/crawler"
)

// findLawRefBook walks up from the working directory to
// shared/corpus/lawrefbook beside the repository, or skips.
func findLawRefBook(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "corpus", "lawrefbook")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/corpus/lawrefbook not found above the working directory: the real corpus is absent")
		}
		dir = parent
	}
}

// renderHTML shows a LawRefBook file the way government sites publish
// laws: the title in <h1>, the history as one parenthesised note, headings
// in bold paragraphs, every line of text in a <p>.
func renderHTML(md string) string {
	var b strings.Builder
	lines := strings.Split(md, "\n")
	title, i := "", 0
	for ; i < len(lines); i++ {
		if t, ok := strings.CutPrefix(lines[i], "# "); ok {
			title = strings.TrimSpace(t)
			i++
			break
		}
	}
	var history []string
	for ; i < len(lines) && !strings.HasPrefix(lines[i], "<!-- INFO END -->"); i++ {
		l := strings.TrimSpace(lines[i])
		if l != "" && !strings.HasPrefix(l, "# ") {
			history = append(history, strings.Replace(l, " ", "", 1))
		}
	}
	fmt.Fprintf(&b, "<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n<h1>%s</h1>\n<div class=\"article\">\n",
		html.EscapeString(title), html.EscapeString(title))
	if len(history) > 0 {
		fmt.Fprintf(&b, "<p>（%s）</p>\n", html.EscapeString(strings.Join(history, "　")))
	}
	for i++; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		switch {
		case l == "" || strings.HasPrefix(l, "<!--"):
		case strings.HasPrefix(l, "#"):
			fmt.Fprintf(&b, "<p align=\"center\"><strong>%s</strong></p>\n", html.EscapeString(strings.TrimLeft(l, "# ")))
		default:
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(l))
		}
	}
	b.WriteString("</div></body></html>\n")
	return b.String()
}

func squeezeText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

func articleKeys(v *corpus.Version) []string {
	var out []string
	for _, a := range v.Articles {
		out = append(out, a.NumberString()+" "+squeezeText(a.Text()))
	}
	return out
}

// TestRoundTripCorpus publishes a sample of the real corpus as an HTML site,
// crawls it, and parses what the crawler wrote: every sampled law must come
// back with the same title, history dates and articles (number and text)
// as the importer reads from the original file.
func TestRoundTripCorpus(t *testing.T) {
	root := findLawRefBook(t)
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || d.Name() == "_index.md" {
			return err
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var sample []string
	for i := 0; i < len(files); i += 15 {
		sample = append(sample, files[i])
	}

	const perPage = 50
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/law/list":
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			var b strings.Builder
			b.WriteString("<ul class=\"list\">")
			for i := page * perPage; i < (page+1)*perPage && i < len(sample); i++ {
				fmt.Fprintf(&b, "<li><a href=\"/law/%d.html\">%d</a></li>", i, i)
			}
			b.WriteString("</ul>")
			if (page+1)*perPage < len(sample) {
				fmt.Fprintf(&b, "<a class=\"next\" href=\"/law/list?page=%d\">下一页</a>", page+1)
			}
			_, _ = w.Write([]byte(b.String()))
		case strings.HasPrefix(r.URL.Path, "/law/"):
			i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/law/"), ".html"))
			if err != nil || i < 0 || i >= len(sample) {
				http.NotFound(w, r)
				return
			}
			data, err := os.ReadFile(sample[i])
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(renderHTML(string(data))))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	cfg := mustConfig(t, `
sources:
  - name: corpus-sample
    start: ['SITE/law/list?page=0']
    list:  {links: 'ul.list a', next: 'a.next'}
    detail: {title: 'h1', body: 'div.article'}
    kind: 法律
    rate: 100
    max_pages: 1000
`, strings.NewReplacer("SITE", srv.URL))
	out := t.TempDir()
	opts := testOptions()
	opts.CheckpointEvery = 100
	crawl(t, cfg, out, opts)
	entries, err := crawler.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	byIndex := map[int]crawler.Entry{}
	for _, e := range entries {
		i, _ := strconv.Atoi(strings.TrimSuffix(e.URL[strings.LastIndex(e.URL, "/")+1:], ".html"))
		byIndex[i] = e
	}

	compared, same, noArticles := 0, 0, 0
	var misses []string
	for i, f := range sample {
		rel, _ := filepath.Rel(root, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := corpus.ParseFile(filepath.ToSlash(rel), data)
		if orig == nil {
			continue // the importer skips it (empty, binary …); nothing to compare
		}
		e := byIndex[i]
		if e.Path == "" {
			if e.Status == crawler.StatusDuplicate {
				continue // the same text under two names in the corpus
			}
			misses = append(misses, fmt.Sprintf("%s: no file (%s %s)", rel, e.Status, e.Error))
			continue
		}
		crawled, err := os.ReadFile(filepath.Join(out, e.Path))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := corpus.ParseFile("corpus-sample/"+filepath.Base(e.Path), crawled)
		if got == nil {
			misses = append(misses, rel+": crawled file does not parse")
			continue
		}
		compared++
		if len(orig.Articles) == 0 {
			noArticles++
		}
		var why []string
		if got.Title != orig.Title {
			why = append(why, fmt.Sprintf("title %q ≠ %q", got.Title, orig.Title))
		}
		if len(got.Events) != len(orig.Events) {
			why = append(why, fmt.Sprintf("%d events ≠ %d", len(got.Events), len(orig.Events)))
		} else {
			for k := range got.Events {
				if got.Events[k].Date != orig.Events[k].Date {
					why = append(why, fmt.Sprintf("event %d date %s ≠ %s", k, got.Events[k].Date, orig.Events[k].Date))
				}
			}
		}
		ga, oa := articleKeys(got), articleKeys(orig)
		if len(ga) != len(oa) {
			why = append(why, fmt.Sprintf("%d articles ≠ %d", len(ga), len(oa)))
		} else {
			for k := range ga {
				if ga[k] != oa[k] {
					why = append(why, fmt.Sprintf("article %d differs:\n  got  %.80s\n  want %.80s", k, ga[k], oa[k]))
					break
				}
			}
		}
		if len(why) == 0 {
			same++
		} else {
			misses = append(misses, rel+": "+strings.Join(why, "; "))
		}
	}
	t.Logf("sampled %d of %d files; compared %d (%d without articles); identical %d", len(sample), len(files), compared, noArticles, same)
	for _, m := range misses {
		t.Log("miss: " + m)
	}
	if compared < len(sample)*9/10 || same < compared*98/100 {
		t.Errorf("round trip: %d identical of %d compared (%d sampled), want ≥ 98%%", same, compared, len(sample))
	}
}
