// Package penalty reads penalty clauses (罚则) into structure: who did
// what (the offences of a clause and its 项), and what follows (罚款 with
// its range, unit and basis, 警告, 没收, 暂扣, 吊销, 拘留, 责令改正 …) under
// which conditions (情节严重的, 拒不改正的). ParseClause splits a clause into
// action phrases (action.go, clause.go), scans each with one scanner
// (scan.go) against a table of sanction rules (kinds.go), and reads amounts
// and terms (amount.go). It imports only corpus/numeral; package corpus
// derives enforcement items from what it returns and names its types in
// the corpus model (corpus.Penalty, corpus.Fine …).
package penalty

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind names a legal consequence a penalty clause sets. The
// sanctions are the kinds of 行政处罚法 第九条; 责令改正 and 限期拆除 are
// administrative orders that usually come with them and officers look for
// them in the same place.
type Kind string

// Penalty kinds.
const (
	KindWarning            Kind = "警告"
	KindCriticism          Kind = "通报批评"
	KindFine               Kind = "罚款"
	KindConfiscateGains    Kind = "没收违法所得"
	KindConfiscateProperty Kind = "没收非法财物"
	KindSuspendLicence     Kind = "暂扣许可证件"
	KindRevokeLicence      Kind = "吊销许可证件"
	KindDemote             Kind = "降低资质等级"
	KindSuspendBusiness    Kind = "责令停产停业"
	KindClose              Kind = "责令关闭"
	KindRestrict           Kind = "限制开展生产经营活动"
	KindBan                Kind = "限制从业"
	KindDetention          Kind = "行政拘留"
	MeasureCorrect         Kind = "责令改正"
	MeasureDemolish        Kind = "限期拆除"
)

// IsSanction reports whether k is an administrative penalty proper (行政处罚法
// 第九条) rather than an order to put things right.
func (k Kind) IsSanction() bool {
	return k != MeasureCorrect && k != MeasureDemolish && k != ""
}

// Fine units.
const (
	UnitYuan     = "元" // Min and Max are amounts in yuan
	UnitPercent  = "%" // Min and Max are percentages of Basis
	UnitMultiple = "倍" // Min and Max are multiples of Basis
)

