package corpus

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem reasons. Problem.Reason starts with one of these, then ": " and
// the details, so that problems can be counted by kind (see Problem.Kind).
const (
	ReasonEmpty        = "empty file"
	ReasonBinary       = "binary file"
	ReasonEncoding     = "not UTF-8"
	ReasonNoTitle      = "no title"
	ReasonUnreadable   = "unreadable"
	ReasonDuplicate    = "duplicate file"
	ReasonNoInfoEnd    = "no INFO END marker"
	ReasonFileDate     = "bad file-name date"
	ReasonLabel        = "label defect"
	ReasonUnlabeled    = "unlabeled text"
	ReasonGap          = "numbering gap"
	ReasonDupArticle   = "duplicate article"
	ReasonOrder        = "numbering out of order"
	ReasonEmptyArticle = "empty article"
	ReasonNoText       = "no text"
	ReasonFolder       = "unknown folder"
)

// infoEnd closes the metadata block of a LawRefBook file.
const infoEnd = "<!-- INFO END -->"

// nationPrefix opens the titles of national laws; people cite without it.
const nationPrefix = "中华人民共和国"

// ParseFile parses one LawRefBook Markdown file into a Version. rel is the
// path relative to the corpus root (Source, problem paths, and the folder
// that tells a case from a law). It is pure: it reads nothing but data.
//
// The version gets its ids (from the title and date), Events, Date (from
// the file name, else the latest dated history event other than 施行) and
// ValidFrom; ValidTo and Status depend on the other versions of the work and
// are left to Load. A file that cannot be a document (empty, binary, not
// UTF-8, no title) gives a nil Version and a Skipped problem.
func ParseFile(rel string, data []byte) (*Version, []Problem) {
	v, probs := parseFile(rel, string(data))
	if v == nil {
		return nil, probs
	}
	probs = append(probs, checkNumbering(v)...)
	slices.SortStableFunc(probs, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	assignIDs(v, WorkID(v.Title))
	return v, probs
}

// WorkID derives the stable id of the work with this title: "w" and the
// first 10 hex digits of the SHA-1 of the title without spaces.
func WorkID(title string) string {
	sum := sha1.Sum([]byte(normTitle(title)))
	return "w" + hex.EncodeToString(sum[:])[:10]
}

// normTitle is the grouping key of titles: the title without any spaces.
func normTitle(title string) string {
	return strings.Map(func(r rune) rune {
		if isBlank(r) {
			return -1
		}
		return r
	}, title)
}

// isBlank is whitespace including the zero-width characters that real
// files carry as invisible padding.
func isBlank(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r)
}

func trimBlank(s string) string { return strings.TrimFunc(s, isBlank) }

