package corpus

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/internal/memo"
)

// Resolver answers citations — 处罚法32, 《中华人民共和国行政处罚法》第三十二条第一款 —
// with the article of the version in force on a date. Everything it needs is
// computed once by NewResolver; Resolve reads maps and a locked memo of
// guessed titles, so it is safe for concurrent use.
type Resolver struct {
	c      *Corpus
	names  *AliasIndex
	parser *Parser
	arts   map[*Version]map[artKey]int // article number → index in Version.Articles
	// guesses remembers what a title the names do not hold was taken to
	// mean: a made-up short name or the nearest titles are a scan of every
	// name, and catalogues and officers cite the same few again and again.
	guesses *memo.Map[guessKey, guess]
}

type guessKey struct {
	title string
	near  Region
}

// guess is a title's made-up short-name reading (one work, or the
// candidates) and, when it has none, its nearest titles.
type guess struct {
	work    *Work
	cands   []*Work
	nearest []*Work
}

// maxGuesses bounds the guessed titles a resolver remembers.
const maxGuesses = 4096

// guessTitle reads a title the names do not hold.
func (r *Resolver) guessTitle(title string, near Region) guess {
	return r.guesses.Get(guessKey{title, near}, func() guess {
		var g guess
		g.work, g.cands = r.names.AbbreviatedOne(title, near)
		if g.work == nil && len(g.cands) == 0 {
			g.nearest = r.names.Nearest(title, 5)
		}
		return g
	})
}

type artKey struct{ num, suf int }

// NewResolver indexes the names of c's works and the articles of its
// versions. It fails only when the embedded alias file is malformed.
func NewResolver(c *Corpus) (*Resolver, error) {
	short, err := ShortNames()
	if err != nil {
		return nil, err
	}
	names := NewAliasIndex(c.Works, short)
	r := &Resolver{c: c, names: names, parser: NewParser(names), arts: map[*Version]map[artKey]int{},
		guesses: &memo.Map[guessKey, guess]{Limit: maxGuesses}}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			m := make(map[artKey]int, len(v.Articles))
			for i, a := range v.Articles {
				k := artKey{a.Number, a.Suffix}
				if _, dup := m[k]; !dup {
					m[k] = i
				}
			}
			r.arts[v] = m
		}
	}
	return r, nil
}

// Names returns the alias index of the resolver's corpus.
func (r *Resolver) Names() *AliasIndex { return r.names }

// Parser returns a citation parser that knows the corpus' titles.
func (r *Resolver) Parser() *Parser { return r.parser }

// Corpus returns the corpus the resolver answers from.
func (r *Resolver) Corpus() *Corpus { return r.c }

// Resolution is where a citation lands.
type Resolution struct {
	Citation Citation   `json:"citation"`
	Work     *Work      `json:"-"`
	Version  *Version   `json:"-"`
	Articles []*Article `json:"-"`       // the article, or every article of a range; none for a bare title
	Sections []*Section `json:"-"`       // instead of Articles, for a text numbered 一、二、 (第N条 is its Nth part)
	Amended  bool       `json:"amended"` // a newer version of the work exists
}

// Article returns the (first) article cited, or nil for a citation of a
// whole work.
func (res *Resolution) Article() *Article {
	if len(res.Articles) == 0 {
		return nil
	}
	return res.Articles[0]
}

// Candidate is a near miss offered with a failed resolution.
type Candidate struct {
	WorkID    string `json:"work_id"`
	Title     string `json:"title"`
	VersionID string `json:"version_id,omitempty"`
	ArticleID string `json:"article_id,omitempty"`
	Label     string `json:"label,omitempty"` // 第三十二条
	ValidFrom Date   `json:"valid_from"`
	ValidTo   Date   `json:"valid_to"`
	Status    Status `json:"status,omitempty"`
}

// NotFoundError says why a citation did not resolve and what comes close.
// It unwraps to an *Error with CodeNotFound, so ErrorCode maps it to 404.
type NotFoundError struct {
	Query      string      `json:"query"`
	Reason     Reason      `json:"reason"`
	Detail     string      `json:"detail"`
	Candidates []Candidate `json:"candidates"`
}

// Error renders the reason and the detail.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("cite %q: %s: %s", e.Query, e.Reason, e.Detail)
}

// Unwrap returns the coded error the API maps to a status.
func (e *NotFoundError) Unwrap() error { return &Error{Code: CodeNotFound, Message: e.Error()} }

