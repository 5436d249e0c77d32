package corpus

import (
	"hash/maphash"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MatchBy says how an article was found in another version of its work.
type MatchBy string

// Ways of matching articles across versions.
const (
	MatchNumber MatchBy = "number" // same 第N条, text close enough to be the same provision
	MatchText   MatchBy = "text"   // renumbered: another number, the same text
)

// Counterpart is the same article in another version of the work.
type Counterpart struct {
	VersionID  string  `json:"version_id"`
	ArticleID  string  `json:"article_id"`
	By         MatchBy `json:"by"`
	Similarity float64 `json:"similarity"` // Dice coefficient of character bigrams, 0..1
}

// LinkStats counts what Link found and resolved.
type LinkStats struct {
	Citations       int            `json:"citations"`        // every citation in articles and sections
	ToArticles      int            `json:"to_articles"`      // those naming an article, 款 or 项
	Resolved        int            `json:"resolved"`         // of ToArticles, resolved to articles
	NamedKnown      int            `json:"named_known"`      // of ToArticles, naming a work present in the corpus (relative forms included)
	NamedKnownOK    int            `json:"named_known_ok"`   // of NamedKnown, resolved
	Titled          int            `json:"titled"`           // of ToArticles, naming a work by title
	TitledResolved  int            `json:"titled_resolved"`  // of Titled, resolved
	WorkMentions    int            `json:"work_mentions"`    // 《X》 without an article
	WorkMentionsOK  int            `json:"work_mentions_ok"` // of WorkMentions, resolved to a work
	Unresolved      map[Reason]int `json:"unresolved"`       // of ToArticles, by reason
	AmendedTargets  int            `json:"amended_targets"`  // resolved to a version superseded since
	OtherVersion    int            `json:"other_version"`    // resolved in a version other than the one in force then
	Basis           int            `json:"basis"`            // versions linked to an upper law they implement
	Counterparts    int            `json:"counterparts"`     // article pairs matched across versions
	Renumbered      int            `json:"renumbered"`       // of Counterparts, matched by text under another number
	Misses          []Miss         `json:"misses,omitempty"` // every unresolved citation of an article
	UnknownTitles   map[string]int `json:"unknown_titles"`   // titles of unknown_title misses, with counts
	AmbiguousTitles map[string]int `json:"ambiguous_titles"` // titles of ambiguous_title misses, with counts
}

// Miss is one citation that did not resolve, with where it was written.
type Miss struct {
	From     string   `json:"from"`   // id of the citing article or section
	Source   string   `json:"source"` // file of the citing version
	Citation Citation `json:"citation"`
}

// Link parses and resolves the citations of every article and section of c
// and stores the links in the model: Article.Cites and Section.Cites
// (version-aware: a citation in a 2018 text points at the version in force
// in 2018, flagged Amended when superseded since), Article.CitedBy,
// Version.Basis with Work.ImplementedBy (根据《X》…制定 and 实施条例 titles),
// Article.Counterparts across versions, and Work.Aliases. Running it again
// replaces the links it made before.
func Link(c *Corpus) (LinkStats, error) {
	r, err := NewResolver(c)
	if err != nil {
		return LinkStats{}, err
	}
	st := LinkStats{Unresolved: map[Reason]int{}, UnknownTitles: map[string]int{}, AmbiguousTitles: map[string]int{}}
	for _, w := range c.Works {
		w.ImplementedBy = nil
		for _, v := range w.Versions {
			v.Basis = nil
			for _, a := range v.Articles {
				a.Cites, a.CitedBy, a.Counterparts = nil, nil, nil
			}
			for _, s := range v.Sections {
				s.Cites = nil
			}
		}
	}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			ctx := r.contextOf(v)
			for i, a := range v.Articles {
				a.Cites = r.linkText(a.Text(), v, ctx, i, paragraphStarts(a), &st, a.ID)
			}
			for _, s := range v.Sections {
				sctx := *ctx
				if t := bracketedTitle(append([]string{s.Heading, headingLine(s.Text)}, s.Path...)...); t != "" {
					sctx.implied = t
				}
				s.Cites = r.linkText(s.Text, v, &sctx, -1, nil, &st, s.ID)
			}
		}
	}
	r.linkIncoming(c)
	r.linkBasis(c, &st)
	linkCounterparts(c, &st)
	for _, w := range c.Works {
		for _, n := range r.names.Names(w) {
			if n != w.Title && !slices.Contains(w.Aliases, n) {
				w.Aliases = append(w.Aliases, n)
			}
		}
	}
	return st, nil
}

