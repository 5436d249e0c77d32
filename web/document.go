package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// documentView is a whole version: headings and articles (or sections) in
// order, a table of contents, its history and its other versions.
type documentView struct {
	ID, Href, Title, Subtitle string
	versionInfo
	Events   []corpus.Event
	Versions linkList
	TOC      []tocEntry
	Blocks   []block
}

type tocEntry struct {
	Level  int
	Anchor string
	Text   string
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

func (u *ui) handleDocument(c *fiber.Ctx) error {
	_, _, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	id := param(c, "id")
	v := cp.Version(id)
	if v == nil {
		if w := cp.Work(id); w != nil {
			v = w.Current()
		}
	}
	if v == nil {
		return u.renderError(c, fiber.StatusNotFound, "没有这份文件："+id+"。")
	}
	d := u.documentOf(v)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return u.render(c, fiber.StatusOK, page{Title: d.Title, Name: "document", Canonical: d.Href, Body: d})
}

func (u *ui) documentOf(v *corpus.Version) *documentView {
	d := &documentView{
		ID: v.ID, Href: documentHref(v.ID), Title: v.Title, Subtitle: v.Subtitle, Events: v.Events,
		versionInfo: u.infoOf(v, wholeDocument),
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
	var prev []string
	h := 0
	for _, a := range v.Articles {
		// Emit the headings from the first level where the chapter path
		// changes: 第二章 then its 第一节.
		same := 0
		for same < len(prev) && same < len(a.Chapter) && prev[same] == a.Chapter[same] {
			same++
		}
		for lvl := same; lvl < len(a.Chapter); lvl++ {
			h++
			anchor := "h-" + strconv.Itoa(h)
			d.Blocks = append(d.Blocks, block{Heading: a.Chapter[lvl], HLevel: min(lvl+2, 4), Anchor: anchor})
			d.TOC = append(d.TOC, tocEntry{Level: min(lvl+1, 3), Anchor: anchor, Text: a.Chapter[lvl]})
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
		d.Blocks = append(d.Blocks, b)
	}
	for i, s := range v.Sections {
		anchor := "s-" + strconv.Itoa(i+1)
		label := s.Heading
		if label == "" {
			label = "（无标题）"
		}
		d.Blocks = append(d.Blocks, block{Anchor: anchor, Href: articleHref(s.ID), Label: label, First: strings.TrimSpace(s.Text)})
		d.TOC = append(d.TOC, tocEntry{Level: min(len(s.Path)+1, 3), Anchor: anchor, Text: label})
	}
	return d
}
