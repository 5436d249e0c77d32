package analysis_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lawkb/lawkb/indexer/analysis"
)

// tok is one expected token: term, byte span in the input, position.
type tok struct {
	term       string
	start, end int
	pos        int
}

func toks(ts bleveanalysis.TokenStream) []tok {
	out := make([]tok, len(ts))
	for i, t := range ts {
		out[i] = tok{string(t.Term), t.Start, t.End, t.Position}
	}
	return out
}

func diffStreams(t *testing.T, name, text string, got, want []tok) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = fmt.Sprint(got[i])
		}
		if i < len(want) {
			w = fmt.Sprint(want[i])
		}
		mark := "  "
		if g != w {
			mark = "≠ "
		}
		fmt.Fprintf(&b, "%s%-28s %s\n", mark, g, w)
	}
	t.Errorf("%s stream of %q (got, want):\n%s", name, text, b.String())
}

func TestStreams(t *testing.T) {
	seg := segmenter(t)
	query, index := seg.QueryAnalyzer(), seg.IndexAnalyzer()
	for _, c := range streamCases {
		diffStreams(t, "query", c.text, toks(query.Analyze([]byte(c.text))), c.query)
		diffStreams(t, "index", c.text, toks(index.Analyze([]byte(c.text))), c.index)
	}
}

// TestRegisteredAnalyzers checks that the analyzers bleve builds from the
// registered names give the same streams as the ones built directly.
func TestRegisteredAnalyzers(t *testing.T) {
	seg := segmenter(t)
	cache := registry.NewCache()
	for _, c := range []struct {
		name   string
		direct bleveanalysis.Analyzer
	}{
		{analysis.AnalyzerIndex, seg.IndexAnalyzer()},
		{analysis.AnalyzerQuery, seg.QueryAnalyzer()},
	} {
		named, err := cache.AnalyzerNamed(c.name)
		if err != nil {
			t.Fatalf("analyzer %s: %v", c.name, err)
		}
		for _, sc := range streamCases {
			diffStreams(t, c.name, sc.text, toks(named.Analyze([]byte(sc.text))), toks(c.direct.Analyze([]byte(sc.text))))
		}
	}
}

// offsetCases are inputs whose tokens' offsets are checked against the
// input: besides the stream cases, text with full-width letters in the
// middle, upper case, Greek, blanks inside labels, emoji and bad UTF-8.
var offsetCases = []string{
	"依据ＧＢ３０９６－２００８第４．１条和ＧＢ１２３４８，ＰＭ２．５超标",
	"HTTP Server 与 ＨＴＴＰ协议 ΑΒΓ δέλτα",
	"第 三十五　条\t第（ 二 ）项 第(3)项 第一百零一条之二第1260条",
	"违法😀行为\xff\xfe罚款",
	"",
	"   ，。！",
}

// fold is the normalisation the analyzers promise for a word that is not
// a label, written independently of the package: full-width digits and
// Latin letters to ASCII (nothing else: full-width katakana stay), and
// lower case for the alphabets of two-byte letters (Latin, Greek,
// Cyrillic); other scripts (Roman numerals Ⅰ Ⅱ, CJK) are left as they are.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			r -= 0xFEE0
		}
		if r < 0x800 {
			return unicode.ToLower(r)
		}
		return r
	}, s)
}

// isLabel reports whether a term has the canonical label form.
func isLabel(term string) bool {
	if !strings.HasPrefix(term, "第") {
		return false
	}
	rest := strings.TrimPrefix(term, "第")
	i := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return false
	}
	unit, n := utf8.DecodeRuneInString(rest[i:])
	if !strings.ContainsRune("条款项章节编", unit) {
		return false
	}
	tail := rest[i+n:]
	if tail == "" {
		return true
	}
	return unit == '条' && strings.HasPrefix(tail, "之") && len(strings.Trim(tail[len("之"):], "0123456789")) == 0 && len(tail) > len("之")
}

// TestOffsets checks every token of both analyzers: the span lies within
// the input on rune boundaries; a word's span, width-folded and
// lower-cased, is its term; a label's span starts with 第 and ends with
// its unit (or numeral after 之); positions never go down; a sub-word
// lies inside the word before it and shares its position; and the query
// stream is the index stream without its sub-words.
func TestOffsets(t *testing.T) {
	seg := segmenter(t)
	var texts []string
	for _, c := range streamCases {
		texts = append(texts, c.text)
	}
	texts = append(texts, offsetCases...)
	for _, text := range texts {
		in := []byte(text)
		q := seg.QueryAnalyzer().Analyze(in)
		x := seg.IndexAnalyzer().Analyze(in)
		checkOffsets(t, text, q, false)
		checkOffsets(t, text, x, true)
		var words []tok
		for i, tk := range x {
			if i == 0 || tk.Position != x[i-1].Position {
				words = append(words, tok{string(tk.Term), tk.Start, tk.End, tk.Position})
			}
		}
		if !slices.Equal(words, toks(q)) {
			t.Errorf("%q: index words %v, query words %v", text, words, toks(q))
		}
	}
}

