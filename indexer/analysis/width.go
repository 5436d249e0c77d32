package analysis

import "sort"

// Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ: U+FF10-FF5A) are
// folded to ASCII before segmentation, not after: gse groups a run of ASCII
// letters and digits into one word but cuts full-width ones into single
// characters, so ＧＢ８９７８ would otherwise never meet GB8978. Full-width
// punctuation is left alone; it is dropped as punctuation either way.

// folded is a text with its full-width letters and digits narrowed, plus
// what it takes to map a byte offset back to the original text.
type folded struct {
	text []byte
	// at holds, ascending, the offsets in text of the characters that were
	// three bytes in the original; nil when nothing was folded.
	at []int
}

// fold narrows the full-width letters and digits of in. When there are
// none (the common case) it returns in itself, without copying.
func fold(in []byte) folded {
	first := -1
	for i := 0; i+2 < len(in); i++ {
		if in[i] == 0xEF && isFullWidthAlnum(in[i+1], in[i+2]) {
			first = i
			break
		}
	}
	if first < 0 {
		return folded{text: in}
	}
	out := make([]byte, 0, len(in))
	out = append(out, in[:first]...)
	var at []int
	for i := first; i < len(in); {
		if i+2 < len(in) && in[i] == 0xEF && isFullWidthAlnum(in[i+1], in[i+2]) {
			at = append(at, len(out))
			out = append(out, narrow(in[i+1], in[i+2]))
			i += 3
			continue
		}
		out = append(out, in[i])
		i++
	}
	return folded{text: out, at: at}
}

// isFullWidthAlnum reports whether EF b1 b2 encodes U+FF10-FF19,
// U+FF21-FF3A or U+FF41-FF5A.
func isFullWidthAlnum(b1, b2 byte) bool {
	switch b1 {
	case 0xBC:
		return (b2 >= 0x90 && b2 <= 0x99) || (b2 >= 0xA1 && b2 <= 0xBA)
	case 0xBD:
		return b2 >= 0x81 && b2 <= 0x9A
	}
	return false
}

// narrow returns the ASCII byte of the full-width character EF b1 b2.
func narrow(b1, b2 byte) byte {
	r := 0xFF00 | rune(b1&0x3F)<<6 | rune(b2&0x3F)
	return byte(r - 0xFEE0)
}

// orig maps an offset in the folded text to the original text.
func (f *folded) orig(n int) int {
	if f.at == nil {
		return n
	}
	return n + 2*sort.SearchInts(f.at, n)
}
