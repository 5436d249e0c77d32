package eval

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
	"github.com/lawkb/lawkb/search/learn"
)

// Example is one record's candidates with the ranker's features, each
// labelled with the gold article it is (its index in the record's gold), or
// -1: what a ranker learns from.
type Example struct {
	Set    string
	ID     string
	Intent search.Intent
	Feats  [][]float64
	Gold   []int // per candidate: index of the gold article it is, -1 for none
	NGold  int   // distinct gold articles of the record
}

// Examples runs the plan of every record keep accepts (a case text as a
// description) and labels its candidates. Frozen records are never
// examples.
func Examples(ctx context.Context, s *search.Searcher, c *corpus.Corpus, set string, recs []Record, keep func(Record) bool) ([]Example, error) {
	works, titles := workBySource(c), workByTitle(c)
	var out []Example
	for _, r := range recs {
		if learn.Frozen(set, r.ID) || keep != nil && !keep(r) {
			continue
		}
		gold := map[goldKey]int{}
		for _, g := range r.Gold {
			w, ok := works[g.File]
			if g.File == "" {
				w, ok = titles[titleKey(g.Title)]
			}
			if !ok {
				continue
			}
			k := goldKey{w, g.ArticleNo}
			if _, dup := gold[k]; !dup {
				gold[k] = len(gold)
			}
		}
		if len(gold) == 0 {
			continue
		}
		date, err := recordDate(r)
		if err != nil {
			continue
		}
		text := r.Text()
		limit := search.MaxQueryRunes
		if r.IsCase() {
			limit = search.MaxCaseRunes
		}
		req := search.Request{Query: clipRunes(text, limit), In: region(r), AsOf: date}
		in, cands, err := s.Candidates(ctx, req, r.IsCase())
		if err != nil {
			if corpus.ErrorCode(err) == corpus.CodeInvalid {
				continue
			}
			return nil, fmt.Errorf("eval: %s %s: %w", set, r.ID, err)
		}
		ex := Example{Set: set, ID: r.ID, Intent: in, NGold: len(gold)}
		for _, cd := range cands {
			ex.Feats = append(ex.Feats, cd.Features)
			g := -1
			if a := c.Article(cd.ID); a != nil && a.Suffix == 0 && a.Version() != nil {
				if i, ok := gold[goldKey{a.Version().WorkID, a.Number}]; ok {
					g = i
				}
			}
			ex.Gold = append(ex.Gold, g)
		}
		out = append(out, ex)
	}
	return out, nil
}

// objective scores a ranking of one example from its candidates' scores:
// half its recall@10, a quarter its reciprocal rank, a quarter its
// recall@100.
func (ex *Example) objective(scores []float64, best []int) float64 {
	for g := range best {
		best[g] = 0 // best rank of each gold article; 0 for none
	}
	for i, g := range ex.Gold {
		if g < 0 {
			continue
		}
		rank := 1
		for k, s := range scores {
			if s > scores[i] || s == scores[i] && k < i {
				rank++
			}
		}
		if best[g] == 0 || rank < best[g] {
			best[g] = rank
		}
	}
	var r10, r100, rr float64
	first := 0
	for _, b := range best[:ex.NGold] {
		if b == 0 {
			continue
		}
		if b <= 10 {
			r10++
		}
		if b <= 100 {
			r100++
		}
		if first == 0 || b < first {
			first = b
		}
	}
	if first > 0 {
		rr = 1 / float64(first)
	}
	n := float64(ex.NGold)
	return 0.5*r10/n + 0.25*rr + 0.25*r100/n
}

// TrainOptions tune Train.
type TrainOptions struct {
	// Fixed names features whose weights stay as they are: the structural
	// ones (what kind of hit a version or an item is) that the evaluation
	// sets say nothing about.
	Fixed map[string]bool
	// Passes bounds the coordinate ascent (default 20).
	Passes int
	// Log receives one line per pass and intent; nil for none.
	Log io.Writer
}