// Resolve finds the article a query cites, in the version in force on asOf
// (the current version when asOf is zero). A query without a citation is
// invalid input; a citation that lands nowhere is a *NotFoundError with the
// reason and the nearest candidates.
func (r *Resolver) Resolve(query string, asOf Date) (*Resolution, error) {
	return r.ResolveIn(query, asOf, Region{})
}

// ResolveIn is Resolve for a reader in place near (see ResolveNear).
func (r *Resolver) ResolveIn(query string, asOf Date, near Region) (*Resolution, error) {
	cit, ok := r.ParseQuery(query)
	if !ok {
		return nil, Errorf(CodeInvalid, "cite %q: no citation found; write a title and an article, e.g. 处罚法32 or 《中华人民共和国行政处罚法》第三十二条", query)
	}
	return r.ResolveNear(query, cit, asOf, near)
}

// ResolveCitation resolves a titled citation as of asOf; query only labels
// errors. Relative citations need the citing article: see Link.
func (r *Resolver) ResolveCitation(query string, cit Citation, asOf Date) (*Resolution, error) {
	return r.ResolveNear(query, cit, asOf, Region{})
}

// ResolveNear is ResolveCitation by a reader in place near: a short name
// that may mean several local texts (温州养犬条例, 浙江市容条例) prefers the
// texts of near's city and province.
func (r *Resolver) ResolveNear(query string, cit Citation, asOf Date, near Region) (*Resolution, error) {
	if cit.Title == "" {
		return nil, Errorf(CodeInvalid, "cite %q: %q names no work", query, cit.Text)
	}
	works := r.lookupTitle(cit.Title)
	if len(works) == 0 {
		// a short name made up by rule: 温州养犬条例 → 温州市养犬管理条例
		g := r.guessTitle(cit.Title, near)
		if g.work != nil {
			works = []*Work{g.work}
		} else if len(g.cands) > 0 {
			return nil, r.notFound(query, ReasonAmbiguous, fmt.Sprintf("%s may mean %d texts; name one", cit.Title, len(g.cands)),
				workCandidates(g.cands[:min(len(g.cands), 5)]))
		}
	}
	switch {
	case len(works) == 0:
		return nil, r.notFound(query, ReasonUnknownTitle, fmt.Sprintf("no law or regulation is called %s", cit.Title),
			workCandidates(r.guessTitle(cit.Title, near).nearest))
	case len(works) > 1:
		one, ranked := PreferNear(works, cit.Title, near)
		if one == nil {
			return nil, r.notFound(query, ReasonAmbiguous, fmt.Sprintf("%s may mean %d texts; name one", cit.Title, len(works)),
				workCandidates(ranked))
		}
		works = []*Work{one}
	}
	w := works[0]
	v := versionOn(w, asOf)
	if v == nil {
		return nil, r.notFound(query, ReasonNoVersion, fmt.Sprintf("%s has no version in force on %s", w.Title, asOf),
			versionCandidates(w))
	}
	res := &Resolution{Citation: cit, Work: w, Version: v, Amended: v != w.Current()}
	res.Citation.WorkID, res.Citation.VersionID, res.Citation.Amended = w.ID, v.ID, res.Amended
	if !cit.HasArticle() {
		return res, nil
	}
	arts, reason, detail := r.articles(v, cit)
	if reason == ReasonNoArticles {
		if secs := sectionsByOrdinal(v, cit.Article, cit.ArticleTo, cit.Suffix); len(secs) > 0 {
			res.Sections = secs
			for _, sec := range secs {
				res.Citation.SectionIDs = append(res.Citation.SectionIDs, sec.ID)
			}
			return res, nil
		}
	}
	if reason != "" {
		return nil, r.notFound(query, reason, detail, r.articleCandidates(w, v, cit))
	}
	res.Articles = arts
	for _, a := range arts {
		res.Citation.ArticleIDs = append(res.Citation.ArticleIDs, a.ID)
	}
	return res, nil
}

func (r *Resolver) notFound(query string, reason Reason, detail string, cands []Candidate) error {
	if cands == nil {
		cands = []Candidate{}
	}
	return &NotFoundError{Query: query, Reason: reason, Detail: detail, Candidates: cands}
}

// lookupTitle finds the works a title names; a title with words glued before
// it (民法商法公司法, 依照刑法) falls back to the longest formal name ending it,
// unless a place name precedes that name (浙江省道路运输条例 and
// 重庆失业保险条例 are no national 道路运输条例, 失业保险条例).
func (r *Resolver) lookupTitle(title string) []*Work {
	if ws := r.names.Lookup(title); len(ws) > 0 {
		return ws
	}
	if ws, off := r.names.LookupSuffix(title); len(ws) > 0 && off > 0 && !EndsWithPlace(title[:off]) {
		return ws
	}
	return nil
}

