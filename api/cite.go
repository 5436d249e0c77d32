package api

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

// resolver returns the citation resolver of c; the searcher keeps one per
// index generation, shared with the citation-first step of search.
func (s *Server) resolver(c *corpus.Corpus) (*corpus.Resolver, error) {
	if s.searcher == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "no index loaded")
	}
	return s.searcher.Resolver(c)
}

// citeResponse is the body of GET /api/v1/cite.
type citeResponse struct {
	Query    string          `json:"query"`
	AsOf     corpus.Date     `json:"as_of"`
	Citation corpus.Citation `json:"citation"` // as parsed, with the 款/项 to mark
	Amended  bool            `json:"amended"`  // a newer version of the work exists
	Version  versionRef      `json:"version"`
	// Article is the cited article; absent when the query names a whole work.
	Article *articleResponse `json:"article,omitempty"`
	// Range lists every article of a range (第五条至第九条), in order.
	Range []string `json:"range,omitempty"`
}

// citeErrorBody is the 404 of /cite: the API's error shape plus why and
// what comes close.
type citeErrorBody struct {
	Error struct {
		Code       corpus.Code        `json:"code"`
		Message    string             `json:"message"`
		Reason     corpus.Reason      `json:"reason"`
		Candidates []corpus.Candidate `json:"candidates"`
	} `json:"error"`
}

// handleCite answers GET /api/v1/cite?q=…[&as_of=YYYY-MM-DD][&in=温州]: the
// article a citation names, in the version in force on as_of (default:
// current); a short name of several local texts prefers the texts of in.
func (s *Server) handleCite(c *fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	if q == "" {
		return corpus.Errorf(corpus.CodeInvalid, "q is required: a citation such as 处罚法32 or 《中华人民共和国行政处罚法》第三十二条")
	}
	if len(q) > 500 {
		return corpus.Errorf(corpus.CodeInvalid, "q is %d bytes; a citation is shorter than 500", len(q))
	}
	var asOf corpus.Date
	if v := strings.TrimSpace(c.Query("as_of")); v != "" {
		d, err := corpus.ParseDate(v)
		if err != nil {
			return err
		}
		asOf = d
	}
	in, err := search.CanonicalPlace(c.Query("in"))
	if err != nil {
		return corpus.Errorf(corpus.CodeInvalid, "in: %s", err)
	}
	c0, err := s.snapshot()
	if err != nil {
		return err
	}
	r, err := s.resolver(c0)
	if err != nil {
		return err
	}
	res, err := r.ResolveIn(q, asOf, corpus.ParseRegion(in))
	var nf *corpus.NotFoundError
	if errors.As(err, &nf) {
		var body citeErrorBody
		body.Error.Code, body.Error.Message = corpus.CodeNotFound, nf.Error()
		body.Error.Reason, body.Error.Candidates = nf.Reason, nf.Candidates
		return c.Status(fiber.StatusNotFound).JSON(body)
	}
	if err != nil {
		return err
	}
	out := citeResponse{Query: q, AsOf: asOf, Citation: res.Citation, Amended: res.Amended, Version: refOf(res.Version)}
	if a := res.Article(); a != nil {
		view := articleView(a)
		out.Article = &view
	}
	if len(res.Articles) > 1 {
		for _, a := range res.Articles {
			out.Range = append(out.Range, a.ID)
		}
	}
	// A text numbered 一、二、 answers with its part, shaped as a section.
	if len(res.Sections) > 0 {
		view := sectionView(res.Sections[0])
		out.Article = &view
		for _, sec := range res.Sections[1:] {
			out.Range = append(out.Range, sec.ID)
		}
		if len(out.Range) > 0 {
			out.Range = append([]string{res.Sections[0].ID}, out.Range...)
		}
	}
	return c.JSON(out)
}

// linkRef names the other end of a link: an article or a section.
type linkRef struct {
	ID      string        `json:"id"`
	Type    string        `json:"type"` // article or section
	Title   string        `json:"title"`
	Article string        `json:"article"` // label or section heading
	Status  corpus.Status `json:"status"`
}

// citeLink is one citation of an article with the labels of its targets.
type citeLink struct {
	corpus.Citation
	Targets []linkRef `json:"targets,omitempty"`
}

// articleVersion is the same article in another version of the work.
type articleVersion struct {
	ID         string         `json:"id"`
	Article    string         `json:"article"`
	By         corpus.MatchBy `json:"by"` // number, or text where renumbered
	Similarity float64        `json:"similarity"`
	// Diff runs from the older text to the newer one, word by word.
	Diff []corpus.DiffOp `json:"diff"`
	versionRef
}

