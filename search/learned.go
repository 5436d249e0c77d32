package search

import (
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search/learn"
)

// bridges are the learned links of one build between the words people use
// and the statutes' words (search/learn): expansions of a word, and how
// often each article and its text were the answer.
type bridges struct {
	dir string
	m   *learn.Model
}

var noBridges = &bridges{m: &learn.Model{}}

// learnedCache holds the bridges of the build last searched.
type learnedCache struct {
	mu sync.Mutex
	b  *bridges
}

// learned returns the bridges of the view's build, reading them from its
// directory on first use; a build without a model has none.
func (s *Searcher) learned(v *indexer.View) *bridges {
	if v.Dir == "" {
		return noBridges
	}
	s.bridges.mu.Lock()
	defer s.bridges.mu.Unlock()
	if b := s.bridges.b; b != nil && b.dir == v.Dir {
		return b
	}
	b := &bridges{dir: v.Dir, m: noBridges.m}
	path := filepath.Join(v.Dir, learn.File)
	if f, err := os.Open(path); err == nil {
		m, err := learn.Read(f)
		f.Close()
		if err != nil {
			slog.Warn("search: learned model unreadable; searching without it", "path", path, "err", err)
		} else {
			b.m = m
		}
	}
	s.bridges.b = b
	return b
}

// learnedWeight weighs a learned expansion against the typed word.
const learnedWeight = 0.5

// expand lists the learned statutory words of a word.
func (b *bridges) expand(word string) []expansion {
	var out []expansion
	for _, t := range b.m.Expand[word] {
		out = append(out, expansion{Also: []string{t.Word}, Weight: learnedWeight * t.Weight, Source: "learned:" + t.Source})
	}
	return out
}

// works lists the works that answered texts holding a word.
func (b *bridges) works(word string) []Likely { return b.m.Works[word] }

// chapters lists the chapters whose articles answered texts holding a word.
func (b *bridges) chapters(word string) []learn.WorkShare { return b.m.Chapters[word] }

// asked is how often an article was the answer, on a log scale.
func (b *bridges) asked(a *corpus.Article) float64 {
	return math.Log1p(float64(b.m.ArticleCount[learn.Key(a)]))
}

// workAsked is how often an article's text was the answer, on a log scale.
func (b *bridges) workAsked(a *corpus.Article) float64 {
	if a.Version() == nil {
		return 0
	}
	return math.Log1p(float64(b.m.WorkCount[a.Version().WorkID]))
}

// ContentWords cuts a text into the words lawkb searches for it: the
// analyzer's words without function words, numbers and grammatical single
// characters, each once. The learner uses it to read questions the way a
// search reads them.
func ContentWords(an analysis.Analyzer, text string) []string {
	var out []string
	for _, w := range analyzeAll(an, text) {
		if searchable(w) && !placeOrPerson(w) {
			out = append(out, w)
		}
	}
	return out
}
