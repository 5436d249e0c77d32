package penalty

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

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

// IsCriminalSentence reports whether text names a penalty only a court
// imposes (有期徒刑, 拘役, 罚金, 判处 …), never an administrative one.
func IsCriminalSentence(text string) bool { return reCriminalPenalty.MatchString(text) }

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

// hasSanction reports whether the text sets an administrative penalty
// proper, read or not.
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

// hasPenalty reports whether the text sets any consequence (an order
// counts), read or not.
func (p *clauseParse) hasPenalty() bool {
	for _, o := range p.offences {
		if len(o.Penalties) > 0 {
			return true
		}
	}
	return len(p.unparsed) > 0
}

// reGluedAction finds a condition glued to its penalty without a comma
// (情节严重的可处以…).
var reGluedAction = regexp.MustCompile(`的((?:可以|可|应当|并)?(?:处以|处[0-9零〇一二两三四五六七八九十百千万每]|给予|责令|吊销|没收|暂扣))`)

// parseClauseText reads one text into offences. It returns nil when the
// text has no conditional shape (…的，…) at all.
func parseClauseText(text string) *clauseParse {
	norm := reGluedAction.ReplaceAllString(normalisePenaltyText(text), "的，$1")
	if norm == "" {
		return nil
	}
	if !strings.Contains(norm, "的") {
		return nil
	}
	r := &clauseReader{p: &clauseParse{}, cur: -1}
	for _, sentence := range splitSentences(norm) {
		r.sentence(splitPhrases(sentence))
	}
	r.p.dropIdleOffences()
	return r.p
}

// clauseReader reads the sentences of a text in turn into a clauseParse.
// Its sentence fields start afresh with each sentence.
type clauseReader struct {
	p   *clauseParse
	cur int // index of the current offence in p.offences; -1 before the first

	// Per sentence:
	cond     string   // the condition (…的) of the penalties that follow
	subject  string   // whom they fall on (对单位处…)
	part     string   // 对违反本条第一款规定的行为，…: the part of the violation the next penalties punish
	pending  []string // non-action phrases not yet assigned
	criminal bool     // the sentence imposes a criminal penalty: so does the rest of it
}

// sentence reads the phrases of one sentence.
func (r *clauseReader) sentence(phrases []string) {
	r.cond, r.subject, r.part, r.pending, r.criminal = "", "", "", nil, false
	for i := range phrases {
		r.phrase(phrases, i)
	}
	// Trailing non-action phrases: a violation whose penalty follows in
	// the 项, or words after the last penalty.
	if len(r.pending) > 0 {
		joined := strings.Join(r.pending, "，")
		switch {
		case r.cur < 0:
			r.newOffence(joined)
		case len(r.offence().Penalties) == 0:
			r.extendConduct(joined)
		case !isCondition(joined):
			r.p.checkFiller(r.pending)
		}
	}
}

// phrase reads phrase i of a sentence: a referral to the criminal law, a
// criminal sentence, a subject, an action that imposes, or words kept
// pending until the next action tells what they are.
func (r *clauseReader) phrase(phrases []string, i int) {
	ph := phrases[i]
	if refersToCriminalLaw(ph) {
		// 依法追究刑事责任: neither a violation nor a penalty.
		r.p.referral = append(r.p.referral, referralPhrase(phrases, i))
		return
	}
	act := actionPhrase(ph)
	if act != nil && (r.criminal || reCriminalPenalty.MatchString(ph)) {
		// 处五年以上十年以下有期徒刑，并处没收财产; 对单位判处罚金.
		r.flush()
		r.criminal = true
		r.p.criminal++
		r.p.referral = append(r.p.referral, ph)
		return
	}
	if act == nil {
		// 对法定代表人…，依法给予处分，并处…: the subject stands alone.
		if subj, ok := subjectPhrase(ph); ok && r.cur >= 0 && len(r.offence().Penalties) > 0 {
			r.flush()
			if strings.HasSuffix(subj, "的行为") {
				r.part = strings.TrimSuffix(subj, "的行为") + "的行为"
			} else {
				r.subject = subj
			}
			return
		}
		r.pending = append(r.pending, ph)
		return
	}
	r.flush()
	if r.cur < 0 {
		// A penalty with no violation before it (处…罚款 alone): not a clause.
		r.p.collectUnmatched(ph)
		return
	}
	r.impose(ph, act)
}

