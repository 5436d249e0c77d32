package main

import (
	"context"
	"encoding/gob"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
	"github.com/lawkb/lawkb/search/eval"
)

func init() {
	register(command{name: "tune", summary: "learn the ranker's weights (search/ranker.json) from the tuned parts of evaluation sets", run: runTune})
}

// fold assigns a question record to one of n folds, by its id: each
// fold's records are ranked by an index that learned from the others, so
// that no record is ranked by what it taught.
func fold(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte("fold\x00" + id))
	return int(h.Sum32() % uint32(n))
}

// tuneSet is an evaluation set tuned on.
type tuneSet struct {
	name string
	recs []eval.Record
}

func runTune(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("tune", flag.ContinueOnError)
	corpusDir := fs.String("corpus", defaultCorpus, "corpus root")
	catalogDir := fs.String("catalog", defaultCatalog, "folder of enforcement catalogues")
	var sets, questions listFlag
	fs.Var(&sets, "set", "evaluation set to tune on (its tuned part); repeatable")
	fs.Var(&questions, "questions", "question files the index learns from (default "+defaultQuestions+"); a set with the same name is ranked fold by fold")
	out := fs.String("out", "search/ranker.json", "where to write the weights")
	boostOut := fs.String("boost-out", "search/boost.json", "where to write the forests learned on top of the weights")
	var bo eval.BoostOptions
	folds := fs.Int("folds", 2, "folds the question files are cut into: each fold is ranked by an index that learned from the others")
	keep := fs.Bool("keep-weights", false, "keep the linear weights of search/ranker.json (only the forests are learned)")
	trees := fs.Int("trees", 200, "trees of each intent's forest (0: no forest)")
	fs.IntVar(&bo.Depth, "depth", 3, "levels of splits of a tree")
	fs.IntVar(&bo.MinLeaf, "min-leaf", 50, "candidates of the first pages a leaf holds at least")
	fs.Float64Var(&bo.Rate, "rate", 0.05, "shrinkage of each tree")
	fs.IntVar(&bo.MinExamples, "min-examples", 300, "an intent with fewer examples gets no forest")
	forestIntents := fs.String("forest-intents", "question", "intents that get a forest, comma-separated (\"\": all with enough examples)")
	examples := fs.String("examples", "", "file of the ranked examples: read when it exists (no fold indexes are built), else written")
	work := fs.String("work", "", "folder for the fold indexes (default: a temporary folder, removed afterwards)")
	dict := dictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(sets) == 0 {
		return corpus.Errorf(corpus.CodeInvalid, "no --set given")
	}
	if *folds < 2 {
		return corpus.Errorf(corpus.CodeInvalid, "--folds %d: want at least 2", *folds)
	}
	if len(questions) == 0 {
		questions = []string{defaultQuestions}
	}
	learned := map[string]bool{}
	for _, q := range questions {
		learned[strings.TrimSuffix(filepath.Base(q), filepath.Ext(q))] = true
	}
	var all []tuneSet
	for _, path := range sets {
		name, recs, _, err := eval.ReadSet(path)
		if err != nil {
			return err
		}
		all = append(all, tuneSet{name, recs})
	}
	if err := loadSegmenter(*dict, ""); err != nil {
		return err
	}
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "lawkb-tune-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	start := time.Now()
	exs, err := readExamples(*examples)
	if err != nil {
		return err
	}
	if exs == nil {
		if exs, err = tuneExamples(ctx, *corpusDir, *catalogDir, dir, *folds, questions, learned, all); err != nil {
			return err
		}
		if err := writeExamples(*examples, exs); err != nil {
			return err
		}
	}
	fmt.Printf("examples (%s):\n%s", time.Since(start).Round(time.Second), eval.Describe(exs))
	startW, err := search.DefaultWeights()
	if err != nil {
		return err
	}
	fixed := map[string]bool{"item": true, "version": true, "section": true, "standard": true, "named": true, "all_words": true}
	fmt.Println("tuned parts, each record ranked by an index that did not learn from it (hit@1, hit@10, recall@10, recall@100, MRR):")
	w := startW
	if !*keep {
		before := eval.Measure(exs, startW, nil)
		w = eval.Train(exs, startW, eval.TrainOptions{Fixed: fixed, Log: os.Stdout})
		after := eval.Measure(exs, w, nil)
		printFigures("linear before", before)
		printFigures("linear after", after)
		if err := writeJSONFile(*out, w); err != nil {
			return err
		}
		fmt.Printf("weights written to %s (%s)\n", *out, time.Since(start).Round(time.Second))
	}
	if *trees <= 0 {
		return nil
	}
	// The forests are judged on records they did not learn from: five
	// folds, each ranked by forests learned from the other four.
	opts := bo
	opts.Trees, opts.Log = *trees, os.Stdout
	if *forestIntents != "" {
		for _, in := range strings.Split(*forestIntents, ",") {
			opts.Intents = append(opts.Intents, search.Intent(strings.TrimSpace(in)))
		}
	}
	sizes := []int{0, *trees / 4, *trees / 2, *trees}
	cv := eval.CrossValidateBoost(exs, w, opts, 5, sizes)
	fmt.Println("forests cross-validated (5 folds; 0 trees: the linear weights alone):")
	for _, n := range sizes {
		printFigures(fmt.Sprintf("%d trees", n), cv[n])
	}
	b := eval.TrainBoost(exs, w, opts)
	if err := os.WriteFile(*boostOut, b.MarshalLines(), 0o644); err != nil {
		return err
	}
	fmt.Printf("forests (%d trees an intent) written to %s (%s)\n", *trees, *boostOut, time.Since(start).Round(time.Second))
	return nil
}

