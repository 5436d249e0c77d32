//go:build corpus

package corpus_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

// TestStandardRefsInCorpus scans the real corpus text for standard codes and
// matches them against the real catalogues: every mention must normalise,
// and the one catalogued standard the corpus names (GB 3838-2002) must link.
func TestStandardRefsInCorpus(t *testing.T) {
	stds, _, err := corpus.LoadStandards(findShared(t, filepath.Join("corpus", "standards")))
	if err != nil {
		t.Fatal(err)
	}
	root := findShared(t, filepath.Join("corpus", "lawrefbook"))
	mentions, linked := 0, map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, ref := range corpus.StandardRefs(string(data)) {
			mentions++
			if ref.Code == "" {
				t.Errorf("%s: empty code at %d", p, ref.Start)
			}
			for _, s := range stds {
				if s.Matches(ref.Code) {
					linked[s.Code] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d standard mentions in the corpus; catalogued standards named: %v", mentions, linked)
	if mentions < 5 || !linked["GB 3838-2002"] {
		t.Errorf("mentions %d, linked %v", mentions, linked)
	}
}
