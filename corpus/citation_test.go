package corpus_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/internal/testshared"
)

// cw is the part of a Citation a table names; zero fields must be zero.
type cw struct {
	text        string
	title       string
	rel         corpus.Relative
	word        string
	back        int
	art, suf    int
	artTo       int
	para, paraT int
	item, itemT int
	basis       bool
}

func citeGot(c corpus.Citation) cw {
	return cw{text: c.Text, title: c.Title, rel: c.Relative, word: c.Word, back: c.Back,
		art: c.Article, suf: c.Suffix, artTo: c.ArticleTo, para: c.Paragraph, paraT: c.ParagraphTo,
		item: c.Item, itemT: c.ItemTo, basis: c.Basis}
}

// checkCitations compares parsed citations with the table and checks that
// every span is the text it claims.
func checkCitations(t *testing.T, in string, got []corpus.Citation, want []cw) {
	t.Helper()
	for _, c := range got {
		if c.Start < 0 || c.End > len(in) || c.Start > c.End || in[c.Start:c.End] != c.Text {
			t.Errorf("%q: span [%d,%d] is not %q", in, c.Start, c.End, c.Text)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%q: got %d citations %+v, want %d %+v", in, len(got), got, len(want), want)
	}
	for i := range want {
		if g := citeGot(got[i]); g != want[i] {
			t.Errorf("%q citation %d:\n got %+v\nwant %+v", in, i, g, want[i])
		}
	}
}

func TestParseCitations(t *testing.T) {
	const (
		doc  = corpus.RelDocument
		art  = corpus.RelArticle
		para = corpus.RelParagraph
		prev = corpus.RelPrevParagraph
		prea = corpus.RelPrevArticle
	)
	tests := []struct {
		name string
		in   string
		want []cw
	}{
		{"full title, 款 and 项", "依照《中华人民共和国行政处罚法》第三十二条第一款第（二）项的规定",
			[]cw{{text: "《中华人民共和国行政处罚法》第三十二条第一款第（二）项", title: "中华人民共和国行政处罚法", art: 32, para: 1, item: 2}}},
		{"short title, Arabic digits", "《行政处罚法》第32条",
			[]cw{{text: "《行政处罚法》第32条", title: "行政处罚法", art: 32}}},
		{"full-width digits", "《行政处罚法》第３２条第１款",
			[]cw{{text: "《行政处罚法》第３２条第１款", title: "行政处罚法", art: 32, para: 1}}},
		{"title without brackets", "依照行政处罚法第三十二条处理",
			[]cw{{text: "行政处罚法第三十二条", title: "行政处罚法", art: 32}}},
		{"本法", "依照本法第二十条的规定",
			[]cw{{text: "本法第二十条", rel: doc, word: "本法", art: 20}}},
		{"本条例 with 款", "违反本条例第十条第二款规定的",
			[]cw{{text: "本条例第十条第二款", rel: doc, word: "本条例", art: 10, para: 2}}},
		{"本办法", "符合本办法第五条规定的条件",
			[]cw{{text: "本办法第五条", rel: doc, word: "本办法", art: 5}}},
		{"本实施细则", "依照本实施细则第八条办理",
			[]cw{{text: "本实施细则第八条", rel: doc, word: "本实施细则", art: 8}}},
		{"本条第N款", "本条第二款规定的情形除外",
			[]cw{{text: "本条第二款", rel: art, word: "本条", para: 2}}},
		{"本款第N项", "有本款第（三）项情形的",
			[]cw{{text: "本款第（三）项", rel: para, word: "本款", item: 3}}},
		{"前款", "违反前款规定的，责令改正",
			[]cw{{text: "前款", rel: prev, word: "前款", back: 1}}},
		{"前两款", "有前两款规定情形之一的",
			[]cw{{text: "前两款", rel: prev, word: "前两款", back: 2}}},
		{"前三款", "前三款规定以外的",
			[]cw{{text: "前三款", rel: prev, word: "前三款", back: 3}}},
		{"前款 with items listed", "有前款第（一）项、第（三）项行为的",
			[]cw{{text: "前款第（一）项", rel: prev, word: "前款", back: 1, item: 1},
				{text: "第（三）项", rel: prev, word: "前款", back: 1, item: 3}}},
		{"前条", "有前条第一款规定情形的",
			[]cw{{text: "前条第一款", rel: prea, word: "前条", back: 1, para: 1}}},
		{"range of articles", "依照本办法第五条至第九条规定",
			[]cw{{text: "本办法第五条至第九条", rel: doc, word: "本办法", art: 5, artTo: 9}}},
		{"range of items", "前款第二项至第五项所列情形",
			[]cw{{text: "前款第二项至第五项", rel: prev, word: "前款", back: 1, item: 2, itemT: 5}}},
		{"list of articles", "依照本法第二十条、第二十二条和第二十五条的规定",
			[]cw{{text: "本法第二十条", rel: doc, word: "本法", art: 20},
				{text: "第二十二条", rel: doc, word: "本法", art: 22},
				{text: "第二十五条", rel: doc, word: "本法", art: 25}}},
		{"list with 或者 and 及", "违反本法第八条或者第九条及第十条规定",
			[]cw{{text: "本法第八条", rel: doc, word: "本法", art: 8},
				{text: "第九条", rel: doc, word: "本法", art: 9},
				{text: "第十条", rel: doc, word: "本法", art: 10}}},
		{"list of 款 inherits the article", "违反第十二条第一款、第二款规定",
			[]cw{{text: "第十二条第一款", rel: doc, art: 12, para: 1},
				{text: "第二款", rel: doc, art: 12, para: 2}}},
		{"之一", "依照第二十条之一的规定",
			[]cw{{text: "第二十条之一", rel: doc, art: 20, suf: 1}}},
		{"titled 之二", "依照刑法第二百六十二条之二定罪",
			[]cw{{text: "刑法第二百六十二条之二", title: "刑法", art: 262, suf: 2}}},
		{"bare 第N款", "第一款规定的期限届满",
			[]cw{{text: "第一款", rel: art, para: 1}}},
		{"label with a space", "依照本法第三十五 条处理",
			[]cw{{text: "本法第三十五 条", rel: doc, word: "本法", art: 35}}},
		{"bare article inherits the sentence's title", "在刑法第二百二十四条后增加一条，作为第二百二十四条之一。",
			[]cw{{text: "刑法第二百二十四条", title: "刑法", art: 224},
				{text: "第二百二十四条之一", title: "刑法", art: 224, suf: 1}}},
		{"a new sentence does not inherit", "依照刑法第十条处理。第二十条另有规定",
			[]cw{{text: "刑法第十条", title: "刑法", art: 10},
				{text: "第二十条", rel: doc, art: 20}}},
		{"items continue on the line", "前款第二项至第五项事实除外；第六项、第七项事实除外",
			[]cw{{text: "前款第二项至第五项", rel: prev, word: "前款", back: 1, item: 2, itemT: 5},
				{text: "第六项", rel: prev, word: "前款", back: 1, item: 6},
				{text: "第七项", rel: prev, word: "前款", back: 1, item: 7}}},
		{"list of titles", "依照《中华人民共和国水法》《中华人民共和国防洪法》的规定",
			[]cw{{text: "《中华人民共和国水法》", title: "中华人民共和国水法"},
				{text: "《中华人民共和国防洪法》", title: "中华人民共和国防洪法"}}},
		{"titles joined by 、 and 和", "遵守《食品安全法》、《产品质量法》和《广告法》第九条",
			[]cw{{text: "《食品安全法》", title: "食品安全法"},
				{text: "《产品质量法》", title: "产品质量法"},
				{text: "《广告法》第九条", title: "广告法", art: 9}}},
		{"nested brackets", "适用《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第一百二十二条",
			[]cw{{text: "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第一百二十二条",
				title: "最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释", art: 122}}},
		{"根据《X》… in article 1", "为了规范物业管理，根据《中华人民共和国民法典》《物业管理条例》等法律、行政法规，结合本省实际，制定本条例。",
			[]cw{{text: "《中华人民共和国民法典》", title: "中华人民共和国民法典", basis: true},
				{text: "《物业管理条例》", title: "物业管理条例", basis: true}}},
		{"依据 with an article", "依据《中华人民共和国立法法》第八十二条，制定本规定。",
			[]cw{{text: "《中华人民共和国立法法》第八十二条", title: "中华人民共和国立法法", art: 82, basis: true}}},
		{"a citation that does not make the text is no basis", "根据《中华人民共和国民法典》的规定处理。",
			[]cw{{text: "《中华人民共和国民法典》", title: "中华人民共和国民法典"}}},
		{"unknown title keeps its shape", "违反某某省渣土管理条例第十条",
			[]cw{{text: "某某省渣土管理条例第十条", title: "某某省渣土管理条例", art: 10}}},
		{"connector before the title", "人民法院依照合同法第六十一条确定",
			[]cw{{text: "合同法第六十一条", title: "合同法", art: 61}}},
		{"short name defined: the definition is not cited", "《中华人民共和国行政处罚法》（以下简称《处罚法》）",
			[]cw{{text: "《中华人民共和国行政处罚法》", title: "中华人民共和国行政处罚法"}}},
		{"not citations", "第一次违法的，凭《营业执照》和《食品经营许可证》办理；提前款项另计；第三章另有规定；前条件不足的",
			nil},
		{"本法 alone", "依照本法和其他有关法律的规定", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCitations(t, tt.in, corpus.ParseCitations(tt.in), tt.want)
		})
	}
}

