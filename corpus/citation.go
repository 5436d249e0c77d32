package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Relative says what a citation without a title points at; the empty value
// means the citation names a work by its title.
type Relative string

// Relative scopes. Bare forms count as relative: in a law, 第十条 with no
// title means this law's article 10 and 第二款 this article's paragraph 2.
const (
	RelNone          Relative = ""                    // 《行政处罚法》第三十二条, 刑法第二十条
	RelDocument      Relative = "document"            // 本法第N条, 本条例第N条, 第N条
	RelArticle       Relative = "article"             // 本条第N款, 第N款
	RelParagraph     Relative = "paragraph"           // 本款第N项, 第N项
	RelPrevParagraph Relative = "preceding_paragraph" // 前款, 前两款
	RelPrevArticle   Relative = "preceding_article"   // 前条, 前两条
)

// Reason says why a citation did not resolve.
type Reason string

// Resolution failures.
const (
	ReasonUnknownTitle   Reason = "unknown_title"       // no work has that name
	ReasonAmbiguous      Reason = "ambiguous_title"     // the name fits several works
	ReasonNoVersion      Reason = "no_version_in_force" // the work has no text in force on the date
	ReasonNoArticles     Reason = "no_articles"         // the text is not divided into 第N条
	ReasonNoArticle      Reason = "no_such_article"     // that version has no such 第N条
	ReasonNoParagraph    Reason = "no_such_paragraph"   // the article has no such 款
	ReasonNoItem         Reason = "no_such_item"        // the 款 has no such 项
	ReasonNoContext      Reason = "no_context"          // a relative form with nothing to be relative to
	ReasonVersionMissing Reason = "version_missing"     // the version in force on the citing date is not in the corpus, and the nearest one lacks the part cited
)

// Citation is one reference as written — 《中华人民共和国行政处罚法》第三十二条第一款第（二）项,
// 本条例第二十条, 前两款 — with what it names and, once resolved, where it
// lands. A list (第十条、第十二条) yields one Citation per element; the
// elements after the first inherit the title and the levels they omit.
type Citation struct {
	Text  string `json:"text"`  // the span as written
	Start int    `json:"start"` // byte offsets of the span in the parsed text
	End   int    `json:"end"`

	Title    string   `json:"title,omitempty"`    // the work's name as written, without 《》
	Relative Relative `json:"relative,omitempty"` // set when the citation has no title
	Word     string   `json:"word,omitempty"`     // the relative word as written: 本条例, 前两款
	Back     int      `json:"back,omitempty"`     // how far 前款/前条 reach back: 前两款 = 2

	Article     int `json:"article,omitempty"` // 第N条; 0 when the citation names a whole work
	Suffix      int `json:"suffix,omitempty"`  // 之一 = 1
	ArticleTo   int `json:"article_to,omitempty"`
	SuffixTo    int `json:"suffix_to,omitempty"`
	Paragraph   int `json:"paragraph,omitempty"` // 款, from 1
	ParagraphTo int `json:"paragraph_to,omitempty"`
	Item        int `json:"item,omitempty"` // 项, from 1
	ItemTo      int `json:"item_to,omitempty"`

	Basis   bool `json:"basis,omitempty"`   // 根据《X》…制定本法: X is the upper law this text implements
	Implied bool `json:"implied,omitempty"` // Title is not written here but taken from the context (a heading, 以下简称)

	// Filled by resolution.
	WorkID       string   `json:"work_id,omitempty"`
	VersionID    string   `json:"version_id,omitempty"`
	ArticleIDs   []string `json:"article_ids,omitempty"`   // one, or every article of a range
	SectionIDs   []string `json:"section_ids,omitempty"`   // 第N条 of a text numbered 一、二、 instead of 第N条: its Nth section
	Amended      bool     `json:"amended,omitempty"`       // the version cited has been superseded since
	OtherVersion bool     `json:"other_version,omitempty"` // the version in force on the citing date is not in the corpus; the nearest one is used
	Unresolved   Reason   `json:"unresolved,omitempty"`
}

// HasArticle reports whether the citation points below the work level, at an
// article, a 款 or a 项 (a bare 《X》 does not).
func (c *Citation) HasArticle() bool {
	return c.Article > 0 || c.Paragraph > 0 || c.Item > 0 || c.Back > 0
}

