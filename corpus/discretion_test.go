package corpus_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func TestDeriveBands(t *testing.T) {
	tests := []struct {
		name string
		fine *corpus.Fine
		want []string // level[min-max]
	}{
		{"yuan range", &corpus.Fine{Min: 500, Max: 5000, Unit: corpus.UnitYuan},
			[]string{"轻微[500-1400]", "一般[1400-2750]", "较重[2750-4100]", "严重[4100-5000]"}},
		{"upper bound only", &corpus.Fine{Max: 50, Unit: corpus.UnitYuan},
			[]string{"轻微[0-10]", "一般[10-25]", "较重[25-40]", "严重[40-50]"}},
		{"percentage", &corpus.Fine{Min: 1, Max: 5, Unit: corpus.UnitPercent, Basis: "建设项目总投资额"},
			[]string{"轻微[1-1.8]", "一般[1.8-3]", "较重[3-4.2]", "严重[4.2-5]"}},
		{"fixed amount gives none", &corpus.Fine{Min: 200, Max: 200, Unit: corpus.UnitYuan}, nil},
		{"no upper bound gives none", &corpus.Fine{Min: 1000, Unit: corpus.UnitYuan}, nil},
		{"no amount gives none", &corpus.Fine{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bands := corpus.DeriveBands(tt.fine, nil)
			var got []string
			for _, b := range bands {
				got = append(got, string(b.Level)+"["+num(b.Fine.Min)+"-"+num(b.Fine.Max)+"]")
				if b.Fine.Unit != tt.fine.Unit || b.Fine.Basis != tt.fine.Basis {
					t.Errorf("band %s lost the unit or basis: %+v", b.Level, b.Fine)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// bandItem is an item with a statutory range of 500–5000 yuan and derived bands.
func bandItem() *corpus.Item {
	it := &corpus.Item{ID: "it-test", Name: "在公园草坪上停放车辆",
		Penalties: []corpus.Penalty{
			{Kind: corpus.PenaltyFine, Fine: &corpus.Fine{Min: 500, Max: 5000, Unit: corpus.UnitYuan}},
			{Kind: corpus.PenaltyRevokeLicence, Text: "吊销许可证", Condition: "情节严重"},
		}}
	it.Fine = corpus.MainFine(it.Penalties)
	it.Discretion = corpus.DeriveDiscretion(it)
	return it
}

func TestDecideBands(t *testing.T) {
	tests := []struct {
		name      string
		c         corpus.Circumstances
		noPenalty string // kind, "" when a penalty applies
		band      corpus.BandLevel
		fine      string
	}{
		{"minor, corrected, no harm: must not penalise",
			corpus.Circumstances{MinorViolation: true, CorrectedInTime: true, Harm: "none"}, corpus.NoPenaltyMust, "", ""},
		{"first, corrected, minor harm: may not penalise; band 轻微 if penalised",
			corpus.Circumstances{FirstViolation: true, CorrectedInTime: true, Harm: "轻微"}, corpus.NoPenaltyMay, corpus.BandMinor, "500-1400"},
		{"ordinary case", corpus.Circumstances{Harm: "general", CorrectedInTime: true}, "", corpus.BandGeneral, "1400-2750"},
		{"second violation", corpus.Circumstances{Harm: "minor", RepeatCount: 2}, "", corpus.BandSerious, "2750-4100"},
		{"general harm not corrected", corpus.Circumstances{Harm: "general"}, "", corpus.BandSerious, "2750-4100"},
		{"serious harm", corpus.Circumstances{Harm: "serious", CorrectedInTime: true}, "", corpus.BandGrave, "4100-5000"},
		{"third violation", corpus.Circumstances{RepeatCount: 3}, "", corpus.BandGrave, "4100-5000"},
		{"officer picks the band", corpus.Circumstances{Band: "较重"}, "", corpus.BandSerious, "2750-4100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := corpus.Decide(bandItem(), tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if d.NoPenaltyKind != tt.noPenalty || d.NoPenalty != (tt.noPenalty != "") {
				t.Errorf("no penalty = %v %q, want %q", d.NoPenalty, d.NoPenaltyKind, tt.noPenalty)
			}
			if len(d.Steps) < 3 {
				t.Errorf("steps %q: want the reasoning step by step", d.Steps)
			}
			if tt.band == "" {
				if d.Band != nil {
					t.Errorf("band %s for a case without penalty", d.Band.Level)
				}
				return
			}
			if d.Band == nil || d.Band.Level != tt.band {
				t.Fatalf("band = %+v, want %s; steps %q", d.Band, tt.band, d.Steps)
			}
			if !d.Derived {
				t.Error("derived bands not labelled derived")
			}
			if got := num(d.Fine.Min) + "-" + num(d.Fine.Max); got != tt.fine {
				t.Errorf("fine = %s, want %s", got, tt.fine)
			}
			if tt.band == corpus.BandGrave && (len(d.Band.Measures) != 1 || d.Band.Measures[0] != "吊销许可证") {
				t.Errorf("严重 band measures = %v, want the 情节严重 penalty", d.Band.Measures)
			}
		})
	}
}

// factorItem is a factor model of the Guangdong form written for the test:
// 20 % start, two factors, base 200,000 yuan within a statutory 50,000–200,000.
func factorItem() *corpus.Item {
	f := &corpus.Fine{Min: 50000, Max: 200000, Unit: corpus.UnitYuan}
	return &corpus.Item{ID: "it-factor", Name: "未按规定安装监测设备", Fine: f,
		Penalties: []corpus.Penalty{{Kind: corpus.PenaltyFine, Fine: f}},
		Discretion: &corpus.Discretion{Standard: "测试裁量表", Factors: &corpus.FactorModel{
			Start: 20,
			Factors: []corpus.Factor{
				{Name: "持续时间", Options: []corpus.Option{{Label: "1个月以下", Percent: 0}, {Label: "1个月以上", Percent: 30}}},
				{Name: "整改情况", Options: []corpus.Option{{Label: "限期内改正", Percent: 0}, {Label: "逾期未改正", Percent: 50}}},
			},
			Bases:   []corpus.FineBase{{Amount: 200000, Multiplier: 1}},
			Formula: "罚款金额＝裁量百分值总和×20万",
		}}}
}

func TestDecideFactors(t *testing.T) {
	tests := []struct {
		name     string
		factors  map[string]string
		min, max float64
		missing  int
	}{
		{"all chosen", map[string]string{"持续时间": "1个月以上", "整改情况": "逾期未改正"}, 200000, 200000, 0},
		{"lowest options", map[string]string{"持续时间": "1个月以下", "整改情况": "限期内改正"}, 50000, 50000, 0},
		{"one missing gives a range", map[string]string{"持续时间": "1个月以上"}, 100000, 200000, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := corpus.Decide(factorItem(), corpus.Circumstances{Harm: "general", Factors: tt.factors})
			if err != nil {
				t.Fatal(err)
			}
			if d.Fine == nil || d.Fine.Min != tt.min || d.Fine.Max != tt.max {
				t.Fatalf("fine = %+v, want %v-%v; steps %q", d.Fine, tt.min, tt.max, d.Steps)
			}
			if len(d.Missing) != tt.missing {
				t.Errorf("missing = %v", d.Missing)
			}
			if !strings.Contains(strings.Join(d.Steps, "\n"), "裁量起点 20%") {
				t.Errorf("steps do not show the starting point: %q", d.Steps)
			}
		})
	}
}

func TestDecideFactorsClampAndBasis(t *testing.T) {
	// 20 % of 200,000 is 40,000, below the statutory 50,000: the law wins.
	it := factorItem()
	d, err := corpus.Decide(it, corpus.Circumstances{Factors: map[string]string{"持续时间": "1个月以下", "整改情况": "限期内改正"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Fine.Min != 50000 {
		t.Errorf("fine = %+v, want 50000 (the statutory floor)", d.Fine)
	}
	// A base that is a quantity of the case (总投资额 × 5 %).
	it.Discretion.Factors.Bases = []corpus.FineBase{{Basis: "建设项目总投资额", Multiplier: 0.05}}
	it.Fine = &corpus.Fine{Min: 1, Max: 5, Unit: corpus.UnitPercent, Basis: "建设项目总投资额"}
	c := corpus.Circumstances{Factors: map[string]string{"持续时间": "1个月以上", "整改情况": "限期内改正"}}
	d, err = corpus.Decide(it, c)
	if err != nil {
		t.Fatal(err)
	}
	if d.Fine != nil {
		t.Errorf("fine %+v computed without the investment amount", d.Fine)
	}
	c.Base = 10_000_000
	d, err = corpus.Decide(it, c)
	if err != nil {
		t.Fatal(err)
	}
	// 50 % × 10,000,000 × 5 % = 250,000.
	if d.Fine == nil || d.Fine.Min != 250000 {
		t.Errorf("fine = %+v, want 250000; steps %q", d.Fine, d.Steps)
	}
}

func TestDecideBasePerCondition(t *testing.T) {
	it := factorItem()
	it.Discretion.Factors.Bases = []corpus.FineBase{
		{Condition: "限期内改正", Amount: 100000, Multiplier: 1},
		{Condition: "逾期未改正", Amount: 200000, Multiplier: 1},
	}
	it.Fine = &corpus.Fine{Min: 10000, Max: 200000, Unit: corpus.UnitYuan}
	f := map[string]string{"持续时间": "1个月以上", "整改情况": "限期内改正"} // 50 %
	for _, tt := range []struct {
		corrected bool
		want      float64
	}{{true, 50000}, {false, 100000}} {
		d, err := corpus.Decide(it, corpus.Circumstances{CorrectedInTime: tt.corrected, Factors: f})
		if err != nil {
			t.Fatal(err)
		}
		if d.Fine == nil || d.Fine.Min != tt.want {
			t.Errorf("corrected=%v: fine %+v, want %v", tt.corrected, d.Fine, tt.want)
		}
	}
}

func TestDecideNoPenaltyList(t *testing.T) {
	it := bandItem()
	it.NoPenalty = []corpus.NoPenalty{{Kind: corpus.NoPenaltyMust, Basis: "测试清单第1项",
		Conditions: []string{"属于首次违法", "在责令改正期限内改正违法行为，危害后果轻微", "日均值未超标"}}}
	c := corpus.Circumstances{FirstViolation: true, CorrectedInTime: true, Harm: "minor"}
	d, err := corpus.Decide(it, c)
	if err != nil {
		t.Fatal(err)
	}
	// 日均值未超标 is not a fact the circumstances describe: no list exemption yet.
	if d.NoPenaltyBy == "测试清单第1项" {
		t.Fatalf("list rule applied without its third condition: %q", d.Steps)
	}
	if !strings.Contains(strings.Join(d.Steps, "\n"), "日均值未超标（需执法人员确认）") {
		t.Errorf("steps do not name the unconfirmed condition: %q", d.Steps)
	}
	c.Facts = map[string]bool{"日均值未超标": true}
	d, err = corpus.Decide(it, c)
	if err != nil {
		t.Fatal(err)
	}
	if !d.NoPenalty || d.NoPenaltyKind != corpus.NoPenaltyMust || d.NoPenaltyBy != "测试清单第1项" {
		t.Errorf("decision %+v, want the list's 不予处罚", d)
	}
}

func TestDecideImportedBands(t *testing.T) {
	it := &corpus.Item{ID: "it-bands", Name: "未依法备案",
		Fine: &corpus.Fine{Max: 50000, Unit: corpus.UnitYuan},
		Discretion: &corpus.Discretion{Standard: "测试基准", Bands: []corpus.Band{
			{Level: "一般区域、限期内完成", Conditions: []string{"建设项目位于一般区域", "限期内完成备案手续"},
				Fine: &corpus.Fine{Max: 10000, Unit: corpus.UnitYuan}},
			{Level: "一般区域、逾期未完成", Conditions: []string{"建设项目位于一般区域", "逾期未完成备案手续"},
				Fine: &corpus.Fine{Min: 10000, Max: 30000, Unit: corpus.UnitYuan}},
		}}}
	c := corpus.Circumstances{Facts: map[string]bool{"建设项目位于一般区域": true, "限期内完成备案手续": false, "逾期未完成备案手续": true}}
	d, err := corpus.Decide(it, c)
	if err != nil {
		t.Fatal(err)
	}
	if d.Band == nil || d.Band.Level != "一般区域、逾期未完成" || d.Derived {
		t.Fatalf("band %+v derived=%v; steps %q", d.Band, d.Derived, d.Steps)
	}
}

func TestDecideRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		it   *corpus.Item
		c    corpus.Circumstances
	}{
		{"unknown harm", bandItem(), corpus.Circumstances{Harm: "catastrophic"}},
		{"negative repeat count", bandItem(), corpus.Circumstances{RepeatCount: -1}},
		{"unknown option", factorItem(), corpus.Circumstances{Factors: map[string]string{"持续时间": "三年"}}},
		{"unknown factor", factorItem(), corpus.Circumstances{Factors: map[string]string{"天气": "晴"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := corpus.Decide(tt.it, tt.c)
			if err == nil || corpus.ErrorCode(err) != corpus.CodeInvalid {
				t.Errorf("err = %v, want an invalid-input error", err)
			}
		})
	}
}

func TestFormatFine(t *testing.T) {
	tests := []struct {
		f    *corpus.Fine
		want string
	}{
		{&corpus.Fine{Min: 500, Max: 5000, Unit: "元"}, "500元以上5000元以下"},
		{&corpus.Fine{Min: 20000, Max: 100000, Unit: "元", Subject: "单位"}, "对单位处2万元以上10万元以下"},
		{&corpus.Fine{Max: 50, Unit: "元"}, "50元以下"},
		{&corpus.Fine{Min: 200, Max: 500, Unit: "元/平方米", Per: "平方米"}, "每平方米200元以上500元以下"},
		{&corpus.Fine{Min: 1, Max: 5, Unit: "%", Basis: "建设项目总投资额"}, "建设项目总投资额1%以上5%以下"},
		{&corpus.Fine{Min: 1, Max: 3, Unit: "倍", Basis: "违法所得"}, "违法所得1倍以上3倍以下"},
		{&corpus.Fine{}, "未规定数额"},
	}
	for _, tt := range tests {
		if got := corpus.FormatFine(tt.f); got != tt.want {
			t.Errorf("FormatFine(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func BenchmarkDecide(b *testing.B) {
	it := factorItem()
	c := corpus.Circumstances{Harm: "general", Factors: map[string]string{"持续时间": "1个月以上", "整改情况": "限期内改正"}}
	for b.Loop() {
		if _, err := corpus.Decide(it, c); err != nil {
			b.Fatal(err)
		}
	}
}

// refusedItem fines only after 拒不改正 (责令改正；拒不改正的，可以处五十元以下罚款),
// as 浙江省城市市容和环境卫生管理条例 第十六条第三款 does.
func refusedItem() *corpus.Item {
	it := &corpus.Item{ID: "it-refused", Name: "擅自占用人行道设摊经营",
		Basis: []corpus.Citation{{Text: "《测试市容条例》第十六条第三款"}},
		Penalties: []corpus.Penalty{
			{Kind: corpus.MeasureCorrect, Text: "责令改正"},
			{Kind: corpus.PenaltyFine, Text: "五十元以下罚款", Condition: "拒不改正", Optional: true,
				Fine: &corpus.Fine{Max: 50, Unit: corpus.UnitYuan}},
		}}
	it.Fine = corpus.MainFine(it.Penalties)
	it.Discretion = corpus.DeriveDiscretion(it)
	return it
}

func TestDecideClauseCondition(t *testing.T) {
	it := refusedItem()
	if got := corpus.ClauseConditions(it); len(got) != 1 || got[0].Key != corpus.CondRefused || got[0].Text != "拒不改正" {
		t.Errorf("clause conditions %+v", got)
	}
	// A first offence: the clause orders a correction, it fines nobody yet.
	d, err := corpus.Decide(it, corpus.Circumstances{FirstViolation: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Fine != nil || d.Band != nil || !strings.Contains(d.NoFine, "拒不改正") {
		t.Errorf("first offence: fine %+v band %+v no-fine %q", d.Fine, d.Band, d.NoFine)
	}
	// Refused: the fine applies; refusing is what makes it apply, so it
	// does not by itself raise the band.
	d, err = corpus.Decide(it, corpus.Circumstances{Refused: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Band == nil || d.Band.Level != corpus.BandGeneral || d.Fine == nil || d.Fine.Min != 10 || d.Fine.Max != 25 {
		t.Fatalf("refused: band %+v fine %+v; steps %q", d.Band, d.Fine, d.Steps)
	}
	if want := "《测试市容条例》第十六条第三款：拒不改正的，可以处五十元以下罚款"; d.FineBasis != want {
		t.Errorf("fine basis %q, want %q", d.FineBasis, want)
	}
	if !strings.Contains(d.Rule, "一般档") || !strings.Contains(d.Rule, "20%至50%") {
		t.Errorf("rule %q does not name the band's rule", d.Rule)
	}
	if got := corpus.FormatAmount(d.Fine); got != "10元至25元" {
		t.Errorf("amount %q", got)
	}
}

func TestDecideRaisedRange(t *testing.T) {
	// 处一百元以上五百元以下罚款；情节严重的，处五百元以上二千元以下罚款.
	it := &corpus.Item{ID: "it-raised", Basis: []corpus.Citation{{Text: "《测试法》第三条"}},
		Penalties: []corpus.Penalty{
			{Kind: corpus.PenaltyFine, Text: "处一百元以上五百元以下罚款", Fine: &corpus.Fine{Min: 100, Max: 500, Unit: corpus.UnitYuan}},
			{Kind: corpus.PenaltyFine, Text: "处五百元以上二千元以下罚款", Condition: "情节严重", Fine: &corpus.Fine{Min: 500, Max: 2000, Unit: corpus.UnitYuan}},
		}}
	it.Fine = corpus.MainFine(it.Penalties)
	it.Discretion = corpus.DeriveDiscretion(it)
	d, err := corpus.Decide(it, corpus.Circumstances{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Fine == nil || d.Fine.Min != 180 || d.Fine.Max != 300 {
		t.Errorf("plain: fine %+v, want the 一般 band of 100–500", d.Fine)
	}
	d, err = corpus.Decide(it, corpus.Circumstances{Serious: true})
	if err != nil {
		t.Fatal(err)
	}
	// 情节严重 sets the range 500–2000; within it the band follows the facts.
	if d.Fine == nil || d.Fine.Min != 800 || d.Fine.Max != 1250 || !strings.HasSuffix(d.FineBasis, "情节严重的，处五百元以上二千元以下罚款") {
		t.Errorf("serious: fine %+v basis %q; steps %q", d.Fine, d.FineBasis, d.Steps)
	}
}

func TestFormatAmount(t *testing.T) {
	for _, tt := range []struct {
		a    corpus.Amount
		want string
	}{
		{corpus.Amount{Min: 500, Max: 500, Unit: corpus.UnitYuan}, "500元"},
		{corpus.Amount{Min: 10, Max: 25, Unit: corpus.UnitYuan}, "10元至25元"},
		{corpus.Amount{Min: 80000, Max: 125000, Unit: corpus.UnitYuan}, "8万元至12.5万元"},
		{corpus.Amount{Min: 12345, Max: 12345, Unit: corpus.UnitYuan}, "12345元"},
	} {
		if got := corpus.FormatAmount(&tt.a); got != tt.want {
			t.Errorf("FormatAmount(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}

// num writes a float without an exponent: 1000000, 0.5.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