func checkOffsets(t *testing.T, text string, ts bleveanalysis.TokenStream, search bool) {
	t.Helper()
	var word *bleveanalysis.Token
	for i, tk := range ts {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Errorf("%q: token %d %q has span [%d:%d]", text, i, tk.Term, tk.Start, tk.End)
			continue
		}
		span := text[tk.Start:tk.End]
		// In valid text a span starts and ends on character boundaries; in
		// invalid text the byte after a span may be a stray continuation
		// byte, but the span itself is still whole characters.
		cuts := utf8.ValidString(text) && (!utf8.RuneStart(text[tk.Start]) || (tk.End < len(text) && !utf8.RuneStart(text[tk.End])))
		if !utf8.ValidString(span) || cuts {
			t.Errorf("%q: token %q span [%d:%d] cuts a character", text, tk.Term, tk.Start, tk.End)
		}
		term := string(tk.Term)
		if isLabel(term) {
			if !strings.HasPrefix(span, "第") {
				t.Errorf("%q: label %q spans %q", text, term, span)
			}
		} else if fold(span) != term {
			t.Errorf("%q: term %q spans %q", text, term, span)
		}
		if i > 0 && tk.Position < ts[i-1].Position {
			t.Errorf("%q: position goes down at %q", text, term)
		}
		if i > 0 && tk.Position == ts[i-1].Position {
			if !search {
				t.Errorf("%q: query token %q shares a position", text, term)
			} else if word == nil || tk.Start < word.Start || tk.End > word.End || (tk.Start == word.Start && tk.End == word.End) {
				t.Errorf("%q: sub-word %q [%d:%d] not inside its word", text, term, tk.Start, tk.End)
			}
			if utf8.RuneCountInString(term) < 2 {
				t.Errorf("%q: sub-word %q is a single character", text, term)
			}
			continue
		}
		word = tk
	}
}