// linkText parses text written in version v (in its article at index ai, or
// in a section when ai < 0) and resolves every citation.
func (r *Resolver) linkText(text string, v *Version, ctx *textContext, ai int, paras []int, st *LinkStats, from string) []Citation {
	cites := r.parser.Parse(text)
	if len(cites) == 0 {
		return nil
	}
	asOf := v.ValidFrom
	if asOf.IsZero() {
		asOf = v.Date
	}
	if !asOf.IsZero() && amends(v.Title) {
		// An amendment cites the text it changes: the one in force the day
		// before it takes effect.
		t := asOf.Time()
		asOf = NewDate(t.Year(), t.Month(), t.Day()-1)
	}
	var heads []headTitle
	if ai < 0 {
		heads = headTitles(text)
	}
	for k := range cites {
		c := &cites[k]
		if ai < 0 && c.Relative == RelDocument {
			// 第N条 in a text without articles (将第一条修改为, 本法第五十条
			// quoted in a 修正案) means the text its heading names: the
			// nearest 一、修改《X》 line above, else the section's heading
			// or the document's title.
			implied := ctx.implied
			for _, h := range heads {
				if h.off <= c.Start {
					implied = h.title
				}
			}
			if implied != "" {
				c.Title, c.Relative, c.Implied = implied, RelNone, true
			}
		}
		r.linkOne(c, v, ctx, ai, paras, asOf)
		st.Citations++
		if !c.HasArticle() {
			st.WorkMentions++
			if c.Unresolved == "" && c.WorkID != "" {
				st.WorkMentionsOK++
			}
			continue
		}
		st.ToArticles++
		if c.Title != "" {
			st.Titled++
		}
		if c.Unresolved != ReasonUnknownTitle {
			st.NamedKnown++
		}
		if c.Unresolved == "" {
			st.Resolved++
			st.NamedKnownOK++
			if c.Title != "" {
				st.TitledResolved++
			}
			if c.Amended {
				st.AmendedTargets++
			}
			if c.OtherVersion {
				st.OtherVersion++
			}
			continue
		}
		st.Unresolved[c.Unresolved]++
		switch c.Unresolved {
		case ReasonUnknownTitle:
			st.UnknownTitles[c.Title]++
		case ReasonAmbiguous:
			st.AmbiguousTitles[c.Title]++
		}
		st.Misses = append(st.Misses, Miss{From: from, Source: v.Source, Citation: *c})
	}
	return cites
}

