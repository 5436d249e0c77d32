package analysis

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// gse loads and prepares the dictionary: it parses the word lists, turns
// frequencies into path lengths (distance = log2(total) - log2(freq)) and
// works out every word's search-mode split. Its Segment then walks a
// byte-wise double-array trie that, with 350,000 words, is far larger than
// the CPU cache, and allocates several slices per call; that holds it to
// about 10 MB/s per core on our corpus, below the 15 MB/s the indexer
// needs. The engine compiles gse's prepared dictionary into a compact
// trie keyed by whole characters (a direct table for the first character,
// sorted child lists below) and runs gse's own shortest-path algorithm on
// it, with gse's distances, tie-breaking and float32 arithmetic, on
// pooled buffers. Its output is gse's Segment output, token for token;
// the tests check that on fixtures and, with -tags corpus, on the whole
// corpus. Once compiled, gse's dictionary (about 130 MB) is dropped.

// noChild marks a missing child; unknown marks a unit no word contains.
const (
	noChild uint32 = math.MaxUint32
	unknown uint32 = math.MaxUint32
)

// alnumBase is the first unit id given to the runs of letters and digits
// that occur in dictionary words; ids below it are runes.
const alnumBase = unicode.MaxRune + 1

// pseudoDistance is the length gse gives a character that is no word.
const pseudoDistance float32 = 32

// edge leads to a trie node by one unit, and holds that node: the word
// ending there (-1 if none) and its children, edges[first:first+n], sorted
// by unit. Keeping the node in the edge saves a memory access per
// character, and memory access is what segmentation waits for.
type edge struct {
	unit  uint32
	first uint32
	n     uint32
	word  int32
}

// span16 is a sub-word: a byte span relative to the start of its word.
type span16 struct{ start, end uint16 }

// engine is the compiled, read-only dictionary.
type engine struct {
	rootTab   [0x10000]uint32 // edge from the root by BMP rune, noChild if none
	rootFirst uint32          // all edges from the root: edges[rootFirst:rootFirst+rootN]
	rootN     uint32
	edges     []edge
	dist      []float32 // per word: gse's path length
	subOff    []uint32  // per word: its sub-words are subs[subOff[w]:subOff[w+1]]
	subs      []span16
	alnum     map[string]uint32 // lower-case letter-digit runs of words → unit id
	pool      sync.Pool         // *scratch
}

// unitSpan is one unit of a text: a character, or a run of letters and
// digits (gse's "word" of SplitTextToWords), with its byte span.
type unitSpan struct {
	id         uint32
	start, end int32
}

// jump is the best path found to the end of a unit (gse's jumper).
type jump struct {
	dist float32
	word int32 // -1: the unit alone, as a pseudo word
	n    int32 // units in the word
}

// segment is one word of the result, as a byte span of the text.
type segment struct {
	start, end int32
	word       int32
}

// scratch holds the buffers of one segmentation, reused through the pool.
type scratch struct {
	units []unitSpan
	jumps []jump
	segs  []segment
	lower []byte
}

