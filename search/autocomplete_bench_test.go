package search_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/lawkb/lawkb/internal/testshared"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

// benchPrefixes are what officers type: initials, pinyin, characters, and
// one-letter prefixes that match thousands of names.
var benchPrefixes = []string{"zdjy", "xzcff", "z", "x", "s", "行政", "道", "温州市", "zhandao", "bt",
	"lgbqs", "shi", "中华人民共和国", "食品安全", "hjyx", "dljt", "cs", "wzs", "jz", "摆"}

// BenchmarkAutocomplete measures Complete over the names of the whole
// corpus (titles, aliases, thesaurus heads and terms) and reports the p50
// and p99 latency of one call.
//
//	nice go test -run '^$' -bench Autocomplete -benchtime 20000x ./search/
func BenchmarkAutocomplete(b *testing.B) {
	root := filepath.Join(sharedDirSearch(b), "corpus", "lawrefbook")
	c, err := corpus.Load(context.Background(), root, corpus.LoadOptions{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	ac := search.NewCorpusAutocompleter(c, search.AutocompleteOptions{})
	build := time.Since(start)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := ac.Complete(benchPrefixes[i%len(benchPrefixes)], 10); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(build.Milliseconds()), "build-ms")
}

// sharedDirSearch finds ../shared by walking up from the working
// directory, and skips the test when it is absent.
func sharedDirSearch(tb testing.TB) string {
	tb.Helper()
	return testshared.Dir(tb, "corpus/lawrefbook")
}
