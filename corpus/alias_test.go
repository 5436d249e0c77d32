package corpus_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func TestShortNamesFile(t *testing.T) {
	names, err := corpus.ShortNames()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 150 {
		t.Errorf("aliases.tsv has %d short names, want at least 150", len(names))
	}
	seen := map[string]string{}
	for _, a := range names {
		if prev, dup := seen[a.Name]; dup {
			t.Errorf("short name %s is listed twice (%s, %s): an alias file must not be ambiguous", a.Name, prev, a.Title)
		}
		seen[a.Name] = a.Title
		if a.Name == a.Title || corpus.TitleKey(a.Name) == corpus.TitleKey(strings.TrimPrefix(a.Title, corpus.NationPrefix)) {
			t.Errorf("short name %s repeats its title %s, which the rules already derive", a.Name, a.Title)
		}
	}
	for _, want := range []string{"处罚法", "治安处罚法", "道交法", "食安法", "固废法", "大气法", "环评法"} {
		if _, ok := seen[want]; !ok {
			t.Errorf("aliases.tsv lacks %s", want)
		}
	}
}

func TestParseAliases(t *testing.T) {
	tests := []struct {
		in      string
		want    []corpus.Alias
		wantErr string
	}{
		{"# comment\n\n处罚法\t中华人民共和国行政处罚法\n  道交法\t中华人民共和国道路交通安全法  \n",
			[]corpus.Alias{{Name: "处罚法", Title: "中华人民共和国行政处罚法"}, {Name: "道交法", Title: "中华人民共和国道路交通安全法"}}, ""},
		{"处罚法 中华人民共和国行政处罚法\n", nil, "line 1"},
		{"ok\tx\n\t中华人民共和国行政处罚法\n", nil, "line 2"},
		{"a\tb\tc\n", nil, "line 1"},
	}
	for _, tt := range tests {
		got, err := corpus.ParseAliases(strings.NewReader(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || corpus.ErrorCode(err) != corpus.CodeInvalid {
				t.Errorf("%q: err %v, want an invalid-input error naming %s", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestTitleKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"《中华人民共和国行政处罚法》", "中华人民共和国行政处罚法"},
		{"中华人民共和国宪法修正案（2018年）", "中华人民共和国宪法修正案2018年"},
		{"宪法修正案２０１８年", "宪法修正案2018年"},
		{"北京市实施《中华人民共和国水法》办法", "北京市实施中华人民共和国水法办法"},
		{" 行政 处罚法 ", "行政处罚法"},
		{"关于适用〈公司法〉若干问题的规定（三）", "关于适用公司法若干问题的规定三"},
	}
	for _, tt := range tests {
		if got := corpus.TitleKey(tt.in); got != tt.want {
			t.Errorf("TitleKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRuleAliases(t *testing.T) {
	tests := []struct {
		w    corpus.Work
		want []string // must be among the rule aliases
		not  []string // must not be
	}{
		{corpus.Work{Title: "中华人民共和国药品管理法"}, []string{"药品法", "药品管理"}, []string{"药品管理法"}},
		{corpus.Work{Title: "中华人民共和国大气污染防治法"}, []string{"大气污染法"}, nil},
		{corpus.Work{Title: "中华人民共和国妇女权益保障法"}, []string{"妇女权益法"}, nil},
		{corpus.Work{Title: "娱乐场所管理条例"}, []string{"娱乐场所条例"}, nil},
		{corpus.Work{Title: "不动产登记暂行条例"}, []string{"不动产登记条例"}, nil},
		{corpus.Work{Title: "中华人民共和国宪法修正案（2018年）"}, []string{"宪法修正案"}, nil},
		{corpus.Work{Title: "浙江省物业管理条例", Kind: corpus.KindLocalRegulation, Region: corpus.Region{Province: "浙江"}},
			[]string{"物业管理条例", "物业条例"}, nil},
		{corpus.Work{Title: "温州市物业管理条例", Kind: corpus.KindLocalRegulation, Region: corpus.Region{Province: "浙江", City: "温州"}},
			[]string{"物业管理条例"}, nil},
		{corpus.Work{Title: "北京市实施《中华人民共和国水法》办法", Kind: corpus.KindLocalRegulation, Region: corpus.Region{Province: "北京"}},
			[]string{"北京市实施《水法》办法", "实施《水法》办法"}, nil},
		// A national text keeps its place-like opening: 城市 is no city.
		{corpus.Work{Title: "城市供水条例"}, nil, []string{"供水条例"}},
	}
	for _, tt := range tests {
		got := corpus.RuleAliases(&tt.w)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("RuleAliases(%s) = %q, lacks %s", tt.w.Title, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("RuleAliases(%s) = %q, has %s", tt.w.Title, got, w)
			}
		}
	}
}

func TestAliasIndex(t *testing.T) {
	water := &corpus.Work{ID: "water", Title: "中华人民共和国水法"}
	waterPoll := &corpus.Work{ID: "wp", Title: "中华人民共和国水污染防治法"}
	penalty := &corpus.Work{ID: "xzcf", Title: "中华人民共和国行政处罚法"}
	traffic := &corpus.Work{ID: "dj", Title: "中华人民共和国道路交通安全法"}
	trafficReg := &corpus.Work{ID: "djss", Title: "中华人民共和国道路交通安全法实施条例"}
	zj := &corpus.Work{ID: "zj", Title: "浙江省物业管理条例", Kind: corpus.KindLocalRegulation, Region: corpus.Region{Province: "浙江"}}
	wz := &corpus.Work{ID: "wz", Title: "温州市物业管理条例", Kind: corpus.KindLocalRegulation, Region: corpus.Region{Province: "浙江", City: "温州"}}
	works := []*corpus.Work{water, waterPoll, penalty, traffic, trafficReg, zj, wz}
	short := []corpus.Alias{
		{Name: "处罚法", Title: "中华人民共和国行政处罚法"},
		{Name: "道交法", Title: "中华人民共和国道路交通安全法"},
		{Name: "水污法", Title: "中华人民共和国水污染防治法"},
		{Name: "游泳法", Title: "中华人民共和国游泳法"}, // no such work here: ignored
	}
	x := corpus.NewAliasIndex(works, short)
	ids := func(ws []*corpus.Work) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.ID)
		}
		slices.Sort(out)
		return out
	}
	tests := []struct {
		name string
		want []string
	}{
		{"中华人民共和国行政处罚法", []string{"xzcf"}},
		{"《行政处罚法》", []string{"xzcf"}},
		{"处罚法", []string{"xzcf"}},
		{"行政处罚", []string{"xzcf"}},
		{"水法", []string{"water"}}, // the title, not 水污染防治法 shortened
		{"水污法", []string{"wp"}},
		{"水污染法", []string{"wp"}},
		{"道交法实施条例", []string{"djss"}},     // relative to its parent law
		{"道路交通安全法实施条例", []string{"djss"}}, // by its own title
		{"物业管理条例", []string{"wz", "zj"}},  // ambiguous: both, never one
		{"浙江省物业管理条例", []string{"zj"}},     // the full title wins
		{"游泳法", nil},
		{"不存在的法", nil},
	}
	for _, tt := range tests {
		if got := ids(x.Lookup(tt.name)); !slices.Equal(got, tt.want) {
			t.Errorf("Lookup(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if ws, off := x.LookupSuffix("民法商法行政处罚法"); len(ws) != 1 || ws[0] != penalty || off != len("民法商法") {
		t.Errorf("LookupSuffix(民法商法行政处罚法) = %v, %d", ids(ws), off)
	}
	if ws, _ := x.LookupSuffix("依照处罚法"); ws != nil {
		t.Errorf("LookupSuffix matched a short name in running text: %v", ids(ws))
	}
	if got := x.Names(penalty); !slices.Contains(got, "处罚法") || !slices.Contains(got, "行政处罚法") || got[0] != "中华人民共和国行政处罚法" {
		t.Errorf("Names(行政处罚法) = %v", got)
	}
	if got := x.Names(zj); slices.Contains(got, "物业管理条例") {
		t.Errorf("Names(浙江省物业管理条例) = %v has an ambiguous name", got)
	}
	if got := x.Nearest("行政处分法", 3); len(got) == 0 || got[0] != penalty {
		t.Errorf("Nearest(行政处分法) = %v, want 行政处罚法 first", ids(got))
	}
	if got := x.Nearest("", 3); got != nil {
		t.Errorf("Nearest(\"\") = %v", ids(got))
	}
}

func TestAbbreviated(t *testing.T) {
	work := func(id, title string, r corpus.Region) *corpus.Work {
		return &corpus.Work{ID: id, Title: title, Region: r}
	}
	wz := corpus.Region{Province: "浙江", City: "温州"}
	dy := corpus.Region{Province: "山东", City: "东营"}
	zj := corpus.Region{Province: "浙江"}
	works := []*corpus.Work{
		work("wz-dog", "温州市养犬管理条例", wz),
		work("dy-dog", "东营市养犬管理条例", dy),
		work("zj-city", "浙江省城市市容和环境卫生管理条例", zj),
		work("zj-green", "浙江省城市绿化管理条例", zj),
		work("wz-city", "温州市市容和环境卫生管理条例", wz),
		work("sh-smoke", "上海市公共场所控制吸烟条例", corpus.Region{Province: "上海"}),
		work("nat-city", "城市市容和环境卫生管理条例", corpus.Region{}),
		work("nat-dog", "犬只管理办法", corpus.Region{}),
	}
	x := corpus.NewAliasIndex(works, nil)
	tests := []struct {
		name string
		near corpus.Region
		want string // the one work, "" for none
	}{
		{"温州养犬条例", corpus.Region{}, "wz-dog"},
		{"温州市容条例", corpus.Region{}, "wz-city"},
		{"浙江市容条例", corpus.Region{}, "zj-city"},
		{"浙江省市容环卫条例", corpus.Region{}, "zj-city"},
		{"上海控烟条例", corpus.Region{}, "sh-smoke"},
		{"养犬条例", corpus.Region{}, ""},   // too short
		{"温州养犬办法", corpus.Region{}, ""}, // another kind of text
		{"杭州养犬条例", corpus.Region{}, ""}, // a place without such a text
		{"市容环卫条例", corpus.Region{}, ""}, // the first character must open the title
		{"养犬管理条例", wz, ""},              // no place, and 养犬管理条例 opens no title
	}
	for _, tt := range tests {
		w, cands := x.AbbreviatedOne(tt.name, tt.near)
		got := ""
		if w != nil {
			got = w.ID
		}
		if got != tt.want {
			var ids []string
			for _, c := range cands {
				ids = append(ids, c.ID)
			}
			t.Errorf("AbbreviatedOne(%s) = %q (candidates %v), want %q", tt.name, got, ids, tt.want)
		}
	}
}

// A name several texts answer to (物业条例: the national 物业管理条例 and
// those of cities) resolves to the reader's city's, then province's, and
// for a name without a place to the national text.
func TestPreferNear(t *testing.T) {
	wz := corpus.Region{Province: "浙江", City: "温州"}
	hz := corpus.Region{Province: "浙江", City: "杭州"}
	zj := corpus.Region{Province: "浙江"}
	works := []*corpus.Work{
		{ID: "wz-prop", Title: "温州市物业管理条例", Region: wz},
		{ID: "dy-prop", Title: "东营市物业管理条例", Region: corpus.Region{Province: "山东", City: "东营"}},
		{ID: "nat-prop", Title: "物业管理条例"},
		{ID: "zj-prop", Title: "浙江省物业管理条例", Region: zj},
	}
	x := corpus.NewAliasIndex(works, nil)
	ws := x.Lookup("物业条例")
	if len(ws) != len(works) {
		t.Fatalf("Lookup(物业条例) = %d works, want %d", len(ws), len(works))
	}
	for _, tt := range []struct {
		name  string
		near  corpus.Region
		want  string // the one work, "" for none
		first string // when none, the first candidate
	}{
		{"物业条例", corpus.Region{}, "nat-prop", ""},
		{"物业条例", corpus.Region{Province: "河南"}, "nat-prop", ""},
		{"物业条例", wz, "wz-prop", ""},
		// 杭州 has none of its own: 浙江's applies there
		{"物业条例", hz, "zj-prop", ""},
		{"物业条例", zj, "zj-prop", ""},
		// a name with a place is not the national text's
		{"浙江物业条例", corpus.Region{}, "", "wz-prop"},
	} {
		w, ranked := corpus.PreferNear(ws, tt.name, tt.near)
		got, first := "", ""
		if w != nil {
			got = w.ID
		}
		if len(ranked) > 0 {
			first = ranked[0].ID
		}
		if got != tt.want || first != tt.first {
			t.Errorf("PreferNear(%s, %v) = %q, first candidate %q; want %q, %q", tt.name, tt.near, got, first, tt.want, tt.first)
		}
	}
}
