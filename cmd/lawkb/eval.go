package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search/eval"
)

func init() {
	register(command{name: "eval", summary: "measure recall@1/@5/@10 and MRR of search and suggest on evaluation sets", run: runEval})
}

// setsFlag collects repeated --set flags.
type setsFlag []string

// String implements flag.Value.
func (s *setsFlag) String() string { return strings.Join(*s, ",") }

// Set implements flag.Value: each --set adds a file.
func (s *setsFlag) Set(v string) error { *s = append(*s, v); return nil }

func runEval(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	var sets setsFlag
	fs.Var(&sets, "set", "evaluation set: lawkb JSONL ({id, query|case, region?, date?, gold:[{file, article_no}]}) or LawBench 3-1 JSON; repeat for several")
	indexDir := fs.String("index", defaultIndex, "index root (built with lawkb_zh)")
	baseline := fs.Bool("baseline", false, "also run the plain baselines: one match query over the article text, with bleve's stock cjk analyzer (baseline-cjk) and over lawkb's gse words (baseline-bm25); no thesaurus, no citation resolver")
	baseIndex := fs.String("baseline-index", defaultIndex+"-cjk", "index root of the baseline; built from --corpus with the cjk analyzer when missing")
	corpusDir := fs.String("corpus", defaultCorpus, "corpus to build the baseline index from when it is missing")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	misses := fs.Int("misses", 10, "misses of the tuned parts to list per set and system")
	showFrozen := fs.Bool("show-frozen", false, "list the misses of the frozen parts too (not while tuning)")
	ignoredDictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(sets) == 0 {
		return corpus.Errorf(corpus.CodeInvalid, "no --set given")
	}
	type loaded struct {
		name string
		recs []eval.Record
	}
	var all []loaded
	for _, path := range sets {
		name, recs, probs, err := eval.ReadSet(path)
		for _, p := range probs {
			slog.Warn("eval: record skipped", "problem", p.String())
		}
		if err != nil {
			return err
		}
		all = append(all, loaded{name, recs})
	}
	idx, err := openIndex(*indexDir)
	if err != nil {
		return err
	}
	defer idx.Close()
	ours, err := eval.NewLawkb(idx)
	if err != nil {
		return err
	}
	systems := []eval.System{ours}
	if *baseline {
		bidx, err := openOrBuildBaseline(ctx, *baseIndex, *corpusDir)
		if err != nil {
			return err
		}
		defer bidx.Close()
		systems = append(systems, &eval.Plain{Index: bidx}, &eval.Plain{Index: idx})
	}
	var reports []*eval.Report
	for _, s := range all {
		for _, sys := range systems {
			rep, err := eval.Run(ctx, s.name, s.recs, idx.Corpus(), sys)
			if err != nil {
				return err
			}
			for _, p := range rep.Problems {
				slog.Warn("eval: record left out", "system", sys.Name(), "problem", p.String())
			}
			reports = append(reports, rep)
		}
	}
	if *asJSON {
		if !*showFrozen {
			for i, r := range reports {
				reports[i] = eval.TunedMisses(r)
			}
		}
		return printJSON(os.Stdout, reports)
	}
	if err := eval.WriteTable(os.Stdout, reports); err != nil {
		return err
	}
	if *misses > 0 {
		for _, r := range reports {
			if len(r.Misses) == 0 {
				continue
			}
			fmt.Printf("\nmisses of %s on %s (gold not all in the first ten):\n", r.System, r.Set)
			if err := eval.WriteMisses(os.Stdout, r, *misses, *showFrozen); err != nil {
				return err
			}
		}
	}
	return nil
}

// openOrBuildBaseline opens the cjk baseline index, building it from the
// corpus when it does not exist yet.
func openOrBuildBaseline(ctx context.Context, dir, corpusDir string) (*indexer.Index, error) {
	idx, err := indexer.Open(dir)
	if err == nil {
		if a := idx.Meta().Analyzer; a != indexer.AnalyzerCJK {
			idx.Close()
			return nil, corpus.Errorf(corpus.CodeInvalid, "baseline index %s was built with %s, not %s", dir, a, indexer.AnalyzerCJK)
		}
		return idx, nil
	}
	if corpus.ErrorCode(err) != corpus.CodeNotFound {
		return nil, err
	}
	slog.Info("no baseline index yet; building it with the cjk analyzer", "corpus", corpusDir, "index", dir)
	if _, err := buildIndex(ctx, corpusDir, "", dir, indexer.AnalyzerCJK, os.Stderr); err != nil {
		return nil, err
	}
	return indexer.Open(dir)
}
