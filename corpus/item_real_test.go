package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

// realFiles are the laws issue 4 names, read in place from ../shared.
var realFiles = []string{
	"DLC/浙江地方法规/地方性法规/浙江/温州市市容和环境卫生管理条例(2018-08-15).md",
	"DLC/浙江地方法规/地方性法规/浙江/浙江省城市市容和环境卫生管理条例(2021-09-30).md",
	"行政法/道路交通安全法(2021-04-29).md",
	"行政法/环境影响评价法(2018-12-29).md",
}

// loadReal loads the named files of the real corpus through symlinks in a
// temporary tree, links citations and derives the items. It skips when
// ../shared is absent.
func loadReal(t *testing.T, rels ...string) (*corpus.Corpus, []*corpus.Item, corpus.ItemReport) {
	t.Helper()
	root := filepath.Join(sharedDir(t), "corpus", "lawrefbook")
	tmp := t.TempDir()
	for _, rel := range rels {
		src := filepath.Join(root, rel)
		if _, err := os.Stat(src); err != nil {
			t.Skipf("real corpus file %s absent: %v", rel, err)
		}
		dst := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(src, dst); err != nil {
			t.Fatal(err)
		}
	}
	c, err := corpus.Load(context.Background(), tmp, corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	items, rep := corpus.DeriveItems(c, nil)
	return c, items, rep
}

// itemsOf returns the items derived from article label (第四十四条) of the
// work whose title contains title, in order.
func itemsOf(c *corpus.Corpus, items []*corpus.Item, title, label string) []*corpus.Item {
	var out []*corpus.Item
	for _, it := range items {
		a := c.Article(it.Source.ArticleID)
		if a == nil || a.Label != label || !strings.Contains(a.Version().Title, title) {
			continue
		}
		out = append(out, it)
	}
	return out
}

func dutyLabels(c *corpus.Corpus, it *corpus.Item) []string {
	var out []string
	for _, d := range it.Duty {
		for _, id := range d.ArticleIDs {
			if a := c.Article(id); a != nil {
				l := a.Label
				if d.Paragraph > 0 {
					l += "第" + corpus.FormatNumeral(d.Paragraph) + "款"
				}
				out = append(out, l)
			}
		}
	}
	return out
}

func TestDeriveItemsRealClauses(t *testing.T) {
	c, items, rep := loadReal(t, realFiles...)
	t.Logf("report: %s; inferred %d", rep.String(), rep.DutyInferred)
	tests := []struct {
		title, label string
		paragraph    int      // 款 of the item, 0: any
		duty         []string // duty articles (with 款) of the first item there
		dutyBy       string
		penalties    []string // of the first item there
		offences     int      // items from that article and 款
	}{
		{"温州市市容", "第四十四条", 1, []string{"第十二条"}, "citation",
			[]string{"责令改正", "@单位:罚款[500-5000 元]", "@个人:罚款[50-200 元]"}, 1},
		{"温州市市容", "第四十八条", 1, []string{"第二十一条第一款"}, "citation",
			[]string{"责令改正", "(拒不改正)罚款[0-50 元]"}, 1},
		{"温州市市容", "第四十九条", 1, []string{"第二十二条"}, "citation",
			[]string{"责令改正", "(逾期不改正)罚款[100-1000 元]"}, 1},
		{"温州市市容", "第五十条", 1, []string{"第二十三条第一款"}, "citation",
			[]string{"责令改正", "罚款[1000-3000 元]"}, 2},
		{"温州市市容", "第五十一条", 2, []string{"第二十五条第四款"}, "citation",
			[]string{"责令改正", "罚款[10000-100000 元]?"}, 1},
		// Duty and penalty in one article: 违反本条第二款规定，… in its fifth 款.
		{"浙江省城市市容", "第十八条", 5, []string{"第十八条第二款"}, "citation",
			[]string{"限期拆除", "(逾期不改正或者拆除)罚款[10000-100000 元]"}, 1},
		{"浙江省城市市容", "第十七条", 3, []string{"第十七条第一款", "第十七条第二款"}, "citation",
			[]string{"责令改正", "(逾期不改正，违反本条第一款规定的行为)罚款[100-1000 元]?",
				"(逾期不改正，违反本条第二款规定的行为)罚款[500-3000 元]"}, 1},
		{"浙江省城市市容", "第三十九条", 2, []string{"第三十九条第一款"}, "citation",
			[]string{"责令改正", "@单位:罚款[100000-1000000 元]", "@个人:罚款[1000-10000 元]"}, 1},
		{"道路交通安全法", "第九十一条", 1, nil, "",
			[]string{"暂扣许可证件[6-6个月]{机动车驾驶证}", "罚款[1000-2000 元]",
				"(因饮酒后驾驶机动车被处罚，再次饮酒后驾驶机动车)行政拘留[0-10日]",
				"(因饮酒后驾驶机动车被处罚，再次饮酒后驾驶机动车)罚款[1000-2000 元]",
				"(因饮酒后驾驶机动车被处罚，再次饮酒后驾驶机动车)吊销许可证件{机动车驾驶证}"}, 1},
		{"道路交通安全法", "第九十九条", 1, nil, "", []string{"罚款[200-2000 元]"}, 8},
		{"环境影响评价法", "第三十一条", 1, nil, "",
			[]string{"责令改正", "罚款[1-5 % 建设项目总投资额]", "责令改正?"}, 1},
		{"环境影响评价法", "第三十一条", 3, nil, "", []string{"责令改正", "罚款[0-50000 元]"}, 1},
		{"环境影响评价法", "第三十二条", 1, nil, "",
			[]string{"@建设单位:罚款[500000-2000000 元]", "@建设单位的法定代表人、主要负责人、直接负责的主管人员和其他直接责任人员:罚款[50000-200000 元]"}, 1},
		{"环境影响评价法", "第三十二条", 2, nil, "",
			[]string{"@技术单位:罚款[3-5 倍 所收费用]", "(情节严重)限制从业", "(有违法所得)没收违法所得{违法所得}"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.title+tt.label, func(t *testing.T) {
			var got []*corpus.Item
			for _, it := range itemsOf(c, items, tt.title, tt.label) {
				if tt.paragraph == 0 || it.Source.Paragraph == tt.paragraph {
					got = append(got, it)
				}
			}
			if len(got) != tt.offences {
				for _, it := range got {
					t.Logf("%s: %s", it.ID, it.Name)
				}
				t.Fatalf("items = %d, want %d", len(got), tt.offences)
			}
			it := got[0]
			var pens []string
			for _, p := range it.Penalties {
				pens = append(pens, p.String())
			}
			if strings.Join(pens, " ; ") != strings.Join(tt.penalties, " ; ") {
				t.Errorf("penalties\n got  %q\n want %q", pens, tt.penalties)
			}
			if tt.duty != nil {
				if d := dutyLabels(c, it); strings.Join(d, ",") != strings.Join(tt.duty, ",") {
					t.Errorf("duty = %v, want %v (by %s)", d, tt.duty, it.DutyBy)
				}
				if it.DutyBy != tt.dutyBy {
					t.Errorf("duty by %q, want %q", it.DutyBy, tt.dutyBy)
				}
			}
		})
	}
}