// linkOne resolves one citation written in version v on date asOf.
func (r *Resolver) linkOne(c *Citation, v *Version, ctx *textContext, ai int, paras []int, asOf Date) {
	var self *Article
	if ai >= 0 {
		self = v.Articles[ai]
	}
	para := paragraphAt(paras, c.Start) // 1-based, 0 when unknown
	target := v
	switch c.Relative {
	case RelNone:
		works := r.lookupTitle(ctx.expand(c.Title))
		switch {
		case len(works) == 0:
			c.Unresolved = ReasonUnknownTitle
			return
		case len(works) > 1:
			c.Unresolved = ReasonAmbiguous
			return
		}
		w := works[0]
		switch {
		case w == v.Work():
			target = v
		case asOf.IsZero():
			target = versionOn(w, Date{})
		default:
			target = versionOn(w, asOf)
			if target == nil {
				// The corpus lacks the text in force then; the oldest one
				// after it is the nearest.
				target = w.Versions[0]
				c.OtherVersion = true
			}
		}
		c.WorkID, c.VersionID = w.ID, target.ID
		c.Amended = target != w.Current()
		if !c.HasArticle() {
			return
		}
	case RelDocument:
		c.WorkID, c.VersionID = v.WorkID, v.ID
	case RelArticle, RelParagraph, RelPrevParagraph, RelPrevArticle:
		if self == nil {
			c.Unresolved = ReasonNoContext
			return
		}
		c.WorkID, c.VersionID = v.WorkID, v.ID
		a := self
		switch c.Relative {
		case RelParagraph:
			if para == 0 {
				c.Unresolved = ReasonNoContext
				return
			}
			c.Paragraph = para
		case RelPrevParagraph:
			if para-c.Back < 1 {
				c.Unresolved = ReasonNoContext
				return
			}
			c.Paragraph = para - c.Back
			if c.Back > 1 {
				c.ParagraphTo = para - 1
			}
		case RelPrevArticle:
			if ai-c.Back < 0 {
				c.Unresolved = ReasonNoContext
				return
			}
			a = v.Articles[ai-c.Back]
		}
		if reason, _ := checkParts(a, c.Paragraph, c.ParagraphTo, c.Item, c.ItemTo); reason != "" {
			c.Unresolved = reason
			return
		}
		c.ArticleIDs = []string{a.ID}
		return
	}
	arts, reason, _ := r.articles(target, *c)
	if reason == ReasonNoArticles {
		// 《刑法修正案（九）》第七条: amendments and some interpretations
		// number their parts 一、二、 and are cited as 第N条.
		if secs := sectionsByOrdinal(target, c.Article, c.ArticleTo, c.Suffix); len(secs) > 0 {
			for _, sec := range secs {
				c.SectionIDs = append(c.SectionIDs, sec.ID)
			}
			return
		}
	}
	if reason != "" {
		c.Unresolved = reason
		if c.OtherVersion && reason != ReasonNoArticles {
			c.Unresolved = ReasonVersionMissing
		}
		return
	}
	for _, a := range arts {
		c.ArticleIDs = append(c.ArticleIDs, a.ID)
	}
}

// headingLine returns the first line of a section's text when it reads as
// a heading (修改《X》: short, no full stop), else "".
func headingLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	if utf8.RuneCountInString(line) > 120 || strings.ContainsAny(line, "。；：:") {
		return ""
	}
	return line
}

// headTitle is a 《title》 named by a numbered line (一、修改《X》) at off.
type headTitle struct {
	off   int
	title string
}

// headTitles finds the lines of text that open with a Chinese ordinal
// (一、, 十二、) and name a 《title》: in decisions that amend several texts
// they say which text the following lines change.
func headTitles(text string) []headTitle {
	var out []headTitle
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		rest := strings.TrimLeftFunc(line, func(r rune) bool { _, ok := chineseDigit(r); return ok || r == '十' })
		if len(rest) < len(line) && strings.HasPrefix(rest, "、") {
			if t := bracketedTitle(rest); t != "" {
				out = append(out, headTitle{off, t})
			}
		}
		off += len(line)
	}
	return out
}

// amends reports whether a title is that of an amendment (修正案, 关于修改…的决定).
func amends(title string) bool {
	return strings.Contains(title, "修正案") || strings.Contains(title, "修改")
}

// textContext is what a version says about the names its citations use.
type textContext struct {
	abbr    map[string]string // 以下简称: the short name → the title
	parent  string            // the law an 实施细则 implements or a 关于修改《X》的决定 amends
	implied string            // the text a bare 第N条 means where the text has no articles
}

