package analysis

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
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
	return r >= '0' && r <= '9' || strings.ContainsRune(numeralRunes, r)
}

// parseNumeral reads the runes of one numeral; Arabic digits and Chinese
// characters may not be mixed.
func parseNumeral(rs []rune) (int, bool) {
	arabic := rs[0] >= '0' && rs[0] <= '9'
	for _, r := range rs {
		if (r >= '0' && r <= '9') != arabic {
			return 0, false
		}
	}
	v, err := corpus.ParseNumeral(string(rs))
	return v, err == nil
}
