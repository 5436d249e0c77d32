package corpus

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus/numeral"
)

// ParseNumeral reads a Chinese or Arabic numeral (一百零一, 两千, 二〇二一,
// 32, ３２) as numeral.Parse does; errors carry CodeInvalid.
func ParseNumeral(s string) (int, error) {
	n, err := numeral.Parse(s)
	if err != nil {
		return 0, Errorf(CodeInvalid, "%s", err.Error())
	}
	return n, nil
}

// FormatNumeral writes n as a Chinese numeral with units, the form laws use
// for article numbers (101 → 一百零一); see numeral.Format.
func FormatNumeral(n int) string { return numeral.Format(n) }

// The digit readers of package numeral under the names the parsers use.
var (
	chineseDigit  = numeral.Digit
	arabicDigit   = numeral.ArabicDigit
	smallUnit     = numeral.SmallUnit
	isNumeralRune = numeral.IsRune
)

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