// collapseSpaces trims s and turns each run of blanks into one ASCII space
// (## 第一章  总则 → 第一章 总则).
func collapseSpaces(s string) string {
	s = trimBlank(s)
	if !strings.ContainsFunc(s, isBlank) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if isBlank(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func problemf(rel string, line int, reason, format string, args ...any) Problem {
	return Problem{Path: rel, Line: line, Reason: reason + ": " + fmt.Sprintf(format, args...)}
}

func skipped(rel string, line int, reason, format string, args ...any) Problem {
	p := problemf(rel, line, reason, format, args...)
	p.Skipped = true
	return p
}

// parseFile does all of ParseFile but the numbering check and the ids, which
// Load runs after merging the parts of a split law. The version keeps
// substrings of data.
func parseFile(rel string, data string) (*Version, []Problem) {
	return parseText(rel, data, false)
}

// parseText is parseFile for any path: sectionsOnly reads the body as
// sections even where lines start with 第N条, as for cases, whose folder
// (案例/) otherwise says so.
func parseText(rel string, data string, sectionsOnly bool) (*Version, []Problem) {
	if p := checkText(rel, data); p != nil {
		return nil, []Problem{*p}
	}
	p := &parser{rel: rel, lines: textLines(data), sectionsOnly: sectionsOnly}
	if !p.header() {
		return nil, p.probs
	}
	p.body()
	p.v.ValidFrom = validFrom(p.v)
	if len(p.v.Articles) == 0 && len(p.v.Sections) == 0 {
		p.problem(0, ReasonNoText, "neither articles nor text after the metadata")
	}
	return p.v, p.probs
}

// checkText reports a file that cannot be a document: empty, binary or not
// UTF-8.
func checkText(rel, data string) *Problem {
	if strings.TrimSpace(data) == "" {
		p := skipped(rel, 0, ReasonEmpty, "no content")
		return &p
	}
	if i := strings.IndexByte(data, 0); i >= 0 {
		p := skipped(rel, lineAt(data, i), ReasonBinary, "NUL byte at offset %d", i)
		return &p
	}
	if !utf8.ValidString(data) {
		i := firstInvalidUTF8(data)
		p := skipped(rel, lineAt(data, i), ReasonEncoding, "invalid UTF-8 at offset %d (GBK?)", i)
		return &p
	}
	return nil
}

// textLines splits data into trimmed lines, with layout comments blanked.
func textLines(data string) []string {
	lines := strings.Split(data, "\n")
	for i, l := range lines {
		l = trimBlank(l) // also drops \r and a BOM
		if l != infoEnd && strings.HasPrefix(l, "<!--") && strings.HasSuffix(l, "-->") {
			l = "" // <!-- FORCE BREAK -->, <!-- TABLE -->: layout hints, not text
		}
		lines[i] = l
	}
	return lines
}

func lineAt(data string, off int) int { return strings.Count(data[:off], "\n") + 1 }

func firstInvalidUTF8(b string) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRuneInString(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// parser holds the state of one file's parse.
type parser struct {
	rel   string
	lines []string // trimmed
	body0 int      // index of the first body line
	v     *Version
	probs []Problem
	// sectionsOnly reads the body as sections whatever it holds.
	sectionsOnly bool
}

func (p *parser) problem(line int, reason, format string, args ...any) {
	p.probs = append(p.probs, problemf(p.rel, line, reason, format, args...))
}

// headingLevel reads a Markdown ATX heading: the level (number of #) and the
// text, or level 0 for a line that is not a heading.
func headingLevel(line string) (int, string) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 {
		return 0, ""
	}
	rest := line[n:]
	if rest != "" {
		r, _ := utf8.DecodeRuneInString(rest)
		if !isBlank(r) {
			return 0, ""
		}
	}
	return n, collapseSpaces(rest)
}

// header reads the title, subtitle, history and the file-name date, and
// finds where the body starts. It reports false when the file has no title.
func (p *parser) header() bool {
	end := -1
	for i, l := range p.lines {
		if l == infoEnd {
			end = i
			break
		}
	}
	title := -1
	limit := end
	if limit < 0 {
		limit = len(p.lines)
	}
	for i := 0; i < limit; i++ {
		if lv, _ := headingLevel(p.lines[i]); lv == 1 {
			title = i
			break
		}
	}
	if title < 0 {
		p.probs = append(p.probs, skipped(p.rel, 0, ReasonNoTitle, "no '# ' title line before the body"))
		return false
	}
	_, t := headingLevel(p.lines[title])
	if t == "" {
		p.probs = append(p.probs, skipped(p.rel, title+1, ReasonNoTitle, "the '# ' title line is empty"))
		return false
	}
	p.v = &Version{Title: t, Source: p.rel}
	if end < 0 {
		// Without the marker the history is the run of dated lines after the title.
		end = title + 1
		for end < len(p.lines) {
			l := p.lines[end]
			if lv, _ := headingLevel(l); l != "" && lv != 1 && !startsWithDate(l) {
				break
			}
			end++
		}
		p.body0 = end
		p.problem(0, ReasonNoInfoEnd, "metadata taken as the dated lines after the title")
	} else {
		p.body0 = end + 1
	}
	var history []histLine
	for i := title + 1; i < end; i++ {
		l := p.lines[i]
		if l == "" {
			continue
		}
		if lv, s := headingLevel(l); lv == 1 {
			if p.v.Subtitle == "" {
				p.v.Subtitle = s
			}
			continue
		}
		switch {
		case startsWithDate(l):
			history = append(history, histLine{text: l, line: i + 1})
		case len(history) > 0:
			// A history line wrapped inside a long decision title.
			history[len(history)-1].text += l
		}
	}
	p.v.Events = parseEvents(history)
	p.fileDate()
	return true
}

type histLine struct {
	text string
	line int
}

// fileDate takes the version date from the file name, X(2021-01-22).md; an
// undated file takes its latest history date other than 施行, which is what
// file names carry (adoption or amendment), so undated older texts sort right.
func (p *parser) fileDate() {
	base := strings.TrimSuffix(path.Base(p.rel), ".md")
	if s, ok := dateInName(base); ok {
		d, err := ParseDate(s)
		if err == nil {
			p.v.Date = d
		} else {
			p.problem(0, ReasonFileDate, "%q is not a date", s)
		}
	}
	if p.v.Date.IsZero() {
		for _, e := range p.v.Events {
			if e.Type != EventEffective && p.v.Date.Before(e.Date) {
				p.v.Date = e.Date
			}
		}
	}
}

// dateInName finds the "(YYYY-MM-DD)" at the end of a base name.
func dateInName(base string) (string, bool) {
	for _, pair := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if !strings.HasSuffix(base, pair[1]) {
			continue
		}
		i := strings.LastIndex(base, pair[0])
		if i < 0 {
			continue
		}
		s := base[i+len(pair[0]) : len(base)-len(pair[1])]
		if len(s) == 10 && s[4] == '-' && s[7] == '-' {
			return s, true
		}
	}
	return "", false
}

// validFrom is when the text took effect: the latest 施行 date on or after
// the version date, from the history lines or from the closing articles
// (本法自2021年7月15日起施行), since file names carry adoption dates. A date
// before the version date belongs to the original law, not to this text.
// Without one, the version date.
func validFrom(v *Version) Date {
	var best Date
	consider := func(d Date) {
		if !d.Before(v.Date) && best.Before(d) {
			best = d
		}
	}
	for _, e := range v.Events {
		if e.Type == EventEffective {
			consider(e.Date)
		}
	}
	for i := len(v.Articles) - 1; i >= 0 && i >= len(v.Articles)-3; i-- {
		for _, p := range v.Articles[i].Paragraphs {
			consider(statedEffective(p.Text))
		}
	}
	if best.IsZero() {
		return v.Date
	}
	return best
}

// statedEffective finds the date of "本法自2021年7月15日起施行" (or 实施) in
// an article's text; zero when there is none. The sentence must be about the
// text itself (start with 本…), not a policy starting on some date.
func statedEffective(text string) Date {
	for _, verb := range []string{"起施行", "起实施"} {
		k := strings.Index(text, verb)
		if k < 0 {
			continue
		}
		from := strings.LastIndex(text[:k], "自")
		if from < 0 {
			continue
		}
		sentence := text[:from]
		if i := strings.LastIndex(sentence, "。"); i >= 0 {
			sentence = sentence[i+len("。"):]
		}
		if !strings.HasPrefix(sentence, "本") {
			continue
		}
		if ds := findDates(text[from:k]); len(ds) > 0 {
			return ds[len(ds)-1].date
		}
	}
	return Date{}
}

// startsWithDate reports whether a line opens with a Chinese date.
func startsWithDate(l string) bool {
	_, _, ok := scanChineseDate(l)
	return ok
}

// dateSpan is a date found inside a line.
type dateSpan struct {
	start int
	date  Date
}

// findDates lists the dates written in s (2021年1月22日, 二〇二一年三月一日,
// ２０１３年１月１日), in order.
func findDates(s string) []dateSpan {
	var out []dateSpan
	from := 0
	for {
		k := strings.Index(s[from:], "年")
		if k < 0 {
			return out
		}
		k += from
		// Walk back over up to four digit characters.
		start, count := k, 0
		for start > 0 && count < 4 {
			r, size := utf8.DecodeLastRuneInString(s[:start])
			if _, ok := chineseDigit(r); !ok {
				if _, ok := arabicDigit(r); !ok {
					break
				}
			}
			start -= size
			count++
		}
		if count == 4 {
			if d, n, ok := scanChineseDate(s[start:]); ok {
				out = append(out, dateSpan{start: start, date: d})
				from = start + n
				continue
			}
		}
		from = k + len("年")
	}
}

// eventWords are the history verbs; 实施 is read as 施行, 发布 and 颁布
// (国务院令第225号发布) as 公布.
var eventWords = []struct {
	word string
	typ  EventType
}{
	{"通过", EventAdopted}, {"修正", EventAmended}, {"修订", EventRevised},
	{"公布", EventPromulgated}, {"发布", EventPromulgated}, {"颁布", EventPromulgated},
	{"施行", EventEffective}, {"实施", EventEffective}, {"批准", EventApproved},
}

// parseEvents reads the history lines: each event word outside book-title
// brackets (《…修正案》 is a name, not an event) takes the nearest date
// before it, so "…通过 …公布 自2014年1月1日施行" gives three events.
func parseEvents(history []histLine) []Event {
	var out []Event
	for _, h := range history {
		dates := findDates(h.text)
		masked := maskBrackets(h.text)
		var hits []eventHit
		for _, w := range eventWords {
			for from := 0; ; {
				k := strings.Index(masked[from:], w.word)
				if k < 0 {
					break
				}
				k += from
				from = k + len(w.word)
				after := masked[from:]
				switch {
				case w.word == "修正" && strings.HasPrefix(after, "案"):
					continue // 修正案 names an amendment act
				case w.typ == EventPromulgated && strings.HasPrefix(after, "之日"):
					continue // 自公布之日起施行: the 施行 takes the 公布 date
				case w.word == "实施" && !(after == "" || strings.HasPrefix(after, "。") || strings.HasPrefix(after, "）")):
					continue // 实施 inside a name (实施办法), not the event
				}
				hits = append(hits, eventHit{pos: k, typ: w.typ, end: from})
			}
		}
		slices.SortFunc(hits, func(a, b eventHit) int { return cmp.Compare(a.pos, b.pos) })
		seen := map[Event]bool{}
		for i, h2 := range hits {
			var d Date
			for _, ds := range dates {
				if ds.start < h2.pos {
					d = ds.date
				}
			}
			if d.IsZero() && h2.typ == EventEffective && strings.Contains(h.text, "之日") {
				// 自公布之日起施行: effective on the latest earlier date.
				for _, e := range out {
					d = e.Date
				}
			}
			if d.IsZero() {
				continue
			}
			// 通过的《关于修改…的决定》修正: the decision was adopted; the event
			// is the 修正 that follows on the same date.
			if (h2.typ == EventAdopted || h2.typ == EventApproved) && strings.HasPrefix(masked[h2.end:], "的") && laterSameDate(hits[i+1:], dates, d) {
				continue
			}
			e := Event{Date: d, Type: h2.typ, Text: h.text}
			key := Event{Date: d, Type: h2.typ}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, e)
		}
	}
	return out
}