// TestParseCitationsKnownTitles runs the parser with the titles of a
// corpus: bare titles are cut at the longest known name, a place before a
// known name keeps the local title, and 根据宪法 is a basis.
func TestParseCitationsKnownTitles(t *testing.T) {
	works := []*corpus.Work{
		{ID: "w1", Title: "中华人民共和国治安管理处罚法"},
		{ID: "w2", Title: "中华人民共和国道路运输条例"},
		{ID: "w3", Title: "中华人民共和国宪法"},
		{ID: "w4", Title: "中华人民共和国刑法"},
	}
	p := corpus.NewParser(corpus.NewAliasIndex(works, nil))
	tests := []struct {
		in   string
		want []cw
	}{
		{"应当依照治安管理处罚法第十条处罚", []cw{{text: "治安管理处罚法第十条", title: "治安管理处罚法", art: 10}}},
		{"对照刑法第二十条", []cw{{text: "刑法第二十条", title: "刑法", art: 20}}},
		{"违反浙江省道路运输条例第十条", []cw{{text: "浙江省道路运输条例第十条", title: "浙江省道路运输条例", art: 10}}},
		{"重庆道路运输条例第十条", []cw{{text: "重庆道路运输条例第十条", title: "重庆道路运输条例", art: 10}}},
		{"温州道路运输条例第10条", []cw{{text: "温州道路运输条例第10条", title: "温州道路运输条例", art: 10}}},
		{"为了保护公民权利，根据宪法，制定本法。", []cw{{text: "宪法", title: "宪法", basis: true}}},
		{"根据宪法和治安管理处罚法，制定本条例。", []cw{{text: "宪法", title: "宪法", basis: true},
			{text: "治安管理处罚法", title: "治安管理处罚法", basis: true}}},
		{"根据宪法规定的原则处理。", nil},
	}
	for _, tt := range tests {
		checkCitations(t, tt.in, p.Parse(tt.in), tt.want)
	}
}

