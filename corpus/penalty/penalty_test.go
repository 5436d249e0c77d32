package penalty_test

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus/penalty"
	"github.com/lawkb/lawkb/internal/testshared"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func renderOffence(o penalty.Offence) []string {
	out := make([]string, 0, len(o.Penalties))
	for _, p := range o.Penalties {
		out = append(out, p.String())
	}
	return out
}

// The fixtures are written for these tests in the forms real clauses take;
// each row exercises one penalty form of issue 4.
func TestParsePenaltyClause(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		items    []string
		lead     string
		conduct  string
		enforcer string
		want     [][]string // penalties per offence
	}{
		{
			name:     "fine range in yuan with 责令改正",
			text:     "违反本条例第十条规定，在公园草坪上停放车辆的，由城市管理部门责令改正，处五十元以上二百元以下罚款。",
			lead:     "违反本条例第十条规定",
			conduct:  "在公园草坪上停放车辆",
			enforcer: "城市管理部门",
			want:     [][]string{{"责令改正", "罚款[50-200 元]"}},
		},
		{
			name:    "separate amounts for 单位 and 个人, 万元",
			text:    "违反本办法第八条规定，擅自砍伐行道树的，责令限期改正，对单位处一万元以上三万元以下罚款，对个人处五百元以上二千元以下罚款。",
			lead:    "违反本办法第八条规定",
			conduct: "擅自砍伐行道树",
			want:    [][]string{{"责令改正", "@单位:罚款[10000-30000 元]", "@个人:罚款[500-2000 元]"}},
		},
		{
			name:    "逾期不改正 with Arabic 万元",
			text:    "违反本条例第九条第二款规定，未按时清运餐厨垃圾的，责令限期改正；逾期不改正的，处2万元以上10万元以下罚款。",
			lead:    "违反本条例第九条第二款规定",
			conduct: "未按时清运餐厨垃圾",
			want:    [][]string{{"责令改正", "(逾期不改正)罚款[20000-100000 元]"}},
		},
		{
			name:    "拒不改正 and an upper bound only",
			text:    "违反本条例第二十一条规定，在街头散发小广告的，责令改正；拒不改正的，处五十元以下罚款。",
			lead:    "违反本条例第二十一条规定",
			conduct: "在街头散发小广告",
			want:    [][]string{{"责令改正", "(拒不改正)罚款[0-50 元]"}},
		},
		{
			name:     "警告, 没收违法所得, 违法所得N倍, 情节严重 吊销",
			text:     "经营者出售过期食品的，由市场监督管理部门给予警告，没收违法所得，并处违法所得一倍以上三倍以下罚款；情节严重的，吊销营业执照。",
			conduct:  "经营者出售过期食品",
			enforcer: "市场监督管理部门",
			want:     [][]string{{"警告", "没收违法所得{违法所得}", "罚款[1-3 倍 违法所得]", "(情节严重)吊销许可证件{营业执照}"}},
		},
		{
			name:    "per-unit fine 每平方米 with 限期拆除",
			text:    "违反本条例第二十条规定，擅自搭建雨棚的，由城市管理部门责令限期拆除，并按搭建面积处每平方米二百元以上五百元以下罚款。",
			lead:    "违反本条例第二十条规定",
			conduct: "擅自搭建雨棚",
			want:    [][]string{{"限期拆除", "罚款[200-500 元/平方米]"}},
		},
		{
			name:     "percentage of 总投资额 and optional 恢复原状",
			text:     "建设单位未依法报批环境影响报告表擅自开工建设的，由县级以上生态环境主管部门责令停止建设，处建设项目总投资额百分之一以上百分之五以下的罚款，并可以责令恢复原状。",
			conduct:  "建设单位未依法报批环境影响报告表擅自开工建设",
			enforcer: "县级以上生态环境主管部门",
			want:     [][]string{{"责令改正", "罚款[1-5 % 建设项目总投资额]", "责令改正?"}},
		},
		{
			name:    "暂扣 months, 行政拘留 days, repeat condition",
			text:    "驾驶人醉酒后驾驶摩托车的，处暂扣六个月机动车驾驶证，并处一千元以上二千元以下罚款；再次醉酒后驾驶的，处十日以下拘留，并处二千元罚款，吊销机动车驾驶证。",
			conduct: "驾驶人醉酒后驾驶摩托车",
			want: [][]string{{"暂扣许可证件[6-6个月]{机动车驾驶证}", "罚款[1000-2000 元]",
				"(再次醉酒后驾驶)行政拘留[0-10日]", "(再次醉酒后驾驶)罚款[2000-2000 元]", "(再次醉酒后驾驶)吊销许可证件{机动车驾驶证}"}},
		},
		{
			name:    "责令停产停业, 暂扣或者吊销, a range with 至",
			text:    "违反本规定，未取得安全评价的，处500元至2000元罚款；情节严重的，责令停产停业，暂扣或者吊销许可证。",
			lead:    "违反本规定",
			conduct: "未取得安全评价",
			want: [][]string{{"罚款[500-2000 元]", "(情节严重)责令停产停业",
				"(情节严重)暂扣许可证件{许可证}", "(情节严重)吊销许可证件{许可证}"}},
		},
		{
			name:     "通报批评 and 拘留 or a fine written once in 元",
			text:     "违反本条例第五条规定的，由公安机关给予警告或者通报批评；拒不改正的，处五日以下拘留或者一百至一千元罚款。",
			lead:     "违反本条例第五条规定",
			enforcer: "公安机关",
			want: [][]string{{"警告", "通报批评", "(拒不改正)行政拘留[0-5日]",
				"(拒不改正)罚款[100-1000 元]"}},
		},
		{
			name:    "fixed per-unit fine 每只",
			text:    "在重点区域放任犬只出户的，责令改正，处每只五百元罚款。",
			conduct: "在重点区域放任犬只出户",
			want:    [][]string{{"责令改正", "罚款[500-500 元/只]"}},
		},
		{
			name:    "没收非法财物 beside 违法所得",
			text:    "未经许可经营烟花爆竹的，由应急管理部门责令停止违法行为，没收违法所得和非法经营的物品，并处二万元以上十万元以下罚款。",
			conduct: "未经许可经营烟花爆竹",
			want: [][]string{{"责令改正", "没收违法所得{违法所得}", "没收非法财物{非法经营的物品}",
				"罚款[20000-100000 元]"}},
		},
		{
			name:    "two offences in one clause",
			text:    "违反本条例第二十三条规定，运输渣土沿途撒漏的，责令立即清除，处一千元以上三千元以下罚款；车轮带泥上路的，责令改正，处二百元以上一千元以下罚款。",
			lead:    "违反本条例第二十三条规定",
			conduct: "运输渣土沿途撒漏",
			want:    [][]string{{"责令改正", "罚款[1000-3000 元]"}, {"责令改正", "罚款[200-1000 元]"}},
		},
		{
			name:    "mixed multiple 百分之五十以上三倍以下 and 货值金额",
			text:    "违反本条例规定，销售不合格种子的，没收种子，并处货值金额百分之五十以上三倍以下的罚款。",
			lead:    "违反本条例规定",
			conduct: "销售不合格种子",
			want:    [][]string{{"没收非法财物{种子}", "罚款[0.5-3 倍 货值金额]"}},
		},
		{
			name:    "两 and 一百五 in Chinese numerals, 可以 makes it optional",
			text:    "违反本办法第七条规定，在禁止区域露天烧烤的，可以处两千元以上一万五千元以下罚款。",
			lead:    "违反本办法第七条规定",
			conduct: "在禁止区域露天烧烤",
			want:    [][]string{{"罚款[2000-15000 元]?"}},
		},
		{
			name:    "停业整顿 with its term and 降低资质等级",
			text:    "监理单位与施工单位串通的，责令改正，处五十万元以上一百万元以下的罚款，降低资质等级；情节严重的，给予一个月以上三个月以下停业整顿的处罚。",
			conduct: "监理单位与施工单位串通",
			want: [][]string{{"责令改正", "罚款[500000-1000000 元]", "降低资质等级",
				"(情节严重)责令停产停业[1-3个月]"}},
		},
		{
			name:    "the subject in a phrase of its own",
			text:    "违反本条例第十二条规定，企业未建立台账的，责令改正，处一万元以上五万元以下罚款；对直接负责的主管人员，依法给予处分，并处二千元以上五千元以下罚款。",
			lead:    "违反本条例第十二条规定",
			conduct: "企业未建立台账",
			want: [][]string{{"责令改正", "罚款[10000-50000 元]",
				"@直接负责的主管人员:罚款[2000-5000 元]"}},
		},
		{
			name:    "a fine set by another provision",
			text:    "以欺骗手段取得资质证书的，吊销资质证书，依照本条第一款规定处以罚款。",
			conduct: "以欺骗手段取得资质证书",
			want:    [][]string{{"吊销许可证件{资质证书}", "罚款[? 依照本条第一款规定]"}},
		},
		{
			name:    "list form: each 项 an offence",
			text:    "违反本条例规定，有下列行为之一的，由城市管理部门责令改正，处二百元以上一千元以下罚款：",
			items:   []string{"（一）在树木上悬挂物品的；", "（二）违反本条例第十五条规定，在绿地内焚烧落叶的。"},
			lead:    "违反本条例规定",
			conduct: "在树木上悬挂物品",
			want:    [][]string{{"责令改正", "罚款[200-1000 元]"}, {"责令改正", "罚款[200-1000 元]"}},
		},
		{
			name:    "list form: the 项 set their own penalties",
			text:    "违反本条例规定，有下列行为之一的，按照下列规定处罚：",
			items:   []string{"（一）占用消防通道的，处五百元以上二千元以下罚款；", "（二）损坏消防设施的，对单位处五千元以上五万元以下罚款。"},
			lead:    "违反本条例规定",
			conduct: "占用消防通道",
			want:    [][]string{{"罚款[500-2000 元]"}, {"@单位:罚款[5000-50000 元]"}},
		},
		{
			name:    "限制从业 and 暂停 of a business",
			text:    "评价机构出具虚假报告的，没收违法所得，处十万元以上二十万元以下罚款；情节严重的，暂停相关业务，五年内不得从事评价工作。",
			conduct: "评价机构出具虚假报告",
			want: [][]string{{"没收违法所得{违法所得}", "罚款[100000-200000 元]",
				"(情节严重)责令停产停业", "(情节严重)限制从业"}},
		},
		{
			name:    "千分之 and an OCR l for 1",
			text:    "企业未按规定办理核准的，处项目总投资额千分之五以上千分之十以下的罚款；逾期不改正的，并处l万元罚款。",
			conduct: "企业未按规定办理核准",
			want:    [][]string{{"罚款[0.5-1 % 项目总投资额]", "(逾期不改正)罚款[10000-10000 元]"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := penalty.ParseClause(tt.text, tt.items)
			if c == nil {
				t.Fatalf("not read as a penalty clause")
			}
			if !c.Parsed() {
				t.Errorf("Parsed() = false; unparsed %v", c.Unparsed)
			}
			if len(c.Offences) != len(tt.want) {
				t.Fatalf("offences = %d, want %d: %+v", len(c.Offences), len(tt.want), c.Offences)
			}
			if got := c.Offences[0].Lead; got != tt.lead {
				t.Errorf("lead = %q, want %q", got, tt.lead)
			}
			if got := c.Offences[0].Conduct; got != tt.conduct {
				t.Errorf("conduct = %q, want %q", got, tt.conduct)
			}
			if tt.enforcer != "" && c.Enforcer != tt.enforcer {
				t.Errorf("enforcer = %q, want %q", c.Enforcer, tt.enforcer)
			}
			for i, o := range c.Offences {
				got := renderOffence(o)
				if strings.Join(got, " ; ") != strings.Join(tt.want[i], " ; ") {
					t.Errorf("offence %d penalties\n got  %q\n want %q", i+1, got, tt.want[i])
				}
			}
		})
	}
}

