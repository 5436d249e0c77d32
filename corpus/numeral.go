package corpus

import (
	"strings"
	"time"
	"unicode/utf8"
)

// maxNumeral bounds what ParseNumeral accepts: nothing in a law needs more,
// and below it FormatNumeral and ParseNumeral are exact inverses.
const (
	maxNumeral = 999_999_999_999
	maxDigits  = 12
)

// chineseDigit maps a Chinese digit to its value; 两 is 2 only before a unit
// or alone, which the callers check.
func chineseDigit(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

// arabicDigit maps ASCII and full-width digits (０-９) to their value.
func arabicDigit(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

// smallUnit is 十/百/千, the units inside a four-digit section.
func smallUnit(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	}
	return 0
}

// bigUnit is 万/亿, which multiply a whole section.
func bigUnit(r rune) int {
	switch r {
	case '万':
		return 10_000
	case '亿':
		return 100_000_000
	}
	return 0
}

// isNumeralRune reports whether r can be part of a numeral ParseNumeral reads.
func isNumeralRune(r rune) bool {
	if _, ok := chineseDigit(r); ok {
		return true
	}
	if _, ok := arabicDigit(r); ok {
		return true
	}
	return smallUnit(r) != 0 || bigUnit(r) != 0
}

// ParseNumeral reads a whole number up to 999999999999 written as a Chinese
// numeral with units (十二, 一百零一, 一千二百, 两千, 一万零五百), digit by digit
// (二〇二一), or in ASCII or full-width Arabic digits (32, ３２). Colloquial
// abbreviations are read as a speaker means them: 一百五 is 150.
func ParseNumeral(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, Errorf(CodeInvalid, "numeral: empty")
	}
	if !utf8.ValidString(s) {
		return 0, Errorf(CodeInvalid, "numeral %q: not UTF-8", s)
	}
	r0, _ := utf8.DecodeRuneInString(s)
	if _, ok := arabicDigit(r0); ok {
		return parseArabic(s)
	}
	hasUnit := false
	for _, r := range s {
		if smallUnit(r) != 0 || bigUnit(r) != 0 {
			hasUnit = true
			break
		}
	}
	var n int
	var err error
	if hasUnit {
		n, err = parseUnits(s)
	} else {
		n, err = parseDigitByDigit(s)
	}
	if err == nil && n > maxNumeral {
		return 0, Errorf(CodeInvalid, "numeral %q: above %d", s, maxNumeral)
	}
	return n, err
}

func parseArabic(s string) (int, error) {
	n, count := 0, 0
	for _, r := range s {
		d, ok := arabicDigit(r)
		if !ok {
			return 0, Errorf(CodeInvalid, "numeral %q: %q is not a digit", s, r)
		}
		count++
		if count > maxDigits {
			return 0, Errorf(CodeInvalid, "numeral %q: too many digits", s)
		}
		n = n*10 + d
	}
	return n, nil
}

// parseDigitByDigit reads 二〇二一 (years are written so); 两 only alone,
// since nobody writes 两 as a digit in a sequence.
func parseDigitByDigit(s string) (int, error) {
	if s == "两" {
		return 2, nil
	}
	n, count := 0, 0
	for _, r := range s {
		d, ok := chineseDigit(r)
		if !ok || r == '两' {
			return 0, Errorf(CodeInvalid, "numeral %q: %q is not a digit", s, r)
		}
		count++
		if count > maxDigits {
			return 0, Errorf(CodeInvalid, "numeral %q: too many digits", s)
		}
		n = n*10 + d
	}
	return n, nil
}

