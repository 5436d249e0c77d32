package eval

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// Lawkb is lawkb as served: a query goes through search (GET
// /api/v1/search with the record's place as in=: the plan, its generators
// and the ranker; a citation answers first), a case description through
// suggest-basis (the same plan and ranking, grouped into items with their
// duty and penalty articles). Hits that are not articles keep their rank,
// as they take a place on the officer's screen.
type Lawkb struct {
	Searcher  *search.Searcher
	Suggester *search.Suggester
}

// NewLawkb wires lawkb's search and suggest over idx.
func NewLawkb(idx *indexer.Index) (*Lawkb, error) {
	return &Lawkb{Searcher: search.New(idx, search.Options{}), Suggester: search.NewSuggester(idx, search.SuggestOptions{})}, nil
}

// Name implements System.
func (l *Lawkb) Name() string { return "lawkb" }

// Rank implements System.
func (l *Lawkb) Rank(ctx context.Context, r Record) ([]string, error) {
	date, err := recordDate(r)
	if err != nil {
		return nil, err
	}
	var ids []string
	seen := map[string]bool{}
	push := func(id string) {
		if !seen[id] && len(ids) < Answers {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if r.IsCase() {
		res, err := l.Suggester.Suggest(ctx, search.SuggestRequest{Text: clipRunes(r.Text(), search.MaxCaseRunes), Region: region(r), Date: date, Size: search.MaxSuggestions})
		if err != nil {
			return nil, err
		}
		for _, s := range res.Suggestions {
			for _, a := range s.Articles {
				push(a.ID)
			}
		}
		return ids, nil
	}
	res, err := l.Searcher.Search(ctx, search.Request{Query: clipRunes(r.Text(), search.MaxQueryRunes), In: region(r), AsOf: date, Size: Answers})
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		push(h.ID)
	}
	return ids, nil
}

// Plain is a baseline: one bleve match query of the whole text (any word)
// over the article text, analysed with the index's own query analyzer,
// with the same region and date filters; no thesaurus, no citation
// resolver, no pairing. Over an index built with bleve's stock cjk
// analyzer it is baseline-cjk (character bigrams); over lawkb's own index
// it is plain BM25 over gse words.
type Plain struct {
	Index *indexer.Index
}

// Name implements System.
func (p *Plain) Name() string {
	if p.Index.Meta().Analyzer == indexer.AnalyzerCJK {
		return "baseline-cjk"
	}
	return "baseline-bm25"
}

// Rank implements System.
func (p *Plain) Rank(ctx context.Context, r Record) ([]string, error) {
	date, err := recordDate(r)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = p.Index.View(func(v *indexer.View) error {
		m := query.NewMatchQuery(clipRunes(r.Text(), search.MaxCaseRunes))
		m.SetField(indexer.FieldText)
		m.Analyzer = v.Meta.QueryAnalyzer
		q := search.InForceArticles(v, corpus.ParseRegion(region(r)), date)(m)
		sr, err := v.Index.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, Answers, 0, false))
		if err != nil {
			return err
		}
		for _, h := range sr.Hits {
			ids = append(ids, h.ID)
		}
		return nil
	})
	return ids, err
}

// region is where a record applies: its rules and those above it.
func region(r Record) string {
	if r.Region == corpus.National {
		return ""
	}
	return r.Region
}

func recordDate(r Record) (corpus.Date, error) {
	if r.Date == "" {
		return corpus.Date{}, nil
	}
	return corpus.ParseDate(r.Date)
}

func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n])
}
