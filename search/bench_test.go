package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
	"github.com/lawkb/lawkb/search"
	"github.com/lawkb/lawkb/search/eval"
)

// benchQueries are 1–3 word queries of the kind officers type, some with
// filters, all with the five facets.
var benchQueries = []search.Request{
	{Query: "占道经营"},
	{Query: "行政处罚"},
	{Query: "罚款 责令改正"},
	{Query: "噪声污染"},
	{Query: "醉酒驾驶"},
	{Query: "违法建设 拆除"},
	{Query: "食品 经营许可证"},
	{Query: "环境影响评价 罚款"},
	{Query: "消防 检查"},
	{Query: "无证经营"},
	{Query: "渣土 运输"},
	{Query: "户外广告 设置 审批"},
	{Query: "建筑垃圾"},
	{Query: "劳动合同 解除"},
	{Query: "危险化学品 储存"},
	{Query: "超载 运输 罚款"},
	{Query: "野生动物 保护"},
	{Query: "滞纳金"},
	{Query: "安全生产 事故 责任"},
	{Query: "城市绿化 树木"},
	{Query: "占道经营", Region: "浙江"},
	{Query: "罚款", Kind: "地方性法规"},
	{Query: "行政处罚 听证", Status: search.StatusAll},
	{Query: "噪声", AsOf: corpus.NewDate(2020, 1, 1)},
	{Query: "罚款"},
	{Query: "", Region: "浙江/温州"},
}

// benchIndex is the whole-corpus index root the benchmarks share. With
// LAWKB_BENCH_INDEX set it is that directory, built there first when it
// holds no index yet and kept for the next run; otherwise it is built once
// per process in a temporary directory that TestMain removes.
var benchIndex struct {
	once sync.Once
	root string
	temp bool
	err  error
	skip string
}

func realIndex(b testing.TB) string {
	b.Helper()
	benchIndex.once.Do(func() {
		// The segmenter comes first, with the dictionary the index is (or
		// was) built with: queries must be cut the same way.
		corpusRoot := findShared()
		seg, err := analysis.New(analysis.Options{Dicts: thuocl(corpusRoot)})
		if err != nil {
			benchIndex.err = err
			return
		}
		analysis.Use(seg)
		root := os.Getenv("LAWKB_BENCH_INDEX")
		if root != "" {
			if _, err := os.Stat(filepath.Join(root, indexer.CurrentFile)); err == nil {
				benchIndex.root = root
				return
			}
		}
		if corpusRoot == "" {
			benchIndex.skip = "no shared/corpus/lawrefbook next to the repository and no index in LAWKB_BENCH_INDEX: skipping"
			return
		}
		c, err := corpus.Load(context.Background(), corpusRoot, corpus.LoadOptions{})
		if err != nil {
			benchIndex.err = err
			return
		}
		if root == "" {
			if root, err = os.MkdirTemp("", "lawkb-bench-index-"); err != nil {
				benchIndex.err = err
				return
			}
			benchIndex.temp = true
		}
		benchIndex.root = root
		_, benchIndex.err = indexer.Build(context.Background(), c, root, indexer.BuildOptions{})
	})
	if benchIndex.skip != "" {
		b.Skip(benchIndex.skip)
	}
	if benchIndex.err != nil {
		b.Fatal(benchIndex.err)
	}
	return benchIndex.root
}

// removeBenchIndex removes a temporary benchmark index; TestMain calls it.
func removeBenchIndex() {
	if benchIndex.temp {
		os.RemoveAll(benchIndex.root)
	}
}

// findShared walks up from the working directory to the real corpus.
func findShared() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, "shared", "corpus", "lawrefbook")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// thuocl is the legal dictionary in ../shared/dict, when present.
func thuocl(corpusRoot string) []string {
	if corpusRoot == "" {
		return nil
	}
	p := filepath.Join(corpusRoot, "..", "..", "dict", "THUOCL_law.txt")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	return []string{p}
}

// BenchmarkSearch runs the bench queries round-robin on the whole corpus
// and reports the latency percentiles of single searches.
func BenchmarkSearch(b *testing.B) {
	x := openReal(b)
	s := search.New(x, search.Options{CacheBytes: -1}) // the work of a search, not of the cache
	ctx := context.Background()
	// one warm-up round: the first search of each query pays for lazily
	// loaded structures that a running server has loaded long ago
	for _, q := range benchQueries {
		if _, err := s.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	// Wall time is what a user waits for; on a machine shared with other
	// work it includes waiting for a core, so the CPU time of the search's
	// own thread is recorded too (the goroutine is locked to it).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	wall := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), threadCPU()
		if _, err := s.Search(ctx, benchQueries[i%len(benchQueries)]); err != nil {
			b.Fatal(err)
		}
		wall = append(wall, time.Since(t0))
		cpu = append(cpu, threadCPU()-c0)
	}
	b.StopTimer()
	reportPercentiles(b, "", wall)
	reportPercentiles(b, "cpu-", cpu)
}

