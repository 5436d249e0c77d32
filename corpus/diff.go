package corpus

import (
	"strings"
	"unicode/utf8"
)

// Tokenizer splits text into words. Diff takes one so that corpus needs no
// segmenter: the caller passes the segmenter's Cut. Tokens may drop
// punctuation or be normalised (第32条 for 第三十二条): Diff finds each token
// in the text and keeps what lies between as tokens of their own, so the
// diff always spells the texts exactly.
type Tokenizer func(string) []string

// DiffKind says what a run of a diff does.
type DiffKind string

// Diff operations.
const (
	DiffEqual  DiffKind = "equal"
	DiffInsert DiffKind = "insert" // in the newer text only
	DiffDelete DiffKind = "delete" // in the older text only
)

// DiffOp is a run of words that one text keeps, adds or drops.
type DiffOp struct {
	Kind DiffKind `json:"op"`
	Text string   `json:"text"`
}

// maxDiffEdits bounds the Myers search; texts further apart than this are
// reported as one deletion and one insertion, which is what they are to a
// reader anyway.
const maxDiffEdits = 1000

// Diff compares two texts word by word (words from tokenize) with Myers'
// algorithm and returns the runs, adjacent runs of one kind merged. The
// equal and deleted runs spell the words of a; the equal and inserted ones
// the words of b.
func Diff(a, b string, tokenize Tokenizer) []DiffOp {
	ta, tb := Words(a, tokenize), Words(b, tokenize)
	// Words become small integers so the search compares ints.
	ids := map[string]int{}
	intern := func(ws []string) []int {
		out := make([]int, len(ws))
		for i, w := range ws {
			id, ok := ids[w]
			if !ok {
				id = len(ids)
				ids[w] = id
			}
			out[i] = id
		}
		return out
	}
	xa, xb := intern(ta), intern(tb)

	var ops []DiffOp
	emit := func(k DiffKind, words []string) {
		if len(words) == 0 {
			return
		}
		s := strings.Join(words, "")
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += s
			return
		}
		ops = append(ops, DiffOp{Kind: k, Text: s})
	}

	// Common prefix and suffix need no search.
	pre := 0
	for pre < len(xa) && pre < len(xb) && xa[pre] == xb[pre] {
		pre++
	}
	suf := 0
	for suf < len(xa)-pre && suf < len(xb)-pre && xa[len(xa)-1-suf] == xb[len(xb)-1-suf] {
		suf++
	}
	emit(DiffEqual, ta[:pre])
	ma, mb := xa[pre:len(xa)-suf], xb[pre:len(xb)-suf]
	wa, wb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	for _, e := range myers(ma, mb) {
		switch e.kind {
		case DiffEqual:
			emit(DiffEqual, wa[e.i:e.i+e.n])
		case DiffDelete:
			emit(DiffDelete, wa[e.i:e.i+e.n])
		case DiffInsert:
			emit(DiffInsert, wb[e.j:e.j+e.n])
		}
	}
	emit(DiffEqual, ta[len(ta)-suf:])
	return ops
}

// tokenWindow bounds how far ahead Words looks for a token: a token not
// found that close was normalised by the tokenizer and is left to the gap.
const tokenWindow = 64

// Words returns the tokens of text as they are written: each token the
// tokenizer returns, found in order in text, and every character between
// them (punctuation, spaces, words the tokenizer normalised) as a token of
// its own. The words concatenate to text.
func Words(text string, tokenize Tokenizer) []string {
	var out []string
	gap := func(s string) {
		for len(s) > 0 {
			_, n := utf8.DecodeRuneInString(s)
			out = append(out, s[:n]) // s[:n], not string(r): invalid bytes stay as they are
			s = s[n:]
		}
	}
	pos := 0
	for _, t := range tokenize(text) {
		if t == "" {
			continue
		}
		end := min(len(text), pos+tokenWindow+len(t))
		i := strings.Index(text[pos:end], t)
		if i < 0 {
			continue
		}
		gap(text[pos : pos+i])
		out = append(out, t)
		pos += i + len(t)
	}
	gap(text[pos:])
	return out
}

// edit is a run of one kind: n words from a[i:] (equal, delete) or b[j:]
// (insert).
type edit struct {
	kind DiffKind
	i, j int
	n    int
}

// myers returns the shortest edit script from a to b (Myers 1986, forward
// search with the V array saved per step for the trace back).
func myers(a, b []int) []edit {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	if n == 0 {
		return []edit{{kind: DiffInsert, n: m}}
	}
	if m == 0 {
		return []edit{{kind: DiffDelete, n: n}}
	}
	limit := min(n+m, maxDiffEdits)
	offset := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	found := -1
	for d := 0; d <= limit && found < 0; d++ {
		// Only diagonals -d-1..d+1 are read back for step d.
		trace = append(trace, append([]int(nil), v[offset-d-1:offset+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[offset+k-1] < v[offset+k+1] {
				x = v[offset+k+1] // down: an insertion
			} else {
				x = v[offset+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return []edit{{kind: DiffDelete, n: n}, {kind: DiffInsert, n: m}}
	}
	// Trace back from (n, m), collecting single steps in reverse.
	var rev []edit
	x, y := n, m
	for d := found; d > 0; d-- {
		vp := trace[d]
		at := func(k int) int { return vp[k+d+1] }
		k := x - y
		var pk int
		if k == -d || k != d && at(k-1) < at(k+1) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, edit{kind: DiffEqual, i: x, j: y, n: 1})
		}
		if pk == k+1 {
			y--
			rev = append(rev, edit{kind: DiffInsert, i: x, j: y, n: 1})
		} else {
			x--
			rev = append(rev, edit{kind: DiffDelete, i: x, j: y, n: 1})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, edit{kind: DiffEqual, i: x, j: y, n: 1})
	}
	// Reverse and merge neighbours of one kind.
	var out []edit
	for p := len(rev) - 1; p >= 0; p-- {
		e := rev[p]
		if l := len(out); l > 0 && out[l-1].kind == e.kind &&
			(e.kind == DiffInsert && out[l-1].j+out[l-1].n == e.j || e.kind != DiffInsert && out[l-1].i+out[l-1].n == e.i) {
			out[l-1].n++
			continue
		}
		out = append(out, e)
	}
	return out
}
