package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"golang.org/x/term"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
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

// ignoredDictFlag keeps --dict on the commands that open an index, which
// load the index's own copy of its dictionaries instead.
func ignoredDictFlag(fs *flag.FlagSet) {
	fs.String("dict", "", "ignored: an index is searched with the dictionaries it was built with, copied into it")
}

// loadSegmenter builds the one gse segmenter of the process, for a build,
// with the legal dictionary dict when it exists, and hands it to the bleve
// analyzers. The build copies the dictionary into its directory; servers
// load that copy (openIndex), so only building reads dict. With cacheDir
// (an index root) the compiled tables are read from there when they were
// written for the same dictionaries, and written there otherwise.
func loadSegmenter(dict, cacheDir string) error {
	var dicts []string
	if dict != "" {
		if _, err := os.Stat(dict); err == nil {
			dicts = append(dicts, dict)
		} else {
			slog.Warn("legal dictionary not found; building with the built-in dictionaries only", "path", dict)
		}
	}
	return loadSegmenterFrom(dicts, cacheDir)
}

// loadSegmenterFrom builds the segmenter with exactly the dictionaries
// given: they must all be there. cacheDir is as for loadSegmenter.
func loadSegmenterFrom(dicts []string, cacheDir string) error {
	start := time.Now()
	opts := analysis.Options{Dicts: dicts, Logger: slog.Default()}
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
	slog.Info("segmenter loaded", "seconds", time.Since(start).Seconds(), "dicts", dicts)
	return nil
}

// startSegmenter loads the segmenter on another goroutine while the caller
// opens the index (tokenizers built meanwhile wait for it); wait returns
// the load's error, as often as it is called. Start-up takes the longer of
// the two, not their sum.
func startSegmenter(dicts []string, cacheDir string) (wait func() error) {
	set := analysis.Loading()
	errc := make(chan error, 1)
	go func() {
		err := loadSegmenterFrom(dicts, cacheDir)
		if err != nil {
			set(nil)
		} else {
			s, _ := analysis.Default()
			set(s)
		}
		errc <- err
	}()
	return sync.OnceValue(func() error { return <-errc })
}

// segLoader loads the segmenter with the dictionaries of the build that
// opens (indexer.OpenOptions.Prepare): the copies inside the build
// directory, so the analyzer is the build's wherever the server runs.
type segLoader struct {
	key  string       // the checksums of the dictionaries loading or loaded
	wait func() error // nil until a load starts
}

// dictKey identifies a set of dictionaries by their checksums, in order.
func dictKey(sums []string) string { return strings.Join(sums, ",") }

// prepare starts loading the build's dictionaries unless they are the
// ones already loading or loaded.
func (l *segLoader) prepare(dir string, meta indexer.Meta) error {
	var sums []string
	for _, d := range meta.Dicts {
		sums = append(sums, d.SHA256)
	}
	key := dictKey(sums)
	if l.wait != nil {
		if l.key == key {
			return nil
		}
		// A newer build was refused after its load began; the older one
		// was built with other dictionaries.
		if err := l.wait(); err != nil {
			return err
		}
	}
	// the compiled tables are cached in the index root, beside the builds
	l.key, l.wait = key, startSegmenter(indexer.DictPaths(dir, meta), filepath.Dir(dir))
	return nil
}

// loaded records a segmenter loaded for a build (loadSegmenter), so that
// the build it makes opens without a second load.
func (l *segLoader) loaded() {
	seg, err := analysis.Default()
	if err != nil {
		return
	}
	var sums []string
	for _, d := range seg.Dicts() {
		sums = append(sums, d.SHA256)
	}
	l.key, l.wait = dictKey(sums), func() error { return nil }
}

// done waits for the load started last, if any.
func (l *segLoader) done() error {
	if l.wait == nil {
		return nil
	}
	return l.wait()
}

// openIndex opens the newest intact build under dir (verified in full),
// loading the segmenter with the build's own dictionaries while the index
// opens.
func openIndex(dir string) (*indexer.Index, error) {
	var l segLoader
	idx, err := indexer.OpenWith(dir, indexer.OpenOptions{Prepare: l.prepare})
	if serr := l.done(); serr != nil {
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
		boot.set(desc, done, total)
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

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

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
	if i := strings.IndexAny(r, ":：("); i > 0 {
		r = r[:i]
	}
	if p.Skipped {
		return "skipped: " + r
	}
	return r
}

// openOrBuild opens the newest intact build under indexDir (see
// indexer.OpenWith; the segmenter loads with its dictionaries meanwhile),
// building one first from corpusDir when there is none, or none intact.
func openOrBuild(ctx context.Context, indexDir, corpusDir, catalogDir, dict string, check indexer.Check) (*indexer.Index, error) {
	var l segLoader
	opts := indexer.OpenOptions{Check: check, Prepare: l.prepare}
	idx, err := indexer.OpenWith(indexDir, opts)
	if serr := l.done(); serr != nil {
		if err == nil {
			idx.Close()
		}
		return nil, serr
	}
	if err == nil {
		return idx, nil
	}
	if code := corpus.ErrorCode(err); corpusDir == "" || code != corpus.CodeNotFound && code != corpus.CodeUnavailable {
		return nil, err
	}
	if corpus.ErrorCode(err) == corpus.CodeNotFound {
		slog.Info("no index yet; building it", "corpus", corpusDir, "index", indexDir)
	} else {
		slog.Warn("no intact index; building a new one", "corpus", corpusDir, "index", indexDir, "err", err)
	}
	if err := loadSegmenter(dict, indexDir); err != nil {
		return nil, err
	}
	l.loaded()
	if _, err := buildIndex(ctx, corpusDir, catalogDir, indexDir, "", os.Stderr); err != nil {
		return nil, err
	}
	return indexer.OpenWith(indexDir, opts)
}