// genericTitles are names that mean the text the context makes obvious:
// 《条例》 in the 实施细则 of a 条例, 《解释》 in a decision amending one.
var genericTitles = map[string]bool{"条例": true, "办法": true, "解释": true, "规定": true, "细则": true,
	"决定": true, "法": true, "规则": true, "实施条例": true, "实施细则": true, "实施办法": true}

// expand turns a defined short name or a generic one into the title it
// stands for in this text.
func (x *textContext) expand(title string) string {
	if full, ok := x.abbr[TitleKey(title)]; ok {
		title = full
	}
	if k := TitleKey(title); genericTitles[k] && strings.HasSuffix(TitleKey(x.parent), k) {
		return x.parent
	}
	return title
}

// contextOf reads a version for the names its citations lean on.
func (r *Resolver) contextOf(v *Version) *textContext {
	x := &textContext{abbr: map[string]string{}}
	scan := func(text string) {
		for _, m := range abbrPattern(text) {
			x.abbr[TitleKey(m[1])] = m[0]
		}
	}
	for _, a := range v.Articles {
		scan(a.Text())
	}
	for _, s := range v.Sections {
		scan(s.Text)
	}
	title := strings.TrimPrefix(v.Title, NationPrefix)
	for _, suf := range implementingSuffixes {
		if stem, ok := strings.CutSuffix(title, suf); ok && stem != "" {
			x.parent = stem
		}
	}
	inner := bracketedTitle(v.Title)
	if x.parent == "" {
		x.parent = inner
	}
	switch {
	case inner != "":
		x.implied = inner
	case strings.Contains(title, "修正案"):
		x.implied, _, _ = strings.Cut(title, "修正案")
	default:
		// 关于适用刑法分则规定的…意见, 关于执行刑法…的规定: the law after 适用/执行.
		for _, verb := range []string{"适用", "执行"} {
			for rest := title; ; {
				_, after, ok := strings.Cut(rest, verb)
				if !ok {
					break
				}
				if name := r.formalPrefix(after); name != "" {
					x.implied = name
					break
				}
				rest = after
			}
			if x.implied != "" {
				break
			}
		}
	}
	return x
}

// formalPrefix returns the longest formal name (a title, or one without
// 中华人民共和国) that opens s.
func (r *Resolver) formalPrefix(s string) string {
	best := ""
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if _, tier := r.names.lookupKey(TitleKey(s[:i])); tier >= 0 && tier <= tierShort && utf8.RuneCountInString(s[:i]) >= 2 {
			best = s[:i]
		}
		if i > 120 {
			break
		}
	}
	return best
}

// bracketedTitle returns the first 《title》 in the strings (〈〉 inside kept).
func bracketedTitle(ss ...string) string {
	for _, s := range ss {
		i := strings.Index(s, "《")
		if i < 0 {
			continue
		}
		depth := 0
		for j, r := range s[i:] {
			switch r {
			case '《':
				depth++
			case '》':
				depth--
				if depth == 0 {
					if t := strings.TrimSpace(s[i+len("《") : i+j]); t != "" {
						return t
					}
				}
			}
			if depth == 0 {
				break
			}
		}
	}
	return ""
}

// abbrPattern finds the short names a text defines — 《title》（以下简称《short》）,
// 《title》（以下简称short）, and 《A》、《B》及《C》（以下分别简称为《a》、《b》及《c》）
// — and returns [title, short] pairs.
func abbrPattern(text string) [][2]string {
	var out [][2]string
	for rest, base := text, 0; ; {
		k := strings.Index(rest, "以下")
		if k < 0 {
			break
		}
		at := base + k
		after := text[at+len("以下"):]
		rest, base = rest[k+len("以下"):], at+len("以下")
		respectively := strings.HasPrefix(after, "分别")
		after = strings.TrimPrefix(after, "分别")
		if !strings.HasPrefix(after, "简称") {
			continue
		}
		after = strings.TrimPrefix(strings.TrimPrefix(after, "简称"), "为")
		end := closingParen(after)
		if end <= 0 {
			continue
		}
		shorts := splitNames(after[:end])
		titles := titlesBefore(strings.TrimRightFunc(text[:at], func(r rune) bool { return r == '（' || r == '(' }))
		if !respectively && len(titles) > 0 {
			titles = titles[len(titles)-1:]
		}
		if len(titles) == 0 || len(titles) != len(shorts) {
			continue
		}
		for i := range titles {
			if utf8.RuneCountInString(shorts[i]) <= 20 {
				out = append(out, [2]string{titles[i], shorts[i]})
			}
		}
	}
	return out
}