// Resolved reports whether resolution found the target.
func (c *Citation) Resolved() bool {
	return c.Unresolved == "" && (c.WorkID != "" || len(c.ArticleIDs) > 0 || len(c.SectionIDs) > 0)
}

// Parser finds citations in text. With an alias index it also recognises
// titles written without 《》 (依照刑法第二十条); without one it falls back to
// the shape of a title (a run ending in 法, 条例, 办法 …).
type Parser struct {
	names *AliasIndex
}

// NewParser returns a parser that knows the titles of names (nil for none).
func NewParser(names *AliasIndex) *Parser { return &Parser{names: names} }

// ParseCitations finds the citations in text without knowing any titles.
func ParseCitations(text string) []Citation { return (&Parser{}).Parse(text) }

// relativeWords open a relative citation, longest first so that 本条例 is
// never read as 本条 + 例.
var relativeWords = []struct {
	word string
	rel  Relative
}{
	{"本实施细则", RelDocument}, {"本实施办法", RelDocument}, {"本实施条例", RelDocument}, {"本条例", RelDocument},
	{"本办法", RelDocument}, {"本规定", RelDocument}, {"本细则", RelDocument},
	{"本决定", RelDocument}, {"本解释", RelDocument}, {"本规则", RelDocument},
	{"本准则", RelDocument}, {"本通则", RelDocument}, {"本章程", RelDocument},
	{"本意见", RelDocument}, {"本法", RelDocument},
	{"本条", RelArticle}, {"本款", RelParagraph},
}

// listWords join the elements of a list of articles or titles.
var listWords = []string{"、", "以及", "和", "及", "与", "或者", "或"}

// rangeWords join the two ends of a range.
var rangeWords = []string{"至", "到", "—", "－", "-", "~", "～"}

// connectors are words that end the text before a title written without
// 《》: in 依照治安管理处罚法第十条 the title starts after 依照. Single
// characters come last: they may sit inside a title (对外贸易法), so a cut
// at one is undone when it leaves too short a name.
var connectors = []string{"依照", "依据", "根据", "按照", "违反", "适用", "参照", "对照", "执行",
	"遵守", "符合", "属于", "认定为", "构成", "实施", "规定的", "所称", "以及", "或者", "并且",
	"基于", "承担", "行使", "撤销", "出现", "对于", "由于", "仅以"}

var connectorChars = []string{"的", "和", "及", "或", "与", "对", "在", "由", "经", "以", "因", "于", "将", "即"}

// ref is one element of a citation: the levels written and their span.
type ref struct {
	start, end                int
	art, suf, artTo, sufTo    int
	para, paraTo, item, itemT int
	first                     rune // the highest level written: 条, 款 or 项
}

// scope is what the elements of one citation share.
type scope struct {
	start    int // where the title or the relative word starts
	end      int // where it ends
	title    string
	rel      Relative
	word     string
	back     int
	sentence int // the sentence the scope was opened in
}

type parseState struct {
	p        *Parser
	s        string
	out      []Citation
	last     *scope // the last titled scope, inherited by bare 第N条 in its sentence
	sentence int    // counts sentence ends seen
	consumed int    // text before this offset belongs to a citation already
}

// Parse returns the citations in text in order of appearance, with byte
// offsets into text. Text that is not a citation is ignored; nothing panics.
func (p *Parser) Parse(text string) []Citation {
	st := &parseState{p: p, s: text}
	s := text
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var next int
		switch r {
		case '。', '；', '！', '？', '\n', ';':
			st.sentence++
		case '《':
			next = st.bracketed(i)
		case '本':
			next = st.relative(i)
		case '前':
			next = st.preceding(i)
		case '第', '笫':
			next = st.bare(i)
		case '根', '依':
			next = st.basisBare(i)
		}
		if next > i {
			i = next
			st.consumed = next
			continue
		}
		i += n
	}
	st.markBasis()
	return st.out
}

