package main

import (
	"context"
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

// tuneFolds is how many folds the question files are cut into: each
// fold's records are ranked by an index that learned from the others, so
// that no record is ranked by what it taught.
const tuneFolds = 2

// fold assigns a question record to a fold, by its id.
func fold(id string) int {
	h := fnv.New32a()
	h.Write([]byte("fold\x00" + id))
	return int(h.Sum32() % tuneFolds)
}

func runTune(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("tune", flag.ContinueOnError)
	corpusDir := fs.String("corpus", defaultCorpus, "corpus root")
	catalogDir := fs.String("catalog", defaultCatalog, "folder of enforcement catalogues")
	var sets, questions listFlag
	fs.Var(&sets, "set", "evaluation set to tune on (its tuned part); repeatable")
	fs.Var(&questions, "questions", "question files the index learns from (default "+defaultQuestions+"); a set with the same name is ranked fold by fold")
	out := fs.String("out", "search/ranker.json", "where to write the weights")
	work := fs.String("work", "", "folder for the fold indexes (default: a temporary folder, removed afterwards)")
	dict := dictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(sets) == 0 {
		return corpus.Errorf(corpus.CodeInvalid, "no --set given")
	}
	if len(questions) == 0 {
		questions = []string{defaultQuestions}
	}
	learned := map[string]bool{}
	for _, q := range questions {
		learned[strings.TrimSuffix(filepath.Base(q), filepath.Ext(q))] = true
	}
	type set struct {
		name string
		recs []eval.Record
	}
	var all []set
	for _, path := range sets {
		name, recs, _, err := eval.ReadSet(path)
		if err != nil {
			return err
		}
		all = append(all, set{name, recs})
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
	c, _, err := importCorpus(ctx, indexConfig{Corpus: *corpusDir, Catalog: *catalogDir})
	if err != nil {
		return err
	}
	var exs []eval.Example
	for f := range tuneFolds {
		// The index of fold f learns from the other folds' questions.
		opts := indexer.BuildOptions{Progress: progress(fmt.Sprintf("index fold %d", f))}
		exclude := func(set, id string) bool { return fold(id) == f }
		if err := learnInto(c, questions, exclude, &opts); err != nil {
			return err
		}
		root := filepath.Join(dir, fmt.Sprintf("fold-%d", f))
		if _, err := indexer.Build(ctx, c, root, opts); err != nil {
			return err
		}
		idx, err := indexer.Open(root)
		if err != nil {
			return err
		}
		s := search.New(idx, search.Options{})
		for _, st := range all {
			keep := func(r eval.Record) bool {
				if learned[st.name] {
					return fold(r.ID) == f
				}
				return f == 0 // sets nothing learns from are ranked once
			}
			ex, err := eval.Examples(ctx, s, idx.Corpus(), st.name, st.recs, keep)
			if err != nil {
				idx.Close()
				return err
			}
			exs = append(exs, ex...)
		}
		idx.Close()
	}
	fmt.Printf("examples (%s):\n%s", time.Since(start).Round(time.Second), eval.Describe(exs))
	startW, err := search.DefaultWeights()
	if err != nil {
		return err
	}
	fixed := map[string]bool{"item": true, "version": true, "section": true, "standard": true, "named": true, "all_words": true}
	before := eval.Measure(exs, startW)
	w := eval.Train(exs, startW, eval.TrainOptions{Fixed: fixed, Log: os.Stdout})
	after := eval.Measure(exs, w)
	names := make([]string, 0, len(after))
	for k := range after {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Println("tuned parts, each record ranked by an index that did not learn from it (hit@10, recall@10, recall@100):")
	for _, k := range names {
		b, a := before[k], after[k]
		fmt.Printf("  %-32s before %.3f %.3f %.3f  after %.3f %.3f %.3f\n", k, b[0], b[1], b[2], a[0], a[1], a[2])
	}
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("weights written to %s in %s\n", *out, time.Since(start).Round(time.Second))
	return nil
}