// closingParen returns the offset of the ） that closes the parenthesis s
// is inside, skipping brackets nested in it (《修正案（二）》), or -1.
func closingParen(s string) int {
	title, paren := 0, 0
	for i, r := range s {
		switch r {
		case '《':
			title++
		case '》':
			title--
		case '（', '(':
			paren++
		case '）', ')':
			if title <= 0 && paren == 0 {
				return i
			}
			paren--
		}
	}
	return -1
}

// splitNames splits 《决定》、《修正案》及《修正案（二）》 into the names.
func splitNames(s string) []string {
	for _, sep := range []string{"以及", "及", "和"} {
		s = strings.ReplaceAll(s, sep, "、")
	}
	var out []string
	for _, n := range strings.Split(s, "、") {
		if n = strings.Trim(strings.TrimSpace(n), "《》“”\""); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// titlesBefore returns the 《…》 titles that end s, in order, when joined
// by 、, 和 or 及: 《A》、《B》及《C》 → A, B, C.
func titlesBefore(s string) []string {
	var out []string
	for strings.HasSuffix(s, "》") {
		depth, open := 0, -1
		for i := len(s); i > 0; {
			r, n := utf8.DecodeLastRuneInString(s[:i])
			i -= n
			if r == '》' {
				depth++
			} else if r == '《' {
				depth--
				if depth == 0 {
					open = i
					break
				}
			}
		}
		if open < 0 {
			break
		}
		out = append([]string{s[open+len("《") : len(s)-len("》")]}, out...)
		s = s[:open]
		trimmed := false
		for _, sep := range []string{"、", "以及", "及", "和"} {
			if strings.HasSuffix(s, sep) {
				s, trimmed = strings.TrimSuffix(s, sep), true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	return out
}

// sectionsByOrdinal returns the sections of v headed 一、, 二、 … numbered
// from to to (to 0: from alone), or nil when one is missing.
func sectionsByOrdinal(v *Version, from, to, suffix int) []*Section {
	if from <= 0 || suffix != 0 || len(v.Sections) == 0 {
		return nil
	}
	if to < from {
		to = from
	}
	byNum := map[int]*Section{}
	for _, s := range v.Sections {
		head, _, ok := strings.Cut(strings.TrimSpace(s.Heading), "、")
		if !ok {
			continue
		}
		if n, err := ParseNumeral(head); err == nil {
			if _, dup := byNum[n]; !dup {
				byNum[n] = s
			}
		}
	}
	var out []*Section
	for n := from; n <= to; n++ {
		s, ok := byNum[n]
		if !ok {
			return nil
		}
		out = append(out, s)
	}
	return out
}

// paragraphStarts returns the byte offset in a.Text() where each 款 starts.
func paragraphStarts(a *Article) []int {
	out := make([]int, 0, len(a.Paragraphs))
	off := 0
	for i, p := range a.Paragraphs {
		if i > 0 {
			off++ // the newline between paragraphs
		}
		out = append(out, off)
		off += len(p.Text)
		for _, it := range p.Items {
			off += 1 + len(it)
		}
	}
	return out
}

// paragraphAt returns the 1-based 款 holding byte offset off, 0 when unknown.
func paragraphAt(starts []int, off int) int {
	if len(starts) == 0 {
		return 0
	}
	return sort.Search(len(starts), func(i int) bool { return starts[i] > off })
}

// linkIncoming fills Article.CitedBy from every resolved citation, leaving
// out an article's references to itself.
func (r *Resolver) linkIncoming(c *Corpus) {
	add := func(from string, cites []Citation) {
		for _, ct := range cites {
			for _, id := range ct.ArticleIDs {
				if id == from {
					continue
				}
				if a := c.Article(id); a != nil && !slices.Contains(a.CitedBy, from) {
					a.CitedBy = append(a.CitedBy, from)
				}
			}
		}
	}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				add(a.ID, a.Cites)
			}
			for _, s := range v.Sections {
				add(s.ID, s.Cites)
			}
		}
	}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				sort.Strings(a.CitedBy)
			}
		}
	}
}

