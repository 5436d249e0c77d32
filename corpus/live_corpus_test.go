//go:build corpus

package corpus_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

// TestLiveKindsInCorpus imports the real corpus with the real standards
// catalogues and links it, then checks the lists the API shows under an
// article: every resolved citation of an article in a case section lists
// that case under the article, and the standards an article names are
// those whose CitedBy holds it. It also checks that every file was recorded
// with its checksum.
func TestLiveKindsInCorpus(t *testing.T) {
	root := findShared(t, filepath.Join("corpus", "lawrefbook"))
	c, err := corpus.Load(context.Background(), root, corpus.LoadOptions{Logger: discard,
		Standards: findShared(t, filepath.Join("corpus", "standards"))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	cases, refs, articles := 0, 0, map[string]bool{}
	for _, w := range c.Works {
		if w.Kind != corpus.KindCase {
			continue
		}
		cases++
		for _, v := range w.Versions {
			for _, s := range v.Sections {
				for _, ct := range s.Cites {
					for _, id := range ct.ArticleIDs {
						refs++
						articles[id] = true
						want := corpus.CaseRef{ID: v.ID, SectionID: s.ID, Title: v.Title, Heading: s.Heading, Topic: w.Topic}
						if !slices.Contains(c.CasesCiting(id), want) {
							t.Errorf("%s cites %s (%s), but the article does not list it", s.ID, id, ct.Text)
						}
					}
				}
			}
		}
	}
	listed := 0
	for id := range articles {
		for _, cr := range c.CasesCiting(id) {
			listed++
			if cr.Title == "" || cr.Heading == "" || cr.Topic == "" || c.Section(cr.SectionID) == nil {
				t.Errorf("case ref %+v under %s is incomplete", cr, id)
			}
		}
	}
	t.Logf("%d cases; %d resolved article citations in case sections, to %d articles; %d case entries listed under them",
		cases, refs, len(articles), listed)
	if cases < 20 || len(articles) < 10 {
		t.Errorf("%d cases citing %d articles: far fewer than the corpus holds", cases, len(articles))
	}

	links := 0
	for _, s := range c.Standards {
		for _, a := range s.CitedBy {
			links++
			if !slices.Contains(c.StandardsFor(a), s.ID) {
				t.Errorf("%s names %s, but StandardsFor does not list it", a, s.Code)
			}
		}
	}
	t.Logf("%d standards, %d article links", len(c.Standards), links)
	if len(c.Standards) < 60 || links < 1 {
		t.Errorf("%d standards, %d links", len(c.Standards), links)
	}

	md := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" {
			md++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Files); got != md+2 { // + the two standards catalogues
		t.Errorf("%d files recorded, the tree has %d .md files and 2 catalogues", got, md)
	}
}

// TestParseHandbookOnCorpus reads every real file as a handbook page: none
// may be lost (every file ParseFile reads gives a page with its title),
// and no text may vanish: the sections hold every body line.
func TestParseHandbookOnCorpus(t *testing.T) {
	root := findShared(t, filepath.Join("corpus", "lawrefbook"))
	files, pages := 0, 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || d.Name() == "_index.md" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files++
		v, _ := corpus.ParseFile(rel, data)
		h, _ := corpus.ParseHandbook(rel, data)
		if v == nil {
			return nil
		}
		if h == nil {
			t.Errorf("%s: a file ParseFile reads is lost as a handbook page", rel)
			return nil
		}
		pages++
		if h.Title != v.Title || len(h.Articles) != 0 {
			t.Errorf("%s: title %q (ParseFile %q), %d articles", rel, h.Title, v.Title, len(h.Articles))
		}
		var text int
		for _, s := range h.Sections {
			text += len(s.Text)
		}
		var want int
		for _, a := range v.Articles {
			want += len(a.Text())
		}
		for _, s := range v.Sections {
			want += len(s.Text)
		}
		// A handbook keeps the 第N条 labels and the 一、 enumeration labels in
		// its text, so it holds at least what ParseFile holds.
		if text < want {
			t.Errorf("%s: handbook sections hold %d bytes of text, ParseFile %d", rel, text, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files, %d read as handbook pages", files, pages)
}