func TestParsePenaltyClauseRejects(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"procedure about fines", "罚款决定与罚款收缴分离，收缴的罚款全部上缴国库。"},
		{"a duty, not a penalty", "建设单位应当在开工前将施工方案报城市管理部门备案。"},
		{"a penalty rule, not a penalty", "对同一违法行为不得给予两次以上罚款的行政处罚。"},
		{"detention as custody", "被拘留人在拘留所内应当遵守监管规定。"},
		{"a warning sign", "施工单位应当在作业区设置警告标志的，按照规定执行。"},
		{"discipline only", "违反本条例规定，工作人员玩忽职守的，依法给予处分；构成犯罪的，依法追究刑事责任。"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c := penalty.ParseClause(tt.text, nil); c != nil {
				t.Errorf("read as a penalty clause: %+v", c)
			}
		})
	}
}

func TestParsePenaltyClauseUnparsed(t *testing.T) {
	// A fine whose amount has no structure must be reported, not guessed.
	c := penalty.ParseClause("违反本条例第十二条规定，造成设施损坏的，处以相当于修复费用的罚款。", nil)
	if c == nil {
		t.Fatal("not read as a penalty clause")
	}
	if c.Parsed() {
		t.Errorf("Parsed() = true for an amount without structure: %+v", c.Offences)
	}
	if len(c.Unparsed) != 1 || !strings.Contains(c.Unparsed[0].Reason, "amount not recognised") {
		t.Errorf("unparsed = %+v", c.Unparsed)
	}
}

// TestPenaltyGolden compares the whole structure read from the fixture
// file with its golden JSON; run with -update after a deliberate change.
func TestPenaltyGolden(t *testing.T) {
	in := filepath.Join("testdata", "clauses.txt")
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []*penalty.Clause
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// A clause and its 项 share a line, the 项 after " | ".
		parts := strings.Split(line, " | ")
		got = append(got, penalty.ParseClause(parts[0], parts[1:]))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	testshared.Golden(t, filepath.Join("testdata", "clauses.golden.json"), b, *update)
}

func FuzzParsePenaltyClause(f *testing.F) {
	for _, s := range []string{
		"违反本条例第十条规定，在公园草坪上停放车辆的，由城市管理部门责令改正，处五十元以上二百元以下罚款。",
		"处每平方米二百元以上五百元以下罚款",
		"的，处违法所得百分之五十以上三倍以下罚款；情节严重的，吊销",
		"的，暂扣或者吊销",
		"的，处l万至罚款",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := penalty.ParseClause(s, []string{s})
		if c != nil {
			_ = c.Parsed()
		}
	})
}

func BenchmarkParsePenaltyClause(b *testing.B) {
	text := "违反本条例第二十三条规定，运输渣土沿途撒漏的，由城市管理部门责令立即清除，处一千元以上三千元以下罚款；车轮带泥上路的，责令改正，对单位处二百元以上一千元以下罚款，对个人处五十元以上二百元以下罚款；情节严重的，暂扣或者吊销许可证。"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if penalty.ParseClause(text, nil) == nil {
			b.Fatal("not a clause")
		}
	}
}

func TestParsePenalties(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"罚款200元", []string{"罚款[200-200 元]"}},
		{"罚款3000—5000元", []string{"罚款[3000-5000 元]"}},
		{"并处吊销驾驶证", []string{"吊销许可证件{驾驶证}"}},
		{"可并处拘留15日以下", []string{"行政拘留[0-15日]?"}},
		{"处十日以上十五日以下拘留", []string{"行政拘留[10-15日]"}},
		{"对驾驶人并处暂扣三个月机动车驾驶证", []string{"@驾驶人:暂扣许可证件[3-3个月]{机动车驾驶证}"}},
		{"吊销驾驶证、禁驾5年", []string{"吊销许可证件{驾驶证}", "限制从业[5-5年]"}},
		{"情节严重的，可以并处吊销机动车驾驶证", []string{"(情节严重)吊销许可证件{机动车驾驶证}?"}},
		{"没收产品，可并处产品价值3～5倍罚款", []string{"没收非法财物{产品}", "罚款[3-5 倍 产品价值]?"}},
		{"责令限期改正，并处警告", []string{"责令改正", "警告"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ps, un := penalty.Parse(tt.text)
			if len(un) > 0 {
				t.Errorf("unparsed %+v", un)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if strings.Join(got, " ; ") != strings.Join(tt.want, " ; ") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParsePenaltiesPerUnitAfter(t *testing.T) {
	ps, un := penalty.Parse("每一停车位每日罚款一百元")
	if len(un) > 0 || len(ps) != 1 || ps[0].String() != "罚款[100-100 元/一停车位每日]" {
		t.Errorf("got %+v %+v", ps, un)
	}
}

func TestParsePenaltyClauseLeads(t *testing.T) {
	tests := []struct{ text, lead, conduct string }{
		{"违反本规定第十四条规定，经营者超范围使用投入品的，处二千元以上二万元以下罚款。", "违反本规定第十四条规定", "经营者超范围使用投入品"},
		{"违反本规定，经营者未建立台账的，处二千元罚款。", "违反本规定", "经营者未建立台账"},
		{"违反本条第一款规定设置户外设施，影响市容的，处二百元罚款。", "违反本条第一款规定", "设置户外设施，影响市容"},
		{"违反本条例第七条、第十条规定之一的，处二百元罚款。", "违反本条例第七条、第十条规定之一", ""},
	}
	for _, tt := range tests {
		c := penalty.ParseClause(tt.text, nil)
		if c == nil || len(c.Offences) != 1 {
			t.Fatalf("%s: %+v", tt.text, c)
		}
		if o := c.Offences[0]; o.Lead != tt.lead || o.Conduct != tt.conduct {
			t.Errorf("%s: lead %q conduct %q, want %q %q", tt.text, o.Lead, o.Conduct, tt.lead, tt.conduct)
		}
	}
}

func TestParsePenaltyClauseRegressions(t *testing.T) {
	tests := []struct{ text, want string }{
		// 万 written on both ends of a range, 元 only at the end.
		{"违反本规定第十二条规定，露天喷涂作业的，由环境保护主管部门责令停止作业，处一万以上十万元以下罚款。", "责令改正 ; 罚款[10000-100000 元]"},
		// 暂扣 of goods is a coercive measure, not a licence suspended.
		{"违反本条例规定运输危险废物的，可以暂扣运输车辆，并处一万元罚款。", "罚款[10000-10000 元]"},
	}
	for _, tt := range tests {
		c := penalty.ParseClause(tt.text, nil)
		if c == nil {
			t.Fatalf("%s: not a clause", tt.text)
		}
		if got := strings.Join(renderOffence(c.Offences[0]), " ; "); got != tt.want {
			t.Errorf("%s:\n got  %s\n want %s", tt.text, got, tt.want)
		}
	}
}

func TestParsePenaltyClauseMoreForms(t *testing.T) {
	tests := []struct{ text, want string }{
		{"检验机构出具虚假报告的，由监督管理部门撤销其检验资格，处五万元以上二十万元以下罚款。", "吊销许可证件 ; 罚款[50000-200000 元]"},
		{"擅自接收外国学者参加发掘的，可以给予警告或者暂停该单位的发掘资格。", "警告? ; 暂扣许可证件?"},
		{"未取得许可从事培训的，由管理机构责令其停止经营，没收违法所得。", "责令停产停业 ; 没收违法所得{违法所得}"},
		{"医疗机构违反规定的，责令改正，对直接责任人员责令给予撤职的处分，并处一万元罚款。", "责令改正 ; @直接责任人员:罚款[10000-10000 元]"},
		{"擅自在耕地上取土的，责令限期治理，可以按照耕地开垦费的一倍以上至二倍以下处以罚款。", "责令改正 ; 罚款[1-2 倍 耕地开垦费]?"},
		{"船舶有违法情形的，处二万元罚款；情节严重的，暂扣船长的船员适任证书十二个月至二十四个月。", "罚款[20000-20000 元] ; (情节严重)暂扣许可证件[12-24个月]{船长的船员适任证书}"},
	}
	for _, tt := range tests {
		c := penalty.ParseClause(tt.text, nil)
		if c == nil {
			t.Fatalf("%s: not a clause", tt.text)
		}
		if got := strings.Join(renderOffence(c.Offences[0]), " ; "); got != tt.want {
			t.Errorf("%s:\n got  %s\n want %s", tt.text, got, tt.want)
		}
	}
}

func TestParsePenaltyClauseConfiscation(t *testing.T) {
	tests := []struct{ text, want string }{
		{"违反本办法规定的，责令改正。有违法所得的，予以没收。", "责令改正 ; (有违法所得)没收违法所得{违法所得}"},
		{"以救护为名买卖野生动物的，没收野生动物、没收违法所得，并处野生动物价值五倍以上十倍以下罚款。",
			"没收非法财物{野生动物} ; 没收违法所得{违法所得} ; 罚款[5-10 倍 野生动物价值]"},
		{"诊所未备案的，责令改正；拒不改正的，责令其停止执业活动。", "责令改正 ; (拒不改正)限制从业"},
	}
	for _, tt := range tests {
		c := penalty.ParseClause(tt.text, nil)
		if c == nil {
			t.Fatalf("%s: not a clause", tt.text)
		}
		var got []string
		for _, o := range c.Offences {
			got = append(got, renderOffence(o)...)
		}
		if strings.Join(got, " ; ") != tt.want {
			t.Errorf("%s:\n got  %s\n want %s", tt.text, strings.Join(got, " ; "), tt.want)
		}
	}
}
