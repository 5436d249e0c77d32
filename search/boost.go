package search

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// Node is one node of a regression tree: an inner node sends a candidate
// left when its feature is below the threshold, a leaf adds its value.
type Node struct {
	Feature string  `json:"f,omitempty"` // "" for a leaf
	Below   float64 `json:"t,omitempty"`
	Left    int     `json:"l,omitempty"`
	Right   int     `json:"r,omitempty"`
	Value   float64 `json:"v,omitempty"`

	fi int // Feature's index in the features; -1 for a leaf
}

// Tree is a regression tree, its root first.
type Tree []Node

// Forest is a sum of regression trees learned on top of an intent's
// linear ranker (lawkb tune: gradient-boosted with LambdaRank gradients)
// that reorders the first page of the linear ranking: the candidates of
// that page are ranked by their linear score plus the forest's, and take
// the page's scores in their new order, so that what the page holds and
// the scores around it stay as the linear ranker made them.
type Forest struct {
	Page  int    `json:"page"`
	Trees []Tree `json:"trees"`
}

// Boosts are the forests of each intent; an intent without one is ranked
// by its linear weights alone.
type Boosts map[Intent]*Forest

//go:embed boost.json
var boostJSON []byte

// DefaultBoosts are lawkb's learned forests (search/boost.json).
func DefaultBoosts() (Boosts, error) {
	b, err := ParseBoosts(boostJSON)
	if err != nil {
		return nil, fmt.Errorf("search: boost.json: %w", err)
	}
	return b, nil
}

// ParseBoosts reads forests as search/boost.json keeps them and checks
// every tree.
func ParseBoosts(data []byte) (Boosts, error) {
	var b Boosts
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, err
	}
	return b, b.resolve()
}

// resolve ties the trees' feature names to their indexes, and checks
// that every tree is well formed.
func (b Boosts) resolve() error {
	idx := map[string]int{}
	for i, n := range featureNames {
		idx[n] = i
	}
	for in, f := range b {
		if f == nil {
			continue
		}
		for t, tree := range f.Trees {
			if err := tree.resolve(idx); err != nil {
				return fmt.Errorf("search: forest %s tree %d: %w", in, t, err)
			}
		}
	}
	return nil
}

func (t Tree) resolve(idx map[string]int) error {
	if len(t) == 0 {
		return fmt.Errorf("empty tree")
	}
	for i := range t {
		n := &t[i]
		if n.Feature == "" {
			n.fi = -1
			continue
		}
		fi, ok := idx[n.Feature]
		if !ok {
			return fmt.Errorf("unknown feature %q", n.Feature)
		}
		// children come after their parent, so a tree cannot loop
		if n.Left <= i || n.Right <= i || n.Left >= len(t) || n.Right >= len(t) {
			return fmt.Errorf("node %d: children %d, %d out of order", i, n.Left, n.Right)
		}
		n.fi = fi
	}
	return nil
}

// Resolve checks a forest built outside this package (lawkb tune) and
// makes it ready to score.
func (f *Forest) Resolve() error { return Boosts{"": f}.resolve() }

// Score is the forest's sum over its trees for one candidate's features
// (in FeatureNames order); 0 for a nil forest.
func (f *Forest) Score(x []float64) float64 {
	if f == nil {
		return 0
	}
	s := 0.0
	for _, t := range f.Trees {
		i := 0
		for t[i].fi >= 0 {
			if x[t[i].fi] < t[i].Below {
				i = t[i].Left
			} else {
				i = t[i].Right
			}
		}
		s += t[i].Value
	}
	return s
}

// Rerank reorders the first page of scores (a candidate's linear score;
// feats gives its features) by the linear score plus the forest's. The
// page's candidates exchange their scores, so the order of all is a
// sort by score, ties as before.
func (f *Forest) Rerank(scores []float64, feats func(int) []float64) {
	if f == nil || len(f.Trees) == 0 || len(scores) < 2 {
		return
	}
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return scores[idx[x]] > scores[idx[y]] })
	page := idx[:min(f.Page, len(idx))]
	vals := make([]float64, len(page)) // the page's scores, best first
	boosted := make([]float64, len(scores))
	for k, i := range page {
		vals[k] = scores[i]
		boosted[i] = scores[i] + f.Score(feats(i))
	}
	sort.SliceStable(page, func(x, y int) bool { return boosted[page[x]] > boosted[page[y]] })
	// Equal scores would undo the new order where they tie: each keeps a
	// hair above the next, and the last above the best outside the page.
	floor := math.Inf(-1)
	if len(idx) > len(page) {
		floor = scores[idx[len(page)]]
	}
	for k := len(page) - 1; k >= 0; k-- {
		v := vals[k]
		if v <= floor {
			v = floor + 1e-9*math.Max(1, math.Abs(floor))
		}
		scores[page[k]] = v
		floor = v
	}
}

// Prefix is the forest of the first n trees.
func (f *Forest) Prefix(n int) *Forest {
	if f == nil || n >= len(f.Trees) {
		return f
	}
	return &Forest{Page: f.Page, Trees: f.Trees[:n]}
}

// MarshalLines encodes b as JSON with one tree a line, as
// search/boost.json is kept.
func (b Boosts) MarshalLines() []byte {
	ins := make([]string, 0, len(b))
	for in := range b {
		ins = append(ins, string(in))
	}
	sort.Strings(ins)
	var out []byte
	out = append(out, "{"...)
	for k, in := range ins {
		f := b[Intent(in)]
		name, _ := json.Marshal(in)
		out = fmt.Appendf(out, "\n  %s: {\n    \"page\": %d,\n    \"trees\": [", name, f.Page)
		for t, tree := range f.Trees {
			line, _ := json.Marshal(tree) // nodes of numbers and names: cannot fail
			if t > 0 {
				out = append(out, ","...)
			}
			out = append(out, "\n      "...)
			out = append(out, line...)
		}
		out = append(out, "\n    ]\n  }"...)
		if k < len(ins)-1 {
			out = append(out, ","...)
		}
	}
	return append(out, "\n}\n"...)
}
