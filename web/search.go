package web

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// regionCookie carries the officer's region preference, set by app.js, so
// that a search typed without a region renders for that region.
const regionCookie = "lawkb_region"

// regionChoices are the preference buttons: the officer's city, province,
// national rules only, and no region filter at all.
var regionChoices = []struct{ Label, Value string }{
	{"温州", "浙江/温州"}, {"浙江", "浙江"}, {"全国", corpus.National}, {"不限", ""},
}

// facetOrder lists the facets shown as chips and the query parameter each
// one sets; year has no filter in search.Request, so it is not a chip. The
// region chip narrows to texts of that region (area); the region parameter
// is the officer's place, which keeps the national and provincial rules too.
var facetOrder = []struct{ Name, Label, Param string }{
	{search.FacetKind, "类别", "kind"}, {search.FacetRegion, "地区", "area"}, {search.FacetLevel, "效力", "level"}, {search.FacetStatus, "状态", "status"},
}

// searchParams are the query parameters that make up a search's state, in
// the order they are written into links.
var searchParams = []string{"q", "region", "area", "kind", "level", "status", "as_of", "page"}

type searchView struct {
	Q              string
	AsOf           string
	Hidden         []field // filters carried by the search box
	HiddenNoStatus []field
	Regions        []choice
	Statuses       []choice
	MoreOpen       bool
	Autocomplete   string // endpoint for suggestions; "" when the server has none
	Suggest        bool   // the server answers case descriptions (/s)
	Error          string
	Items          linkList // up to itemStripSize enforcement items for the query, above the hits
	Result         *resultView
}

// itemStripSize is how many items the search page shows above the hits:
// enough to lead an officer to the item card, few enough to keep the
// texts on the first screen of a phone.
const itemStripSize = 3

type field struct{ Name, Value string }

type choice struct {
	Label, Value, Href string
	Active             bool
}

type resultView struct {
	Total    uint64
	TookMS   string
	AsOf     string
	Expanded string
	Facets   []facetView
	Hits     []hitView
	Pager    *pagerView
}

type facetView struct {
	Label  string
	Values []chipView
}

type chipView struct {
	Value, Href string
	Count       int
	Active      bool
}

type hitView struct {
	Type, Href, Title, Article string
	Snippet                    template.HTML
	Kind, Level, Region        string
	Status                     corpus.Status
	ValidFrom, ValidTo         corpus.Date
	Source                     string
}

type pagerView struct {
	Page, Pages        int
	PrevHref, NextHref string
}

// state is the search's query parameters as given in the URL, plus the
// region taken from the preference cookie when the URL names none.
type state map[string]string

func (s state) with(k, v string) state {
	o := state{}
	for kk, vv := range s {
		o[kk] = vv
	}
	if v == "" && k != "region" {
		delete(o, k)
	} else {
		o[k] = v
	}
	if k != "page" {
		delete(o, "page")
	}
	return o
}

