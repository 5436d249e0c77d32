package web

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"sort"
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
var searchParams = []string{"q", "field", "region", "area", "kind", "level", "status", "as_of", "within", "sort", "page"}

// filterParams are the parameters set inside the 筛选 panel: their count
// is shown on its button.
var filterParams = []string{"area", "kind", "level", "status", "as_of", "within", "sort", "field"}

type searchView struct {
	Q            string
	AsOf         string  // as the officer reads it: 2024年5月1日
	Hidden       []field // filters carried by the search box
	FilterHidden []field // state the 筛选 form carries besides its own fields
	Regions      []choice
	Statuses     []choice
	Sorts        []choice
	Fields       []choice
	Within       string
	Filters      int    // filters set in the panel
	FilterOpen   bool   // the panel starts open (a filter form was just sent with an error)
	Autocomplete string // endpoint for suggestions; "" when the server has none
	Suggest      bool   // the server answers case descriptions (/s)
	SuggestHref  string // 案情找依据, prefilled with the query
	Error        string
	Lead         *leadView
	Items        rowList // enforcement items that match the query well, above the hits
	Result       *resultView
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

// rowList is a titled list of rows that each name a text and its meta
// (law, region, fine) on a line of its own.
type rowList struct {
	Title string
	Rows  []row
}

type row struct{ Href, Text, Meta string }

type resultView struct {
	Total    uint64
	TookMS   string
	AsOf     string
	Expanded string
	Window   string // sorting or narrowing happened within the first hits: says how many
	Facets   []facetView
	Hits     []hitView
	Pager    *pagerView
}

type facetView struct {
	Label  string
	Values []chipView
	More   []chipView // beyond facetShown, behind 更多
}

// facetShown is how many values of a facet show before 更多: the 30
// regions of a common word would fill a phone's screen.
const facetShown = 8

type chipView struct {
	Value, Href string
	Count       int
	Active      bool
}

type hitView struct {
	ID, Type, Href, Title, Article string
	Snippet                        template.HTML
	Kind, Level, Region            string
	Status                         corpus.Status
	ValidFrom, ValidTo             corpus.Date
	Official                       string
	Origin, OriginHref             string // a crawled text's source and page
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

// Sorts and fields of the 筛选 panel.
const (
	sortDate   = "date"
	sortLevel  = "level"
	fieldTitle = "title"
)

// windowSize is how many of the best hits a sorted or narrowed search
// reorders or filters: search.MaxSize per request, two requests.
const windowSize = 2 * search.MaxSize

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
	v := &searchView{Q: st["q"], Within: st["within"]}
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
	for _, s := range []struct{ Label, Value string }{{"相关度", ""}, {"发布日期（新→旧）", sortDate}, {"效力级别（高→低）", sortLevel}} {
		v.Sorts = append(v.Sorts, choice{Label: s.Label, Value: s.Value, Active: st["sort"] == s.Value})
	}
	for _, f := range []struct{ Label, Value string }{{"全文", ""}, {"标题", fieldTitle}} {
		v.Fields = append(v.Fields, choice{Label: f.Label, Value: f.Value, Active: st["field"] == f.Value, Href: st.with("field", f.Value).href()})
	}
	for _, k := range []string{"field", "region", "area", "kind", "level", "status", "as_of", "within", "sort"} {
		if val, ok := st[k]; ok && (val != "" || k == "region") {
			v.Hidden = append(v.Hidden, field{k, val})
		}
	}
	for _, k := range []string{"field", "region", "area", "kind", "level"} {
		if val, ok := st[k]; ok && (val != "" || k == "region") {
			v.FilterHidden = append(v.FilterHidden, field{k, val})
		}
	}
	for _, k := range filterParams {
		if st[k] != "" {
			v.Filters++
		}
	}
	if a := st["as_of"]; a != "" {
		v.AsOf = a
		if d, err := corpus.ParseDay(a); err == nil {
			v.AsOf = corpus.ChineseDate(d)
		}
	}
	if u.deps.Complete != nil {
		v.Autocomplete = "/ac"
	}
	v.Suggest = u.deps.Suggest != nil
	if v.Suggest && st["q"] != "" {
		q := url.Values{"text": {st["q"]}}
		if r, ok := st["region"]; ok {
			q.Set("region", r)
		}
		v.SuggestHref = "/s?" + q.Encode()
	}
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
		v.Error, v.FilterOpen = err.Error(), true
		return u.render(c, fiber.StatusBadRequest, p)
	}
	s, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	res, window, err := u.runSearch(c, s, cp, st, req)
	if err != nil {
		if corpus.ErrorCode(err) == corpus.CodeInvalid {
			v.Error = err.Error()
			return u.render(c, fiber.StatusBadRequest, p)
		}
		return u.renderErr(c, err)
	}
	v.Result = resultOf(st, req, res)
	v.Result.Window = window
	if window == "" && req.Page <= 1 && st["field"] == "" {
		u.firstScreen(c, s, cp, req, res, v)
	}
	for i := range v.Result.Hits {
		u.provenance(cp, &v.Result.Hits[i])
	}
	c.Set(fiber.HeaderCacheControl, "private, max-age=60")
	return u.render(c, fiber.StatusOK, p)
}

