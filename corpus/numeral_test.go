package corpus_test

import (
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func TestParseNumeral(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"零", 0}, {"〇", 0}, {"一", 1}, {"两", 2}, {"九", 9},
		{"十", 10}, {"十二", 12}, {"一十二", 12}, {"二十", 20}, {"九十九", 99},
		{"一百", 100}, {"一百零一", 101}, {"一百一十", 110}, {"一百十", 110}, {"一百一十一", 111},
		{"两百", 200}, {"一千", 1000}, {"一千二百", 1200}, {"一千零一", 1001}, {"一千零十", 1010},
		{"一千零一十", 1010}, {"一千二百六十", 1260}, {"两千", 2000}, {"三千零五十", 3050},
		{"一万", 10000}, {"一万零五百", 10500}, {"十万", 100000}, {"十万零五", 100005},
		{"一百万", 1000000}, {"一亿", 100000000}, {"一亿零一万", 100010000}, {"九千九百九十九亿九千九百九十九万九千九百九十九", 999999999999},
		{"一百五", 150}, {"一万二", 12000}, // colloquial
		{"二〇二一", 2021}, {"一九九七", 1997}, {"〇一", 1},
		{"32", 32}, {"0", 0}, {"３２", 32}, {"２０１３", 2013}, {" 十二 ", 12},
	}
	for _, tt := range tests {
		got, err := corpus.ParseNumeral(tt.in)
		if err != nil {
			t.Errorf("ParseNumeral(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseNumeral(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseNumeralErrors(t *testing.T) {
	for _, in := range []string{
		"", "  ", "百", "千", "十十", "一百千", "一二百", "零一百", "一百零", "一百零零一",
		"万", "一亿万", "一万亿", "3十", "十3", "二十a", "abc", "一-二", "两两", "第一",
		"1234567890123", "一二三四五六七八九〇一二三", "\xff",
	} {
		if got, err := corpus.ParseNumeral(in); err == nil {
			t.Errorf("ParseNumeral(%q) = %d, want an error", in, got)
		} else if corpus.ErrorCode(err) != corpus.CodeInvalid {
			t.Errorf("ParseNumeral(%q): code %s, want invalid", in, corpus.ErrorCode(err))
		}
	}
}

func TestFormatNumeral(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{0, "零"}, {1, "一"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {99, "九十九"},
		{100, "一百"}, {101, "一百零一"}, {110, "一百一十"}, {111, "一百一十一"},
		{1000, "一千"}, {1001, "一千零一"}, {1010, "一千零一十"}, {1100, "一千一百"},
		{1260, "一千二百六十"}, {2021, "二千零二十一"}, {10000, "一万"}, {10001, "一万零一"},
		{10010, "一万零一十"}, {10500, "一万零五百"}, {15000, "一万五千"}, {100000, "十万"},
		{100010, "十万零一十"}, {1000000, "一百万"}, {100000000, "一亿"}, {100010000, "一亿零一万"},
		{-5, "负五"},
	}
	for _, tt := range tests {
		if got := corpus.FormatNumeral(tt.in); got != tt.want {
			t.Errorf("FormatNumeral(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumeralRoundTrip(t *testing.T) {
	check := func(n int) {
		s := corpus.FormatNumeral(n)
		got, err := corpus.ParseNumeral(s)
		if err != nil || got != n {
			t.Errorf("ParseNumeral(FormatNumeral(%d) = %q) = %d, %v", n, s, got, err)
		}
	}
	for n := 1; n <= 3000; n++ {
		check(n)
	}
	for _, n := range []int{9999, 10000, 10001, 12345, 100001, 999999, 1000001, 123456789, 1000000001, 999999999999} {
		check(n)
	}
}

func TestParseArticleLabel(t *testing.T) {
	tests := []struct {
		in          string
		num, suffix int
		ok          bool
	}{
		{"第一条", 1, 0, true},
		{"第十条", 10, 0, true},
		{"第一百零一条", 101, 0, true},
		{"第一千二百六十条", 1260, 0, true},
		{"第二十条之一", 20, 1, true},
		{"第一百二十条之六", 120, 6, true},
		{"第三十五 条", 35, 0, true},
		{"第 三十五条", 35, 0, true},
		{"第三十五\u3000条", 35, 0, true},
		{"第32条", 32, 0, true},
		{"第３２条", 32, 0, true},
		{"  第五条 ", 5, 0, true},
		{"第三十－条", 31, 0, true}, // OCR slip in real files
		{"笫五十四条", 54, 0, true}, // OCR slip in real files
		{"第零条", 0, 0, false},
		{"第条", 0, 0, false},
		{"第一章", 0, 0, false},
		{"第一条 为了", 0, 0, false},
		{"一条", 0, 0, false},
		{"第百条", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		num, suffix, ok := corpus.ParseArticleLabel(tt.in)
		if num != tt.num || suffix != tt.suffix || ok != tt.ok {
			t.Errorf("ParseArticleLabel(%q) = %d, %d, %v; want %d, %d, %v", tt.in, num, suffix, ok, tt.num, tt.suffix, tt.ok)
		}
	}
}

func TestArticleLabel(t *testing.T) {
	tests := []struct {
		num, suffix int
		want        string
	}{
		{1, 0, "第一条"}, {10, 0, "第十条"}, {20, 1, "第二十条之一"}, {101, 0, "第一百零一条"},
		{110, 0, "第一百一十条"}, {1260, 0, "第一千二百六十条"}, {133, 2, "第一百三十三条之二"},
	}
	for _, tt := range tests {
		got := corpus.ArticleLabel(tt.num, tt.suffix)
		if got != tt.want {
			t.Errorf("ArticleLabel(%d, %d) = %q, want %q", tt.num, tt.suffix, got, tt.want)
		}
		num, suffix, ok := corpus.ParseArticleLabel(got)
		if !ok || num != tt.num || suffix != tt.suffix {
			t.Errorf("ParseArticleLabel(%q) = %d, %d, %v", got, num, suffix, ok)
		}
	}
}

func TestParseChineseDate(t *testing.T) {
	tests := []struct {
		in, want string // want "" for an error
	}{
		{"2021年1月22日", "2021-01-22"},
		{"2021年01月02日", "2021-01-02"},
		{"二〇二一年三月一日", "2021-03-01"},
		{"一九九七年十二月三十一日", "1997-12-31"},
		{"２０１３年１月１日", "2013-01-01"},
		{"2021年3月", "2021-03-01"},
		{"2021年 3月 5日", "2021-03-05"},
		{"2020年2月29日", "2020-02-29"},
		{"2021年2月29日", ""},
		{"2021年13月1日", ""},
		{"2021年0月1日", ""},
		{"2021年1月32日", ""},
		{"21年1月1日", ""},
		{"2021年", ""},
		{"2021-01-22", ""},
		{"2021年1月22日 施行", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, err := corpus.ParseChineseDate(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("ParseChineseDate(%q) = %s, want an error", tt.in, d)
		case tt.want != "" && err != nil:
			t.Errorf("ParseChineseDate(%q): %v", tt.in, err)
		case tt.want != "" && d.String() != tt.want:
			t.Errorf("ParseChineseDate(%q) = %s, want %s", tt.in, d, tt.want)
		}
	}
}

func FuzzParseNumeral(f *testing.F) {
	for _, s := range []string{"一百零一", "十二", "二〇二一", "32", "一万零五百", "一百五", "零", "两千", "十万零一十"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := corpus.ParseNumeral(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseNumeral(%q) = %d < 0", s, n)
		}
		back, err := corpus.ParseNumeral(corpus.FormatNumeral(n))
		if err != nil || back != n {
			t.Fatalf("ParseNumeral(%q) = %d, but FormatNumeral gives %q which reads as %d, %v",
				s, n, corpus.FormatNumeral(n), back, err)
		}
	})
}

func FuzzParseArticleLabel(f *testing.F) {
	for _, s := range []string{"第一百零一条", "第二十条之一", "第三十五 条", "第32条", "笫五条", "第三十－条"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		num, suffix, ok := corpus.ParseArticleLabel(s)
		if !ok {
			return
		}
		if num <= 0 || suffix < 0 {
			t.Fatalf("ParseArticleLabel(%q) = %d, %d", s, num, suffix)
		}
		label := corpus.ArticleLabel(num, suffix)
		n2, s2, ok2 := corpus.ParseArticleLabel(label)
		if !ok2 || n2 != num || s2 != suffix {
			t.Fatalf("ParseArticleLabel(%q) = %d, %d but %q reads as %d, %d, %v", s, num, suffix, label, n2, s2, ok2)
		}
	})
}

func TestProvisionLabel(t *testing.T) {
	for _, tt := range []struct {
		label     string
		para, itm int
		want      string
	}{
		{"第二十一条", 1, 0, "第二十一条第一款"},
		{"第二十一条第一款", 1, 0, "第二十一条第一款"},
		{"第十六条", 3, 2, "第十六条第三款第（二）项"},
		{"第十六条第三款", 3, 2, "第十六条第三款第（二）项"},
		{"第五条", 0, 0, "第五条"},
	} {
		if got := corpus.ProvisionLabel(tt.label, tt.para, tt.itm); got != tt.want {
			t.Errorf("ProvisionLabel(%q, %d, %d) = %q, want %q", tt.label, tt.para, tt.itm, got, tt.want)
		}
	}
}
