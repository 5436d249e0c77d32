package api

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// itemSummary is an item in a list: enough to choose one.
type itemSummary struct {
	ID        string            `json:"id"`
	Code      string            `json:"code,omitempty"`
	Name      string            `json:"name"`
	Domain    string            `json:"domain,omitempty"`
	Region    string            `json:"region"`
	PowerType corpus.PowerType  `json:"power_type"`
	Enforcer  string            `json:"enforcer,omitempty"`
	Fine      *corpus.Fine      `json:"fine,omitempty"`
	FineText  string            `json:"fine_text,omitempty"`
	Penalties []string          `json:"penalties,omitempty"` // the kinds, in order
	Basis     []string          `json:"basis,omitempty"`     // the penalty articles as written
	Source    corpus.ItemSource `json:"source"`
}

// itemsResponse is the body of GET /api/v1/items.
type itemsResponse struct {
	Total  uint64                  `json:"total"`
	Page   int                     `json:"page"`
	Size   int                     `json:"size"`
	Items  []itemSummary           `json:"items"`
	Facets map[string][]facetCount `json:"facets"`
}

type facetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// itemArticle is one article an item rests on, in one role; an article that
// is both duty and penalty (违反本条第一款规定…) appears twice.
type itemArticle struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Article   string `json:"article"`
	ArticleNo int    `json:"article_no"`
	Paragraph int    `json:"paragraph,omitempty"`
	Item      int    `json:"item,omitempty"`
	Source    string `json:"source"`
	Role      string `json:"role"` // duty or penalty
	Citation  string `json:"citation"`
	Inferred  bool   `json:"inferred,omitempty"`
	Text      string `json:"text"` // the 款 cited, else the whole article
}

// itemResponse is the body of GET /api/v1/items/{id}.
type itemResponse struct {
	ID         string             `json:"id"`
	Code       string             `json:"code,omitempty"`
	Name       string             `json:"name"`
	Domain     string             `json:"domain,omitempty"`
	Region     string             `json:"region"`
	PowerType  corpus.PowerType   `json:"power_type"`
	Enforcer   string             `json:"enforcer,omitempty"`
	Articles   []itemArticle      `json:"articles"`
	Unresolved []corpus.Citation  `json:"unresolved,omitempty"` // bases cited but not in the corpus, kept as written
	Penalties  []corpus.Penalty   `json:"penalties"`
	Fine       *corpus.Fine       `json:"fine"`
	Points     int                `json:"points,omitempty"`
	Measures   []corpus.Measure   `json:"measures,omitempty"`
	Discretion *corpus.Discretion `json:"discretion"`
	NoPenalty  []corpus.NoPenalty `json:"no_penalty"`
	Source     corpus.ItemSource  `json:"source"`
}

const (
	itemsDefaultSize = 20
	itemsMaxSize     = 100
)

// itemFacetNames are the facets of GET /api/v1/items: response name →
// the search's facet.
var itemFacetNames = map[string]string{
	"domain":     search.FacetDomain,
	"region":     search.FacetRegion,
	"power_type": search.FacetKind,
}

// handleItems lists the items matching q and the filters, with facets.
func (s *Server) handleItems(c *fiber.Ctx) error {
	if s.idx == nil {
		return corpus.Errorf(corpus.CodeUnavailable, "no index loaded")
	}
	page, err := intParam(c, "page", 1, 1, 10000)
	if err != nil {
		return err
	}
	size, err := intParam(c, "size", itemsDefaultSize, 1, itemsMaxSize)
	if err != nil {
		return err
	}
	// Items go through the one search pipeline (plan, generators, ranker)
	// with type item: region is where the officer stands (全国 + 浙江 +
	// 温州 for 温州), status defaults to 现行有效 (an item whose penalty
	// article is repealed is not listed).
	// region here is the officer's place, as in: items bind an officer in
	// the place and the regions above it.
	in := c.Query("in")
	if in == "" {
		in = c.Query("region")
	}
	req := search.Request{Query: c.Query("q"), Type: indexer.TypeItem, Kind: c.Query("power_type"), Domain: c.Query("domain"),
		In: in, Status: c.Query("status"), Page: page, Size: size}
	res, err := s.searcher.Search(c.UserContext(), req)
	if err != nil {
		return err
	}
	cs := s.idx.Corpus()
	out := itemsResponse{Total: res.Total, Page: page, Size: size, Items: []itemSummary{}, Facets: map[string][]facetCount{}}
	for _, h := range res.Hits {
		if it := cs.Item(h.ID); it != nil {
			out.Items = append(out.Items, summarise(it))
		}
	}
	for name, facet := range itemFacetNames {
		out.Facets[name] = []facetCount{}
		for _, v := range res.Facets[facet] {
			out.Facets[name] = append(out.Facets[name], facetCount{Value: v.Value, Count: v.Count})
		}
	}
	return c.JSON(out)
}

