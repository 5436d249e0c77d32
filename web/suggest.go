package web

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

// suggestView is the case-description page: the form, and the ranked legal
// bases with the articles, fines, band and the reasons for each.
type suggestView struct {
	Text, Region, Date string
	Regions            []choice
	Error              string
	Ran                bool
	Heading            string // what the suggestions are, by the text's intent
	Expanded           string
	Suggestions        []suggestionView
}

type suggestionView struct {
	Href, Name, Kind string
	Articles         []suggestedArticle
	Fine             string
	Band             string
	BandWhy          string
	Penalties        []string
	Terms, Notes     []string
}

type suggestedArticle struct {
	Href, Text, Role, RoleClass, Validity string
}

var roleNames = map[string]string{search.RoleDuty: "违则", search.RolePenalty: "罚则", search.RoleOther: "相关"}

func (u *ui) handleSuggest(c *fiber.Ctx) error {
	if u.deps.Suggest == nil {
		return u.renderError(c, fiber.StatusNotFound, "这个服务没有开启“案情找依据”。")
	}
	// The form posts: a case description is often longer than a URL may
	// be. A short one can still be linked with GET ?text=.
	arg, args := query, c.Context().QueryArgs()
	if c.Method() == fiber.MethodPost {
		arg = func(c *fiber.Ctx, k string) string { return strings.TrimSpace(strings.Clone(c.FormValue(k))) }
		args = c.Context().PostArgs()
	}
	v := &suggestView{Text: arg(c, "text"), Date: arg(c, "date")}
	region, set := arg(c, "region"), args.Has("region")
	if !set {
		if pref, err := url.QueryUnescape(strings.Clone(c.Cookies(regionCookie))); err == nil && pref != "null" {
			region = pref
		}
	}
	v.Region = region
	for _, r := range regionChoices {
		v.Regions = append(v.Regions, choice{Label: r.Label, Value: r.Value, Active: r.Value == region})
	}
	p := page{Title: "案情找依据", Name: "suggest", NoIndex: true, Body: v}
	if v.Text == "" {
		return u.render(c, fiber.StatusOK, p)
	}
	req := search.SuggestRequest{Text: v.Text, Region: region}
	if v.Date != "" {
		d, err := corpus.ParseDay(v.Date)
		if err != nil {
			v.Error = "行为发生日 " + strconv.Quote(v.Date) + "：请写成 2024年5月1日 或 2024-05-01"
			return u.render(c, fiber.StatusBadRequest, p)
		}
		req.Date = d
		v.Date = corpus.ChineseDate(d)
	}
	req = req.WithDefaults()
	if err := req.Validate(); err != nil {
		v.Error = err.Error()
		return u.render(c, fiber.StatusBadRequest, p)
	}
	if _, _, err := u.backend(); err != nil {
		return u.renderErr(c, err)
	}
	res, err := u.deps.Suggest(c.UserContext(), req)
	if err != nil {
		if corpus.ErrorCode(err) == corpus.CodeInvalid {
			v.Error = err.Error()
			return u.render(c, fiber.StatusBadRequest, p)
		}
		return u.renderErr(c, err)
	}
	v.Ran = true
	switch res.Intent {
	case search.IntentQuestion:
		v.Heading = "可能回答这个问题的条文"
	default:
		v.Heading = "可能适用的执法事项和依据"
	}
	var also []string
	for _, e := range res.Expansions {
		also = append(also, e.Term+" → "+strings.Join(e.Also, "、"))
	}
	if len(also) > 0 {
		v.Expanded = "也搜索了：" + strings.Join(also, "；")
	}
	for _, s := range res.Suggestions {
		v.Suggestions = append(v.Suggestions, suggestionOf(s))
	}
	c.Set(fiber.HeaderCacheControl, "private, max-age=60")
	return u.render(c, fiber.StatusOK, p)
}

func suggestionOf(s search.Suggestion) suggestionView {
	sv := suggestionView{Name: s.Name, Kind: s.Kind, Terms: s.Why.Terms, Notes: s.Why.Notes}
	if s.Kind == "item" {
		sv.Href = itemHref(s.ID)
	}
	for _, a := range s.Articles {
		href := articleHref(a.ID)
		label := corpus.ProvisionLabel(a.Article, a.Paragraph, 0)
		if a.Paragraph > 0 {
			href += "#k" + strconv.Itoa(a.Paragraph)
		}
		if sv.Href == "" {
			sv.Href = articleHref(a.ID)
		}
		class := "s-info"
		if a.Role == search.RolePenalty {
			class = "s-warn"
		}
		sv.Articles = append(sv.Articles, suggestedArticle{
			Href: href, Text: a.Title + " " + label, Role: roleNames[a.Role], RoleClass: class,
			Validity: validity(a.ValidFrom, a.ValidTo),
		})
	}
	if s.Fine != nil {
		sv.Fine = corpus.FormatFine(&corpus.Fine{Min: s.Fine.Min, Max: s.Fine.Max, Unit: s.Fine.Unit})
	}
	if b := s.Band; b != nil {
		sv.Band = string(b.Level)
		if b.Fine != nil {
			sv.Band += " " + corpus.FormatFine(&corpus.Fine{Min: b.Fine.Min, Max: b.Fine.Max, Unit: b.Fine.Unit})
		}
		sv.BandWhy = b.Because
		if b.Derived {
			sv.BandWhy += "（推导档次，非官方基准）"
		}
	}
	for _, p := range s.Penalties {
		t := p.Text
		if p.Condition != "" {
			t = p.Condition + "：" + t
		}
		sv.Penalties = append(sv.Penalties, t)
	}
	return sv
}

// completion is one autocomplete answer as app.js reads it.
type completion struct {
	Text  string   `json:"text"`
	Kind  string   `json:"kind"`
	Title string   `json:"title,omitempty"`
	Also  []string `json:"also,omitempty"`
}

// handleComplete answers the search box's autocomplete as JSON:
// {"completions":[{"text","kind","title","also"}]}.
func (u *ui) handleComplete(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	out := struct {
		Completions []completion `json:"completions"`
	}{Completions: []completion{}}
	q := query(c, "q")
	if u.deps.Complete == nil || q == "" || !utf8.ValidString(q) {
		return sendJSON(c, out)
	}
	if _, _, err := u.backend(); err != nil {
		// No index yet: nothing to complete from.
		return sendJSON(c, out)
	}
	cs, err := u.deps.Complete(q, 8)
	if err != nil {
		if corpus.ErrorCode(err) == corpus.CodeInvalid {
			c.Status(fiber.StatusBadRequest)
			return sendJSON(c, map[string]any{"error": map[string]string{"code": string(corpus.CodeInvalid), "message": err.Error()}})
		}
		u.log.Warn("web: autocomplete failed", "q", q, "err", err)
		return sendJSON(c, out)
	}
	for _, x := range cs {
		out.Completions = append(out.Completions, completion{Text: x.Text, Kind: x.Kind, Title: x.Title, Also: x.Also})
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return sendJSON(c, out)
}

func sendJSON(c *fiber.Ctx, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.Send(b)
}
