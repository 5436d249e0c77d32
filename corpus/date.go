package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day. The zero value means unknown or open-ended.
// It marshals to JSON as "YYYY-MM-DD", or null when zero.
type Date struct{ t time.Time }

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(CodeInvalid, "date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// Time returns the day as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// Year returns the year, 0 when unknown.
func (d Date) Year() int {
	if d.IsZero() {
		return 0
	}
	return d.t.Year()
}

// String renders YYYY-MM-DD, or "" when zero.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Compact renders YYYYMMDD for ids, "0" when zero.
func (d Date) Compact() string {
	if d.IsZero() {
		return "0"
	}
	return d.t.Format("20060102")
}

// MarshalJSON implements json.Marshaler.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("corpus: date %s: want a string", s)
	}
	v, err := ParseDate(s[1 : len(s)-1])
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// GobEncode implements gob.GobEncoder.
func (d Date) GobEncode() ([]byte, error) { return []byte(d.Compact()), nil }

// GobDecode implements gob.GobDecoder.
func (d *Date) GobDecode(b []byte) error {
	if string(b) == "0" {
		*d = Date{}
		return nil
	}
	t, err := time.Parse("20060102", string(b))
	if err != nil {
		return err
	}
	*d = Date{t}
	return nil
}

// ParseDay reads a day as people type it: 2024-05-01, 2024/5/1, 2024.5.1
// or 2024年5月1日. A day that does not exist is an error.
func ParseDay(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if d, n, ok := scanChineseDate(s); ok && n == len(s) && strings.HasSuffix(s, "日") {
		return d, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) == 3 && len(parts[0]) == 4 {
		y, e1 := strconv.Atoi(parts[0])
		m, e2 := strconv.Atoi(parts[1])
		d, e3 := strconv.Atoi(parts[2])
		if e1 == nil && e2 == nil && e3 == nil && m >= 1 && m <= 12 && d >= 1 {
			day := NewDate(y, time.Month(m), d)
			if day.Time().Day() == d {
				return day, nil
			}
		}
	}
	return Date{}, Errorf(CodeInvalid, "日期 %q：请写成 2024年5月1日 或 2024-05-01", s)
}

// levelRanks order the 效力级别 from the highest, as the national database
// and 北大法宝 list them; texts of no level come last.
var levelRanks = map[string]int{
	LevelConstitution: 1, LevelLaw: 2, LevelJudicial: 3, LevelAdminRegulation: 4, LevelDeptRule: 5,
	LevelProvincial: 6, LevelAutonomous: 7, LevelSeparate: 8, LevelCity: 9, LevelCase: 10,
}

// LevelRank is the place of a 效力级别 in that order (1 for 宪法); 99 for
// any other level.
func LevelRank(level string) int {
	if r, ok := levelRanks[level]; ok {
		return r
	}
	return 99
}
