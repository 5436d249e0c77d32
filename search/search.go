package search

import (
	"context"
	"encoding/json"
	"fmt"
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
	// Weights is the linear ranker that fuses the generators (nil: the
	// embedded DefaultWeights).
	Weights Weights
	// Boosts are the forests added to the linear ranker per intent (nil:
	// the embedded DefaultBoosts; an empty map: none).
	Boosts Boosts
	// CacheBytes bounds the result cache (0: DefaultCacheBytes; negative:
	// no cache).
	CacheBytes int64
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
	cache     *Cache
	opts      Options
	weights   Weights
	boosts    Boosts
	thesaurus *Thesaurus                   // nil: no expansion
	table     atomic.Pointer[facetTable]   // facet values of the build last searched
	cites     resolvers                    // citation resolver of the corpus last searched
	items     atomic.Pointer[itemStatuses] // statuses of the items of the corpus last searched for items
	bridges   learnedCache                 // learned model of the build last searched
	prior     atomic.Pointer[priors]       // priors of the corpus last searched
	dfs       atomic.Pointer[dfCache]      // document frequencies of the build last searched
	sets      atomic.Pointer[setCache]     // version tables of the build last searched
}

// New returns a Searcher over idx.
func New(idx *indexer.Index, opts Options) *Searcher {
	s := &Searcher{idx: idx, opts: opts.withDefaults(), thesaurus: opts.Thesaurus, weights: opts.Weights, boosts: opts.Boosts}
	switch {
	case opts.CacheBytes == 0:
		s.cache = NewCache(DefaultCacheBytes)
	case opts.CacheBytes > 0:
		s.cache = NewCache(opts.CacheBytes)
	}
	if s.weights == nil {
		// The embedded file is checked by the tests.
		s.weights, _ = DefaultWeights()
	}
	if s.boosts == nil {
		s.boosts, _ = DefaultBoosts()
	}
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
	req = req.Canonical()
	var res *Result
	err := s.idx.View(func(v *indexer.View) error {
		key := cacheKey("search", req)
		if r, ok := s.cache.get(v.Meta.Dir, key); ok {
			cp := *r.(*Result)
			res = &cp
			return nil
		}
		var err error
		if res, err = s.search(ctx, v, req); err != nil {
			return err
		}
		s.cache.put(v.Meta.Dir, key, res, resultSize(res))
		return nil
	})
	if err != nil {
		return nil, err
	}
	cp := *res // the cached result is shared: time this answer on a copy
	cp.Took = time.Since(start)
	return &cp, nil
}

// CacheStats returns the counters of the searcher's result cache.
func (s *Searcher) CacheStats() CacheStats { return s.cache.Stats() }

// cacheKey is a request in a form that tells requests apart: its kind
// and its fields, canonical.
func cacheKey(kind string, req any) string {
	b, _ := json.Marshal(req)
	return kind + "\x00" + string(b)
}

// Plan returns the plan a request becomes over the index as it is now: what
// /api/v1/search?explain=1 shows.
func (s *Searcher) Plan(ctx context.Context, req Request, describe bool) (Plan, error) {
	req = req.WithDefaults()
	if err := req.Validate(); err != nil {
		return Plan{}, err
	}
	req = req.Canonical()
	var p Plan
	err := s.idx.View(func(v *indexer.View) error {
		env, err := s.newEnv(ctx, v)
		if err != nil {
			return err
		}
		defer env.close()
		p = BuildPlan(req, describe, env)
		return nil
	})
	return p, err
}

func (s *Searcher) search(ctx context.Context, v *indexer.View, req Request) (*Result, error) {
	env, err := s.newEnv(ctx, v)
	if err != nil {
		return nil, err
	}
	if req.Type == indexer.TypeItem {
		env.field = indexer.FieldItemText
	}
	p := BuildPlan(req, false, env)
	env.close()
	from := (req.Page - 1) * req.Size
	out, err := s.execute(ctx, v, p, from+req.Size)
	if err != nil {
		return nil, err
	}
	res := &Result{Terms: p.typedTerms(), Expansions: p.Expansions, Intent: p.Intent, Page: req.Page, Size: req.Size,
		Hits: []Hit{}, Facets: map[string][]FacetValue{}}
	switch {
	case p.Intent == IntentList:
		res.Plan = PlanList
	case out.all:
		res.Plan = PlanAll
	default:
		res.Plan = PlanAny
	}
	if res.Terms == nil {
		res.Terms = []string{}
	}
	ids := make([]scored, 0, req.Size)
	var explain []map[string]float64
	for i := from; i < from+req.Size; i++ {
		switch {
		case i < len(out.ranked):
			c := out.ranked[i]
			ids = append(ids, scored{c.id, c.score})
			if req.Explain {
				explain = append(explain, c.explain())
			}
		case i-len(out.ranked) < len(out.tail):
			ids = append(ids, out.tail[i-len(out.ranked)])
			explain = append(explain, nil)
		}
	}
	if sr := out.primary; sr != nil {
		if p.Intent != IntentList && req.Type != indexer.TypeItem && sr.Total <= uint64(len(sr.Hits)) {
			// Everything the words matched was ranked: the answer is the
			// ranked list, and its total and facets count it (not the
			// matches the ranker did not show, nor miss what the other
			// generators brought).
			sr = &ran{SearchResult: &bleve.SearchResult{Total: uint64(len(out.ranked))},
				perVersion: s.facetTable(v).perVersion(v.Corpus, out.ranked)}
		}
		s.fill(res, v, ids, p.highlightTerms(), sr)
		if n := uint64(len(out.ranked) + len(out.tail)); p.Intent != IntentList && res.Total < n {
			res.Total = max(res.Total, uint64(len(out.ranked)))
		}
	} else {
		s.fill(res, v, ids, p.highlightTerms(), &ran{SearchResult: &bleve.SearchResult{}})
		res.Total = uint64(len(out.ranked))
	}
	if req.Explain {
		for i := range res.Hits {
			if i < len(explain) {
				res.Hits[i].Explain = explain[i]
			}
		}
		res.Explain = &p
	}
	if p.Cite != nil && req.Page == 1 && len(res.Hits) > 0 && res.Hits[0].ID == p.Cite.ArticleID {
		cited := p.Cite.Cited
		res.Hits[0].Cited = &cited
		if a := v.Corpus.Article(p.Cite.ArticleID); a != nil {
			res.Hits[0].Snippet = citedSnippet(a, cited.Paragraph, cited.Item)
		}
		res.Cited = &cited
	}
	return res, nil
}

