package search

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// Completion kinds.
const (
	CompleteTitle = "title" // a law or regulation by its full title
	CompleteAlias = "alias" // a law or regulation by a short name (行政处罚法, 处罚法)
	CompleteItem  = "item"  // an enforcement item by its name
	CompleteTerm  = "term"  // a thesaurus head (摆摊) or statutory term (占道经营)
)

// How a completion matched the input.
const (
	MatchText     = "text"     // the characters typed begin the name
	MatchPinyin   = "pinyin"   // full pinyin without tones: zhandaojingying
	MatchInitials = "initials" // the first letter of each syllable: zdjy
)

// Autocomplete limits.
const (
	DefaultCompletions = 10
	MaxCompletions     = 50
	maxCompleteRunes   = 50
	// maxPinyinVariants bounds the readings kept per name: 行 is xing or
	// hang, and 行政处罚法 must answer xzcff whatever the library's first
	// reading.
	maxPinyinVariants = 4
)

// Completion is one suggestion for what the user is typing.
type Completion struct {
	Text  string   `json:"text"`            // the name that matched: 行政处罚法, 占道经营
	Kind  string   `json:"kind"`            // title, alias, item, term
	Match string   `json:"match"`           // text, pinyin, initials
	ID    string   `json:"id,omitempty"`    // the work's or item's id
	Title string   `json:"title,omitempty"` // a work's full title
	Also  []string `json:"also,omitempty"`  // a thesaurus head's statutory terms
}

// ItemSource returns the enforcement items of a corpus, nil when it has
// none; the wiring decides where items come from (derived from penalty
// clauses, imported catalogues).
type ItemSource func(c *corpus.Corpus) *corpus.ItemIndex

// AutocompleteOptions configures an Autocompleter; zero fields take the
// defaults.
type AutocompleteOptions struct {
	Thesaurus *Thesaurus // nil: DefaultThesaurus
	Items     ItemSource // nil: the corpus' own items (corpus.Corpus.Items)
}

// Autocompleter answers prefixes, full pinyin and pinyin initials with
// titles, aliases, item names and thesaurus terms. Its table is computed
// when it is made (at index-open time) and again only after the index
// swaps in another build; the first table is built in the background. It
// is safe for concurrent use.
type Autocompleter struct {
	src  func() *corpus.Corpus // the corpus being served; nil once closed
	opts AutocompleteOptions

	mu    sync.Mutex
	table *completionTable
}

// completionTable is the precomputed lookup of one corpus build.
type completionTable struct {
	corpus  *corpus.Corpus
	entries []acEntry
	keys    []acKey // sorted by key
	// cache holds the answers to the short prefixes (z, zh, 中) that match
	// thousands of keys, computed once so no lookup scans that many.
	cache map[string][]Completion
}

// cacheAbove is the number of keys above which a short prefix's answer is
// precomputed.
const cacheAbove = 1000

type acEntry struct {
	c      Completion
	group  string  // dedupe key: one answer per work, item or term
	weight float64 // ranks entries that match equally well
}

type acKey struct {
	key   string
	entry int32
	match uint8 // index into matchNames
	alt   bool  // a reading other than the library's first one
}

var matchNames = [...]string{MatchText, MatchPinyin, MatchInitials}

// NewAutocompleter precomputes the table of idx's current build, and
// follows idx through swaps.
func NewAutocompleter(idx *indexer.Index, opts AutocompleteOptions) *Autocompleter {
	var src func() *corpus.Corpus
	if idx != nil {
		src = idx.Corpus
	}
	return newAutocompleter(src, opts)
}

// NewCorpusAutocompleter precomputes the table of a corpus that does not
// change, for tools and benchmarks that hold no index.
func NewCorpusAutocompleter(c *corpus.Corpus, opts AutocompleteOptions) *Autocompleter {
	return newAutocompleter(func() *corpus.Corpus { return c }, opts)
}

func newAutocompleter(src func() *corpus.Corpus, opts AutocompleteOptions) *Autocompleter {
	if opts.Thesaurus == nil {
		opts.Thesaurus, _ = DefaultThesaurus()
	}
	a := &Autocompleter{src: src, opts: opts}
	if src != nil {
		// The table takes most of a second on the whole corpus: build it in
		// the background so that the server answers searches meanwhile; a
		// completion asked for before it is ready waits for it.
		go func() { _, _ = a.current() }()
	}
	return a
}

// current returns the table of the build being served, rebuilding it after
// a swap.
func (a *Autocompleter) current() (*completionTable, error) {
	if a.src == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "autocomplete: no index loaded")
	}
	c := a.src()
	if c == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "autocomplete: the index is closed")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.table == nil || a.table.corpus != c {
		a.table = buildCompletionTable(c, a.opts)
	}
	return a.table, nil
}

