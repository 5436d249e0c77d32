package penalty

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

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

// The openings of an action phrase: a bare penalty noun in a form that
// imposes (reHeadNoun, reNumberHead), modal words (reModal), a measure
// before the verb (reBy: 按照…处以), approval first (reReport: 报经…批准),
// a body named without 由 (reBodyAction).
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
