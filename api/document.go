package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// documentArticle is one article of a whole document, with its anchor.
type documentArticle struct {
	ID         string             `json:"id"`
	Anchor     string             `json:"anchor"` // a-32, a-20.1: stable fragment for links
	Article    string             `json:"article"`
	ArticleNo  int                `json:"article_no"`
	Chapter    []string           `json:"chapter,omitempty"`
	Paragraphs []corpus.Paragraph `json:"paragraphs"`
}

// documentResponse is the body of GET /api/v1/documents/{id}: a whole
// version with article anchors, or a sectioned document.
type documentResponse struct {
	ID       string            `json:"id"`
	Subtitle string            `json:"subtitle,omitempty"`
	Events   []corpus.Event    `json:"events,omitempty"`
	Articles []documentArticle `json:"articles"`
	Sections []*corpus.Section `json:"sections,omitempty"`
	Versions []versionRef      `json:"versions"` // all versions of the work, oldest first
	versionRef
}

// handleDocument answers a version id, or a work id with its current version.
func (s *Server) handleDocument(c *fiber.Ctx) error {
	c0, err := s.snapshot()
	if err != nil {
		return err
	}
	id := c.Params("id")
	v := c0.Version(id)
	if v == nil {
		if w := c0.Work(id); w != nil {
			v = w.Current()
		}
	}
	if v == nil {
		return corpus.Errorf(corpus.CodeNotFound, "no document %q", id)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(documentView(v))
}

func documentView(v *corpus.Version) documentResponse {
	r := documentResponse{
		ID: v.ID, Subtitle: v.Subtitle, Events: v.Events, Sections: v.Sections,
		Articles: make([]documentArticle, 0, len(v.Articles)), versionRef: refOf(v),
	}
	for _, a := range v.Articles {
		r.Articles = append(r.Articles, documentArticle{
			ID: a.ID, Anchor: "a-" + a.NumberString(), Article: a.Label, ArticleNo: a.Number,
			Chapter: a.Chapter, Paragraphs: a.Paragraphs,
		})
	}
	for _, o := range v.Work().Versions {
		r.Versions = append(r.Versions, refOf(o))
	}
	return r
}
