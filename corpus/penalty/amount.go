package penalty

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus/numeral"
)

// reNum is a number, Arabic (1.5) or Chinese (二十万); reMoneyEnd an
// amount that is only a number and its unit; reTerm a duration or a range
// of them (三至六个月, 十日以下).
var (
	reNum      = `(?:[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+)`
	reMoneyEnd = regexp.MustCompile(`^(` + reNum + `)(万元|亿元|元|万|倍|%|)$`)
	reTerm     = regexp.MustCompile(`(` + reNum + `)(日|天|个月|年)?(?:(?:以上|至|到|—|-)(` + reNum + `)(日|天|个月|年))?(以下|以内)?`)
)

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

// reAmountBeforeVerb finds a multiple or percentage and its basis
// written before the verb (按照耕地开垦费的一倍以上二倍以下处以罚款).
var reAmountBeforeVerb = regexp.MustCompile(`(?:按照|按|依照)([^，；]{1,30}?)((?:` + reNum + `(?:倍|%))(?:以上)?(?:至|到|-|—)?(?:` + reNum + `(?:倍|%))?(?:以下)?)(?:处以|并处|处)$`)

// rePerAmountBefore finds a per-unit amount written before the verb
// (每吨二百元处以罚款).
var rePerAmountBefore = regexp.MustCompile(`每([^，；每处0-9零〇一二两三四五六七八九十百千万]{1,8})((?:` + reNum + `(?:万元|元|万)(?:以上|至|到|-|—)?){1,2}(?:以下)?)(?:的标准|的)?(?:处以|处|并处)$`)

// rePerOnly is an amount expression that is only a unit: 每一停车位每日.
var rePerOnly = regexp.MustCompile(`^每((?:[^0-9零〇二两三四五六七八九十百千万，；]|一)+?)$`)

// unknownBasis stands for the basis of a multiple the clause names before
// the fine (…的，处一倍以上三倍以下罚款).
const unknownBasis = "（前文所述金额）"

// reByBasis finds the basis of a multiple named before the verb
// (按照工程造价处…).
var reByBasis = regexp.MustCompile(`(?:按照|按|依照)([^，；按]{1,30}?)(?:可以|并)?(?:处以|并处|处)$`)

// rePerBefore finds the unit of a per-unit amount named before the verb
// (每具处…).
var rePerBefore = regexp.MustCompile(`每([^，；每处]{1,8})处(?:以)?$`)

