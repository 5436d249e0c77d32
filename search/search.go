package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// Options tunes ranking and rendering; zero fields take the defaults.
type Options struct {
	// TitleBoost weighs a word found in the title against one in the text
	// (default 3).
	TitleBoost float64
	// ChapterBoost weighs a word found in the chapter or section heading
	// (default 1.5).
	ChapterBoost float64
	// MinAllHits is the number of hits below which a multi-word query that
	// needed every word falls back to any word (default 3).
	MinAllHits uint64
	// RescoreWindow is how many top hits of an all-words query are
	// re-ranked by word proximity (default 50), like Elasticsearch's rescore
	// window: positions are not indexed, the snapshot has the text.
	RescoreWindow int
	// PhraseBoost multiplies the score of a hit whose text has the query's
	// words side by side by 1+PhraseBoost, and of one that has them within
	// NearRunes by 1+PhraseBoost/2 (default 1).
	PhraseBoost float64
	// NearRunes is the span within which words count as near (default 24).
	NearRunes int
	// SnippetRunes is the snippet window in characters (default 120).
	SnippetRunes int
	// Thesaurus expands colloquial words to statutory ones (nil: the
	// embedded DefaultThesaurus); NoThesaurus turns expansion off, as for
	// the plain baseline.
	Thesaurus   *Thesaurus
	NoThesaurus bool
	// ExpansionBoost weighs a thesaurus expansion against the words typed
	// (default DefaultExpansionBoost).
	ExpansionBoost float64
}

func (o Options) withDefaults() Options {
	if o.TitleBoost == 0 {
		o.TitleBoost = 3
	}
	if o.ChapterBoost == 0 {
		o.ChapterBoost = 1.5
	}
	if o.MinAllHits == 0 {
		o.MinAllHits = 3
	}
	if o.RescoreWindow == 0 {
		o.RescoreWindow = 50
	}
	if o.PhraseBoost == 0 {
		o.PhraseBoost = 1
	}
	if o.NearRunes == 0 {
		o.NearRunes = 24
	}
	if o.SnippetRunes == 0 {
		o.SnippetRunes = 120
	}
	if o.ExpansionBoost == 0 {
		o.ExpansionBoost = DefaultExpansionBoost
	}
	return o
}

// facetSizes are how many values each facet returns: all the kinds, levels
// and statuses there are, the largest regions and the most frequent years.
var facetSizes = []struct {
	name string
	size int
}{
	{FacetKind, 10},
	{FacetLevel, 20},
	{FacetRegion, 40},
	{FacetStatus, 4},
	{FacetYear, 30},
}

// maxTerms bounds the words of one query; beyond it the query is a text,
// not a search.
const maxTerms = 16

// Searcher answers Requests over an indexer.Index. It is safe for concurrent
// use and follows the index through Swap.
type Searcher struct {
	idx       *indexer.Index
	opts      Options
	thesaurus *Thesaurus                   // nil: no expansion
	table     atomic.Pointer[facetTable]   // facet values of the build last searched
	cites     resolvers                    // citation resolver of the corpus last searched
	items     atomic.Pointer[itemStatuses] // statuses of the items of the corpus last searched for items
}

// New returns a Searcher over idx.
func New(idx *indexer.Index, opts Options) *Searcher {
	s := &Searcher{idx: idx, opts: opts.withDefaults(), thesaurus: opts.Thesaurus}
	if s.thesaurus == nil && !opts.NoThesaurus {
		// The embedded file is checked by the tests; a bad line only
		// costs that line.
		s.thesaurus, _ = DefaultThesaurus()
	}
	if opts.NoThesaurus {
		s.thesaurus = nil
	}
	return s
}