func TestLabels(t *testing.T) {
	seg := segmenter(t)
	cases := []struct {
		in   string
		want []string
	}{
		{"第三十二条", []string{"第32条"}},
		{"第32条", []string{"第32条"}},
		{"第 三十二 条", []string{"第32条"}},
		{"第三十五　条", []string{"第35条"}},
		{"第３２条", []string{"第32条"}},
		{"第一百零一条", []string{"第101条"}},
		{"第一千二百六十条", []string{"第1260条"}},
		{"第十条", []string{"第10条"}},
		{"第二十条之一", []string{"第20条之1"}},
		{"第二十条之一第一款", []string{"第20条之1", "第1款"}},
		{"第20条之1", []string{"第20条之1"}},
		{"第一款", []string{"第1款"}},
		{"第（二）项", []string{"第2项"}},
		{"第(二)项", []string{"第2项"}},
		{"第二项", []string{"第2项"}},
		{"第三章第一节", []string{"第3章", "第1节"}},
		{"第二编", []string{"第2编"}},
		{"第三十二条第一款第（二）项", []string{"第32条", "第1款", "第2项"}},
		{"依照本法第六十四条规定", []string{"依照", "本法", "第64条", "规定"}},
		{"第十条之规定", []string{"第10条", "之", "规定"}},
	}
	for _, c := range cases {
		if got := seg.Cut(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Cut(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Not labels: no unit, a unit that takes no parentheses, a numeral
	// that is no number or out of range. How gse cuts them is its business;
	// no label token may come out.
	for _, in := range []string{"第三人", "第一次", "第零条", "第（二）条", "第百条", "第十百条", "第", "第100000条", "第三十二", "第条"} {
		for _, term := range seg.Cut(in) {
			if isLabel(term) {
				t.Errorf("Cut(%q) made the label %q", in, term)
			}
		}
	}
}

func TestLabelSpans(t *testing.T) {
	seg := segmenter(t)
	text := "见第 三十五　条和第（二）项"
	ts := seg.QueryAnalyzer().Analyze([]byte(text))
	want := []tok{{"见", 0, 3, 1}, {"第35条", 3, 22, 2}, {"第2项", 25, 40, 4}}
	diffStreams(t, "query", text, toks(ts), want)
}

func TestCut(t *testing.T) {
	seg := segmenter(t)
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"，。、；：", nil},
		{"占道经营的", []string{"占道经营", "的"}}, // Cut keeps stop words
		{"ＡＢＣ法第３条", []string{"abc", "法", "第3条"}},
		{"不得 应当\t禁止", []string{"不得", "应当", "禁止"}},
		{"中华人民共和国", []string{"中华人民共和国"}},
	}
	for _, c := range cases {
		if got := seg.Cut(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Cut(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestStopWords checks the stop list both ways: grammar goes, words that
// carry a duty stay.
func TestStopWords(t *testing.T) {
	seg := segmenter(t)
	q := seg.QueryAnalyzer()
	for _, w := range []string{"的", "了", "和", "与", "及", "或", "在", "对", "其", "等"} {
		if ts := q.Analyze([]byte(w)); len(ts) != 0 {
			t.Errorf("stop word %q kept: %v", w, toks(ts))
		}
	}
	for _, w := range []string{"不得", "应当", "可以", "必须", "禁止", "不", "未", "非", "无", "或者", "并", "处", "由"} {
		ts := q.Analyze([]byte(w))
		if len(ts) != 1 || string(ts[0].Term) != w {
			t.Errorf("legal word %q: got %v", w, toks(ts))
		}
	}
}

// TestConcurrent analyses the same texts on many goroutines with both
// analyzers and compares with a sequential run; run it with -race.
func TestConcurrent(t *testing.T) {
	seg := segmenter(t)
	analyzers := []bleveanalysis.Analyzer{seg.IndexAnalyzer(), seg.QueryAnalyzer()}
	var texts []string
	for _, c := range streamCases {
		texts = append(texts, c.text)
	}
	texts = append(texts, offsetCases...)
	want := make([][][]tok, len(analyzers))
	for a, an := range analyzers {
		for _, text := range texts {
			want[a] = append(want[a], toks(an.Analyze([]byte(text))))
		}
	}
	const workers, rounds = 8, 20
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				for a, an := range analyzers {
					for i, text := range texts {
						k := (i + w + r) % len(texts) // each worker in its own order
						text = texts[k]
						if got := toks(an.Analyze([]byte(text))); !slices.Equal(got, want[a][k]) {
							errs <- fmt.Sprintf("worker %d: %q: %v", w, text, got)
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestBleveIndex indexes a few documents in an in-memory bleve index with
// the registered analyzers and searches them the ways an officer would.
func TestBleveIndex(t *testing.T) {
	segmenter(t)
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = analysis.AnalyzerIndex
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := map[string]string{
		"a": "第二十条　在城市道路上占道经营的，由城市管理部门责令改正，处五十元以上二百元以下罚款。",
		"b": "违反本法第 三十二 条规定的，没收违法所得。",
		"c": "中华人民共和国行政处罚法",
		"d": "化学需氧量（ＣＯＤ）超标排放的，按日连续处罚。",
		"e": "经营者应当明码标价。",
	}
	for id, text := range docs {
		if err := idx.Index(id, map[string]string{"text": text}); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"占道经营", []string{"a"}},
		{"第三十二条", []string{"b"}},
		{"第32条", []string{"b"}},
		{"第20条", []string{"a"}},
		{"共和国", []string{"c"}},     // a sub-word of 中华人民共和国
		{"处罚", []string{"c", "d"}}, // a sub-word of 行政处罚法 and 按日连续处罚
		{"cod", []string{"d"}},
		{"ＣＯＤ", []string{"d"}},
		{"明码标价", []string{"e"}},
		{"的", nil}, // a stop word matches nothing
	}
	for _, c := range cases {
		mq := query.NewMatchQuery(c.q)
		mq.SetField("text")
		mq.Analyzer = analysis.AnalyzerQuery
		req := bleve.NewSearchRequest(mq)
		req.IncludeLocations = true
		res, err := idx.Search(req)
		if err != nil {
			t.Fatalf("search %q: %v", c.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
			// Every location bleve stored must mark the original text.
			for term, locs := range h.Locations["text"] {
				for _, l := range locs {
					span := docs[h.ID][l.Start:l.End]
					if !isLabel(term) && fold(span) != term {
						t.Errorf("search %q: %s: term %q located at %q", c.q, h.ID, term, span)
					}
				}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("search %q: hits %v, want %v", c.q, got, c.want)
		}
	}
}

// FuzzAnalyze feeds arbitrary bytes to both analyzers: no panic, and the
// offset checks of TestOffsets hold for every token.
func FuzzAnalyze(f *testing.F) {
	for _, c := range streamCases {
		f.Add(c.text)
	}
	for _, c := range offsetCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		seg := segmenter(t)
		checkOffsets(t, text, seg.IndexAnalyzer().Analyze([]byte(text)), true)
		checkOffsets(t, text, seg.QueryAnalyzer().Analyze([]byte(text)), false)
	})
}

// An index opened while the segmenter is still loading tokenizes with it
// once it arrives: the tokenizer bleve built meanwhile waits for it.
func TestLoadingWaits(t *testing.T) {
	seg := segmenter(t)
	set := analysis.Loading()
	cache := registry.NewCache()
	an, err := cache.AnalyzerNamed(analysis.AnalyzerQuery)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan int, 1)
	go func() { got <- len(an.Analyze([]byte("违反本条例第二十条规定"))) }()
	select {
	case n := <-got:
		t.Fatalf("tokenized (%d tokens) before the segmenter was set", n)
	case <-time.After(50 * time.Millisecond):
	}
	set(seg)
	if n := <-got; n == 0 {
		t.Fatal("no tokens once the segmenter arrived")
	}
	if d, _ := analysis.Default(); d != seg {
		t.Error("Loading's setter did not Use the segmenter")
	}
}