// eventHit is an event word found in a history line.
type eventHit struct {
	pos, end int // byte span of the word
	typ      EventType
}

// laterSameDate reports whether one of hits is a 修正/修订 dated d.
func laterSameDate(hits []eventHit, dates []dateSpan, d Date) bool {
	for _, h := range hits {
		if h.typ != EventAmended && h.typ != EventRevised {
			continue
		}
		var hd Date
		for _, ds := range dates {
			if ds.start < h.pos {
				hd = ds.date
			}
		}
		if hd == d {
			return true
		}
	}
	return false
}

// maskBrackets replaces the text inside 《》〈〉<> with spaces of the same byte
// length, so that positions still match the original.
func maskBrackets(s string) string {
	if !strings.ContainsAny(s, "《〈<") {
		return s
	}
	b := []byte(s)
	depth := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '《', '〈', '<':
			depth++
		case '》', '〉', '>':
			if depth > 0 {
				depth--
			}
		default:
			if depth > 0 {
				for k := i; k < i+size; k++ {
					b[k] = ' '
				}
			}
		}
		i += size
	}
	return string(b)
}

// articleLine reads an article label at the start of a body line: the label
// must be followed by a blank or the end of the line, except when the label
// itself had a space inside (第三十五 条农村…), which real files show.
func articleLine(l string) (num, suffix int, rest, defect string, ok bool) {
	if !strings.HasPrefix(l, "第") && !strings.HasPrefix(l, "笫") {
		return 0, 0, "", "", false
	}
	num, suffix, n, defect, ok := scanArticleLabel(l)
	if !ok {
		return 0, 0, "", "", false
	}
	rest = l[n:]
	if rest != "" {
		r, _ := utf8.DecodeRuneInString(rest)
		if !isBlank(r) && defect != defectSpace {
			return 0, 0, "", "", false
		}
	}
	return num, suffix, trimBlank(rest), defect, true
}