// versionOn picks the version in force on d; with d zero, the newest version
// already in force (or the newest of all when none is).
func versionOn(w *Work, d Date) *Version {
	if d.IsZero() {
		for i := len(w.Versions) - 1; i >= 0; i-- {
			if w.Versions[i].Status != StatusNotYet {
				return w.Versions[i]
			}
		}
		return w.Current()
	}
	for i := len(w.Versions) - 1; i >= 0; i-- {
		if w.Versions[i].InForceOn(d) {
			return w.Versions[i]
		}
	}
	return nil
}

// articles finds the articles a citation names in v, checking its 款 and 项.
func (r *Resolver) articles(v *Version, cit Citation) ([]*Article, Reason, string) {
	if len(v.Articles) == 0 {
		return nil, ReasonNoArticles, fmt.Sprintf("%s (%s) is not divided into articles", v.Title, versionName(v))
	}
	idx := r.arts[v]
	i, ok := idx[artKey{cit.Article, cit.Suffix}]
	if !ok {
		return nil, ReasonNoArticle, fmt.Sprintf("%s (%s) has no %s", v.Title, versionName(v), ArticleLabel(cit.Article, cit.Suffix))
	}
	out := []*Article{v.Articles[i]}
	if cit.ArticleTo > 0 {
		j, ok := idx[artKey{cit.ArticleTo, cit.SuffixTo}]
		if !ok {
			return nil, ReasonNoArticle, fmt.Sprintf("%s (%s) has no %s", v.Title, versionName(v), ArticleLabel(cit.ArticleTo, cit.SuffixTo))
		}
		if j > i {
			out = append(out, v.Articles[i+1:j+1]...)
		}
	}
	if reason, detail := checkParts(out[0], cit.Paragraph, cit.ParagraphTo, cit.Item, cit.ItemTo); reason != "" {
		return nil, reason, detail
	}
	return out, "", ""
}

// checkParts verifies that the 款 and 项 cited exist in a.
func checkParts(a *Article, para, paraTo, item, itemTo int) (Reason, string) {
	last := max(para, paraTo)
	if last > len(a.Paragraphs) {
		return ReasonNoParagraph, fmt.Sprintf("%s has %d 款, not %d", a.Label, len(a.Paragraphs), last)
	}
	lastItem := max(item, itemTo)
	if lastItem == 0 {
		return "", ""
	}
	n := 0
	if para > 0 {
		n = len(a.Paragraphs[para-1].Items)
	} else {
		for _, p := range a.Paragraphs {
			n += len(p.Items)
		}
	}
	if lastItem > n {
		return ReasonNoItem, fmt.Sprintf("%s has %d 项 there, not %d", a.Label, n, lastItem)
	}
	return "", ""
}

func versionName(v *Version) string {
	if !v.Date.IsZero() {
		return v.Date.String()
	}
	if !v.ValidFrom.IsZero() {
		return v.ValidFrom.String()
	}
	return "undated"
}

func workCandidates(ws []*Work) []Candidate {
	out := make([]Candidate, 0, len(ws))
	for _, w := range ws {
		c := Candidate{WorkID: w.ID, Title: w.Title}
		if v := w.Current(); v != nil {
			c.VersionID, c.ValidFrom, c.ValidTo, c.Status = v.ID, v.ValidFrom, v.ValidTo, v.Status
		}
		out = append(out, c)
	}
	return out
}

func versionCandidates(w *Work) []Candidate {
	out := make([]Candidate, 0, len(w.Versions))
	for _, v := range w.Versions {
		out = append(out, Candidate{WorkID: w.ID, Title: w.Title, VersionID: v.ID,
			ValidFrom: v.ValidFrom, ValidTo: v.ValidTo, Status: v.Status})
	}
	return out
}

// articleCandidates offers the same article in the work's other versions,
// then the neighbours by number in the version asked about.
func (r *Resolver) articleCandidates(w *Work, v *Version, cit Citation) []Candidate {
	var out []Candidate
	add := func(v *Version, a *Article) {
		out = append(out, Candidate{WorkID: w.ID, Title: w.Title, VersionID: v.ID, ArticleID: a.ID, Label: a.Label,
			ValidFrom: v.ValidFrom, ValidTo: v.ValidTo, Status: v.Status})
	}
	for i := len(w.Versions) - 1; i >= 0; i-- {
		o := w.Versions[i]
		if o == v {
			continue
		}
		if j, ok := r.arts[o][artKey{cit.Article, cit.Suffix}]; ok {
			add(o, o.Articles[j])
		}
	}
	if len(v.Articles) == 0 {
		return out
	}
	// The nearest numbers below and above in this version.
	pos := sort.Search(len(v.Articles), func(i int) bool {
		a := v.Articles[i]
		return a.Number > cit.Article || a.Number == cit.Article && a.Suffix >= cit.Suffix
	})
	if pos > 0 {
		add(v, v.Articles[pos-1])
	}
	if pos < len(v.Articles) {
		add(v, v.Articles[pos])
	}
	return out
}

