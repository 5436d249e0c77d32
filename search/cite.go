package search

import (
	"html"
	"strings"
	"sync"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// Cited marks the hit a query's citation resolved to (处罚法32,
// 《中华人民共和国行政处罚法》第三十二条第一款): it comes first, whatever the
// ranking, with the cited 款/项 marked in its snippet.
type Cited struct {
	Text      string `json:"text"`                // the citation as the query wrote it
	Paragraph int    `json:"paragraph,omitempty"` // 款, from 1
	Item      int    `json:"item,omitempty"`      // 项, from 1
	Amended   bool   `json:"amended,omitempty"`   // a newer version of the text exists
}

// resolvers caches the citation resolver of one corpus generation: building
// it takes a tenth of a second on the whole corpus, so it is built on first
// use and rebuilt only when a reindex brings a new corpus.
type resolvers struct {
	mu sync.Mutex
	c  *corpus.Corpus
	r  *corpus.Resolver
}

// Resolver returns the citation resolver of c, building it on first use.
func (s *Searcher) Resolver(c *corpus.Corpus) (*corpus.Resolver, error) {
	s.cites.mu.Lock()
	defer s.cites.mu.Unlock()
	if s.cites.c == c && s.cites.r != nil {
		return s.cites.r, nil
	}
	r, err := corpus.NewResolver(c)
	if err != nil {
		return nil, err
	}
	s.cites.c, s.cites.r = c, r
	return r, nil
}

// citeFirst puts the article a query cites at the top of the first page. A
// query that cites nothing, or nothing that resolves, leaves res alone:
// citations are exact or silent here; /api/v1/cite explains misses.
func (s *Searcher) citeFirst(c *corpus.Corpus, req Request, res *Result) {
	if req.Page != 1 || strings.TrimSpace(req.Query) == "" || req.Type != "" && req.Type != indexer.TypeArticle {
		// The cited article is a hit only where articles are.
		return
	}
	r, err := s.Resolver(c)
	if err != nil {
		return
	}
	cit, ok := r.ParseQuery(req.Query)
	if !ok {
		return
	}
	rs, err := r.ResolveCitation(req.Query, cit, req.AsOf)
	if err != nil || rs.Article() == nil {
		return
	}
	a := rs.Article()
	h, _, ok := render(c, a.ID)
	if !ok {
		return
	}
	h.Cited = &Cited{Text: cit.Text, Paragraph: cit.Paragraph, Item: cit.Item, Amended: rs.Amended}
	h.Snippet = citedSnippet(a, cit.Paragraph, cit.Item)
	if len(res.Hits) > 0 {
		h.Score = res.Hits[0].Score
	}
	hits := make([]Hit, 0, len(res.Hits)+1)
	hits = append(hits, h)
	found := false
	for _, x := range res.Hits {
		if x.ID == a.ID {
			found = true
			continue
		}
		hits = append(hits, x)
	}
	if !found {
		res.Total++
	}
	if len(hits) > req.Size {
		hits = hits[:req.Size]
	}
	res.Hits = hits
	res.Cited = h.Cited
}

// citedSnippet is the article's text, HTML-escaped, with the cited 款 (or
// the 项 within it) in <mark>; without a 款 it is the opening of the text.
func citedSnippet(a *corpus.Article, para, item int) string {
	if para < 1 || para > len(a.Paragraphs) {
		if item >= 1 && len(a.Paragraphs) > 0 && item <= len(a.Paragraphs[0].Items) {
			para = 1
		} else {
			return html.EscapeString(cut(a.Text(), snippetRunes))
		}
	}
	p := a.Paragraphs[para-1]
	var b strings.Builder
	mark := func(s string) {
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s))
		b.WriteString("</mark>")
	}
	if item >= 1 && item <= len(p.Items) {
		b.WriteString(html.EscapeString(p.Text))
		b.WriteByte(' ')
		mark(p.Items[item-1])
		return b.String()
	}
	mark(p.Text)
	for _, it := range p.Items {
		b.WriteByte(' ')
		b.WriteString(html.EscapeString(it))
	}
	return b.String()
}

// snippetRunes is the length of a snippet that shows no query words.
const snippetRunes = 120

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
