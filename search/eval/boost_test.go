package eval_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/lawkb/lawkb/search"
	"github.com/lawkb/lawkb/search/eval"
)

// interactionExamples are question records whose gold candidate holds two
// features at half strength while three others hold one of them fully:
// the linear ranker (one weight each) puts the gold fourth; only a rule on
// both features together puts it first.
func interactionExamples(n int) []eval.Example {
	names := search.FeatureNames()
	a, b := slices.Index(names, "coverage"), slices.Index(names, "words")
	vec := func(x, y float64) []float64 {
		f := make([]float64, len(names))
		f[a], f[b] = x, y
		return f
	}
	var exs []eval.Example
	for i := range n {
		j := float64(i%7) / 100 // a little spread between records
		ex := eval.Example{Set: "synthetic", ID: fmt.Sprintf("r%d", i), Intent: search.IntentQuestion, NGold: 1}
		feats := [][]float64{vec(1, 0.2+j), vec(0.2+j, 1), vec(1, 0.25), vec(0.5+j, 0.5)}
		for k := range 8 {
			feats = append(feats, vec(0.1*float64(k%3), 0.05*float64(k)))
		}
		for k, f := range feats {
			ex.Feats = append(ex.Feats, f)
			if k == 3 {
				ex.Gold = append(ex.Gold, 0)
			} else {
				ex.Gold = append(ex.Gold, -1)
			}
		}
		exs = append(exs, ex)
	}
	return exs
}

func TestTrainBoostLearnsWhatTheLinearRankerCannot(t *testing.T) {
	exs := interactionExamples(150)
	w := search.Weights{search.IntentQuestion: {"coverage": 1, "words": 1}}
	before := eval.Measure(exs, w, nil)["synthetic"]
	if before.Hit1 != 0 || before.Hit10 != 1 {
		t.Fatalf("linear ranker alone: hit@1 %.3f hit@10 %.3f, want the gold fourth (0, 1)", before.Hit1, before.Hit10)
	}
	opts := eval.BoostOptions{Trees: 60, Rate: 0.3, MinLeaf: 20, MinExamples: 100}
	b := eval.TrainBoost(exs, w, opts)
	f := b[search.IntentQuestion]
	if f == nil || len(f.Trees) == 0 || f.Page != 10 {
		t.Fatalf("no forest for questions: %+v", b)
	}
	after := eval.Measure(exs, w, b)["synthetic"]
	if after.Hit1 < 0.95 {
		t.Errorf("with the forest hit@1 %.3f, want ≥ 0.95", after.Hit1)
	}
	// Records it did not learn from, and an intent with too few
	// examples gets no forest.
	cv := eval.CrossValidateBoost(exs, w, opts, 5, []int{0, 60})
	if got := cv[0]["synthetic"].Hit1; got != 0 {
		t.Errorf("cross-validated, no trees: hit@1 %.3f, want 0", got)
	}
	if got := cv[60]["synthetic"].Hit1; got < 0.95 {
		t.Errorf("cross-validated, 60 trees: hit@1 %.3f, want ≥ 0.95", got)
	}
	if b := eval.TrainBoost(exs[:50], w, opts); len(b) != 0 {
		t.Errorf("50 examples (minimum 100) got forests %v", b)
	}
	only := opts
	only.Intents = []search.Intent{search.IntentViolation}
	if b := eval.TrainBoost(exs, w, only); len(b) != 0 {
		t.Errorf("forests for violations only, got %v", b)
	}
	// The forest as search/boost.json keeps it reads back the same.
	back, err := search.ParseBoosts(b.MarshalLines())
	if err != nil {
		t.Fatal(err)
	}
	if got := eval.Measure(exs, w, back)["synthetic"]; got != after {
		t.Errorf("read back: %+v, want %+v", got, after)
	}
}
