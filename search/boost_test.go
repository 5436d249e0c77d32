package search

import (
	"slices"
	"strings"
	"testing"
)

// feats is a feature vector with the named features set.
func feats(kv map[string]float64) []float64 {
	f := make([]float64, nFeatures)
	for k, v := range kv {
		f[slices.Index(featureNames[:], k)] = v
	}
	return f
}

// testForest adds 10 to a candidate whose coverage is at least 0.5 and
// whose words score is below 0.2, and −1 to any other.
func testForest(t *testing.T, page int) *Forest {
	t.Helper()
	f := &Forest{Page: page, Trees: []Tree{{
		{Feature: "coverage", Below: 0.5, Left: 1, Right: 2},
		{Value: -1},
		{Feature: "words", Below: 0.2, Left: 3, Right: 4},
		{Value: 10},
		{Value: -1},
	}}}
	if err := f.Resolve(); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestForestScore(t *testing.T) {
	f := testForest(t, 10)
	for _, c := range []struct {
		x    map[string]float64
		want float64
	}{
		{map[string]float64{"coverage": 0.5, "words": 0.1}, 10},
		{map[string]float64{"coverage": 0.49, "words": 0.1}, -1},
		{map[string]float64{"coverage": 1, "words": 0.2}, -1},
		{nil, -1},
	} {
		if got := f.Score(feats(c.x)); got != c.want {
			t.Errorf("Score(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	var none *Forest
	if got := none.Score(feats(nil)); got != 0 {
		t.Errorf("nil forest scores %v, want 0", got)
	}
	if got := f.Prefix(0).Score(feats(map[string]float64{"coverage": 1})); got != 0 {
		t.Errorf("forest of no trees scores %v, want 0", got)
	}
}

func TestForestResolveRejectsBadTrees(t *testing.T) {
	for name, tree := range map[string]Tree{
		"unknown feature": {{Feature: "nope", Left: 1, Right: 2}, {}, {}},
		"loop":            {{Feature: "words", Left: 0, Right: 1}, {}},
		"child missing":   {{Feature: "words", Left: 1, Right: 5}, {}},
		"empty":           {},
	} {
		if err := (&Forest{Trees: []Tree{tree}}).Resolve(); err == nil {
			t.Errorf("%s: resolved without error", name)
		}
	}
	if _, err := ParseBoosts([]byte(`{"question": {"page": 10, "trees": [[{"f": "nope", "l": 1, "r": 2}, {}, {}]]}}`)); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("ParseBoosts of an unknown feature: %v", err)
	}
}

// The forest reorders the first page only; the page's candidates take
// the page's scores in their new order, ties included.
func TestForestRerank(t *testing.T) {
	f := testForest(t, 3)
	good := feats(map[string]float64{"coverage": 0.8})
	plain := feats(nil)
	x := [][]float64{plain, plain, good, good, plain}
	scores := []float64{5, 4, 3, 2, 1}
	f.Rerank(scores, func(i int) []float64 { return x[i] })
	if want := []float64{4, 3, 5, 2, 1}; !slices.Equal(scores, want) {
		t.Errorf("Rerank = %v, want %v (candidate 3 is past the page)", scores, want)
	}
	// Tied scores keep the new order.
	scores = []float64{2, 2, 2, 1}
	f.Rerank(scores, func(i int) []float64 { return x[i] })
	if !(scores[2] > scores[0] && scores[0] > scores[1] && scores[1] > scores[3]) {
		t.Errorf("tied page reranked to %v, want candidate 2 first, then 0, 1, 3", scores)
	}
}

func TestDefaultBoosts(t *testing.T) {
	b, err := DefaultBoosts()
	if err != nil {
		t.Fatal(err)
	}
	f := b[IntentQuestion]
	if f == nil || len(f.Trees) == 0 || f.Page < 1 {
		t.Fatalf("search/boost.json holds no forest for questions")
	}
	back, err := ParseBoosts(b.MarshalLines())
	if err != nil {
		t.Fatal(err)
	}
	x := feats(map[string]float64{"coverage": 0.6, "likely_chapter": 0.3, "feedback": 0.7})
	if got, want := back[IntentQuestion].Score(x), f.Score(x); got != want {
		t.Errorf("read back the forest scores %v, want %v", got, want)
	}
}
