package analysis_test

import (
	"log/slog"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/go-ego/gse"

	"github.com/lawkb/lawkb/indexer/analysis"
)

// benchText is the text the analyzer benchmarks run over: the articles of
// every file in lawrefbook/行政法 (about 3 MB of enforcement law), cut the
// way the indexer feeds them to bleve, one article per call.
func benchText(b *testing.B) ([][]byte, int64) {
	b.Helper()
	dir := filepath.Join(analysis.SharedDir(b), "corpus", "lawrefbook", "行政法")
	var chunks [][]byte
	var n int64
	for _, f := range analysis.CorpusFiles(b, dir) {
		for _, c := range analysis.ArticleChunks(b, f) {
			chunks = append(chunks, c)
			n += int64(len(c))
		}
	}
	if n == 0 {
		b.Fatalf("no text under %s", dir)
	}
	return chunks, n
}

// benchAnalyzer reports MB/s for one pass over benchText per iteration,
// and tokens per byte so that the analyzers' outputs can be compared.
func benchAnalyzer(b *testing.B, a bleveanalysis.Analyzer) {
	chunks, n := benchText(b)
	b.SetBytes(n)
	b.ReportAllocs()
	tokens := 0
	cpu0 := cpuTime(b)
	for b.Loop() {
		tokens = 0
		for _, c := range chunks {
			tokens += len(a.Analyze(c))
		}
	}
	cpu := cpuTime(b) - cpu0
	b.ReportMetric(float64(tokens)/float64(n)*1000, "tokens/KB")
	b.ReportMetric(float64(n)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
}

// cpuTime is the CPU time the process has used, user and system. On a
// machine shared with other jobs, MB per CPU second is the figure that
// says what one core does; MB/s by the wall clock says how busy the
// machine was. It counts the garbage collector's threads, which are part
// of the analyzer's cost.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAnalyzeIndex measures the index analyzer (words + sub-words).
func BenchmarkAnalyzeIndex(b *testing.B) {
	benchAnalyzer(b, segmenter(b).IndexAnalyzer())
}

// BenchmarkAnalyzeQuery measures the query analyzer (exact mode).
func BenchmarkAnalyzeQuery(b *testing.B) {
	benchAnalyzer(b, segmenter(b).QueryAnalyzer())
}

// BenchmarkAnalyzeCJK measures bleve's stock cjk analyzer (unicode
// tokenizer, width fold, lower case, bigrams) on the same text, as the
// baseline lawkb's analyzer is compared with.
func BenchmarkAnalyzeCJK(b *testing.B) {
	a, err := registry.NewCache().AnalyzerNamed(cjk.AnalyzerName)
	if err != nil {
		b.Fatal(err)
	}
	benchAnalyzer(b, a)
}

// BenchmarkLoad measures New with THUOCL_law as the extra dictionary, as
// cmd/lawkb loads it, and the heap the loaded segmenter keeps.
func BenchmarkLoad(b *testing.B) {
	thuocl := filepath.Join(analysis.SharedDir(b), "dict", "THUOCL_law.txt")
	var before, after runtime.MemStats
	var kept *analysis.Segmenter
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		kept = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		cpu0 := cpuTime(b)
		s, err := analysis.New(analysis.Options{Dicts: []string{thuocl}, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime(b) - cpu0
		kept = s
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.StartTimer()
	}
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6, "MB-heap")
	b.ReportMetric(float64(kept.Stats().Words), "words")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	runtime.KeepAlive(kept)
}

// BenchmarkGseSegment measures gse's Segment alone on the same text with
// gse's own embedded dictionary: what each analysis would cost if it
// called Segment instead of the engine, which cuts the same words.
func BenchmarkGseSegment(b *testing.B) {
	var g gse.Segmenter
	g.NotLoadHMM, g.SkipLog = true, true
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		b.Fatal(err)
	}
	chunks, n := benchText(b)
	b.SetBytes(n)
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	for b.Loop() {
		for _, c := range chunks {
			g.Segment(c)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/1e6/(cpuTime(b)-cpu0).Seconds(), "MB/cpu-s")
}