// The parts of an amount expression: percentages and per mille in words
// or signs, the separator of a range, the per-unit words that open it.
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
	f := &Fine{}
	// Per-unit and basis words come first: 每平方米…, 违法所得…
	per, e := cutPer(normaliseAmount(expr))
	f.Per = per
	v, ok := readBounds(e)
	if !ok {
		return nil, false
	}
	f.Min, f.Max = v.min, v.max
	basis := strings.TrimSuffix(strings.TrimPrefix(v.basis, "处"), "的")
	if v.unit == UnitYuan {
		if basis != "" && f.Per == "" {
			if !strings.HasPrefix(basis, "每") {
				return nil, false
			}
			f.Per = strings.TrimPrefix(basis, "每")
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
	f.Unit = v.unit
	return f, true
}

// normaliseAmount drops what an amount expression says around its
// numbers (a remark in brackets, 的, 人民币) and writes percentages, per
// mille and 等额 as numbers and every range separator after 以上 as 至.
func normaliseAmount(expr string) string {
	e := strings.TrimSuffix(strings.TrimSpace(reParenthetical.ReplaceAllString(expr, "")), "的")
	e = strings.TrimSuffix(e, "的")
	e = strings.TrimPrefix(e, "人民币")
	e = rePercentCN.ReplaceAllString(e, "$1%")
	e = rePermille.ReplaceAllStringFunc(e, func(m string) string {
		return permilleAsPercent(m, strings.TrimSuffix(m, "‰"))
	})
	e = rePermilleCN.ReplaceAllStringFunc(e, func(m string) string {
		return permilleAsPercent(m, rePermilleCN.FindStringSubmatch(m)[1])
	})
	e = strings.ReplaceAll(e, "等额", "1倍")
	e = strings.ReplaceAll(e, "等值", "1倍")
	for _, x := range []string{"以上不满", "以上不足", "以上未满", "以上至", "以上到"} {
		e = strings.Replace(e, x, "至", 1)
	}
	return strings.ReplaceAll(e, "人民币", "")
}

// permilleAsPercent writes the per-mille number n as a percentage (5 →
// 0.5%); m, the words it stands in, when n is no number.
func permilleAsPercent(m, n string) string {
	v, ok := numberValue(n)
	if !ok {
		return m
	}
	return strconv.FormatFloat(v/10, 'f', -1, 64) + "%"
}

// cutPer takes the per-unit words that open an amount (每平方米…; 禽类每只…:
// what is counted, then the unit) and returns the unit and the rest.
func cutPer(e string) (per, rest string) {
	m := rePer.FindStringSubmatchIndex(e)
	if m == nil {
		return "", e
	}
	per = strings.TrimPrefix(e[m[4]:m[5]], "每")
	if m[3] > m[2] {
		per = e[m[2]:m[3]] + "/" + per
	}
	return per, strings.TrimPrefix(e[m[1]:], "处")
}

// amountValue is an amount expression read into numbers: its bounds
// (max 0: no upper bound), their unit, and the words before the number
// (the basis of a multiple, or 每… of a per-unit amount).
type amountValue struct {
	min, max    float64
	unit, basis string
}

// readBounds reads the bounds of an amount expression: a range (一百至一千元,
// 一倍以上三倍以下), a lower (…以上) or upper (…以下) bound, or one amount.
func readBounds(e string) (amountValue, bool) {
	lo, hi, lower, upper := splitRange(e)
	hiBasis, hiNum := splitAmountBasis(hi)
	if hiNum == "" {
		return amountValue{}, false
	}
	hiF, hiU, ok := moneyValue(hiNum)
	if !ok {
		return amountValue{}, false
	}
	if hiU == "" && strings.HasSuffix(hiNum, "万") {
		hiU = UnitYuan // 一万以上十万以下罚款: 元 left out
	}
	v := amountValue{unit: hiU, basis: hiBasis}
	switch {
	case lo != "":
		loF, basis, ok := readLowerBound(lo, hiNum, hiU, hiBasis)
		if !ok {
			return amountValue{}, false
		}
		v.min, v.max, v.basis = loF, hiF, basis
	case lower:
		v.min = hiF
	case upper:
		v.max = hiF
	default:
		v.min, v.max = hiF, hiF
	}
	return v, v.unit != ""
}

// splitRange cuts an amount expression at its range separator into the
// lower and upper bound; an expression with one bound comes back as hi,
// with lower or upper telling which bound it is.
func splitRange(e string) (lo, hi string, lower, upper bool) {
	if strings.HasSuffix(e, "以下") {
		e = strings.TrimSuffix(e, "以下")
		upper = true
	} else if strings.HasSuffix(e, "以内") {
		e = strings.TrimSuffix(e, "以内")
		upper = true
	}
	if strings.HasSuffix(e, "以上") {
		e = strings.TrimSuffix(e, "以上")
		lower = true
	}
	if loc := reRangeSep.FindAllStringIndex(e, -1); len(loc) > 0 && !lower {
		// The separator between two bounds is the one followed by a number
		// (not the "-" of a basis).
		k := loc[len(loc)-1]
		return e[:k[0]], e[k[1]:], lower, upper
	}
	return "", e, lower, upper
}

// readLowerBound reads the lower bound lo of a range whose upper bound
// is the number hiNum in unit hiU after the words hiBasis; it returns the
// value in the unit of the upper bound and the basis of the range.
func readLowerBound(lo, hiNum, hiU, hiBasis string) (float64, string, bool) {
	loBasis, loNum := splitAmountBasis(lo)
	if loNum == "" {
		return 0, "", false
	}
	loF, loU, ok := moneyValue(loNum)
	if !ok {
		return 0, "", false
	}
	basis := hiBasis
	if loBasis != "" {
		if hiBasis != "" && hiBasis != loBasis {
			return 0, "", false
		}
		basis = loBasis
	}
	if loU == "" {
		// 一百至一千元: the unit is written once.
		loU = hiU
		if hiU == UnitYuan && strings.HasSuffix(hiNum, "万元") && !strings.HasSuffix(loNum, "万") {
			loF *= 10000 // 一至五万元: 万 belongs to both
		}
	}
	if loU != hiU {
		// 百分之五十以上三倍以下: both as multiples.
		if loU != UnitPercent || hiU != UnitMultiple {
			return 0, "", false
		}
		loF = loF / 100
	}
	return loF, basis, true
}

// splitAmountBasis cuts one bound of an amount into the words before its
// number and the number with its unit: 违法所得一倍 → 违法所得, 一倍. The
// number is the longest numeric run before the unit.
func splitAmountBasis(s string) (basis, num string) {
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
	n, err := numeral.Parse(s)
	if err != nil {
		return 0, false
	}
	return float64(n), true
}

// termOf reads the submatches of reTerm into a term; nil for a bare
// number or an unreadable one.
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

// submatches turns the submatch indexes of a match in s into strings, ""
// for a group that did not take part.
func submatches(s string, idx []int) []string {
	out := make([]string, len(idx)/2)
	for k := range out {
		if idx[2*k] >= 0 {
			out[k] = s[idx[2*k]:idx[2*k+1]]
		}
	}
	return out
}