// emit appends the citations of one scope, one per element.
func (st *parseState) emit(sc scope, refs []ref) {
	if len(refs) == 0 {
		st.out = append(st.out, Citation{Text: st.s[sc.start:sc.end], Start: sc.start, End: sc.end,
			Title: sc.title, Relative: sc.rel, Word: sc.word, Back: sc.back})
		return
	}
	for k, rf := range refs {
		start := rf.start
		if k == 0 {
			start = sc.start
		}
		st.out = append(st.out, Citation{Text: st.s[start:rf.end], Start: start, End: rf.end,
			Title: sc.title, Relative: sc.rel, Word: sc.word, Back: sc.back,
			Article: rf.art, Suffix: rf.suf, ArticleTo: rf.artTo, SuffixTo: rf.sufTo,
			Paragraph: rf.para, ParagraphTo: rf.paraTo, Item: rf.item, ItemTo: rf.itemT})
	}
}

// bracketed reads 《title》 and what follows it: articles, or nothing.
func (st *parseState) bracketed(i int) int {
	s := st.s
	j := i + len("《")
	depth := 1
	for j < len(s) && depth > 0 {
		r, n := utf8.DecodeRuneInString(s[j:])
		switch r {
		case '《':
			depth++
		case '》':
			depth--
		case '\n':
			return 0
		}
		j += n
		if j-i > 400 {
			return 0
		}
	}
	if depth != 0 {
		return 0
	}
	title := strings.TrimSpace(s[i+len("《") : j-len("》")])
	if title == "" {
		return 0
	}
	if strings.HasSuffix(s[:i], "以下简称") {
		return j // the definition of a short name, not a citation
	}
	sc := scope{start: i, end: j, title: title, sentence: st.sentence}
	k := skipSpace(s, j)
	refs, end := st.refs(k)
	if len(refs) == 0 {
		if !looksLikeTitle(title) {
			return 0
		}
		st.emit(sc, nil)
		return j
	}
	st.last = &sc
	st.emit(sc, refs)
	return end
}

// looksLikeTitle reports whether a bracketed name is a legal text and not a
// certificate or a form (《营业执照》).
func looksLikeTitle(t string) bool {
	return HasTitleEnding(strings.TrimSpace(stripBracketed(t)))
}

// relative reads 本法第N条, 本条例第N条, 本条第N款, 本款第N项.
func (st *parseState) relative(i int) int {
	s := st.s
	for _, w := range relativeWords {
		if !strings.HasPrefix(s[i:], w.word) {
			continue
		}
		j := i + len(w.word)
		refs, end := st.refs(skipSpace(s, j))
		if len(refs) == 0 {
			return j // 本法 alone names the text itself: nothing to link
		}
		if !fitsScope(w.rel, refs[0].first) {
			return j
		}
		sc := scope{start: i, end: j, rel: w.rel, word: w.word, sentence: st.sentence}
		st.last = nil
		st.emit(sc, refs)
		return end
	}
	return 0
}

// fitsScope reports whether the first level written can follow the scope:
// 本法 takes 第N条, 本条 takes 第N款 or 第N项, 本款 takes 第N项.
func fitsScope(rel Relative, first rune) bool {
	switch rel {
	case RelDocument:
		return true
	case RelArticle, RelPrevParagraph:
		return first == '款' || first == '项'
	case RelParagraph:
		return first == '项'
	case RelPrevArticle:
		return first == '款' || first == '项'
	}
	return false
}

// preceding reads 前款, 前两款, 前条, 前两条 and a following 第N项 / 第N款.
func (st *parseState) preceding(i int) int {
	s := st.s
	j := i + len("前")
	back := 1
	if r, n := utf8.DecodeRuneInString(s[j:]); r != '款' && r != '条' {
		d, ok := chineseDigit(r)
		if r == '两' {
			d, ok = 2, true
		}
		if !ok || d < 1 {
			return 0
		}
		back = d
		j += n
	}
	unit, n := utf8.DecodeRuneInString(s[j:])
	if unit != '款' && unit != '条' {
		return 0
	}
	// 提前款项, 前条件, 前条款: words, not citations.
	if prev, _ := utf8.DecodeLastRuneInString(s[:i]); prev == '提' {
		return 0
	}
	if after, _ := utf8.DecodeRuneInString(s[j+n:]); after == '件' || after == '项' && unit == '款' || after == '款' && unit == '条' {
		return 0
	}
	rel := RelPrevParagraph
	if unit == '条' {
		rel = RelPrevArticle
	}
	end := j + n
	sc := scope{start: i, end: end, rel: rel, word: s[i:end], back: back, sentence: st.sentence}
	refs, rend := st.refs(skipSpace(s, end))
	st.last = nil
	if len(refs) > 0 && fitsScope(rel, refs[0].first) {
		st.emit(sc, refs)
		return rend
	}
	st.emit(sc, nil)
	return end
}