// Search runs req. Bad requests fail with corpus.CodeInvalid; a query that
// matches nothing is an empty Result, not an error.
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	req = req.WithDefaults()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var res *Result
	err := s.idx.View(func(v *indexer.View) error {
		var err error
		if res, err = s.search(ctx, v, req); err != nil {
			return err
		}
		s.citeFirst(v.Corpus, req, res)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	return res, nil
}

func (s *Searcher) search(ctx context.Context, v *indexer.View, req Request) (*Result, error) {
	qa := v.Analyzer(v.Meta.QueryAnalyzer)
	if qa == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "search: query analyzer %q is not registered in this process", v.Meta.QueryAnalyzer)
	}
	terms := analyze(qa, req.Query)
	filter := s.filter(req, v.Corpus)
	items := req.Type == indexer.TypeItem
	from := (req.Page - 1) * req.Size
	res := &Result{Terms: terms, Page: req.Page, Size: req.Size, Hits: []Hit{}, Facets: map[string][]FacetValue{}}

	if len(terms) == 0 {
		// Listing (or a query of punctuation only): documents, newest first.
		// The filters are the query here: a conjunction walks their posting
		// lists, where a filtered match-all would visit every document.
		// Order comes from the sort, so nothing is scored.
		// Whole texts are listed: versions and standards, unless the
		// request names a type (its filter then holds it). Items have no
		// dates and are listed by id.
		keep := filter.keep[:len(filter.keep):len(filter.keep)]
		if req.Type == "" {
			keep = append(keep, query.NewDisjunctionQuery([]query.Query{
				termQuery(indexer.FieldType, indexer.TypeVersion, 1),
				termQuery(indexer.FieldType, indexer.TypeStandard, 1),
			}))
		}
		sortBy := []string{"-" + indexer.FieldValidFrom}
		if items {
			sortBy = []string{"_id"}
		}
		sr, err := s.run(ctx, v, filters{drop: filter.drop}.apply(query.NewConjunctionQuery(keep)), req.Size, from, sortBy, items)
		if err != nil {
			return nil, err
		}
		res.Plan = PlanList
		s.fill(res, v, toScored(sr.Hits), terms, sr)
		return res, nil
	}

	clauses := make([]query.Query, len(terms))
	for i, t := range terms {
		clauses[i] = query.NewDisjunctionQuery([]query.Query{
			termQuery(indexer.FieldText, t, 1),
			termQuery(indexer.FieldTitle, t, s.opts.TitleBoost),
			termQuery(indexer.FieldAlias, t, s.opts.TitleBoost),
			termQuery(indexer.FieldChapter, t, s.opts.ChapterBoost),
		})
	}
	var expTerms []string
	clauses, res.Expansions, expTerms = s.expand(qa, req.Query, terms, clauses)
	// The proximity rescoring needs the top window whatever the page.
	window := max(s.opts.RescoreWindow, from+req.Size)
	if len(terms) == 1 {
		window = from + req.Size
	}
	all := filter.apply(query.NewConjunctionQuery(clauses))
	sr, err := s.run(ctx, v, all, window, 0, nil, items)
	if err != nil {
		return nil, err
	}
	res.Plan = PlanAll
	if len(terms) > 1 && sr.Total < s.opts.MinAllHits {
		anyq := query.NewDisjunctionQuery(clauses)
		anyq.SetMin(1)
		sr, err = s.run(ctx, v, filter.apply(anyq), window, 0, nil, items)
		if err != nil {
			return nil, err
		}
		res.Plan = PlanAny
	}
	hits := s.rescore(v, sr.Hits, terms)
	if from >= len(hits) {
		hits = nil
	} else {
		hits = hits[from:min(len(hits), from+req.Size)]
	}
	s.fill(res, v, hits, append(terms[:len(terms):len(terms)], expTerms...), sr)
	return res, nil
}

// otherTypes are the document types that share the index but are hits
// only when a Request asks for their type (an officer searching the law
// wants texts; the strip of items beside them is a search of its own).
// They are few, so excluding them is cheaper than requiring the three
// types that hold nearly every document.
var otherTypes = []string{indexer.TypeItem}

