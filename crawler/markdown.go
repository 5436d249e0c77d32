package crawler

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
)

// Line is one line of text pulled out of a page or a DOCX file, with the
// heading level its markup gave it (0 for none).
type Line struct {
	Text    string
	Heading int
}

// Meta is what a page says about its document outside the body.
type Meta struct {
	Title  string
	Date   corpus.Date // publication date, the date in the file name
	Issuer string      // 制定机关 or 发布机关
	// Effective is the 施行 date when the source states it apart from the
	// text (APIs do); it becomes a history line unless the text has one.
	Effective corpus.Date
}

// Document is a text normalised into the LawRefBook shape: a title, dated
// history lines, then headings and paragraphs, article paragraphs starting
// with their 第N条 label.
type Document struct {
	Title    string
	Subtitle string
	Date     corpus.Date
	Issuer   string
	History  []string
	Blocks   []Block
}

// Block is a heading (Heading ≥ 2, the Markdown level) or a paragraph (0).
type Block struct {
	Heading int
	Text    string
}

// ErrEmpty is returned for a page or file with no usable text.
var ErrEmpty = errors.New("no text")

const (
	cnDigits = `零〇一二三四五六七八九十百千两`
	numClass = `[` + cnDigits + `0-9０-９]+`
)

var (
	// 第三十五 条 and 第20条之一 occur in real texts; the label is normalised.
	articleRe   = regexp.MustCompile(`^第\s*(` + numClass + `)\s*条(之[一二三四五六七八九十]+)?(?:[\s:：　]*)`)
	structureRe = regexp.MustCompile(`^第\s*(` + numClass + `)\s*(分编|编|章|节)(?:[\s　]+|$)(.*)$`)
	dateRe      = regexp.MustCompile(`([0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日`)
	historyKey  = regexp.MustCompile(`(通过|批准|修正|修订|公布|施行|发布|废止|备案)`)
	spaceRe     = regexp.MustCompile(`[\s\x{3000}\x{00a0}\x{200b}\x{feff}]+`)
)

// structureOrder is the nesting of heading kinds in Chinese statutes.
var structureOrder = []string{"编", "分编", "章", "节"}

// Normalize turns raw lines into a Document: title lines repeated in the body
// are dropped, a leading parenthesised history note becomes history lines,
// 编/章/节 lines become headings, and article labels are normalised
// (第三十五 条 → 第三十五条, 第1条 → 第一条). When the body carries no
// history, one is made from the page's date and issuer.
func Normalize(meta Meta, lines []Line) (*Document, error) {
	d := &Document{Title: clean(meta.Title), Date: meta.Date, Issuer: clean(meta.Issuer)}
	var body []Line
	for _, l := range lines {
		t := clean(l.Text)
		if t == "" {
			continue
		}
		body = append(body, Line{Text: t, Heading: l.Heading})
	}
	if d.Title == "" {
		// DOCX files have no title field: the first line is the title.
		if len(body) == 0 {
			return nil, ErrEmpty
		}
		d.Title, body = body[0].Text, body[1:]
	}
	titleKey := squeeze(d.Title)
	// The body usually repeats the title, sometimes with a subtitle after it.
	for len(body) > 0 {
		k := squeeze(body[0].Text)
		if k == titleKey {
			body = body[1:]
			continue
		}
		if d.Subtitle == "" && len(body) > 1 && strings.HasPrefix(k, "——") {
			d.Subtitle, body = body[0].Text, body[1:]
			continue
		}
		break
	}
	// History notes come first, before any heading or article.
	for len(body) > 0 {
		text, n := historyNote(body)
		h := historyLines(text)
		if h == nil {
			break
		}
		d.History = append(d.History, h...)
		body = body[n:]
	}
	if len(d.History) == 0 && !meta.Date.IsZero() {
		d.History = []string{formatDate(meta.Date) + " " + clean(meta.Issuer) + "公布"}
	}
	if !meta.Effective.IsZero() && !hasEvent(d.History, "施行") {
		d.History = append(d.History, formatDate(meta.Effective)+" 施行")
	}
	if d.Date.IsZero() && len(d.History) > 0 {
		d.Date = lastHistoryDate(d.History)
	}

	// Heading levels depend on which structure kinds the text uses.
	used := map[string]bool{}
	for _, l := range body {
		if m := structureRe.FindStringSubmatch(l.Text); m != nil && isHeading(l.Text) {
			used[m[2]] = true
		}
	}
	level := map[string]int{}
	next := 2
	for _, k := range structureOrder {
		if used[k] {
			level[k] = min(next, 6)
			next++
		}
	}
	for _, l := range body {
		if m := structureRe.FindStringSubmatch(l.Text); m != nil && isHeading(l.Text) {
			text := "第" + chineseNumber(m[1]) + m[2]
			if rest := strings.TrimSpace(m[3]); rest != "" {
				text += " " + rest
			}
			d.Blocks = append(d.Blocks, Block{Heading: level[m[2]], Text: text})
			continue
		}
		if m := articleRe.FindStringSubmatchIndex(l.Text); m != nil {
			label := "第" + chineseNumber(l.Text[m[2]:m[3]]) + "条"
			if m[4] >= 0 {
				label += l.Text[m[4]:m[5]]
			}
			rest := strings.TrimSpace(l.Text[m[1]:])
			d.Blocks = append(d.Blocks, Block{Text: strings.TrimSpace(label + " " + rest)})
			continue
		}
		if l.Heading > 0 && utf8.RuneCountInString(l.Text) <= 40 {
			d.Blocks = append(d.Blocks, Block{Heading: 2, Text: l.Text})
			continue
		}
		// Items (（一） or (一)) are kept as written: the text is the law's.
		d.Blocks = append(d.Blocks, Block{Text: l.Text})
	}
	if len(d.Blocks) == 0 {
		return nil, ErrEmpty
	}
	return d, nil
}

