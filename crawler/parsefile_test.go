package crawler_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

var articleLine = regexp.MustCompile(`(?m)^第[零〇一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)? `)

// TestGoldenParses feeds every Markdown file the crawler and the DOCX reader
// produced (the golden outputs) to the corpus importer: each must parse
// without a skip or a problem, with its title, date, history and every
// 第N条 paragraph as an article.
func TestGoldenParses(t *testing.T) {
	root := filepath.Join("testdata", "golden")
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		n++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			v, probs := corpus.ParseFile(rel, data)
			for _, pr := range probs {
				t.Errorf("problem: line %d: %s (skipped %v)", pr.Line, pr.Reason, pr.Skipped)
			}
			if v == nil {
				t.Fatal("no version")
			}
			title := strings.TrimPrefix(strings.SplitN(string(data), "\n", 2)[0], "# ")
			if v.Title != title {
				t.Errorf("title %q, want %q", v.Title, title)
			}
			if m := regexp.MustCompile(`\((\d{4}-\d{2}-\d{2})\)\.md$`).FindStringSubmatch(rel); m != nil && v.Date.String() != m[1] {
				t.Errorf("date %s, want %s", v.Date, m[1])
			}
			head := strings.SplitN(string(data), "<!-- INFO END -->", 2)[0]
			if want := strings.Count(head, "日 "); len(v.Events) != want {
				t.Errorf("%d history events, want %d: %+v", len(v.Events), want, v.Events)
			}
			if want := len(articleLine.FindAllString(string(data), -1)); len(v.Articles) != want {
				t.Errorf("%d articles, want %d", len(v.Articles), want)
			}
			if len(v.Articles) == 0 && len(v.Sections) == 0 {
				t.Error("neither articles nor sections")
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Errorf("only %d golden Markdown files", n)
	}
}
