package eval

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"sort"

	"github.com/lawkb/lawkb/search"
)

// BoostOptions tune TrainBoost.
type BoostOptions struct {
	Trees       int     // trees per intent (default 100)
	Rate        float64 // shrinkage of every leaf (default 0.1)
	Depth       int     // levels of splits (default 3: eight leaves)
	MinLeaf     int     // candidates a leaf holds at least (default 200)
	Bins        int     // thresholds tried per feature (default 32)
	MinExamples int     // an intent with fewer examples gets no forest (default 100)
	Page        int     // the forest reorders the first Page candidates of the linear ranking (default 10)
	// Intents get forests (nil: every intent with MinExamples).
	Intents []search.Intent
	Log     io.Writer
}

func (o BoostOptions) withDefaults() BoostOptions {
	if o.Trees == 0 {
		o.Trees = 100
	}
	if o.Rate == 0 {
		o.Rate = 0.1
	}
	if o.Depth == 0 {
		o.Depth = 3
	}
	if o.MinLeaf == 0 {
		o.MinLeaf = 200
	}
	if o.Bins == 0 {
		o.Bins = 32
	}
	if o.MinExamples == 0 {
		o.MinExamples = 100
	}
	if o.Page == 0 {
		o.Page = 10
	}
	return o
}

// TrainBoost learns, for each intent with enough examples, a forest added
// to the linear ranker w: gradient-boosted regression trees on LambdaRank
// gradients (each pair of a gold and a non-gold candidate of a record
// pulled apart by how much swapping them would change the record's NDCG),
// starting from the linear scores. The linear weights stay as they are.
func TrainBoost(exs []Example, w search.Weights, opts BoostOptions) search.Boosts {
	opts = opts.withDefaults()
	out := search.Boosts{}
	for in, group := range byIntent(exs) {
		if in == search.IntentCitation || in == search.IntentList || len(group) < opts.MinExamples ||
			opts.Intents != nil && !slices.Contains(opts.Intents, in) {
			continue
		}
		f := newBooster(group, w, opts).train(string(in))
		if f != nil {
			f.Page = opts.Page
			out[in] = f
		}
	}
	return out
}

func byIntent(exs []Example) map[search.Intent][]*Example {
	m := map[search.Intent][]*Example{}
	for i := range exs {
		m[exs[i].Intent] = append(m[exs[i].Intent], &exs[i])
	}
	return m
}

// booster holds one intent's candidates as rows: the records with a gold
// candidate and a non-gold one, the only ones with a gradient.
type booster struct {
	opts  BoostOptions
	names []string
	nf    int
	rows  [][]float64 // features
	bins  []uint8     // rows × nf: each feature's bin
	cuts  [][]float64 // per feature: the thresholds (x < cuts[k] ⟺ bin ≤ k)
	score []float64   // linear score + trees so far
	gold  []bool
	qs    [][2]int // per record: its rows [from, to)
	grad  []float64
	hess  []float64
}

func newBooster(group []*Example, w search.Weights, opts BoostOptions) *booster {
	b := &booster{opts: opts, names: search.FeatureNames()}
	b.nf = len(b.names)
	vec := linearVector(w, group[0].Intent, b.names)
	for _, ex := range group {
		lin := make([]float64, len(ex.Feats))
		for i, f := range ex.Feats {
			lin[i] = dot(f, vec)
		}
		page := topOf(lin, opts.Page)
		hasGold, hasOther := false, false
		for _, i := range page {
			hasGold = hasGold || ex.Gold[i] >= 0
			hasOther = hasOther || ex.Gold[i] < 0
		}
		if !hasGold || !hasOther {
			continue
		}
		from := len(b.rows)
		for _, i := range page {
			b.rows = append(b.rows, ex.Feats[i])
			b.score = append(b.score, lin[i])
			b.gold = append(b.gold, ex.Gold[i] >= 0)
		}
		b.qs = append(b.qs, [2]int{from, len(b.rows)})
	}
	b.grad = make([]float64, len(b.rows))
	b.hess = make([]float64, len(b.rows))
	b.cuts = make([][]float64, b.nf)
	vals := make([]float64, len(b.rows))
	for j := range b.nf {
		for i, r := range b.rows {
			vals[i] = r[j]
		}
		b.cuts[j] = cutsOf(vals, opts.Bins)
	}
	b.bins = make([]uint8, len(b.rows)*b.nf)
	for i, r := range b.rows {
		for j := range b.nf {
			b.bins[i*b.nf+j] = uint8(sort.Search(len(b.cuts[j]), func(k int) bool { return b.cuts[j][k] > r[j] }))
		}
	}
	return b
}

