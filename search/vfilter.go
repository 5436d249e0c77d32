package search

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"

	"github.com/lawkb/lawkb/internal/memo"
)

// Kind, level, region, status and validity are attributes of a version
// (and of a standard), shared by all its documents. Filtering on them is
// a lookup of the document's version ordinal in a table of the versions
// that pass (View.DocVersions), not the conjunction of posting lists that
// hold most of the index (全国, 现行有效).

// textAttrs are the attributes of one version or standard the filters test.
type textAttrs struct {
	workID   string
	kind     corpus.Kind
	level    string
	region   corpus.Region
	status   corpus.Status
	from, to corpus.Date
}

// attrsOf returns the attributes of version ordinal i of v.
func attrsOf(v *indexer.View, i int) (textAttrs, bool) {
	if i < len(v.Versions) && v.Versions[i] != nil && v.Versions[i].Work() != nil {
		ver := v.Versions[i]
		w := ver.Work()
		return textAttrs{w.ID, w.Kind, w.Level, w.Region, ver.Status, ver.ValidFrom, ver.ValidTo}, true
	}
	if i < len(v.Standards) && v.Standards[i] != nil {
		s := v.Standards[i]
		return textAttrs{s.ID, corpus.KindStandard, s.Level(), s.Region, s.Status, s.Effective, corpus.Date{}}, true
	}
	return textAttrs{}, false
}

// versionSet is the table of version ordinals that pass a filter.
type versionSet []bool

// setCache keeps the version tables of one build by the filter they
// answer: most searches ask for the same few (in force; in force in a
// city), and a table costs a pass over every version.
type setCache struct {
	v *indexer.View // identifies the build by its corpus
	m memo.Map[string, versionSet]
}

// maxSets bounds a build's remembered tables (dates make keys unbounded);
// past it the cache starts again.
const maxSets = 512

// passingFor returns the table of the versions of v that pass every test,
// remembered under key, which must name the tests exactly.
func (s *Searcher) passingFor(v *indexer.View, key string, tests []func(textAttrs) bool) versionSet {
	return s.remember(v, key, func() versionSet { return passing(v, tests) })
}

// remember returns the table remembered under key for v's build, made by
// build the first time.
func (s *Searcher) remember(v *indexer.View, key string, build func() versionSet) versionSet {
	c := s.sets.Load()
	if c == nil || c.v.Corpus != v.Corpus {
		c = &setCache{v: v, m: memo.Map[string, versionSet]{Limit: maxSets}}
		s.sets.Store(c)
	}
	return c.m.Get(key, build)
}

// passing builds the table of the versions of v that pass every test.
// Tables are shared between searches: never write to one.
func passing(v *indexer.View, tests []func(textAttrs) bool) versionSet {
	n := max(len(v.Versions), len(v.Standards))
	set := make(versionSet, n)
next:
	for i := range n {
		a, ok := attrsOf(v, i)
		if !ok {
			continue
		}
		for _, t := range tests {
			if !t(a) {
				continue next
			}
		}
		set[i] = true
	}
	return set
}

// and returns the versions of set that also pass test.
func (set versionSet) and(v *indexer.View, test func(textAttrs) bool) versionSet {
	out := make(versionSet, len(set))
	for i, ok := range set {
		if ok {
			if a, found := attrsOf(v, i); found && test(a) {
				out[i] = true
			}
		}
	}
	return out
}

// Filter tests.

func kindIs(k string) func(textAttrs) bool {
	return func(a textAttrs) bool { return string(a.kind) == k }
}

func levelIs(l string) func(textAttrs) bool { return func(a textAttrs) bool { return a.level == l } }

// regionUnder keeps the texts of a region and the regions below it.
func regionUnder(path string) func(textAttrs) bool {
	return func(a textAttrs) bool {
		p := a.region.Path()
		return p == path || strings.HasPrefix(p, path+"/")
	}
}

// regionOver keeps the texts that bind an officer in place: the place's
// own and those of every region above it.
func regionOver(place corpus.Region) func(textAttrs) bool {
	return func(a textAttrs) bool {
		r := a.region
		return r.Province == "" || r.Province == place.Province && (r.City == "" || r.City == place.City)
	}
}

// statusIs keeps one status; a text without a status (some standards)
// counts as in force.
func statusIs(s string) func(textAttrs) bool {
	return func(a textAttrs) bool {
		st := a.status
		if st == "" {
			st = corpus.StatusInForce
		}
		return string(st) == s
	}
}

// inForceOn keeps the texts in force on day d: valid_from <= d < valid_to.
func inForceOn(d corpus.Date) func(textAttrs) bool {
	return func(a textAttrs) bool {
		return (a.from.IsZero() || !d.Before(a.from)) && (a.to.IsZero() || d.Before(a.to))
	}
}

func kindIn(kinds []corpus.Kind) func(textAttrs) bool {
	return func(a textAttrs) bool {
		for _, k := range kinds {
			if a.kind == k {
				return true
			}
		}
		return false
	}
}

// accepts is the test of a document number the filters apply after the
// term queries: its version in the set, an item accepted.
func (f filters) accepts() func(num uint64) bool {
	set, dv, items := f.set, f.docVersions, f.items
	return func(num uint64) bool {
		if set != nil {
			if num >= uint64(len(dv)) {
				return false
			}
			ord := dv[num]
			if ord < 0 || int(ord) >= len(set) || !set[ord] {
				return false
			}
		}
		return items == nil || items(num)
	}
}

// numFilter keeps the documents of a query whose number passes accept.
type numFilter struct {
	q      query.Query
	accept func(num uint64) bool
}

// Searcher implements query.Query.
func (f *numFilter) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := f.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, s, func(_ *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
		return len(d.IndexInternalID) == 8 && f.accept(d.IndexInternalID.Value())
	}), nil
}

// InForceArticles wraps a query to keep the articles of place and the
// places above it in force on date (today's texts when date is zero): the
// filter of the plain baselines (search/eval), by the version tables as
// lawkb's own searches filter, since articles carry no version attributes.
func InForceArticles(v *indexer.View, place corpus.Region, date corpus.Date) func(query.Query) query.Query {
	tests := []func(textAttrs) bool{regionOver(place)}
	if date.IsZero() {
		tests = append(tests, statusIs(string(corpus.StatusInForce)))
	} else {
		tests = append(tests, inForceOn(date))
	}
	f := filters{keep: []query.Query{termQuery(indexer.FieldType, indexer.TypeArticle, 1)}, set: passing(v, tests), docVersions: v.DocVersions}
	return f.apply
}