// bare reads 第N条 / 第N款 / 第N项 with no 本 word before it: glued to a
// title (刑法第二十条), inheriting the title of the sentence (在刑法第十条后
// 增加一条，作为第十条之一), or relative to the text being read.
func (st *parseState) bare(i int) int {
	refs, end := st.refs(i)
	if len(refs) == 0 {
		return 0
	}
	s := st.s
	if refs[0].first == '条' {
		if ts, title := st.gluedTitle(i); title != "" {
			sc := scope{start: ts, title: title, sentence: st.sentence}
			st.last = &sc
			st.emitGlued(sc, refs)
			return end
		}
		if st.last != nil && st.last.sentence == st.sentence {
			sc := *st.last
			sc.start = i
			st.emitGlued(sc, refs) // the title is the sentence's, not written here
			return end
		}
		st.emit(scope{start: i, rel: RelDocument}, refs)
		return end
	}
	rel := RelArticle
	if refs[0].first == '项' {
		rel = RelParagraph
		// 前款第二项至第五项…；第六项、第七项: items continue the list
		// of the last citation on the line.
		if n := len(st.out); n > 0 {
			last := st.out[n-1]
			if last.Item > 0 && !strings.Contains(s[last.End:i], "\n") {
				k := len(st.out)
				st.emit(scope{start: i, rel: RelParagraph}, refs)
				for ; k < len(st.out); k++ {
					c := &st.out[k]
					c.Title, c.Relative, c.Word, c.Back = last.Title, last.Relative, last.Word, last.Back
					c.Article, c.Suffix, c.Paragraph, c.Implied = last.Article, last.Suffix, last.Paragraph, last.Implied
				}
				return end
			}
		}
	}
	st.emit(scope{start: i, rel: rel}, refs)
	return end
}

// emitGlued emits refs whose title is written without 《》 before them.
func (st *parseState) emitGlued(sc scope, refs []ref) {
	n := len(st.out)
	st.emit(scope{start: sc.start, rel: RelDocument}, refs)
	for k := n; k < len(st.out); k++ {
		st.out[k].Title, st.out[k].Relative = sc.title, RelNone
	}
}

// gluedTitle finds a title written without 《》 that ends at i: the longest
// known formal name, else a run shaped like a title after a connector word.
func (st *parseState) gluedTitle(i int) (int, string) {
	s := st.s
	lo := i
	for count := 0; lo > st.consumed && count < 40; count++ {
		r, n := utf8.DecodeLastRuneInString(s[:lo])
		if !unicode.Is(unicode.Han, r) && r != '（' && r != '）' {
			break
		}
		lo -= n
	}
	run := s[lo:i]
	if run == "" {
		return 0, ""
	}
	for _, w := range relativeWords {
		if strings.HasSuffix(run, w.word) {
			return 0, ""
		}
	}
	if st.p.names != nil {
		if ws, off := st.p.names.LookupSuffix(run); len(ws) > 0 {
			before := run[:off]
			// 浙江省道路运输条例 and 重庆失业保险条例 are not the national
			// 道路运输条例, 失业保险条例: a place before the name means a
			// local text, known by its full name or a short one.
			if !EndsWithPlace(before) {
				return lo + off, run[off:]
			}
		}
	}
	if !HasTitleEnding(run) || strings.HasSuffix(run, "款规定") || strings.HasSuffix(run, "条规定") ||
		strings.HasSuffix(run, "项规定") || strings.HasSuffix(run, "有关规定") || strings.HasSuffix(run, "下列规定") {
		return 0, ""
	}
	start := 0
	if k := strings.Index(run, NationPrefix); k >= 0 {
		start = k
	} else {
		start = cutAfter(run, connectors, 0)
		if c := cutAfter(run, connectorChars, start); utf8.RuneCountInString(run[c:]) >= 2 {
			start = c
		}
	}
	title := run[start:]
	if utf8.RuneCountInString(title) < 2 {
		start, title = 0, run
	}
	if utf8.RuneCountInString(title) < 2 || strings.HasPrefix(title, "本") {
		return 0, ""
	}
	return lo + start, title
}