// filters are the non-scoring parts of a query: documents must match every
// query in keep and none in drop, and their version must be in set (nil:
// any document).
type filters struct {
	keep, drop []query.Query
	// narrow are selective queries (the documents of a few works) that
	// join the scoring query in a conjunction, which bleve evaluates by
	// skipping to their documents; keep is checked document by document.
	narrow      []query.Query
	set         versionSet
	setKey      string // names set in the build's table cache
	docVersions []int32
	// items keeps the item documents it accepts, by document number (the
	// status of an item is its penalty article's, not the index's).
	items func(num uint64) bool
}

// filter turns the request's filters into what a search keeps: the type as
// a term query; kind, level, region, place, status and validity, which are
// the version's, as the set of versions that pass. Items have no version:
// a search of items filters on their own fields, and the default status
// 现行有效 is that of their penalty article.
func (s *Searcher) filter(req Request, v *indexer.View) filters {
	var f filters
	if req.Type == indexer.TypeItem {
		f.keep = append(f.keep, termQuery(indexer.FieldType, indexer.TypeItem, 1))
		if req.Kind != "" {
			f.keep = append(f.keep, termQuery(indexer.FieldPowerType, req.Kind, 1))
		}
		if req.Domain != "" {
			f.keep = append(f.keep, termQuery(indexer.FieldDomain, req.Domain, 1))
		}
		if req.Region != "" && req.Region != corpus.National {
			f.keep = append(f.keep, termQuery(indexer.FieldRegionTree, req.Region, 1))
		}
		if req.In != "" {
			f.keep = append(f.keep, placeQuery(req.InRegion()))
		}
		return s.itemStatusFilter(f, req.Status, v)
	}
	if req.Type != "" {
		f.keep = append(f.keep, termQuery(indexer.FieldType, req.Type, 1))
	}
	var tests []func(textAttrs) bool
	key := []string{req.Kind, req.Level, "", "", "", ""}
	if req.Kind != "" {
		tests = append(tests, kindIs(req.Kind))
	}
	if req.Level != "" {
		tests = append(tests, levelIs(req.Level))
	}
	if req.Region != "" && req.Region != corpus.National {
		tests = append(tests, regionUnder(req.Region))
		key[2] = req.Region
	}
	if req.In != "" {
		tests = append(tests, regionOver(req.InRegion()))
		key[3] = req.InRegion().Path()
	}
	status := req.Status
	if status == "" && req.AsOf.IsZero() {
		status = string(corpus.StatusInForce)
	}
	if status != "" && status != StatusAll {
		tests = append(tests, statusIs(status))
		key[4] = status
	}
	if !req.AsOf.IsZero() {
		tests = append(tests, inForceOn(req.AsOf))
		key[5] = req.AsOf.String()
	}
	// Every document of a version or a standard passes through the set,
	// which items (no version) never pass: a search without a type leaves
	// them out.
	f.setKey = "filter\x00" + strings.Join(key, "\x00")
	f.set, f.docVersions = s.passingFor(v, f.setKey, tests), v.DocVersions
	return f
}

// restrict returns the filters with only the versions that also pass
// test, which key names: the place a text names.
func (s *Searcher) restrict(f filters, v *indexer.View, key string, test func(textAttrs) bool) filters {
	if f.set == nil {
		f.setKey = "all"
		f.set, f.docVersions = s.passingFor(v, f.setKey, nil), v.DocVersions
	}
	base := f.set
	f.setKey += "\x00and\x00" + key
	f.set = s.remember(v, f.setKey, func() versionSet { return base.and(v, test) })
	return f
}

// apply wraps a scoring query (nil for all documents) with the filters.
func (f filters) apply(must query.Query) query.Query {
	q := f.applyTerms(must)
	if f.set != nil || f.items != nil {
		q = &numFilter{q: q, accept: f.accepts()}
	}
	return q
}

// applyTerms wraps a query with the keep and drop queries.
func (f filters) applyTerms(must query.Query) query.Query {
	if len(f.narrow) > 0 && must != nil {
		must = query.NewConjunctionQuery(append([]query.Query{must}, f.narrow...))
	}
	if len(f.keep) == 0 && len(f.drop) == 0 && must != nil {
		return must
	}
	if must == nil && len(f.keep) == 0 && len(f.drop) == 0 {
		return query.NewMatchAllQuery()
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

// runPlain executes a bleve search of a secondary generator: the top
// documents only, no facets, no counts.
func (s *Searcher) runPlain(ctx context.Context, v *indexer.View, q query.Query, size int) (*ran, error) {
	sr, err := v.Index.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, size, 0, false))
	if err != nil {
		if ctx.Err() != nil {
			return nil, corpus.Errorf(corpus.CodeUnavailable, "search: %w", ctx.Err())
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	return &ran{SearchResult: sr}, nil
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
