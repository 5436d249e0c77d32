//go:build corpus

package search_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/search"
)

// TestThesaurusTargetsInCorpus checks that every statutory term of the
// thesaurus occurs in the real corpus, so that no expansion searches for
// words the statutes never use.
func TestThesaurusTargetsInCorpus(t *testing.T) {
	root := filepath.Join(sharedDirSearch(t), "corpus", "lawrefbook")
	var all strings.Builder
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		all.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	text := all.String()
	th, err := search.DefaultThesaurus()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range th.Heads() {
		for _, x := range th.Targets(h) {
			n++
			if !strings.Contains(text, x) {
				t.Errorf("%s → %s: %q does not occur in the corpus", h, x, x)
			}
		}
	}
	t.Logf("%d heads, %d targets, all found in %d MB of corpus text", th.Len(), n, len(text)>>20)
}