// cutAfter returns the offset in run just after the last of words that
// ends before the end of run and after from; from when there is none.
// A cut that would leave only a generic word (实施|条例) is no cut.
func cutAfter(run string, words []string, from int) int {
	best := from
	for _, w := range words {
		if k := strings.LastIndex(run, w); k >= 0 && k+len(w) > best && k+len(w) < len(run) && !genericTitles[run[k+len(w):]] {
			best = k + len(w)
		}
	}
	return best
}

// basisBare reads 根据宪法 / 依据X法 in a sentence that makes a text
// (…，制定本法): the upper law named without 《》.
func (st *parseState) basisBare(i int) int {
	s := st.s
	if st.p.names == nil || !(strings.HasPrefix(s[i:], "根据") || strings.HasPrefix(s[i:], "依据")) {
		return 0
	}
	j := i + len("根据")
	end := j
	for {
		k := j
		for k < len(s) {
			r, n := utf8.DecodeRuneInString(s[k:])
			if !unicode.Is(unicode.Han, r) || r == '和' || r == '及' || r == '、' {
				break
			}
			k += n
		}
		name := s[j:k]
		if name == "" || !HasTitleEnding(name) && name != "宪法" || !strings.Contains(s[k:sentenceEnd(s, k)], "制定") {
			break
		}
		if ws := st.p.names.Lookup(name); len(ws) == 0 {
			break
		}
		st.out = append(st.out, Citation{Text: name, Start: j, End: k, Title: name})
		end = k
		if !strings.HasPrefix(s[k:], "和") && !strings.HasPrefix(s[k:], "、") && !strings.HasPrefix(s[k:], "及") {
			break
		}
		_, n := utf8.DecodeRuneInString(s[k:])
		j = k + n
	}
	if end == i+len("根据") {
		return 0
	}
	return end
}

// markBasis flags citations after 根据/依据 in a sentence that makes the
// text (制定本法, 制定本条例 …): they name the upper law.
func (st *parseState) markBasis() {
	s := st.s
	if !strings.Contains(s, "制定") {
		return
	}
	for k := range st.out {
		c := &st.out[k]
		if c.Relative != RelNone {
			continue
		}
		from := sentenceStart(s, c.Start)
		to := sentenceEnd(s, c.End)
		before, after := s[from:c.Start], s[c.End:to]
		if !strings.Contains(before, "根据") && !strings.Contains(before, "依据") {
			continue
		}
		if strings.Contains(after, "制定本") || strings.Contains(after, "制定") && strings.HasSuffix(strings.TrimRight(s[from:to], "。；"), "制定") {
			c.Basis = true
		}
	}
}

func sentenceStart(s string, i int) int {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if r == '。' || r == '；' || r == '\n' {
			return i
		}
		i -= n
	}
	return 0
}

func sentenceEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '。' || r == '；' || r == '\n' {
			return i
		}
		i += n
	}
	return len(s)
}

// refs reads a list of article references starting at i (which must be 第),
// with ranges (第N条至第M条) and list words between elements. It returns the
// elements and where the last one ends; nothing when i does not start one.
func (st *parseState) refs(i int) ([]ref, int) {
	s := st.s
	first, end, ok := readRef(s, i, ref{})
	if !ok {
		return nil, i
	}
	out := []ref{first}
	prev := first
	for {
		j := end
		matched := false
		for _, w := range listWords {
			if strings.HasPrefix(s[j:], w) {
				j += len(w)
				matched = true
				break
			}
		}
		if !matched {
			break
		}
		j = skipSpace(s, j)
		// Below 条 a list continues the article before: 第十条第一款、第二款.
		next, e, ok := readRef(s, j, prev)
		if !ok {
			break
		}
		out = append(out, next)
		prev, end = next, e
	}
	return out, end
}

