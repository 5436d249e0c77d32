package search

import (
	"strings"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// render builds the Hit for a document id from the corpus snapshot, with
// the text its snippet is cut from. ok is false when the snapshot has no
// document with that id.
func render(c *corpus.Corpus, id string) (h Hit, text string, ok bool) {
	var v *corpus.Version
	switch {
	case c.Article(id) != nil:
		a := c.Article(id)
		v = a.Version()
		h = Hit{Type: indexer.TypeArticle, Article: a.Label, ArticleNo: a.Number}
		text = a.Text()
	case c.Section(id) != nil:
		s := c.Section(id)
		v = s.Version()
		h = Hit{Type: indexer.TypeSection, Article: s.Heading}
		text = s.Text
	case c.Version(id) != nil:
		v = c.Version(id)
		h = Hit{Type: indexer.TypeVersion}
		text = versionText(v)
	case c.Standard(id) != nil:
		h, text = renderStandard(c.Standard(id))
		return h, text, true
	case c.Item(id) != nil:
		h, text = renderItem(c, c.Item(id))
		return h, text, true
	}
	if v == nil || v.Work() == nil {
		return Hit{}, "", false
	}
	w := v.Work()
	h.ID = id
	h.WorkID = w.ID
	h.Title = v.Title
	h.Kind = string(w.Kind)
	h.Level = w.Level
	h.Region = w.Region.Path()
	h.Status = string(v.Status)
	h.ValidFrom = v.ValidFrom
	h.ValidTo = v.ValidTo
	h.Source = v.Source
	h.Origin = v.Origin
	return h, text, true
}

// renderStandard shows a standard as a hit: its code where an article shows
// its label, its effective date as valid_from, its scope as the text.
func renderStandard(s *corpus.Standard) (Hit, string) {
	h := Hit{
		ID: s.ID, Type: indexer.TypeStandard, Title: s.Title, Article: s.Code,
		Kind: string(corpus.KindStandard), Level: s.Level(), Region: s.Region.Path(), Status: string(s.Status),
		ValidFrom: s.Effective, Source: corpus.PrefixStandards + s.Source,
	}
	return h, standardText(s)
}

// standardText is the text a standard's snippet is cut from.
func standardText(s *corpus.Standard) string {
	if len(s.Scope) == 0 {
		return s.Title
	}
	return strings.Join(s.Scope, "\n")
}

// versionText is what a version hit shows: its first article or section,
// else its title.
func versionText(v *corpus.Version) string {
	switch {
	case len(v.Articles) > 0:
		return v.Articles[0].Text()
	case len(v.Sections) > 0:
		return v.Sections[0].Text
	default:
		return v.Title
	}
}

// docText is the text proximity is measured on: an article's or section's
// body, a version's title.
func docText(c *corpus.Corpus, id string) string {
	if a := c.Article(id); a != nil {
		return a.Text()
	}
	if s := c.Section(id); s != nil {
		return s.Text
	}
	if v := c.Version(id); v != nil {
		return v.Title
	}
	if s := c.Standard(id); s != nil {
		return standardText(s)
	}
	if it := c.Item(id); it != nil {
		return it.Name + "\n" + itemText(it)
	}
	return ""
}
