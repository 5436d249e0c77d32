package corpus

import (
	"bufio"
	_ "embed"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// NationPrefix is the state name that opens the title of national laws and
// that people drop when they cite them (行政处罚法 for 中华人民共和国行政处罚法).
const NationPrefix = "中华人民共和国"

// Alias is one hand-written short name of a law, a line of aliases.tsv.
type Alias struct {
	Name  string `json:"name"`  // 处罚法
	Title string `json:"title"` // 中华人民共和国行政处罚法
}

//go:embed aliases.tsv
var aliasFile string

var shortNames = sync.OnceValues(func() ([]Alias, error) {
	return ParseAliases(strings.NewReader(aliasFile))
})

// ShortNames returns the hand-written aliases embedded from aliases.tsv. The
// file is part of the source, so a malformed line is a build defect and is
// reported by the error (and by the package's tests), not skipped silently.
func ShortNames() ([]Alias, error) { return shortNames() }

// ParseAliases reads alias<TAB>title lines; blank lines and '#' comments are
// ignored, a line without both fields is an error naming the line.
func ParseAliases(r io.Reader) ([]Alias, error) {
	var out []Alias
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		name, title, ok := strings.Cut(s, "\t")
		name, title = strings.TrimSpace(name), strings.TrimSpace(title)
		if !ok || name == "" || title == "" || strings.Contains(title, "\t") {
			return nil, Errorf(CodeInvalid, "corpus: aliases line %d: want alias<TAB>title, got %q", line, s)
		}
		out = append(out, Alias{Name: name, Title: title})
	}
	if err := sc.Err(); err != nil {
		return nil, Errorf(CodeInvalid, "corpus: aliases: %w", err)
	}
	return out, nil
}

// TitleKey normalises a title for lookup: brackets of every kind, quotes,
// spaces and the middle dot go, full-width letters and digits become ASCII.
// 《中华人民共和国宪法修正案（2018年）》 and 中华人民共和国宪法修正案2018年 share a key.
func TitleKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			b.WriteRune(r - 0xFEE0)
		case unicode.IsSpace(r), unicode.IsPunct(r), r == '·', r == '・':
			// dropped: 《》〈〉（）()“”"' and the like carry no identity
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Alias tiers, strongest first: a name found in a stronger tier hides the
// weaker ones, so 水法 is the 水法 and never 水污染防治法 shortened by rule.
const (
	tierTitle = iota // the full title
	tierShort        // the title without 中华人民共和国
	tierName         // a hand-written short name
	tierRule         // a name derived by rule
	tierCount
)

// ruleSuffixes are the qualifiers people leave out when naming a law:
// 药品管理法 → 药品法, 妇女权益保障法 → 妇女权益法, 娱乐场所管理条例 → 娱乐场所条例.
var ruleSuffixes = []struct{ long, short string }{
	{"污染防治法", "污染法"},
	{"防治法", "法"},
	{"促进法", "法"},
	{"保障法", "法"},
	{"保护法", "法"},
	{"管理法", "法"},
	{"监督管理条例", "条例"},
	{"安全管理条例", "条例"},
	{"管理条例", "条例"},
}

// RuleAliases derives the names of a work that people use without a data file:
// the title without qualifiers in brackets, without 暂行/试行, without the
// region for local regulations, without 中华人民共和国 inside the title
// (北京市实施《中华人民共和国水法》办法), without the trailing 法, and with
// the usual qualifiers dropped. Names that also belong to another work are
// filtered later by the alias index (stronger tiers win, ties are ambiguous).
func RuleAliases(w *Work) []string {
	short := strings.TrimPrefix(w.Title, NationPrefix)
	seen := map[string]bool{TitleKey(w.Title): true, TitleKey(short): true}
	var out []string
	add := func(s string) {
		k := TitleKey(s)
		if utf8.RuneCountInString(k) < 2 || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, s)
	}
	bases := []string{short}
	// 《关于办理…的解释》 names a judicial interpretation without its issuer.
	for _, issuer := range []string{"最高人民法院、最高人民检察院", "最高人民法院 最高人民检察院", "最高人民法院", "最高人民检察院"} {
		if s, ok := strings.CutPrefix(short, issuer); ok && strings.HasPrefix(s, "关于") {
			bases = append(bases, s)
			break
		}
	}
	if s := stripBracketed(short); s != short {
		bases = append(bases, s)
	}
	if s := strings.ReplaceAll(short, NationPrefix, ""); s != short {
		bases = append(bases, s)
	}
	for _, b := range bases {
		if s := strings.Replace(strings.Replace(b, "暂行", "", 1), "试行", "", 1); s != b {
			bases = append(bases, s)
		}
	}
	if w.Kind == KindLocalRegulation || w.Region.Province != "" {
		for _, b := range bases {
			if s := stripRegion(b, w.Region); s != b {
				bases = append(bases, s)
			}
		}
	}
	for _, b := range bases {
		add(b)
		for _, q := range ruleSuffixes {
			if strings.HasSuffix(b, q.long) && len(b) > len(q.long) {
				add(strings.TrimSuffix(b, q.long) + q.short)
				break
			}
		}
		if strings.HasSuffix(b, "法") && utf8.RuneCountInString(b) >= 4 {
			add(strings.TrimSuffix(b, "法"))
		}
	}
	return out
}