// Train learns the weights of each intent's ranker from the examples of
// that intent by coordinate ascent on the mean objective (recall@10,
// reciprocal rank, recall@100), starting from start. Intents without
// examples keep their weights.
func Train(exs []Example, start search.Weights, opts TrainOptions) search.Weights {
	if opts.Passes == 0 {
		opts.Passes = 20
	}
	names := search.FeatureNames()
	out := search.Weights{}
	for in, m := range start {
		out[in] = map[string]float64{}
		for k, v := range m {
			out[in][k] = v
		}
	}
	byIntent := map[search.Intent][]*Example{}
	for i := range exs {
		byIntent[exs[i].Intent] = append(byIntent[exs[i].Intent], &exs[i])
	}
	intents := make([]string, 0, len(byIntent))
	for in := range byIntent {
		intents = append(intents, string(in))
	}
	sort.Strings(intents)
	for _, ins := range intents {
		in := search.Intent(ins)
		group := byIntent[in]
		if in == search.IntentCitation || in == search.IntentList || len(group) < 10 {
			continue
		}
		if out[in] == nil {
			out[in] = map[string]float64{}
		}
		w := make([]float64, len(names))
		for j, n := range names {
			w[j] = out[in][n]
		}
		// Each example's scores under w, kept current: moving one weight
		// moves every score by the change times that feature.
		base := make([][]float64, len(group))
		maxGold := 0
		for e, ex := range group {
			base[e] = make([]float64, len(ex.Feats))
			for i, f := range ex.Feats {
				for j, v := range f {
					base[e][i] += v * w[j]
				}
			}
			maxGold = max(maxGold, ex.NGold)
		}
		trial := make([]float64, 0, 512)
		best := make([]int, maxGold)
		obj := func(j int, delta float64) float64 {
			t := 0.0
			for e, ex := range group {
				trial = trial[:0]
				for i, f := range ex.Feats {
					trial = append(trial, base[e][i]+delta*f[j])
				}
				t += ex.objective(trial, best)
			}
			return t / float64(len(group))
		}
		cur := obj(0, 0)
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, "train %s: %d examples, objective %.4f at start\n", in, len(group), cur)
		}
		deltas := []float64{-1.6, -0.8, -0.4, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6}
		for pass := 0; pass < opts.Passes; pass++ {
			improved := false
			for j, n := range names {
				if opts.Fixed[n] {
					continue
				}
				bestD, bestObj := 0.0, cur
				for _, d := range append(deltas, -w[j]) {
					if nw := w[j] + d; d == 0 || nw < -6 || nw > 6 {
						continue
					}
					if o := obj(j, d); o > bestObj+1e-6 {
						bestD, bestObj = d, o
					}
				}
				if bestD == 0 {
					continue
				}
				w[j] += bestD
				for e, ex := range group {
					for i, f := range ex.Feats {
						base[e][i] += bestD * f[j]
					}
				}
				cur, improved = bestObj, true
			}
			if opts.Log != nil {
				fmt.Fprintf(opts.Log, "train %s: pass %d objective %.4f\n", in, pass+1, cur)
			}
			if !improved {
				break
			}
		}
		m := map[string]float64{}
		for j, n := range names {
			if w[j] != 0 {
				m[n] = roundTo(w[j], 3)
			}
		}
		out[in] = m
	}
	return out
}

func roundTo(v float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

// Describe summarises examples by set and intent, one line each.
func Describe(exs []Example) string {
	count := map[string]int{}
	for _, ex := range exs {
		count[ex.Set+" "+string(ex.Intent)]++
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %d\n", k, count[k])
	}
	return b.String()
}

// Figures are one set's figures over examples.
type Figures struct {
	N                           int
	Hit1, Hit10, R10, R100, MRR float64
}

// scored is one example ranked: the best rank of each gold article (0:
// not among the candidates).
type scored struct {
	set  string
	best []int
}

// Measure ranks every example by the weights of its intent and the
// forest of that intent (b may be nil) and returns, per set, the figures
// over the examples' candidates: for lawkb tune's examples, the figures
// of records ranked by an index that did not learn from them.
func Measure(exs []Example, w search.Weights, b search.Boosts) map[string]Figures {
	return figuresOf(scoreAll(exs, w, b))
}

func scoreAll(exs []Example, w search.Weights, b search.Boosts) []scored {
	names := search.FeatureNames()
	out := make([]scored, 0, len(exs))
	for i := range exs {
		ex := &exs[i]
		vec := linearVector(w, ex.Intent, names)
		scores := make([]float64, len(ex.Feats))
		for k, x := range ex.Feats {
			scores[k] = dot(x, vec)
		}
		if f := b[ex.Intent]; f != nil {
			f.Rerank(scores, func(k int) []float64 { return ex.Feats[k] })
		}
		best := make([]int, ex.NGold)
		ex.objective(scores, best)
		out = append(out, scored{ex.Set, best})
	}
	return out
}

func figuresOf(rs []scored) map[string]Figures {
	sums := map[string]Figures{}
	for _, r := range rs {
		var r10, r100 float64
		first := 0
		for _, b := range r.best {
			if b == 0 {
				continue
			}
			if b <= 10 {
				r10++
			}
			if b <= 100 {
				r100++
			}
			if first == 0 || b < first {
				first = b
			}
		}
		n := float64(len(r.best))
		s := sums[r.set]
		s.N++
		s.R10 += r10 / n
		s.R100 += r100 / n
		if first == 1 {
			s.Hit1++
		}
		if first > 0 && first <= 10 {
			s.Hit10++
		}
		if first > 0 {
			s.MRR += 1 / float64(first)
		}
		sums[r.set] = s
	}
	for k, s := range sums {
		n := float64(s.N)
		sums[k] = Figures{N: s.N, Hit1: s.Hit1 / n, Hit10: s.Hit10 / n, R10: s.R10 / n, R100: s.R100 / n, MRR: s.MRR / n}
	}
	return sums
}