// parseUnits reads the positional form with 十百千 inside sections of four
// digits and 万亿 between sections. Units must decrease; 零 marks skipped
// places and may only follow a unit.
func parseUnits(s string) (int, error) {
	bad := func(why string) (int, error) {
		return 0, Errorf(CodeInvalid, "numeral %q: %s", s, why)
	}
	var (
		total     int
		section   int
		digit     = -1      // pending digit, -1 when none
		lastSmall = 10_000  // last small unit in this section
		lastBig   = 1 << 62 // last big unit
		lastUnit  = 0       // value of the last unit of any kind, 0 before the first
		zero      = false   // a 零 since the last unit
	)
	for _, r := range s {
		if d, ok := chineseDigit(r); ok {
			switch {
			case d == 0:
				if digit != -1 || lastUnit == 0 || zero {
					return bad("misplaced 零")
				}
				zero = true
			case digit != -1:
				return bad("two digits without a unit")
			default:
				digit = d
			}
			continue
		}
		if u := smallUnit(r); u != 0 {
			if u >= lastSmall {
				return bad("units out of order")
			}
			d := digit
			if d == -1 {
				if u != 10 {
					return bad("unit without a digit")
				}
				d = 1 // 十二, 一百十: 十 alone means 一十
			}
			section += d * u
			lastSmall, lastUnit, digit, zero = u, u, -1, false
			continue
		}
		if b := bigUnit(r); b != 0 {
			if digit != -1 {
				section += digit
				digit = -1
			}
			if section == 0 {
				return bad("万/亿 without a number")
			}
			if b >= lastBig {
				return bad("units out of order")
			}
			total += section * b
			section, lastSmall, lastBig, lastUnit, zero = 0, 10_000, b, b, false
			continue
		}
		return bad("not a numeral character " + string(r))
	}
	switch {
	case digit != -1 && (zero || lastUnit == 10):
		section += digit
	case digit != -1:
		// 一百五 = 150, 一万二 = 12000: the digit fills the next lower place.
		section += digit * lastUnit / 10
	case zero:
		return bad("trailing 零")
	}
	return total + section, nil
}

var digitChars = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// FormatNumeral writes n as a Chinese numeral with units, the form laws use
// for article numbers: 101 → 一百零一, 10 → 十, 110 → 一百一十. ParseNumeral
// reads it back for every n from 0 to 999999999999.
func FormatNumeral(n int) string {
	if n == 0 {
		return "零"
	}
	var b strings.Builder
	if n < 0 {
		b.WriteString("负")
		n = -n
	}
	groups := []struct {
		div  int
		unit string
	}{{100_000_000, "亿"}, {10_000, "万"}, {1, ""}}
	started, pendingZero := false, false
	for _, g := range groups {
		part := n / g.div % 10_000
		if g.div == 100_000_000 {
			part = n / g.div // everything above 亿 stays in one group
		}
		if part == 0 {
			if started {
				pendingZero = true
			}
			continue
		}
		if started && (pendingZero || part < 1000) {
			b.WriteString("零")
		}
		writeSection(&b, part, !started)
		b.WriteString(g.unit)
		started, pendingZero = true, false
	}
	return b.String()
}

// writeSection writes 1..9999 (or more for the top group); leading says
// whether this is the first group, where 一十 is shortened to 十.
func writeSection(b *strings.Builder, n int, leading bool) {
	if n >= 10_000 {
		// Only the 亿 group can exceed a section: recurse through the
		// full formatter, which handles its own 万.
		b.WriteString(FormatNumeral(n))
		return
	}
	units := []struct {
		val  int
		name string
	}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}}
	wrote, zero := false, false
	for _, u := range units {
		d := n / u.val % 10
		if d == 0 {
			if wrote {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if !(leading && !wrote && d == 1 && u.val == 10) {
			b.WriteString(digitChars[d])
		}
		b.WriteString(u.name)
		wrote = true
	}
}

// ParseArticleLabel reads an article label: 第一百零一条, 第二十条之一, 第32条,
// also with stray spaces (第三十五 条). ok is false for anything else.
func ParseArticleLabel(s string) (num, suffix int, ok bool) {
	s = strings.TrimSpace(s)
	num, suffix, n, _, ok := scanArticleLabel(s)
	if !ok || strings.TrimSpace(s[n:]) != "" {
		return 0, 0, false
	}
	return num, suffix, true
}

// ArticleLabel writes the label of article num with suffix (之N), as laws
// print it: ArticleLabel(20, 1) = 第二十条之一.
func ArticleLabel(num, suffix int) string {
	s := "第" + FormatNumeral(num) + "条"
	if suffix > 0 {
		s += "之" + FormatNumeral(suffix)
	}
	return s
}

// Label defects that scanArticleLabel repairs; the parser reports them.
const (
	defectSpace = "space inside label"
	defectDash  = "－ written for 一"
	defectZhu   = "笫 written for 第"
)

// scanArticleLabel reads an article label at the start of s and returns the
// number, suffix, the byte length consumed, and the defect it repaired ("" if
// none). It accepts spaces between the parts, the OCR slips 笫 for 第 and
// 全角 －/— for 一 inside the numeral.
func scanArticleLabel(s string) (num, suffix, n int, defect string, ok bool) {
	i := 0
	switch {
	case strings.HasPrefix(s, "第"):
		i = len("第")
	case strings.HasPrefix(s, "笫"):
		i, defect = len("笫"), defectZhu
	default:
		return 0, 0, 0, "", false
	}
	i = skipSpaces(s, i, &defect)
	start := i
	var numeral strings.Builder
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '－' || r == '—' {
			if defect == "" {
				defect = defectDash
			}
			numeral.WriteRune('一')
		} else if isNumeralRune(r) {
			numeral.WriteRune(r)
		} else {
			break
		}
		i += size
	}
	if i == start {
		return 0, 0, 0, "", false
	}
	v, err := ParseNumeral(numeral.String())
	if err != nil || v <= 0 {
		return 0, 0, 0, "", false
	}
	i = skipSpaces(s, i, &defect)
	if !strings.HasPrefix(s[i:], "条") {
		return 0, 0, 0, "", false
	}
	i += len("条")
	num, n = v, i
	if strings.HasPrefix(s[i:], "之") {
		j := i + len("之")
		k := j
		for k < len(s) {
			r, size := utf8.DecodeRuneInString(s[k:])
			if !isNumeralRune(r) {
				break
			}
			k += size
		}
		if k > j {
			if sv, err := ParseNumeral(s[j:k]); err == nil && sv > 0 {
				suffix, n = sv, k
			}
		}
	}
	return num, suffix, n, defect, true
}