// impose reads the penalties of an action phrase into the current offence.
func (r *clauseReader) impose(ph string, act *action) {
	if act.enforcer != "" && r.p.enforcer == "" {
		r.p.enforcer = act.enforcer
	}
	if act.subject != "" {
		r.subject = act.subject
	}
	found := readPenalties(act.body)
	for i := range found.penalties {
		q := &found.penalties[i]
		if q.Kind == KindConfiscateProperty && q.Object == "" && strings.Contains(r.cond, "违法所得") {
			q.Kind, q.Object = KindConfiscateGains, "违法所得" // 有违法所得的，予以没收
		}
		q.Subject = r.subject
		q.Condition = joinCondition(r.cond, firstNonEmpty(act.cond, r.part))
		if act.optional {
			q.Optional = true
		}
		if q.Fine != nil {
			q.Fine.Subject = r.subject
		}
	}
	o := r.offence()
	o.Penalties = append(o.Penalties, found.penalties...)
	for _, u := range found.unparsed {
		r.p.unparsed = append(r.p.unparsed, Unparsed{Text: ph, Reason: u})
	}
}

// flush assigns the pending phrases: up to the last …的 they are a
// violation or a condition; after it, words that impose nothing we read
// (限期修复…, 依法赔偿损失).
func (r *clauseReader) flush() {
	pending := r.pending
	if len(pending) == 0 {
		return
	}
	r.pending = nil
	k := -1
	for i, ph := range pending {
		if strings.HasSuffix(ph, "的") {
			k = i
		}
	}
	if k < 0 {
		// No …的: a violation written without it (有下列行为之一，由…),
		// or filler after a penalty.
		switch {
		case r.cur < 0:
			r.newOffence(strings.Join(pending, "，"))
		case len(r.offence().Penalties) == 0:
			r.extendConduct(strings.Join(pending, "，"))
		default:
			r.p.checkFiller(pending)
		}
		return
	}
	joined := strings.Join(pending[:k+1], "，")
	r.p.checkFiller(pending[k+1:])
	switch {
	case r.cur < 0:
		r.newOffence(joined)
		r.cond = ""
	case len(r.offence().Penalties) == 0 && !isCondition(joined):
		// More words of the same violation before any penalty.
		r.extendConduct(joined)
	case isCondition(joined):
		r.cond = trimConduct(joined)
		r.part = ""
	default:
		r.newOffence(joined)
		r.cond = ""
		r.subject = ""
	}
}

// offence is the current offence.
func (r *clauseReader) offence() *Offence { return &r.p.offences[r.cur] }

// newOffence starts an offence with the violation in text.
func (r *clauseReader) newOffence(text string) {
	lead, conduct := splitLead(text)
	r.p.offences = append(r.p.offences, Offence{Lead: lead, Conduct: trimConduct(conduct)})
	r.cur = len(r.p.offences) - 1
}

// extendConduct adds words to the violation of the current offence.
func (r *clauseReader) extendConduct(text string) {
	o := r.offence()
	o.Conduct = trimConduct(o.Conduct + "，" + text)
}

// dropIdleOffences drops the offences that drew nothing: they are not
// offences of this clause (构成犯罪的，依法追究刑事责任). A lone offence stays.
func (p *clauseParse) dropIdleOffences() {
	kept := p.offences[:0]
	for _, o := range p.offences {
		if len(o.Penalties) > 0 || len(p.offences) == 1 {
			kept = append(kept, o)
		}
	}
	p.offences = kept
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

// collectUnmatched reports a phrase that imposes a sanction before any
// violation is named.
func (p *clauseParse) collectUnmatched(ph string) {
	for _, w := range sanctionWords {
		if strings.Contains(ph, w) {
			p.stray = append(p.stray, Unparsed{Text: ph, Reason: "penalty without a violation before it"})
			return
		}
	}
}

// firstNonEmpty returns the first of ss that is not "".
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

// splitOutside cuts s at any rune of seps that stands outside brackets
// and quotes, dropping empty parts.
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

// isCondition reports whether a …的 phrase is a condition on penalties
// (逾期不改正的, 有违法所得的) rather than a violation.
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

// reLead is the duty reference that opens a violation: 违反本条例第十二条规定.
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

// reItemMarker is the number that opens a 项: （一）, 一、, 1.
var reItemMarker = regexp.MustCompile(`^\s*(?:[（(][一二三四五六七八九十百零〇0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+[.、．])\s*`)

// stripItemMarker drops the number that opens a 项.
func stripItemMarker(s string) string {
	return reItemMarker.ReplaceAllString(s, "")
}

// reSanctionPhrase finds a sanction in verb form inside a phrase the
// parser did not take for an action: a sign of a missed penalty.
var reSanctionPhrase = regexp.MustCompile(`处[^，；的]{0,30}?罚款|[0-9零〇一二两三四五六七八九十百千万]元罚款|处[^，；的]{0,12}?拘留|吊销[^，；的]{0,12}?(?:证|照|许可)|暂扣[^，；的]{0,12}?(?:证|照)|给予警告|责令停产停业|责令停业整顿|没收违法所得|没收非法财物`)
