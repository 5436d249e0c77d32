package catalog_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/internal/testshared"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/corpus/catalog"
)

var update = flag.Bool("update", false, "rewrite testdata/example.xlsx from the example CSV files")

// fixture loads the fictional law of testdata/lawrefbook, links it and
// returns a resolver with the items derived from it.
func fixture(t *testing.T) (*corpus.Resolver, []*corpus.Item) {
	t.Helper()
	c, err := corpus.Load(context.Background(), filepath.Join("testdata", "lawrefbook"), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	res, err := corpus.NewResolver(c)
	if err != nil {
		t.Fatal(err)
	}
	items, _ := corpus.DeriveItems(c, nil)
	return res, items
}

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func render(p corpus.Penalty) string {
	s := string(p.Kind)
	if p.Condition != "" {
		s = "(" + p.Condition + ")" + s
	}
	if p.Subject != "" {
		s = "@" + p.Subject + ":" + s
	}
	if f := p.Fine; f != nil && f.Stated() {
		s += "[" + strconv.FormatFloat(f.Min, 'f', -1, 64) + "-" + strconv.FormatFloat(f.Max, 'f', -1, 64) + " " + f.Unit
		if f.Basis != "" {
			s += " " + f.Basis
		}
		s += "]"
	}
	if t := p.Term; t != nil {
		s += fmt.Sprintf("[%d-%d%s]", t.Min, t.Max, t.Unit)
	}
	if p.Object != "" {
		s += "{" + p.Object + "}"
	}
	if p.Optional {
		s += "?"
	}
	return s
}

func renderAll(ps []corpus.Penalty) string {
	var out []string
	for _, p := range ps {
		out = append(out, render(p))
	}
	return strings.Join(out, " ; ")
}

func readExample(t *testing.T, res *corpus.Resolver) ([]*corpus.Item, catalog.Report) {
	t.Helper()
	items, rep, err := catalog.ReadCSV(open(t, "example.items.csv"), open(t, "example.discretion.csv"),
		catalog.Options{Name: "example", Resolver: res})
	if err != nil {
		t.Fatal(err)
	}
	return items, rep
}

func TestReadCSVExample(t *testing.T) {
	res, _ := fixture(t)
	items, rep := readExample(t, res)
	if len(rep.Problems) > 0 {
		t.Errorf("problems %+v", rep.Problems)
	}
	if rep.Rows != 4 || rep.Items != 4 || rep.PenaltyParsed != 3 || rep.PenaltyTexts != 3 {
		t.Errorf("report %+v", rep)
	}
	// The law is in the corpus for SL-001..003; SL-004 cites a local rule that is not.
	if rep.DutyCitations != 4 || rep.DutyResolved != 3 || rep.BasisResolved != 3 || len(rep.Unresolved) != 2 {
		t.Errorf("citations: duty %d/%d basis %d/%d unresolved %v", rep.DutyResolved, rep.DutyCitations,
			rep.BasisResolved, rep.BasisCitations, rep.Unresolved)
	}
	tests := []struct {
		id, penalties, fine string
		discretion          string // bands, factors, derived or none
	}{
		{"it-example-SL-001", "责令改正 ; 罚款[50-500 元]", "50-500 元", "bands"},
		{"it-example-SL-002", "警告 ; 罚款[20-200 元]", "20-200 元", "derived"},
		{"it-example-SL-003", "限期拆除 ; 罚款[10000-100000 元]", "10000-100000 元", "factors"},
		{"it-example-SL-004", "罚款[100-1000 元]", "100-1000 元", "derived"},
	}
	for i, tt := range tests {
		it := items[i]
		if it.ID != tt.id {
			t.Fatalf("item %d id %s, want %s", i, it.ID, tt.id)
		}
		if got := renderAll(it.Penalties); got != tt.penalties {
			t.Errorf("%s penalties %q, want %q", it.ID, got, tt.penalties)
		}
		if got := strconv.FormatFloat(it.Fine.Min, 'f', -1, 64) + "-" + strconv.FormatFloat(it.Fine.Max, 'f', -1, 64) + " " + it.Fine.Unit; got != tt.fine {
			t.Errorf("%s fine %s, want %s", it.ID, got, tt.fine)
		}
		d := it.Discretion
		kind := "none"
		switch {
		case d == nil:
		case d.Factors != nil:
			kind = "factors"
		case d.Derived:
			kind = "derived"
		case len(d.Bands) > 0:
			kind = "bands"
		}
		if kind != tt.discretion {
			t.Errorf("%s discretion %s, want %s", it.ID, kind, tt.discretion)
		}
		if it.Region.Path() != "浙江/温州" || it.Domain != "城市管理" || it.Source.Catalogue != "example" {
			t.Errorf("%s region %s domain %s source %+v", it.ID, it.Region.Path(), it.Domain, it.Source)
		}
	}
	if np := items[0].NoPenalty; len(np) != 1 || len(np[0].Conditions) != 3 || np[0].Kind != corpus.NoPenaltyMust {
		t.Errorf("no-penalty rule %+v", np)
	}
	// The factor table of SL-003: 10 % + 30 % + 20 % + 40 % = 100 % of 10万.
	d, err := corpus.Decide(items[2], corpus.Circumstances{Factors: map[string]string{
		"广告面积": "10平方米以上", "设置地点": "主干道或者景观区域", "整改情况": "逾期未拆除"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Fine == nil || d.Fine.Min != 100000 || d.Percent != 100 {
		t.Errorf("decision %+v; steps %q", d, d.Steps)
	}
	d, err = corpus.Decide(items[0], corpus.Circumstances{FirstViolation: true, CorrectedInTime: true, Harm: "minor"})
	if err != nil {
		t.Fatal(err)
	}
	if !d.NoPenalty || d.NoPenaltyKind != corpus.NoPenaltyMust {
		t.Errorf("SL-001 first violation corrected: %+v", d)
	}
}

// exampleRows reads the example CSV files as rows, for the workbook.
func exampleRows(t *testing.T, name string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(open(t, name)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestReadXLSXExample(t *testing.T) {
	path := filepath.Join("testdata", "example.xlsx")
	if *update {
		var buf bytes.Buffer
		if err := catalog.WriteXLSX(&buf, exampleRows(t, "example.items.csv"), exampleRows(t, "example.discretion.csv")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, _ := fixture(t)
	fromCSV, _ := readExample(t, res)
	fromXLSX, rep, err := catalog.ReadXLSX(open(t, "example.xlsx"), catalog.Options{Name: "example", Resolver: res})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) > 0 {
		t.Errorf("problems %+v", rep.Problems)
	}
	a, _ := json.Marshal(fromCSV)
	b, _ := json.Marshal(fromXLSX)
	if !bytes.Equal(a, b) {
		t.Errorf("the workbook reads differently from the CSV files:\n csv  %s\n xlsx %s", a, b)
	}
}

func TestReadGenericProblems(t *testing.T) {
	tests := []struct {
		name, items, disc string
		fail              bool
		problems          []string
	}{
		{"no code column", "名称,处罚\n甲,罚款\n", "", true, nil},
		{"Chinese headings", "编码,事项名称,处罚依据,处罚种类和幅度\nA1,乱扔垃圾,,处五十元罚款\n", "", false, nil},
		{"row without name", "code,name\nA1,\n", "", false, []string{"no code or no name"}},
		{"repeated code", "code,name\nA1,甲\nA1,乙\n", "", false, []string{"repeated"}},
		{"unreadable penalty", "code,name,penalty\nA1,甲,按情节处理\n", "", false, []string{"penalty not read"}},
		{"bad fine", "code,name,fine_min,fine_max\nA1,甲,五百,100\n", "", false, []string{"fine_min"}},
		{"fine upside down", "code,name,fine_min,fine_max\nA1,甲,500,100\n", "", false, []string{"above fine_max"}},
		{"discretion for unknown code", "code,name\nA1,甲\n", "code,kind,name\nB2,band,一般\n", false, []string{"unknown code B2"}},
		{"unknown discretion kind", "code,name\nA1,甲\n", "code,kind,name\nA1,weather,晴\n", false, []string{"discretion kind"}},
		{"factor without value", "code,name\nA1,甲\n", "code,kind,name,option,value\nA1,factor,面积,大,\n", false,
			[]string{"factor row needs"}},
		{"start without factors", "code,name\nA1,甲\n", "code,kind,value\nA1,start,20%\n", false,
			[]string{"factor model without factors"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var disc *strings.Reader
			var err error
			var rep catalog.Report
			if tt.disc != "" {
				disc = strings.NewReader(tt.disc)
				_, rep, err = catalog.ReadCSV(strings.NewReader(tt.items), disc, catalog.Options{Name: "t"})
			} else {
				_, rep, err = catalog.ReadCSV(strings.NewReader(tt.items), nil, catalog.Options{Name: "t"})
			}
			if tt.fail {
				if err == nil || corpus.ErrorCode(err) != corpus.CodeInvalid {
					t.Errorf("err = %v, want invalid input", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Problems) != len(tt.problems) {
				t.Fatalf("problems %+v, want %v", rep.Problems, tt.problems)
			}
			for i, p := range tt.problems {
				if !strings.Contains(rep.Problems[i].Reason, p) {
					t.Errorf("problem %q, want one about %q", rep.Problems[i].Reason, p)
				}
			}
		})
	}
	if _, _, err := catalog.ReadXLSX(strings.NewReader("not a workbook"), catalog.Options{Name: "t"}); corpus.ErrorCode(err) != corpus.CodeInvalid {
		t.Errorf("ReadXLSX on junk: %v", err)
	}
}

func TestReadWuhanSample(t *testing.T) {
	res, _ := fixture(t)
	items, rep, err := catalog.ReadWuhan(open(t, "wuhan-sample.csv"), res)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 8 || len(items) != 7 {
		t.Errorf("rows %d items %d", rep.Rows, len(items))
	}
	tests := []struct {
		code, penalties string
		points          int
		measures        int
	}{
		{"90010", "罚款[200-200 元] ; 责令改正", 0, 0},
		{"90020", "@驾驶人:罚款[100-100 元]", 3, 1},
		{"90030", "罚款[10000-100000 元] ; 吊销许可证件{驾驶证} ; 限制从业[5-5年]", 0, 1},
		{"90040", "没收非法财物{产品} ; 罚款[2-4 倍 产品价值]?", 0, 0},
		{"90050", "罚款[3-3 倍 所收费用] ; 行政拘留[0-15日]?", 0, 0},
		{"90060", "警告", 0, 0},
		{"90070", "", 0, 0},
	}
	for i, tt := range tests {
		it := items[i]
		if it.Code != tt.code {
			t.Fatalf("item %d code %s, want %s", i, it.Code, tt.code)
		}
		if got := renderAll(it.Penalties); got != tt.penalties {
			t.Errorf("%s penalties %q, want %q", it.Code, got, tt.penalties)
		}
		if it.Points != tt.points || len(it.Measures) != tt.measures {
			t.Errorf("%s points %d measures %+v", it.Code, it.Points, it.Measures)
		}
	}
	// 90020: the law cited first is in the corpus, the provincial rule is not.
	b := items[1].Basis
	if len(b) != 2 || !b[0].Resolved() || b[1].Resolved() || b[1].Unresolved != corpus.ReasonUnknownTitle {
		t.Errorf("basis of 90020: %+v", b)
	}
	if !items[0].Duty[0].Resolved() {
		t.Errorf("duty of 90010 unresolved: %+v", items[0].Duty)
	}
	var reasons []string
	for _, p := range rep.Problems {
		reasons = append(reasons, p.Reason)
	}
	if len(rep.Problems) != 2 || !strings.Contains(reasons[0], "no code") || !strings.Contains(reasons[1], "按情节") {
		t.Errorf("problems %q", reasons)
	}
	if _, _, err := catalog.ReadWuhan(strings.NewReader("CODE,ACT\n1,x\n"), nil); corpus.ErrorCode(err) != corpus.CodeInvalid {
		t.Errorf("missing columns: %v", err)
	}
}

func TestNoPenaltyList(t *testing.T) {
	res, derived := fixture(t)
	entries, probs, err := catalog.ReadNoPenaltyList(open(t, "no-penalty-list.md"), "示例清单")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || len(probs) != 1 || !strings.Contains(probs[0].Reason, "no conditions") {
		t.Fatalf("entries %+v problems %+v", entries, probs)
	}
	e := entries[1]
	if e.No != 2 || e.Category != "一、街道管理类" || e.Rule.Kind != corpus.NoPenaltyMay || len(e.Rule.Conditions) != 3 ||
		e.Rule.Conditions[1] != "广告设施面积不超过2平方米" || len(e.Duty) != 1 || e.Duty[0] != "《中华人民共和国示范街道管理法》第四条第一款" {
		t.Errorf("entry 2: %+v", e)
	}
	list, rep := catalog.NoPenaltyItems(entries, "示例清单", corpus.DomainCityManagement, corpus.Region{Province: "浙江"}, res)
	if rep.DutyResolved != 2 {
		t.Errorf("duty resolved %d of %d", rep.DutyResolved, rep.DutyCitations)
	}
	arep := catalog.AttachNoPenalty(list, derived)
	if arep.Attached != 2 || arep.Links != 2 {
		t.Errorf("attach %+v", arep)
	}
	for _, it := range derived {
		want := 0
		if strings.HasSuffix(it.Source.ArticleID, "-5") || strings.HasSuffix(it.Source.ArticleID, "-7") {
			want = 1 // 第五条 (duty 第二条) and 第七条 (duty 第四条第一款)
		}
		if len(it.NoPenalty) != want {
			t.Errorf("%s (%s) has %d no-penalty rules, want %d", it.ID, it.Name, len(it.NoPenalty), want)
		}
	}
	// The list item took the penalty basis of the corpus item it names.
	if len(list[0].Basis) != 1 || !strings.HasSuffix(list[0].Basis[0].ArticleIDs[0], "-5") || list[0].Fine == nil {
		t.Errorf("list item 1: basis %+v fine %+v", list[0].Basis, list[0].Fine)
	}
}

func TestGuangdong(t *testing.T) {
	items, rep, err := catalog.Guangdong(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 4 || len(rep.Problems) > 0 {
		t.Fatalf("items %d problems %+v", len(items), rep.Problems)
	}
	for _, it := range items {
		d := it.Discretion
		if d == nil || d.Derived || d.Source == "" || d.Standard != "广东省生态环境违法行为行政处罚罚款金额裁量表" {
			t.Errorf("%s discretion %+v", it.Code, d)
			continue
		}
		if it.Code == "GD-1.3" {
			if len(d.Bands) != 4 || d.Bands[3].Fine.Min != 50000 || d.Bands[3].Fine.Max != 50000 {
				t.Errorf("GD-1.3 bands %+v", d.Bands)
			}
			continue
		}
		// The tables are built so that the start and the highest option of
		// every factor add up to 100 %: a check on the transcription.
		m := d.Factors
		sum := m.Start
		for _, f := range m.Factors {
			hi := 0.0
			for _, o := range f.Options {
				hi = max(hi, o.Percent)
			}
			sum += hi
		}
		if sum != 100 {
			t.Errorf("%s: start + highest options = %v%%, want 100%%", it.Code, sum)
		}
		// With a fixed base, the lowest sum gives the statutory minimum.
		if b := m.Bases[0]; b.Amount > 0 && m.Start/100*b.Amount != it.Fine.Min {
			t.Errorf("%s: %v%% × %v = %v, statutory minimum %v", it.Code, m.Start, b.Amount, m.Start/100*b.Amount, it.Fine.Min)
		}
	}
	// §1.1: the highest sum is 100 % × 5 % of the investment, the statutory maximum.
	d, err := corpus.Decide(items[0], corpus.Circumstances{Base: 2_000_000, Factors: map[string]string{
		"项目应报批的环评文件类别": "报告书类，且已纳入排污许可证重点管理", "建设项目地点": "饮用水水源保护区、生态保护红线区域内",
		"建设情况": "投入生产/使用阶段", "违法行为持续时间": "12个月以上", "近二年同类违法行为情况（含本次）": "4次以上",
		"配合执法调查情况": "不配合调查"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Fine == nil || d.Fine.Min != 100000 {
		t.Errorf("§1.1 at the top: %+v; steps %q", d.Fine, d.Steps)
	}
}

func TestRealWuhanCatalogue(t *testing.T) {
	path := filepath.Join(sharedDir(t), "catalog", "traffic-wuhan.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s absent", path)
	}
	defer f.Close()
	items, rep, err := catalog.ReadWuhan(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rows %d items %d penalty texts %d read %d problems %d", rep.Rows, len(items), rep.PenaltyTexts, rep.PenaltyParsed, len(rep.Problems))
	if rep.Rows != 585 || len(items) < 580 {
		t.Errorf("rows %d items %d", rep.Rows, len(items))
	}
	if share := float64(rep.PenaltyParsed) / float64(rep.PenaltyTexts); share < 0.95 {
		t.Errorf("penalties read for %.1f%% of rows", 100*share)
	}
}

func TestRealJiangmenList(t *testing.T) {
	path := filepath.Join(sharedDir(t), "catalog", "jiangmen-eco-no-penalty-list.md")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s absent", path)
	}
	defer f.Close()
	entries, probs, err := catalog.ReadNoPenaltyList(f, catalog.JiangmenName)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 40 || len(probs) != 0 {
		t.Errorf("entries %d problems %+v", len(entries), probs)
	}
	for _, e := range entries {
		if len(e.Duty) == 0 || len(e.Rule.Conditions) < 2 {
			t.Errorf("entry %d %s: duty %v conditions %v", e.No, e.Name, e.Duty, e.Rule.Conditions)
		}
	}
}

// sharedDir finds ../shared by walking up from the working directory; it
// skips the test when it is absent.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	return testshared.Dir(tb, "catalog")
}
