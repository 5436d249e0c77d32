package search

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// maxOccurrences bounds the work spent on one text: a long case section can
// repeat a common word hundreds of times, and the first few hundred are
// plenty to find the best window.
const maxOccurrences = 256

// maxTokenScan is how many bytes of a text the analyzer scans for terms that
// a plain substring search cannot find.
const maxTokenScan = 8 << 10

// occurrence is a raw match of query term number term at bytes [start,end)
// and runes [rstart,rend) of a text.
type occurrence struct {
	start, end   int
	rstart, rend int
	term         int
}

// findOccurrences returns the places where the terms occur in text, ordered
// by position, with rune offsets filled in.
func findOccurrences(text string, terms []string) []occurrence {
	var occ []occurrence
	for ti, t := range terms {
		if t == "" {
			continue
		}
		for from := 0; from < len(text) && len(occ) < maxOccurrences; {
			i := strings.Index(text[from:], t)
			if i < 0 {
				break
			}
			s := from + i
			occ = append(occ, occurrence{start: s, end: s + len(t), term: ti})
			from = s + len(t)
		}
	}
	fillRunes(text, occ)
	return occ
}

// tokenOccurrences finds the query terms among the analyzer's tokens of
// text: it catches what a raw search misses, such as 第三十二条 for the
// normalised query term 第32条.
func tokenOccurrences(text string, terms []string, an analysis.Analyzer) []occurrence {
	if an == nil || text == "" {
		return nil
	}
	want := make(map[string]int, len(terms))
	for i, t := range terms {
		want[t] = i
	}
	var occ []occurrence
	for _, tok := range an.Analyze([]byte(text)) {
		ti, ok := want[string(tok.Term)]
		if !ok || !validSpan(text, tok.Start, tok.End) {
			continue
		}
		occ = append(occ, occurrence{start: tok.Start, end: tok.End, term: ti})
		if len(occ) == maxOccurrences {
			break
		}
	}
	fillRunes(text, occ)
	return occ
}

// fillRunes orders occ by position and fills in the rune offsets in one
// pass over text.
func fillRunes(text string, occ []occurrence) {
	sort.Slice(occ, func(i, j int) bool {
		if occ[i].start != occ[j].start {
			return occ[i].start < occ[j].start
		}
		return occ[i].end > occ[j].end
	})
	// one pass over the text turns byte offsets into rune offsets
	offs := make([]int, 0, 2*len(occ))
	for _, o := range occ {
		offs = append(offs, o.start, o.end)
	}
	sort.Ints(offs)
	runeAt := make(map[int]int, len(offs))
	r, b := 0, 0
	for _, off := range offs {
		if _, ok := runeAt[off]; ok {
			continue
		}
		r += utf8.RuneCountInString(text[b:off])
		b = off
		runeAt[off] = r
	}
	for i := range occ {
		occ[i].rstart, occ[i].rend = runeAt[occ[i].start], runeAt[occ[i].end]
	}
}

// validSpan reports whether [st,en) is a non-empty span of s on rune
// boundaries: analyzer offsets are trusted only then.
func validSpan(s string, st, en int) bool {
	return st >= 0 && en <= len(s) && st < en && utf8.RuneStart(s[st]) && (en == len(s) || utf8.RuneStart(s[en]))
}

// bestCluster picks the occurrences [i,j] that fit in width runes and cover
// the most distinct terms, then the most occurrences.
func bestCluster(occ []occurrence, width int) (first, last int) {
	bestDistinct, bestCount := -1, -1
	seen := map[int]int{}
	j := 0
	for i := range occ {
		if j < i {
			j = i
			clear(seen)
		}
		for j < len(occ) && occ[j].rend-occ[i].rstart <= width {
			seen[occ[j].term]++
			j++
		}
		if d, n := len(seen), j-i; d > bestDistinct || (d == bestDistinct && n > bestCount) {
			bestDistinct, bestCount, first, last = d, n, i, j-1
		}
		if j > i {
			if seen[occ[i].term]--; seen[occ[i].term] == 0 {
				delete(seen, occ[i].term)
			}
		}
	}
	return first, last
}

