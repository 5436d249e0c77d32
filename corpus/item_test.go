package corpus_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/internal/testshared"
)

// fixtureItems loads the fictional laws of testdata/items, links them and
// derives their items.
func fixtureItems(t *testing.T) (*corpus.Corpus, []*corpus.Item, corpus.ItemReport) {
	t.Helper()
	c, err := corpus.Load(context.Background(), filepath.Join("testdata", "items", "lawrefbook"), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	dt, err := corpus.LoadDomains(filepath.Join("testdata", "items", "domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	items, rep := corpus.DeriveItems(c, dt)
	return c, items, rep
}

func TestDeriveItems(t *testing.T) {
	c, items, rep := fixtureItems(t)
	if rep.Clauses != 12 || rep.Parsed != 12 || rep.Items != 13 {
		t.Errorf("report %s: want 12 clauses, all parsed, 13 items", rep.String())
	}
	tests := []struct {
		label     string // article of the item, with 款 and 项 as the id has them
		suffix    string
		name      string
		duty      []string
		dutyBy    string
		domain    string
		penalties []string
	}{
		{"温州", "-8-k1", "超出门窗占用人行道摆卖商品", []string{"第三条"}, "citation", "城市管理",
			[]string{"责令改正", "(拒不改正)罚款[50-500 元]"}},
		// 违反本条例第四条规定的: the name comes from the duty article.
		{"温州", "-9-k1", "违反“任何单位和个人不得在行道树上悬挂广告牌、晾晒衣物”的规定", []string{"第四条"}, "citation", "城市管理",
			[]string{"责令改正", "@单位:罚款[1000-5000 元]", "@个人:罚款[100-500 元]"}},
		// No duty cited: inferred from the wording of 第五条.
		{"温州", "-10-k1", "运输砂石、渣土的车辆未密闭、沿途撒漏", []string{"第五条"}, "inferred", "城市管理",
			[]string{"责令改正", "罚款[2000-20000 元]", "(情节严重)暂扣许可证件[1-3个月]{道路运输证}"}},
		{"温州", "-11-k1", "户外招牌破损未及时修复", []string{"第六条第二款"}, "citation", "城市管理",
			[]string{"责令改正", "(逾期不修复)罚款[100-100 元/平方米]"}},
		// Duty and penalty in one article: 违反本条第一款规定.
		{"温州", "-11-k2", "擅自在人行道设置落地招牌", []string{"第十一条第一款"}, "citation", "城市管理",
			[]string{"限期拆除", "罚款[200-2000 元]"}},
		{"温州", "-12-k1-x1", "养犬人未即时清除犬只粪便", []string{"第七条"}, "inferred", "城市管理",
			[]string{"责令改正", "罚款[50-200 元]"}},
		{"温州", "-12-k1-x2", "在行道树上晾晒衣物", []string{"第四条"}, "citation", "城市管理",
			[]string{"责令改正", "罚款[50-200 元]"}},
		{"噪声", "-4-k1", "建设单位未编制噪声影响评价文件擅自开工", []string{"第二条"}, "inferred", "生态环境",
			[]string{"责令改正", "罚款[1-3 % 建设项目总投资额]"}},
		{"噪声", "-5-k1", "企业未安装噪声自动监测设备或者未与监控设备联网", []string{"第三条"}, "inferred", "生态环境",
			[]string{"责令改正", "罚款[20000-200000 元]", "(拒不改正)责令停产停业"}},
		// Nothing in the law sets this duty in words close enough: none inferred.
		{"噪声", "-6-k1", "企业以欺骗手段通过验收", nil, "", "生态环境",
			[]string{"没收违法所得{违法所得}", "罚款[2-5 倍 违法所得]", "(情节严重)吊销许可证件{排污许可证}"}},
		// 构成犯罪的，依法追究刑事责任: a referral note, not a penalty.
		{"噪声", "-7-k1", "企业擅自拆除噪声防治设施", nil, "", "生态环境",
			[]string{"责令改正", "罚款[10000-100000 元]"}},
		// 对单位判处罚金 is the court's: only the licence revoked is the officer's.
		{"噪声", "-8-k1", "企业伪造噪声监测数据", nil, "", "生态环境",
			[]string{"吊销许可证件{排污许可证}?"}},
		{"噪声", "-9-k1", "在噪声敏感建筑物集中区域夜间进行施工作业", nil, "", "生态环境",
			[]string{"责令改正", "罚款[5000-50000 元]"}},
	}
	if len(items) != len(tests) {
		t.Fatalf("items = %d, want %d", len(items), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.label+tt.suffix, func(t *testing.T) {
			var it *corpus.Item
			for _, x := range items {
				if strings.HasSuffix(x.ID, tt.suffix) && strings.Contains(c.Article(x.Source.ArticleID).Version().Title, tt.label) {
					it = x
				}
			}
			if it == nil {
				t.Fatalf("no item %s", tt.suffix)
			}
			if it.Name != tt.name {
				t.Errorf("name = %q, want %q", it.Name, tt.name)
			}
			if d := dutyLabels(c, it); strings.Join(d, ",") != strings.Join(tt.duty, ",") || it.DutyBy != tt.dutyBy {
				t.Errorf("duty = %v by %q, want %v by %q", d, it.DutyBy, tt.duty, tt.dutyBy)
			}
			if it.Domain != tt.domain {
				t.Errorf("domain = %q, want %q", it.Domain, tt.domain)
			}
			var pens []string
			for _, p := range it.Penalties {
				pens = append(pens, p.String())
			}
			if strings.Join(pens, " ; ") != strings.Join(tt.penalties, " ; ") {
				t.Errorf("penalties\n got  %q\n want %q", pens, tt.penalties)
			}
			if len(it.Basis) != 1 || len(it.Basis[0].ArticleIDs) != 1 || it.Basis[0].ArticleIDs[0] != it.Source.ArticleID {
				t.Errorf("penalty basis %+v does not point at the clause's article", it.Basis)
			}
			if it.PowerType != corpus.PowerPenalty || it.Source.Origin != corpus.OriginClause {
				t.Errorf("power type %q origin %q", it.PowerType, it.Source.Origin)
			}
		})
	}
}

// TestDeriveItemsCriminal: the criminal law grounds no item, a criminal
// sentence in another law is no penalty, and a clause on criminal
// liability becomes the referral note of the items it belongs to.
func TestDeriveItemsCriminal(t *testing.T) {
	c, items, rep := fixtureItems(t)
	if rep.CriminalTexts != 1 || rep.Criminal != 1 || rep.Referrals != 3 {
		t.Errorf("criminal texts %d, criminal phrases %d, referrals %d: want 1, 1, 3", rep.CriminalTexts, rep.Criminal, rep.Referrals)
	}
	want := map[string]string{
		"-7-k1": "构成犯罪的，依法追究刑事责任",
		"-8-k1": "对单位判处罚金；并对直接负责的主管人员依照刑法有关规定追究刑事责任",
		"-9-k1": "构成犯罪的，依法追究刑事责任", // 第二款, a paragraph of its own
	}
	for _, it := range items {
		a := c.Article(it.Source.ArticleID)
		if corpus.IsCriminalText(a.Version().Title) {
			t.Errorf("item %s derived from the criminal law", it.ID)
		}
		for _, p := range it.Penalties {
			if strings.Contains(p.Text, "罚金") || strings.Contains(p.Text, "徒刑") || strings.Contains(p.Text, "没收财产") {
				t.Errorf("item %s has a criminal penalty %q", it.ID, p.Text)
			}
		}
		var got string
		if it.Referral != nil {
			got = it.Referral.Text
			if it.Referral.ArticleID != a.ID {
				t.Errorf("%s: referral from %s", it.ID, it.Referral.ArticleID)
			}
		}
		w := ""
		for suffix, text := range want {
			if strings.HasSuffix(it.ID, suffix) && strings.Contains(a.Version().Title, "噪声") {
				w = text
			}
		}
		if got != w {
			t.Errorf("%s: referral %q, want %q", it.ID, got, w)
		}
	}
	for _, title := range []string{"中华人民共和国刑法", "刑法修正案（十一）", "全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定"} {
		if !corpus.IsCriminalText(title) {
			t.Errorf("IsCriminalText(%q) = false", title)
		}
	}
	for _, title := range []string{"中华人民共和国治安管理处罚法", "中华人民共和国反有组织犯罪法", "中华人民共和国行政处罚法"} {
		if corpus.IsCriminalText(title) {
			t.Errorf("IsCriminalText(%q) = true", title)
		}
	}
	// VersionItems follows the same rule.
	for _, w := range c.Works {
		if corpus.IsCriminalText(w.Title) {
			if got := corpus.VersionItems(c, w.Current(), nil); len(got) != 0 {
				t.Errorf("VersionItems of %s: %d items", w.Title, len(got))
			}
		}
	}
}

func TestParsePenaltyClauseCriminal(t *testing.T) {
	for _, tt := range []struct {
		text     string
		clause   bool // an administrative penalty clause at all
		referral string
	}{
		{"拐卖测试物品的，处五年以上十年以下有期徒刑，并处罚金；情节特别严重的，处无期徒刑，并处没收财产。", false, "处五年以上十年以下有期徒刑；并处罚金；处无期徒刑；并处没收财产"},
		{"酒后驾驶测试车辆的，处暂扣六个月驾驶证，并处一千元以上二千元以下罚款；构成犯罪的，依法追究刑事责任。", true, "构成犯罪的，依法追究刑事责任"},
		// The conduct may name a criminal penalty; the penalty is administrative.
		{"被依法剥夺政治权利的人违反监督管理规定的，处五日以上十日以下拘留。", true, ""},
		{"尚不够刑事处罚的，由公安机关处十日以下拘留。", true, ""},
	} {
		cl := corpus.ParsePenaltyClause(tt.text, nil)
		if (cl != nil) != tt.clause {
			t.Errorf("%s: clause %v, want %v", tt.text, cl != nil, tt.clause)
			continue
		}
		if cl != nil && cl.Referral != tt.referral {
			t.Errorf("%s: referral %q, want %q", tt.text, cl.Referral, tt.referral)
		}
	}
}

func TestDeriveItemsSameArticle(t *testing.T) {
	// 违反本条第一款规定 in 第十一条第二款: the duty is 第十一条第一款, the
	// penalty 第十一条第二款, one article in two roles.
	_, items, _ := fixtureItems(t)
	for _, it := range items {
		if !strings.HasSuffix(it.ID, "-11-k2") {
			continue
		}
		d, b := it.Duty[0], it.Basis[0]
		if d.ArticleIDs[0] != b.ArticleIDs[0] || d.Paragraph != 1 || b.Paragraph != 2 {
			t.Errorf("duty %+v, basis %+v: want the same article, 款 1 and 款 2", d, b)
		}
		if !strings.HasSuffix(b.Text, "第十一条第二款") {
			t.Errorf("basis text %q", b.Text)
		}
		return
	}
	t.Fatal("no item for 第十一条第二款")
}

func TestDeriveItemsStableIDs(t *testing.T) {
	_, a, _ := fixtureItems(t)
	_, b, _ := fixtureItems(t)
	if len(a) != len(b) {
		t.Fatalf("%d items, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Errorf("item %d: id %s, then %s", i, a[i].ID, b[i].ID)
		}
	}
}

func TestDeriveItemsBands(t *testing.T) {
	_, items, _ := fixtureItems(t)
	for _, it := range items {
		if !strings.Contains(it.Basis[0].Title, "温州") {
			continue
		}
		switch {
		case strings.HasSuffix(it.ID, "-8-k1"): // 50–500: four derived bands
			if it.Discretion == nil || !it.Discretion.Derived || len(it.Discretion.Bands) != 4 {
				t.Errorf("%s discretion %+v, want four derived bands", it.ID, it.Discretion)
			}
		case strings.HasSuffix(it.ID, "-11-k1"): // a fixed 100 元 per m²: no bands
			if it.Discretion != nil {
				t.Errorf("%s: bands derived from a fixed amount", it.ID)
			}
		}
	}
}

func TestItemIndex(t *testing.T) {
	c, items, _ := fixtureItems(t)
	x := corpus.NewItemIndex(items)
	if x.Len() != len(items) || x.Item(items[0].ID) != items[0] || x.Item("it-none") != nil {
		t.Fatal("lookup by id")
	}
	// 第四条 is the duty of two items.
	var duty4 string
	for _, a := range c.Work(items[0].Basis[0].WorkID).Current().Articles {
		if a.Label == "第四条" {
			duty4 = a.ID
		}
	}
	got := x.ForArticle(duty4)
	slices.Sort(got)
	if len(got) != 2 || !strings.HasSuffix(got[0], "-12-k1-x2") || !strings.HasSuffix(got[1], "-9-k1") {
		t.Errorf("items grounded on 第四条: %v", got)
	}
}

// TestItemsGolden keeps the whole derived structure, JSON as the API
// serves it; run with -update after a deliberate change.
func TestItemsGolden(t *testing.T) {
	_, items, _ := fixtureItems(t)
	b, err := json.MarshalIndent(items, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	testshared.Golden(t, filepath.Join("testdata", "items", "items.golden.json"), b, updating())
}