// stripBracketed removes parenthesised qualifiers: （试行）, （2018年）.
func stripBracketed(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// regionSuffixes are the administrative words after a place name in a title.
var regionSuffixes = []string{"省", "市", "自治区", "特别行政区", ""}

// stripRegion removes the province and city names opening a local title:
// 浙江省温州市物业管理条例 → 物业管理条例.
func stripRegion(s string, r Region) string {
	for _, name := range []string{r.Province, r.City} {
		if name == "" {
			continue
		}
		for _, suf := range regionSuffixes {
			if p := name + suf; strings.HasPrefix(s, p) && len(s) > len(p) {
				s = s[len(p):]
				break
			}
		}
	}
	return s
}

// implementingSuffixes name a regulation by the law it implements:
// 道交法实施条例 is the 实施条例 of whatever 道交法 names.
var implementingSuffixes = []string{"实施条例", "实施细则", "实施办法"}

// AliasIndex maps every name of a work (title, title without
// 中华人民共和国, hand-written short names, names derived by rule) to the
// works it may mean. Built once; lookups only read maps.
type AliasIndex struct {
	tiers  [tierCount]map[string][]*Work
	titles map[string]string  // key → the name as first seen, for display and fuzzy search
	grams  map[string][]int   // character bigram → indexes into keys
	keys   []string           // every key of every tier, deduplicated
	keyW   [][]*Work          // works of keys[i] in its strongest tier
	names  map[*Work][]string // the names leading to one work alone, strongest first
}

// NewAliasIndex indexes the names of works. Short names whose title is not
// among the works are ignored: they cannot resolve to anything here.
func NewAliasIndex(works []*Work, short []Alias) *AliasIndex {
	x := &AliasIndex{titles: map[string]string{}, grams: map[string][]int{}}
	for i := range x.tiers {
		x.tiers[i] = map[string][]*Work{}
	}
	add := func(tier int, name string, w *Work) {
		k := TitleKey(name)
		if k == "" {
			return
		}
		for _, o := range x.tiers[tier][k] {
			if o == w {
				return
			}
		}
		x.tiers[tier][k] = append(x.tiers[tier][k], w)
		if _, ok := x.titles[k]; !ok {
			x.titles[k] = name
		}
	}
	byTitle := map[string][]*Work{}
	for _, w := range works {
		add(tierTitle, w.Title, w)
		add(tierShort, strings.TrimPrefix(w.Title, NationPrefix), w)
		byTitle[TitleKey(w.Title)] = append(byTitle[TitleKey(w.Title)], w)
		for _, n := range RuleAliases(w) {
			add(tierRule, n, w)
		}
	}
	for _, a := range short {
		for _, w := range byTitle[TitleKey(a.Title)] {
			add(tierName, a.Name, w)
		}
	}
	for k := range x.titles {
		x.keys = append(x.keys, k)
	}
	sort.Strings(x.keys)
	x.keyW = make([][]*Work, len(x.keys))
	x.names = map[*Work][]string{}
	tierOf := map[string]int{}
	for i, k := range x.keys {
		ws, tier := x.lookupKey(k)
		x.keyW[i] = ws
		tierOf[k] = tier
		if len(ws) == 1 {
			x.names[ws[0]] = append(x.names[ws[0]], k)
		}
		for _, g := range bigrams(k) {
			x.grams[g] = append(x.grams[g], i)
		}
	}
	for w, ks := range x.names {
		sort.SliceStable(ks, func(i, j int) bool { return tierOf[ks[i]] < tierOf[ks[j]] })
		names := make([]string, len(ks))
		for i, k := range ks {
			names[i] = x.titles[k]
		}
		x.names[w] = names
	}
	return x
}

// lookupKey returns the works of the strongest tier holding key.
func (x *AliasIndex) lookupKey(k string) ([]*Work, int) {
	for t := range x.tiers {
		if ws := x.tiers[t][k]; len(ws) > 0 {
			return ws, t
		}
	}
	return nil, -1
}

// Lookup returns the works a name may mean: one for a known name, several
// for an ambiguous one (the caller must not pick), none for an unknown one.
// A name ending in 实施条例/实施细则/实施办法 whose stem names one law
// resolves to that law's implementing regulation.
func (x *AliasIndex) Lookup(name string) []*Work {
	k := TitleKey(name)
	if ws, _ := x.lookupKey(k); len(ws) > 0 {
		return ws
	}
	for _, suf := range implementingSuffixes {
		stem, ok := strings.CutSuffix(k, suf)
		if !ok || stem == "" {
			continue
		}
		parents := x.Lookup(stem)
		var out []*Work
		for _, p := range parents {
			for _, t := range []string{p.Title, strings.TrimPrefix(p.Title, NationPrefix)} {
				if ws, tier := x.lookupKey(TitleKey(t + suf)); tier >= 0 && tier <= tierShort {
					out = appendNew(out, ws...)
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// LookupSuffix finds the longest formal name (a full title or one without
// 中华人民共和国) that ends s, for text where the title is glued to what
// precedes it (依照刑法, 民法商法公司法). It returns the works and the byte
// offset in s where the name starts, or nil and -1.
func (x *AliasIndex) LookupSuffix(s string) ([]*Work, int) {
	for i := 0; i < len(s); {
		k := TitleKey(s[i:])
		if utf8.RuneCountInString(k) >= 2 {
			if ws, tier := x.lookupKey(k); tier >= 0 && tier <= tierShort {
				return ws, i
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return nil, -1
}

// Names returns the names that lead to w alone, strongest first; they fill
// Work.Aliases and autocomplete.
func (x *AliasIndex) Names(w *Work) []string { return x.names[w] }

// Nearest ranks works whose names share the most character bigrams with
// name (Dice coefficient), for "did you mean" answers to unknown titles.
func (x *AliasIndex) Nearest(name string, n int) []*Work {
	k := TitleKey(name)
	q := bigrams(k)
	if len(q) == 0 || n <= 0 {
		return nil
	}
	hits := map[int]int{}
	seenG := map[string]bool{}
	for _, g := range q {
		if seenG[g] {
			continue
		}
		seenG[g] = true
		for _, i := range x.grams[g] {
			hits[i]++
		}
	}
	type scored struct {
		i     int
		score float64
	}
	var all []scored
	for i, h := range hits {
		kl := utf8.RuneCountInString(x.keys[i]) - 1
		all = append(all, scored{i, 2 * float64(h) / float64(len(seenG)+max(kl, 1))})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].score != all[b].score {
			return all[a].score > all[b].score
		}
		return x.keys[all[a].i] < x.keys[all[b].i]
	})
	var out []*Work
	for _, s := range all {
		if s.score < 0.2 {
			break
		}
		for _, w := range x.keyW[s.i] {
			if len(out) < n {
				out = appendNew(out, w)
			}
		}
		if len(out) >= n {
			break
		}
	}
	return out
}

// bigrams lists the overlapping two-rune substrings of s.
func bigrams(s string) []string {
	rs := []rune(s)
	if len(rs) < 2 {
		return nil
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// appendNew appends the works not already in out.
func appendNew(out []*Work, ws ...*Work) []*Work {
next:
	for _, w := range ws {
		for _, o := range out {
			if o == w {
				continue next
			}
		}
		out = append(out, w)
	}
	return out
}

// kindEndings are the words a title ends with that say what kind of text
// it is; a short name keeps its text's.
var kindEndings = []string{"实施条例", "实施细则", "实施办法", "条例", "规定", "办法", "细则", "规则", "决定", "解释", "规范", "法"}

// kindEnding returns the kind word a name ends with, "" for none.
func kindEnding(k string) string {
	for _, e := range kindEndings {
		if strings.HasSuffix(k, e) {
			return e
		}
	}
	return ""
}

// Abbreviated finds the works a short name people make up may stand for,
// by a rule rather than a list: the name's characters appear in the title
// in the same order (温州养犬条例 in 温州市养犬管理条例, 浙江市容环卫条例 in
// 浙江省城市市容和环境卫生管理条例, 上海控烟条例 in 上海市公共场所控制吸烟条例),
// the title ends with the same kind word (条例, 办法, 规定, 法 …), and a name
// that opens with a place keeps to that place's texts. Candidates are
// ranked by how little of the title the name leaves out, then by the place
// near: texts of near's city, then its province, then (for a name without
// a place, 物业条例) the national text, then the rest. The name
// must have four characters or more.
func (x *AliasIndex) Abbreviated(name string, near Region) []*Work {
	cands := x.abbreviated(name, near)
	out := make([]*Work, len(cands))
	for i, c := range cands {
		out[i] = c.w
	}
	return out
}

// abbrev is a work a short name may stand for, with how much of its title
// the name leaves out and how near its place is (see nearness).
type abbrev struct {
	w       *Work
	skipped int
	near    int
}

// AbbreviatedOne returns the one work a short name stands for when its
// best candidate is strictly better than the next, else nil and the ranked
// candidates.
func (x *AliasIndex) AbbreviatedOne(name string, near Region) (*Work, []*Work) {
	cands := x.abbreviated(name, near)
	switch {
	case len(cands) == 0:
		return nil, nil
	case len(cands) == 1 || cands[0].skipped < cands[1].skipped ||
		cands[0].skipped == cands[1].skipped && cands[0].near > cands[1].near:
		return cands[0].w, nil
	}
	out := make([]*Work, len(cands))
	for i, c := range cands {
		out[i] = c.w
	}
	return nil, out
}

func (x *AliasIndex) abbreviated(name string, near Region) []abbrev {
	k := TitleKey(strings.ReplaceAll(name, NationPrefix, ""))
	rs := []rune(k)
	kind := kindEnding(k)
	if len(rs) < 4 || kind == "" {
		return nil
	}
	place, placeLen := leadingPlace(k)
	type cand = abbrev
	var cands []cand
	seen := map[*Work]bool{}
	for _, tier := range []int{tierTitle, tierShort} {
		for key, ws := range x.tiers[tier] {
			if kindEnding(key) != kind {
				continue
			}
			skipped, ok := subsequence(rs, []rune(key))
			if !ok {
				continue
			}
			for _, w := range ws {
				if seen[w] {
					continue
				}
				if placeLen > 0 && !samePlace(w.Region, place) {
					continue
				}
				seen[w] = true
				cands = append(cands, cand{w, skipped, nearness(w, near, placeLen == 0)})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.skipped != b.skipped {
			return a.skipped < b.skipped
		}
		if a.near != b.near {
			return a.near > b.near
		}
		return a.w.Title < b.w.Title
	})
	return cands
}

// nearness ranks a work a name may mean by the reader's place near: 4 a
// text of near's city, 3 of its province itself, 2 of another city of its
// province, 1 a national text when the name has no place of its own (物业条例 names 物业管理条例 before the 物业管理条例
// of other cities), 0 the rest.
func nearness(w *Work, near Region, placeless bool) int {
	switch {
	case near.City != "" && w.Region == near:
		return 4
	case near.Province != "" && w.Region.Province == near.Province && w.Region.City == "":
		return 3
	case near.Province != "" && w.Region.Province == near.Province:
		return 2
	case placeless && w.Region.Province == "":
		return 1
	}
	return 0
}

// PreferNear picks among the works a name means (物业条例: the national
// text and those of 18 cities) the one nearest the reader (see nearness),
// when one is strictly nearer than the rest; else it returns nil and the
// works nearest first.
func PreferNear(works []*Work, name string, near Region) (*Work, []*Work) {
	_, placeLen := leadingPlace(TitleKey(name))
	n := make(map[*Work]int, len(works))
	for _, w := range works {
		n[w] = nearness(w, near, placeLen == 0)
	}
	out := slices.Clone(works)
	sort.SliceStable(out, func(i, j int) bool { return n[out[i]] > n[out[j]] })
	if len(out) == 1 || len(out) > 1 && n[out[0]] > n[out[1]] {
		return out[0], nil
	}
	return nil, out
}

// subsequence reports whether short's runes appear in long in order,
// starting at long's first rune or after a place word, and how many runes
// of long it leaves out.
func subsequence(short, long []rune) (skipped int, ok bool) {
	if len(short) > len(long) {
		return 0, false
	}
	j := 0
	for _, r := range long {
		if j < len(short) && r == short[j] {
			j++
		} else {
			skipped++
		}
	}
	return skipped, j == len(short) && short[0] == long[0]
}

// leadingPlace returns the place a name opens with (浙江, 温州, 上海) and
// the number of runes its name takes, 0 when none.
func leadingPlace(k string) (Region, int) {
	rs := []rune(k)
	for n := min(len(rs)-1, 4); n >= 2; n-- {
		if r, ok := LookupRegion(string(rs[:n])); ok && r.Province != "" {
			return r, n
		}
	}
	return Region{}, 0
}

// samePlace reports whether a text of region r belongs to the place a name
// opens with: the city's own texts for a city, the province's own texts for
// a province.
func samePlace(r, place Region) bool {
	if place.City != "" {
		return r == place
	}
	return r.Province == place.Province && r.City == ""
}