// compile builds the engine from gse's loaded dictionary.
func compile(g *gse.Segmenter) (*engine, error) {
	d := g.Dict
	toks := d.Tokens
	if len(toks) >= math.MaxInt32 {
		return nil, fmt.Errorf("analysis: %d words are too many", len(toks))
	}
	e := &engine{alnum: make(map[string]uint32)}
	logTotal := float32(math.Log2(d.TotalFreq()))
	e.dist = make([]float32, len(toks))
	type key struct {
		units []uint32
		word  int32
	}
	keys := make([]key, len(toks))
	texts := make([][]byte, len(toks))
	flat := make([]uint32, 0, 3*len(toks)) // one backing array for all keys
	var sc scratch
	for i := range toks {
		texts[i] = []byte(toks[i].Text())
		// The same expression as gse's CalcToken, so that ties break alike.
		e.dist[i] = logTotal - float32(math.Log2(toks[i].Freq()))
		from := len(flat)
		for _, u := range e.split(texts[i], &sc, true) {
			flat = append(flat, u.id)
		}
		keys[i] = key{units: flat[from:len(flat):len(flat)], word: int32(i)}
	}
	keys = slices.DeleteFunc(keys, func(k key) bool { return len(k.units) == 0 })
	slices.SortFunc(keys, func(a, b key) int { return slices.Compare(a.units, b.units) })
	for i := 1; i < len(keys); i++ {
		if slices.Equal(keys[i-1].units, keys[i].units) {
			return nil, fmt.Errorf("analysis: dictionary words %q and %q have the same units",
				toks[keys[i-1].word].Text(), toks[keys[i].word].Text())
		}
	}

	// Depth-first over the sorted keys: the children of a node are the
	// distinct units at its depth within its key range, and take a
	// contiguous block of edges. A key that ends at a child sorts first in
	// the child's range.
	var build func(lo, hi, depth int) (first, n uint32)
	build = func(lo, hi, depth int) (uint32, uint32) {
		first := uint32(len(e.edges))
		type group struct{ lo, hi int }
		var groups []group
		for i := lo; i < hi; {
			j := i + 1
			for j < hi && keys[j].units[depth] == keys[i].units[depth] {
				j++
			}
			e.edges = append(e.edges, edge{unit: keys[i].units[depth], word: -1})
			groups = append(groups, group{i, j})
			i = j
		}
		for k, gr := range groups {
			at := first + uint32(k)
			if len(keys[gr.lo].units) == depth+1 {
				e.edges[at].word = keys[gr.lo].word
				gr.lo++
			}
			f, n := build(gr.lo, gr.hi, depth+1)
			e.edges[at].first, e.edges[at].n = f, n
		}
		return first, uint32(len(groups))
	}
	e.rootFirst, e.rootN = build(0, len(keys), 0)
	for i := range e.rootTab {
		e.rootTab[i] = noChild
	}
	for i := e.rootFirst; i < e.rootFirst+e.rootN; i++ {
		if u := e.edges[i].unit; u < uint32(len(e.rootTab)) {
			e.rootTab[u] = i
		}
	}

	// Sub-words: gse's search-mode split tree, flattened depth first,
	// keeping pieces of two or more characters that hold a letter or digit;
	// then every other dictionary word inside the word. The split tree
	// alone cuts 行政处罚法 into 行政 + 处罚法, so 行政处罚, the word an
	// officer types, would never reach the law's title.
	words := make(map[string]struct{}, len(toks))
	for _, t := range texts {
		words[string(t)] = struct{}{}
	}
	e.subOff = make([]uint32, len(toks)+1)
	for i := range toks {
		e.subOff[i] = uint32(len(e.subs))
		e.flatten(&toks[i], texts[i], 0)
		e.contained(texts[i], words, len(e.subs)-int(e.subOff[i]))
	}
	e.subOff[len(toks)] = uint32(len(e.subs))
	e.pool.New = func() any { return new(scratch) }
	return e, nil
}

// flatten appends the sub-words of tk, a word at text[base:].
func (e *engine) flatten(tk *gse.Token, text []byte, base int) {
	for _, sub := range tk.Segments() {
		st, en := base+sub.Start(), base+sub.End()
		if en > math.MaxUint16 {
			return
		}
		if utf8.RuneCount(text[st:en]) >= 2 && wordy(text[st:en]) {
			e.subs = append(e.subs, span16{uint16(st), uint16(en)})
		}
		e.flatten(sub.Token(), text, st)
	}
}

// numeralRunes are the characters of Chinese numerals: labels are read
// with them, and amounts are kept whole (二十万元 must not also index 十万元).
const numeralRunes = "零〇一二三四五六七八九十百千万亿两"

// maxContained bounds the words searched for dictionary words inside them:
// longer entries are names and set phrases whose parts the tree already has.
const maxContained = 12

// contained appends the dictionary words of three or more characters that
// lie inside word (itself excluded) and are not among its last have
// sub-words. Two-character words are left to the split tree: across a word
// boundary they are mostly accidents (人民政府 holds 民政, 占道经营 道经).
func (e *engine) contained(word []byte, words map[string]struct{}, have int) {
	if len(word) > math.MaxUint16 || utf8.RuneCount(word) > maxContained {
		return
	}
	tree := e.subs[len(e.subs)-have:]
	var starts []int
	for i := range string(word) {
		starts = append(starts, i)
	}
	starts = append(starts, len(word))
	for a := 0; a < len(starts)-3; a++ {
		for b := a + 3; b < len(starts); b++ {
			st, en := starts[a], starts[b]
			if st == 0 && en == len(word) {
				continue
			}
			piece := word[st:en]
			if _, ok := words[string(piece)]; !ok || !wordy(piece) || bytes.ContainsAny(piece, numeralRunes) {
				continue
			}
			sp := span16{uint16(st), uint16(en)}
			if !slices.Contains(tree, sp) {
				e.subs = append(e.subs, sp)
			}
		}
	}
}

