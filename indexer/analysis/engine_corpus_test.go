//go:build corpus

package analysis

import (
	"path/filepath"
	"testing"
)

// TestEngineMatchesGseOnCorpus compares the engine with gse's Segment on
// every article of lawrefbook.
func TestEngineMatchesGseOnCorpus(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "corpus", "lawrefbook")
	g, e, idx := gsePair(t)
	files, chunks, words, bytes := 0, 0, 0, 0
	for _, f := range corpusFiles(t, dir) {
		files++
		for _, c := range articleChunks(t, f) {
			diff, n := sameAsGse(g, e, idx, c)
			if diff != "" {
				t.Fatalf("%s: %s\nin %q", f, diff, c)
			}
			chunks++
			words += n
			bytes += len(c)
		}
	}
	t.Logf("%d files, %d articles, %d bytes, %d words: engine and gse agree", files, chunks, bytes, words)
}
