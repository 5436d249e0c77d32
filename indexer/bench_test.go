package indexer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// sharedCorpus finds ../shared/corpus/lawrefbook by walking up from the
// working directory, or skips the test.
func sharedCorpus(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "corpus", "lawrefbook")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("no shared/corpus/lawrefbook next to the repository: skipping the whole-corpus run")
		}
		dir = parent
	}
}

// loadShared imports the real corpus with the segmenter the build needs.
func loadShared(tb testing.TB) *corpus.Corpus {
	tb.Helper()
	root := sharedCorpus(tb)
	seg, err := analysis.New(analysis.Options{Dicts: thuocl(root)})
	if err != nil {
		tb.Fatal(err)
	}
	analysis.Use(seg)
	c, err := corpus.Load(context.Background(), root, corpus.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// thuocl is the legal dictionary in ../shared/dict, when present.
func thuocl(corpusRoot string) []string {
	p := filepath.Join(corpusRoot, "..", "..", "dict", "THUOCL_law.txt")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	return []string{p}
}

// BenchmarkBuild builds the whole real corpus, once per iteration, with
// the analyzer named by LAWKB_BENCH_ANALYZER (default lawkb_zh) and the
// scoring model named by LAWKB_BENCH_SCORING (default bm25), and
// reports build seconds, index bytes and the index/text size ratio. With
// LAWKB_BENCH_INDEX set, it builds into that root and leaves the index
// there for the search benchmarks; otherwise into a temporary directory.
func BenchmarkBuild(b *testing.B) {
	c := loadShared(b)
	an := os.Getenv("LAWKB_BENCH_ANALYZER")
	if an == "" {
		an = indexer.AnalyzerZH
	}
	var textBytes int
	for _, w := range c.Works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				textBytes += len(a.Text())
			}
			for _, s := range v.Sections {
				textBytes += len(s.Text)
			}
		}
	}
	b.ResetTimer()
	var meta *indexer.Meta
	for i := 0; i < b.N; i++ {
		root := os.Getenv("LAWKB_BENCH_INDEX")
		if root == "" {
			root = b.TempDir()
		}
		start := time.Now()
		var err error
		meta, err = indexer.Build(context.Background(), c, root, indexer.BuildOptions{Analyzer: an, Scoring: os.Getenv("LAWKB_BENCH_SCORING")})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "build-s")
	}
	b.ReportMetric(float64(meta.IndexBytes), "index-bytes")
	b.ReportMetric(float64(meta.SnapshotBytes), "snapshot-bytes")
	b.ReportMetric(float64(meta.IndexBytes)/float64(textBytes), "index/text")
	b.ReportMetric(float64(meta.Documents), "docs")
}
