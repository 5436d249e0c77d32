package crawler

import (
	"regexp"
	"strconv"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// numericDate finds 2021-01-22, 2021/1/22, 2021.01.22 and 2021年1月22日.
var numericDate = regexp.MustCompile(`([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})`)

// parseDate finds the first date in text such as "发布日期：2021-01-22" or
// "二〇二一年一月二十二日".
func parseDate(s string) (corpus.Date, bool) {
	s = clean(s)
	if loc := numericDate.FindStringSubmatchIndex(s); loc != nil {
		y, _ := strconv.Atoi(s[loc[2]:loc[3]])
		m, _ := strconv.Atoi(s[loc[4]:loc[5]])
		d, _ := strconv.Atoi(s[loc[6]:loc[7]])
		return makeDate(y, m, d)
	}
	if loc := dateRe.FindStringSubmatchIndex(s); loc != nil {
		return datePart(s, loc)
	}
	return corpus.Date{}, false
}

// makeDate checks the day exists (no 2月30日) before building it.
func makeDate(y, m, d int) (corpus.Date, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return corpus.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return corpus.Date{}, false
	}
	return corpus.NewDate(y, time.Month(m), d), true
}