// BenchmarkSearchEach times each of benchQueries on its own, to find the
// queries that set the tail of BenchmarkSearch:
//
//	LAWKB_BENCH_INDEX=DIR go test -run '^$' -bench 'BenchmarkSearchEach' -benchtime 200x ./search
func BenchmarkSearchEach(b *testing.B) {
	x := openReal(b)
	s := search.New(x, search.Options{CacheBytes: -1})
	ctx := context.Background()
	for i, q := range benchQueries {
		name := fmt.Sprintf("%02d_%s_%s%s%s", i, q.Query, q.Region, q.Kind, q.Status)
		b.Run(name, func(b *testing.B) {
			if _, err := s.Search(ctx, q); err != nil { // warm
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportPercentiles reports the 50th and 99th percentile and the maximum
// of durs in milliseconds.
func reportPercentiles(b *testing.B, prefix string, durs []time.Duration) {
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	pct := func(p float64) float64 {
		i := int(p * float64(len(durs)-1))
		return float64(durs[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), prefix+"p50-ms")
	b.ReportMetric(pct(0.99), prefix+"p99-ms")
	b.ReportMetric(pct(1), prefix+"max-ms")
}

// BenchmarkStartup measures what a fresh process does before its first
// answer: load the segmenter, open the index (snapshot and bleve), and run
// one search. Each phase is reported on its own.
func BenchmarkStartup(b *testing.B) {
	root := realIndex(b)
	corpusRoot := findShared()
	var seg, open, first, total time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		sg, err := analysis.New(analysis.Options{Dicts: thuocl(corpusRoot)})
		if err != nil {
			b.Fatal(err)
		}
		analysis.Use(sg)
		t1 := time.Now()
		x, err := indexer.Open(root)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if _, err := search.New(x, search.Options{}).Search(context.Background(), search.Request{Query: "占道经营 罚款"}); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		x.Close()
		seg += t1.Sub(t0)
		open += t2.Sub(t1)
		first += t3.Sub(t2)
		total += t3.Sub(t0)
	}
	n := float64(b.N)
	b.ReportMetric(seg.Seconds()/n, "segmenter-s")
	b.ReportMetric(open.Seconds()/n, "open-s")
	b.ReportMetric(first.Seconds()/n, "first-search-s")
	b.ReportMetric(total.Seconds()/n, "start-to-answer-s")
}

// BenchmarkSearchQueries runs each bench query on its own, to see which
// kinds of query cost what.
func BenchmarkSearchQueries(b *testing.B) {
	x := openReal(b)
	s := search.New(x, search.Options{CacheBytes: -1}) // the work of a search, not of the cache
	ctx := context.Background()
	for _, q := range benchQueries {
		name := q.Query
		if q.Region+q.Kind+q.Status != "" || !q.AsOf.IsZero() {
			name += "|" + q.Region + q.Kind + q.Status + q.AsOf.String()
		}
		b.Run(name, func(b *testing.B) {
			var total uint64
			for i := 0; i < b.N; i++ {
				res, err := s.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}

// evalTexts reads the query or case texts of a set in testdata/eval.
func evalTexts(b *testing.B, file string) []eval.Record {
	_, recs, _, err := eval.ReadSet(filepath.Join("testdata", "eval", file))
	if err != nil {
		b.Fatal(err)
	}
	return recs
}

// BenchmarkSearchSets runs the officer queries and questions of the
// evaluation sets (citations, keywords, colloquial words, questions of
// rights and procedure) round-robin and reports the latency percentiles
// of single searches with facets.
func BenchmarkSearchSets(b *testing.B) {
	x := openReal(b)
	s := search.New(x, search.Options{CacheBytes: -1}) // the work of a search, not of the cache
	ctx := context.Background()
	var reqs []search.Request
	for _, f := range []string{"queries.jsonl", "officer2.jsonl", "citations2.jsonl", "questions2.jsonl"} {
		for _, r := range evalTexts(b, f) {
			in := r.Region
			if in == corpus.National {
				in = ""
			}
			reqs = append(reqs, search.Request{Query: r.Text(), In: in})
		}
	}
	roundRobin(b, len(reqs), func(i int) error {
		_, err := s.Search(ctx, reqs[i])
		return err
	})
}

// BenchmarkSuggestCases runs suggest-basis on the case intakes of the
// evaluation sets round-robin and reports the latency percentiles.
func BenchmarkSuggestCases(b *testing.B) {
	x := openReal(b)
	sg := search.NewSuggester(x, search.SuggestOptions{Search: search.Options{CacheBytes: -1}})
	ctx := context.Background()
	var reqs []search.SuggestRequest
	for _, f := range []string{"cases.jsonl", "cases2.jsonl"} {
		for _, r := range evalTexts(b, f) {
			reqs = append(reqs, search.SuggestRequest{Text: r.Text(), Region: r.Region})
		}
	}
	roundRobin(b, len(reqs), func(i int) error {
		_, err := sg.Suggest(ctx, reqs[i])
		return err
	})
}

// openReal opens the whole-corpus index of realIndex for one benchmark.
func openReal(b *testing.B) *indexer.Index {
	b.Helper()
	x, err := indexer.Open(realIndex(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { x.Close() })
	return x
}

// roundRobin runs each of n requests once to warm up, then b.N of them in
// turn, and reports the latency percentiles.
func roundRobin(b *testing.B, n int, run func(i int) error) {
	for i := 0; i < n; i++ {
		if err := run(i); err != nil {
			b.Fatal(err)
		}
	}
	wall := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := run(i % n); err != nil {
			b.Fatal(err)
		}
		wall = append(wall, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, "", wall)
}