// spacedLabel matches a label typed with spaces: 第 32 条, 第三十二 条.
var spacedLabel = regexp.MustCompile(`第[ \t　]*([0-9０-９一二三四五六七八九十百千零〇两]+)[ \t　]*(条|款|项)`)

// squeezeLabels closes the spaces people type inside labels (第 32 条 →
// 第32条), which the citation grammar does not allow, and returns the map
// from offsets in the result back to offsets in q.
func squeezeLabels(q string) (string, func(int) int) {
	same := func(i int) int { return i }
	if !strings.Contains(q, "第") {
		return q, same
	}
	locs := spacedLabel.FindAllStringSubmatchIndex(q, -1)
	if len(locs) == 0 {
		return q, same
	}
	var b strings.Builder
	var back []int // back[i] is the offset in q of byte i of the result
	keep := func(from, to int) {
		for i := from; i < to; i++ {
			b.WriteByte(q[i])
			back = append(back, i)
		}
	}
	prev := 0
	for _, m := range locs {
		keep(prev, m[0])
		keep(m[0], m[0]+len("第"))
		keep(m[2], m[3])
		keep(m[4], m[5])
		prev = m[1]
	}
	keep(prev, len(q))
	return b.String(), func(i int) int {
		if i >= len(back) {
			return len(q)
		}
		return back[i]
	}
}

// unsqueeze maps a citation found in a squeezed query back onto q.
func unsqueeze(c Citation, q string, back func(int) int) Citation {
	start, end := back(c.Start), back(c.End-1)+1
	if c.End <= c.Start {
		end = back(c.End)
	}
	c.Start, c.End, c.Text = start, end, q[start:end]
	return c
}

// ParseQuery finds the first citation in a query: every form the text parser
// knows (《X》第N条, X法第N条) plus what people type — 处罚法32, 行政处罚法 32条,
// 刑法133之一, 处罚法32条1款2项 — and a known title alone. Of the readings it
// prefers the first whose title names a work. It returns false when the
// query cites nothing.
func (r *Resolver) ParseQuery(q string) (Citation, bool) {
	sq, back := squeezeLabels(q)
	if sq != q {
		c, ok := r.ParseQuery(sq)
		if ok {
			c = unsqueeze(c, q, back)
		}
		return c, ok
	}
	var cands []Citation
	for _, c := range r.parser.Parse(q) {
		if c.Title != "" && c.HasArticle() {
			cands = append(cands, c)
		}
	}
	if c, ok := parseColloquial(q); ok {
		cands = append(cands, c)
	}
	for _, c := range cands {
		if len(r.lookupTitle(c.Title)) > 0 {
			return c, true
		}
	}
	if len(cands) > 0 {
		return cands[0], true
	}
	// A known title alone (行政处罚法) cites the whole work.
	if t := trimTitle(q); t != "" && len(r.names.Lookup(t)) > 0 {
		return Citation{Text: q, Start: 0, End: len(q), Title: t}, true
	}
	return Citation{}, false
}

// ParseQuery is Resolver.ParseQuery without knowledge of titles: a title is
// recognised by its place before an article number, or by 《》 when alone.
func ParseQuery(q string) (Citation, bool) {
	if sq, back := squeezeLabels(q); sq != q {
		c, ok := ParseQuery(sq)
		if ok {
			c = unsqueeze(c, q, back)
		}
		return c, ok
	}
	for _, c := range ParseCitations(q) {
		if c.Title != "" && c.HasArticle() {
			return c, true
		}
	}
	if c, ok := parseColloquial(q); ok {
		return c, true
	}
	if t := strings.TrimSpace(q); strings.HasPrefix(t, "《") && strings.HasSuffix(t, "》") && trimTitle(t) != "" {
		start := strings.Index(q, "《")
		end := strings.LastIndex(q, "》") + len("》")
		return Citation{Text: q[start:end], Start: start, End: end, Title: trimTitle(t)}, true
	}
	return Citation{}, false
}

