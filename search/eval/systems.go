package eval

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// answers is how many articles a system returns per record.
const answers = 10

// Lawkb is lawkb as served to an officer: a query goes through the
// citation resolver (a cited article first); then the text, query or case,
// goes through Suggest (thesaurus, named laws, the officer's region and the
// regions above it, duty/penalty pairing), its suggestions' articles in
// order.
type Lawkb struct {
	Searcher  *search.Searcher
	Suggester *search.Suggester
	Resolver  *corpus.Resolver // nil: no citation lookup
}

// NewLawkb wires lawkb's search, suggest and citation resolver over idx.
func NewLawkb(idx *indexer.Index) (*Lawkb, error) {
	s := search.New(idx, search.Options{})
	r, err := s.Resolver(idx.Corpus()) // the one search's citation-first step uses
	if err != nil {
		return nil, err
	}
	return &Lawkb{Searcher: s, Suggester: search.NewSuggester(idx, search.SuggestOptions{}), Resolver: r}, nil
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
		if !seen[id] && len(ids) < answers {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if !r.IsCase() && l.Resolver != nil {
		if res, err := l.Resolver.Resolve(r.Query, date); err == nil {
			for _, a := range res.Articles {
				push(a.ID)
			}
		}
	}
	res, err := l.Suggester.Suggest(ctx, search.SuggestRequest{Text: clipRunes(r.Text(), search.MaxCaseRunes), Region: region(r), Date: date, Size: answers})
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

// Plain is the baseline: one bleve match query of the whole text (any
// word) over the article text of an index built with the stock cjk
// analyzer, with the same region and date filters; no thesaurus, no
// citation resolver, no pairing.
type Plain struct {
	Index *indexer.Index
}

// Name implements System.
func (p *Plain) Name() string { return "baseline-cjk" }

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
		q := query.NewBooleanQuery([]query.Query{m}, nil, nil)
		q.AddFilter(query.NewConjunctionQuery(filters(region(r), date)))
		sr, err := v.Index.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, answers, 0, false))
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

// filters are articles in force on date (or now), of the region and the
// regions above it: the same filters as lawkb's.
func filters(region string, date corpus.Date) []query.Query {
	term := func(field, v string) query.Query {
		q := query.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	f := []query.Query{term(indexer.FieldType, indexer.TypeArticle)}
	var regions []query.Query
	for _, p := range corpus.ParseRegion(region).Ancestors() {
		regions = append(regions, term(indexer.FieldRegion, p))
	}
	f = append(f, query.NewDisjunctionQuery(regions))
	if date.IsZero() {
		return append(f, term(indexer.FieldStatus, string(corpus.StatusInForce)))
	}
	d := date.Time()
	inc, exc := true, false
	from := query.NewDateRangeInclusiveQuery(time.Time{}, d, nil, &inc)
	from.SetField(indexer.FieldValidFrom)
	to := query.NewDateRangeInclusiveQuery(d, time.Time{}, &exc, nil)
	to.SetField(indexer.FieldValidTo)
	return append(f, from, to)
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