// topOf returns the indexes of the n best scores, best first (the lower
// index first among equals).
func topOf(scores []float64, n int) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return scores[idx[x]] > scores[idx[y]] })
	return idx[:min(n, len(idx))]
}

// cutsOf returns up to n−1 thresholds that split vals: every distinct
// value but the least when there are few, else the values at its
// quantiles. A threshold is a value of vals, so that x < t separates
// distinct values.
func cutsOf(vals []float64, n int) []float64 {
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	distinct := slices.Compact(slices.Clone(s))
	if len(distinct) <= n {
		return distinct[1:]
	}
	var cuts []float64
	for k := 1; k < n; k++ {
		v := s[k*len(s)/n]
		if v > s[0] && (len(cuts) == 0 || v > cuts[len(cuts)-1]) {
			cuts = append(cuts, v)
		}
	}
	return cuts
}

func (b *booster) train(intent string) *search.Forest {
	if len(b.qs) == 0 {
		return nil
	}
	f := &search.Forest{}
	for t := range b.opts.Trees {
		b.lambdas()
		tree := b.fit()
		if tree == nil {
			break
		}
		f.Trees = append(f.Trees, tree)
		one := &search.Forest{Trees: []search.Tree{tree}}
		if err := one.Resolve(); err != nil {
			panic(err) // fit builds trees in order
		}
		for i, r := range b.rows {
			b.score[i] += one.Score(r)
		}
		if b.opts.Log != nil && (t+1)%25 == 0 {
			fmt.Fprintf(b.opts.Log, "boost %s: %d trees, NDCG %.4f\n", intent, t+1, b.ndcg())
		}
	}
	if err := f.Resolve(); err != nil {
		panic(err)
	}
	return f
}

// lambdas sets each row's LambdaRank gradient and its second derivative.
func (b *booster) lambdas() {
	clear(b.grad)
	clear(b.hess)
	var order []int
	rank := make([]int, len(b.rows))
	for _, q := range b.qs {
		order = order[:0]
		for i := q[0]; i < q[1]; i++ {
			order = append(order, i)
		}
		sort.SliceStable(order, func(x, y int) bool { return b.score[order[x]] > b.score[order[y]] })
		nGold := 0
		for r, i := range order {
			rank[i] = r + 1
			if b.gold[i] {
				nGold++
			}
		}
		ideal := 0.0
		for k := 1; k <= nGold; k++ {
			ideal += discount(k)
		}
		for i := q[0]; i < q[1]; i++ {
			if !b.gold[i] {
				continue
			}
			gi := discount(rank[i])
			for j := q[0]; j < q[1]; j++ {
				if b.gold[j] {
					continue
				}
				delta := math.Abs(gi-discount(rank[j])) / ideal
				if delta == 0 {
					continue
				}
				rho := 1 / (1 + math.Exp(b.score[i]-b.score[j]))
				b.grad[i] += rho * delta
				b.grad[j] -= rho * delta
				h := rho * (1 - rho) * delta
				b.hess[i] += h
				b.hess[j] += h
			}
		}
	}
}

// ndcgDepth is the depth of the NDCG the gradients pull towards: only
// what enters or leaves the first page counts.
const ndcgDepth = 10

func discount(rank int) float64 {
	if rank > ndcgDepth {
		return 0
	}
	return 1 / math.Log2(float64(rank)+1)
}

// ndcg is the mean NDCG of the records under the current scores.
func (b *booster) ndcg() float64 {
	var order []int
	t := 0.0
	for _, q := range b.qs {
		order = order[:0]
		nGold := 0
		for i := q[0]; i < q[1]; i++ {
			order = append(order, i)
			if b.gold[i] {
				nGold++
			}
		}
		sort.SliceStable(order, func(x, y int) bool { return b.score[order[x]] > b.score[order[y]] })
		dcg, ideal := 0.0, 0.0
		for r, i := range order {
			if b.gold[i] {
				dcg += 1 / math.Log2(float64(r)+2)
			}
		}
		for k := 1; k <= nGold; k++ {
			ideal += 1 / math.Log2(float64(k)+1)
		}
		t += dcg / ideal
	}
	return t / float64(len(b.qs))
}

const leafL2 = 1.0 // regularisation of the leaf values