// isItem reports whether a line is a 项: （一）… or (一)….
func isItem(l string) bool {
	var rest string
	switch {
	case strings.HasPrefix(l, "（"):
		rest = l[len("（"):]
	case strings.HasPrefix(l, "("):
		rest = l[1:]
	default:
		return false
	}
	n := 0
	for n < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[n:])
		if _, ok := chineseDigit(r); !ok && smallUnit(r) == 0 {
			break
		}
		n += size
	}
	return n > 0 && (strings.HasPrefix(rest[n:], "）") || strings.HasPrefix(rest[n:], ")"))
}

// isSubItem reports whether a line is a 目 under an item: 1. / 1．/ 1、 / （1）.
func isSubItem(l string) bool {
	rest := l
	paren := false
	if strings.HasPrefix(rest, "（") {
		rest, paren = rest[len("（"):], true
	} else if strings.HasPrefix(rest, "(") {
		rest, paren = rest[1:], true
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 {
		return false
	}
	rest = rest[n:]
	if paren {
		return strings.HasPrefix(rest, "）") || strings.HasPrefix(rest, ")")
	}
	return strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "．") || strings.HasPrefix(rest, "、")
}

// enumLabel reads "一、" at the start of a line: the number and the byte
// length of the label.
func enumLabel(l string) (int, int) {
	n := 0
	for n < len(l) {
		r, size := utf8.DecodeRuneInString(l[n:])
		if _, ok := chineseDigit(r); !ok && smallUnit(r) == 0 {
			break
		}
		n += size
	}
	if n == 0 || !strings.HasPrefix(l[n:], "、") {
		return 0, 0
	}
	v, err := ParseNumeral(l[:n])
	if err != nil {
		return 0, 0
	}
	return v, n + len("、")
}