// articleLinks are the links GET /api/v1/articles/{id} adds to an article.
type articleLinks struct {
	Cites    []citeLink       `json:"cites"`
	CitedBy  []linkRef        `json:"cited_by"`
	Versions []articleVersion `json:"versions"`
}

// linksOf renders the links Link stored in a, with a word diff against each
// counterpart in the work's other versions, cut into words by cut.
func linksOf(c0 *corpus.Corpus, a *corpus.Article, cut corpus.Tokenizer) articleLinks {
	out := articleLinks{Cites: []citeLink{}, CitedBy: []linkRef{}, Versions: []articleVersion{}}
	for _, ct := range a.Cites {
		l := citeLink{Citation: ct}
		for _, ids := range [][]string{ct.ArticleIDs, ct.SectionIDs} {
			for _, id := range ids {
				if ref, ok := refTo(c0, id); ok {
					l.Targets = append(l.Targets, ref)
				}
			}
		}
		out.Cites = append(out.Cites, l)
	}
	for _, id := range a.CitedBy {
		if ref, ok := refTo(c0, id); ok {
			out.CitedBy = append(out.CitedBy, ref)
		}
	}
	for _, cp := range a.Counterparts {
		o := c0.Article(cp.ArticleID)
		if o == nil {
			continue
		}
		older, newer := o, a
		if a.Version().ValidFrom.Before(o.Version().ValidFrom) {
			older, newer = a, o
		}
		out.Versions = append(out.Versions, articleVersion{ID: o.ID, Article: o.Label, By: cp.By, Similarity: cp.Similarity,
			Diff: corpus.Diff(older.Text(), newer.Text(), cut), versionRef: refOf(o.Version())})
	}
	return out
}

func refTo(c0 *corpus.Corpus, id string) (linkRef, bool) {
	if a := c0.Article(id); a != nil {
		v := a.Version()
		return linkRef{ID: id, Type: "article", Title: v.Title, Article: a.Label, Status: v.Status}, true
	}
	if s := c0.Section(id); s != nil {
		v := s.Version()
		return linkRef{ID: id, Type: "section", Title: v.Title, Article: s.Heading, Status: v.Status}, true
	}
	return linkRef{}, false
}

// versionChange compares a version with the one before it.
type versionChange struct {
	Matched    int `json:"matched"`    // articles kept under their number
	Renumbered int `json:"renumbered"` // articles found under another number
	Added      int `json:"added"`      // articles of this version matched in none before
	Dropped    int `json:"dropped"`    // articles of the previous version matched in none here
}

// versionEntry is one version in GET /api/v1/documents/{id}/versions.
type versionEntry struct {
	versionRef
	Articles int            `json:"articles"`
	Basis    []string       `json:"basis,omitempty"`   // works this version implements
	Changes  *versionChange `json:"changes,omitempty"` // against the previous version
}

// versionsResponse is the body of GET /api/v1/documents/{id}/versions.
type versionsResponse struct {
	WorkID        string         `json:"work_id"`
	Title         string         `json:"title"`
	Aliases       []string       `json:"aliases,omitempty"`
	ImplementedBy []string       `json:"implemented_by,omitempty"`
	Versions      []versionEntry `json:"versions"` // oldest first
}

// handleVersions answers GET /api/v1/documents/{id}/versions for a work or
// any of its versions: every version with validity and what changed.
func (s *Server) handleVersions(c *fiber.Ctx) error {
	c0, err := s.snapshot()
	if err != nil {
		return err
	}
	id := c.Params("id")
	w := c0.Work(id)
	if v := c0.Version(id); w == nil && v != nil {
		w = v.Work()
	}
	if w == nil {
		return corpus.Errorf(corpus.CodeNotFound, "no document %q", id)
	}
	out := versionsResponse{WorkID: w.ID, Title: w.Title, Aliases: w.Aliases, ImplementedBy: w.ImplementedBy,
		Versions: make([]versionEntry, 0, len(w.Versions))}
	for i, v := range w.Versions {
		e := versionEntry{versionRef: refOf(v), Articles: len(v.Articles), Basis: v.Basis}
		if i > 0 {
			prev := w.Versions[i-1]
			ch := &versionChange{}
			for _, p := range corpus.AlignVersions(prev, v) {
				if p.By == corpus.MatchNumber {
					ch.Matched++
				} else {
					ch.Renumbered++
				}
			}
			ch.Added = len(v.Articles) - ch.Matched - ch.Renumbered
			ch.Dropped = len(prev.Articles) - ch.Matched - ch.Renumbered
			e.Changes = ch
		}
		out.Versions = append(out.Versions, e)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(out)
}