// linkBasis links each version to the upper laws it implements: the works
// cited after 根据/依据 in a sentence that makes the text (制定本条例), and
// for an 实施条例/实施细则/实施办法 the law its title names.
func (r *Resolver) linkBasis(c *Corpus, st *LinkStats) {
	for _, w := range c.Works {
		for _, v := range w.Versions {
			var basis []string
			add := func(id string) {
				if id != "" && id != w.ID && !slices.Contains(basis, id) {
					basis = append(basis, id)
				}
			}
			for i, a := range v.Articles {
				if i > 2 {
					break // the basis clause opens a text
				}
				for _, ct := range a.Cites {
					if ct.Basis && ct.Unresolved == "" {
						add(ct.WorkID)
					}
				}
			}
			for _, suf := range implementingSuffixes {
				stem, ok := strings.CutSuffix(strings.TrimPrefix(w.Title, NationPrefix), suf)
				if !ok || stem == "" {
					continue
				}
				// 北京市实施《中华人民共和国水法》办法 names its law inside.
				if ws := r.names.Lookup(stem); len(ws) == 1 {
					add(ws[0].ID)
				}
			}
			if strings.Contains(w.Title, "实施《") {
				for _, ct := range r.parser.Parse(w.Title) {
					if ws := r.names.Lookup(ct.Title); ct.Title != "" && len(ws) == 1 {
						add(ws[0].ID)
					}
				}
			}
			v.Basis = basis
			if len(basis) > 0 {
				st.Basis++
			}
			for _, id := range basis {
				if up := c.Work(id); up != nil && !slices.Contains(up.ImplementedBy, w.ID) {
					up.ImplementedBy = append(up.ImplementedBy, w.ID)
				}
			}
		}
	}
	for _, w := range c.Works {
		sort.Strings(w.ImplementedBy)
	}
}

// linkCounterparts matches the articles of every pair of versions of a work.
func linkCounterparts(c *Corpus, st *LinkStats) {
	for _, w := range c.Works {
		if len(w.Versions) < 2 {
			continue
		}
		for i := range w.Versions {
			for j := i + 1; j < len(w.Versions); j++ {
				a, b := w.Versions[i], w.Versions[j]
				for _, p := range AlignVersions(a, b) {
					p.From.Counterparts = append(p.From.Counterparts, Counterpart{VersionID: b.ID, ArticleID: p.To.ID, By: p.By, Similarity: p.Similarity})
					p.To.Counterparts = append(p.To.Counterparts, Counterpart{VersionID: a.ID, ArticleID: p.From.ID, By: p.By, Similarity: p.Similarity})
					st.Counterparts++
					if p.By == MatchText {
						st.Renumbered++
					}
				}
			}
		}
	}
}

// ArticlePair is one article of a version matched to one of another.
type ArticlePair struct {
	From, To   *Article
	By         MatchBy
	Similarity float64
}

// Thresholds of AlignVersions. A renumbered article must keep most of its
// text; an article keeping its number may have been rewritten more, as long
// as no better partner claims either side.
const (
	minTextSimilarity   = 0.5
	minNumberSimilarity = 0.2
	numberBonus         = 0.25
)