// href writes the state as a link to the search page. region is written
// even when empty: "region=" means the officer chose no region filter,
// while a missing region means "use my preference".
func (s state) href() string {
	var parts []string
	for _, k := range searchParams {
		v, ok := s[k]
		if !ok || (v == "" && k != "region") {
			continue
		}
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	if len(parts) == 0 {
		return "/"
	}
	return "/?" + strings.Join(parts, "&")
}

func (u *ui) handleSearch(c *fiber.Ctx) error {
	st := state{}
	for _, k := range searchParams {
		if v := query(c, k); v != "" {
			st[k] = v
		}
	}
	if c.Context().QueryArgs().Has("region") {
		st["region"] = query(c, "region")
	} else if pref, err := url.QueryUnescape(strings.Clone(c.Cookies(regionCookie))); err == nil && pref != "" && pref != "null" {
		st["region"] = pref
	}
	v := &searchView{Q: st["q"], AsOf: st["as_of"], MoreOpen: st["as_of"] != "" || st["status"] != ""}
	for _, r := range regionChoices {
		_, set := st["region"]
		v.Regions = append(v.Regions, choice{Label: r.Label, Value: r.Value, Href: st.with("region", r.Value).href(),
			Active: set && st["region"] == r.Value || !set && r.Value == ""})
	}
	for _, s := range []struct{ Label, Value string }{
		{"现行有效（默认）", ""}, {"已修改", string(corpus.StatusAmended)}, {"已废止", string(corpus.StatusRepealed)},
		{"尚未生效", string(corpus.StatusNotYet)}, {"全部", search.StatusAll},
	} {
		v.Statuses = append(v.Statuses, choice{Label: s.Label, Value: s.Value, Active: st["status"] == s.Value})
	}
	for _, k := range []string{"region", "area", "kind", "level", "status", "as_of"} {
		if val, ok := st[k]; ok && (val != "" || k == "region") {
			v.Hidden = append(v.Hidden, field{k, val})
			if k != "status" && k != "as_of" {
				v.HiddenNoStatus = append(v.HiddenNoStatus, field{k, val})
			}
		}
	}
	if u.deps.Complete != nil {
		v.Autocomplete = "/ac"
	}
	v.Suggest = u.deps.Suggest != nil
	p := page{Title: st["q"], Name: "search", Canonical: state{"q": st["q"]}.href(), Body: v}
	if st["q"] == "" && st["kind"] == "" && st["level"] == "" {
		p.Title, p.Canonical = "", "/"
		return u.render(c, fiber.StatusOK, p)
	}
	req, err := searchRequest(st)
	if err == nil {
		err = req.Validate()
	}
	if err != nil {
		v.Error = err.Error()
		return u.render(c, fiber.StatusBadRequest, p)
	}
	_, s, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	res, err := s.Search(c.UserContext(), req)
	if err != nil {
		if corpus.ErrorCode(err) == corpus.CodeInvalid {
			v.Error = err.Error()
			return u.render(c, fiber.StatusBadRequest, p)
		}
		return u.renderErr(c, err)
	}
	v.Result = resultOf(st, req, res)
	v.Items = u.itemStrip(c, s, cp, req)
	c.Set(fiber.HeaderCacheControl, "private, max-age=60")
	return u.render(c, fiber.StatusOK, p)
}

// searchRequest reads the state into a search.Request with defaults.
func searchRequest(st state) (search.Request, error) {
	req := search.Request{Query: st["q"], Kind: st["kind"], Level: st["level"], In: st["region"], Region: st["area"], Status: st["status"]}
	if p := st["page"]; p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return req, corpus.Errorf(corpus.CodeInvalid, "页码 %q：请用从 1 起的整数", p)
		}
		req.Page = n
	}
	if a := st["as_of"]; a != "" {
		d, err := corpus.ParseDate(a)
		if err != nil {
			return req, corpus.Errorf(corpus.CodeInvalid, "行为发生日 %q：请用 YYYY-MM-DD", a)
		}
		req.AsOf = d
	}
	return req.WithDefaults(), nil
}

