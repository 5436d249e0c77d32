package corpus_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/lawkb/lawkb/internal/testshared"

	"github.com/lawkb/lawkb/corpus"
)

// sharedDir finds ../shared, the read-only data beside the repository, by
// walking up from the test's working directory; tests that need it skip
// with a message when it is absent.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	return testshared.Dir(tb, "corpus/lawrefbook")
}

// corpusSize sums the bytes of the .md files under root.
func corpusSize(tb testing.TB, root string) (files int, bytes int64) {
	tb.Helper()
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) == ".md" && d.Name() != "_index.md" {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			files++
			bytes += fi.Size()
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files, bytes
}

func BenchmarkLoad(b *testing.B) {
	root := filepath.Join(sharedDir(b), "corpus", "lawrefbook")
	files, size := corpusSize(b, root)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := corpus.Load(context.Background(), root, corpus.LoadOptions{Logger: discard}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

var discard = slog.New(slog.DiscardHandler)
