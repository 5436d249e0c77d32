package search_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// itemsFixture is an index of testdata/items (fictional texts of our own)
// with the items derived from its penalty clauses, plus one catalogue row
// whose penalty basis is the superseded version of a law: an item that is
// no longer in force.
var itemsFixture = sync.OnceValues(func() (*itemsIndex, error) {
	ctx := context.Background()
	c, err := corpus.Load(ctx, filepath.Join("testdata", "items"), corpus.LoadOptions{})
	if err != nil {
		return nil, err
	}
	if _, err := corpus.Link(c); err != nil {
		return nil, err
	}
	items, _ := corpus.DeriveItems(c, nil)
	var old *corpus.Article
	for _, w := range c.Works {
		if len(w.Versions) == 2 {
			old = w.Versions[0].Articles[2] // 第三条 of the 2016 text
		}
	}
	stale := &corpus.Item{
		ID: "item-test-stale", Name: "擅自设置摊点（旧目录）", PowerType: corpus.PowerPenalty, Region: corpus.ParseRegion(corpus.National),
		Basis:     []corpus.Citation{{Text: "《中华人民共和国示范摊点管理法》第三条", Article: 3, WorkID: old.Version().WorkID, VersionID: old.Version().ID, ArticleIDs: []string{old.ID}}},
		Penalties: []corpus.Penalty{{Kind: corpus.PenaltyFine, Text: "处一百元以上五百元以下罚款", Fine: &corpus.Fine{Min: 100, Max: 500, Unit: corpus.UnitYuan}}},
		Fine:      &corpus.Fine{Min: 100, Max: 500, Unit: corpus.UnitYuan},
		Source:    corpus.ItemSource{Origin: corpus.OriginCatalogue, Catalogue: "测试目录", Row: 7},
	}
	c.SetItems(append(items, stale))
	dir, err := mkdtempIndex()
	if err != nil {
		return nil, err
	}
	if _, err := indexer.Build(ctx, c, dir, indexer.BuildOptions{}); err != nil {
		return nil, err
	}
	x, err := indexer.Open(dir)
	if err != nil {
		return nil, err
	}
	return &itemsIndex{c: x.Corpus(), x: x, s: search.New(x, search.Options{}), dir: dir}, nil
})

type itemsIndex struct {
	c   *corpus.Corpus
	x   *indexer.Index
	s   *search.Searcher
	dir string
}

func items(t *testing.T) *itemsIndex {
	t.Helper()
	f, err := itemsFixture()
	if err != nil {
		t.Fatalf("items fixture: %v", err)
	}
	return f
}

// derivedItem finds the item derived from article n of the text with the
// title (its current version).
func derivedItem(t *testing.T, f *itemsIndex, title string, n int) *corpus.Item {
	t.Helper()
	for _, it := range f.c.Items {
		if a := f.c.Article(it.Source.ArticleID); a != nil && a.Version().Title == title && a.Number == n {
			return it
		}
	}
	t.Fatalf("no item derived from %s article %d", title, n)
	return nil
}

const (
	stallLaw = "中华人民共和国示范摊点管理法"
	dogRule  = "温州市示范犬只管理条例"
)

func TestSearchItems(t *testing.T) {
	f := items(t)
	stall := derivedItem(t, f, stallLaw, 3)
	dog := derivedItem(t, f, dogRule, 3)
	tests := []struct {
		name  string
		req   search.Request
		want  []string // hit ids, in any order
		total uint64
	}{
		{"items for a query", search.Request{Query: "摊点", Type: "item"}, []string{stall.ID}, 1},
		{"default leaves items out", search.Request{Query: "摊点 罚款"}, nil, 0},
		{"stale item on request", search.Request{Query: "摊点", Type: "item", Status: "已修改"}, []string{"item-test-stale"}, 1},
		{"every status", search.Request{Query: "摊点", Type: "item", Status: "all"}, []string{stall.ID, "item-test-stale"}, 2},
		{"repealed: none", search.Request{Query: "摊点", Type: "item", Status: "已废止"}, nil, 0},
		{"power type", search.Request{Query: "摊点", Type: "item", Kind: "行政处罚"}, []string{stall.ID}, 1},
		{"other power type", search.Request{Query: "摊点", Type: "item", Kind: "行政强制"}, nil, 0},
		{"officer in Wenzhou", search.Request{Query: "犬链", Type: "item", In: "温州"}, []string{dog.ID}, 1},
		{"officer in Guangdong", search.Request{Query: "犬链", Type: "item", In: "广东"}, nil, 0},
		{"region narrows", search.Request{Query: "罚款", Type: "item", Region: "浙江"}, []string{dog.ID}, 1},
		{"listing", search.Request{Type: "item"}, []string{stall.ID, dog.ID}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := f.s.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				if h.Type == indexer.TypeItem {
					got = append(got, h.ID)
				}
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("item hits %v, want %v (plan %s, %d hits)", got, want, res.Plan, len(res.Hits))
			}
			if tt.req.Type == "item" && (res.Total != tt.total || len(res.Hits) != len(tt.want)) {
				t.Errorf("total %d, %d hits; want %d and only items", res.Total, len(res.Hits), tt.total)
			}
		})
	}
}