func resultOf(st state, req search.Request, res *search.Result) *resultView {
	r := &resultView{Total: res.Total, TookMS: fmt.Sprintf("%.1f", float64(res.Took.Microseconds())/1000)}
	if !req.AsOf.IsZero() {
		r.AsOf = req.AsOf.String()
	}
	var also []string
	for _, e := range res.Expansions {
		also = append(also, e.Term+" → "+strings.Join(e.Also, "、"))
	}
	if len(also) > 0 {
		r.Expanded = "也搜索了：" + strings.Join(also, "；")
	}
	for _, f := range facetOrder {
		vals := res.Facets[f.Name]
		if len(vals) == 0 {
			continue
		}
		fv := facetView{Label: f.Label}
		cur := st[f.Param]
		for _, x := range vals {
			active := cur == x.Value
			next := x.Value
			if active {
				next = ""
			}
			fv.Values = append(fv.Values, chipView{Value: x.Value, Count: x.Count, Active: active, Href: st.with(f.Param, next).href()})
		}
		r.Facets = append(r.Facets, fv)
	}
	for _, h := range res.Hits {
		if h.Level == h.Kind {
			h.Level = "" // 法律 · 法律 says nothing twice
		}
		r.Hits = append(r.Hits, hitView{
			Type: h.Type, Href: hitHref(h), Title: h.Title, Article: h.Article, Snippet: safeSnippet(h.Snippet),
			Kind: h.Kind, Level: h.Level, Region: h.Region, Status: corpus.Status(h.Status),
			ValidFrom: h.ValidFrom, ValidTo: h.ValidTo, Source: h.Source,
		})
	}
	size := req.Size
	if size <= 0 {
		size = search.DefaultSize
	}
	pages := int((res.Total + uint64(size) - 1) / uint64(size))
	if maxPages := search.MaxOffset/size + 1; pages > maxPages {
		pages = maxPages
	}
	if pages > 1 {
		pg := &pagerView{Page: req.Page, Pages: pages}
		if req.Page > 1 {
			pg.PrevHref = st.with("page", strconv.Itoa(req.Page-1)).href()
			if req.Page == 2 {
				pg.PrevHref = st.with("page", "").href()
			}
		}
		if req.Page < pages {
			pg.NextHref = st.with("page", strconv.Itoa(req.Page+1)).href()
		}
		r.Pager = pg
	}
	return r
}

// itemStrip searches the enforcement items for the query, in the officer's
// place and area, in force: the strip above the texts. Kind, level and
// day do not apply to items and are left out. A failure costs the strip,
// not the page.
func (u *ui) itemStrip(c *fiber.Ctx, s *search.Searcher, cp *corpus.Corpus, req search.Request) linkList {
	l := linkList{Title: "执法事项"}
	if req.Query == "" || req.Page > 1 {
		return l
	}
	ireq := search.Request{Query: req.Query, In: req.In, Region: req.Region, Type: indexer.TypeItem, Size: itemStripSize}
	res, err := s.Search(c.UserContext(), ireq)
	if err != nil {
		u.log.Warn("web: item strip", "q", req.Query, "err", err)
		return l
	}
	for _, h := range res.Hits {
		note := h.Kind
		if h.Article != "" {
			note += " · " + h.Article
		}
		if it := cp.Item(h.ID); it != nil && it.Fine != nil && it.Fine.Stated() {
			note += " · 罚款" + corpus.FormatFine(it.Fine)
		}
		l.Rows = append(l.Rows, link{Href: hitHref(h), Text: h.Title, Note: note})
	}
	if res.Total > uint64(len(l.Rows)) {
		l.Title = "执法事项（共 " + strconv.FormatUint(res.Total, 10) + " 项，列出前 " + strconv.Itoa(len(l.Rows)) + " 项）"
	}
	return l
}

// hitHref links a hit to the page that shows it.
func hitHref(h search.Hit) string {
	switch h.Type {
	case indexer.TypeVersion:
		return documentHref(h.ID)
	case indexer.TypeItem:
		return itemHref(h.ID)
	case indexer.TypeStandard:
		return standardHref(h.ID)
	default:
		return "/a/" + url.PathEscape(h.ID)
	}
}

// safeSnippet trusts only the <mark> tags of a snippet: every other part is
// unescaped and escaped again, which leaves correctly escaped text as it
// was and neutralises anything that is not.
func safeSnippet(s string) template.HTML {
	var b strings.Builder
	for s != "" {
		i := strings.Index(s, "<")
		if i < 0 {
			b.WriteString(html.EscapeString(html.UnescapeString(s)))
			break
		}
		b.WriteString(html.EscapeString(html.UnescapeString(s[:i])))
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<mark>"):
			b.WriteString("<mark>")
			s = s[len("<mark>"):]
		case strings.HasPrefix(s, "</mark>"):
			b.WriteString("</mark>")
			s = s[len("</mark>"):]
		default:
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	return template.HTML(b.String())
}