// headings tracks the chapter path from Markdown headings: a heading of
// level n replaces level n and clears the deeper ones.
type headings struct {
	stack  []string // by level, index 0 = level 1
	path   []string // non-empty entries, shared by the articles until it changes
	parent []string // the path enclosing the last heading
}

func (h *headings) set(level int, text string) {
	if level > len(h.stack) {
		h.stack = append(h.stack, make([]string, level-len(h.stack))...)
	}
	h.stack = h.stack[:level]
	h.stack[level-1] = text
	h.path = nil
	for _, s := range h.stack {
		if s != "" {
			h.path = append(h.path, s)
		}
	}
	h.parent = h.path
	if text != "" {
		h.parent = h.path[: len(h.path)-1 : len(h.path)-1]
	}
	if len(h.parent) == 0 {
		h.parent = nil
	}
}

// sectionBuilder accumulates the lines of one Section.
type sectionBuilder struct {
	heading string
	path    []string
	line    int
	lines   []string
}

// body parses the lines after the metadata into articles, or into sections
// for cases and for documents without a single 第N条 article.
func (p *parser) body() {
	lines := p.lines[p.body0:]
	caseFile := p.sectionsOnly || strings.HasPrefix(p.rel, "案例/")
	hasArticles := false
	if !caseFile {
		for _, l := range lines {
			if _, _, _, _, ok := articleLine(l); ok {
				hasArticles = true
				break
			}
		}
	}
	if hasArticles {
		p.articles(lines)
	} else {
		p.sections(lines)
	}
}

