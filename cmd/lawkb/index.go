package main

import (
	"context"
	"flag"
	"fmt"
	"os"

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
	dict := dictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
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
	if err := loadSegmenter(*dict); err != nil {
		return err
	}
	_, err = runBuild(ctx, cfg, os.Stdout)
	return err
}
