package analysis

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// emitFunc receives one term with its byte span in the original input and
// its 1-based position (a search-mode sub-word shares the position of the
// word it was cut from).
type emitFunc func(term []byte, start, end, pos int)

// labelBuf is how many labels walk finds without allocating; an article
// rarely cites more.
const labelBuf = 8

// walk analyses in: fold full-width letters and digits, cut out the
// labels, segment the text between them (gse's shortest path, see
// engine), drop punctuation and whitespace, lower-case. With search, every
// word is followed by its dictionary sub-words of two or more characters
// (中华人民共和国 → 中华, 人民共和国, 人民, 共和国, 共和) at its own
// position; single characters are left out, as they would match almost
// anything.
func (s *Segmenter) walk(in []byte, search bool, emit emitFunc) {
	f := fold(in)
	text := f.text
	var buf [labelBuf]label
	labels := findLabels(text, buf[:0])
	sc := s.eng.pool.Get().(*scratch)
	defer s.eng.pool.Put(sc)
	w := walker{eng: s.eng, sc: sc, f: &f, search: search, emit: emit}
	at := 0
	for _, l := range labels {
		w.segment(at, l.start)
		w.pos++
		emit(l.term, f.orig(l.start), f.orig(l.end), w.pos)
		at = l.end
	}
	w.segment(at, len(text))
}

// walker carries the state of one walk.
type walker struct {
	eng    *engine
	sc     *scratch
	f      *folded
	search bool
	emit   emitFunc
	pos    int
}

// segment cuts f.text[from:to] and emits its words.
func (w *walker) segment(from, to int) {
	if from >= to {
		return
	}
	text := w.f.text
	for _, sg := range w.eng.segment(text[from:to], w.sc) {
		st, en := from+int(sg.start), from+int(sg.end)
		if !wordy(text[st:en]) {
			continue
		}
		w.pos++
		w.emit(w.term(st, en), w.f.orig(st), w.f.orig(en), w.pos)
		if w.search {
			for _, sub := range w.eng.subwords(sg.word) {
				ss, se := st+int(sub.start), st+int(sub.end)
				w.emit(w.term(ss, se), w.f.orig(ss), w.f.orig(se), w.pos)
			}
		}
	}
}

// term returns f.text[st:en] lower-cased, copying only when a letter
// changes; otherwise the term shares the input's bytes, as bleve's own
// tokenizers do.
func (w *walker) term(st, en int) []byte {
	b := w.f.text[st:en]
	for _, c := range b {
		// 'A'-'Z', or the lead byte of a two-byte rune (Latin-1, Greek,
		// Cyrillic), which may be upper case; Han text has neither.
		if (c >= 'A' && c <= 'Z') || (c >= 0xC2 && c <= 0xDF) {
			return bytes.ToLower(b)
		}
	}
	return b
}

// wordy reports whether b holds a letter or a digit, i.e. is not a run of
// punctuation, symbols or whitespace.
func wordy(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < utf8.RuneSelf:
			if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
				return true
			}
			i++
			continue
		case c >= 0xE5 && c <= 0xE9 && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80:
			return true // U+5000-U+9FFF: CJK ideographs, no need to decode
		}
		r, n := utf8.DecodeRune(b[i:])
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
		i += n
	}
	return false
}