// Complete returns up to size completions of q, best first: names that q
// begins exactly before longer ones, laws before regulations before local
// texts, shorter names first. An empty q answers nothing; a q too long or
// not UTF-8 is invalid.
func (a *Autocompleter) Complete(q string, size int) ([]Completion, error) {
	q = strings.TrimSpace(q)
	switch {
	case !utf8.ValidString(q):
		return nil, corpus.Errorf(corpus.CodeInvalid, "autocomplete: q is not valid UTF-8")
	case utf8.RuneCountInString(q) > maxCompleteRunes:
		return nil, corpus.Errorf(corpus.CodeInvalid, "autocomplete: q is longer than %d characters", maxCompleteRunes)
	case size < 0 || size > MaxCompletions:
		return nil, corpus.Errorf(corpus.CodeInvalid, "autocomplete: size %d: want 1..%d", size, MaxCompletions)
	}
	if size == 0 {
		size = DefaultCompletions
	}
	t, err := a.current()
	if err != nil {
		return nil, err
	}
	key := normKey(q)
	if key == "" {
		return []Completion{}, nil
	}
	return t.complete(key, size), nil
}

// maxItemNameRunes bounds the item names offered as completions.
const maxItemNameRunes = 30

// maxScan bounds the keys one lookup reads: a one-letter prefix matches
// thousands of initials, and the best of the first maxScan in weight order
// would not differ enough to be worth the time.
const maxScan = 20000

type acCandidate struct {
	entry int32
	match uint8
	score float64
}

func (t *completionTable) complete(q string, size int) []Completion {
	if c, ok := t.cache[q]; ok {
		return append([]Completion(nil), c[:min(size, len(c))]...)
	}
	return t.scan(q, size)
}

// scan ranks the entries of the keys that begin with q.
func (t *completionTable) scan(q string, size int) []Completion {
	i := sort.Search(len(t.keys), func(i int) bool { return t.keys[i].key >= q })
	best := map[string]acCandidate{}
	for n := 0; i < len(t.keys) && n < maxScan && strings.HasPrefix(t.keys[i].key, q); i, n = i+1, n+1 {
		k := t.keys[i]
		e := &t.entries[k.entry]
		score := e.weight
		if len(k.key) == len(q) {
			score += 100 // the whole name typed
		}
		if k.match == 0 {
			score += 5 // characters typed beat a pinyin reading
		}
		if k.alt {
			score-- // 拴 read quan matches less well than 牵 read qian
		}
		if c, ok := best[e.group]; !ok || score > c.score {
			best[e.group] = acCandidate{k.entry, k.match, score}
		}
	}
	cands := make([]acCandidate, 0, len(best))
	for _, c := range best {
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return t.entries[cands[i].entry].c.Text < t.entries[cands[j].entry].c.Text
	})
	out := make([]Completion, 0, min(size, len(cands)))
	for _, c := range cands[:min(size, len(cands))] {
		comp := t.entries[c.entry].c
		comp.Match = matchNames[c.match]
		out = append(out, comp)
	}
	return out
}

// levelWeight ranks works: officers look for laws and regulations first.
var levelWeight = map[string]float64{
	corpus.LevelConstitution: 4, corpus.LevelLaw: 4, corpus.LevelAdminRegulation: 3,
	corpus.LevelDeptRule: 2, corpus.LevelJudicial: 2, corpus.LevelProvincial: 1.5,
	corpus.LevelCity: 1, corpus.LevelCase: 0,
}