func (p *parser) addSection(sb *sectionBuilder) {
	if sb == nil || len(sb.lines) == 0 {
		return
	}
	p.v.Sections = append(p.v.Sections, &Section{
		Heading: sb.heading, Path: sb.path, Line: sb.line, Text: strings.Join(sb.lines, "\n"),
	})
}

// articles parses an article document. Text outside articles (a preamble
// before 第一条, an annex under its own heading) becomes sections rather
// than being glued to a neighbouring article.
func (p *parser) articles(lines []string) {
	var (
		h          headings
		cur        *Article
		sec        *sectionBuilder
		heading    string   // last heading text, for loose text after it
		headPath   []string // path enclosing that heading
		preamble   int      // unlabeled lines before the first article
		firstLoose int
	)
	closeArticle := func() {
		if cur == nil {
			return
		}
		if len(cur.Paragraphs) == 0 {
			p.problem(cur.Line, ReasonEmptyArticle, "%s has no text", cur.Label)
		}
		p.v.Articles = append(p.v.Articles, cur)
		cur = nil
	}
	closeSection := func() {
		p.addSection(sec)
		sec = nil
	}
	for i, l := range lines {
		lineNo := p.body0 + i + 1
		if l == "" {
			continue
		}
		if lv, text := headingLevel(l); lv > 0 {
			closeArticle()
			closeSection()
			h.set(lv, text)
			heading, headPath = text, h.parent
			continue
		}
		if num, suffix, rest, defect, ok := articleLine(l); ok {
			closeArticle()
			closeSection()
			cur = &Article{Number: num, Suffix: suffix, Label: ArticleLabel(num, suffix), Chapter: h.path, Line: lineNo}
			if defect != "" {
				label, _, _ := strings.Cut(l, "条")
				p.problem(lineNo, ReasonLabel, "%s in %q, read as %s", defect, label+"条", cur.Label)
			}
			if rest != "" {
				cur.Paragraphs = append(cur.Paragraphs, Paragraph{Text: rest})
			}
			continue
		}
		if cur != nil {
			n := len(cur.Paragraphs)
			switch {
			case isItem(l) || (n > 0 && len(cur.Paragraphs[n-1].Items) > 0 && isSubItem(l)):
				if n == 0 {
					cur.Paragraphs = append(cur.Paragraphs, Paragraph{})
					n = 1
				}
				cur.Paragraphs[n-1].Items = append(cur.Paragraphs[n-1].Items, l)
			default:
				cur.Paragraphs = append(cur.Paragraphs, Paragraph{Text: l})
			}
			continue
		}
		if len(p.v.Articles) == 0 {
			if preamble == 0 {
				firstLoose = lineNo
			}
			preamble++
		}
		if sec == nil {
			sec = &sectionBuilder{heading: heading, path: headPath, line: lineNo}
			if heading == "" {
				sec.path = nil
			}
		}
		sec.lines = append(sec.lines, l)
	}
	closeArticle()
	closeSection()
	if len(p.v.Articles) > 0 && preamble > 0 {
		first := p.v.Articles[0]
		if first.Number > 1 {
			p.problem(firstLoose, ReasonUnlabeled,
				"%d lines before the first label %s; articles 1–%d carry no label and are kept as a section",
				preamble, first.Label, first.Number-1)
		}
	}
}

