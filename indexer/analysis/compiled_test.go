package analysis_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/lawkb/lawkb/indexer/analysis"
)

// TestCompiledRoundTrip checks that tables written and read back segment
// exactly as the segmenter that wrote them, words and sub-words alike.
func TestCompiledRoundTrip(t *testing.T) {
	orig := segmenter(t)
	path := filepath.Join(t.TempDir(), "seg.bin")
	if err := orig.WriteCompiled(path); err != nil {
		t.Fatal(err)
	}
	back, err := analysis.ReadCompiled(path)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"当事人在人行道上摆摊卖水果，经劝阻拒不改正，依照《中华人民共和国行政处罚法》第三十二条第一款第（二）项",
		"质权人于债务履行期限届满前，与出质人约定", "GB 3096-2008 ＡＢＣ１２３ 5G网络 iPhone12",
		"违反本条例第二十一条规定的，由综合行政执法部门责令改正，处二百元以上二千元以下罚款。", "",
	}
	for _, s := range texts {
		if a, b := orig.Cut(s), back.Cut(s); !reflect.DeepEqual(a, b) {
			t.Errorf("Cut(%q):\n orig %v\n back %v", s, a, b)
		}
		ia, ib := orig.IndexAnalyzer().Analyze([]byte(s)), back.IndexAnalyzer().Analyze([]byte(s))
		if !reflect.DeepEqual(ia, ib) {
			t.Errorf("index analysis of %q differs", s)
		}
	}
	for _, w := range []string{"上午", "审批", "质权", "没有的词语组合"} {
		r1, ok1 := orig.Rarity(w)
		r2, ok2 := back.Rarity(w)
		if r1 != r2 || ok1 != ok2 {
			t.Errorf("Rarity(%s): %v %v vs %v %v", w, r1, ok1, r2, ok2)
		}
	}
}

// TestNewCached checks that a second segmenter of the same inputs comes
// from the file the first wrote, and that a damaged file is compiled
// again rather than trusted.
func TestNewCached(t *testing.T) {
	dir := t.TempDir()
	opts := analysis.Options{Logger: slog.New(slog.DiscardHandler)}
	if _, err := analysis.NewCached(opts, dir); err != nil {
		t.Fatal(err)
	}
	hash, err := analysis.InputsHash(opts)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, analysis.CompiledName(hash))
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no compiled file: %v", err)
	}
	if err := os.Truncate(path, 1000); err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.ReadCompiled(path); err == nil {
		t.Error("a truncated file reads as a segmenter")
	}
	s, err := analysis.NewCached(opts, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Cut("质权人"); len(got) == 0 {
		t.Error("the recompiled segmenter cuts nothing")
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() <= 1000 {
		t.Errorf("the damaged file was not rewritten: %v", err)
	}
}

// TestNewCachedDicts checks that a segmenter read from compiled tables
// reports the extra dictionaries it was compiled from, at the path given
// now (a build's copy), with their bytes, as a fresh load would.
func TestNewCachedDicts(t *testing.T) {
	dir := t.TempDir()
	words := []byte("占道经营\t1000\n")
	first := filepath.Join(dir, "legal.txt")
	if err := os.WriteFile(first, words, 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	logger := slog.New(slog.DiscardHandler)
	fresh, err := analysis.NewCached(analysis.Options{Dicts: []string{first}, Logger: logger}, cache)
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(dir, "build", "legal.txt")
	if err := os.MkdirAll(filepath.Dir(moved), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(moved, words, 0o644); err != nil {
		t.Fatal(err)
	}
	cached, err := analysis.NewCached(analysis.Options{Dicts: []string{moved}, Logger: logger}, cache)
	if err != nil {
		t.Fatal(err)
	}
	a, b := fresh.Dicts(), cached.Dicts()
	if len(a) != 1 || len(b) != 1 || a[0].SHA256 != b[0].SHA256 || string(b[0].Data) != string(words) || b[0].Path != moved {
		t.Errorf("cached segmenter reports %+v, fresh %+v", b, a)
	}
}
