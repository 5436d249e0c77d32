package web

import (
	"bytes"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// documentView is a whole version: its provenance, a jump box (第N条), a
// find box, a collapsed table of contents and the body in parts (chapters).
// A long text (民法典) is sent with one part and placeholders for the
// others, which load on demand; a short one is sent whole.
type documentView struct {
	ID, Href, Title, Subtitle string
	versionInfo
	Events   []corpus.Event
	Versions linkList
	TOC      []tocEntry
	Parts    []docPart
	Lazy     bool   // some parts are placeholders
	Articles int    // articles of the text, for the jump box
	Jump     string // the 第N条 typed, when it was not found
	JumpErr  string
	Find     string
	Found    []foundRow
	FoundN   int
	Sections []block // a text without articles (a case): its sections
}

type tocEntry struct {
	Level  int
	Anchor string
	Text   string
	Href   string // #h-3, or ?part=2#h-3 for a heading in a part not loaded
}

// block is one heading, article or section of a document body.
type block struct {
	Heading string
	HLevel  int
	Anchor  string
	Article bool
	Href    string
	Label   string
	First   string // the text that follows the label on its line
	Rest    []string
}

// docPart is a run of articles under one chapter (and section), at most
// maxPartArticles long.
type docPart struct {
	N        int
	Anchor   string // p-3
	Title    string // the headings it opens with: 第一编 总则 › 第一章 基本规定
	From, To string // 第一条, 第十一条
	from, to int    // their numbers, for the jump box
	Blocks   []block
	Loaded   bool
	Href     string // the document with this part loaded
	Src      string // the part alone, for app.js
}

type foundRow struct {
	Href, Label string
	Snippet     template.HTML
}

// Parts of a long text: a document whose articles hold more than
// lazyTextBytes of text is sent one part at a time.
const (
	maxPartArticles = 60
	maxFound        = 100
)

// lazyTextBytes is a variable so that tests can make a small text long.
var lazyTextBytes = 60 << 10

func (u *ui) versionOf(c *fiber.Ctx) (*corpus.Version, error) {
	_, cp, err := u.backend()
	if err != nil {
		return nil, err
	}
	id := param(c, "id")
	v := cp.Version(id)
	if v == nil {
		if w := cp.Work(id); w != nil {
			v = w.Current()
		}
	}
	if v == nil {
		return nil, corpus.Errorf(corpus.CodeNotFound, "没有这份文件：%s。", id)
	}
	return v, nil
}

func (u *ui) handleDocument(c *fiber.Ctx) error {
	v, err := u.versionOf(c)
	if err != nil {
		return u.renderErr(c, err)
	}
	d := u.documentOf(v)
	// 第N条: straight to it, in the part that holds it.
	if j := query(c, "a"); j != "" {
		if href, ok := d.jumpHref(v, j); ok {
			return c.Redirect(href, fiber.StatusSeeOther)
		}
		d.Jump, d.JumpErr = j, "本文件没有“"+j+"”。共 "+strconv.Itoa(d.Articles)+" 条，请输入 1 至 "+strconv.Itoa(d.Articles)+" 之间的条号。"
	}
	show := 0
	if p, err := strconv.Atoi(query(c, "part")); err == nil && p >= 0 && p < len(d.Parts) {
		show = p
	}
	d.load(show)
	if f := query(c, "find"); f != "" {
		d.find(v, f)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	status := fiber.StatusOK
	if d.JumpErr != "" {
		status = fiber.StatusNotFound
	}
	return u.render(c, status, page{Title: d.Title, Name: "document", Canonical: d.Href, Body: d})
}

// handleDocumentPart answers one part of a document as an HTML fragment,
// for app.js to put in its placeholder.
func (u *ui) handleDocumentPart(c *fiber.Ctx) error {
	v, err := u.versionOf(c)
	if err != nil {
		return u.renderErr(c, err)
	}
	d := u.documentOf(v)
	k, err := strconv.Atoi(param(c, "k"))
	if err != nil || k < 0 || k >= len(d.Parts) {
		return u.renderError(c, fiber.StatusNotFound, "这份文件没有这一部分。")
	}
	d.Parts[k].Loaded = true
	var buf bytes.Buffer
	if err := u.pages["document"].t.ExecuteTemplate(&buf, "part", d.Parts[k]); err != nil {
		return u.renderErr(c, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	setPageHeaders(c)
	return c.Send(buf.Bytes())
}

func (u *ui) documentOf(v *corpus.Version) *documentView {
	d := &documentView{
		ID: v.ID, Href: documentHref(v.ID), Title: v.Title, Subtitle: v.Subtitle, Events: v.Events,
		versionInfo: u.infoOf(v, wholeDocument), Articles: len(v.Articles),
	}
	if w := v.Work(); w != nil && len(w.Versions) > 1 {
		d.Versions.Title = "其他版本"
		for _, o := range w.Versions {
			note := string(o.Status)
			if o == v {
				note += " · 本页"
			}
			d.Versions.Rows = append(d.Versions.Rows, link{Href: documentHref(o.ID), Text: versionName(o), Note: note})
		}
	}
	size := 0
	for _, a := range v.Articles {
		for _, p := range a.Paragraphs {
			size += len(p.Text)
			for _, it := range p.Items {
				size += len(it)
			}
		}
	}
	d.Lazy = size > lazyTextBytes
	var prev []string
	var cur *docPart
	h := 0
	for _, a := range v.Articles {
		// Emit the headings from the first level where the chapter path
		// changes: 第二章 then its 第一节.
		same := 0
		for same < len(prev) && same < len(a.Chapter) && prev[same] == a.Chapter[same] {
			same++
		}
		// A new part where the chapter (first two levels) changes, or
		// where a part grows too long.
		if cur == nil || same < min(2, max(len(prev), len(a.Chapter))) || len(cur.Blocks) >= maxPartArticles*2 || cur.count() >= maxPartArticles {
			d.Parts = append(d.Parts, docPart{N: len(d.Parts)})
			cur = &d.Parts[len(d.Parts)-1]
			cur.Anchor = "p-" + strconv.Itoa(cur.N)
			cur.Href = d.Href + "?part=" + strconv.Itoa(cur.N) + "#" + cur.Anchor
			cur.Src = d.Href + "/part/" + strconv.Itoa(cur.N)
			cur.from = a.Number
			cur.From = a.Label
			if len(a.Chapter) > 0 {
				cur.Title = strings.Join(a.Chapter[:min(2, len(a.Chapter))], " › ")
			}
		}
		for lvl := same; lvl < len(a.Chapter); lvl++ {
			h++
			anchor := "h-" + strconv.Itoa(h)
			cur.Blocks = append(cur.Blocks, block{Heading: a.Chapter[lvl], HLevel: min(lvl+2, 4), Anchor: anchor})
			d.TOC = append(d.TOC, tocEntry{Level: min(lvl+1, 3), Anchor: anchor, Text: a.Chapter[lvl], Href: "#" + anchor})
		}
		prev = a.Chapter
		b := block{Article: true, Anchor: "a-" + a.NumberString(), Href: articleHref(a.ID), Label: a.Label}
		for i, p := range a.Paragraphs {
			if i == 0 {
				b.First = p.Text
			} else {
				b.Rest = append(b.Rest, p.Text)
			}
			b.Rest = append(b.Rest, p.Items...)
		}
		cur.Blocks = append(cur.Blocks, b)
		cur.to, cur.To = a.Number, a.Label
	}
	// TOC entries point into the parts.
	part := map[string]int{}
	for _, p := range d.Parts {
		for _, b := range p.Blocks {
			if b.Heading != "" {
				part[b.Anchor] = p.N
			}
		}
	}
	for i := range d.TOC {
		d.TOC[i].Href = d.Href + "?part=" + strconv.Itoa(part[d.TOC[i].Anchor]) + "#" + d.TOC[i].Anchor
	}
	for i, s := range v.Sections {
		anchor := "s-" + strconv.Itoa(i+1)
		label := s.Heading
		if label == "" {
			label = "（无标题）"
		}
		d.Sections = append(d.Sections, block{Anchor: anchor, Href: articleHref(s.ID), Label: label, First: strings.TrimSpace(s.Text)})
		d.TOC = append(d.TOC, tocEntry{Level: min(len(s.Path)+1, 3), Anchor: anchor, Text: label, Href: "#" + anchor})
	}
	return d
}

func (p *docPart) count() int {
	n := 0
	for _, b := range p.Blocks {
		if b.Article {
			n++
		}
	}
	return n
}

// load marks the parts sent with the page: every part of a short text, the
// one asked for of a long one. TOC links into the loaded parts stay on the
// page.
func (d *documentView) load(show int) {
	for i := range d.Parts {
		d.Parts[i].Loaded = !d.Lazy || i == show
	}
	loaded := map[string]bool{}
	for _, p := range d.Parts {
		if !p.Loaded {
			continue
		}
		for _, b := range p.Blocks {
			loaded[b.Anchor] = true
		}
	}
	for i := range d.TOC {
		if loaded[d.TOC[i].Anchor] || strings.HasPrefix(d.TOC[i].Anchor, "s-") {
			d.TOC[i].Href = "#" + d.TOC[i].Anchor
		}
	}
}

// jumpHref finds 第N条 (54, 五十四, 第五十四条) and links to it in its part.
func (d *documentView) jumpHref(v *corpus.Version, s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "第"), "条")
	n, err := strconv.Atoi(s)
	if err != nil {
		if n, err = corpus.ParseNumeral(s); err != nil {
			return "", false
		}
	}
	for _, a := range v.Articles {
		if a.Number != n {
			continue
		}
		anchor := "#a-" + a.NumberString()
		for _, p := range d.Parts {
			for _, b := range p.Blocks {
				if b.Anchor == "a-"+a.NumberString() {
					if !d.Lazy {
						return d.Href + anchor, true
					}
					return d.Href + "?part=" + strconv.Itoa(p.N) + anchor, true
				}
			}
		}
	}
	return "", false
}

// find lists the articles whose text holds every word typed, with the
// words marked, each linked in its part.
func (d *documentView) find(v *corpus.Version, q string) {
	d.Find = q
	words := strings.Fields(q)
	partOf := map[string]int{}
	for _, p := range d.Parts {
		for _, b := range p.Blocks {
			partOf[b.Anchor] = p.N
		}
	}
	for _, a := range v.Articles {
		text := a.Text()
		if !containsAll(text, words) {
			continue
		}
		d.FoundN++
		if len(d.Found) >= maxFound {
			continue
		}
		anchor := "a-" + a.NumberString()
		href := "#" + anchor
		if d.Lazy && !d.Parts[partOf[anchor]].Loaded {
			href = d.Href + "?part=" + strconv.Itoa(partOf[anchor]) + "&find=" + url.QueryEscape(q) + "#" + anchor
		}
		d.Found = append(d.Found, foundRow{Href: href, Label: a.Label, Snippet: markText(clipAround(text, words[0], 60), markTerms(words))})
	}
}

// clipAround cuts about n runes of text around the first occurrence of w.
func clipAround(text, w string, n int) string {
	text = strings.ReplaceAll(text, "\n", " ")
	r := []rune(text)
	at := len([]rune(text[:max(0, strings.Index(text, w))]))
	from := max(0, at-n/3)
	to := min(len(r), from+n)
	s := string(r[from:to])
	if from > 0 {
		s = "…" + s
	}
	if to < len(r) {
		s += "…"
	}
	return s
}
