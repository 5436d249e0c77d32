package web

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// standardView is the standard page: code, title, status, effective date,
// scope, and the articles that make it binding by naming it.
type standardView struct {
	ID, Href, Code, Title string
	Status                corpus.Status
	StatusText            string // as the catalogue wrote it, when Status could not be read from it
	Effective             corpus.Date
	Scope                 []string
	Category, Region      string
	Level                 string
	Link                  string // where the text is published, as the catalogue gives it
	Source                string
	CitedBy               linkList
}

func standardHref(id string) string { return "/std/" + url.PathEscape(id) }

func (u *ui) handleStandard(c *fiber.Ctx) error {
	_, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	id := param(c, "id")
	s := cp.Standard(id)
	if s == nil {
		return u.renderError(c, fiber.StatusNotFound, "没有这项标准："+id+"。")
	}
	v := standardOf(cp, s)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return u.render(c, fiber.StatusOK, page{Title: s.Code + " " + s.Title, Name: "standard", Canonical: v.Href, Body: v})
}

func standardOf(cp *corpus.Corpus, s *corpus.Standard) *standardView {
	v := &standardView{
		ID: s.ID, Href: standardHref(s.ID), Code: s.Code, Title: s.Title, Status: s.Status, Effective: s.Effective,
		Scope: s.Scope, Category: s.Category, Region: s.Region.Path(), Level: s.Level(), Link: s.Link,
		Source: corpus.PrefixStandards + s.Source,
	}
	if s.Status == "" {
		// A badge the catalogue wrote but the four statuses do not name.
		v.StatusText = s.StatusText
	}
	v.CitedBy.Title = "引用本标准的条文"
	for _, id := range s.CitedBy {
		a := cp.Article(id)
		if a == nil {
			continue
		}
		if len(v.CitedBy.Rows) >= maxLinks {
			v.CitedBy.Title += "（共 " + strconv.Itoa(len(s.CitedBy)) + " 条，列出前 " + strconv.Itoa(maxLinks) + " 条）"
			break
		}
		v.CitedBy.Rows = append(v.CitedBy.Rows, link{Href: articleHref(id), Text: a.Version().Title + " " + a.Label, Note: string(a.Version().Status)})
	}
	return v
}

// standardsFor lists the standards an article names, for its page.
func standardsFor(cp *corpus.Corpus, articleID string) linkList {
	l := linkList{Title: "本条所引标准"}
	for _, id := range cp.StandardsFor(articleID) {
		if len(l.Rows) >= maxLinks {
			break
		}
		if s := cp.Standard(id); s != nil {
			l.Rows = append(l.Rows, link{Href: standardHref(id), Text: s.Code + " " + s.Title, Note: string(s.Status)})
		}
	}
	return l
}