// sections parses a document without articles: each heading starts a
// section, and so does each line of an enumeration 一、二、三、… in order.
func (p *parser) sections(lines []string) {
	var (
		h    headings
		sec  *sectionBuilder
		head string
		path []string
		next = 1 // the enumeration number that would start a section
	)
	for i, l := range lines {
		lineNo := p.body0 + i + 1
		if l == "" {
			continue
		}
		if lv, text := headingLevel(l); lv > 0 {
			p.addSection(sec)
			sec = nil
			h.set(lv, text)
			head, path, next = text, h.parent, 1
			continue
		}
		if n, size := enumLabel(l); n == next {
			p.addSection(sec)
			next++
			sec = &sectionBuilder{heading: l[:size], path: h.path, line: lineNo}
			if rest := trimBlank(l[size:]); rest != "" {
				sec.lines = append(sec.lines, rest)
			}
			continue
		}
		if sec == nil {
			sec = &sectionBuilder{heading: head, path: path, line: lineNo}
			if head == "" {
				sec.path = nil
			}
		}
		sec.lines = append(sec.lines, l)
	}
	p.addSection(sec)
}

// articleKey identifies an article inside a version.
type articleKey struct{ num, suffix int }

// checkNumbering reports duplicates, gaps and out-of-order labels, which is
// how truncated and mangled files show. Problems name the article's own
// file, which differs from the version's source for split laws.
func checkNumbering(v *Version) []Problem {
	var out []Problem
	seen := make(map[articleKey]int, len(v.Articles))
	prevNum, prevSuf := 0, 0
	prevLabel := ""
	for _, a := range v.Articles {
		src := v.Source
		if a.File != "" {
			src = a.File
		}
		k := articleKey{a.Number, a.Suffix}
		if first, dup := seen[k]; dup {
			out = append(out, problemf(src, a.Line, ReasonDupArticle, "%s again (first at line %d)", a.Label, first))
			continue
		}
		seen[k] = a.Line
		switch {
		case a.Suffix == 0 && a.Number == prevNum+1:
		case a.Suffix > 0 && a.Number == prevNum && a.Suffix == prevSuf+1:
		case a.Suffix == 0 && a.Number > prevNum+1 && prevNum == 0:
			out = append(out, problemf(src, a.Line, ReasonGap, "numbering starts at %s", a.Label))
		case a.Suffix == 0 && a.Number > prevNum+1:
			out = append(out, problemf(src, a.Line, ReasonGap, "%s follows %s (%s missing)", a.Label, prevLabel, missingRange(prevNum+1, a.Number-1)))
		case a.Suffix > 0 && a.Number == prevNum && a.Suffix > prevSuf+1:
			out = append(out, problemf(src, a.Line, ReasonGap, "%s follows %s", a.Label, prevLabel))
		case a.Suffix > 0 && a.Number > prevNum:
			out = append(out, problemf(src, a.Line, ReasonGap, "%s follows %s (%s missing)", a.Label, prevLabel, missingRange(prevNum+1, a.Number)))
		default:
			out = append(out, problemf(src, a.Line, ReasonOrder, "%s follows %s", a.Label, prevLabel))
		}
		prevNum, prevSuf, prevLabel = a.Number, a.Suffix, a.Label
	}
	return out
}

func missingRange(from, to int) string {
	if from == to {
		return ArticleLabel(from, 0)
	}
	return ArticleLabel(from, 0) + "–" + ArticleLabel(to, 0)
}

// assignIDs gives a version and its parts their ids, derived from the work
// id, the date and the article numbers so that they survive rebuilds. A
// repeated number gets ~2, ~3 … in the order of the text.
func assignIDs(v *Version, workID string) {
	v.WorkID = workID
	v.ID = workID + "-" + v.Date.Compact()
	count := make(map[articleKey]int, len(v.Articles))
	for _, a := range v.Articles {
		a.VersionID = v.ID
		k := articleKey{a.Number, a.Suffix}
		count[k]++
		a.ID = v.ID + "-" + a.NumberString()
		if c := count[k]; c > 1 {
			a.ID += "~" + strconv.Itoa(c)
		}
	}
	for i, s := range v.Sections {
		s.ID = v.ID + "-s" + strconv.Itoa(i+1)
	}
}