// parseColloquial reads title + number forms without 第/条 or with Arabic
// digits: 处罚法32, 行政处罚法 32条, 宪法修正案2018年第三十二条.
func parseColloquial(q string) (Citation, bool) {
	for i := 0; i < len(q); {
		r, n := utf8.DecodeRuneInString(q[i:])
		if r == '第' || isNumeralRune(r) {
			if c, ok := colloquialAt(q, i); ok {
				return c, true
			}
		}
		i += n
	}
	return Citation{}, false
}

// colloquialAt tries to read [第]N[条][之M|-M][[第]N款][[第][（]N[）]项]
// at i, with a title before it.
func colloquialAt(q string, i int) (Citation, bool) {
	start := i
	j := i
	hasDi := strings.HasPrefix(q[j:], "第")
	if hasDi {
		j += len("第")
	}
	num, e, arabic, ok := readNumber(q, j)
	if !ok {
		return Citation{}, false
	}
	j = e
	hasTiao := strings.HasPrefix(q[skipSpace(q, e):], "条")
	if hasTiao {
		j = skipSpace(q, e) + len("条")
	}
	if !hasTiao && !arabic {
		return Citation{}, false // 统一, 第一次: a Chinese numeral needs 条
	}
	if !hasTiao && !numberMayEnd(q, e) {
		return Citation{}, false // 2018年, 500元
	}
	c := Citation{Article: num}
	for _, sep := range []string{"之", "-", "－", "."} {
		if strings.HasPrefix(q[j:], sep) {
			if s, e2, _, ok := readNumber(q, j+len(sep)); ok && s < 100 {
				c.Suffix, j = s, e2
			}
			break
		}
	}
	for _, level := range []string{"款", "项"} {
		k := skipSpace(q, j)
		if strings.HasPrefix(q[k:], "第") {
			k += len("第")
		}
		br := false
		if r, n := utf8.DecodeRuneInString(q[k:]); level == "项" && (r == '（' || r == '(') {
			k += n
			br = true
		}
		v, e3, _, ok := readNumber(q, k)
		if !ok {
			continue
		}
		if br {
			if r, n := utf8.DecodeRuneInString(q[e3:]); r == '）' || r == ')' {
				e3 += n
			} else {
				continue
			}
		}
		if !strings.HasPrefix(q[e3:], level) {
			continue
		}
		if level == "款" {
			c.Paragraph = v
		} else {
			c.Item = v
		}
		j = e3 + len(level)
	}
	// The title: the run before the number, after the last space or mark.
	t := skipSpaceBack(q, start)
	lo := t
	for lo > 0 {
		r, n := utf8.DecodeLastRuneInString(q[:lo])
		if !(unicode.Is(unicode.Han, r) || unicode.IsDigit(r) || unicode.IsLetter(r) || strings.ContainsRune("《》〈〉（）()", r)) {
			break
		}
		lo -= n
	}
	title := trimTitle(q[lo:t])
	if title == "" {
		return Citation{}, false
	}
	c.Title, c.Start, c.End, c.Text = title, lo, j, q[lo:j]
	return c, true
}

// readNumber reads a numeral run (Chinese or Arabic) at i with ParseNumeral.
func readNumber(q string, i int) (n, end int, arabic, ok bool) {
	j := i
	for j < len(q) {
		r, size := utf8.DecodeRuneInString(q[j:])
		if !isNumeralRune(r) {
			break
		}
		if _, isA := arabicDigit(r); isA {
			arabic = true
		}
		j += size
	}
	if j == i || j-i > 24 {
		return 0, i, false, false
	}
	v, err := ParseNumeral(q[i:j])
	if err != nil || v <= 0 || v > 100000 {
		return 0, i, false, false
	}
	return v, j, arabic, true
}

// numberMayEnd reports whether what follows a bare number lets it be an
// article number: the end, a space, a mark or a level word — not 年, 元, 号.
func numberMayEnd(q string, i int) bool {
	if i >= len(q) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(q[i:])
	return unicode.IsSpace(r) || unicode.IsPunct(r) || strings.ContainsRune("之-－.款项第", r)
}

func skipSpaceBack(q string, i int) int {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(q[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	return i
}

// trimTitle removes what surrounds a title in a query: spaces, 《》, a
// trailing 第.
func trimTitle(t string) string {
	t = strings.TrimSpace(t)
	t = strings.TrimSuffix(t, "第")
	t = strings.TrimPrefix(t, "《")
	t = strings.TrimSuffix(t, "》")
	return strings.TrimSpace(t)
}
