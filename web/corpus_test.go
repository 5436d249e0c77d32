//go:build corpus

package web

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// sharedCorpus finds ../shared/corpus/lawrefbook beside the repository by
// walking up from the test's directory.
func sharedCorpus(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "corpus", "lawrefbook")
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/corpus/lawrefbook not found beside the repository: skipping the whole-corpus page test")
		}
		dir = parent
	}
}

// TestCorpusPages renders the document page of every version and the
// article page of every article and section of the real corpus: messy
// real data (labels with spaces, truncated files, sectioned documents)
// must never break a template. It reports the heaviest document page.
func TestCorpusPages(t *testing.T) {
	root := sharedCorpus(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	// The standards catalogues sit beside the laws; linking them gives
	// article pages their standards block.
	stds := filepath.Join(filepath.Dir(root), "standards")
	if _, err := os.Stat(stds); err != nil {
		stds = ""
	}
	c, err := corpus.Load(context.Background(), root, corpus.LoadOptions{Logger: quiet, Standards: stds})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	items, _ := corpus.DeriveItems(c, nil)
	c.SetItems(items)
	u, err := newUI(Deps{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var docs, arts, secs int
	var heaviest int
	var heaviestTitle string
	cw := &countWriter{}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			cw.n = 0
			if err := u.pages["document"].execute(cw, page{Title: v.Title, Name: "document", Body: u.documentOf(v)}); err != nil {
				t.Fatalf("document %s (%s): %v", v.ID, v.Source, err)
			}
			docs++
			if cw.n > heaviest {
				heaviest, heaviestTitle = cw.n, v.Title+" "+v.Date.String()
			}
			for _, a := range v.Articles {
				if err := u.pages["article"].execute(io.Discard, page{Name: "article", Body: u.articleOf(c, a)}); err != nil {
					t.Fatalf("article %s (%s line %d): %v", a.ID, v.Source, a.Line, err)
				}
				arts++
			}
			for _, s := range v.Sections {
				if err := u.pages["article"].execute(io.Discard, page{Name: "article", Body: u.sectionOf(c, s)}); err != nil {
					t.Fatalf("section %s (%s line %d): %v", s.ID, v.Source, s.Line, err)
				}
				secs++
			}
		}
	}
	// Every item card, with the calculator run for a serious repeat case.
	serious := corpus.Circumstances{Harm: "serious", RepeatCount: 3}
	for _, it := range c.Items {
		v := itemOf(c, it)
		d, err := corpus.Decide(it, serious)
		if err != nil {
			t.Fatalf("item %s (%s): decide: %v", it.ID, it.Source.Path, err)
		}
		v.Decision = d
		if err := u.pages["item"].execute(io.Discard, page{Name: "item", Body: v}); err != nil {
			t.Fatalf("item %s (%s): %v", it.ID, it.Source.Path, err)
		}
	}
	// Every standard page.
	for _, s := range c.Standards {
		if err := u.pages["standard"].execute(io.Discard, page{Name: "standard", Body: standardOf(c, s)}); err != nil {
			t.Fatalf("standard %s (%s line %d): %v", s.ID, s.Source, s.Line, err)
		}
	}
	t.Logf("rendered %d document pages, %d article pages, %d section pages, %d item cards, %d standard pages in %s; heaviest document page %s: %d bytes of HTML",
		docs, arts, secs, len(c.Items), len(c.Standards), time.Since(start).Round(time.Millisecond), heaviestTitle, heaviest)
	if arts < 140000 {
		t.Errorf("rendered only %d article pages; the corpus has about 147,000", arts)
	}
}

type countWriter struct{ n int }

func (w *countWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }
