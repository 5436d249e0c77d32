package corpus

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// BandLevel names a discretion band (裁量阶次).
type BandLevel string

// The four bands provincial standards commonly use.
const (
	BandMinor   BandLevel = "轻微"
	BandGeneral BandLevel = "一般"
	BandSerious BandLevel = "较重"
	BandGrave   BandLevel = "严重"
)

// Band is one row of a band table: the conditions under which it applies,
// the fine range within the statutory range and the measures that go with
// it. Imported tables may use their own labels instead of the four levels.
type Band struct {
	Level      BandLevel `json:"level"`
	Conditions []string  `json:"conditions,omitempty"`
	Fine       *Fine     `json:"fine,omitempty"`
	Measures   []string  `json:"measures,omitempty"`
}

// Option is one choice of a discretion factor with its weight.
type Option struct {
	Label   string  `json:"label"`
	Percent float64 `json:"percent"`
}

// Factor is a discretion factor (裁量要素) with weighted options (违法程度 →
// 裁量权重), as in the Guangdong fine tables.
type Factor struct {
	Name    string   `json:"name"`
	Options []Option `json:"options"`
}

// FineBase is what Σ% multiplies: a fixed amount (×20 万) or a quantity the
// officer supplies (×建设项目总投资额×5%). A table can have several, one per
// condition (限期内改正 ×20 万, 逾期未改正 ×100 万) or per subject.
type FineBase struct {
	Condition  string  `json:"condition,omitempty"` // when this base applies; empty: always
	Subject    string  `json:"subject,omitempty"`   // 单位, 个人; empty: the offender
	Amount     float64 `json:"amount,omitempty"`    // yuan; 0 when Basis names a quantity
	Basis      string  `json:"basis,omitempty"`     // the quantity supplied: 建设项目总投资额
	Multiplier float64 `json:"multiplier"`          // applied to Amount or to the quantity: 1, 0.05
}

// FactorModel is a table of the form 罚款金额 = 裁量百分值总和 × base, where the
// sum is the starting point (裁量起点) plus one option per factor.
type FactorModel struct {
	Start   float64    `json:"start"` // 裁量起点, in percent
	Factors []Factor   `json:"factors"`
	Bases   []FineBase `json:"bases"`
	Formula string     `json:"formula,omitempty"` // as the table writes it
}

// Discretion is an item's discretion standard (裁量基准): bands, a factor
// model, or both. Derived bands come from the statutory range by
// DerivedBandRule and say so; imported ones name their standard.
type Discretion struct {
	Standard string       `json:"standard"`
	Derived  bool         `json:"derived"`
	Rule     string       `json:"rule,omitempty"`
	Bands    []Band       `json:"bands,omitempty"`
	Factors  *FactorModel `json:"factors,omitempty"`
	Notes    []string     `json:"notes,omitempty"`  // the table's remarks (备注)
	Source   string       `json:"source,omitempty"` // the table and section it was transcribed from
}

// DerivedStandard names the standard of derived bands.
const DerivedStandard = "由法定罚款幅度推导（非官方基准）"

// DerivedBandRule is the documented rule behind derived bands: the
// statutory range [min, max] is cut at 20 %, 50 % and 80 % of its width.
// A range with no upper bound, or a fixed amount, gives no bands of its own.
const DerivedBandRule = "法定幅度[下限,上限]按宽度的20%、50%、80%分为四档：轻微[下限,下限+20%]、一般[20%,50%]、较重[50%,80%]、严重[80%,上限]；" +
	"轻微：初次违法、危害后果轻微且及时改正；一般：情节、后果一般；较重：造成一定危害后果、两次违法或者逾期未改正；" +
	"严重：造成严重危害后果、三次以上违法或者拒不改正。"

var derivedCuts = []struct {
	level      BandLevel
	from, to   float64
	conditions []string
}{
	{BandMinor, 0, 0.2, []string{"初次违法", "危害后果轻微", "及时改正"}},
	{BandGeneral, 0.2, 0.5, []string{"违法情节、危害后果一般"}},
	{BandSerious, 0.5, 0.8, []string{"造成一定危害后果", "两次违法", "逾期未改正"}},
	{BandGrave, 0.8, 1, []string{"造成严重危害后果", "三次以上违法", "拒不改正"}},
}

// DeriveBands cuts a statutory fine range into the four bands by
// DerivedBandRule. It returns nil when the range has no upper bound, is a
// single amount, or states no amount. measures are the penalties that come
// with 情节严重 and go to the 严重 band.
func DeriveBands(f *Fine, measures []string) []Band {
	if f == nil || !f.Stated() || f.Max <= 0 || f.Max <= f.Min {
		return nil
	}
	width := f.Max - f.Min
	out := make([]Band, 0, len(derivedCuts))
	for _, c := range derivedCuts {
		bf := *f
		bf.Min = roundAmount(f.Min+c.from*width, f.Unit)
		bf.Max = roundAmount(f.Min+c.to*width, f.Unit)
		b := Band{Level: c.level, Conditions: c.conditions, Fine: &bf}
		if c.level == BandGrave {
			b.Measures = measures
		}
		out = append(out, b)
	}
	return out
}

// DeriveDiscretion builds derived bands for an item from its main fine and
// the penalties its clause sets for 情节严重; nil when no bands can be derived.
func DeriveDiscretion(it *Item) *Discretion {
	var measures []string
	for _, p := range it.Penalties {
		if p.Kind.IsSanction() && p.Kind != PenaltyFine && strings.Contains(p.Condition, "严重") {
			measures = append(measures, p.Text)
		}
	}
	bands := DeriveBands(it.Fine, measures)
	if bands == nil {
		return nil
	}
	return &Discretion{Standard: DerivedStandard, Derived: true, Rule: DerivedBandRule, Bands: bands}
}

// roundAmount keeps yuan whole and percentages or multiples to two places.
func roundAmount(v float64, unit string) float64 {
	if strings.HasPrefix(unit, UnitYuan) {
		return math.Round(v)
	}
	return math.Round(v*100) / 100
}

// Harm levels of Circumstances.Harm.
const (
	HarmNone    = "none"
	HarmMinor   = "minor"
	HarmGeneral = "general"
	HarmSerious = "serious"
)

var harmAliases = map[string]string{
	"": "", HarmNone: HarmNone, "无": HarmNone, "没有": HarmNone, "未造成危害后果": HarmNone,
	HarmMinor: HarmMinor, "轻微": HarmMinor,
	HarmGeneral: HarmGeneral, "一般": HarmGeneral, "较重": HarmGeneral,
	HarmSerious: HarmSerious, "严重": HarmSerious,
}

// Circumstances are the facts of a case an officer gives to Decide.
type Circumstances struct {
	FirstViolation  bool              `json:"first_violation"`           // 初次违法
	CorrectedInTime bool              `json:"corrected_in_time"`         // 及时改正 / 在责令改正期限内改正
	MinorViolation  bool              `json:"minor_violation,omitempty"` // 违法行为轻微: the officer's judgment
	Harm            string            `json:"harm,omitempty"`            // none, minor, general, serious (无, 轻微, 一般, 严重)
	RepeatCount     int               `json:"repeat_count,omitempty"`    // violations of this kind in the period, this one included; 0 = not known
	Factors         map[string]string `json:"factors,omitempty"`         // factor name → option label
	Base            float64           `json:"base,omitempty"`            // the quantity a base names, in yuan (建设项目总投资额)
	Condition       string            `json:"condition,omitempty"`       // picks a base or a band: 限期内改正, 逾期未改正
	Subject         string            `json:"subject,omitempty"`         // 单位 or 个人, when the table differs
	Band            string            `json:"band,omitempty"`            // a band chosen by the officer
	// The conditions penalty clauses write most (ClauseConditions): the
	// clause's fine may apply only under them (拒不改正的，处…罚款) or rise
	// with them (情节严重的，处…).
	Refused bool            `json:"refused,omitempty"` // 拒不改正
	Overdue bool            `json:"overdue,omitempty"` // 逾期不改正 / 逾期未改正
	Serious bool            `json:"serious,omitempty"` // 情节严重
	Facts   map[string]bool `json:"facts,omitempty"`   // other conditions, by their text, confirmed or denied
}

// Amount is a computed fine: a value, or a range when some factors were
// not chosen.
type Amount struct {
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	Unit string  `json:"unit"`
}

// Decision is the outcome of Decide: whether no penalty applies, the band
// or the computed fine, and every step that led there.
type Decision struct {
	ItemID        string   `json:"item_id"`
	NoPenalty     bool     `json:"no_penalty"`
	NoPenaltyKind string   `json:"no_penalty_kind,omitempty"` // 不予处罚 (must) or 可以不予处罚 (may)
	NoPenaltyBy   string   `json:"no_penalty_basis,omitempty"`
	Band          *Band    `json:"band,omitempty"`
	Derived       bool     `json:"derived"` // the band comes from DerivedBandRule, not an official table
	Percent       float64  `json:"percent,omitempty"`
	PercentMax    float64  `json:"percent_max,omitempty"` // when factors are missing, the sum with their highest options
	Fine          *Amount  `json:"fine,omitempty"`
	Missing       []string `json:"missing,omitempty"` // factors not chosen
	// FineBasis is the clause the fine range comes from, with its condition:
	// 《…》第十六条第三款：拒不改正的，可以处五十元以下罚款.
	FineBasis string `json:"fine_basis,omitempty"`
	// NoFine says why no fine is proposed although the clause has one (its
	// condition does not hold: 拒不改正 not confirmed).
	NoFine string `json:"no_fine,omitempty"`
	// Rule is the rule the band comes from: the derived rule's line for the
	// band, or the official standard and the band's conditions.
	Rule  string   `json:"rule,omitempty"`
	Steps []string `json:"steps"`
}

// The general no-penalty rules of 行政处罚法 第三十三条第一款.
const (
	NoPenaltyMust = "不予处罚"
	NoPenaltyMay  = "可以不予处罚"
	generalBasis  = "《中华人民共和国行政处罚法》第三十三条第一款"
)

// Decide applies an item's no-penalty conditions and discretion standard to
// the circumstances of a case. It fails with CodeInvalid on circumstances
// it cannot read (an unknown harm level, a factor or option the table does
// not have).
func Decide(it *Item, c Circumstances) (*Decision, error) {
	harm, ok := harmAliases[strings.TrimSpace(c.Harm)]
	if !ok {
		return nil, Errorf(CodeInvalid, "discretion: harm %q: want none, minor, general or serious", c.Harm)
	}
	if c.RepeatCount < 0 {
		return nil, Errorf(CodeInvalid, "discretion: repeat_count %d: want 0 or more", c.RepeatCount)
	}
	c.Harm = harm
	d := &Decision{ItemID: it.ID}
	step := func(format string, args ...any) { d.Steps = append(d.Steps, fmt.Sprintf(format, args...)) }

	step("事项：%s", it.Name)
	if it.Fine != nil && it.Fine.Stated() {
		step("法定罚款幅度：%s", FormatFine(it.Fine))
	} else {
		step("法定依据未规定具体罚款数额")
	}
	step("情节：%s", describeCircumstances(c))

	// 1. Item-specific no-penalty conditions (a 不予处罚清单), then the law.
	for _, np := range it.NoPenalty {
		held, missing := np.check(c)
		if held {
			d.NoPenalty, d.NoPenaltyKind, d.NoPenaltyBy = true, np.kindOr(NoPenaltyMust), np.Basis
			step("不予处罚清单（%s）的条件全部满足：%s → %s", np.Basis, strings.Join(np.conditionTexts(), "；"), d.NoPenaltyKind)
			return d, nil
		}
		step("不予处罚清单（%s）的条件未全部满足，缺少：%s", np.Basis, strings.Join(missing, "；"))
	}
	switch {
	case c.MinorViolation && c.CorrectedInTime && harm == HarmNone:
		d.NoPenalty, d.NoPenaltyKind, d.NoPenaltyBy = true, NoPenaltyMust, generalBasis
		step("违法行为轻微并及时改正，没有造成危害后果 → 依%s不予行政处罚", generalBasis)
		return d, nil
	case c.FirstViolation && c.CorrectedInTime && (harm == HarmNone || harm == HarmMinor):
		d.NoPenalty, d.NoPenaltyKind, d.NoPenaltyBy = true, NoPenaltyMay, generalBasis
		step("初次违法且危害后果轻微并及时改正 → 依%s可以不予行政处罚；决定处罚的，按下列裁量", generalBasis)
	default:
		step("不符合%s不予处罚的条件（需违法行为轻微、及时改正且无危害后果，或初次违法、危害后果轻微并及时改正）", generalBasis)
	}

	disc := it.Discretion
	fine, ok := applicableFine(it, c, d, step)
	if !ok {
		return d, nil
	}
	if fine != nil && fine.Raised && (it.Fine == nil || !sameFine(fine.Fine, it.Fine)) {
		// A condition confirmed raises the range (情节严重的，处…): the bands
		// of the item's main fine do not apply; cut the raised range instead.
		disc = nil
		if bands := DeriveBands(fine.Fine, nil); bands != nil {
			disc = &Discretion{Standard: DerivedStandard, Derived: true, Rule: DerivedBandRule, Bands: bands}
		}
	}
	if disc == nil {
		if fine != nil {
			d.Fine = &Amount{Min: fine.Fine.Min, Max: fine.Fine.Max, Unit: fine.Fine.Unit}
			if fine.Fine.Max == 0 || fine.Fine.Unit != UnitYuan {
				d.Fine = nil
			}
		}
		step("该事项没有裁量基准，也无法由法定幅度推导（无上限或为固定数额）；在法定幅度内裁量")
		return d, nil
	}
	if disc.Factors != nil {
		if err := decideFactors(it, disc, c, d, step); err != nil {
			return nil, err
		}
		return d, nil
	}
	base := ""
	if fine != nil {
		base = ConditionKey(fine.Penalty.Condition)
	}
	decideBand(it, disc, c, d, step, base)
	return d, nil
}

// Condition keys of ClauseConditions: the conditions Circumstances names.
const (
	CondRefused = "拒不改正"
	CondOverdue = "逾期不改正"
	CondSerious = "情节严重"
	CondFirst   = "首次违法"
	CondRepeat  = "再次违法"
)

// ClauseCondition is a condition an item's penalties hinge on, as the
// clause writes it (Text) and as Circumstances knows it (Key; "" for a
// condition only Facts can confirm).
type ClauseCondition struct {
	Key  string `json:"key,omitempty"`
	Text string `json:"text"`
}

// ConditionKey names the circumstance a clause's condition is: 拒不改正,
// 逾期不改正, 情节严重, 首次违法, 再次违法; "" for any other.
func ConditionKey(cond string) string {
	switch {
	case strings.Contains(cond, "拒不改正") || strings.Contains(cond, "拒不停止") || strings.Contains(cond, "拒不"):
		return CondRefused
	case strings.Contains(cond, "逾期") || strings.Contains(cond, "期满"):
		return CondOverdue
	case strings.Contains(cond, "严重"):
		return CondSerious
	case strings.Contains(cond, "首次") || strings.Contains(cond, "初次") || strings.Contains(cond, "第一次"):
		return CondFirst
	case strings.Contains(cond, "再次") || strings.Contains(cond, "多次") || strings.Contains(cond, "屡次") ||
		strings.Contains(cond, "二次以上") || strings.Contains(cond, "两次以上"):
		return CondRepeat
	}
	return ""
}

// ClauseConditions lists, once each, the conditions under which the item's
// penalties apply, in the order the clause writes them: the inputs of a
// calculator for that item.
func ClauseConditions(it *Item) []ClauseCondition {
	var out []ClauseCondition
	seen := map[string]bool{}
	for _, p := range it.Penalties {
		if p.Condition == "" {
			continue
		}
		k := ConditionKey(p.Condition)
		id := k
		if id == "" {
			id = "?" + p.Condition
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, ClauseCondition{Key: k, Text: p.Condition})
	}
	return out
}

// conditionHolds reads a clause's condition against the circumstances;
// known is false when nothing the officer gave says whether it holds.
func conditionHolds(cond string, c Circumstances) (ok, known bool) {
	if v, set := c.Facts[cond]; set {
		return v, true
	}
	switch ConditionKey(cond) {
	case CondRefused:
		return c.Refused, true
	case CondOverdue:
		return c.Overdue, true
	case CondSerious:
		return c.Serious, true
	case CondFirst:
		return c.FirstViolation, true
	case CondRepeat:
		return c.RepeatCount >= 2, true
	}
	return false, false
}

// fineChoice is the fine a case draws and the penalty it is written in.
type fineChoice struct {
	Fine    *Fine
	Penalty Penalty
	Raised  bool // set by a condition the officer confirmed
}

// applicableFine picks the fine of the clause that applies to the case: the
// fine a confirmed condition sets (the highest such range: 情节严重 over the
// basic one), else the fine of the violation itself. It records the clause
// in d. It reports false when the clause fines only under conditions that
// do not hold (拒不改正的，处…罚款 for a first offence): no fine then.
func applicableFine(it *Item, c Circumstances, d *Decision, step func(string, ...any)) (*fineChoice, bool) {
	var plain, raised *fineChoice
	var unmet []string
	for _, p := range it.Penalties {
		if p.Kind != PenaltyFine || p.Fine == nil || !p.Fine.Stated() {
			continue
		}
		if c.Subject != "" && p.Fine.Subject != "" && p.Fine.Subject != c.Subject {
			continue
		}
		ch := &fineChoice{Fine: p.Fine, Penalty: p}
		if p.Condition == "" {
			if plain == nil {
				plain = ch
			}
			continue
		}
		ok, known := conditionHolds(p.Condition, c)
		switch {
		case ok:
			step("条款情形“%s”：已确认 → 适用%s", p.Condition, FormatFine(p.Fine))
			ch.Raised = true
			if raised == nil || p.Fine.Unit == raised.Fine.Unit && p.Fine.Max > raised.Fine.Max {
				raised = ch
			}
		case known:
			step("条款情形“%s”：未确认", p.Condition)
			unmet = append(unmet, p.Condition)
		default:
			step("条款情形“%s”：需执法人员确认，按未确认计", p.Condition)
			unmet = append(unmet, p.Condition)
		}
	}
	pick := raised
	if pick == nil {
		pick = plain
	}
	if pick == nil {
		if len(unmet) > 0 {
			d.NoFine = "本条款只在“" + strings.Join(unmet, "”或“") + "”时处以罚款；该情形未确认，不处罚款（依法责令改正）"
			step("%s", d.NoFine)
			return nil, false
		}
		return nil, true
	}
	d.FineBasis = fineBasis(it, pick.Penalty)
	step("罚款依据：%s", d.FineBasis)
	return pick, true
}

// fineBasis names the clause a fine is written in, with its words.
func fineBasis(it *Item, p Penalty) string {
	where := ""
	if len(it.Basis) > 0 {
		where = strings.TrimPrefix(it.Basis[0].Text, InferredNote)
	}
	words := p.Text
	if words == "" {
		words = FormatFine(p.Fine) + "罚款"
	}
	if p.Subject != "" && !strings.Contains(words, p.Subject) {
		words = "对" + p.Subject + words
	}
	if p.Optional && !strings.HasPrefix(words, "可") {
		words = "可以处" + strings.TrimPrefix(words, "处")
	} else if !strings.HasPrefix(words, "处") && !strings.HasPrefix(words, "可") && !strings.HasPrefix(words, "对") {
		words = "处" + words
	}
	if p.Condition != "" {
		words = p.Condition + "的，" + words
	}
	if where == "" {
		return words
	}
	return where + "：" + words
}

func sameFine(a, b *Fine) bool {
	return a.Min == b.Min && a.Max == b.Max && a.Unit == b.Unit && a.Basis == b.Basis && a.Per == b.Per
}

func describeCircumstances(c Circumstances) string {
	var parts []string
	yes := func(b bool, y, n string) string {
		if b {
			return y
		}
		return n
	}
	parts = append(parts, yes(c.FirstViolation, "初次违法", "非初次违法"))
	parts = append(parts, yes(c.CorrectedInTime, "及时改正", "未及时改正"))
	if c.MinorViolation {
		parts = append(parts, "违法行为轻微")
	}
	switch c.Harm {
	case HarmNone:
		parts = append(parts, "无危害后果")
	case HarmMinor:
		parts = append(parts, "危害后果轻微")
	case HarmGeneral:
		parts = append(parts, "危害后果一般")
	case HarmSerious:
		parts = append(parts, "危害后果严重")
	default:
		parts = append(parts, "危害后果未说明")
	}
	if c.RepeatCount > 0 {
		parts = append(parts, fmt.Sprintf("同类违法第%d次", c.RepeatCount))
	}
	if c.Refused {
		parts = append(parts, "拒不改正")
	}
	if c.Overdue {
		parts = append(parts, "逾期不改正")
	}
	if c.Serious {
		parts = append(parts, "情节严重")
	}
	return strings.Join(parts, "，")
}

// bandLevelFor maps circumstances to one of the four levels by the rule
// stated in DerivedBandRule. base is the condition the fine itself hinges
// on (拒不改正 when the clause fines only then): it is what makes the fine
// apply, not a reason to raise it.
func bandLevelFor(c Circumstances, base string) (BandLevel, string) {
	switch {
	case c.Harm == HarmSerious || c.Serious && base != CondSerious:
		return BandGrave, "造成严重危害后果或情节严重"
	case c.Refused && base != CondRefused:
		return BandGrave, "拒不改正"
	case c.RepeatCount >= 3:
		return BandGrave, "三次以上违法"
	case c.RepeatCount == 2:
		return BandSerious, "两次违法"
	case c.Harm == HarmGeneral && !c.CorrectedInTime:
		return BandSerious, "造成一定危害后果且未及时改正"
	case c.Overdue && base != CondOverdue:
		return BandSerious, "逾期未改正"
	case c.FirstViolation && c.CorrectedInTime && (c.Harm == HarmNone || c.Harm == HarmMinor):
		return BandMinor, "初次违法、危害后果轻微且及时改正"
	default:
		return BandGeneral, "情节、后果一般"
	}
}

func decideBand(it *Item, disc *Discretion, c Circumstances, d *Decision, step func(string, ...any), base string) {
	d.Derived = disc.Derived
	if disc.Derived {
		step("裁量基准：%s。规则：%s", disc.Standard, disc.Rule)
	} else {
		step("裁量基准：%s", disc.Standard)
	}
	var pick *Band
	switch {
	case c.Band != "":
		for i := range disc.Bands {
			if string(disc.Bands[i].Level) == c.Band {
				pick = &disc.Bands[i]
			}
		}
		if pick != nil {
			step("执法人员选定档次：%s", c.Band)
		} else {
			step("所选档次“%s”不在基准中，按情节确定", c.Band)
		}
	}
	if pick == nil {
		// An imported table with its own conditions: the first band whose
		// conditions the facts confirm.
		for i := range disc.Bands {
			b := &disc.Bands[i]
			if len(b.Conditions) > 0 && !isStandardLevel(b.Level) && allFacts(b.Conditions, c) {
				pick = b
				step("情节符合档次“%s”的条件：%s", b.Level, strings.Join(b.Conditions, "；"))
				break
			}
		}
	}
	if pick == nil {
		level, why := bandLevelFor(c, base)
		for i := range disc.Bands {
			if disc.Bands[i].Level == level {
				pick = &disc.Bands[i]
			}
		}
		if pick != nil {
			step("%s → 档次：%s", why, level)
		} else {
			step("%s → 档次：%s，但基准中没有该档次；请按基准条件选定档次", why, level)
		}
	}
	if pick == nil {
		return
	}
	d.Band = pick
	d.Rule = bandRule(disc, pick)
	step("档次规则：%s", d.Rule)
	if pick.Fine != nil && pick.Fine.Stated() {
		step("该档罚款幅度：%s", FormatFine(pick.Fine))
		d.Fine = &Amount{Min: pick.Fine.Min, Max: pick.Fine.Max, Unit: pick.Fine.Unit}
	}
	if len(pick.Measures) > 0 {
		step("并可适用：%s", strings.Join(pick.Measures, "；"))
	}
}

// bandRule names the rule a band comes from: the line of DerivedBandRule
// for a derived band, the standard and the band's conditions otherwise.
func bandRule(disc *Discretion, b *Band) string {
	if disc.Derived {
		for _, cut := range derivedCuts {
			if cut.level == b.Level {
				return fmt.Sprintf("推导规则（非官方基准）：%s档＝法定幅度按宽度的%s%%至%s%%，适用于%s",
					b.Level, fmtNum(cut.from*100), fmtNum(cut.to*100), strings.Join(cut.conditions, "、"))
			}
		}
	}
	r := disc.Standard + "：" + string(b.Level)
	if len(b.Conditions) > 0 {
		r += "（" + strings.Join(b.Conditions, "；") + "）"
	}
	if disc.Source != "" {
		r += "，" + disc.Source
	}
	return r
}

func isStandardLevel(l BandLevel) bool {
	return l == BandMinor || l == BandGeneral || l == BandSerious || l == BandGrave
}

// allFacts reports whether the circumstances confirm every condition.
func allFacts(conds []string, c Circumstances) bool {
	for _, s := range conds {
		if ok, known := factHolds(s, c); !known || !ok {
			return false
		}
	}
	return true
}

func decideFactors(it *Item, disc *Discretion, c Circumstances, d *Decision, step func(string, ...any)) error {
	m := disc.Factors
	step("裁量基准：%s（%s）", disc.Standard, m.Formula)
	sum, sumMax := m.Start, m.Start
	step("裁量起点 %s%%", fmtNum(m.Start))
	known := map[string]bool{}
	for _, f := range m.Factors {
		known[f.Name] = true
		label, given := c.Factors[f.Name]
		if !given {
			lo, hi := optionRange(f)
			sum += lo
			sumMax += hi
			d.Missing = append(d.Missing, f.Name)
			step("%s：未提供，按%s%%至%s%%计", f.Name, fmtNum(lo), fmtNum(hi))
			continue
		}
		var opt *Option
		for i := range f.Options {
			if f.Options[i].Label == label {
				opt = &f.Options[i]
			}
		}
		if opt == nil {
			return Errorf(CodeInvalid, "discretion: factor %q has no option %q; options: %s", f.Name, label, optionLabels(f))
		}
		sum += opt.Percent
		sumMax += opt.Percent
		step("%s：%s，+%s%%", f.Name, opt.Label, fmtNum(opt.Percent))
	}
	var unknown []string
	for name := range c.Factors {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return Errorf(CodeInvalid, "discretion: the table has no factor %s", strings.Join(unknown, ", "))
	}
	d.Percent = sum
	if sumMax != sum {
		d.PercentMax = sumMax
		step("裁量百分值总和：%s%%至%s%%", fmtNum(sum), fmtNum(sumMax))
	} else {
		step("裁量百分值总和：%s%%", fmtNum(sum))
	}
	base, why := pickBase(m.Bases, c)
	if base == nil {
		step("基准未给出计算基数")
		return nil
	}
	if why != "" {
		step("%s", why)
	}
	var amount float64
	switch {
	case base.Basis != "" && c.Base <= 0:
		step("计算基数为%s×%s，未提供%s，无法算出金额：罚款＝%s%%×%s×%s", base.Basis, fmtNum(base.Multiplier), base.Basis,
			fmtNum(sum), base.Basis, fmtNum(base.Multiplier))
		return nil
	case base.Basis != "":
		amount = c.Base * base.Multiplier
		step("计算基数：%s %s元 × %s ＝ %s元", base.Basis, fmtNum(c.Base), fmtNum(base.Multiplier), fmtNum(amount))
	default:
		amount = base.Amount * base.Multiplier
		step("计算基数：%s元", fmtNum(amount))
	}
	lo, hi := math.Round(sum/100*amount), math.Round(sumMax/100*amount)
	step("罚款金额＝%s%% × %s元 ＝ %s元", fmtNum(sum), fmtNum(amount), fmtNum(lo))
	if hi != lo {
		step("按未提供要素的最高档计，至多 %s元", fmtNum(hi))
	}
	// Never outside the statutory range.
	if f := it.Fine; f != nil && f.Unit == UnitYuan && f.Stated() {
		clamp := func(v float64) float64 {
			if v < f.Min {
				return f.Min
			}
			if f.Max > 0 && v > f.Max {
				return f.Max
			}
			return v
		}
		if cl, ch := clamp(lo), clamp(hi); cl != lo || ch != hi {
			step("超出法定幅度 %s，按法定幅度调整为 %s至%s元", FormatFine(f), fmtNum(cl), fmtNum(ch))
			lo, hi = cl, ch
		}
	}
	d.Fine = &Amount{Min: lo, Max: hi, Unit: UnitYuan}
	return nil
}

func optionRange(f Factor) (lo, hi float64) {
	for i, o := range f.Options {
		if i == 0 || o.Percent < lo {
			lo = o.Percent
		}
		if i == 0 || o.Percent > hi {
			hi = o.Percent
		}
	}
	return lo, hi
}

func optionLabels(f Factor) string {
	var out []string
	for _, o := range f.Options {
		out = append(out, o.Label)
	}
	return strings.Join(out, ", ")
}

// pickBase chooses the base for the circumstances: by the named condition,
// else 限期内 when corrected in time and 逾期 otherwise, else by subject,
// else the first.
func pickBase(bases []FineBase, c Circumstances) (*FineBase, string) {
	if len(bases) == 0 {
		return nil, ""
	}
	if len(bases) == 1 {
		return &bases[0], ""
	}
	match := func(pred func(b FineBase) bool) *FineBase {
		for i := range bases {
			if pred(bases[i]) && (c.Subject == "" || bases[i].Subject == "" || bases[i].Subject == c.Subject) {
				return &bases[i]
			}
		}
		return nil
	}
	if c.Condition != "" {
		if b := match(func(b FineBase) bool { return b.Condition == c.Condition }); b != nil {
			return b, "按所选情形“" + c.Condition + "”取计算基数"
		}
	}
	if c.CorrectedInTime {
		if b := match(func(b FineBase) bool { return strings.Contains(b.Condition, "限期内") }); b != nil {
			return b, "已及时改正，按“" + b.Condition + "”取计算基数"
		}
	} else if b := match(func(b FineBase) bool { return strings.Contains(b.Condition, "逾期") }); b != nil {
		return b, "未及时改正，按“" + b.Condition + "”取计算基数"
	}
	if b := match(func(b FineBase) bool { return true }); b != nil {
		return b, ""
	}
	return &bases[0], ""
}

// NoPenalty is a set of conditions under which an item is not penalised
// (不予处罚, 首违不罚), with where it comes from.
type NoPenalty struct {
	Kind       string   `json:"kind"` // 不予处罚 or 可以不予处罚
	Conditions []string `json:"conditions"`
	Basis      string   `json:"basis"` // the list and item it comes from
}

func (np NoPenalty) kindOr(def string) string {
	if np.Kind != "" {
		return np.Kind
	}
	return def
}

func (np NoPenalty) conditionTexts() []string { return np.Conditions }

// check reports whether the circumstances meet every condition, and the
// ones they do not (or cannot) meet.
func (np NoPenalty) check(c Circumstances) (bool, []string) {
	var missing []string
	for _, s := range np.Conditions {
		ok, known := factHolds(s, c)
		switch {
		case !known:
			missing = append(missing, s+"（需执法人员确认）")
		case !ok:
			missing = append(missing, s)
		}
	}
	return len(missing) == 0 && len(np.Conditions) > 0, missing
}

// factHolds reads a condition written in words against the circumstances.
// known is false when the condition is not one the circumstances describe
// and the officer has not confirmed it in Facts.
func factHolds(cond string, c Circumstances) (ok, known bool) {
	if v, set := c.Facts[cond]; set {
		return v, true
	}
	switch {
	case strings.Contains(cond, "限期内"):
		return c.CorrectedInTime, true
	case strings.Contains(cond, "逾期未") || strings.Contains(cond, "逾期不"):
		return !c.CorrectedInTime, true
	case strings.Contains(cond, "首次") || strings.Contains(cond, "初次"):
		return c.FirstViolation, true
	case strings.Contains(cond, "改正") || strings.Contains(cond, "恢复原状") || strings.Contains(cond, "整改"):
		// 在责令改正期限内改正违法行为, 及时改正, 主动…恢复原状
		if strings.Contains(cond, "危害后果轻微") {
			return c.CorrectedInTime && (c.Harm == HarmNone || c.Harm == HarmMinor), true
		}
		return c.CorrectedInTime, true
	case strings.Contains(cond, "没有造成危害后果") || strings.Contains(cond, "未造成危害后果"):
		return c.Harm == HarmNone, true
	case strings.Contains(cond, "危害后果轻微"):
		return c.Harm == HarmNone || c.Harm == HarmMinor, true
	case strings.Contains(cond, "违法行为轻微"):
		return c.MinorViolation, true
	}
	return false, false
}

// FormatFine renders a fine as officers read it: 500元以上5000元以下,
// 每平方米200元以上500元以下, 建设项目总投资额1%以上5%以下, 违法所得1倍以上3倍以下.
func FormatFine(f *Fine) string {
	if f == nil || !f.Stated() {
		if f != nil && f.Basis != "" {
			return f.Basis + "罚款"
		}
		return "未规定数额"
	}
	unit := f.Unit
	prefix := f.Basis
	if f.Per != "" {
		prefix = "每" + f.Per
		unit = UnitYuan
	}
	amt := func(v float64) string {
		if unit == UnitYuan && v >= 10000 && math.Mod(v, 1000) == 0 {
			return fmtNum(v/10000) + "万元"
		}
		return fmtNum(v) + unit
	}
	var s string
	switch {
	case f.Min == f.Max:
		s = amt(f.Max)
	case f.Max == 0:
		s = amt(f.Min) + "以上"
	case f.Min == 0:
		s = amt(f.Max) + "以下"
	default:
		s = amt(f.Min) + "以上" + amt(f.Max) + "以下"
	}
	if f.Subject != "" {
		return "对" + f.Subject + "处" + prefix + s
	}
	return prefix + s
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// FormatAmount renders a computed fine as Chinese money: 500元, 1.2万元,
// 10元至25元; a percentage or multiple keeps its unit.
func FormatAmount(a *Amount) string {
	if a == nil {
		return ""
	}
	one := func(v float64) string {
		if a.Unit == UnitYuan && v >= 10000 && math.Mod(v, 1000) == 0 {
			return fmtNum(v/10000) + "万元"
		}
		return fmtNum(v) + a.Unit
	}
	if a.Min == a.Max {
		return one(a.Max)
	}
	return one(a.Min) + "至" + one(a.Max)
}