// buildCompletionTable indexes every name of c's works, the items the
// source gives, and the thesaurus heads and targets.
func buildCompletionTable(c *corpus.Corpus, opts AutocompleteOptions) *completionTable {
	t := &completionTable{corpus: c}
	var short []corpus.Alias
	if s, err := corpus.ShortNames(); err == nil {
		short = s
	}
	names := corpus.NewAliasIndex(c.Works, short)
	add := func(e acEntry, keys ...string) {
		id := int32(len(t.entries))
		t.entries = append(t.entries, e)
		seen := map[string]bool{}
		push := func(k string, m uint8, alt bool) {
			if k == "" || seen[k] {
				return
			}
			seen[k] = true
			t.keys = append(t.keys, acKey{key: k, entry: id, match: m, alt: alt})
		}
		for _, k := range keys {
			push(normKey(k), 0, false)
			full, initials := pinyinKeys(k)
			for i, p := range full {
				push(p, 1, i > 0)
			}
			for i, p := range initials {
				push(p, 2, i > 0)
			}
		}
	}
	for _, w := range c.Works {
		// a length penalty keeps short, common names above long ones
		base := levelWeight[w.Level] - float64(utf8.RuneCountInString(w.Title))/100
		title := Completion{Text: w.Title, Kind: CompleteTitle, ID: w.ID, Title: w.Title}
		add(acEntry{c: title, group: "w:" + w.ID, weight: base + 0.3}, w.Title)
		short := strings.TrimPrefix(w.Title, corpus.NationPrefix)
		aliases := []string{}
		if short != w.Title {
			// 行政处罚法 is what everyone calls 中华人民共和国行政处罚法
			aliases = append(aliases, short)
		}
		aliases = append(aliases, w.Aliases...)
		for _, n := range names.Names(w) {
			if !contains(aliases, n) {
				aliases = append(aliases, n)
			}
		}
		for i, al := range aliases {
			if al == w.Title || al == "" || (i > 0 && al == short) {
				continue
			}
			// An alias names one work only when it is not ambiguous.
			if ws := names.Lookup(al); len(ws) > 1 {
				continue
			}
			weight := base
			if al == short {
				weight += 0.2
			}
			e := Completion{Text: al, Kind: CompleteAlias, ID: w.ID, Title: w.Title}
			add(acEntry{c: e, group: "w:" + w.ID, weight: weight}, al)
		}
	}
	items := c.Items
	if opts.Items != nil {
		items = nil
		if ix := opts.Items(c); ix != nil {
			items = ix.Items()
		}
	}
	for _, it := range items {
		// a name that long, or one that only points at a duty (违反“…”),
		// is read, not typed
		if it.Name == "" || utf8.RuneCountInString(it.Name) > maxItemNameRunes || strings.HasPrefix(it.Name, "违反") {
			continue
		}
		e := Completion{Text: it.Name, Kind: CompleteItem, ID: it.ID}
		add(acEntry{c: e, group: "i:" + it.Name, weight: 1.5 - float64(utf8.RuneCountInString(it.Name))/100}, it.Name)
	}
	if th := opts.Thesaurus; th != nil {
		seen := map[string]bool{}
		for _, h := range th.Heads() {
			e := Completion{Text: h, Kind: CompleteTerm, Also: th.Targets(h)}
			add(acEntry{c: e, group: "t:" + h, weight: 3.5 - float64(utf8.RuneCountInString(h))/100}, h)
			seen[h] = true
		}
		for _, h := range th.Heads() {
			for _, x := range th.Targets(h) {
				if seen[x] || strings.ContainsAny(x, "、，（）") {
					continue
				}
				seen[x] = true
				e := Completion{Text: x, Kind: CompleteTerm}
				add(acEntry{c: e, group: "t:" + x, weight: 3.6 - float64(utf8.RuneCountInString(x))/100}, x)
			}
		}
	}
	sort.Slice(t.keys, func(i, j int) bool {
		if t.keys[i].key != t.keys[j].key {
			return t.keys[i].key < t.keys[j].key
		}
		return t.keys[i].entry < t.keys[j].entry
	})
	t.fillCache()
	return t
}

// fillCache precomputes the answers of the one- and two-character
// prefixes that begin more than cacheAbove keys.
func (t *completionTable) fillCache() {
	t.cache = map[string][]Completion{}
	count := map[string]int{}
	for _, k := range t.keys {
		r1, n1 := utf8.DecodeRuneInString(k.key)
		if r1 == utf8.RuneError {
			continue
		}
		count[k.key[:n1]]++
		if n1 < len(k.key) {
			_, n2 := utf8.DecodeRuneInString(k.key[n1:])
			count[k.key[:n1+n2]]++
		}
	}
	for p, n := range count {
		if n > cacheAbove {
			t.cache[p] = t.scan(p, MaxCompletions)
		}
	}
}

// normKey folds what users type: lower case, no spaces, half-width.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '！' && r <= '～': // full-width ASCII
			r = r - '！' + '!'
		case unicode.IsSpace(r) || r == '·' || r == '・':
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal
	a.Heteronym = true
	a.Fallback = func(rune, pinyin.Args) []string { return nil }
	return a
}()

// pinyinKeys returns the full-pinyin and initials spellings of s: every
// Han character by its readings (up to maxPinyinVariants combinations, the
// library's first reading first), Latin letters and digits as they are,
// everything else dropped. 占道经营 → [zhandaojingying], [zdjy].
func pinyinKeys(s string) (full, initials []string) {
	fulls := []string{""}
	inits := []string{""}
	hasHan := false
	for _, r := range s {
		if r < utf8.RuneSelf {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				l := string(unicode.ToLower(r))
				for i := range fulls {
					fulls[i] += l
				}
				for i := range inits {
					inits[i] += l
				}
			}
			continue
		}
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		readings := pinyin.SinglePinyin(r, pinyinArgs)
		if len(readings) == 0 {
			continue
		}
		hasHan = true
		fulls = combine(fulls, dedupe(readings, false))
		inits = combine(inits, dedupe(readings, true))
	}
	if !hasHan {
		return nil, nil
	}
	return fulls, inits
}

// dedupe keeps the distinct readings (or their first letters), at most two:
// a third reading of a character is rare enough to cost more than it finds.
func dedupe(readings []string, first bool) []string {
	var out []string
	for _, p := range readings {
		if first {
			p = p[:1]
		}
		if !contains(out, p) {
			out = append(out, p)
		}
		if len(out) == 2 {
			break
		}
	}
	return out
}

// combine appends each reading to each prefix while the combinations stay
// within maxPinyinVariants, and only the first reading after that.
func combine(prefixes, readings []string) []string {
	if len(prefixes)*len(readings) > maxPinyinVariants {
		readings = readings[:1]
	}
	out := make([]string, 0, len(prefixes)*len(readings))
	for _, p := range prefixes {
		for _, r := range readings {
			out = append(out, p+r)
		}
	}
	return out
}
