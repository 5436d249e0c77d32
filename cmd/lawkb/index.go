package main

import (
	"context"
	"flag"
	"os"
)

func init() {
	register(command{name: "index", summary: "import a corpus and build a new index generation", run: runIndex})
}

func runIndex(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	corpusDir := fs.String("corpus", defaultCorpus, "corpus root (LawRefBook layout)")
	indexDir := fs.String("index", defaultIndex, "index root; each build goes into a new directory under it")
	analyzer := fs.String("analyzer", "", "text analyzer: lawkb_zh (default, gse) or cjk (bleve's stock bigrams, for comparison)")
	dict := dictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := loadSegmenter(*dict); err != nil {
		return err
	}
	_, err := buildIndex(ctx, *corpusDir, *indexDir, *analyzer, os.Stdout)
	return err
}