// TestParseCitationsGolden parses a text of every form and compares the
// whole output with testdata/cite/parse.golden.json (-update rewrites).
func TestParseCitationsGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "cite", "parse.txt"))
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		Text      string            `json:"text"`
		Citations []corpus.Citation `json:"citations"`
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(string(in)), "\n") {
		got = append(got, line{l, corpus.ParseCitations(l)})
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	testshared.Golden(t, filepath.Join("testdata", "cite", "parse.golden.json"), b, updating())
}

func FuzzParseCitations(f *testing.F) {
	for _, s := range []string{
		"依照《中华人民共和国行政处罚法》第三十二条第一款第（二）项",
		"本法第二十条、第二十二条和第二十五条", "前两款", "第N条至第M条", "第二十条之一",
		"《《》》第", "第（", "本条第", "前", "第十条至", "《X》\n第一条", "第9999999999999999条",
		"\xff第一条\xfe", "根据《X》制定", "以下简称《》",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range corpus.ParseCitations(s) {
			if c.Start < 0 || c.End > len(s) || c.Start > c.End || s[c.Start:c.End] != c.Text {
				t.Fatalf("%q: bad span %+v", s, c)
			}
			if utf8.ValidString(s) && !utf8.ValidString(c.Text) {
				t.Fatalf("%q: span %q cuts a character", s, c.Text)
			}
		}
		corpus.ParseQuery(s)
	})
}

func BenchmarkParseCitations(b *testing.B) {
	text := strings.Repeat("违反本条例第十条第二款规定的，依照《中华人民共和国行政处罚法》第三十二条第一款第（二）项、"+
		"第三十三条处理；有前款第（一）项、第（三）项行为的，由县级以上人民政府有关部门责令改正。", 10)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		corpus.ParseCitations(text)
	}
}