func hasEvent(history []string, event string) bool {
	for _, h := range history {
		if strings.HasSuffix(h, event) {
			return true
		}
	}
	return false
}

// isHeading tells a 第一章 总则 heading from a sentence that happens to
// start with 第一章 (第一章规定的…。).
func isHeading(s string) bool {
	return utf8.RuneCountInString(s) <= 40 && !strings.ContainsAny(s, "。；，")
}

// historyNote joins a parenthesised note that line breaks split (Word
// files break long notes by hand) and says how many lines it took.
func historyNote(body []Line) (string, int) {
	first := body[0].Text
	open := strings.HasPrefix(first, "（") || strings.HasPrefix(first, "(")
	if !open || strings.HasSuffix(first, "）") || strings.HasSuffix(first, ")") {
		return first, 1
	}
	joined := first
	for i := 1; i < len(body) && i < 6; i++ {
		joined += " " + body[i].Text
		if strings.HasSuffix(body[i].Text, "）") || strings.HasSuffix(body[i].Text, ")") {
			return joined, i + 1
		}
	}
	return first, 1
}

// historyLines splits a note such as （2019年10月30日…通过　2020年1月9日…批准）
// into one '<date> <event>' line per date, or returns nil when the line is
// not a history note.
func historyLines(s string) []string {
	inner := s
	wrapped := false
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasPrefix(inner, p[0]) && strings.HasSuffix(inner, p[1]) {
			inner = strings.TrimSpace(inner[len(p[0]) : len(inner)-len(p[1])])
			wrapped = true
			break
		}
	}
	locs := dateRe.FindAllStringSubmatchIndex(inner, -1)
	if len(locs) == 0 || !historyKey.MatchString(inner) {
		return nil
	}
	if wrapped {
		// A wrapped note opens with its first date (or 根据 and a date).
		if pre := strings.TrimSpace(inner[:locs[0][0]]); pre != "" && pre != "根据" {
			return nil
		}
	} else if locs[0][0] != 0 || utf8.RuneCountInString(inner) > 200 {
		return nil
	}
	var out []string
	for i, loc := range locs {
		end := len(inner)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		seg := inner[loc[1]:end]
		seg = strings.TrimSpace(seg)
		seg = strings.TrimSuffix(seg, "根据")
		seg = strings.TrimRight(seg, " ，,；;、　")
		seg = strings.TrimLeft(seg, " ，,；;、　")
		if seg == "" {
			continue // a date with no event (e.g. 施行日期 on its own) says nothing
		}
		d, ok := datePart(inner, loc)
		if !ok {
			continue
		}
		out = append(out, formatDate(d)+" "+seg)
	}
	return out
}

// datePart reads the date dateRe found at loc.
func datePart(s string, loc []int) (corpus.Date, bool) {
	d, err := corpus.ParseChineseDate(squeeze(s[loc[0]:loc[1]]))
	return d, err == nil
}

func lastHistoryDate(history []string) corpus.Date {
	var last corpus.Date
	for _, h := range history {
		if strings.HasSuffix(h, "施行") {
			continue // the file date is the adoption or publication date
		}
		loc := dateRe.FindStringSubmatchIndex(h)
		if loc == nil {
			continue
		}
		if dt, ok := datePart(h, loc); ok && last.Before(dt) {
			last = dt
		}
	}
	return last
}

// Markdown renders the document in the LawRefBook layout.
func (d *Document) Markdown() []byte {
	var b strings.Builder
	b.WriteString("# " + d.Title + "\n")
	if d.Subtitle != "" {
		b.WriteString("# " + d.Subtitle + "\n")
	}
	b.WriteByte('\n')
	for _, h := range d.History {
		b.WriteString(h + "\n\n")
	}
	b.WriteString("<!-- INFO END -->\n\n")
	for _, bl := range d.Blocks {
		if bl.Heading > 0 {
			b.WriteString(strings.Repeat("#", bl.Heading) + " ")
		}
		b.WriteString(bl.Text + "\n\n")
	}
	return []byte(b.String())
}

// FileName is the LawRefBook file name of the document: 标题(2021-01-22).md,
// or 标题.md without a date. Characters that file systems reject are dropped.
func (d *Document) FileName() string {
	name := strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|', 0:
			return -1
		}
		if r < 0x20 {
			return -1
		}
		return r
	}, d.Title)
	name = strings.Trim(strings.ReplaceAll(name, " ", ""), ".")
	if r := []rune(name); len(r) > 80 {
		name = string(r[:80])
	}
	if name == "" {
		name = "untitled"
	}
	if !d.Date.IsZero() {
		name += "(" + d.Date.String() + ")"
	}
	return name + ".md"
}

// clean folds every kind of white space to one ASCII space and trims.
func clean(s string) string {
	return strings.TrimSpace(spaceRe.ReplaceAllString(s, " "))
}

// squeeze removes all white space, for comparing titles.
func squeeze(s string) string { return spaceRe.ReplaceAllString(s, "") }

func formatDate(d corpus.Date) string {
	t := d.Time()
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// chineseNumber renders a numeral as written in LawRefBook labels, whatever
// form the page used: 20 and ２０ become 二十, Chinese stays as it is.
func chineseNumber(s string) string {
	s = strings.TrimSpace(s)
	n, err := corpus.ParseNumeral(s)
	if err != nil || n <= 0 || !strings.ContainsAny(s, "0123456789０１２３４５６７８９") {
		return s
	}
	return corpus.FormatNumeral(n)
}
