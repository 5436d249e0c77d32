package penalty

import (
	"regexp"
	"strings"
)

// sanctionRule reads one kind of penalty (or a few read from the same
// words): the scanner finds its word, or its pattern when re is set, and
// calls read with the span of each match.
type sanctionRule struct {
	word  string
	re    *regexp.Regexp
	kinds []Kind // what read can record
	read  func(s *penaltyScan, i, j int)
}

// sanctionRules are the sanctions readPenalties knows, in the order they
// read: a rule skips the words an earlier one took (责令停产停业或者关闭 is
// read whole as 责令关闭; 责令 alone, an order, comes after every sanction
// that opens with it), and penalties read at one place keep this order.
var sanctionRules = []sanctionRule{
	{word: "罚款", kinds: kindsOf(KindFine), read: readFineWord},
	{word: "拘留", kinds: kindsOf(KindDetention), read: readDetention},
	{word: "没收", kinds: kindsOf(KindConfiscateGains, KindConfiscateProperty), read: readConfiscation},
	{word: "暂扣", kinds: kindsOf(KindSuspendLicence), read: readLicence(KindSuspendLicence)},
	{word: "吊销", kinds: kindsOf(KindRevokeLicence), read: readLicence(KindRevokeLicence)},
	{re: regexp.MustCompile(`通报批评`), kinds: kindsOf(KindCriticism), read: readWords(KindCriticism)},
	{re: reDemote, kinds: kindsOf(KindDemote), read: readWords(KindDemote)},
	{re: reClose, kinds: kindsOf(KindClose), read: readWords(KindClose)},
	{re: regexp.MustCompile(`限制开展生产经营活动|限制生产`), kinds: kindsOf(KindRestrict), read: readWords(KindRestrict)},
	{re: regexp.MustCompile(`暂停[^，；、]{0,12}?(?:业务|营业|经营|生产)|停止[^，；、]{0,8}?业务`),
		kinds: kindsOf(KindSuspendBusiness), read: readWordsWithTerm(KindSuspendBusiness)},
	{re: regexp.MustCompile(`(?:暂停|停止)[^，；、]{0,10}?执业`), kinds: kindsOf(KindBan), read: readWordsWithTerm(KindBan)},
	{re: reBan, kinds: kindsOf(KindBan), read: readWordsWithTerm(KindBan)},
	{re: regexp.MustCompile(`(?:撤销|取消)[^，；。]{0,20}?(?:资格|许可证?|执照|资质证书|资质|登记证书?)`),
		kinds: kindsOf(KindRevokeLicence), read: readWords(KindRevokeLicence)},
	{re: regexp.MustCompile(`暂停[^，；。]{0,20}?(?:资格|许可证?|执照|资质)`), kinds: kindsOf(KindSuspendLicence), read: readWords(KindSuspendLicence)},
	{re: reSuspend, kinds: kindsOf(KindSuspendBusiness), read: readSuspendBusiness},
	{word: "警告", kinds: kindsOf(KindWarning), read: readWarning},
	{word: "责令", kinds: kindsOf(MeasureCorrect, MeasureDemolish, KindBan), read: readOrder},
	{re: regexp.MustCompile(`^并?限期拆除`), kinds: kindsOf(MeasureDemolish), read: readDemolish},
}

// kindsOf lists the kinds a rule records.
func kindsOf(k ...Kind) []Kind { return k }

