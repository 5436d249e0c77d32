package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// Default locations when run from the repository beside ../shared.
const (
	defaultCorpus  = "../shared/corpus/lawrefbook"
	defaultDict    = "../shared/dict/THUOCL_law.txt"
	defaultIndex   = "data/index"
	defaultCatalog = "../shared/catalog"
	// defaultQuestions are the public questions lawkb learns from.
	defaultQuestions = "../shared/eval/stard-train.jsonl"
)

// dictFlag registers --dict, the legal word list added to the segmenter.
func dictFlag(fs *flag.FlagSet) *string {
	return fs.String("dict", defaultDict, "legal dictionary (word<TAB>freq) added to the segmenter; empty or missing: only the built-in dictionaries")
}

// loadSegmenter builds the one gse segmenter of the process and hands it to
// the bleve analyzers. With cacheDir (an index root) the compiled tables
// are read from there when they were written for the same dictionaries,
// and written there otherwise.
func loadSegmenter(dict, cacheDir string) error {
	start := time.Now()
	opts := analysis.Options{Logger: slog.Default()}
	if dict != "" {
		if _, err := os.Stat(dict); err == nil {
			opts.Dicts = append(opts.Dicts, dict)
		} else {
			slog.Warn("legal dictionary not found; using the built-in dictionaries only", "path", dict)
		}
	}
	var seg *analysis.Segmenter
	var err error
	if cacheDir != "" {
		seg, err = analysis.NewCached(opts, cacheDir)
	} else {
		seg, err = analysis.New(opts)
	}
	if err != nil {
		return fmt.Errorf("load segmenter: %w", err)
	}
	analysis.Use(seg)
	slog.Info("segmenter loaded", "seconds", time.Since(start).Seconds(), "dicts", opts.Dicts)
	return nil
}

// startSegmenter loads the segmenter on another goroutine while the caller
// opens the index (tokenizers built meanwhile wait for it); wait returns
// the load's error. Start-up takes the longer of the two, not their sum.
func startSegmenter(dict, cacheDir string) (wait func() error) {
	set := analysis.Loading()
	errc := make(chan error, 1)
	go func() {
		err := loadSegmenter(dict, cacheDir)
		if err != nil {
			set(nil)
		} else {
			s, _ := analysis.Default()
			set(s)
		}
		errc <- err
	}()
	return func() error { return <-errc }
}

// openIndex opens the current generation under dir, loading the segmenter
// (with the legal dictionary dict) while the index opens.
func openIndex(dir, dict string) (*indexer.Index, error) {
	segLoaded := startSegmenter(dict, dir)
	idx, err := indexer.Open(dir)
	if serr := segLoaded(); serr != nil {
		if err == nil {
			idx.Close()
		}
		return nil, serr
	}
	return idx, err
}

// printJSON writes v as indented JSON, with Chinese and <mark> as they are.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// progress draws a bar on stderr when it is a terminal, and logs every 10%
// otherwise, so CI logs stay readable.
func progress(desc string) func(done, total int) {
	var bar *progressbar.ProgressBar
	last := -1
	tty := isTerminal(os.Stderr)
	return func(done, total int) {
		if tty {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetDescription(desc),
					progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
			return
		}
		if total == 0 {
			return
		}
		if pct := done * 10 / total; pct != last {
			last = pct
			slog.Info(desc, "done", done, "total", total)
		}
	}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// buildIndex imports the corpus at corpusDir and builds a new index
// generation under indexDir, in full; the old generation keeps serving on
// failure. `lawkb index` adds the live sources and updates incrementally
// (runBuild).
func buildIndex(ctx context.Context, corpusDir, catalogDir, indexDir, analyzer string, out io.Writer) (*indexer.Meta, error) {
	return runBuild(ctx, indexConfig{Corpus: corpusDir, Catalog: catalogDir, Index: indexDir, Analyzer: analyzer, Full: true,
		Questions: []string{defaultQuestions}}, out)
}

func printSummary(out io.Writer, c *corpus.Corpus, meta *indexer.Meta, took time.Duration) {
	st := c.Stats()
	fmt.Fprintf(out, "works     %d\nversions  %d\narticles  %d\nsections  %d\nproblems  %d\n",
		st.Works, st.Versions, st.Articles, st.Sections, st.Problems)
	byReason := map[string]int{}
	for _, p := range c.Problems {
		byReason[problemClass(p)]++
	}
	reasons := make([]string, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool { return byReason[reasons[i]] > byReason[reasons[j]] })
	for _, r := range reasons {
		fmt.Fprintf(out, "  %6d  %s\n", byReason[r], r)
	}
	if st.Standards > 0 {
		fmt.Fprintf(out, "standards %d\n", st.Standards)
	}
	fmt.Fprintf(out, "index     %s (%.1f MB) in %.1fs\n", meta.Dir, float64(meta.IndexBytes)/1e6, took.Seconds())
	if ch := meta.Changes; ch != nil {
		fmt.Fprintf(out, "update    from %s: %d documents re-indexed, %d deleted, %d unchanged; files %d added, %d changed, %d deleted\n",
			meta.Base, ch.Indexed, ch.Deleted, ch.Unchanged, ch.FilesAdded, ch.FilesChanged, ch.FilesDeleted)
	}
}

// problemClass groups problems for the summary: skipped files apart.
func problemClass(p corpus.Problem) string {
	r := p.Reason
	if i := indexAny(r, ":：("); i > 0 {
		r = r[:i]
	}
	if p.Skipped {
		return "skipped: " + r
	}
	return r
}

func indexAny(s, chars string) int {
	for i, r := range s {
		for _, c := range chars {
			if r == c {
				return i
			}
		}
	}
	return -1
}

// openOrBuild opens the current index generation under indexDir, building
// it first from corpusDir when there is none.
func openOrBuild(ctx context.Context, indexDir, corpusDir, catalogDir string) (*indexer.Index, error) {
	idx, err := indexer.Open(indexDir)
	if err == nil {
		return idx, nil
	}
	if corpusDir == "" || corpus.ErrorCode(err) != corpus.CodeNotFound {
		return nil, err
	}
	slog.Info("no index yet; building it", "corpus", corpusDir, "index", indexDir)
	if _, err := buildIndex(ctx, corpusDir, catalogDir, indexDir, "", os.Stderr); err != nil {
		return nil, err
	}
	return indexer.Open(indexDir)
}
