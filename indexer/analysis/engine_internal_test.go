package analysis

import (
	"fmt"
	"log/slog"
	"sync"
	"testing"

	"github.com/go-ego/gse"
)

// The engine claims to cut exactly as gse's Segment does on the same
// dictionary. These tests hold it to that: same spans, same dictionary
// word (the very *gse.Token), or a pseudo word where gse makes one.

var (
	gseOnce sync.Once
	gseSeg  *gse.Segmenter
	gseEng  *engine
	gseIdx  map[*gse.Token]int32
	gseErr  error
)

// gsePair loads gse with our dictionaries and compiles the engine from
// that very segmenter, once per test binary.
func gsePair(tb testing.TB) (*gse.Segmenter, *engine, map[*gse.Token]int32) {
	tb.Helper()
	gseOnce.Do(func() {
		gseSeg, _, _, gseErr = load(Options{}, slog.New(slog.DiscardHandler))
		if gseErr != nil {
			return
		}
		gseEng, gseErr = compile(gseSeg)
		gseIdx = make(map[*gse.Token]int32, len(gseSeg.Dict.Tokens))
		for i := range gseSeg.Dict.Tokens {
			gseIdx[&gseSeg.Dict.Tokens[i]] = int32(i)
		}
	})
	if gseErr != nil {
		tb.Fatal(gseErr)
	}
	return gseSeg, gseEng, gseIdx
}

// sameAsGse reports the first difference between the engine and gse on
// text, or "" when they agree.
func sameAsGse(g *gse.Segmenter, e *engine, idx map[*gse.Token]int32, text []byte) (diff string, n int) {
	var sc scratch
	want := g.Segment(text)
	got := e.segment(text, &sc)
	if len(want) != len(got) {
		return fmt.Sprintf("gse cuts %d words, the engine %d", len(want), len(got)), 0
	}
	for i := range want {
		w, s := want[i], got[i]
		word, inDict := idx[w.Token()]
		if !inDict {
			word = -1
		}
		if w.Start() != int(s.start) || w.End() != int(s.end) || word != s.word {
			return fmt.Sprintf("word %d: gse %q [%d:%d] #%d, engine %q [%d:%d] #%d", i,
				text[w.Start():w.End()], w.Start(), w.End(), word, text[s.start:s.end], s.start, s.end, s.word), 0
		}
	}
	return "", len(want)
}

func TestEngineMatchesGse(t *testing.T) {
	g, e, idx := gsePair(t)
	texts := []string{
		"违反本条例第二十条规定，在城市道路上占道经营的，由城市管理部门责令改正，处五十元以上二百元以下罚款。",
		"中华人民共和国行政处罚法第三十二条",
		"依据GB8978-1996和PM2.5标准，4S店、AA制与ＡＢ型。",
		"Αθήνα ΑΒΓ Ünïcödé straße 123abc ABC",
		"  \t\n混合 text 与　全角空格 ",
		"emoji 😀 非BMP字符 𠀀𠀁 结束",
		"\xff\xfe无效字节\xc3",
		"一",
		"",
		"第",
		"。。。，，，",
		"行政机关应当在立案之日起九十日内作出行政处罚决定。",
	}
	for _, text := range texts {
		if diff, _ := sameAsGse(g, e, idx, []byte(text)); diff != "" {
			t.Errorf("%q: %s", text, diff)
		}
	}
}

// FuzzEngineMatchesGse feeds arbitrary bytes to both.
func FuzzEngineMatchesGse(f *testing.F) {
	for _, s := range []string{"中华人民共和国", "4S店ab中", "\xff第三十二条", "a b\tc"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		g, e, idx := gsePair(t)
		if diff, _ := sameAsGse(g, e, idx, text); diff != "" {
			t.Errorf("%q: %s", text, diff)
		}
	})
}