// Fine is the amount of a 罚款: a range in yuan, in yuan per unit
// (每平方米), a percentage or a multiple of a basis (总投资额, 违法所得).
type Fine struct {
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`               // 0 when the law states no upper bound (…以上)
	Unit    string  `json:"unit"`              // 元, 元/平方米, %, 倍; empty when the law states no amount
	Per     string  `json:"per,omitempty"`     // the unit a per-unit fine counts: 平方米, 只, 日每平方米
	Basis   string  `json:"basis,omitempty"`   // what a percentage or multiple applies to: 违法所得
	Subject string  `json:"subject,omitempty"` // who pays: 单位, 个人, 主要负责人; empty: the offender
}

// Stated reports whether the law gives an amount at all (处罚款 alone does not).
func (f *Fine) Stated() bool { return f.Unit != "" }

// Term is a duration range: the days of a 行政拘留, the months of a 暂扣.
type Term struct {
	Min  int    `json:"min"`
	Max  int    `json:"max"`
	Unit string `json:"unit"` // 日, 个月, 年
}

// Penalty is one consequence set by a penalty clause, in structure.
type Penalty struct {
	Kind      Kind   `json:"kind"`
	Text      string `json:"text"`                // the words it was read from
	Subject   string `json:"subject,omitempty"`   // 单位, 个人, 主要负责人 …; empty: the offender
	Condition string `json:"condition,omitempty"` // 逾期不改正, 拒不改正, 情节严重 …; empty: the violation itself
	Optional  bool   `json:"optional,omitempty"`  // 可以/可: the body may, not must, impose it
	Fine      *Fine  `json:"fine,omitempty"`
	Term      *Term  `json:"term,omitempty"`
	Object    string `json:"object,omitempty"` // what is confiscated, suspended or revoked
}

// Offence is one violation of a penalty clause with the consequences it
// draws. A clause can hold several (…的，处…；…的，处…), and a list-form
// clause (有下列行为之一的) one per 项.
type Offence struct {
	Lead      string    `json:"lead,omitempty"` // 违反本条例第十二条规定: the duty reference as written
	Conduct   string    `json:"conduct"`        // the violation, without the lead and the final 的
	Item      int       `json:"item,omitempty"` // 1-based 项 of a list-form clause, 0 otherwise
	Penalties []Penalty `json:"penalties"`
}

// Unparsed is a penalty-like fragment the parser could not put in
// structure, kept so the report can show it.
type Unparsed struct {
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Clause is a paragraph (款) read as a penalty clause.
type Clause struct {
	Text     string     `json:"text"`
	Enforcer string     `json:"enforcer,omitempty"` // 由…: the body that imposes
	Offences []Offence  `json:"offences"`
	Unparsed []Unparsed `json:"unparsed,omitempty"`
	// Referral is what the clause says of criminal liability (构成犯罪的，依法
	// 追究刑事责任; 对单位判处罚金): the officer refers that part to the
	// judicial organs (移送司法机关); it is no administrative penalty.
	Referral string `json:"referral,omitempty"`
	// Criminal counts the phrases of criminal sentences (有期徒刑, 拘役,
	// 罚金 …) left out of the penalties.
	Criminal int `json:"criminal,omitempty"`
}

// Parsed reports whether every penalty word of the clause was read into a
// structured penalty.
func (c *Clause) Parsed() bool {
	if len(c.Unparsed) > 0 {
		return false
	}
	for _, o := range c.Offences {
		for _, p := range o.Penalties {
			if p.Kind.IsSanction() {
				return true
			}
		}
	}
	return false
}

// Penalties lists the penalties of all offences.
func (c *Clause) Penalties() []Penalty {
	var out []Penalty
	for _, o := range c.Offences {
		out = append(out, o.Penalties...)
	}
	return out
}

// sanctionWords mark a sentence as imposing an administrative penalty;
// each one must be consumed by a recogniser or it is reported unparsed.
var sanctionWords = []string{"罚款", "警告", "通报批评", "没收", "暂扣", "吊销", "拘留", "降低资质等级",
	"停产停业", "停业整顿", "停产整顿", "停产整治", "责令停业", "责令停产", "责令关闭", "限制从业", "限制开展生产经营活动"}

// HasSanctionWord reports whether text names an administrative penalty at
// all; a cheap filter before ParseClause.
func HasSanctionWord(text string) bool {
	for _, w := range sanctionWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// ParseClause reads a paragraph and its 项 as a penalty clause. It
// returns nil when the text does not have the shape of one: a violation
// (…的) followed by a penalty (处…罚款, 给予警告, 吊销…). items are the 项
// lines of the paragraph; in a list-form clause (有下列行为之一的，…：) each
// 项 becomes an offence.
func ParseClause(text string, items []string) *Clause {
	lead := parseClauseText(text)
	if lead == nil {
		return nil
	}
	listForm := len(items) > 0 && (strings.HasSuffix(strings.TrimSpace(text), "：") ||
		strings.HasSuffix(strings.TrimSpace(text), ":"))
	c := &Clause{Text: text, Enforcer: lead.enforcer, Unparsed: lead.unparsed}
	var referral []string
	addReferral := func(p *clauseParse) {
		c.Criminal += p.criminal
		for _, r := range p.referral {
			if !slices.Contains(referral, r) {
				referral = append(referral, r)
			}
		}
		c.Referral = strings.Join(referral, "；")
	}
	addReferral(lead)
	if !listForm {
		if !lead.hasSanction() {
			return nil
		}
		c.Offences = lead.offences
		c.Unparsed = append(c.Unparsed, lead.stray...)
		return c
	}
	c.Unparsed = append(c.Unparsed, lead.stray...)
	// List form: the lead sets penalties for every 项, unless a 项 sets its own.
	var shared []Penalty
	for _, o := range lead.offences {
		shared = append(shared, o.Penalties...)
	}
	leadRef := ""
	if len(lead.offences) > 0 {
		leadRef = lead.offences[0].Lead
	}
	any := lead.hasSanction()
	for i, it := range items {
		body := stripItemMarker(it)
		p := parseClauseText(body)
		if p != nil {
			addReferral(p)
		}
		if p != nil && len(p.offences) > 0 && p.hasPenalty() {
			if p.hasSanction() {
				any = true
			}
			if c.Enforcer == "" {
				c.Enforcer = p.enforcer
			}
			for _, o := range p.offences {
				o.Item = i + 1
				if o.Lead == "" {
					o.Lead = leadRef
				}
				c.Offences = append(c.Offences, o)
			}
			c.Unparsed = append(c.Unparsed, p.unparsed...)
			c.Unparsed = append(c.Unparsed, p.stray...)
			continue
		}
		conduct := strings.TrimRight(body, "；;。，,")
		l, rest := splitLead(conduct)
		if l == "" {
			l = leadRef
		}
		c.Offences = append(c.Offences, Offence{Lead: l, Conduct: trimConduct(rest), Item: i + 1,
			Penalties: append([]Penalty(nil), shared...)})
	}
	if !any {
		return nil
	}
	return c
}

// Parse reads penalties written without a violation, as the
// penalty column of a catalogue gives them: 罚款200元, 并处吊销驾驶证,
// 可并处拘留15日以下, 处警告或者二十元罚款, 情节严重的，吊销许可证. A …的
// phrase sets the condition of the penalties after it.
func Parse(text string) ([]Penalty, []Unparsed) {
	norm := reListedSanction.ReplaceAllString(normalisePenaltyText(text), "，$1")
	var out []Penalty
	var unparsed []Unparsed
	for _, sentence := range splitSentences(norm) {
		cond, subject := "", ""
		for _, ph := range splitPhrases(sentence) {
			if strings.HasSuffix(ph, "的") {
				cond = trimConduct(ph)
				continue
			}
			body, optional := ph, false
			if act := actionPhrase(ph); act != nil {
				body, optional = act.body, act.optional
				if act.subject != "" {
					subject = act.subject
				}
			} else {
				body, optional = stripModals(ph)
			}
			found := readPenalties(body)
			for _, q := range found.penalties {
				q.Condition, q.Subject = cond, subject
				q.Optional = q.Optional || optional
				if q.Fine != nil {
					q.Fine.Subject = subject
				}
				out = append(out, q)
			}
			for _, u := range found.unparsed {
				unparsed = append(unparsed, Unparsed{Text: ph, Reason: u})
			}
		}
	}
	return out, unparsed
}

// reListedSanction finds a sanction listed after 、 (吊销驾驶证、禁驾5年) so
// that each is read as a phrase of its own.
var reListedSanction = regexp.MustCompile(`、((?:并处|可并处|吊销|暂扣|拘留|罚款|没收|警告|禁驾|终生禁驾|终身禁驾|责令)[^、，；]*)`)

// reOCROne finds the letter l scanned for the digit 1 (l万元, l倍), a known
// defect of some corpus files.
var reOCROne = regexp.MustCompile(`([^A-Za-z]|^)l([0-9.万千百元倍至])`)

// reRangeComma finds a comma inside a range (一万元以上，五万元以下).
var reRangeComma = regexp.MustCompile(`以上[，、]([0-9零〇一二两三四五六七八九十百千万])`)

// normalisePenaltyText writes a penalty text in the forms the parser
// reads: half-width digits and punctuation, no spaces, the digit 1 for the
// letter l scanned in its place, no comma inside a range.
func normalisePenaltyText(text string) string {
	norm := reOCROne.ReplaceAllString(textNormaliser.Replace(strings.TrimSpace(text)), "${1}1$2")
	return reRangeComma.ReplaceAllString(norm, "以上$1")
}

// textNormaliser writes full-width digits and ASCII punctuation the one
// way penalty texts are matched in, and drops spaces.
var textNormaliser = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9", "．", ".",
	",", "，", ";", "；", "(", "（", ")", "）", ":", "：",
	"％", "%", "～", "~",
	" ", "", "\u3000", "", "\t", "", "\u00a0", "",
)

// ParseReferral finds what a text says of criminal liability (构成犯罪的，依法
// 追究刑事责任), for a paragraph that sets no administrative penalty but
// belongs to the article's items; "" when it says nothing of it.
func ParseReferral(text string) string {
	norm := textNormaliser.Replace(strings.TrimSpace(text))
	var out []string
	for _, sentence := range splitSentences(norm) {
		phrases := splitPhrases(sentence)
		for i, ph := range phrases {
			if refersToCriminalLaw(ph) {
				if r := referralPhrase(phrases, i); !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
	}
	return strings.Join(out, "；")
}

// NormaliseText writes full-width digits and ASCII punctuation the one way
// penalty texts are matched in and drops spaces, as the parser reads them.
func NormaliseText(s string) string { return textNormaliser.Replace(s) }

// StripItemMarker removes a 项 marker (（一）, 1.) from the start of s.
func StripItemMarker(s string) string { return stripItemMarker(s) }

// String writes a penalty compactly, the way tests and logs state it:
// (condition)@subject:kind[min-max unit basis][term]{object}?, e.g.
// (情节严重的)罚款[10000-50000 元].
func (p Penalty) String() string {
	var b strings.Builder
	if p.Condition != "" {
		fmt.Fprintf(&b, "(%s)", p.Condition)
	}
	if p.Subject != "" {
		fmt.Fprintf(&b, "@%s:", p.Subject)
	}
	b.WriteString(string(p.Kind))
	if f := p.Fine; f != nil {
		if f.Stated() {
			fmt.Fprintf(&b, "[%s-%s %s", number(f.Min), number(f.Max), f.Unit)
			if f.Basis != "" {
				fmt.Fprintf(&b, " %s", f.Basis)
			}
			b.WriteString("]")
		} else {
			fmt.Fprintf(&b, "[? %s]", f.Basis)
		}
	}
	if t := p.Term; t != nil {
		fmt.Fprintf(&b, "[%d-%d%s]", t.Min, t.Max, t.Unit)
	}
	if p.Object != "" {
		fmt.Fprintf(&b, "{%s}", p.Object)
	}
	if p.Optional {
		b.WriteString("?")
	}
	return b.String()
}

// number writes a float without an exponent: 1000000, 0.5.
func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