// split cuts text into units as gse's SplitTextToWords does: a run of
// letters and digits of at most two bytes each (Latin, Greek, Cyrillic,
// ASCII digits) is one unit, compared lower-cased (ASCII only, as gse
// does); any other character is a unit of its own. With learn, runs get
// new ids (building the dictionary); otherwise an unknown run is unknown.
func (e *engine) split(text []byte, sc *scratch, learn bool) []unitSpan {
	units := sc.units[:0]
	runStart := -1
	closeRun := func(end int) {
		if runStart < 0 {
			return
		}
		units = append(units, unitSpan{id: e.runID(text[runStart:end], sc, learn), start: int32(runStart), end: int32(end)})
		runStart = -1
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
				if runStart < 0 {
					runStart = i
				}
			} else {
				closeRun(i)
				units = append(units, unitSpan{id: uint32(c), start: int32(i), end: int32(i + 1)})
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if size == 2 && (unicode.IsLetter(r) || unicode.IsNumber(r)) {
			if runStart < 0 {
				runStart = i
			}
			i += size
			continue
		}
		closeRun(i)
		id := uint32(r)
		if r == utf8.RuneError && size == 1 {
			id = unknown // an invalid byte matches no word
		}
		units = append(units, unitSpan{id: id, start: int32(i), end: int32(i + size)})
		i += size
	}
	closeRun(len(text))
	sc.units = units
	return units
}

// runID returns the unit id of a run of letters and digits.
func (e *engine) runID(run []byte, sc *scratch, learn bool) uint32 {
	low := sc.lower[:0]
	for _, c := range run {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low = append(low, c)
	}
	sc.lower = low
	if id, ok := e.alnum[string(low)]; ok {
		return id
	}
	if !learn {
		return unknown
	}
	id := alnumBase + uint32(len(e.alnum))
	e.alnum[string(low)] = id
	return id
}

// find returns the index of the edge by unit among edges[first:first+n],
// or noChild.
func (e *engine) find(first, n, unit uint32) uint32 {
	edges := e.edges[first : first+n]
	if len(edges) <= 8 {
		for i := range edges {
			if edges[i].unit == unit {
				return first + uint32(i)
			}
		}
		return noChild
	}
	lo, hi := 0, len(edges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if edges[m].unit < unit {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(edges) && edges[lo].unit == unit {
		return first + uint32(lo)
	}
	return noChild
}

// fromRoot returns the edge from the root by unit, or noChild.
func (e *engine) fromRoot(unit uint32) uint32 {
	if unit < uint32(len(e.rootTab)) {
		return e.rootTab[unit]
	}
	return e.find(e.rootFirst, e.rootN, unit)
}

// segment cuts text into words along the shortest path, as gse's Segment
// does. The result lives in sc and is valid until sc is reused.
func (e *engine) segment(text []byte, sc *scratch) []segment {
	units := e.split(text, sc, false)
	n := len(units)
	if n == 0 {
		return nil
	}
	jumps := slices.Grow(sc.jumps[:0], n)[:n]
	clear(jumps)
	sc.jumps = jumps
	update := func(j *jump, d float32, word, k int32) {
		if j.dist == 0 || j.dist > d {
			*j = jump{dist: d, word: word, n: k}
		}
	}
	for cur := 0; cur < n; cur++ {
		var base float32
		if cur > 0 {
			base = jumps[cur-1].dist
		}
		shortest := int32(0)
		at := e.fromRoot(units[cur].id)
		for k := cur; at != noChild; {
			ed := &e.edges[at]
			if w := ed.word; w >= 0 {
				l := int32(k - cur + 1)
				update(&jumps[k], base+e.dist[w], w, l)
				if shortest == 0 {
					shortest = l
				}
			}
			if k++; k == n || ed.n == 0 {
				break
			}
			at = e.find(ed.first, ed.n, units[k].id)
		}
		if shortest != 1 {
			update(&jumps[cur], base+pseudoDistance, -1, 1)
		}
	}
	count := 0
	for i := n - 1; i >= 0; i -= int(jumps[i].n) {
		count++
	}
	segs := slices.Grow(sc.segs[:0], count)[:count]
	for i := n - 1; i >= 0; i -= int(jumps[i].n) {
		count--
		first := i - int(jumps[i].n) + 1
		segs[count] = segment{start: units[first].start, end: units[i].end, word: jumps[i].word}
	}
	sc.segs = segs
	return segs
}

// subwords returns the sub-words of word w, relative to its start.
func (e *engine) subwords(w int32) []span16 {
	if w < 0 {
		return nil
	}
	return e.subs[e.subOff[w]:e.subOff[w+1]]
}
