package corpus

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PenaltyKind names a legal consequence a penalty clause sets. The
// sanctions are the kinds of 行政处罚法 第九条; 责令改正 and 限期拆除 are
// administrative orders that usually come with them and officers look for
// them in the same place.
type PenaltyKind string

// Penalty kinds.
const (
	PenaltyWarning            PenaltyKind = "警告"
	PenaltyCriticism          PenaltyKind = "通报批评"
	PenaltyFine               PenaltyKind = "罚款"
	PenaltyConfiscateGains    PenaltyKind = "没收违法所得"
	PenaltyConfiscateProperty PenaltyKind = "没收非法财物"
	PenaltySuspendLicence     PenaltyKind = "暂扣许可证件"
	PenaltyRevokeLicence      PenaltyKind = "吊销许可证件"
	PenaltyDemote             PenaltyKind = "降低资质等级"
	PenaltySuspendBusiness    PenaltyKind = "责令停产停业"
	PenaltyClose              PenaltyKind = "责令关闭"
	PenaltyRestrict           PenaltyKind = "限制开展生产经营活动"
	PenaltyBan                PenaltyKind = "限制从业"
	PenaltyDetention          PenaltyKind = "行政拘留"
	MeasureCorrect            PenaltyKind = "责令改正"
	MeasureDemolish           PenaltyKind = "限期拆除"
)

