package web

import (
	"net/url"
	"regexp"
	"slices"
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
	DecisionBand          string // 一般：10元以上25元以下
	CalcError             string
	Law                   string // the work of the penalty article, for the header
	Referral              *referralView
}

// referralView is the note on criminal liability of an item.
type referralView struct {
	Text, Where, Href string
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
	Refused, Overdue, Serious  bool
	Clause                     []conditionBox // the conditions the item's clause writes
	Facts                      map[string]bool
	Harm, Repeat, Base         string
	Condition, Subject, Band   string
	Factors                    map[string]string
	HarmChoices, BandChoices   []choice
	Conditions, Subjects       []string
	HasFactors, HasBase, Bands bool
}

func itemHref(id string) string { return "/i/" + url.PathEscape(id) }

func (u *ui) handleItem(c *fiber.Ctx) error {
	_, cp, err := u.backend()
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
		} else {
			if v.Decision.Fine != nil {
				v.DecisionFine = corpus.FormatAmount(v.Decision.Fine)
			}
			if b := v.Decision.Band; b != nil {
				v.DecisionBand = string(b.Level)
				if b.Fine != nil && b.Fine.Stated() {
					v.DecisionBand += "：" + corpus.FormatFine(b.Fine)
				}
			}
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
	v.Law = basisLabel(cp, it)
	if r := it.Referral; r != nil {
		rv := &referralView{Text: r.Text}
		if a := cp.Article(r.ArticleID); a != nil {
			para := 0
			if len(a.Paragraphs) > 1 {
				para = r.Paragraph
			}
			rv.Where = "《" + a.Version().Title + "》" + corpus.ProvisionLabel(a.Label, para, 0)
			rv.Href = articleHref(a.ID) + "#k" + strconv.Itoa(r.Paragraph)
		}
		v.Referral = rv
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
		dv := &discView{Standard: d.Standard, Rule: d.Rule, Source: sectionOnly(d.Source), Derived: d.Derived, Notes: d.Notes}
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
				if c.Item > 0 {
					href += "-x" + strconv.Itoa(c.Item)
				}
				label = corpus.ProvisionLabel(a.Label, c.Paragraph, c.Item)
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
		Refused: query(c, "refused") != "", Overdue: query(c, "overdue") != "", Serious: query(c, "serious") != "",
		Condition: query(c, "cond"), Subject: query(c, "subject"), Band: query(c, "band"), Factors: map[string]string{},
	}
	facts := map[string]bool{}
	for _, v := range c.Context().QueryArgs().PeekMulti("fact") {
		facts[string(v)] = true
	}
	// The clause's own conditions are inputs: 拒不改正, 逾期不改正 and 情节严重
	// have their fields (the general ones are shown anyway), others are facts.
	for _, cc := range corpus.ClauseConditions(it) {
		box := conditionBox{Label: cc.Text}
		switch cc.Key {
		case corpus.CondRefused:
			box.Name, box.Checked = "refused", f.Refused
		case corpus.CondOverdue:
			box.Name, box.Checked = "overdue", f.Overdue
		case corpus.CondSerious:
			box.Name, box.Checked = "serious", f.Serious
		case corpus.CondFirst, corpus.CondRepeat:
			continue // 初次违法 and 违法次数 are always asked
		default:
			box.Name, box.Value, box.Checked = "fact", cc.Text, facts[cc.Text]
		}
		if !slices.ContainsFunc(f.Clause, func(b conditionBox) bool { return b.Name == box.Name && b.Value == box.Value }) {
			f.Clause = append(f.Clause, box)
		}
	}
	if len(facts) > 0 {
		f.Facts = facts
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

// conditionBox is a checkbox of the calculator for a condition the
// item's clause writes (拒不改正的，处…).
type conditionBox struct {
	Name, Value, Label string
	Checked            bool
}

func circumstances(f calcForm) (corpus.Circumstances, error) {
	c := corpus.Circumstances{
		FirstViolation: f.First, CorrectedInTime: f.Corrected, MinorViolation: f.Minor, Harm: f.Harm,
		Condition: f.Condition, Subject: f.Subject, Band: f.Band,
		Refused: f.Refused, Overdue: f.Overdue, Serious: f.Serious, Facts: f.Facts,
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

// reFileName is a file name at the start of a table's source
// (guangdong-eco-fine-discretion.pdf §1.1): where we transcribed it from,
// not what an officer cites.
var reFileName = regexp.MustCompile(`^\S+\.(?:pdf|csv|xlsx?|md|docx?)\s*`)

// sectionOnly keeps the section of a standard a table comes from.
func sectionOnly(src string) string {
	return reFileName.ReplaceAllString(src, "")
}

// basisLabel names an item's penalty provision: 《浙江省城市市容和环境卫生管理条例》
// 第十六条第三款; "" when it has none in the corpus.
func basisLabel(cp *corpus.Corpus, it *corpus.Item) string {
	for _, c := range it.Basis {
		if len(c.ArticleIDs) == 0 {
			continue
		}
		a := cp.Article(c.ArticleIDs[0])
		if a == nil {
			continue
		}
		return "《" + a.Version().Title + "》" + corpus.ProvisionLabel(a.Label, c.Paragraph, c.Item)
	}
	return ""
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