// minSpan is the length in runes of the shortest stretch of text that holds
// every distinct term at least once, or -1 when some term is missing.
func minSpan(occ []occurrence, nterms int) int {
	best := -1
	count := map[int]int{}
	j := 0
	for i := range occ {
		for j < len(occ) && len(count) < nterms {
			count[occ[j].term]++
			j++
		}
		if len(count) < nterms {
			break
		}
		// occ is ordered by start; the window ends at the furthest end seen
		end := 0
		for k := i; k < j; k++ {
			end = max(end, occ[k].rend)
		}
		if span := end - occ[i].rstart; best < 0 || span < best {
			best = span
		}
		if count[occ[i].term]--; count[occ[i].term] == 0 {
			delete(count, occ[i].term)
		}
	}
	return best
}

// Snippet cuts a window of about width runes from text around the best
// cluster of the query terms, marks the tokens the analyzer finds there that
// are query terms, merges touching marks into one <mark>, and HTML-escapes
// the rest. Line breaks become spaces. Without any occurrence the window is
// the start of the text.
func Snippet(text string, terms []string, an analysis.Analyzer, width int) string {
	if width <= 0 {
		width = 120
	}
	occ := findOccurrences(text, terms)
	if len(occ) == 0 {
		// Normalised terms (labels, full-width letters) are found by the
		// analyzer only; scan the head of the text with it.
		head := text
		if len(head) > maxTokenScan {
			cut := maxTokenScan
			for cut > 0 && !utf8.RuneStart(head[cut]) {
				cut--
			}
			head = head[:cut]
		}
		occ = tokenOccurrences(head, terms, an)
	}
	total := utf8.RuneCountInString(text)
	ws, we := 0, min(total, width) // window in runes
	if len(occ) > 0 {
		i, j := bestCluster(occ, width)
		from, to := occ[i].rstart, occ[i].rend
		for k := i; k <= j; k++ {
			to = max(to, occ[k].rend)
		}
		pad := (width - (to - from)) / 2
		// a little less context before than after reads better
		ws = max(0, from-pad/2)
		we = min(total, ws+width)
		ws = max(0, min(ws, we-width))
		if to > we { // a single occurrence longer than the window
			ws, we = from, to
		}
	}
	bs, be := runeToByte(text, ws, we)
	window := text[bs:be]

	marks := analyzerMarks(window, terms, an)
	if len(marks) == 0 {
		// The analyzer segmented this stretch differently from the
		// document as a whole; mark the raw occurrences rather than none.
		for _, o := range findOccurrences(window, terms) {
			marks = append(marks, [2]int{o.start, o.end})
		}
	}
	marks = mergeMarks(marks)

	var b strings.Builder
	b.Grow(len(window) + 32*len(marks) + 8)
	if bs > 0 {
		b.WriteString("…")
	}
	at := 0
	for _, m := range marks {
		writeEscaped(&b, window[at:m[0]])
		b.WriteString("<mark>")
		writeEscaped(&b, window[m[0]:m[1]])
		b.WriteString("</mark>")
		at = m[1]
	}
	writeEscaped(&b, window[at:])
	if be < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// analyzerMarks segments s with the analyzer and returns the byte spans of
// the tokens that are query terms.
func analyzerMarks(s string, terms []string, an analysis.Analyzer) [][2]int {
	if an == nil || s == "" {
		return nil
	}
	want := make(map[string]bool, len(terms))
	for _, t := range terms {
		want[t] = true
	}
	var marks [][2]int
	for _, tok := range an.Analyze([]byte(s)) {
		if !want[string(tok.Term)] {
			continue
		}
		if validSpan(s, tok.Start, tok.End) {
			marks = append(marks, [2]int{tok.Start, tok.End})
		}
	}
	return marks
}

// mergeMarks sorts spans and merges those that overlap or touch, so that
// 责令 + 改正 becomes one <mark>责令改正</mark>.
func mergeMarks(m [][2]int) [][2]int {
	if len(m) < 2 {
		return m
	}
	sort.Slice(m, func(i, j int) bool { return m[i][0] < m[j][0] })
	out := m[:1]
	for _, s := range m[1:] {
		last := &out[len(out)-1]
		if s[0] <= last[1] {
			last[1] = max(last[1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// runeToByte converts the rune offsets [rs,re) of s to byte offsets.
func runeToByte(s string, rs, re int) (bs, be int) {
	bs, be = len(s), len(s)
	r := 0
	for i := range s {
		if r == rs {
			bs = i
		}
		if r == re {
			be = i
			break
		}
		r++
	}
	return bs, be
}

func writeEscaped(b *strings.Builder, s string) {
	b.WriteString(strings.ReplaceAll(html.EscapeString(s), "\n", " "))
}