// TestItemHit checks how an item renders as a hit: name, penalty article,
// kind, status, provenance and a snippet of fine and penalties.
func TestItemHit(t *testing.T) {
	f := items(t)
	stall := derivedItem(t, f, stallLaw, 3)
	res, err := f.s.Search(context.Background(), search.Request{Query: "摊点", Type: "item", Status: "all"})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]search.Hit{}
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	h, ok := byID[stall.ID]
	if !ok {
		t.Fatalf("no hit for %s: %+v", stall.ID, res.Hits)
	}
	pa := f.c.Article(stall.Source.ArticleID)
	want := search.Hit{ID: stall.ID, Type: "item", WorkID: pa.Version().WorkID, Title: stall.Name, Article: "第三条",
		Kind: "行政处罚", Region: "全国", Status: "现行有效", Source: "行政法/示范摊点管理法(2022-01-01).md"}
	got := h
	got.Snippet, got.Score, got.Explain = "", 0, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hit\n got %+v\nwant %+v", got, want)
	}
	for _, w := range []string{"罚款200元以上1000元以下", "没收<mark>摊点</mark>设施"} {
		if !strings.Contains(h.Snippet, w) {
			t.Errorf("snippet %q lacks %q", h.Snippet, w)
		}
	}
	stale := byID["item-test-stale"]
	if stale.Status != "已修改" || stale.Source != "catalog:测试目录#7" || stale.Article != "第三条" || !strings.Contains(stale.Snippet, "罚款100元以上500元以下") {
		t.Errorf("stale item hit %+v", stale)
	}
}

// TestItemFacets checks that an item search counts region and kind (the
// power type) and leaves the facets items lack empty.
func TestItemFacets(t *testing.T) {
	f := items(t)
	res, err := f.s.Search(context.Background(), search.Request{Query: "罚款", Type: "item", Status: "all"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 {
		t.Fatalf("total %d, want 3", res.Total)
	}
	want := map[string][]search.FacetValue{
		search.FacetRegion: {{Value: "全国", Count: 2}, {Value: "浙江/温州", Count: 1}},
		search.FacetKind:   {{Value: "行政处罚", Count: 3}},
		search.FacetLevel:  {}, search.FacetStatus: {}, search.FacetYear: {},
	}
	for name, w := range want {
		if got := res.Facets[name]; !slices.Equal(got, w) {
			t.Errorf("facet %s = %v, want %v", name, got, w)
		}
	}
}

// TestSearchType checks the other types and that a citation is put first
// only where articles are hits.
func TestSearchType(t *testing.T) {
	f := items(t)
	for _, typ := range []string{"article", "version"} {
		res, err := f.s.Search(context.Background(), search.Request{Query: "摊点", Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("type %s: no hits", typ)
		}
		for _, h := range res.Hits {
			if h.Type != typ {
				t.Errorf("type %s: hit %s of type %s", typ, h.ID, h.Type)
			}
		}
	}
	res, err := f.s.Search(context.Background(), search.Request{Type: "version", Status: "all"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan != search.PlanList || res.Total != 3 {
		t.Errorf("version listing: plan %s total %d, want list 3", res.Plan, res.Total)
	}
	q := "示范摊点管理法第三条"
	res, err = f.s.Search(context.Background(), search.Request{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cited == nil {
		t.Fatalf("%s cites nothing", q)
	}
	res, err = f.s.Search(context.Background(), search.Request{Query: q, Type: "item"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cited != nil {
		t.Errorf("type item: cited %+v", res.Cited)
	}
	for _, h := range res.Hits {
		if h.Type != "item" {
			t.Errorf("type item: hit %s of type %s", h.ID, h.Type)
		}
	}
}

func TestSearchTypeInvalid(t *testing.T) {
	f := items(t)
	d, _ := corpus.ParseDate("2023-01-01")
	for _, req := range []search.Request{
		{Query: "摊点", Type: "law"},
		{Query: "摊点", Type: "item", Kind: "法律"},
		{Query: "摊点", Type: "item", Level: "法律"},
		{Query: "摊点", Type: "item", AsOf: d},
		{Query: "摊点", Type: "article", Kind: "行政处罚"},
	} {
		_, err := f.s.Search(context.Background(), req)
		if corpus.ErrorCode(err) != corpus.CodeInvalid {
			t.Errorf("%+v: err %v, want invalid", req, err)
		}
	}
}

// itemsDir is the items fixture's index root, removed by TestMain.
var itemsDir string

func mkdtempIndex() (string, error) {
	dir, err := os.MkdirTemp("", "lawkb-search-items-")
	itemsDir = dir
	return dir, err
}

// closeItemsFixture closes and removes the items fixture if a test built it.
func closeItemsFixture() {
	if itemsDir == "" {
		return
	}
	if f, err := itemsFixture(); err == nil {
		f.x.Close()
	}
	os.RemoveAll(itemsDir)
}
