package web

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// itemView is the item card: the violation, its duty and penalty
// articles, the penalties, the discretion table, the no-penalty conditions
// and the discretion calculator.
type itemView struct {
	ID, Href, Name, Code  string
	Domain, PowerType     string
	Region, Enforcer      string
	Duty, Basis           linkList
	Penalties             []penaltyRow
	Fine                  string
	Points                int
	Measures              []string
	Disc                  *discView
	NoPenalty             []corpus.NoPenalty
	SourceText, SourceRef string
	SourceHref            string
	Calc                  calcForm
	Decision              *corpus.Decision
	DecisionFine          string
	CalcError             string
}

type penaltyRow struct {
	Text, Condition, Subject string
	Optional                 bool
}

type discView struct {
	Standard, Rule, Source string
	Derived                bool
	Bands                  []bandRow
	Start                  float64
	Formula                string
	Factors                []corpus.Factor
	Bases                  []string
	Notes                  []string
}

type bandRow struct {
	Level      corpus.BandLevel
	Conditions []string
	Fine       string
	Measures   []string
}

// calcForm is the calculator's state, read from and written to the URL so
// a computed decision can be shared.
type calcForm struct {
	On                         bool
	First, Corrected, Minor    bool
	Harm, Repeat, Base         string
	Condition, Subject, Band   string
	Factors                    map[string]string
	HarmChoices, BandChoices   []choice
	Conditions, Subjects       []string
	HasFactors, HasBase, Bands bool
}

func itemHref(id string) string { return "/i/" + url.PathEscape(id) }

