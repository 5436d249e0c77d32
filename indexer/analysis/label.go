package analysis

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// Structural labels (第三十二条, 第 三十二 条, 第32条, 第二十条之一, 第一款,
// 第（二）项, 第三章 …) are cut out of the text before gse sees it and
// indexed as one canonical token each: 第<arabic>条, 第<n>条之<m>, 第<n>款,
// 第<n>项, 第<n>章, 第<n>节, 第<n>编. A citation typed either way then
// meets the article it names, and gse never splits a label into 第三/十二条.

// maxNumeralRunes bounds how far a label's numeral is scanned, so a long
// run of numerals after 第 costs no more than a few bytes of look-ahead.
const maxNumeralRunes = 12

// maxLabelNumber is the largest number a label may carry; no Chinese text
// has more articles, and a bound keeps a garbage numeral from overflowing.
const maxLabelNumber = 99999

// label is one structural label found in a text: the byte span it covers
// and its canonical term.
type label struct {
	start, end int
	term       []byte
}

// findLabels returns the labels of text in order. It looks only at the
// bytes after each 第, so text without labels costs one bytes.Index scan.
func findLabels(text []byte, out []label) []label {
	out = out[:0]
	for i := 0; i < len(text); {
		j := bytes.Index(text[i:], di)
		if j < 0 {
			break
		}
		start := i + j
		if l, ok := matchLabel(text, start); ok {
			out = append(out, l)
			i = l.end
			continue
		}
		i = start + len(di)
	}
	return out
}

var di = []byte("第")

// matchLabel reads a label starting at the 第 at text[start:].
func matchLabel(text []byte, start int) (label, bool) {
	i := start + len("第")
	i = skipSpace(text, i)
	paren := false
	if r, n := utf8.DecodeRune(text[i:]); r == '（' || r == '(' {
		paren = true
		i = skipSpace(text, i+n)
	}
	num, i, ok := readNumeral(text, i)
	if !ok {
		return label{}, false
	}
	if paren {
		i = skipSpace(text, i)
		r, n := utf8.DecodeRune(text[i:])
		if r != '）' && r != ')' {
			return label{}, false
		}
		i += n
	}
	i = skipSpace(text, i)
	unit, n := utf8.DecodeRune(text[i:])
	switch unit {
	case '条', '章', '节', '编':
		if paren {
			return label{}, false
		}
	case '款', '项':
	default:
		return label{}, false
	}
	i += n
	term := make([]byte, 0, 16)
	term = append(term, "第"...)
	term = strconv.AppendInt(term, int64(num), 10)
	term = utf8.AppendRune(term, unit)
	if unit == '条' {
		// 之一 directly after the unit makes an inserted article (第二十条之一);
		// 之 followed by anything else (第十条之规定) is ordinary text.
		if r, n := utf8.DecodeRune(text[i:]); r == '之' {
			if sub, j, ok := readNumeral(text, i+n); ok {
				term = append(term, "之"...)
				term = strconv.AppendInt(term, int64(sub), 10)
				i = j
			}
		}
	}
	return label{start: start, end: i, term: term}, true
}

// skipSpace skips the blanks that real files carry inside labels
// (第三十五 条): ASCII space and tab, no-break space, ideographic space.
func skipSpace(text []byte, i int) int {
	for i < len(text) {
		switch {
		case text[i] == ' ' || text[i] == '\t':
			i++
		case i+1 < len(text) && text[i] == 0xC2 && text[i+1] == 0xA0:
			i += 2
		case i+2 < len(text) && text[i] == 0xE3 && text[i+1] == 0x80 && text[i+2] == 0x80:
			i += 3
		default:
			return i
		}
	}
	return i
}

// readNumeral reads a Chinese (三十二, 一百零一, 二〇二) or Arabic (32)
// numeral at text[i:] and returns its value and the index after it.
func readNumeral(text []byte, i int) (int, int, bool) {
	j := i
	var runes [maxNumeralRunes]rune
	n := 0
	for j < len(text) && n < maxNumeralRunes {
		r, size := utf8.DecodeRune(text[j:])
		if !isNumeralRune(r) {
			break
		}
		runes[n] = r
		n++
		j += size
	}
	if n == 0 {
		return 0, i, false
	}
	v, ok := parseNumeral(runes[:n])
	if !ok || v < 1 || v > maxLabelNumber {
		return 0, i, false
	}
	return v, j, true
}

func isNumeralRune(r rune) bool {
	if r >= '0' && r <= '9' {
		return true
	}
	_, digit := chineseDigit(r)
	_, unit := chineseUnit(r)
	return digit || unit
}

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

func chineseUnit(r rune) (int, bool) {
	switch r {
	case '十':
		return 10, true
	case '百':
		return 100, true
	case '千':
		return 1000, true
	case '万':
		return 10000, true
	}
	return 0, false
}

// parseNumeral converts the runes of one numeral. A private converter:
// corpus had no numeral parser when this package was written, and a
// label's numeral is small enough that a local one costs nothing.
// Arabic digits and Chinese characters may not be mixed.
func parseNumeral(rs []rune) (int, bool) {
	if rs[0] >= '0' && rs[0] <= '9' {
		v := 0
		for _, r := range rs {
			if r < '0' || r > '9' {
				return 0, false
			}
			v = v*10 + int(r-'0')
			if v > maxLabelNumber {
				return 0, false
			}
		}
		return v, true
	}
	hasUnit := false
	for _, r := range rs {
		if _, ok := chineseUnit(r); ok {
			hasUnit = true
			break
		}
	}
	if !hasUnit {
		// Digit by digit (二〇二): read positionally.
		v := 0
		for _, r := range rs {
			d, ok := chineseDigit(r)
			if !ok {
				return 0, false
			}
			v = v*10 + d
			if v > maxLabelNumber {
				return 0, false
			}
		}
		return v, true
	}
	total, section, digit := 0, 0, -1
	lastUnit := 100000 // units fall within a section: 十百 is not a numeral
	for _, r := range rs {
		if d, ok := chineseDigit(r); ok {
			if digit > 0 {
				return 0, false // two digits in a row: 三五十
			}
			digit = d
			continue
		}
		u, _ := chineseUnit(r)
		if u == 10000 {
			if digit > 0 {
				section += digit
			}
			if section == 0 || total > 0 {
				return 0, false
			}
			total = section * 10000
			section, digit, lastUnit = 0, -1, 100000
			continue
		}
		if u >= lastUnit {
			return 0, false
		}
		lastUnit = u
		if digit < 0 {
			if u != 10 {
				return 0, false // 百 alone is not a number; 十 alone is ten
			}
			digit = 1
		}
		section += digit * u
		digit = -1
	}
	if digit > 0 {
		section += digit
	}
	return total + section, true
}
