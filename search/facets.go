package search

import (
	"context"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// facetTable holds, for one build, the facet values of every version by
// ordinal, so that summing a search's hits per version into the five
// facets is array arithmetic rather than map lookups.
type facetTable struct {
	versions []*corpus.Version // the build's View.Versions, identifying it
	values   [][]string        // per facet: the distinct values
	of       [][]int32         // per facet, per version ordinal: index in values, -1 for none
	// ordinal finds the ordinal of a version or a standard by its id (the
	// vno keys of indexer.Ordinals), to count a ranked list the way a
	// search counts its hits.
	ordinal map[string]int32
}

// facetTable returns the table of the view's build, building it on the
// first search after an Open or a Swap.
func (s *Searcher) facetTable(v *indexer.View) *facetTable {
	if t := s.table.Load(); t != nil && sameVersions(t.versions, v.Versions) {
		return t
	}
	t := newFacetTable(v.Versions, v.Standards)
	s.table.Store(t)
	return t
}

func sameVersions(a, b []*corpus.Version) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// newFacetTable tabulates the facets of every ordinal: a version's, or a
// standard's where standards (of the same length, or nil) has one.
func newFacetTable(versions []*corpus.Version, standards []*corpus.Standard) *facetTable {
	t := &facetTable{versions: versions, values: make([][]string, len(facetSizes)), of: make([][]int32, len(facetSizes)),
		ordinal: make(map[string]int32, len(versions))}
	for i, v := range versions {
		switch {
		case v != nil:
			t.ordinal[v.ID] = int32(i)
		case i < len(standards) && standards[i] != nil:
			t.ordinal[standards[i].ID] = int32(i)
		}
	}
	for f := range facetSizes {
		index := map[string]int32{}
		t.of[f] = make([]int32, len(versions))
		for i, v := range versions {
			var val string
			switch {
			case v != nil:
				val = facetValue(facetSizes[f].name, v)
			case i < len(standards) && standards[i] != nil:
				val = standardFacetValue(facetSizes[f].name, standards[i])
			}
			if val == "" {
				t.of[f][i] = -1
				continue
			}
			k, ok := index[val]
			if !ok {
				k = int32(len(t.values[f]))
				index[val] = k
				t.values[f] = append(t.values[f], val)
			}
			t.of[f][i] = k
		}
	}
	return t
}

// facetValue is the value of the named facet for a version; "" when it has
// none (no level, no known year).
func facetValue(facet string, v *corpus.Version) string {
	w := v.Work()
	if w == nil {
		return ""
	}
	switch facet {
	case FacetKind:
		return string(w.Kind)
	case FacetLevel:
		return w.Level
	case FacetRegion:
		return w.Region.Path()
	case FacetStatus:
		return string(v.Status)
	case FacetYear:
		if y := indexer.Year(v); y != 0 {
			return strconv.Itoa(y)
		}
	}
	return ""
}

// standardFacetValue is the value of the named facet for a standard.
func standardFacetValue(facet string, s *corpus.Standard) string {
	switch facet {
	case FacetKind:
		return string(corpus.KindStandard)
	case FacetLevel:
		return s.Level()
	case FacetRegion:
		return s.Region.Path()
	case FacetStatus:
		return string(s.Status)
	case FacetYear:
		if y := s.Effective.Year(); y != 0 {
			return strconv.Itoa(y)
		}
	}
	return ""
}

// count sums the hits per version into the facets, each ordered by count
// (then value) and cut to its size. Every facet is present, empty when
// nothing matched.
func (t *facetTable) count(perVersion []int32) map[string][]FacetValue {
	counts := make([][]int, len(facetSizes))
	for f := range facetSizes {
		counts[f] = make([]int, len(t.values[f]))
	}
	for ord, n := range perVersion {
		if n == 0 || ord >= len(t.versions) {
			continue
		}
		for f := range facetSizes {
			if k := t.of[f][ord]; k >= 0 {
				counts[f][k] += int(n)
			}
		}
	}
	out := make(map[string][]FacetValue, len(facetSizes))
	for f, fs := range facetSizes {
		values := []FacetValue{}
		for k, n := range counts[f] {
			if n > 0 {
				values = append(values, FacetValue{Value: t.values[f][k], Count: n})
			}
		}
		sortFacet(values)
		if len(values) > fs.size {
			values = values[:fs.size]
		}
		out[fs.name] = values
	}
	return out
}

// perVersion counts ranked candidates per version ordinal, as a search
// counts its hits: articles and sections under their version, versions and
// standards under their own.
func (t *facetTable) perVersion(c *corpus.Corpus, list []*candidate) []int32 {
	out := make([]int32, len(t.versions))
	for _, x := range list {
		key := x.id
		switch {
		case x.a != nil:
			key = x.a.VersionID
		case x.typ == indexer.TypeSection:
			if sec := c.Section(x.id); sec != nil && sec.Version() != nil {
				key = sec.Version().ID
			}
		}
		if ord, ok := t.ordinal[key]; ok {
			out[ord]++
		}
	}
	return out
}

// countingQuery wraps a query and counts each document it yields under the
// document's version. It sits at the top of the query tree, where every
// document passes exactly once, after all filters.
type countingQuery struct {
	q           query.Query
	docVersions []int32 // View.DocVersions
	counts      []int32 // per version ordinal
}

// Searcher implements query.Query.
func (c *countingQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := c.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, s, func(_ *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
		if len(d.IndexInternalID) == 8 {
			if num := d.IndexInternalID.Value(); num < uint64(len(c.docVersions)) {
				if ord := c.docVersions[num]; ord >= 0 {
					c.counts[ord]++
				}
			}
		}
		return true
	}), nil
}

// sortFacet orders facet values by count, then value.
func sortFacet(values []FacetValue) {
	sort.Slice(values, func(i, j int) bool {
		if values[i].Count != values[j].Count {
			return values[i].Count > values[j].Count
		}
		return values[i].Value < values[j].Value
	})
}