// The words around sanctions: what a licence is called, the nouns after
// 暂扣 and 拘留 that make them no penalty (暂扣凭证, 拘留所), and the
// sanctions read by pattern.
var (
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

// reNotImposed ends the words before a 罚款 that is paid, collected or
// added, not imposed.
var reNotImposed = regexp.MustCompile(`(?:加处|收缴|收缴的|缴纳|缴纳的|上缴|缴清|代收|收取|退还)$`)

// reListPointer ends the words before a 罚款 whose amounts the 项 below
// set (按下列规定处以罚款).
var reListPointer = regexp.MustCompile(`(?:下列|如下|以下(?:规定|标准|数额))[^，；]{0,8}$|处以下$`)

// reReferral finds a fine whose amount is set by another provision
// (按照本条第二款的规定处以罚款).
var reReferral = regexp.MustCompile(`(?:按照|按|依照|依据)([^，；]{2,40}?)(?:的)?规定(?:的)?[^，；]{0,6}$`)

// readFineWord reads the 罚款 at body[i:j] with the amount expression
// before it (or after it).
func readFineWord(s *penaltyScan, i, j int) {
	body := s.body
	if strings.HasPrefix(body[j:], "数额") || strings.HasPrefix(body[j:], "金额") || strings.HasPrefix(body[j:], "额") ||
		strings.HasPrefix(body[j:], "决定") || reNotImposed.MatchString(body[:i]) {
		// 单位罚款数额, 加处罚款 (a means of execution), 罚款决定: not a fine imposed here.
		s.take(i, j)
		return
	}
	if reListPointer.MatchString(body[:i]) {
		// 按下列规定处以罚款: the amounts are in the 项.
		s.take(i, j)
		return
	}
	if m := reReferral.FindStringSubmatchIndex(body[:i]); m != nil {
		// 按照本条第二款的规定处以罚款: the amount is set elsewhere.
		s.take(m[0], j)
		s.add(m[0], Penalty{Kind: KindFine, Text: body[m[0]:j], Fine: &Fine{Basis: body[m[0]:m[3]] + "规定"}})
		return
	}
	fine, start, end, ok := readFine(body, i)
	s.take(start, end)
	if !ok {
		s.fail("罚款: amount not recognised: " + body[start:end])
		return
	}
	s.add(start, Penalty{Kind: KindFine, Text: body[start:end], Fine: fine})
}

// readDetention reads the 拘留 (行政拘留) at body[i:j] with its term
// before it (处十日以下拘留) or after it (拘留十日).
func readDetention(s *penaltyScan, i, j int) {
	body := s.body
	if strings.HasSuffix(body[:i], "被") || strings.HasSuffix(body[:i], "引渡") || reDetentionNoun.MatchString(body[j:]) {
		s.take(i, j) // 被拘留人, 拘留所, 引渡拘留: not a penalty
		return
	}
	start := lastHead(body[:i])
	expr := body[start:i]
	expr = strings.TrimPrefix(strings.TrimSuffix(expr, "的"), "行政")
	expr = strings.TrimSuffix(expr, "行政")
	expr = strings.TrimSuffix(expr, "的")
	end := j
	var term *Term
	if m := reTerm.FindStringSubmatch(expr); m != nil {
		term = termOf(m)
	} else if m := reTerm.FindStringSubmatchIndex(body[end:]); m != nil && m[0] == 0 {
		term = termOf(submatches(body[end:], m))
		end += m[1]
	}
	s.take(start, end)
	if term == nil && expr != "" && expr != "行政" {
		s.fail("拘留: term not recognised: " + body[start:end])
		return
	}
	s.add(start, Penalty{Kind: KindDetention, Text: body[start:end], Term: term})
}

// readConfiscation reads the 没收 at body[i:j] and its object: 违法所得
// (没收违法所得), other things (没收非法财物), or both in one phrase.
func readConfiscation(s *penaltyScan, i, j int) {
	body := s.body
	if strings.HasSuffix(body[:i], "被") || strings.HasPrefix(body[j:], "的") {
		s.take(i, j) // 依法没收的违法所得: what was confiscated, not a penalty
		return
	}
	end := phraseEnd(body, j)
	obj := body[j:end]
	s.take(i, end)
	obj = strings.TrimPrefix(obj, "其")
	if k := strings.Index(obj, "、没收"); k >= 0 {
		end = j + k // 没收A、没收B: B is read on its own
		obj = obj[:k]
	}
	if obj == "" && strings.Contains(body[:i], "违法所得") {
		obj = "违法所得" // 有违法所得的，予以没收
	}
	if !strings.Contains(obj, "违法所得") {
		s.add(i, Penalty{Kind: KindConfiscateProperty, Text: body[i:end], Object: strings.TrimSuffix(obj, "的")})
		return
	}
	s.add(i, Penalty{Kind: KindConfiscateGains, Text: body[i:end], Object: "违法所得"})
	if rest := besidesGains(obj); rest != "" {
		s.add(i+1, Penalty{Kind: KindConfiscateProperty, Text: body[i:end], Object: rest})
	}
}

// besidesGains is what a confiscation takes besides 违法所得
// (违法所得和非法经营的物品 → 非法经营的物品), "" when nothing.
func besidesGains(obj string) string {
	rest := obj
	for _, sep := range []string{"违法所得和", "违法所得、", "违法所得及", "违法所得以及", "违法所得或者", "违法所得", "和", "、", "及", "以及", "并"} {
		rest = strings.Replace(rest, sep, "", 1)
		if sep == "违法所得" {
			break
		}
	}
	return strings.Trim(rest, "、和及并，的")
}

// readLicence reads a 暂扣 (kind KindSuspendLicence) or 吊销
// (KindRevokeLicence) at body[i:j] with its object and term; 暂扣或者吊销
// 许可证 gives both on the same object.
func readLicence(kind Kind) func(s *penaltyScan, i, j int) {
	return func(s *penaltyScan, i, j int) {
		body := s.body
		suspend := kind == KindSuspendLicence
		if strings.HasSuffix(body[:i], "被") || reSuspendNoun.MatchString(body[j:]) {
			s.take(i, j) // 暂扣凭证, 被吊销: not a penalty
			return
		}
		end := phraseEnd(body, j)
		if suspend && !reLicence.MatchString(body[j:end]) {
			s.take(i, j) // 暂扣设备、物品: a coercive measure on goods, not a licence suspended
			return
		}
		obj := body[j:end]
		var term *Term
		if m := reTerm.FindStringSubmatchIndex(obj); m != nil && m[0] == 0 {
			term = termOf(submatches(obj, m))
			obj = obj[m[1]:]
		}
		if k := strings.Index(obj, "或者吊销"); k >= 0 && suspend {
			obj = obj[k+len("或者吊销"):]
		} else if k := strings.Index(obj, "或者"); k >= 0 && suspend && strings.Contains(obj[k:], "吊销") {
			obj = obj[:k]
		}
		obj = strings.TrimPrefix(obj, "其")
		if m := reTerm.FindStringSubmatchIndex(obj); m != nil && m[1] == len(obj) && term == nil && m[0] > 0 {
			term = termOf(submatches(obj, m))
			obj = obj[:m[0]]
		}
		s.take(i, end)
		s.add(i, Penalty{Kind: kind, Text: body[i:end], Term: term, Object: strings.Trim(obj, "的，、")})
	}
}

// readWords reads a sanction of the kind by its words alone (通报批评,
// 降低资质等级, 责令关闭), unless an earlier rule took them.
func readWords(kind Kind) func(s *penaltyScan, i, j int) {
	return func(s *penaltyScan, i, j int) {
		if s.taken(i) {
			return
		}
		s.take(i, j)
		s.add(i, Penalty{Kind: kind, Text: s.body[i:j]})
	}
}

// readWordsWithTerm reads a sanction of the kind by its words and the
// term written around them (暂停相关业务六个月, 五年内不得从事).
func readWordsWithTerm(kind Kind) func(s *penaltyScan, i, j int) {
	return func(s *penaltyScan, i, j int) {
		if s.taken(i) {
			return
		}
		s.take(i, j)
		q := Penalty{Kind: kind, Text: s.body[i:j]}
		termAround(s.body, i, j, &q)
		s.add(i, q)
	}
}

// readSuspendBusiness reads 责令停产停业 and its kin (停业整顿, 停止营业)
// with their term; 被责令停产停业 and 停业的 name a state, not a penalty.
func readSuspendBusiness(s *penaltyScan, i, j int) {
	body := s.body
	if s.taken(i) {
		return
	}
	if strings.HasSuffix(body[:i], "被") || (strings.HasPrefix(body[j:], "的") && !strings.HasPrefix(body[j:], "的处罚")) {
		return
	}
	s.take(i, j)
	q := Penalty{Kind: KindSuspendBusiness, Text: body[i:j]}
	termAround(body, i, j, &q)
	s.add(i, q)
}

// readWarning reads 警告, but not 警告标志, 警告后 or the 警告 of a
// disciplinary sanction (警告、记过…处分).
func readWarning(s *penaltyScan, i, j int) {
	after := s.body[j:]
	s.take(i, j)
	if strings.HasPrefix(after, "标") || strings.HasPrefix(after, "后") || strings.HasPrefix(after, "牌") || strings.HasPrefix(after, "装置") ||
		reDiscipline.MatchString(after) {
		return
	}
	s.add(i, Penalty{Kind: KindWarning, Text: "警告"})
}

// readOrder reads an order after 责令: 责令改正 and its kin, 责令限期拆除,
// and 责令停止执业 (a ban); 责令给予…处分 is discipline of staff.
func readOrder(s *penaltyScan, i, j int) {
	body := s.body
	if s.taken(i) {
		return
	}
	w := body[i:phraseEnd(body, j)]
	if k := strings.Index(w, "，"); k >= 0 {
		w = w[:k]
	}
	if strings.Contains(w, "处分") {
		s.take(i, i+len(w)) // 责令给予…处分: no order to the offender
		return
	}
	if s.taken(j + len(commonPrefix(body[j:], "其"))) {
		return // 责令其停止执业: the sanction after it is read already
	}
	kind := MeasureCorrect
	switch {
	case strings.Contains(w, "拆除"):
		kind = MeasureDemolish
	case strings.Contains(w, "执业") && (strings.Contains(w, "停止") || strings.Contains(w, "暂停")):
		kind = KindBan // 责令其停止执业活动
	}
	s.take(i, i+len(w))
	s.add(i, Penalty{Kind: kind, Text: w})
}

// readDemolish reads 限期拆除 that opens the body without 责令 (并限期拆除).
func readDemolish(s *penaltyScan, i, j int) {
	s.add(i, Penalty{Kind: MeasureDemolish, Text: "限期拆除"})
}

// commonPrefix returns p when s starts with it, else "".
func commonPrefix(s, p string) string {
	if strings.HasPrefix(s, p) {
		return p
	}
	return ""
}

// termAround reads the term of a suspension or ban at body[i:j] written
// before it (给予一个月以上三个月以下停业整顿) or after it (停止执业六个月以上一年以下).
func termAround(body string, i, j int, q *Penalty) {
	if t := reTerm.FindAllStringSubmatchIndex(body[:i], -1); len(t) > 0 && t[len(t)-1][1] == i {
		last := t[len(t)-1]
		if term := termOf(submatches(body[:i], last)); term != nil {
			q.Term = term
			q.Text = body[last[0]:j]
			return
		}
	}
	if t := reTerm.FindStringSubmatchIndex(body[j:]); t != nil && t[0] == 0 {
		if term := termOf(submatches(body[j:], t)); term != nil {
			q.Term = term
			q.Text = body[i : j+t[1]]
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
