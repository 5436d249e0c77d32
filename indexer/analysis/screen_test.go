package analysis_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"

	"github.com/lawkb/lawkb/indexer/analysis"
)

func TestScreen(t *testing.T) {
	cases := []struct {
		word string
		want analysis.Reason
	}{
		{"行政处罚", analysis.Kept},
		{"没收违法所得", analysis.Kept},
		{"非上市公司", analysis.Kept},        // 上市 is no city
		{"证券市场", analysis.Kept},         // nor is 市场
		{"竞业禁止", analysis.Kept},         // 禁止 inside a term is no modal
		{"被执行人", analysis.Kept},         // 被 begins terms
		{"使用假币罪", analysis.Kept},        // a charge is never a fragment
		{"中华人民共和国土地管理法", analysis.Kept}, // national, not local
		{"苏格拉底", analysis.RejectStop},
		{"在合同履行中", analysis.RejectPhrase},
		{"取得后", analysis.RejectPhrase},
		{"不得担任国家", analysis.RejectPhrase},
		{"应当从重处罚", analysis.RejectPhrase},
		{"刑法学研究", analysis.RejectPublish},
		{"论缔约过失责任", analysis.RejectPublish},
		{"环保法规汇编", analysis.RejectPublish},
		{"某某律师事务所", analysis.RejectPublish},
		{"张家港市人民检察院", analysis.RejectPlace},
		{"浙江省招标投标条例", analysis.RejectPlace},
		{"广西壮族自治区烟草专卖管理条例", analysis.RejectPlace},
		{"冷静", analysis.RejectLegal},
		{"双面打印", analysis.RejectLegal},
		{"王小明", analysis.RejectLegal},
		{"法", analysis.RejectShape},
		{"ABC法", analysis.RejectShape},
		{"行政处罚法2021", analysis.RejectShape},
		{"全国人民代表大会常务委员会关于修改部分法律的决定", analysis.RejectShape},
		{"", analysis.RejectShape},
	}
	for _, c := range cases {
		if got := analysis.Screen(c.word); got != c.want {
			t.Errorf("Screen(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

// newWithFixture loads a segmenter with testdata/extra.txt.
func newWithFixture(t *testing.T) *analysis.Segmenter {
	t.Helper()
	s, err := analysis.New(analysis.Options{Dicts: []string{"testdata/extra.txt"}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExtraDictionary(t *testing.T) {
	def := segmenter(t)
	s := newWithFixture(t)
	st := s.Stats()
	if len(st.Extra) != 1 {
		t.Fatalf("reports: %+v", st.Extra)
	}
	rep := st.Extra[0]
	wantRejected := map[analysis.Reason]int{
		analysis.RejectStop: 1, analysis.RejectPlace: 1, analysis.RejectPublish: 1,
		analysis.RejectPhrase: 1, analysis.RejectLegal: 1, analysis.RejectShape: 1,
	}
	if rep.Lines != 13 || rep.Malformed != 4 || rep.Kept != 2 || !maps.Equal(rep.Rejected, wantRejected) {
		t.Errorf("report %+v, want 13 lines, 4 malformed, 2 kept, rejected %v", rep, wantRejected)
	}
	if !slices.Equal(rep.MalformedAt, []int{10, 11, 12, 15}) {
		t.Errorf("malformed lines %v, want [10 11 12 15]", rep.MalformedAt)
	}
	raw, err := os.ReadFile("testdata/extra.txt")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if d := s.Dicts(); len(d) != 1 || !bytes.Equal(d[0].Data, raw) || d[0].SHA256 != hex.EncodeToString(sum[:]) ||
		rep.SHA256 != d[0].SHA256 || rep.Size != int64(len(raw)) {
		t.Errorf("Dicts() does not hold testdata/extra.txt as loaded: report %s %d", rep.SHA256, rep.Size)
	}
	if len(def.Dicts()) != 0 {
		t.Errorf("the default segmenter has extra dictionaries: %+v", def.Stats().Extra)
	}
	if st.Words != def.Stats().Words+2 {
		t.Errorf("words %d, want the default %d + 2", st.Words, def.Stats().Words)
	}
	for _, c := range []struct {
		text       string
		def, extra []string
	}{
		{"违规倾倒建筑垃圾", []string{"违规", "倾倒", "建筑垃圾"}, []string{"违规倾倒", "建筑垃圾"}},
		{"违法揽客", []string{"违法", "揽客"}, []string{"违法揽客"}},
		{"冷静", []string{"冷静"}, []string{"冷静"}},
	} {
		if got := def.Cut(c.text); !slices.Equal(got, c.def) {
			t.Errorf("default Cut(%q) = %q, want %q", c.text, got, c.def)
		}
		if got := s.Cut(c.text); !slices.Equal(got, c.extra) {
			t.Errorf("extra Cut(%q) = %q, want %q", c.text, got, c.extra)
		}
	}

	// Use switches the segmenter of analyzers that bleve builds from then
	// on; the default comes back for the other tests.
	analysis.Use(s)
	t.Cleanup(func() { analysis.Use(def) })
	a, err := registry.NewCache().AnalyzerNamed(analysis.AnalyzerQuery)
	if err != nil {
		t.Fatal(err)
	}
	if ts := a.Analyze([]byte("违法揽客")); len(ts) != 1 {
		t.Errorf("after Use, the registered analyzer cuts 违法揽客 into %d tokens", len(ts))
	}
	if got, err := analysis.Default(); err != nil || got != s {
		t.Errorf("Default after Use = %p, %v; want %p", got, err, s)
	}
}

func TestMissingDictionary(t *testing.T) {
	_, err := analysis.New(analysis.Options{Dicts: []string{"testdata/no-such-dict.txt"}})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("New with a missing dictionary: %v, want a not-exist error", err)
	}
}
