package crawler

import (
	"regexp"

	"github.com/lawkb/lawkb/corpus"
)

// numericDate finds 2021-01-22, 2021/1/22, 2021.01.22 and 2021年1月22日.
var numericDate = regexp.MustCompile(`([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})`)

// parseDate finds the first date in text such as "发布日期：2021-01-22" or
// "二〇二一年一月二十二日".
func parseDate(s string) (corpus.Date, bool) {
	s = clean(s)
	if loc := numericDate.FindStringSubmatchIndex(s); loc != nil {
		return numericDay(s[loc[2]:loc[3]], s[loc[4]:loc[5]], s[loc[6]:loc[7]])
	}
	if loc := dateRe.FindStringSubmatchIndex(s); loc != nil {
		return datePart(s, loc)
	}
	return corpus.Date{}, false
}

// numericDay reads the date numericDate matched with corpus.ParseDay,
// which refuses days that do not exist (no 2月30日); years outside
// 1900–2200 are page noise, not dates.
func numericDay(y, m, d string) (corpus.Date, bool) {
	if y < "1900" || y > "2200" {
		return corpus.Date{}, false
	}
	day, err := corpus.ParseDay(y + "-" + m + "-" + d)
	return day, err == nil
}
