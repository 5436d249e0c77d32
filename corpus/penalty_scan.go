package corpus

import (
	"regexp"
	"sort"
	"strings"
)

// found is what readPenalties recognised in one action body.
type found struct {
	penalties []Penalty
	unparsed  []string
}

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