// printFigures prints one line per set.
func printFigures(label string, figs map[string]eval.Figures) {
	names := make([]string, 0, len(figs))
	for k := range figs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		f := figs[k]
		fmt.Printf("  %-16s %-32s %4d  %.3f %.3f %.3f %.3f %.3f\n", label, k, f.N, f.Hit1, f.Hit10, f.R10, f.R100, f.MRR)
	}
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// tuneExamples ranks the tuned parts of the sets fold by fold: the index
// of fold f learns from the questions of the other folds and ranks the
// records of fold f.
func tuneExamples(ctx context.Context, corpusDir, catalogDir, dir string, folds int, questions []string, learned map[string]bool, all []tuneSet) ([]eval.Example, error) {
	c, _, err := importCorpus(ctx, indexConfig{Corpus: corpusDir, Catalog: catalogDir})
	if err != nil {
		return nil, err
	}
	var exs []eval.Example
	for f := range folds {
		opts := indexer.BuildOptions{Progress: progress(fmt.Sprintf("index fold %d", f))}
		exclude := func(set, id string) bool { return fold(id, folds) == f }
		if err := learnInto(c, questions, exclude, &opts); err != nil {
			return nil, err
		}
		root := filepath.Join(dir, fmt.Sprintf("fold-%d", f))
		if _, err := indexer.Build(ctx, c, root, opts); err != nil {
			return nil, err
		}
		idx, err := indexer.Open(root)
		if err != nil {
			return nil, err
		}
		// the forests are learned on top of the linear weights alone
		s := search.New(idx, search.Options{Boosts: search.Boosts{}})
		for _, st := range all {
			keep := func(r eval.Record) bool {
				if learned[st.name] {
					return fold(r.ID, folds) == f
				}
				return f == 0 // sets nothing learns from are ranked once
			}
			ex, err := eval.Examples(ctx, s, idx.Corpus(), st.name, st.recs, keep)
			if err != nil {
				idx.Close()
				return nil, err
			}
			exs = append(exs, ex...)
		}
		idx.Close()
	}
	return exs, nil
}

// readExamples reads the examples a tune run wrote; nil when path is
// empty or does not exist.
func readExamples(path string) ([]eval.Example, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var exs []eval.Example
	if err := gob.NewDecoder(f).Decode(&exs); err != nil {
		return nil, fmt.Errorf("tune: %s: %w", path, err)
	}
	return exs, nil
}

func writeExamples(path string, exs []eval.Example) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(exs); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
