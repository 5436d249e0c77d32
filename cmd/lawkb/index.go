package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

func init() {
	register(command{name: "index", summary: "import the corpus and live sources, update (or --full: rebuild) the index", run: runIndex})
}

func runIndex(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	corpusDir := fs.String("corpus", defaultCorpus, "corpus root (LawRefBook layout); empty to index only --crawl and --handbooks")
	indexDir := fs.String("index", defaultIndex, "index root; each build goes into a new directory under it")
	analyzer := fs.String("analyzer", "", "text analyzer: lawkb_zh (default, gse) or cjk (bleve's stock bigrams, for comparison)")
	catalogDir := fs.String("catalog", defaultCatalog, "folder of enforcement catalogues (enforcement-domains.tsv, traffic-wuhan.csv, no-penalty lists); missing files are skipped")
	standards := fs.String("standards", defaultStandards, "folder of standards catalogues (*.md); skipped with a log line when absent, empty for none")
	var handbooks, crawls listFlag
	fs.Var(&handbooks, "handbooks", "folder of handbook pages (Markdown Q&A or section pages, kind 手册); repeatable or comma-separated")
	fs.Var(&crawls, "crawl", "output directory of 'lawkb crawl' (manifest.jsonl, <source>/*.md); repeatable or comma-separated")
	var questions listFlag
	fs.Var(&questions, "questions", "public questions with their answers to learn from (JSON lines {id, query, gold:[{title, article_no}]}); repeatable; default "+defaultQuestions+"; frozen evaluation records are never read")
	full := fs.Bool("full", false, "rebuild every document; by default a current build is updated with the new, changed and deleted files only")
	verify := fs.String("verify", "", "build nothing: verify every build of this index root (or one build directory) as serve does, report, and fail when the current one is damaged")
	checkFlag := fs.String("check", "full", "with --verify: full (every file's SHA-256) or sizes")
	memoryMB := fs.Int("memory-mb", 1000, "soft memory limit of the build in MB: the garbage collector works harder near it (a whole-corpus build peaks at ~1.1 GB instead of ~1.4 GB); 0 for none; GOMEMLIMIT, when set, wins")
	dict := dictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *verify != "" {
		check, err := indexer.ParseCheck(*checkFlag)
		if err != nil {
			return err
		}
		return runVerify(*verify, check, os.Stdout)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *memoryMB > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(*memoryMB) << 20)
	}
	cfg := indexConfig{
		Corpus: *corpusDir, Catalog: *catalogDir, Standards: *standards, Handbooks: handbooks, Crawls: crawls,
		Index: *indexDir, Analyzer: *analyzer, Full: *full, Questions: questions,
	}
	if len(cfg.Questions) == 0 {
		cfg.Questions = []string{defaultQuestions}
	}
	// Bad folders fail before the segmenter's load, which takes seconds.
	if err := cfg.check(); err != nil {
		return err
	}
	// So does a second build into the same root: the lock is taken before
	// the segmenter's load and the import.
	lock, err := indexer.LockRoot(cfg.Index)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	cfg.Lock = lock
	if err := loadSegmenter(*dict, cfg.Index); err != nil {
		return err
	}
	_, err = runBuild(ctx, cfg, os.Stdout)
	return err
}

// runVerify verifies the builds under root, or the one build directory
// root, prints one line per build, and opens what serve would serve, which
// also compares the document counts.
func runVerify(root string, check indexer.Check, out io.Writer) error {
	if _, err := os.Stat(filepath.Join(root, indexer.MetaFile)); err == nil {
		v, err := indexer.Verify(root, check)
		if err != nil {
			fmt.Fprintf(out, "DAMAGED  %v\n", err)
			return err
		}
		fmt.Fprintf(out, "ok       %s: %d files, %.1f MB, %s check in %.2fs\n", filepath.Base(root), v.Files, float64(v.Bytes)/1e6, check, v.Took.Seconds())
		return nil
	}
	cur, builds, err := indexer.Builds(root)
	if err != nil {
		return err
	}
	if len(builds) == 0 {
		return corpus.Errorf(corpus.CodeNotFound, "no builds in %s", root)
	}
	var curErr error
	for _, b := range builds {
		mark := " "
		if b == cur {
			mark = "*"
		}
		v, err := indexer.Verify(filepath.Join(root, b), check)
		if err != nil {
			fmt.Fprintf(out, "DAMAGED %s %v\n", mark, err)
			if b == cur {
				curErr = err
			}
			continue
		}
		fmt.Fprintf(out, "ok      %s %s: %d files, %.1f MB, %s check in %.2fs\n", mark, b, v.Files, float64(v.Bytes)/1e6, check, v.Took.Seconds())
	}
	idx, err := openIndex(root)
	if err != nil {
		fmt.Fprintf(out, "serve would fail: %v\n", err)
		return err
	}
	defer idx.Close()
	st, m := idx.Status(), idx.Meta()
	fmt.Fprintf(out, "serve would serve %s: %d documents, as the build recorded\n", st.Build, m.Documents)
	for _, r := range st.Refused {
		fmt.Fprintf(out, "  refused: %s\n", r)
	}
	if curErr == nil && len(st.Refused) > 0 {
		curErr = errors.New(st.Refused[0])
	}
	if curErr != nil {
		return fmt.Errorf("the current build %s is damaged: %w", cur, curErr)
	}
	return nil
}