// handleItem answers one item with the articles it rests on.
func (s *Server) handleItem(c *fiber.Ctx) error {
	cs, it, err := s.itemOf(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(itemView(cs, it))
}

// handleDiscretion applies the item's discretion standard to the
// circumstances in the body and answers the decision with its steps.
func (s *Server) handleDiscretion(c *fiber.Ctx) error {
	_, it, err := s.itemOf(c)
	if err != nil {
		return err
	}
	var circ corpus.Circumstances
	if body := bytes.TrimSpace(c.Body()); len(body) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&circ); err != nil {
			return corpus.Errorf(corpus.CodeInvalid, "discretion: body: %v; want a JSON object such as "+
				`{"first_violation":true,"corrected_in_time":true,"harm":"minor","repeat_count":1,"factors":{"整改情况":"限期内改正"}}`, err)
		}
	}
	d, err := corpus.Decide(it, circ)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func summarise(it *corpus.Item) itemSummary {
	out := itemSummary{ID: it.ID, Code: it.Code, Name: it.Name, Domain: it.Domain, Region: it.Region.Path(),
		PowerType: it.PowerType, Enforcer: it.Enforcer, Fine: it.Fine, Source: it.Source}
	out.Source.Text = ""
	if it.Fine != nil {
		out.FineText = corpus.FormatFine(it.Fine)
	}
	for _, p := range it.Penalties {
		out.Penalties = append(out.Penalties, string(p.Kind))
	}
	for _, b := range it.Basis {
		out.Basis = append(out.Basis, b.Text)
	}
	return out
}

func itemView(cs *corpus.Corpus, it *corpus.Item) itemResponse {
	r := itemResponse{ID: it.ID, Code: it.Code, Name: it.Name, Domain: it.Domain, Region: it.Region.Path(),
		PowerType: it.PowerType, Enforcer: it.Enforcer, Articles: []itemArticle{}, Penalties: it.Penalties,
		Fine: it.Fine, Points: it.Points, Measures: it.Measures, Discretion: it.Discretion, NoPenalty: it.NoPenalty,
		Source: it.Source}
	if r.Penalties == nil {
		r.Penalties = []corpus.Penalty{}
	}
	if r.NoPenalty == nil {
		r.NoPenalty = []corpus.NoPenalty{}
	}
	add := func(cites []corpus.Citation, role string) {
		for _, cit := range cites {
			if len(cit.ArticleIDs) == 0 {
				if cit.HasArticle() {
					r.Unresolved = append(r.Unresolved, cit)
				}
				continue
			}
			for _, id := range cit.ArticleIDs {
				a := cs.Article(id)
				if a == nil {
					continue
				}
				v := a.Version()
				text := a.Text()
				if cit.Paragraph > 0 && cit.Paragraph <= len(a.Paragraphs) && len(cit.ArticleIDs) == 1 {
					p := a.Paragraphs[cit.Paragraph-1]
					text = p.Text
					for _, x := range p.Items {
						text += "\n" + x
					}
				}
				r.Articles = append(r.Articles, itemArticle{
					ID: a.ID, Title: v.Title, Article: a.Label, ArticleNo: a.Number, Paragraph: cit.Paragraph, Item: cit.Item,
					Source: v.Source, Role: role, Citation: cit.Text, Inferred: role == "duty" && strings.HasPrefix(cit.Text, corpus.InferredNote),
					Text: text,
				})
			}
		}
	}
	add(it.Duty, "duty")
	add(it.Basis, "penalty")
	return r
}

// term is a term query on a keyword field.
func term(field, value string) *query.TermQuery {
	q := query.NewTermQuery(value)
	q.SetField(field)
	return q
}

// itemOf returns the item named by the :id parameter, with the corpus it
// belongs to.
func (s *Server) itemOf(c *fiber.Ctx) (*corpus.Corpus, *corpus.Item, error) {
	cs, err := s.snapshot()
	if err != nil {
		return nil, nil, err
	}
	it := cs.Item(c.Params("id"))
	if it == nil {
		return nil, nil, corpus.Errorf(corpus.CodeNotFound, "no item %q", c.Params("id"))
	}
	return cs, it, nil
}
