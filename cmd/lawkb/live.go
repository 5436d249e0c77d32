package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/corpus/catalog"
	"github.com/lawkb/lawkb/crawler"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
	"github.com/lawkb/lawkb/search"
	"github.com/lawkb/lawkb/search/learn"
)

// defaultStandards is the standards catalogue folder beside the repository.
const defaultStandards = "../shared/corpus/standards"

// indexConfig is what a build imports and how: the LawRefBook tree plus
// the live sources (standards, handbooks, crawl outputs).
type indexConfig struct {
	Corpus    string // LawRefBook tree; "" for none
	Catalog   string // enforcement catalogues
	Standards string // standards catalogues; "" or absent: none
	Handbooks []string
	Crawls    []string
	Index     string
	Analyzer  string
	// Questions are files of public questions with their answers to learn
	// from (search/learn); missing files are skipped.
	Questions []string
	// Full rebuilds every document; otherwise a current build is updated
	// with what changed (indexer.Update), or built when there is none.
	Full bool
	// Lock is the index root's build lock when the caller took it; nil:
	// runBuild takes it before the import.
	Lock *indexer.Lock
}

// check reports a folder cfg names that is missing, and a build with
// nothing to import, before any work is done.
func (cfg indexConfig) check() error {
	if cfg.Corpus == "" && len(cfg.Crawls) == 0 && len(cfg.Handbooks) == 0 {
		return corpus.Errorf(corpus.CodeInvalid, "nothing to index: give --corpus, --crawl or --handbooks")
	}
	dirs := append([]string{cfg.Corpus}, cfg.Handbooks...)
	for _, d := range append(dirs, cfg.Crawls...) {
		if d == "" {
			continue
		}
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return corpus.Errorf(corpus.CodeInvalid, "%s is not a folder", d)
		}
	}
	for _, d := range cfg.Crawls {
		if _, err := os.Stat(filepath.Join(d, crawler.ManifestFile)); err != nil {
			return corpus.Errorf(corpus.CodeInvalid, "--crawl %s: no %s: not the output of lawkb crawl", d, crawler.ManifestFile)
		}
	}
	return nil
}

// runBuild imports everything cfg names into one corpus, links it, adds
// the enforcement items and builds or updates the index generation under
// cfg.Index. The old generation keeps serving on failure.
func runBuild(ctx context.Context, cfg indexConfig, out io.Writer) (*indexer.Meta, error) {
	start := time.Now()
	// The lock first: a second build fails before seconds of import.
	if cfg.Lock == nil {
		l, err := indexer.LockRoot(cfg.Index)
		if err != nil {
			return nil, err
		}
		defer l.Unlock()
		cfg.Lock = l
	}
	c, src, err := importCorpus(ctx, cfg)
	if err != nil {
		return nil, err
	}
	opts := indexer.BuildOptions{Progress: progress("index"), Analyzer: cfg.Analyzer, Sources: src, Lock: cfg.Lock}
	if cfg.Analyzer == "" || cfg.Analyzer == indexer.AnalyzerZH {
		for _, q := range cfg.Questions {
			opts.Sources.Questions = append(opts.Sources.Questions, absPath(q))
		}
		if err := learnInto(c, opts.Sources.Questions, nil, &opts); err != nil {
			return nil, err
		}
	}
	build := indexer.Update
	if cfg.Full {
		build = indexer.Build
	}
	meta, err := build(ctx, c, cfg.Index, opts)
	if err != nil {
		return nil, err
	}
	if out != nil {
		printSummary(out, c, meta, time.Since(start))
	}
	return meta, nil
}