// AlignVersions matches the articles of version a to those of version b:
// pairs are scored by text similarity (Dice of character bigrams) with a
// bonus for the same number, and taken greedily from the best, each article
// at most once. A pair with different numbers is a renumbering (MatchText).
// The result is ordered by a's articles.
func AlignVersions(a, b *Version) []ArticlePair {
	if len(a.Articles) == 0 || len(b.Articles) == 0 {
		return nil
	}
	fa := make([][]uint64, len(a.Articles))
	for i, x := range a.Articles {
		fa[i] = shingles(x.Text())
	}
	fb := make([][]uint64, len(b.Articles))
	for j, y := range b.Articles {
		fb[j] = shingles(y.Text())
	}
	// An inverted index over b counts, for each article of a, the bigrams
	// it shares with every article of b: the exact intersection, so the
	// Dice coefficient needs no pairwise merge, and pairs sharing nothing
	// cost nothing.
	post := map[uint64][]int32{}
	for j, f := range fb {
		for _, h := range f {
			post[h] = append(post[h], int32(j))
		}
	}
	type cand struct {
		i, j  int
		sim   float64
		score float64
	}
	var cands []cand
	shared := make([]int, len(fb))
	for i, f := range fa {
		clear(shared)
		for _, h := range f {
			for _, j := range post[h] {
				shared[j]++
			}
		}
		x := a.Articles[i]
		for j, y := range b.Articles {
			same := x.Number == y.Number && x.Suffix == y.Suffix
			if shared[j] == 0 && !same {
				continue
			}
			sim := 1.0
			if n := len(f) + len(fb[j]); n > 0 {
				sim = 2 * float64(shared[j]) / float64(n)
			}
			switch {
			case same && sim >= minNumberSimilarity:
				cands = append(cands, cand{i, j, sim, sim + numberBonus})
			case !same && sim >= minTextSimilarity:
				cands = append(cands, cand{i, j, sim, sim})
			}
		}
	}
	sort.Slice(cands, func(p, q int) bool {
		if cands[p].score != cands[q].score {
			return cands[p].score > cands[q].score
		}
		if cands[p].i != cands[q].i {
			return cands[p].i < cands[q].i
		}
		return cands[p].j < cands[q].j
	})
	usedA := make([]bool, len(fa))
	usedB := make([]bool, len(fb))
	byA := make([]*ArticlePair, len(fa))
	for _, c := range cands {
		if usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		x, y := a.Articles[c.i], b.Articles[c.j]
		by := MatchText
		if x.Number == y.Number && x.Suffix == y.Suffix {
			by = MatchNumber
		}
		byA[c.i] = &ArticlePair{From: x, To: y, By: by, Similarity: float64(int(c.sim*1000+0.5)) / 1000}
	}
	var out []ArticlePair
	for _, p := range byA {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

var shingleSeed = maphash.MakeSeed()

// shingles returns the sorted distinct hashes of the character bigrams of
// text, ignoring spaces and punctuation.
func shingles(text string) []uint64 {
	var rs []rune
	for _, r := range text {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			continue
		}
		rs = append(rs, r)
	}
	if len(rs) == 1 {
		return []uint64{maphash.String(shingleSeed, string(rs))}
	}
	out := make([]uint64, 0, len(rs))
	var buf [2 * utf8.UTFMax]byte
	for i := 0; i+1 < len(rs); i++ {
		n := utf8.EncodeRune(buf[:], rs[i])
		n += utf8.EncodeRune(buf[n:], rs[i+1])
		out = append(out, maphash.Bytes(shingleSeed, buf[:n]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dice is the Dice coefficient of two sorted sets.
func dice(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	return 2 * float64(overlap(a, b)) / float64(len(a)+len(b))
}

// Similarity returns the Dice coefficient of the character bigrams of two
// texts, ignoring spaces and punctuation: 1 for the same wording, 0 for none
// in common.
func Similarity(a, b string) float64 { return dice(shingles(a), shingles(b)) }