// filters are the non-scoring parts of a query: documents must match every
// query in keep and none in drop.
type filters struct {
	keep, drop []query.Query
}

// filter turns the request's filters into term and range queries. The
// default status 现行有效 holds for most documents, so it is applied as
// "none of the other three statuses": excluding a few short posting lists
// costs far less per hit than intersecting with one that holds nearly
// everything.
func (s *Searcher) filter(req Request, c *corpus.Corpus) filters {
	var f filters
	if req.Type == "" {
		for _, t := range otherTypes {
			f.drop = append(f.drop, termQuery(indexer.FieldType, t, 1))
		}
	} else {
		f.keep = append(f.keep, termQuery(indexer.FieldType, req.Type, 1))
	}
	if req.Type == indexer.TypeItem {
		if req.Kind != "" {
			f.keep = append(f.keep, termQuery(indexer.FieldPowerType, req.Kind, 1))
		}
	} else {
		if req.Kind != "" {
			f.keep = append(f.keep, termQuery(indexer.FieldKind, req.Kind, 1))
		}
		if req.Level != "" {
			f.keep = append(f.keep, termQuery(indexer.FieldLevel, req.Level, 1))
		}
	}
	if req.Region != "" && req.Region != corpus.National {
		f.keep = append(f.keep, termQuery(indexer.FieldRegionTree, req.Region, 1))
	}
	if req.In != "" {
		// Texts of the place and of every region above it.
		var any []query.Query
		for _, path := range req.InRegion().Ancestors() {
			any = append(any, termQuery(indexer.FieldRegion, path, 1))
		}
		f.keep = append(f.keep, query.NewDisjunctionQuery(any))
	}
	if req.Type == indexer.TypeItem {
		return s.itemStatusFilter(f, req.Status, c)
	}
	status := req.Status
	if status == "" && req.AsOf.IsZero() {
		status = string(corpus.StatusInForce)
	}
	switch status {
	case "", StatusAll:
	case string(corpus.StatusInForce):
		for _, other := range []corpus.Status{corpus.StatusAmended, corpus.StatusRepealed, corpus.StatusNotYet} {
			f.drop = append(f.drop, termQuery(indexer.FieldStatus, string(other), 1))
		}
	default:
		f.keep = append(f.keep, termQuery(indexer.FieldStatus, status, 1))
	}
	if !req.AsOf.IsZero() {
		// valid_from <= d < valid_to; open ends are indexed as far dates
		d := req.AsOf.Time()
		inc, exc := true, false
		from := query.NewDateRangeInclusiveQuery(time.Time{}, d, nil, &inc)
		from.SetField(indexer.FieldValidFrom)
		to := query.NewDateRangeInclusiveQuery(d, time.Time{}, &exc, nil)
		to.SetField(indexer.FieldValidTo)
		f.keep = append(f.keep, from, to)
	}
	return f
}

// apply wraps a scoring query (nil for all documents) with the filters.
func (f filters) apply(must query.Query) query.Query {
	if len(f.keep) == 0 && len(f.drop) == 0 && must != nil {
		return must
	}
	var musts, drops []query.Query
	if must != nil {
		musts = []query.Query{must}
	}
	if len(f.drop) > 0 {
		drops = []query.Query{query.NewDisjunctionQuery(f.drop)}
	}
	q := query.NewBooleanQuery(musts, nil, drops)
	if len(f.keep) > 0 {
		q.AddFilter(query.NewConjunctionQuery(f.keep))
	}
	return q
}

// ran is the outcome of one bleve search with its hits counted per version.
type ran struct {
	*bleve.SearchResult
	perVersion []int32 // hits per version ordinal, for the facets
}