// skipSpaces skips ASCII and ideographic spaces from i; any skipped space
// inside a label is a defect worth reporting.
func skipSpaces(s string, i int, defect *string) int {
	j := i
	for j < len(s) {
		if s[j] == ' ' || s[j] == '\t' {
			j++
			continue
		}
		if strings.HasPrefix(s[j:], "\u3000") {
			j += len("\u3000")
			continue
		}
		break
	}
	if j > i && *defect == "" {
		*defect = defectSpace
	}
	return j
}

// ParseChineseDate reads a date written the Chinese way: 2021年1月22日,
// 二〇二一年三月一日, ２０１３年１月１日; with month precision (2021年3月) the
// day is the 1st.
func ParseChineseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	d, n, ok := scanChineseDate(s)
	if !ok || n != len(s) {
		return Date{}, Errorf(CodeInvalid, "date %q: want 2021年1月22日, 二〇二一年三月一日 or 2021年3月", s)
	}
	return d, nil
}

// scanChineseDate reads a date at the start of s and returns its byte
// length; the day is optional.
func scanChineseDate(s string) (Date, int, bool) {
	yEnd := strings.Index(s, "年")
	if yEnd <= 0 || yEnd > 4*len("〇") {
		return Date{}, 0, false
	}
	year, err := ParseNumeral(s[:yEnd])
	if err != nil || utf8.RuneCountInString(s[:yEnd]) != 4 || year < 1000 {
		return Date{}, 0, false
	}
	i := yEnd + len("年")
	month, mLen, ok := scanDatePart(s[i:], "月")
	if !ok || month < 1 || month > 12 {
		return Date{}, 0, false
	}
	i += mLen
	day, dLen, ok := scanDatePart(s[i:], "日")
	if !ok {
		return NewDate(year, time.Month(month), 1), i, true
	}
	d := NewDate(year, time.Month(month), day)
	if day < 1 || d.Time().Day() != day {
		return Date{}, 0, false
	}
	return d, i + dLen, true
}

// scanDatePart reads a numeral of at most three characters followed by unit
// (月 or 日), allowing spaces around the numeral.
func scanDatePart(s, unit string) (int, int, bool) {
	j := strings.Index(s, unit)
	if j <= 0 || j > 4*len("十") {
		return 0, 0, false
	}
	part := strings.TrimSpace(s[:j])
	if part == "" || utf8.RuneCountInString(part) > 3 {
		return 0, 0, false
	}
	v, err := ParseNumeral(part)
	if err != nil {
		return 0, 0, false
	}
	return v, j + len(unit), true
}

// ProvisionLabel writes a provision the way statutes cite it: the article
// label, then 第N款 and 第（N）项 once each. A label that already names its
// 款 or 项 (第二十一条第一款) keeps them and gets nothing twice.
func ProvisionLabel(article string, paragraph, item int) string {
	s := article
	if paragraph > 0 && !strings.Contains(s, "款") {
		s += "第" + FormatNumeral(paragraph) + "款"
	}
	if item > 0 && !strings.Contains(s, "项") {
		s += "第（" + FormatNumeral(item) + "）项"
	}
	return s
}
