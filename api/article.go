package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// versionRef is how a response names the version a text comes from, with
// its provenance and validity.
type versionRef struct {
	VersionID string        `json:"version_id"`
	WorkID    string        `json:"work_id"`
	Title     string        `json:"title"`
	Kind      corpus.Kind   `json:"kind"`
	Level     string        `json:"level"`
	Issuer    string        `json:"issuer,omitempty"`
	Region    string        `json:"region"`
	Status    corpus.Status `json:"status"`
	Date      corpus.Date   `json:"date"`
	ValidFrom corpus.Date   `json:"valid_from"`
	ValidTo   corpus.Date   `json:"valid_to"`
	Source    string        `json:"source"`
	// Origin is a crawled text's source, URL and last-verified stamp.
	Origin *corpus.Origin `json:"origin,omitempty"`
}

func refOf(v *corpus.Version) versionRef {
	w := v.Work()
	return versionRef{
		VersionID: v.ID, WorkID: v.WorkID, Title: v.Title,
		Kind: w.Kind, Level: w.Level, Issuer: w.Issuer, Region: w.Region.Path(),
		Status: v.Status, Date: v.Date, ValidFrom: v.ValidFrom, ValidTo: v.ValidTo, Source: v.Source,
		Origin: v.Origin,
	}
}

// articleResponse is the body of GET /api/v1/articles/{id}.
type articleResponse struct {
	ID         string             `json:"id"`
	Type       string             `json:"type"`
	Article    string             `json:"article"`
	ArticleNo  int                `json:"article_no"`
	Suffix     int                `json:"suffix,omitempty"`
	Chapter    []string           `json:"chapter,omitempty"`
	Paragraphs []corpus.Paragraph `json:"paragraphs"`
	Text       string             `json:"text"`
	Prev       string             `json:"prev,omitempty"` // neighbouring article ids in the same version
	Next       string             `json:"next,omitempty"`
	Items      []string           `json:"items,omitempty"` // ids of the enforcement items this article grounds
	versionRef
	*articleLinks // cites, cited_by, versions: GET /articles/{id} only
	*articleUses  // standards, cases: GET /articles/{id} only
}

// articleUses are the standards an article names and the typical cases
// that cite it.
type articleUses struct {
	Standards []standardRef    `json:"standards"`
	Cases     []corpus.CaseRef `json:"cases"`
}

// standardRef names a standard in a list.
type standardRef struct {
	ID     string        `json:"id"`
	Code   string        `json:"code"`
	Title  string        `json:"title"`
	Status corpus.Status `json:"status"`
}

func usesOf(c0 *corpus.Corpus, a *corpus.Article) *articleUses {
	u := &articleUses{Standards: []standardRef{}, Cases: c0.CasesCiting(a.ID)}
	for _, id := range c0.StandardsFor(a.ID) {
		if s := c0.Standard(id); s != nil {
			u.Standards = append(u.Standards, standardRef{ID: s.ID, Code: s.Code, Title: s.Title, Status: s.Status})
		}
	}
	if u.Cases == nil {
		u.Cases = []corpus.CaseRef{}
	}
	return u
}

func (s *Server) handleArticle(c *fiber.Ctx) error {
	c0, err := s.snapshot()
	if err != nil {
		return err
	}
	id := c.Params("id")
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	if a := c0.Article(id); a != nil {
		r := articleView(a)
		r.Items = c0.ItemsFor(a.ID)
		links := linksOf(c0, a, s.words)
		r.articleLinks = &links
		r.articleUses = usesOf(c0, a)
		return c.JSON(r)
	}
	if sec := c0.Section(id); sec != nil {
		return c.JSON(sectionView(sec))
	}
	return corpus.Errorf(corpus.CodeNotFound, "no article %q", id)
}

func articleView(a *corpus.Article) articleResponse {
	v := a.Version()
	r := articleResponse{
		ID: a.ID, Type: "article", Article: a.Label, ArticleNo: a.Number, Suffix: a.Suffix,
		Chapter: a.Chapter, Paragraphs: a.Paragraphs, Text: a.Text(), versionRef: refOf(v),
	}
	for i, x := range v.Articles {
		if x != a {
			continue
		}
		if i > 0 {
			r.Prev = v.Articles[i-1].ID
		}
		if i+1 < len(v.Articles) {
			r.Next = v.Articles[i+1].ID
		}
		break
	}
	if r.Paragraphs == nil {
		r.Paragraphs = []corpus.Paragraph{}
	}
	return r
}

func sectionView(sec *corpus.Section) articleResponse {
	return articleResponse{
		ID: sec.ID, Type: "section", Article: sec.Heading, Chapter: sec.Path,
		Paragraphs: []corpus.Paragraph{{Text: sec.Text}}, Text: sec.Text, versionRef: refOf(sec.Version()),
	}
}