// IsSanction reports whether k is an administrative penalty proper (行政处罚法
// 第九条) rather than an order to put things right.
func (k PenaltyKind) IsSanction() bool {
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
	Kind      PenaltyKind `json:"kind"`
	Text      string      `json:"text"`                // the words it was read from
	Subject   string      `json:"subject,omitempty"`   // 单位, 个人, 主要负责人 …; empty: the offender
	Condition string      `json:"condition,omitempty"` // 逾期不改正, 拒不改正, 情节严重 …; empty: the violation itself
	Optional  bool        `json:"optional,omitempty"`  // 可以/可: the body may, not must, impose it
	Fine      *Fine       `json:"fine,omitempty"`
	Term      *Term       `json:"term,omitempty"`
	Object    string      `json:"object,omitempty"` // what is confiscated, suspended or revoked
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

// PenaltyClause is a paragraph (款) read as a penalty clause.
type PenaltyClause struct {
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
func (c *PenaltyClause) Parsed() bool {
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
func (c *PenaltyClause) Penalties() []Penalty {
	var out []Penalty
	for _, o := range c.Offences {
		out = append(out, o.Penalties...)
	}
	return out
}

// reSanctionPhrase finds a sanction in verb form inside a phrase the
// parser did not take for an action: a sign of a missed penalty.
var reSanctionPhrase = regexp.MustCompile(`处[^，；的]{0,30}?罚款|[0-9零〇一二两三四五六七八九十百千万]元罚款|处[^，；的]{0,12}?拘留|吊销[^，；的]{0,12}?(?:证|照|许可)|暂扣[^，；的]{0,12}?(?:证|照)|给予警告|责令停产停业|责令停业整顿|没收违法所得|没收非法财物`)

// sanctionWords mark a sentence as imposing an administrative penalty;
// each one must be consumed by a recogniser or it is reported unparsed.
var sanctionWords = []string{"罚款", "警告", "通报批评", "没收", "暂扣", "吊销", "拘留", "降低资质等级",
	"停产停业", "停业整顿", "停产整顿", "停产整治", "责令停业", "责令停产", "责令关闭", "限制从业", "限制开展生产经营活动"}

// HasSanctionWord reports whether text names an administrative penalty at
// all; a cheap filter before ParsePenaltyClause.
func HasSanctionWord(text string) bool {
	for _, w := range sanctionWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// ParsePenaltyClause reads a paragraph and its 项 as a penalty clause. It
// returns nil when the text does not have the shape of one: a violation
// (…的) followed by a penalty (处…罚款, 给予警告, 吊销…). items are the 项
// lines of the paragraph; in a list-form clause (有下列行为之一的，…：) each
// 项 becomes an offence.
func ParsePenaltyClause(text string, items []string) *PenaltyClause {
	lead := parseClauseText(text)
	if lead == nil {
		return nil
	}
	listForm := len(items) > 0 && (strings.HasSuffix(strings.TrimSpace(text), "：") ||
		strings.HasSuffix(strings.TrimSpace(text), ":"))
	c := &PenaltyClause{Text: text, Enforcer: lead.enforcer, Unparsed: lead.unparsed}
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

// ParsePenalties reads penalties written without a violation, as the
// penalty column of a catalogue gives them: 罚款200元, 并处吊销驾驶证,
// 可并处拘留15日以下, 处警告或者二十元罚款, 情节严重的，吊销许可证. A …的
// phrase sets the condition of the penalties after it.
func ParsePenalties(text string) ([]Penalty, []Unparsed) {
	norm := reOCROne.ReplaceAllString(textNormaliser.Replace(strings.TrimSpace(text)), "${1}1$2")
	norm = reRangeComma.ReplaceAllString(norm, "以上$1")
	norm = reListedSanction.ReplaceAllString(norm, "，$1")
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

// clauseParse is the reading of one text (a paragraph or a 项).
type clauseParse struct {
	enforcer string
	offences []Offence
	unparsed []Unparsed // sanction words in action phrases that were not read
	stray    []Unparsed // sanction words outside the clause shape; reported only inside a clause
	referral []string   // phrases on criminal liability, with their 构成犯罪的 condition
	criminal int        // phrases of criminal sentences, not read as penalties
}

// reCriminalPenalty finds a penalty only a court imposes under the
// criminal law (刑法 第三十三、三十四条): such a phrase is no administrative
// penalty, whatever administrative words (没收财产) follow it in the sentence.
var reCriminalPenalty = regexp.MustCompile(`有期徒刑|无期徒刑|拘役|死刑|罚金|剥夺政治权利|判处`)

// reCriminalLiability finds a phrase that sends a case to the criminal
// law: the officer refers it (移送司法机关) rather than penalising it.
var reCriminalLiability = regexp.MustCompile(`刑事责任|移送司法机关`)

// refersToCriminalLaw reports whether a phrase sends the case on to the
// criminal law; 不追究刑事责任的 and 尚不够刑事处罚的 are conditions of an
// administrative penalty instead.
func refersToCriminalLaw(ph string) bool {
	return reCriminalLiability.MatchString(ph) && !strings.HasSuffix(ph, "的") &&
		!strings.Contains(ph, "不追究") && !strings.Contains(ph, "免予") && !strings.Contains(ph, "免除")
}

// referralPhrase is phrase i of a sentence on criminal liability, with the
// 构成犯罪的 condition before it.
func referralPhrase(phrases []string, i int) string {
	ph := phrases[i]
	if i > 0 && strings.HasSuffix(phrases[i-1], "的") && strings.Contains(phrases[i-1], "犯罪") {
		ph = phrases[i-1] + "，" + ph
	}
	return ph
}

func (p *clauseParse) hasSanction() bool {
	for _, o := range p.offences {
		for _, q := range o.Penalties {
			if q.Kind.IsSanction() {
				return true
			}
		}
	}
	return len(p.unparsed) > 0
}

func (p *clauseParse) hasPenalty() bool {
	for _, o := range p.offences {
		if len(o.Penalties) > 0 {
			return true
		}
	}
	return len(p.unparsed) > 0
}

// reOCROne finds the letter l scanned for the digit 1 (l万元, l倍), a known
// defect of some corpus files.
// reGluedAction finds a condition glued to its penalty without a comma
// (情节严重的可处以…).
var reGluedAction = regexp.MustCompile(`的((?:可以|可|应当|并)?(?:处以|处[0-9零〇一二两三四五六七八九十百千万每]|给予|责令|吊销|没收|暂扣))`)

// reRangeComma finds a comma inside a range (一万元以上，五万元以下).
var reRangeComma = regexp.MustCompile(`以上[，、]([0-9零〇一二两三四五六七八九十百千万])`)

var reOCROne = regexp.MustCompile(`([^A-Za-z]|^)l([0-9.万千百元倍至])`)

var textNormaliser = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9", "．", ".",
	",", "，", ";", "；", "(", "（", ")", "）", ":", "：",
	"％", "%", "～", "~",
	" ", "", "\u3000", "", "\t", "", "\u00a0", "",
)

// parseClauseText reads one text into offences. It returns nil when the
// text has no conditional shape (…的，…) at all.
func parseClauseText(text string) *clauseParse {
	norm := reOCROne.ReplaceAllString(textNormaliser.Replace(strings.TrimSpace(text)), "${1}1$2")
	norm = reRangeComma.ReplaceAllString(norm, "以上$1")
	norm = reGluedAction.ReplaceAllString(norm, "的，$1")
	if norm == "" {
		return nil
	}
	if !strings.Contains(norm, "的") {
		return nil
	}
	p := &clauseParse{}
	cur := -1 // index of the current offence in p.offences
	newOffence := func(text string) {
		lead, conduct := splitLead(text)
		p.offences = append(p.offences, Offence{Lead: lead, Conduct: trimConduct(conduct)})
		cur = len(p.offences) - 1
	}
	for _, sentence := range splitSentences(norm) {
		phrases := splitPhrases(sentence)
		cond := ""
		subject := ""
		part := ""           // 对违反本条第一款规定的行为，…: the part of the violation the next penalties punish
		var pending []string // non-action phrases not yet assigned
		// flush assigns the pending phrases: up to the last …的 they are a
		// violation or a condition; after it, words that impose nothing we
		// read (限期修复…, 依法赔偿损失).
		flush := func() {
			if len(pending) == 0 {
				return
			}
			k := -1
			for i, ph := range pending {
				if strings.HasSuffix(ph, "的") {
					k = i
				}
			}
			if k < 0 {
				// No …的: a violation written without it (有下列行为之一，由…),
				// or filler after a penalty.
				if cur < 0 {
					newOffence(strings.Join(pending, "，"))
				} else if len(p.offences[cur].Penalties) == 0 {
					p.offences[cur].Conduct = trimConduct(p.offences[cur].Conduct + "，" + strings.Join(pending, "，"))
				} else {
					p.checkFiller(pending)
				}
				pending = nil
				return
			}
			joined := strings.Join(pending[:k+1], "，")
			p.checkFiller(pending[k+1:])
			pending = nil
			switch {
			case cur < 0:
				newOffence(joined)
				cond = ""
			case len(p.offences[cur].Penalties) == 0 && !isCondition(joined):
				// More words of the same violation before any penalty.
				p.offences[cur].Conduct = trimConduct(p.offences[cur].Conduct + "，" + joined)
			case isCondition(joined):
				cond = trimConduct(joined)
				part = ""
			default:
				newOffence(joined)
				cond = ""
				subject = ""
			}
		}
		criminal := false // the sentence imposes a criminal penalty: so does the rest of it
		for i, ph := range phrases {
			if refersToCriminalLaw(ph) {
				// 依法追究刑事责任: neither a violation nor a penalty.
				p.referral = append(p.referral, referralPhrase(phrases, i))
				continue
			}
			act := actionPhrase(ph)
			if act != nil && (criminal || reCriminalPenalty.MatchString(ph)) {
				// 处五年以上十年以下有期徒刑，并处没收财产; 对单位判处罚金.
				flush()
				criminal = true
				p.criminal++
				if !refersToCriminalLaw(ph) {
					p.referral = append(p.referral, ph)
				}
				continue
			}
			if act == nil {
				// 对法定代表人…，依法给予处分，并处…: the subject stands alone.
				if subj, ok := subjectPhrase(ph); ok && cur >= 0 && len(p.offences[cur].Penalties) > 0 {
					flush()
					if strings.HasSuffix(subj, "的行为") {
						part = strings.TrimSuffix(subj, "的行为") + "的行为"
					} else {
						subject = subj
					}
					continue
				}
				pending = append(pending, ph)
				continue
			}
			flush()
			if cur < 0 {
				// A penalty with no violation before it (处…罚款 alone): not a clause.
				p.collectUnmatched(ph)
				continue
			}
			if act.enforcer != "" && p.enforcer == "" {
				p.enforcer = act.enforcer
			}
			if act.subject != "" {
				subject = act.subject
			}
			found := readPenalties(act.body)
			for i := range found.penalties {
				q := &found.penalties[i]
				if q.Kind == PenaltyConfiscateProperty && q.Object == "" && strings.Contains(cond, "违法所得") {
					q.Kind, q.Object = PenaltyConfiscateGains, "违法所得" // 有违法所得的，予以没收
				}
				q.Subject = subject
				q.Condition = joinCondition(cond, firstNonEmpty(act.cond, part))
				if act.optional {
					q.Optional = true
				}
				if q.Fine != nil {
					q.Fine.Subject = subject
				}
			}
			p.offences[cur].Penalties = append(p.offences[cur].Penalties, found.penalties...)
			for _, u := range found.unparsed {
				p.unparsed = append(p.unparsed, Unparsed{Text: ph, Reason: u})
			}
		}
		// Trailing non-action phrases: a violation whose penalty follows in
		// the 项, or words after the last penalty.
		if len(pending) > 0 {
			joined := strings.Join(pending, "，")
			if cur < 0 {
				newOffence(joined)
			} else if len(p.offences[cur].Penalties) == 0 {
				p.offences[cur].Conduct = trimConduct(p.offences[cur].Conduct + "，" + joined)
			} else if !isCondition(joined) {
				p.checkFiller(pending)
			}
		}
	}
	// Offences that drew nothing are not offences of this clause (构成犯罪的，依法追究刑事责任).
	kept := p.offences[:0]
	for _, o := range p.offences {
		if len(o.Penalties) > 0 || len(p.offences) == 1 {
			kept = append(kept, o)
		}
	}
	p.offences = kept
	return p
}

// checkFiller reports a sanction in verb form inside phrases the parser
// took for filler: a penalty it would otherwise lose without a word.
func (p *clauseParse) checkFiller(phrases []string) {
	for _, ph := range phrases {
		if m := reSanctionPhrase.FindStringIndex(ph); m != nil && !strings.HasSuffix(ph[:m[0]], "被") && !strings.HasSuffix(ph, "的") {
			p.stray = append(p.stray, Unparsed{Text: ph, Reason: ph[m[0]:m[1]] + ": no penalty verb"})
		}
	}
}

func (p *clauseParse) collectUnmatched(ph string) {
	for _, w := range sanctionWords {
		if strings.Contains(ph, w) {
			p.stray = append(p.stray, Unparsed{Text: ph, Reason: "penalty without a violation before it"})
			return
		}
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// joinCondition combines the condition of a sentence with the one an
// action phrase adds.
func joinCondition(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "，" + b
}

// splitSentences cuts at ； and 。 and ： but not inside 《》 or （）.
func splitSentences(s string) []string {
	return splitOutside(s, "；。：")
}

// splitPhrases cuts a sentence at ， and before 、对 (对单位处…、对个人处…).
func splitPhrases(s string) []string {
	return splitOutside(strings.ReplaceAll(s, "、对", "，对"), "，")
}

func splitOutside(s, seps string) []string {
	var out []string
	depth := 0
	start := 0
	for i, r := range s {
		switch r {
		case '《', '（', '“', '「':
			depth++
		case '》', '）', '”', '」':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 && strings.ContainsRune(seps, r) {
				if part := strings.TrimSpace(s[start:i]); part != "" {
					out = append(out, part)
				}
				start = i + utf8.RuneLen(r)
			}
		}
	}
	if part := strings.TrimSpace(s[start:]); part != "" {
		out = append(out, part)
	}
	return out
}

// conditionMarks are words that make a …的 phrase after a penalty a
// condition on further penalties rather than a new violation.
var conditionMarks = []string{"逾期", "拒不", "情节", "后果", "违法所得", "货值", "金额", "再次", "多次", "屡次",
	"警告后", "仍不", "仍未", "拒绝", "不足", "超过", "无法计算", "偏低", "构成犯罪", "次以上", "期满", "危害",
	"影响", "损失", "严重", "较重", "轻微", "事故", "不改正", "未改正", "不改的", "再犯", "二年内", "两年内",
	"一年内", "三年内", "以上的", "以下的", "累计", "没有", "无违法", "不停止", "未停止", "继续", "为个人", "为单位"}

func isCondition(s string) bool {
	if strings.HasPrefix(s, "有") && !strings.Contains(s, "下列") && !strings.Contains(s, "行为") {
		return true // 有违法所得的, 有许可证件的
	}
	for _, m := range conditionMarks {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

var (
	reLead = regexp.MustCompile(`^(?:[^，]{0,30}?)?违反(?:本规定|本|前|该|第|《)[^，]*?规定(?:之一)?(?:的)?(?:，|$)?`)
	// reLeadPlain is a lead that names no article: 违反本规定，….
	reLeadPlain = regexp.MustCompile(`^(?:[^，]{0,30}?)?违反本(?:规定|办法|条例|细则|法|决定)(?:的)?(?:，|$)`)
)

// splitLead separates 违反本条例第十二条规定 from the conduct after it.
func splitLead(s string) (lead, conduct string) {
	m := reLead.FindStringIndex(s)
	if m == nil {
		m = reLeadPlain.FindStringIndex(s)
	}
	if m != nil {
		lead = strings.TrimSuffix(strings.TrimSuffix(s[m[0]:m[1]], "，"), "的")
		// 违反本条第一款规定设置户外设施: the conduct follows 规定 directly.
		return lead, strings.TrimPrefix(s[m[1]:], "，")
	}
	// 违反本条例第十二条，… without 规定, or a lead inside the conduct.
	if strings.HasPrefix(s, "违反") {
		if i := strings.Index(s, "，"); i > 0 && strings.Contains(s[:i], "第") {
			return s[:i], s[i+len("，"):]
		}
	}
	return "", s
}

// trimConduct drops the final 的 and stray punctuation of a violation.
func trimConduct(s string) string {
	s = strings.Trim(s, "，；。： ")
	s = strings.TrimPrefix(s, "其中，")
	s = strings.TrimSuffix(s, "的")
	return strings.Trim(s, "，；。： ")
}

var reItemMarker = regexp.MustCompile(`^\s*(?:[（(][一二三四五六七八九十百零〇0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+[.、．])\s*`)

func stripItemMarker(s string) string {
	return reItemMarker.ReplaceAllString(s, "")
}

// action is a phrase that imposes something: who imposes (由…), on whom
// (对…), whether it is optional (可以), and the rest.
type action struct {
	enforcer string
	subject  string
	cond     string // 对违反本条第一款规定的行为，处…: the part of the violation it applies to
	optional bool
	body     string
}

// penaltyHeads start the body of an action phrase. Bare nouns (罚款,
// 拘留, 警告) count only in the forms reHeadNoun allows, so that 拘留所…
// and 罚款不因… stay procedure.
var penaltyHeads = []string{"处以", "处", "并处", "给予", "予以", "责令", "没收", "吊销", "暂扣", "通报批评",
	"降低", "限期拆除", "限制", "暂停", "禁止", "收缴", "扣留", "追缴", "取消", "撤销", "每"}

var (
	reHeadNoun   = regexp.MustCompile(`^(?:罚款(?:[0-9零〇一二两三四五六七八九十百千万]|人民币)|拘留[0-9零〇一二三四五六七八九十]|警告$|警告(?:或者|或|并|、|和)|[0-9一二三四五六七八九十]+年内不得(?:从事|担任))`)
	reModal      = regexp.MustCompile(`^(?:并且|并|还可以|也可以|可以|可|还|也|或者|或|以及|同时|另|应当|一律|依法|分别|均|再|直至|必要时|酌情|单处或者并处|单处或并处|单处|视情节轻重|根据情节轻重|根据情节|根据情况|按照情节轻重)`)
	reBy         = regexp.MustCompile(`^(?:按照|按|依照|依据|根据|视|以)[^，；]{0,40}?((?:可以|并|可)*(?:处以|并处|处|给予|予以|责令|没收|吊销|暂扣)(?:[^理分置罚]|罚款))`)
	reNumberHead = regexp.MustCompile(`^[0-9零〇一二两三四五六七八九十百千万]+[^，；]*?(?:罚款|拘留)$`)
	reReport     = regexp.MustCompile(`^(?:报请|提请|报经|报)[^，]{0,30}?(?:批准|同意|按照[^，]{0,16}?权限)`)
	reBodyAction = regexp.MustCompile(`^([^，的]{2,30}?(?:部门|机关|政府|局|委员会|办公室|机构|海关|管委会|管理处|中心|站|所|运营单位|经营单位|管理单位))((?:可以|并可以|还可以|应当|应|可|并|依法|一律)*(?:对[^，]{1,20}?)?(?:处|给予|予以|责令|没收|吊销|暂扣|按照|根据|依照))`)
)

// stripModals drops connectors and modal words before a verb, and says
// whether one of them made the penalty optional.
func stripModals(s string) (string, bool) {
	optional := false
	for {
		m := reModal.FindString(s)
		if m == "" {
			return s, optional
		}
		if strings.Contains(m, "可") {
			optional = true
		}
		s = s[len(m):]
	}
}

// actionPhrase reads a phrase that starts with an imposing verb, possibly
// after 由<body> and 对<subject>. It returns nil for other phrases.
func actionPhrase(ph string) *action {
	if strings.HasSuffix(ph, "的") {
		return nil // …的: a violation or a condition
	}
	if strings.Contains(ph, "不得") && !reBan.MatchString(ph) {
		return nil // 不得给予两次以上罚款: a rule about penalties, not one
	}
	a := &action{}
	s, opt := stripModals(ph)
	a.optional = opt
	if strings.HasPrefix(s, "由") {
		rest := s[len("由"):]
		j := verbIndex(rest)
		if k := strings.Index(rest, "对"); k > 0 && (j < 0 || k < j) && !strings.HasPrefix(rest[k:], "对外") {
			j = k // 由海事管理机构对船长处…
		}
		if j <= 0 {
			return nil
		}
		a.enforcer = rest[:j]
		s = rest[j:]
	} else if m := reBodyAction.FindStringSubmatchIndex(s); m != nil {
		// 市民政部门可以处…, 登记机关可以对该企业处以…: a body named without 由.
		a.enforcer = s[m[2]:m[3]]
		s = s[m[3]:]
	}
	s, opt = stripModals(s)
	a.optional = a.optional || opt
	if m := reReport.FindString(s); m != "" {
		s = s[len(m):]
		s, _ = stripModals(s)
	}
	if strings.HasPrefix(s, "对") && !strings.HasPrefix(s, "对外") {
		rest := s[len("对"):]
		j := verbIndex(rest)
		if j <= 0 {
			return nil
		}
		if subj := rest[:j]; strings.HasSuffix(subj, "的行为") || strings.HasSuffix(subj, "行为的") {
			a.cond = strings.TrimSuffix(subj, "的")
		} else if !reNotSubject.MatchString(subj) {
			a.subject = normaliseSubject(subj)
		}
		s = rest[j:]
		s, opt = stripModals(s)
		a.optional = a.optional || opt
	}
	for _, h := range penaltyHeads {
		if strings.HasPrefix(s, h) {
			a.body = s
			return a
		}
	}
	if reHeadNoun.MatchString(s) || reNumberHead.MatchString(s) {
		a.body = s
		return a
	}
	// 按照下列规定处以罚款, 按照职责分工处以…, 按该设施价值处以…: the measure, then the verb.
	if m := reBy.FindStringSubmatchIndex(s); m != nil {
		rest, opt := stripModals(s[m[2]:])
		for _, h := range penaltyHeads {
			if strings.HasPrefix(rest, h) {
				a.body = s
				a.optional = a.optional || opt
				return a
			}
		}
	}
	return nil
}

// reNotSubject finds words that cannot be in the name of whom a penalty
// falls on: 对拒不服从的人员强行带离现场或者立即予以拘留 names an act, not a person.
var reNotSubject = regexp.MustCompile(`强行|带离|立即|责令|没收|扣押`)

// subjectPhrase reads a phrase that names only whom the next penalties
// fall on: 对直接负责的主管人员和其他直接责任人员.
func subjectPhrase(ph string) (string, bool) {
	s, _ := stripModals(ph)
	if !strings.HasPrefix(s, "对") || strings.HasPrefix(s, "对外") || strings.HasSuffix(s, "的") {
		return "", false
	}
	rest := s[len("对"):]
	if verbIndex(rest) >= 0 || utf8.RuneCountInString(rest) > 40 {
		return "", false
	}
	return normaliseSubject(rest), true
}

// verbIndex finds where the body of 由… or the subject of 对… ends: at the
// first imposing verb. 办事处, 处理 and 许可证 are not verbs.
func verbIndex(s string) int {
	best := -1
	for _, v := range []string{"责令", "处以", "处", "给予", "予以", "没收", "吊销", "暂扣", "依法", "依照", "按照",
		"可以", "可处", "可并", "可对", "可责令", "可给予", "可予以", "可没收", "可吊销", "并处", "并", "决定", "收缴", "扣留",
		"强制", "罚款", "限期", "作出", "分别", "应当", "一律", "有权", "报请", "提请", "报经", "视情节", "根据",
		"降低", "取消", "撤销", "暂停", "单处", "依据"} {
		from := 0
		for {
			i := strings.Index(s[from:], v)
			if i < 0 {
				break
			}
			i += from
			if v == "处" && (strings.HasPrefix(s[i:], "处理") || strings.HasPrefix(s[i:], "处分") || strings.HasPrefix(s[i:], "处置") ||
				strings.HasSuffix(s[:i], "事") || strings.HasSuffix(s[:i], "管理")) {
				from = i + len(v)
				continue
			}
			if v == "并" && (strings.HasPrefix(s[i:], "并处") == false && !strings.HasPrefix(s[i:], "并可") && !strings.HasPrefix(s[i:], "并责令") && !strings.HasPrefix(s[i:], "并给予") && !strings.HasPrefix(s[i:], "并予以")) {
				from = i + len(v)
				continue
			}
			if best < 0 || i < best {
				best = i
			}
			break
		}
	}
	return best
}

// normaliseSubject reduces 对…处 to 单位 or 个人 where it says just that.
func normaliseSubject(s string) string {
	if !strings.HasPrefix(s, "其他") {
		s = strings.TrimPrefix(s, "其")
	}
	s = strings.TrimPrefix(s, "违法")
	switch {
	case s == "单位" || s == "违法单位" || s == "有关单位" || s == "责任单位" || s == "建设单位" && false:
		return "单位"
	case s == "个人" || s == "违法个人" || s == "责任人":
		return "个人"
	}
	return s
}

// found is what readPenalties recognised in one action body.
type found struct {
	penalties []Penalty
	unparsed  []string
}

var (
	reNum           = `(?:[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+)`
	reMoneyEnd      = regexp.MustCompile(`^(` + reNum + `)(万元|亿元|元|万|倍|%|)$`)
	reTerm          = regexp.MustCompile(`(` + reNum + `)(日|天|个月|年)?(?:(?:以上|至|到|—|-)(` + reNum + `)(日|天|个月|年))?(以下|以内)?`)
	reLicence       = regexp.MustCompile(`证|照|许可|资格|资质|牌`)
	reSuspendNoun   = regexp.MustCompile(`^(?:凭证|手续|期限|期间|的|后|决定)`)
	reDetentionNoun = regexp.MustCompile(`^(?:所|证|人|期|决定|通知|审查|措施|的|处罚决定)`)
	reDemote        = regexp.MustCompile(`降低[^，；]{0,10}资质等级`)
	reSuspend       = regexp.MustCompile(`(?:责令(?:其)?)?(停产停业|停业整顿|停产整顿|停产整治|停止生产经营|停止营业|停止经营|停业|停产)`)
	reClose         = regexp.MustCompile(`责令(?:其)?关闭|予以关闭|责令[^，；]{0,6}关闭`)
	reBan           = regexp.MustCompile(`限制从业|禁止[^，；]{0,12}从事|[0-9一二三四五六七八九十]+年内不得(?:从事|担任|申请)|终生禁驾|终身禁驾|禁驾`)
)

// reDiscipline follows 警告 in a disciplinary sanction (政务处分).
var reDiscipline = regexp.MustCompile(`^(?:、记过|或者记过|、记大过|直至开除|处分|[^，；]{0,12}处分)`)

// simpleSanctions are read by their words alone.
var simpleSanctions = []struct {
	re   *regexp.Regexp
	kind PenaltyKind
}{
	{regexp.MustCompile(`通报批评`), PenaltyCriticism},
	{reDemote, PenaltyDemote},
	{reClose, PenaltyClose},
	{regexp.MustCompile(`限制开展生产经营活动|限制生产`), PenaltyRestrict},
	{regexp.MustCompile(`暂停[^，；、]{0,12}?(?:业务|营业|经营|生产)|停止[^，；、]{0,8}?业务`), PenaltySuspendBusiness},
	{regexp.MustCompile(`(?:暂停|停止)[^，；、]{0,10}?执业`), PenaltyBan},
	{reBan, PenaltyBan},
	{regexp.MustCompile(`(?:撤销|取消)[^，；。]{0,20}?(?:资格|许可证?|执照|资质证书|资质|登记证书?)`), PenaltyRevokeLicence},
	{regexp.MustCompile(`暂停[^，；。]{0,20}?(?:资格|许可证?|执照|资质)`), PenaltySuspendLicence},
}

// readPenalties recognises the penalties in an action body and reports
// sanction words it could not read.
func readPenalties(body string) (f found) {
	var pos []int // where each penalty was read, to keep the order of the text
	add := func(at int, p Penalty) {
		f.penalties = append(f.penalties, p)
		pos = append(pos, at)
	}
	defer func() {
		idx := make([]int, len(pos))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool { return pos[idx[a]] < pos[idx[b]] })
		sorted := make([]Penalty, len(idx))
		for k, j := range idx {
			sorted[k] = f.penalties[j]
		}
		f.penalties = sorted
	}()
	used := make([]bool, len(body))
	mark := func(i, j int) {
		for k := i; k < j && k < len(used); k++ {
			used[k] = true
		}
	}

	// 罚款: each occurrence with the amount expression before it (or after).
	for from := 0; ; {
		i := strings.Index(body[from:], "罚款")
		if i < 0 {
			break
		}
		i += from
		from = i + len("罚款")
		if strings.HasPrefix(body[i+len("罚款"):], "数额") || strings.HasPrefix(body[i+len("罚款"):], "金额") || strings.HasPrefix(body[i+len("罚款"):], "额") ||
			strings.HasPrefix(body[i+len("罚款"):], "决定") || reNotImposed.MatchString(body[:i]) {
			// 单位罚款数额, 加处罚款 (a means of execution), 罚款决定: not a fine imposed here.
			mark(i, i+len("罚款"))
			continue
		}
		if reListPointer.MatchString(body[:i]) {
			// 按下列规定处以罚款: the amounts are in the 项.
			mark(i, i+len("罚款"))
			continue
		}
		if m := reReferral.FindStringSubmatchIndex(body[:i]); m != nil {
			// 按照本条第二款的规定处以罚款: the amount is set elsewhere.
			mark(m[0], i+len("罚款"))
			add(m[0], Penalty{Kind: PenaltyFine, Text: body[m[0] : i+len("罚款")],
				Fine: &Fine{Basis: body[m[0]:m[3]] + "规定"}})
			continue
		}
		fine, start, end, ok := readFine(body, i)
		if !ok {
			f.unparsed = append(f.unparsed, "罚款: amount not recognised: "+body[start:end])
			mark(start, end)
			continue
		}
		mark(start, end)
		add(start, Penalty{Kind: PenaltyFine, Text: body[start:end], Fine: fine})
	}

	// 拘留 (行政拘留).
	for from := 0; ; {
		i := strings.Index(body[from:], "拘留")
		if i < 0 {
			break
		}
		i += from
		from = i + len("拘留")
		if strings.HasSuffix(body[:i], "被") || strings.HasSuffix(body[:i], "引渡") || reDetentionNoun.MatchString(body[from:]) {
			mark(i, from) // 被拘留人, 拘留所, 引渡拘留: not a penalty
			continue
		}
		start := lastHead(body[:i])
		expr := body[start:i]
		expr = strings.TrimPrefix(strings.TrimSuffix(expr, "的"), "行政")
		expr = strings.TrimSuffix(expr, "行政")
		expr = strings.TrimSuffix(expr, "的")
		end := i + len("拘留")
		var term *Term
		if m := reTerm.FindStringSubmatch(expr); m != nil {
			term = termOf(m)
		} else if m := reTerm.FindStringSubmatchIndex(body[end:]); m != nil && m[0] == 0 {
			term = termOf(submatches(body[end:], m))
			end += m[1]
		}
		if term == nil && expr != "" && expr != "行政" {
			f.unparsed = append(f.unparsed, "拘留: term not recognised: "+body[start:end])
			mark(start, end)
			continue
		}
		mark(start, end)
		add(start, Penalty{Kind: PenaltyDetention, Text: body[start:end], Term: term})
	}

	// 没收.
	for from := 0; ; {
		i := strings.Index(body[from:], "没收")
		if i < 0 {
			break
		}
		i += from
		from = i + len("没收")
		if strings.HasSuffix(body[:i], "被") || strings.HasPrefix(body[from:], "的") {
			mark(i, from) // 依法没收的违法所得: what was confiscated, not a penalty
			continue
		}
		end := phraseEnd(body, from)
		obj := body[from:end]
		mark(i, end)
		obj = strings.TrimPrefix(obj, "其")
		if k := strings.Index(obj, "、没收"); k >= 0 {
			end = from + k // 没收A、没收B: B is read on its own
			obj = obj[:k]
		}
		if obj == "" && strings.Contains(body[:i], "违法所得") {
			obj = "违法所得" // 有违法所得的，予以没收
		}
		if strings.Contains(obj, "违法所得") {
			add(i, Penalty{Kind: PenaltyConfiscateGains, Text: body[i:end], Object: "违法所得"})
			rest := obj
			for _, sep := range []string{"违法所得和", "违法所得、", "违法所得及", "违法所得以及", "违法所得或者", "违法所得", "和", "、", "及", "以及", "并"} {
				rest = strings.Replace(rest, sep, "", 1)
				if sep == "违法所得" {
					break
				}
			}
			rest = strings.Trim(rest, "、和及并，的")
			if rest != "" {
				add(i+1, Penalty{Kind: PenaltyConfiscateProperty, Text: body[i:end], Object: rest})
			}
			continue
		}
		add(i, Penalty{Kind: PenaltyConfiscateProperty, Text: body[i:end], Object: strings.TrimSuffix(obj, "的")})
	}

	// 暂扣 and 吊销 (暂扣或者吊销许可证: both, on the same object).
	for _, verb := range []string{"暂扣", "吊销"} {
		for from := 0; ; {
			i := strings.Index(body[from:], verb)
			if i < 0 {
				break
			}
			i += from
			from = i + len(verb)
			if strings.HasSuffix(body[:i], "被") || reSuspendNoun.MatchString(body[from:]) {
				mark(i, from) // 暂扣凭证, 被吊销: not a penalty
				continue
			}
			if verb == "暂扣" && !reLicence.MatchString(body[from:phraseEnd(body, from)]) {
				mark(i, from) // 暂扣设备、物品: a coercive measure on goods, not a licence suspended
				continue
			}
			end := phraseEnd(body, from)
			obj := body[from:end]
			var term *Term
			if m := reTerm.FindStringSubmatchIndex(obj); m != nil && m[0] == 0 {
				term = termOf(submatches(obj, m))
				obj = obj[m[1]:]
			}
			if k := strings.Index(obj, "或者吊销"); k >= 0 && verb == "暂扣" {
				obj = obj[k+len("或者吊销"):]
			} else if k := strings.Index(obj, "或者"); k >= 0 && verb == "暂扣" && strings.Contains(obj[k:], "吊销") {
				obj = obj[:k]
			}
			obj = strings.TrimPrefix(obj, "其")
			if m := reTerm.FindStringSubmatchIndex(obj); m != nil && m[1] == len(obj) && term == nil && m[0] > 0 {
				term = termOf(submatches(obj, m))
				obj = obj[:m[0]]
			}
			obj = strings.Trim(obj, "的，、")
			kind := PenaltySuspendLicence
			if verb == "吊销" {
				kind = PenaltyRevokeLicence
			}
			mark(i, end)
			add(i, Penalty{Kind: kind, Text: body[i:end], Term: term, Object: obj})
		}
	}

	for _, s := range simpleSanctions {
		for _, m := range s.re.FindAllStringIndex(body, -1) {
			if used[m[0]] {
				continue
			}
			mark(m[0], m[1])
			q := Penalty{Kind: s.kind, Text: body[m[0]:m[1]]}
			if s.kind == PenaltyBan || s.kind == PenaltySuspendBusiness {
				termAround(body, m, &q)
			}
			add(m[0], q)
		}
	}
	for _, m := range reSuspend.FindAllStringIndex(body, -1) {
		if used[m[0]] {
			continue
		}
		w := body[m[0]:m[1]]
		if strings.HasSuffix(body[:m[0]], "被") || (strings.HasPrefix(body[m[1]:], "的") && !strings.HasPrefix(body[m[1]:], "的处罚")) {
			continue
		}
		mark(m[0], m[1])
		q := Penalty{Kind: PenaltySuspendBusiness, Text: w}
		termAround(body, m, &q)
		add(m[0], q)
	}
	// 警告, but not 警告标志 or 警告后.
	for from := 0; ; {
		i := strings.Index(body[from:], "警告")
		if i < 0 {
			break
		}
		i += from
		from = i + len("警告")
		after := body[from:]
		if strings.HasPrefix(after, "标") || strings.HasPrefix(after, "后") || strings.HasPrefix(after, "牌") || strings.HasPrefix(after, "装置") ||
			reDiscipline.MatchString(after) {
			// 警告标志, 警告后; 警告、记过…处分 is discipline of staff, not an administrative penalty.
			mark(i, from)
			continue
		}
		mark(i, from)
		add(i, Penalty{Kind: PenaltyWarning, Text: "警告"})
	}
	// Orders: 责令改正, 责令限期拆除, 责令停止违法行为 …
	for from := 0; ; {
		i := strings.Index(body[from:], "责令")
		if i < 0 {
			break
		}
		i += from
		from = i + len("责令")
		if used[i] {
			continue
		}
		end := phraseEnd(body, from)
		w := body[i:end]
		if k := strings.Index(w, "，"); k >= 0 {
			w = w[:k]
		}
		if strings.Contains(w, "处分") {
			mark(i, i+len(w)) // 责令给予…处分: discipline of staff, no order to the offender
			continue
		}
		if j := i + len("责令") + len(commonPrefix(body[i+len("责令"):], "其")); j < len(used) && used[j] {
			continue // 责令其停止执业: the sanction after it is read already
		}
		kind := MeasureCorrect
		switch {
		case strings.Contains(w, "拆除"):
			kind = MeasureDemolish
		case strings.Contains(w, "执业") && (strings.Contains(w, "停止") || strings.Contains(w, "暂停")):
			kind = PenaltyBan // 责令其停止执业活动
		}
		mark(i, i+len(w))
		add(i, Penalty{Kind: kind, Text: w})
	}
	if strings.HasPrefix(body, "限期拆除") || strings.HasPrefix(body, "并限期拆除") {
		add(0, Penalty{Kind: MeasureDemolish, Text: "限期拆除"})
	}

	// Every sanction word must have been read.
	for _, w := range sanctionWords {
		for from := 0; ; {
			i := strings.Index(body[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w)
			if !used[i] {
				f.unparsed = append(f.unparsed, w+": not recognised")
				mark(i, from)
			}
		}
	}
	return f
}

// commonPrefix returns p when s starts with it, else "".
func commonPrefix(s, p string) string {
	if strings.HasPrefix(s, p) {
		return p
	}
	return ""
}

// termAround reads the term of a suspension or ban written before it
// (给予一个月以上三个月以下停业整顿) or after it (停止执业六个月以上一年以下).
func termAround(body string, m []int, q *Penalty) {
	if t := reTerm.FindAllStringSubmatchIndex(body[:m[0]], -1); len(t) > 0 && t[len(t)-1][1] == m[0] {
		last := t[len(t)-1]
		if term := termOf(submatches(body[:m[0]], last)); term != nil {
			q.Term = term
			q.Text = body[last[0]:m[1]]
			return
		}
	}
	if t := reTerm.FindStringSubmatchIndex(body[m[1]:]); t != nil && t[0] == 0 {
		if term := termOf(submatches(body[m[1]:], t)); term != nil {
			q.Term = term
			q.Text = body[m[0] : m[1]+t[1]]
		}
	}
}

// phraseEnd is where the object of a verb ends: at the next verb-like
// connector or the end of the body.
func phraseEnd(body string, from int) int {
	end := len(body)
	for _, sep := range []string{"，", "；", "并处", "处以", "并可", "可以", "或者处", "或者禁止", "或者责令", "或者没收", "直至", "并责令", "责令", "罚款", "暂扣", "吊销"} {
		if i := strings.Index(body[from:], sep); i >= 0 && from+i < end {
			if (sep == "暂扣" || sep == "吊销") && i <= len("或者") {
				continue
			}
			if sep == "吊销" && strings.HasSuffix(body[from:from+i], "或者") {
				// 暂扣或者吊销: the same object follows.
				continue
			}
			end = from + i
		}
	}
	return end
}

// reParenthetical is a remark in brackets inside an amount (货值金额（包括已售出的，下同）).
var reParenthetical = regexp.MustCompile(`（[^（）]*）`)

// maskParens blanks what is inside （） byte for byte, so that separators
// in a remark are not taken for the start of an amount.
func maskParens(s string) string {
	b := []byte(s)
	depth := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '（':
			depth++
		case r == '）' && depth > 0:
			depth--
		case depth > 0:
			for k := i; k < i+size; k++ {
				b[k] = 'x'
			}
		}
		i += size
	}
	return string(b)
}

// lastHead finds where an amount expression before a penalty noun starts:
// after the last 处 / 并处 / 或者 / 、 before it.
func lastHead(s string) int {
	best := 0
	for _, h := range []string{"处以", "处", "或者", "或", "、", "和", "并", "给予", "予以", "可以", "可", "以"} {
		i := strings.LastIndex(s, h)
		if h == "以" {
			// 处以: "以" right after 处 only.
			if i > 0 && strings.HasSuffix(s[:i], "处") {
				if i+len(h) > best {
					best = i + len(h)
				}
			}
			continue
		}
		if h == "处" && i >= 0 && (strings.HasPrefix(s[i:], "处分") || strings.HasPrefix(s[i:], "处理")) {
			continue
		}
		if i >= 0 && i+len(h) > best {
			best = i + len(h)
		}
	}
	return best
}

// readFine reads the amount of the 罚款 at index i of body. It returns
// the span it read and false when the amount is there but unreadable.
func readFine(body string, i int) (*Fine, int, int, bool) {
	start := lastHead(maskParens(body[:i]))
	end := i + len("罚款")
	expr := body[start:i]
	if expr == "" || expr == "的" {
		// 按每吨二百元处以罚款: the per-unit amount before the verb.
		if m := rePerAmountBefore.FindStringSubmatchIndex(body[:start]); m != nil {
			if fine, ok := parseAmount(body[m[4]:m[5]]); ok && fine.Unit == UnitYuan {
				fine.Per = body[m[2]:m[3]]
				fine.Unit = UnitYuan + "/" + fine.Per
				return fine, m[0], end, true
			}
		}
		// 按照耕地开垦费的一倍以上二倍以下处以罚款: basis and amount before the verb.
		if m := reAmountBeforeVerb.FindStringSubmatchIndex(body[:start]); m != nil {
			if fine, ok := parseAmount(body[m[4]:m[5]]); ok && fine.Unit != UnitYuan {
				fine.Basis = strings.TrimSuffix(body[m[2]:m[3]], "的")
				return fine, m[0], end, true
			}
		}
		// 处罚款五百元, 罚款二千元, or 处罚款 with no amount.
		rest := body[end:]
		if j := strings.IndexAny(rest, "，；。"); j >= 0 {
			rest = rest[:j]
		}
		if rest != "" {
			if fine, ok := parseAmount(rest); ok {
				return fine, start, end + len(rest), true
			}
		}
		return &Fine{}, start, end, true
	}
	if m := rePerOnly.FindStringSubmatch(expr); m != nil {
		// 每平方米罚款一百元: the unit before 罚款, the amount after it.
		rest := body[end:]
		if j := strings.IndexAny(rest, "，；。"); j >= 0 {
			rest = rest[:j]
		}
		if fine, ok := parseAmount(rest); ok && fine.Unit == UnitYuan && fine.Per == "" {
			fine.Per = m[1]
			fine.Unit = UnitYuan + "/" + fine.Per
			return fine, start, end + len(rest), true
		}
	}
	fine, ok := parseAmount(expr)
	if !ok {
		return nil, start, end, false
	}
	// 按照工程造价处一倍以上三倍以下罚款: the basis is named before the verb.
	if fine.Basis == unknownBasis {
		if m := reByBasis.FindStringSubmatchIndex(body[:start]); m != nil {
			fine.Basis = strings.TrimSuffix(body[m[2]:m[3]], "的")
			start = m[0]
		}
	}
	// 每具处一百元…: the unit sits before the verb.
	if m := rePerBefore.FindStringSubmatchIndex(body[:start]); m != nil && fine.Unit == UnitYuan {
		fine.Per = body[m[2]:m[3]]
		fine.Unit = UnitYuan + "/" + fine.Per
		start = m[0]
	}
	return fine, start, end, true
}

// reNotImposed ends the words before a 罚款 that is paid, collected or
// added, not imposed.
var reNotImposed = regexp.MustCompile(`(?:加处|收缴|收缴的|缴纳|缴纳的|上缴|缴清|代收|收取|退还)$`)

var reListPointer = regexp.MustCompile(`(?:下列|如下|以下(?:规定|标准|数额))[^，；]{0,8}$|处以下$`)

// reReferral finds a fine whose amount is set by another provision
// (按照本条第二款的规定处以罚款).
var reReferral = regexp.MustCompile(`(?:按照|按|依照|依据)([^，；]{2,40}?)(?:的)?规定(?:的)?[^，；]{0,6}$`)

var reAmountBeforeVerb = regexp.MustCompile(`(?:按照|按|依照)([^，；]{1,30}?)((?:` + reNum + `(?:倍|%))(?:以上)?(?:至|到|-|—)?(?:` + reNum + `(?:倍|%))?(?:以下)?)(?:处以|并处|处)$`)

var rePerAmountBefore = regexp.MustCompile(`每([^，；每处0-9零〇一二两三四五六七八九十百千万]{1,8})((?:` + reNum + `(?:万元|元|万)(?:以上|至|到|-|—)?){1,2}(?:以下)?)(?:的标准|的)?(?:处以|处|并处)$`)

// rePerOnly is an amount expression that is only a unit: 每一停车位每日.
var rePerOnly = regexp.MustCompile(`^每((?:[^0-9零〇二两三四五六七八九十百千万，；]|一)+?)$`)

// unknownBasis stands for the basis of a multiple the clause names before
// the fine (…的，处一倍以上三倍以下罚款).
const unknownBasis = "（前文所述金额）"

var reByBasis = regexp.MustCompile(`(?:按照|按|依照)([^，；按]{1,30}?)(?:可以|并)?(?:处以|并处|处)$`)

var rePerBefore = regexp.MustCompile(`每([^，；每处]{1,8})处(?:以)?$`)

var (
	rePercentCN  = regexp.MustCompile(`百分之(` + reNum + `)`)
	rePermilleCN = regexp.MustCompile(`千分之(` + reNum + `)`)
	rePermille   = regexp.MustCompile(reNum + `‰`)
	reRangeSep   = regexp.MustCompile(`以上|至|到|—|－|-|～|~|－`)
	rePer        = regexp.MustCompile(`^([^0-9零〇一二两三四五六七八九十百千万亿每]{0,12})((?:每[^0-9零〇一二两三四五六七八九十百千万亿]{1,8})+)`)
)

// parseAmount reads an amount expression: 五百元以上五千元以下,
// 每平方米十元以上三十元以下, 违法所得一倍以上五倍以下, 总投资额百分之一以上百分之五以下,
// 五十元以下, 二百元, 1万至5万元.
func parseAmount(expr string) (*Fine, bool) {
	e := strings.TrimSuffix(strings.TrimSpace(reParenthetical.ReplaceAllString(expr, "")), "的")
	e = strings.TrimSuffix(e, "的")
	e = strings.TrimPrefix(e, "人民币")
	e = rePercentCN.ReplaceAllString(e, "$1%")
	e = rePermille.ReplaceAllStringFunc(e, func(m string) string {
		n, ok := numberValue(strings.TrimSuffix(m, "‰"))
		if !ok {
			return m
		}
		return strconv.FormatFloat(n/10, 'f', -1, 64) + "%"
	})
	e = rePermilleCN.ReplaceAllStringFunc(e, func(m string) string {
		n, ok := numberValue(rePermilleCN.FindStringSubmatch(m)[1])
		if !ok {
			return m
		}
		return strconv.FormatFloat(n/10, 'f', -1, 64) + "%"
	})
	e = strings.ReplaceAll(e, "等额", "1倍")
	e = strings.ReplaceAll(e, "等值", "1倍")
	for _, x := range []string{"以上不满", "以上不足", "以上未满", "以上至", "以上到"} {
		e = strings.Replace(e, x, "至", 1)
	}
	e = strings.ReplaceAll(e, "人民币", "")
	f := &Fine{}
	// Per-unit and basis words come first: 每平方米…, 违法所得…
	if m := rePer.FindStringSubmatchIndex(e); m != nil {
		f.Per = strings.TrimPrefix(e[m[4]:m[5]], "每")
		if m[3] > m[2] {
			// 禽类每只: what is counted, then the unit.
			f.Per = e[m[2]:m[3]] + "/" + f.Per
		}
		e = e[m[1]:]
		e = strings.TrimPrefix(e, "处")
	}
	upper := false
	if strings.HasSuffix(e, "以下") {
		e = strings.TrimSuffix(e, "以下")
		upper = true
	} else if strings.HasSuffix(e, "以内") {
		e = strings.TrimSuffix(e, "以内")
		upper = true
	}
	lower := false
	if strings.HasSuffix(e, "以上") {
		e = strings.TrimSuffix(e, "以上")
		lower = true
	}
	var lo, hi string
	if loc := reRangeSep.FindAllStringIndex(e, -1); len(loc) > 0 && !lower {
		// The separator between two bounds is the one followed by a number
		// (not the "-" of a basis).
		k := loc[len(loc)-1]
		lo, hi = e[:k[0]], e[k[1]:]
	} else {
		hi = e
	}
	basis := ""
	splitBasis := func(s string) (string, string) {
		// The number is the longest numeric suffix followed by a unit.
		j := len(s)
		for _, u := range []string{"万元", "亿元", "元", "万", "倍", "%"} {
			if strings.HasSuffix(s, u) {
				j = len(s) - len(u)
				break
			}
		}
		k := j
		for k > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:k])
			if !strings.ContainsRune("0123456789.零〇一二两三四五六七八九十百千万亿", r) {
				break
			}
			k -= size
		}
		return s[:k], s[k:]
	}
	var loF, hiF float64
	var loU, hiU string
	var ok bool
	b2, num := splitBasis(hi)
	if num == "" {
		return nil, false
	}
	hiF, hiU, ok = moneyValue(num)
	if !ok {
		return nil, false
	}
	if hiU == "" && strings.HasSuffix(num, "万") {
		hiU = UnitYuan // 一万以上十万以下罚款: 元 left out
	}
	basis = b2
	if lo != "" {
		b1, num1 := splitBasis(lo)
		if num1 == "" {
			return nil, false
		}
		loF, loU, ok = moneyValue(num1)
		if !ok {
			return nil, false
		}
		if b1 != "" {
			basis = b1
		}
		if b2 != "" && b1 != "" && b2 != b1 {
			return nil, false
		}
		if loU == "" {
			// 一百至一千元: the unit is written once.
			loU = hiU
			if hiU == UnitYuan && strings.HasSuffix(num, "万元") && !strings.HasSuffix(num1, "万") {
				loF *= 10000 // 一至五万元: 万 belongs to both
			}
		}
		if loU != hiU {
			// 百分之五十以上三倍以下: both as multiples.
			if loU == UnitPercent && hiU == UnitMultiple {
				loF, loU = loF/100, UnitMultiple
			} else {
				return nil, false
			}
		}
	}
	unit := hiU
	switch {
	case lo != "":
		f.Min, f.Max = loF, hiF
	case lower:
		f.Min = hiF
	case upper:
		f.Max = hiF
	default:
		f.Min, f.Max = hiF, hiF
	}
	if unit == "" {
		return nil, false
	}
	basis = strings.TrimPrefix(basis, "处")
	basis = strings.TrimSuffix(basis, "的")
	if unit == UnitYuan {
		if basis != "" && f.Per == "" {
			if strings.HasPrefix(basis, "每") {
				f.Per = strings.TrimPrefix(basis, "每")
			} else {
				return nil, false
			}
		}
		f.Unit = UnitYuan
		if f.Per != "" {
			f.Unit = UnitYuan + "/" + f.Per
		}
		return f, true
	}
	if basis == "" {
		// 处一倍以上三倍以下罚款 without its basis: the basis is named
		// earlier in the sentence; keep the multiple, mark the basis unknown.
		basis = unknownBasis
	}
	f.Basis = basis
	f.Unit = unit
	return f, true
}

// moneyValue reads 五千元, 2万元, 1.5万, 三倍, 5% into a value and unit.
func moneyValue(s string) (float64, string, bool) {
	m := reMoneyEnd.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	n, ok := numberValue(m[1])
	if !ok {
		return 0, "", false
	}
	switch m[2] {
	case "元":
		return n, UnitYuan, true
	case "万元":
		return n * 1e4, UnitYuan, true
	case "亿元":
		return n * 1e8, UnitYuan, true
	case "万":
		return n * 1e4, "", true
	case "倍":
		return n, UnitMultiple, true
	case "%":
		return n, UnitPercent, true
	}
	return n, "", true
}

// numberValue reads Arabic (1.5) or Chinese (二十万, 两千) numbers.
func numberValue(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	if s[0] >= '0' && s[0] <= '9' {
		// 5千, 1.5万: Arabic digits with a Chinese unit after them.
		k := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
		mult := 1.0
		if k >= 0 {
			switch s[k:] {
			case "十":
				mult = 10
			case "百":
				mult = 100
			case "千":
				mult = 1000
			case "万":
				mult = 1e4
			case "千万":
				mult = 1e7
			case "亿":
				mult = 1e8
			default:
				return 0, false
			}
			s = s[:k]
		}
		f, err := strconv.ParseFloat(s, 64)
		return f * mult, err == nil
	}
	n, err := ParseNumeral(s)
	if err != nil {
		return 0, false
	}
	return float64(n), true
}

func termOf(m []string) *Term {
	if m == nil {
		return nil
	}
	a, ok := numberValue(m[1])
	if !ok {
		return nil
	}
	unit := m[2]
	if unit == "" {
		unit = m[4] // 三至六个月: the unit is written once
	}
	if unit == "" {
		return nil // a bare number is no term
	}
	if unit == "天" {
		unit = "日"
	}
	t := &Term{Unit: unit}
	switch {
	case m[3] != "":
		b, ok := numberValue(m[3])
		if !ok {
			return nil
		}
		t.Min, t.Max = int(a), int(b)
	case m[5] != "":
		t.Max = int(a)
	default:
		t.Min, t.Max = int(a), int(a)
	}
	return t
}

func submatches(s string, idx []int) []string {
	out := make([]string, len(idx)/2)
	for k := range out {
		if idx[2*k] >= 0 {
			out[k] = s[idx[2*k]:idx[2*k+1]]
		}
	}
	return out
}

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