// run executes one bleve search. Facets are not asked of bleve: a
// countingQuery tallies every hit per version as the collector pulls it,
// which costs an array increment where a doc-value facet decodes a chunk.
// Item hits have no version to count under: with itemFacets set, bleve
// counts their region and power type (doc values of the item mapping).
func (s *Searcher) run(ctx context.Context, v *indexer.View, q query.Query, size, from int, sortBy []string, itemFacets bool) (*ran, error) {
	out := &ran{perVersion: make([]int32, len(v.Versions))}
	r := bleve.NewSearchRequestOptions(&countingQuery{q: q, docVersions: v.DocVersions, counts: out.perVersion}, size, from, false)
	if itemFacets {
		for _, f := range itemFacetFields {
			r.AddFacet(f.facet, bleve.NewFacetRequest(f.field, f.size))
		}
	}
	if sortBy != nil {
		r.SortBy(sortBy)
		r.Score = bleve.ScoreNone
	}
	sr, err := v.Index.SearchInContext(ctx, r)
	if err != nil {
		if ctx.Err() != nil {
			return nil, corpus.Errorf(corpus.CodeUnavailable, "search: %w", ctx.Err())
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	out.SearchResult = sr
	return out, nil
}

func toScored(in bsearch.DocumentMatchCollection) []scored {
	out := make([]scored, len(in))
	for i, h := range in {
		out[i] = scored{h.ID, h.Score}
	}
	return out
}

// scored is a hit id with its (possibly rescored) score.
type scored struct {
	id    string
	score float64
}

// rescore multiplies the scores of the top RescoreWindow hits of a
// multi-word query by a proximity factor computed on the snapshot text, and
// re-sorts them. Hits below the window keep their order: their scores are
// below every window hit's and rescoring only raises scores.
func (s *Searcher) rescore(v *indexer.View, in bsearch.DocumentMatchCollection, terms []string) []scored {
	out := toScored(in)
	if len(terms) < 2 {
		return out
	}
	n := min(len(out), s.opts.RescoreWindow)
	phrase := strings.Join(terms, "")
	for i := range out[:n] {
		text := docText(v.Corpus, out[i].id)
		if text == "" {
			continue
		}
		switch {
		case strings.Contains(text, phrase):
			out[i].score *= 1 + s.opts.PhraseBoost
		default:
			if sp := minSpan(findOccurrences(text, terms), len(terms)); sp >= 0 && sp <= s.opts.NearRunes {
				out[i].score *= 1 + s.opts.PhraseBoost/2
			}
		}
	}
	sort.SliceStable(out[:n], func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// fill renders hits and copies the total and facets into res.
func (s *Searcher) fill(res *Result, v *indexer.View, hits []scored, terms []string, sr *ran) {
	res.Total = sr.Total
	var an analysis.Analyzer
	if len(terms) > 0 {
		an = v.Analyzer(v.Meta.Analyzer)
	}
	for _, sc := range hits {
		h, text, ok := render(v.Corpus, sc.id)
		if !ok {
			// The index and its snapshot are written by one build; a
			// mismatch means a damaged build, not a reason to fail the page.
			continue
		}
		h.Score = sc.score
		h.Snippet = Snippet(text, terms, an, s.opts.SnippetRunes)
		res.Hits = append(res.Hits, h)
	}
	res.Facets = s.facetTable(v).count(sr.perVersion)
	addItemFacets(res.Facets, sr.Facets)
}

// analyze returns the distinct terms of q in order, at most maxTerms.
func analyze(an analysis.Analyzer, q string) []string {
	if q == "" {
		return nil
	}
	var terms []string
	seen := map[string]bool{}
	for _, tok := range an.Analyze([]byte(q)) {
		t := string(tok.Term)
		if strings.TrimSpace(t) == "" || seen[t] {
			continue
		}
		seen[t] = true
		terms = append(terms, t)
		if len(terms) == maxTerms {
			break
		}
	}
	return terms
}

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	if boost != 1 {
		q.SetBoost(boost)
	}
	return q
}
