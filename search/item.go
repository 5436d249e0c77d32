package search

import (
	"strconv"
	"strings"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// ItemKind is the kind of an item hit whose power type is not known.
const ItemKind = "执法事项"

// itemFacetFields are the facets an item search counts: the region and the
// power type (as the kind facet). Items have no level, status of their own
// or year, so those facets stay empty for item hits.
var itemFacetFields = []struct {
	facet, field string
	size         int
}{
	{FacetRegion, indexer.FieldRegion, 40},
	{FacetKind, indexer.FieldPowerType, 10},
	{FacetDomain, indexer.FieldDomain, 50},
}

// addItemFacets copies the facets bleve counted for an item search into
// out, ordered like the others (count, then value).
func addItemFacets(out map[string][]FacetValue, fr bsearch.FacetResults) {
	for _, f := range itemFacetFields {
		r := fr[f.facet]
		if r == nil || r.Terms == nil {
			continue
		}
		values := []FacetValue{}
		for _, t := range r.Terms.Terms() {
			if t.Term == "" {
				continue
			}
			values = append(values, FacetValue{Value: t.Term, Count: t.Count})
		}
		sortFacet(values)
		out[f.facet] = values
	}
}

// itemStatuses are the ids of the items of one corpus that are not in
// force, by status: an item is in force unless its penalty article is not.
// The index has no status for items (it would go stale with the texts), so
// the status filter of an item search names these few ids.
type itemStatuses struct {
	c        *corpus.Corpus
	byStatus map[corpus.Status][]string

	once sync.Once
	nums map[uint64]corpus.Status // the index's document numbers of those items
}

// itemStatusesOf returns the statuses of c's items, computing them on the
// first item search after a Swap.
func (s *Searcher) itemStatusesOf(c *corpus.Corpus) *itemStatuses {
	if t := s.items.Load(); t != nil && t.c == c {
		return t
	}
	t := &itemStatuses{c: c, byStatus: map[corpus.Status][]string{}}
	for _, it := range c.Items {
		if st := itemStatus(c, it); st != corpus.StatusInForce {
			t.byStatus[st] = append(t.byStatus[st], it.ID)
		}
	}
	s.items.Store(t)
	return t
}

// itemStatusFilter applies the status of an item search: by default (and
// for 现行有效) items whose penalty article is no longer in force are left
// out; another status keeps only the items of that status.
func (s *Searcher) itemStatusFilter(f filters, status string, v *indexer.View) filters {
	if status == StatusAll {
		return f
	}
	t := s.itemStatusesOf(v.Corpus)
	nums := t.numbers(v)
	if status == "" || status == string(corpus.StatusInForce) {
		if len(nums) > 0 {
			f.items = func(num uint64) bool { _, out := nums[num]; return !out }
		}
		return f
	}
	want := corpus.Status(status)
	f.items = func(num uint64) bool { return nums[num] == want }
	return f
}

// numbers resolves the items not in force to the index's document numbers,
// once per build: a filter that looks a number up costs nothing next to
// one that looks their ids up in every segment on every search.
func (t *itemStatuses) numbers(v *indexer.View) map[uint64]corpus.Status {
	t.once.Do(func() {
		t.nums = map[uint64]corpus.Status{}
		adv, err := v.Index.Advanced()
		if err != nil {
			return
		}
		r, err := adv.Reader()
		if err != nil {
			return
		}
		defer r.Close()
		for st, ids := range t.byStatus {
			for _, id := range ids {
				if in, err := r.InternalID(id); err == nil && len(in) == 8 {
					t.nums[in.Value()] = st
				}
			}
		}
	})
	return t.nums
}

// penaltyArticle is the article an item's penalty rests on: the first
// resolved article of its 罚则, else the article a derived item comes from.
func penaltyArticle(c *corpus.Corpus, it *corpus.Item) *corpus.Article {
	for _, b := range it.Basis {
		for _, id := range b.ArticleIDs {
			if a := c.Article(id); a != nil {
				return a
			}
		}
	}
	if it.Source.ArticleID != "" {
		return c.Article(it.Source.ArticleID)
	}
	return nil
}

// itemStatus is 现行有效 unless the item's penalty article comes from a
// version that is not in force; an item whose basis is not in the corpus
// is taken as in force, as its catalogue lists it.
func itemStatus(c *corpus.Corpus, it *corpus.Item) corpus.Status {
	if a := penaltyArticle(c, it); a != nil {
		if v := a.Version(); v != nil && v.Status != "" {
			return v.Status
		}
	}
	return corpus.StatusInForce
}

// renderItem shows an item as a hit: its name as the title, the label of
// its penalty article, its power type as the kind, and its fine and
// penalties as the text the snippet is cut from.
func renderItem(c *corpus.Corpus, it *corpus.Item) (Hit, string) {
	h := Hit{ID: it.ID, Type: indexer.TypeItem, Title: it.Name, Kind: string(it.PowerType), Region: it.Region.Path(),
		Status: string(itemStatus(c, it)), Source: itemSource(it)}
	if h.Kind == "" {
		h.Kind = ItemKind
	}
	if a := penaltyArticle(c, it); a != nil {
		h.Article = a.Label
		if v := a.Version(); v != nil {
			h.WorkID = v.WorkID
		}
	}
	return h, itemText(it)
}

// itemSource is the provenance of an item hit: the corpus file of a derived
// item, catalog:<catalogue>#<row> for a catalogue row.
func itemSource(it *corpus.Item) string {
	if it.Source.Origin != corpus.OriginCatalogue {
		return it.Source.Path
	}
	name := it.Source.Catalogue
	if name == "" {
		name = it.Source.Path
	}
	src := "catalog:" + name
	if it.Source.Row > 0 {
		src += "#" + strconv.Itoa(it.Source.Row)
	}
	return src
}

// itemText is the fine range and the penalties as written, which is what
// an officer looks for under an item's name.
func itemText(it *corpus.Item) string {
	var parts []string
	if it.Fine != nil && it.Fine.Stated() {
		parts = append(parts, "罚款"+corpus.FormatFine(it.Fine))
	}
	seen := map[string]bool{}
	for _, p := range it.Penalties {
		t := strings.TrimSpace(p.Text)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		if p.Condition != "" && !strings.Contains(t, p.Condition) {
			t = p.Condition + "的，" + t
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return it.Name
	}
	return strings.Join(parts, "；")
}