// importCorpus imports everything cfg names into one corpus, links its
// citations and assembles its enforcement items.
func importCorpus(ctx context.Context, cfg indexConfig) (*corpus.Corpus, indexer.Sources, error) {
	start := time.Now()
	var (
		inputs []corpus.Input
		probs  []corpus.Problem
		src    indexer.Sources
	)
	if cfg.Corpus != "" {
		if _, err := os.Stat(cfg.Corpus); err != nil {
			return nil, src, corpus.Errorf(corpus.CodeInvalid, "corpus %s: %w", cfg.Corpus, err)
		}
	}
	for _, dir := range cfg.Handbooks {
		ins, ps, err := corpus.ReadHandbooks(ctx, dir)
		if err != nil {
			return nil, src, err
		}
		slog.Info("handbooks read", "dir", dir, "pages", len(ins), "problems", len(ps))
		inputs, probs = append(inputs, ins...), append(probs, ps...)
		src.Handbooks = append(src.Handbooks, absPath(dir))
	}
	for _, dir := range cfg.Crawls {
		ins, ps, err := crawler.Inputs(dir)
		if err != nil {
			return nil, src, err
		}
		slog.Info("crawl output read", "dir", dir, "documents", len(ins), "problems", len(ps))
		inputs, probs = append(inputs, ins...), append(probs, ps...)
		src.Crawls = append(src.Crawls, absPath(dir))
	}
	if cfg.Corpus == "" && len(inputs) == 0 {
		return nil, src, corpus.Errorf(corpus.CodeInvalid, "nothing to index: no --corpus and no documents in --crawl or --handbooks")
	}
	if cfg.Standards != "" {
		if fi, err := os.Stat(cfg.Standards); err != nil || !fi.IsDir() {
			slog.Info("no standards folder; standards skipped", "dir", cfg.Standards)
		} else {
			src.Standards = absPath(cfg.Standards)
		}
	}
	c, err := corpus.Load(ctx, cfg.Corpus, corpus.LoadOptions{Progress: progress("import"), Inputs: inputs, Standards: src.Standards})
	if err != nil {
		return nil, src, err
	}
	c.Problems = append(c.Problems, probs...)
	st := c.Stats()
	slog.Info("corpus imported", "seconds", time.Since(start).Seconds(), "works", st.Works,
		"versions", st.Versions, "articles", st.Articles, "sections", st.Sections, "standards", st.Standards,
		"inputs", len(inputs), "problems", st.Problems)
	// Citations, cited-by, basis and cross-version links go into the
	// snapshot with the articles.
	linkStart := time.Now()
	ls, err := corpus.Link(c)
	if err != nil {
		return nil, src, err
	}
	slog.Info("citations linked", "seconds", time.Since(linkStart).Seconds(), "citations", ls.Citations,
		"to_articles", ls.ToArticles, "resolved", ls.Resolved, "renumbered", ls.Renumbered)
	// Enforcement items: derived from penalty clauses, plus the catalogues
	// (事项目录, no-penalty lists, discretion tables) found in cfg.Catalog.
	sum, err := catalog.Assemble(c, catalog.DefaultSources(cfg.Catalog), slog.Default())
	if err != nil {
		return nil, src, err
	}
	slog.Info("enforcement items assembled", "items", len(c.Items), "derived", sum.Derived.Items,
		"catalogues", len(sum.Catalogues), "attached_lists", len(sum.Attached), "seconds", sum.Seconds)
	return c, src, nil
}

// absPath records a folder so that a server started elsewhere finds it; an
// unresolvable path is kept as given.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// listFlag is a flag that may be repeated and takes comma-separated lists.
type listFlag []string

// String renders the values as given.
func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set adds the comma-separated values of one occurrence.
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	if len(*l) == 0 {
		return fmt.Errorf("empty list")
	}
	return nil
}

// learnInto learns the bridges between everyday and statutory words from
// the corpus and the question files (search/learn) and hands them to the
// build: the learned words of each article as a field, the model as an
// asset of the build directory.
func learnInto(c *corpus.Corpus, questions []string, exclude func(set, id string) bool, opts *indexer.BuildOptions) error {
	start := time.Now()
	seg, err := analysis.Default()
	if err != nil {
		return err
	}
	qa := seg.QueryAnalyzer()
	m, err := learn.Build(c, learn.Options{Questions: questions, Exclude: exclude, Words: func(text string) []string {
		return search.ContentWords(qa, text)
	}})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return err
	}
	opts.Asked = func(a *corpus.Article) string { return strings.Join(m.Asked[learn.Key(a)], " ") }
	opts.Assets = map[string][]byte{learn.File: buf.Bytes()}
	slog.Info("learned", "seconds", time.Since(start).Seconds(), "question_pairs", m.Pairs[learn.SourceQuestions],
		"item_pairs", m.Pairs[learn.SourceItems], "catalogue_pairs", m.Pairs[learn.SourceCatalogue], "case_pairs", m.Pairs[learn.SourceCases], "articles", len(m.Asked),
		"expansions", len(m.Expand), "chapter_words", len(m.Chapters), "frozen_left_out", m.Frozen, "bytes", buf.Len())
	return nil
}