func (u *ui) handleItem(c *fiber.Ctx) error {
	_, _, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	id := param(c, "id")
	it := cp.Item(id)
	if it == nil {
		return u.renderError(c, fiber.StatusNotFound, "没有这个执法事项："+id+"。")
	}
	v := itemOf(cp, it)
	v.Calc = calcOf(c, it)
	if v.Calc.On {
		circ, err := circumstances(v.Calc)
		if err == nil {
			v.Decision, err = corpus.Decide(it, circ)
		}
		if err != nil {
			v.CalcError = err.Error()
		} else if v.Decision.Fine != nil {
			v.DecisionFine = formatAmount(v.Decision.Fine)
		}
	}
	status := fiber.StatusOK
	if v.CalcError != "" {
		status = fiber.StatusBadRequest
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return u.render(c, status, page{Title: it.Name, Name: "item", Canonical: v.Href, Body: v})
}

func itemOf(cp *corpus.Corpus, it *corpus.Item) *itemView {
	v := &itemView{
		ID: it.ID, Href: itemHref(it.ID), Name: it.Name, Code: it.Code, Domain: it.Domain,
		PowerType: string(it.PowerType), Region: it.Region.Path(), Enforcer: it.Enforcer, Points: it.Points,
		Duty: citationLinks(cp, "违则（设定义务的条款）", it.Duty), Basis: citationLinks(cp, "罚则（处罚依据）", it.Basis),
		NoPenalty: it.NoPenalty, SourceText: it.Source.Text,
	}
	if it.Fine != nil {
		v.Fine = corpus.FormatFine(it.Fine)
	}
	for _, p := range it.Penalties {
		v.Penalties = append(v.Penalties, penaltyRow{Text: p.Text, Condition: p.Condition, Subject: p.Subject, Optional: p.Optional})
	}
	for _, m := range it.Measures {
		v.Measures = append(v.Measures, m.Text)
	}
	switch it.Source.Origin {
	case corpus.OriginCatalogue:
		v.SourceRef = "目录：" + it.Source.Catalogue
		if it.Source.Row > 0 {
			v.SourceRef += " 第 " + strconv.Itoa(it.Source.Row) + " 行"
		}
	default:
		v.SourceRef = "由罚则条款推导"
		if a := cp.Article(it.Source.ArticleID); a != nil {
			v.SourceRef += "：" + a.Version().Title + " " + a.Label
			v.SourceHref = articleHref(a.ID)
		}
	}
	if d := it.Discretion; d != nil {
		dv := &discView{Standard: d.Standard, Rule: d.Rule, Source: d.Source, Derived: d.Derived, Notes: d.Notes}
		for _, b := range d.Bands {
			row := bandRow{Level: b.Level, Conditions: b.Conditions, Measures: b.Measures}
			if b.Fine != nil {
				row.Fine = corpus.FormatFine(b.Fine)
			}
			dv.Bands = append(dv.Bands, row)
		}
		if f := d.Factors; f != nil {
			dv.Start, dv.Formula, dv.Factors = f.Start, f.Formula, f.Factors
			for _, b := range f.Bases {
				dv.Bases = append(dv.Bases, baseText(b))
			}
		}
		v.Disc = dv
	}
	return v
}

// citationLinks lists the articles an item's citations resolve to, with
// the 款 and 项 as anchors; unresolved ones stay as written.
func citationLinks(cp *corpus.Corpus, title string, cs []corpus.Citation) linkList {
	l := linkList{Title: title}
	for _, c := range cs {
		done := false
		for _, id := range c.ArticleIDs {
			a := cp.Article(id)
			if a == nil {
				continue
			}
			href, label := articleHref(id), a.Label
			if c.Paragraph > 0 && len(c.ArticleIDs) == 1 {
				href += "#k" + strconv.Itoa(c.Paragraph)
				label += "第" + chineseIndex(c.Paragraph) + "款"
				if c.Item > 0 {
					href += "-x" + strconv.Itoa(c.Item)
					label += "第（" + chineseIndex(c.Item) + "）项"
				}
			}
			note := string(a.Version().Status)
			l.Rows = append(l.Rows, link{Href: href, Text: a.Version().Title + " " + label, Note: note})
			done = true
		}
		if !done && c.Text != "" {
			l.Rows = append(l.Rows, link{Text: c.Text, Note: "未能关联到库中条文"})
		}
	}
	return l
}

func baseText(b corpus.FineBase) string {
	var s string
	switch {
	case b.Basis != "":
		s = b.Basis + " × " + strconv.FormatFloat(b.Multiplier*100, 'f', -1, 64) + "%"
	default:
		s = strconv.FormatFloat(b.Amount*b.Multiplier, 'f', -1, 64) + " 元"
	}
	var when []string
	if b.Condition != "" {
		when = append(when, b.Condition)
	}
	if b.Subject != "" {
		when = append(when, b.Subject)
	}
	if len(when) > 0 {
		s = strings.Join(when, "、") + "：" + s
	}
	return s
}

var harmChoices = []struct{ Label, Value string }{
	{"未说明", ""}, {"无危害后果", "none"}, {"轻微", "minor"}, {"一般", "general"}, {"严重", "serious"},
}

// calcOf reads the calculator's fields from the query string; "calc"
// says the officer asked for a decision.
func calcOf(c *fiber.Ctx, it *corpus.Item) calcForm {
	f := calcForm{
		On: query(c, "calc") != "", First: query(c, "first") != "", Corrected: query(c, "corrected") != "",
		Minor: query(c, "minor") != "", Harm: query(c, "harm"), Repeat: query(c, "repeat"), Base: query(c, "base"),
		Condition: query(c, "cond"), Subject: query(c, "subject"), Band: query(c, "band"), Factors: map[string]string{},
	}
	for _, h := range harmChoices {
		f.HarmChoices = append(f.HarmChoices, choice{Label: h.Label, Value: h.Value, Active: f.Harm == h.Value})
	}
	if d := it.Discretion; d != nil {
		if len(d.Bands) > 0 {
			f.Bands = true
			f.BandChoices = append(f.BandChoices, choice{Label: "按情节自动判断", Value: "", Active: f.Band == ""})
			for _, b := range d.Bands {
				f.BandChoices = append(f.BandChoices, choice{Label: string(b.Level), Value: string(b.Level), Active: f.Band == string(b.Level)})
			}
		}
		if m := d.Factors; m != nil {
			f.HasFactors = len(m.Factors) > 0
			for _, fac := range m.Factors {
				if v := query(c, "f."+fac.Name); v != "" {
					f.Factors[fac.Name] = v
				}
			}
			seenC, seenS := map[string]bool{}, map[string]bool{}
			for _, b := range m.Bases {
				if b.Basis != "" {
					f.HasBase = true
				}
				if b.Condition != "" && !seenC[b.Condition] {
					seenC[b.Condition] = true
					f.Conditions = append(f.Conditions, b.Condition)
				}
				if b.Subject != "" && !seenS[b.Subject] {
					seenS[b.Subject] = true
					f.Subjects = append(f.Subjects, b.Subject)
				}
			}
			sort.Strings(f.Conditions)
			sort.Strings(f.Subjects)
		}
	}
	return f
}

func circumstances(f calcForm) (corpus.Circumstances, error) {
	c := corpus.Circumstances{
		FirstViolation: f.First, CorrectedInTime: f.Corrected, MinorViolation: f.Minor, Harm: f.Harm,
		Condition: f.Condition, Subject: f.Subject, Band: f.Band,
	}
	if len(f.Factors) > 0 {
		c.Factors = f.Factors
	}
	if f.Repeat != "" {
		n, err := strconv.Atoi(f.Repeat)
		if err != nil || n < 0 {
			return c, corpus.Errorf(corpus.CodeInvalid, "违法次数 %q：请填 0 或正整数", f.Repeat)
		}
		c.RepeatCount = n
	}
	if f.Base != "" {
		b, err := strconv.ParseFloat(f.Base, 64)
		if err != nil || b < 0 {
			return c, corpus.Errorf(corpus.CodeInvalid, "计算基数 %q：请填金额（元）", f.Base)
		}
		c.Base = b
	}
	return c, nil
}

// formatAmount renders a computed fine, a value or a range.
func formatAmount(a *corpus.Amount) string {
	n := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	if a.Min == a.Max {
		return n(a.Max) + a.Unit
	}
	return n(a.Min) + a.Unit + " 至 " + n(a.Max) + a.Unit
}

// itemsFor lists the items an article grounds, for its page.
func itemsFor(cp *corpus.Corpus, articleID string) linkList {
	l := linkList{Title: "执法事项"}
	for _, id := range cp.ItemsFor(articleID) {
		if len(l.Rows) >= maxLinks {
			break
		}
		if it := cp.Item(id); it != nil {
			note := string(it.PowerType)
			if it.Fine != nil && it.Fine.Stated() {
				note += " · " + corpus.FormatFine(it.Fine)
			}
			l.Rows = append(l.Rows, link{Href: itemHref(id), Text: it.Name, Note: note})
		}
	}
	return l
}
