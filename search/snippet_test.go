package search_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lawkb/lawkb/indexer/analysis"
	"github.com/lawkb/lawkb/search"
)

var tags = regexp.MustCompile(`</?mark>`)

// visible is the snippet as a reader sees it: tags gone, entities decoded.
func visible(s string) string { return html.UnescapeString(tags.ReplaceAllString(s, "")) }

func TestSnippet(t *testing.T) {
	seg, err := analysis.Default()
	if err != nil {
		t.Fatal(err)
	}
	an := seg.IndexAnalyzer()
	long := strings.Repeat("本条例所称市容环境卫生，是指城市道路两侧的建筑物和公共场所的整洁状况。", 8)
	tests := []struct {
		name  string
		text  string
		terms []string
		want  []string // substrings of the snippet
		not   []string // must not occur
	}{
		{"adjacent words merge into one mark", "违反前款规定的，由城市管理部门责令改正，可以处五十元以下罚款。",
			[]string{"责令", "改正"}, []string{"<mark>责令改正</mark>"}, []string{"</mark><mark>"}},
		{"word and its sub-word are one mark", "依法给予行政处罚。", []string{"行政处罚", "处罚"},
			[]string{"给予<mark>行政处罚</mark>。"}, []string{"</mark><mark>", "<mark><mark>"}},
		{"separate words keep separate marks", "责令改正，处以罚款。", []string{"责令改正", "罚款"},
			[]string{"<mark>责令改正</mark>，处以<mark>罚款</mark>"}, nil},
		{"html is escaped", "昼间限值 < 65 dB & 夜间限值 > 55 dB 的，应当采取降噪措施。", []string{"降噪"},
			[]string{"&lt; 65 dB &amp; 夜间限值 &gt; 55", "<mark>降噪</mark>"}, []string{"< 65", "& 夜", "> 55"}},
		{"a term that spells a tag is escaped", "条文中写有<mark>字样。", []string{"字样"},
			[]string{"&lt;mark&gt;", "<mark>字样</mark>"}, nil},
		{"normalised label found by the analyzer", "依照本法第三十二条的规定从轻处罚。", []string{"第32条"},
			[]string{"<mark>第三十二条</mark>"}, nil},
		{"window around the match in a long text", long + "占道经营的，责令改正。" + long, []string{"占道经营"},
			[]string{"…", "<mark>占道经营</mark>"}, nil},
		{"best cluster wins over a lone early match", "罚款。" + long + "责令改正并处罚款。", []string{"责令改正", "罚款"},
			[]string{"<mark>责令改正</mark>并处<mark>罚款</mark>"}, nil},
		{"no match: the start of the text", long, []string{"噪声"},
			[]string{"本条例所称"}, []string{"<mark>", "…本条例"}},
		{"line breaks become spaces", "第一款。\n责令改正。", []string{"责令改正"},
			[]string{"第一款。 <mark>责令改正</mark>"}, []string{"\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := search.Snippet(tt.text, tt.terms, an, 120)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("snippet lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("snippet has %q:\n%s", w, got)
				}
			}
			if n := utf8.RuneCountInString(strings.Trim(visible(got), "…")); n > 120 {
				t.Errorf("snippet shows %d characters, want ≤ 120:\n%s", n, got)
			}
			if !strings.Contains(strings.ReplaceAll(tt.text, "\n", " "), strings.Trim(visible(got), "…")) {
				t.Errorf("snippet text is not a window of the text:\n%s", got)
			}
		})
	}
}

func TestSearchSnippets(t *testing.T) {
	res := mustSearch(t, fixture.s, search.Request{Query: "降噪"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v", ids(res.Hits))
	}
	const want = "昼间排放限值 &lt; 65 dB(A) &amp; 夜间排放限值 &gt; 55 dB(A) 的厂界，应当采取<mark>降噪</mark>措施。"
	if got := res.Hits[0].Snippet; got != want {
		t.Errorf("snippet = %s\nwant      %s", got, want)
	}
	res = mustSearch(t, fixture.s, search.Request{Query: "责令改正 罚款"})
	for _, h := range res.Hits {
		if !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("hit %s has no mark: %s", h.ID, h.Snippet)
		}
	}
}
