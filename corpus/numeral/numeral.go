// Package numeral reads and writes the numerals of legal texts: Chinese
// (一百零一, 两千, 二〇二一), Arabic and full-width digits. It is a leaf:
// corpus (article labels, dates, citations) and corpus/penalty (amounts)
// both read numbers through it.
package numeral

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxNumeral bounds what Parse accepts: nothing in a law needs more,
// and below it Format and Parse are exact inverses.
const (
	maxNumeral = 999_999_999_999
	maxDigits  = 12
)

// Digit maps a Chinese digit to its value; 两 is 2 only before a unit
// or alone, which the callers check.
func Digit(r rune) (int, bool) {
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

// ArabicDigit maps ASCII and full-width digits (０-９) to their value.
func ArabicDigit(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

// SmallUnit is 十/百/千, the units inside a four-digit section.
func SmallUnit(r rune) int {
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

// IsRune reports whether r can be part of a numeral Parse reads.
func IsRune(r rune) bool {
	if _, ok := Digit(r); ok {
		return true
	}
	if _, ok := ArabicDigit(r); ok {
		return true
	}
	return SmallUnit(r) != 0 || bigUnit(r) != 0
}

// Parse reads a whole number up to 999999999999 written as a Chinese
// numeral with units (十二, 一百零一, 一千二百, 两千, 一万零五百), digit by digit
// (二〇二一), or in ASCII or full-width Arabic digits (32, ３２). Colloquial
// abbreviations are read as a speaker means them: 一百五 is 150.
func Parse(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("numeral: empty")
	}
	if !utf8.ValidString(s) {
		return 0, fmt.Errorf("numeral %q: not UTF-8", s)
	}
	r0, _ := utf8.DecodeRuneInString(s)
	if _, ok := ArabicDigit(r0); ok {
		return parseArabic(s)
	}
	hasUnit := false
	for _, r := range s {
		if SmallUnit(r) != 0 || bigUnit(r) != 0 {
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
		return 0, fmt.Errorf("numeral %q: above %d", s, maxNumeral)
	}
	return n, err
}

func parseArabic(s string) (int, error) {
	n, count := 0, 0
	for _, r := range s {
		d, ok := ArabicDigit(r)
		if !ok {
			return 0, fmt.Errorf("numeral %q: %q is not a digit", s, r)
		}
		count++
		if count > maxDigits {
			return 0, fmt.Errorf("numeral %q: too many digits", s)
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
		d, ok := Digit(r)
		if !ok || r == '两' {
			return 0, fmt.Errorf("numeral %q: %q is not a digit", s, r)
		}
		count++
		if count > maxDigits {
			return 0, fmt.Errorf("numeral %q: too many digits", s)
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
		return 0, fmt.Errorf("numeral %q: %s", s, why)
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
		if d, ok := Digit(r); ok {
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
		if u := SmallUnit(r); u != 0 {
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

// Format writes n as a Chinese numeral with units, the form laws use
// for article numbers: 101 → 一百零一, 10 → 十, 110 → 一百一十. Parse
// reads it back for every n from 0 to 999999999999.
func Format(n int) string {
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
		b.WriteString(Format(n))
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
