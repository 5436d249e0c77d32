package corpus

import (
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus/numeral"
)

// periodUnits are the units a statute states a time limit in, longest
// first so that 个工作日 is not read as 日.
var periodUnits = []string{"个工作日", "个月", "工作日", "小时", "日", "天", "年"}

// StatesPeriod reports whether text states a time limit or a duration: a
// number followed by a unit of time (三十日, 六个月内, 二十四小时, 15个工作日),
// not a calendar date (2019年3月12日, 二〇一九年).
func StatesPeriod(text string) bool {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !numeral.IsRune(r) {
			i += n
			continue
		}
		start := i
		for i < len(text) {
			r, n = utf8.DecodeRuneInString(text[i:])
			if !numeral.IsRune(r) {
				break
			}
			i += n
		}
		if isPeriod(text[start:i], text[:start], text[i:]) {
			return true
		}
	}
	return false
}

// isPeriod reads the number num between before and after as a period.
func isPeriod(num, before, after string) bool {
	for _, u := range periodUnits {
		if !strings.HasPrefix(after, u) {
			continue
		}
		switch u {
		case "年":
			// a year of the calendar: four digits or 〇 (2019年, 二〇一九年)
			if strings.ContainsRune(num, '〇') || strings.ContainsRune(num, '零') && utf8.RuneCountInString(num) == 4 ||
				utf8.RuneCountInString(num) == 4 && num[0] >= '0' && num[0] <= '9' {
				return false
			}
		case "日":
			// the day of a date (3月12日)
			if strings.HasSuffix(before, "月") {
				return false
			}
		}
		return true
	}
	return false
}

// StatesAmount reports whether text states a sum of money (五千元, 2000元,
// 一万元以上).
func StatesAmount(text string) bool {
	for i := strings.Index(text, "元"); i >= 0; {
		if i > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:i])
			if numeral.IsRune(r) {
				return true
			}
		}
		j := strings.Index(text[i+len("元"):], "元")
		if j < 0 {
			break
		}
		i += len("元") + j
	}
	return false
}