// readRef reads one element: 第N条[之M][至第K条][第N款[至第M款]][第N项[至第M项]],
// or a list continuation starting at 款 or 项 that inherits from prev.
func readRef(s string, i int, prev ref) (ref, int, bool) {
	u, end, ok := readUnit(s, i)
	if !ok {
		return ref{}, i, false
	}
	rf := ref{start: i, first: u.kind}
	switch u.kind {
	case '款':
		rf.art, rf.suf = prev.art, prev.suf
	case '项':
		rf.art, rf.suf, rf.para = prev.art, prev.suf, prev.para
	}
	level := u.kind
	for {
		switch u.kind {
		case '条':
			rf.art, rf.suf = u.num, u.suf
		case '款':
			rf.para = u.num
		case '项':
			rf.item = u.num
		}
		// A range: 第N条至第M条, 第一款至第三款.
		for _, w := range rangeWords {
			if !strings.HasPrefix(s[end:], w) {
				continue
			}
			to, e2, ok := readUnit(s, skipSpace(s, end+len(w)))
			if !ok || to.kind != u.kind || to.num < u.num {
				break
			}
			switch u.kind {
			case '条':
				rf.artTo, rf.sufTo = to.num, to.suf
			case '款':
				rf.paraTo = to.num
			case '项':
				rf.itemT = to.num
			}
			end = e2
			break
		}
		next, e, ok := readUnit(s, end)
		if !ok || !lower(level, next.kind) {
			break
		}
		u, end, level = next, e, next.kind
	}
	rf.end = end
	return rf, end, true
}

// lower reports whether level b is written after level a: 条 → 款 → 项.
func lower(a, b rune) bool {
	rank := map[rune]int{'条': 0, '款': 1, '项': 2}
	return rank[b] > rank[a]
}

// unit is one level of a reference: 第二十条之一, 第二款, 第（三）项.
type unit struct {
	kind     rune
	num, suf int
}

// readUnit reads one 第…条/款/项 at i, with spaces inside (第三十五 条),
// brackets around item numerals (第（二）项) and 之N after 条. The numeral
// itself is read by ParseNumeral.
func readUnit(s string, i int) (unit, int, bool) {
	var u unit
	switch {
	case strings.HasPrefix(s[i:], "第"):
		i += len("第")
	case strings.HasPrefix(s[i:], "笫"):
		i += len("笫")
	default:
		return u, i, false
	}
	j := skipSpace(s, i)
	bracket := false
	if r, n := utf8.DecodeRuneInString(s[j:]); r == '（' || r == '(' {
		bracket = true
		j += n
	}
	numStart := j
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isNumeralRune(r) {
			break
		}
		j += n
	}
	if j == numStart || j-numStart > 24 {
		return u, i, false
	}
	v, err := ParseNumeral(s[numStart:j])
	if err != nil || v <= 0 {
		return u, i, false
	}
	if bracket {
		r, n := utf8.DecodeRuneInString(s[j:])
		if r != '）' && r != ')' {
			return u, i, false
		}
		j += n
	}
	j = skipSpace(s, j)
	r, n := utf8.DecodeRuneInString(s[j:])
	switch r {
	case '条':
		if bracket {
			return u, i, false
		}
	case '款':
		if bracket {
			return u, i, false
		}
	case '项':
	default:
		return u, i, false
	}
	u.kind, u.num = r, v
	j += n
	if r == '条' && strings.HasPrefix(s[j:], "之") {
		k := j + len("之")
		m := k
		for m < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[m:])
			if !isNumeralRune(r2) {
				break
			}
			m += n2
		}
		if m > k {
			if sv, err := ParseNumeral(s[k:m]); err == nil && sv > 0 && sv < 100 {
				u.suf, j = sv, m
			}
		}
	}
	return u, j, true
}

// skipSpace skips spaces (ASCII and ideographic) from i: between a title
// and 第, and the stray ones inside labels (第三十五 条).
func skipSpace(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && r != '\u3000' && r != '\t' {
			break
		}
		i += n
	}
	return i
}
