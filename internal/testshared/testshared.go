// Package testshared finds the read-only shared data (corpus, catalogues,
// dictionary, evaluation sets) that lies beside the repository as
// ../shared, for the tests and benchmarks that read it in place.
package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared/ directory that holds sub (such as
// "corpus/lawrefbook" or "catalog"), found by walking up from the test's
// working directory. When there is none it skips the test with a message:
// tests over the real data run wherever the data is, CI among them.
func Dir(tb testing.TB, sub string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared")
		if fi, err := os.Stat(filepath.Join(cand, sub)); err == nil && fi.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skipf("shared/%s not found above the working directory: the real data is absent", sub)
		}
		dir = parent
	}
}