// runSearch runs the search the state asks for. A sorted or narrowed search
// reorders or filters the best windowSize hits and pages through them
// itself; window then says so.
func (u *ui) runSearch(c *fiber.Ctx, s searchFunc, cp *corpus.Corpus, st state, req search.Request) (*search.Result, string, error) {
	if st["sort"] == "" && st["within"] == "" {
		res, err := s(c.UserContext(), req)
		return res, "", err
	}
	wreq := req
	wreq.Page, wreq.Size = 1, search.MaxSize
	res, err := s(c.UserContext(), wreq)
	if err != nil {
		return nil, "", err
	}
	hits := res.Hits
	for len(hits) < windowSize && res.Total > uint64(len(hits)) && len(hits)%search.MaxSize == 0 {
		wreq.Page++
		more, err := s(c.UserContext(), wreq)
		if err != nil || len(more.Hits) == 0 {
			break
		}
		hits = append(hits, more.Hits...)
	}
	considered := len(hits)
	if w := strings.Fields(st["within"]); len(w) > 0 {
		kept := hits[:0:0]
		for _, h := range hits {
			if containsAll(hitText(cp, h), w) {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	switch st["sort"] {
	case sortDate:
		sort.SliceStable(hits, func(i, j int) bool { return hits[j].ValidFrom.Before(hits[i].ValidFrom) })
	case sortLevel:
		sort.SliceStable(hits, func(i, j int) bool { return corpus.LevelRank(hits[i].Level) < corpus.LevelRank(hits[j].Level) })
	}
	out := *res
	out.Total = uint64(len(hits))
	from := min((req.Page-1)*req.Size, len(hits))
	out.Hits = hits[from:min(from+req.Size, len(hits))]
	var what []string
	if st["within"] != "" {
		what = append(what, "含“"+st["within"]+"”的")
	}
	if st["sort"] != "" {
		what = append(what, "已重新排序")
	}
	window := "在最相关的 " + strconv.Itoa(considered) + " 条结果中：" + strings.Join(what, "，")
	if res.Total > uint64(considered) {
		window += "（共 " + strconv.FormatUint(res.Total, 10) + " 条相关结果，换个更具体的说法可看到其余的）"
	}
	return &out, window, nil
}

// hitText is the text of a hit that 在结果中搜索 looks in: its title, label
// and words.
func hitText(cp *corpus.Corpus, h search.Hit) string {
	t := h.Title + " " + h.Article
	switch {
	case cp.Article(h.ID) != nil:
		t += cp.Article(h.ID).Text()
	case cp.Section(h.ID) != nil:
		t += cp.Section(h.ID).Text
	case cp.Item(h.ID) != nil:
		t += cp.Item(h.ID).Name
	}
	return t
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// searchRequest reads the state into a search.Request with defaults.
func searchRequest(st state) (search.Request, error) {
	req := search.Request{Query: st["q"], Kind: st["kind"], Level: st["level"], In: st["region"], Region: st["area"], Status: st["status"]}
	if st["field"] == fieldTitle {
		req.Type = indexer.TypeVersion // the texts whose titles match
	}
	if p := st["page"]; p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return req, corpus.Errorf(corpus.CodeInvalid, "页码 %q：请用从 1 起的整数", p)
		}
		req.Page = n
	}
	if a := st["as_of"]; a != "" {
		d, err := corpus.ParseDay(a)
		if err != nil {
			return req, corpus.Errorf(corpus.CodeInvalid, "行为发生日 %q：请写成 2024年5月1日 或 2024-05-01", a)
		}
		req.AsOf = d
	}
	return req.WithDefaults(), nil
}

func resultOf(st state, req search.Request, res *search.Result) *resultView {
	r := &resultView{Total: res.Total, TookMS: fmt.Sprintf("%.1f", float64(res.Took.Microseconds())/1000)}
	if !req.AsOf.IsZero() {
		r.AsOf = corpus.ChineseDate(req.AsOf)
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
			chip := chipView{Value: x.Value, Count: x.Count, Active: active, Href: st.with(f.Param, next).href()}
			if len(fv.Values) < facetShown || active {
				fv.Values = append(fv.Values, chip)
			} else {
				fv.More = append(fv.More, chip)
			}
		}
		r.Facets = append(r.Facets, fv)
	}
	for _, h := range res.Hits {
		r.Hits = append(r.Hits, hitOf(h))
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

func hitOf(h search.Hit) hitView {
	if h.Level == h.Kind {
		h.Level = "" // 法律 · 法律 says nothing twice
	}
	v := hitView{
		ID: h.ID, Type: h.Type, Href: hitHref(h), Title: h.Title, Article: h.Article, Snippet: safeSnippet(h.Snippet),
		Kind: h.Kind, Level: h.Level, Region: h.Region, Status: corpus.Status(h.Status),
		ValidFrom: h.ValidFrom, ValidTo: h.ValidTo,
	}
	if o := h.Origin; o != nil {
		v.Origin = o.Source
		if strings.HasPrefix(o.URL, "https://") || strings.HasPrefix(o.URL, "http://") {
			v.OriginHref = o.URL
		}
	}
	return v
}

// provenance adds the official source line of the text a hit comes from:
// who made it, when, its number; never the corpus file.
func (u *ui) provenance(cp *corpus.Corpus, h *hitView) {
	var v *corpus.Version
	switch h.Type {
	case indexer.TypeArticle:
		if a := cp.Article(h.ID); a != nil {
			v = a.Version()
		}
	case indexer.TypeSection:
		if s := cp.Section(h.ID); s != nil {
			v = s.Version()
		}
	case indexer.TypeVersion:
		v = cp.Version(h.ID)
	}
	if v != nil {
		h.Official = v.Official().Line()
	}
}

// firstScreen decides the first box and the items strip of page one: the
// best article, or the best item for a described violation that scores
// close to it; items only when they match the query well.
func (u *ui) firstScreen(c *fiber.Ctx, s searchFunc, cp *corpus.Corpus, req search.Request, res *search.Result, v *searchView) {
	if len(res.Hits) == 0 {
		return
	}
	items := u.searchItems(c, s, req)
	best := bestArticleScore(res.Hits)
	top := res.Hits[0]
	if len(items) > 0 && leadWithItem(res.Intent, best, items[0].Score, itemAgrees(cp, items[0], res.Hits)) {
		v.Lead = itemLead(cp, items[0])
		items = items[1:]
	}
	if v.Lead == nil && top.Type == indexer.TypeArticle {
		why := "最相关的条文"
		if top.Cited != nil {
			why = "引用的条文"
		}
		terms := res.Terms
		for _, e := range res.Expansions {
			terms = append(terms, e.Also...) // 占道经营 → 设摊经营: what the article says
		}
		if v.Lead = articleLead(cp, top, terms, why); v.Lead != nil {
			v.Result.Hits = v.Result.Hits[1:]
		}
	}
	v.Items.Title = "相关执法事项"
	for _, h := range items {
		if len(v.Items.Rows) == itemStripSize || !itemMatchesWell(res.Intent, best, h.Score) {
			break
		}
		v.Items.Rows = append(v.Items.Rows, itemRow(cp, h))
	}
}

// searchItems searches the enforcement items for the query, in the
// officer's place and area. Kind, level and day do not apply to items and
// are left out. A failure costs the items, not the page.
func (u *ui) searchItems(c *fiber.Ctx, s searchFunc, req search.Request) []search.Hit {
	if req.Query == "" {
		return nil
	}
	ireq := search.Request{Query: req.Query, In: req.In, Region: req.Region, Type: indexer.TypeItem, Size: itemStripSize + 1}
	res, err := s(c.UserContext(), ireq)
	if err != nil {
		u.log.Warn("web: items for the first screen", "q", req.Query, "err", err)
		return nil
	}
	return res.Hits
}

// itemRow is an item of the strip: its name, and on a line of its own the
// law and provision it is punished under, the region and the fine.
func itemRow(cp *corpus.Corpus, h search.Hit) row {
	r := row{Href: hitHref(h), Text: h.Title}
	it := cp.Item(h.ID)
	if it == nil {
		return r
	}
	var meta []string
	if b := basisLabel(cp, it); b != "" {
		meta = append(meta, b)
	}
	meta = append(meta, it.Region.Path())
	if it.Fine != nil && it.Fine.Stated() {
		meta = append(meta, "罚款"+corpus.FormatFine(it.Fine))
	}
	r.Meta = strings.Join(meta, " · ")
	return r
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