// fit grows one regression tree on the gradients, level by level; nil
// when no split gains.
func (b *booster) fit() search.Tree {
	all := make([]int, 0, len(b.rows))
	for i := range b.rows {
		if b.hess[i] > 0 {
			all = append(all, i)
		}
	}
	var tree search.Tree
	type open struct {
		node  int
		rows  []int
		depth int
	}
	tree = append(tree, search.Node{})
	queue := []open{{0, all, 0}}
	split := false
	for len(queue) > 0 {
		o := queue[0]
		queue = queue[1:]
		G, H := b.sums(o.rows)
		if o.depth < b.opts.Depth {
			if j, k, ok := b.bestSplit(o.rows, G, H); ok {
				var left, right []int
				for _, i := range o.rows {
					if int(b.bins[i*b.nf+j]) <= k {
						left = append(left, i)
					} else {
						right = append(right, i)
					}
				}
				l, r := len(tree), len(tree)+1
				tree = append(tree, search.Node{}, search.Node{})
				tree[o.node] = search.Node{Feature: b.names[j], Below: b.cuts[j][k], Left: l, Right: r}
				queue = append(queue, open{l, left, o.depth + 1}, open{r, right, o.depth + 1})
				split = true
				continue
			}
		}
		tree[o.node] = search.Node{Value: b.opts.Rate * G / (H + leafL2)}
	}
	if !split {
		return nil
	}
	return tree
}

func (b *booster) sums(rows []int) (G, H float64) {
	for _, i := range rows {
		G += b.grad[i]
		H += b.hess[i]
	}
	return G, H
}

// bestSplit finds the feature and bin whose split gains most.
func (b *booster) bestSplit(rows []int, G, H float64) (feat, bin int, ok bool) {
	nb := b.opts.Bins + 1
	g := make([]float64, nb)
	h := make([]float64, nb)
	n := make([]int, nb)
	parent := G * G / (H + leafL2)
	best := 1e-9
	for j := range b.nf {
		if len(b.cuts[j]) == 0 {
			continue
		}
		clear(g)
		clear(h)
		clear(n)
		for _, i := range rows {
			k := b.bins[i*b.nf+j]
			g[k] += b.grad[i]
			h[k] += b.hess[i]
			n[k]++
		}
		var gl, hl float64
		nl := 0
		for k := 0; k < len(b.cuts[j]); k++ {
			gl, hl, nl = gl+g[k], hl+h[k], nl+n[k]
			if nl < b.opts.MinLeaf {
				continue
			}
			if len(rows)-nl < b.opts.MinLeaf {
				break
			}
			gr, hr := G-gl, H-hl
			if gain := gl*gl/(hl+leafL2) + gr*gr/(hr+leafL2) - parent; gain > best {
				best, feat, bin, ok = gain, j, k, true
			}
		}
	}
	return feat, bin, ok
}

func linearVector(w search.Weights, in search.Intent, names []string) []float64 {
	m := w[in]
	if m == nil {
		m = w[search.IntentKeywords]
	}
	vec := make([]float64, len(names))
	for j, n := range names {
		vec[j] = m[n]
	}
	return vec
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// CrossFold assigns an example to one of n folds by a hash of its set and
// id, for CrossValidateBoost.
func CrossFold(ex *Example, n int) int {
	h := fnv.New32a()
	h.Write([]byte("boost\x00" + ex.Set + "\x00" + ex.ID))
	return int(h.Sum32() % uint32(n))
}

// CrossValidateBoost measures forests on records they did not learn from:
// the examples are cut into folds; each fold is ranked by forests learned
// from the others, cut to each size in sizes (0: the linear ranker
// alone). It returns, per size, the figures per set.
func CrossValidateBoost(exs []Example, w search.Weights, opts BoostOptions, folds int, sizes []int) map[int]map[string]Figures {
	opts = opts.withDefaults()
	ranked := map[int][]scored{}
	for f := range folds {
		var train, test []Example
		for i := range exs {
			if CrossFold(&exs[i], folds) == f {
				test = append(test, exs[i])
			} else {
				train = append(train, exs[i])
			}
		}
		o := opts
		o.Log = nil
		b := TrainBoost(train, w, o)
		for _, n := range sizes {
			cut := search.Boosts{}
			for in, fr := range b {
				cut[in] = fr.Prefix(n)
			}
			if n == 0 {
				cut = search.Boosts{}
			}
			ranked[n] = append(ranked[n], scoreAll(test, w, cut)...)
		}
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, "boost cross-validation: fold %d of %d done\n", f+1, folds)
		}
	}
	out := map[int]map[string]Figures{}
	for n, r := range ranked {
		out[n] = figuresOf(r)
	}
	return out
}
