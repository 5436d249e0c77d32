package corpus

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus/penalty"
)

// PowerType is the kind of administrative power an item exercises (职权类别).
type PowerType string

// Power types of enforcement catalogues.
const (
	PowerPenalty    PowerType = "行政处罚"
	PowerCoercion   PowerType = "行政强制"
	PowerInspection PowerType = "行政检查"
	PowerLicence    PowerType = "行政许可"
	PowerOther      PowerType = "其他行政权力"
)

// Item origins.
const (
	OriginClause    = "clause"    // derived from a penalty clause of an article
	OriginCatalogue = "catalogue" // a row of an imported catalogue
)

// ItemSource says where an item comes from: a penalty clause of the corpus
// or a row of a catalogue.
type ItemSource struct {
	Origin    string `json:"origin"`               // clause or catalogue
	Catalogue string `json:"catalogue,omitempty"`  // the catalogue's name
	Path      string `json:"path,omitempty"`       // the corpus file, or the catalogue file
	Row       int    `json:"row,omitempty"`        // 1-based data row of the catalogue
	ArticleID string `json:"article_id,omitempty"` // the penalty article a derived item comes from
	Paragraph int    `json:"paragraph,omitempty"`  // its 款, 1-based
	ItemNo    int    `json:"item,omitempty"`       // its 项, 1-based
	Text      string `json:"text,omitempty"`       // a catalogue row as written (a clause's text is its article's)
}

// Measure is a measure other than a penalty that a catalogue lists for an
// item (扣留驾驶证, 拖移机动车), with its basis.
type Measure struct {
	Text  string     `json:"text"`
	Kind  PowerType  `json:"kind,omitempty"`
	Basis []Citation `json:"basis,omitempty"`
}

// Item is an enforcement item (执法事项): a violation tied to the article
// that sets the duty (违则), the article that sets the penalty (罚则), the
// penalties, the discretion standard and the conditions for no penalty.
type Item struct {
	ID         string      `json:"id"`
	Code       string      `json:"code,omitempty"`
	Name       string      `json:"name"`
	Domain     string      `json:"domain,omitempty"`
	DomainBy   string      `json:"domain_by,omitempty"` // catalogue, keywords
	PowerType  PowerType   `json:"power_type"`
	Region     Region      `json:"region"`
	Enforcer   string      `json:"enforcer,omitempty"`
	Duty       []Citation  `json:"duty,omitempty"`       // 违则
	DutyBy     string      `json:"duty_by,omitempty"`    // citation (the clause cites it) or inferred (by wording)
	DutyScore  float64     `json:"duty_score,omitempty"` // for an inferred duty: the share of the conduct's wording the article covers
	Basis      []Citation  `json:"basis,omitempty"`      // 罚则
	Penalties  []Penalty   `json:"penalties,omitempty"`
	Fine       *Fine       `json:"fine,omitempty"`
	Points     int         `json:"points,omitempty"` // 记分 of a traffic catalogue
	Measures   []Measure   `json:"measures,omitempty"`
	Discretion *Discretion `json:"discretion,omitempty"`
	NoPenalty  []NoPenalty `json:"no_penalty,omitempty"`
	// Referral is the clause's word on criminal liability: when the conduct
	// amounts to a crime the officer refers the case to the judicial organs
	// (移送司法机关) instead of, or besides, penalising it.
	Referral *Referral  `json:"referral,omitempty"`
	Source   ItemSource `json:"source"`
}

// Referral is a clause on criminal liability attached to the item it
// belongs to (构成犯罪的，依法追究刑事责任).
type Referral struct {
	Text      string `json:"text"`       // the clause's words
	ArticleID string `json:"article_id"` // the article it is written in
	Paragraph int    `json:"paragraph"`  // its 款, 1-based
}

// ReferralAction is what a referral asks of the officer.
const ReferralAction = "移送司法机关"

// IsCriminalText reports whether a title is a text of the criminal law (刑法,
// its 修正案, the decisions on punishing crimes): courts apply it, so it
// grounds no administrative item.
func IsCriminalText(title string) bool {
	t := strings.TrimPrefix(normTitle(title), nationPrefix)
	t = strings.TrimPrefix(t, "全国人民代表大会常务委员会")
	return strings.HasPrefix(t, "刑法") || strings.HasPrefix(t, "关于惩治") && strings.Contains(t, "犯罪")
}

// MainFine picks the fine that sums up an item: the first fine stated for
// the violation itself, else the first stated fine, else nil.
func MainFine(ps []Penalty) *Fine {
	var first *Fine
	for _, p := range ps {
		if p.Fine == nil || !p.Fine.Stated() {
			continue
		}
		if p.Condition == "" {
			f := *p.Fine
			return &f
		}
		if first == nil {
			f := *p.Fine
			first = &f
		}
	}
	return first
}

// ItemReport counts what DeriveItems found, with the clauses it could not
// read.
type ItemReport struct {
	Versions       int            `json:"versions"`        // versions scanned (the current one of each work of an enforceable kind)
	Articles       int            `json:"articles"`        // their articles
	Paragraphs     int            `json:"paragraphs"`      // paragraphs naming a sanction word
	Clauses        int            `json:"clauses"`         // penalty clauses found
	Parsed         int            `json:"parsed"`          // of Clauses, every penalty word read into structure
	Offences       int            `json:"offences"`        // violations in the clauses
	Items          int            `json:"items"`           // items derived
	WithFine       int            `json:"with_fine"`       // of Items, with a stated fine
	DutyCited      int            `json:"duty_cited"`      // of Items, whose clause cites a duty article
	DutyResolved   int            `json:"duty_resolved"`   // of Items, whose duty citation resolved to an article
	DutyInferred   int            `json:"duty_inferred"`   // of Items without a resolved citation, with a duty article inferred by wording
	CriminalTexts  int            `json:"criminal_texts"`  // versions of the criminal law left out (刑法 and its 修正案)
	Criminal       int            `json:"criminal"`        // phrases of criminal sentences in other texts left out (判处罚金, 拘役 …)
	Referrals      int            `json:"referrals"`       // of Items, with a note on criminal liability (移送司法机关)
	Domains        map[string]int `json:"domains"`         // items per domain
	DomainBy       map[string]int `json:"domain_by"`       // items per way the domain was found
	UnparsedReason map[string]int `json:"unparsed_reason"` // unread fragments by reason
	Unparsed       []ClauseMiss   `json:"unparsed,omitempty"`
}

// ClauseMiss is a penalty clause not wholly read.
type ClauseMiss struct {
	ArticleID string     `json:"article_id"`
	Source    string     `json:"source"`
	Label     string     `json:"label"`
	Paragraph int        `json:"paragraph"`
	Text      string     `json:"text"`
	Unparsed  []Unparsed `json:"unparsed"`
}

// enforceableKinds are the kinds of texts whose penalty clauses bind
// officers; cases, interpretations and the constitution hold none.
var enforceableKinds = map[Kind]bool{
	KindLaw: true, KindAdminRegulation: true, KindDeptRule: true, KindLocalRegulation: true,
}

// DeriveItems reads the penalty clauses of the current version of every
// law, regulation and rule in c and makes one item per violation. Duty
// articles come from the citations Link resolved (Article.Cites), so c
// should have been through Link; without it every duty stays unresolved.
// domains may be nil (keywords only).
func DeriveItems(c *Corpus, domains *DomainTable) ([]*Item, ItemReport) {
	rep := newItemReport()
	var todo []*Version
	for _, w := range c.Works {
		if !enforceableKinds[w.Kind] {
			continue
		}
		v := w.Current()
		if v == nil || len(v.Articles) == 0 {
			continue
		}
		if IsCriminalText(w.Title) {
			rep.CriminalTexts++
			continue
		}
		rep.Versions++
		todo = append(todo, v)
	}
	// Versions are derived side by side, each with a report of its own
	// merged in order, so the result is the sequential one; the corpus and
	// the domain table are only read.
	reps := make([]ItemReport, len(todo))
	found := make([][]*Item, len(todo))
	_ = inParallel(context.Background(), len(todo), 0, func(i int) {
		reps[i] = newItemReport()
		found[i] = deriveVersion(c, todo[i], domains, &reps[i])
	})
	var items []*Item
	for i := range todo {
		items = append(items, found[i]...)
		rep.add(reps[i])
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	rep.Items = len(items)
	return items, rep
}

func newItemReport() ItemReport {
	return ItemReport{Domains: map[string]int{}, DomainBy: map[string]int{}, UnparsedReason: map[string]int{}}
}

// add counts o's findings into r (not Versions, CriminalTexts and Items,
// which DeriveItems counts itself).
func (r *ItemReport) add(o ItemReport) {
	r.Articles += o.Articles
	r.Paragraphs += o.Paragraphs
	r.Clauses += o.Clauses
	r.Parsed += o.Parsed
	r.Offences += o.Offences
	r.WithFine += o.WithFine
	r.DutyCited += o.DutyCited
	r.DutyResolved += o.DutyResolved
	r.DutyInferred += o.DutyInferred
	r.Criminal += o.Criminal
	r.Referrals += o.Referrals
	for k, n := range o.Domains {
		r.Domains[k] += n
	}
	for k, n := range o.DomainBy {
		r.DomainBy[k] += n
	}
	for k, n := range o.UnparsedReason {
		r.UnparsedReason[k] += n
	}
	r.Unparsed = append(r.Unparsed, o.Unparsed...)
}

// VersionItems derives the items of the penalty clauses of one version,
// as DeriveItems does for the current versions: suggest-basis needs them
// for the versions in force on a past day too. Ids are those DeriveItems
// gives, so a current version's items are the corpus' own.
func VersionItems(c *Corpus, v *Version, domains *DomainTable) []*Item {
	if v == nil || v.Work() == nil || !enforceableKinds[v.Work().Kind] || IsCriminalText(v.Work().Title) {
		return nil
	}
	rep := newItemReport()
	return deriveVersion(c, v, domains, &rep)
}

// deriveVersion makes the items of every article of v.
func deriveVersion(c *Corpus, v *Version, domains *DomainTable, rep *ItemReport) []*Item {
	var dx *dutyIndex // built on first need: most versions have no clause without a cited duty
	infer := func(conduct string, skip *Article) (dutyPara, float64) {
		if dx == nil {
			dx = newDutyIndex(v)
		}
		return dx.best(conduct, skip)
	}
	var items []*Item
	for _, a := range v.Articles {
		rep.Articles++
		items = append(items, deriveArticle(c, v.Work(), v, a, domains, infer, rep)...)
	}
	return items
}

// deriveArticle makes the items of one article.
func deriveArticle(c *Corpus, w *Work, v *Version, a *Article, domains *DomainTable,
	infer func(string, *Article) (dutyPara, float64), rep *ItemReport) []*Item {
	var out []*Item
	var loose *Referral // a referral in a paragraph of its own: it belongs to the article's items
	for pi, p := range a.Paragraphs {
		if !HasSanctionWord(p.Text) && !HasSanctionWord(strings.Join(p.Items, "")) {
			if r := ParseReferral(p.Text + strings.Join(p.Items, "")); r != "" && loose == nil {
				loose = &Referral{Text: r, ArticleID: a.ID, Paragraph: pi + 1}
			}
			continue
		}
		rep.Paragraphs++
		cl := ParsePenaltyClause(p.Text, p.Items)
		if cl != nil {
			rep.Criminal += cl.Criminal
		} else if r := ParseReferral(p.Text + strings.Join(p.Items, "")); r != "" && loose == nil {
			loose = &Referral{Text: r, ArticleID: a.ID, Paragraph: pi + 1}
		}
		if cl == nil {
			continue
		}
		rep.Clauses++
		if cl.Parsed() {
			rep.Parsed++
		} else {
			for _, u := range cl.Unparsed {
				rep.UnparsedReason[unparsedKind(u.Reason)]++
			}
			rep.Unparsed = append(rep.Unparsed, ClauseMiss{ArticleID: a.ID, Source: v.Source, Label: a.Label,
				Paragraph: pi + 1, Text: p.Text, Unparsed: cl.Unparsed})
		}
		perItem := map[int]int{}
		for _, o := range cl.Offences {
			rep.Offences++
			if !hasSanction(o.Penalties) {
				continue
			}
			perItem[o.Item]++
			it := deriveItem(c, w, v, a, pi, o, perItem[o.Item], cl, domains)
			if cl.Referral != "" {
				it.Referral = &Referral{Text: cl.Referral, ArticleID: a.ID, Paragraph: pi + 1}
			}
			if it.Fine != nil {
				rep.WithFine++
			}
			if len(it.Duty) > 0 {
				rep.DutyCited++
				it.DutyBy = "citation"
			}
			if anyResolved(it.Duty) {
				rep.DutyResolved++
			} else if top, score := infer(o.Conduct, a); top.a != nil && score >= DutyInferenceThreshold {
				it.Duty = append(it.Duty, articleCitation(v, top.a, top.pi, 0, InferredNote))
				it.DutyBy, it.DutyScore = "inferred", math.Round(score*100)/100
				rep.DutyInferred++
				if it.Name == "" || strings.HasPrefix(it.Name, "违反") && o.Conduct == "" {
					it.Name = itemName(c, o, it.Duty)
				}
			}
			rep.Domains[it.Domain]++
			rep.DomainBy[it.DomainBy]++
			out = append(out, it)
		}
	}
	for _, it := range out {
		if it.Referral == nil && loose != nil {
			r := *loose
			it.Referral = &r
		}
		if it.Referral != nil {
			rep.Referrals++
		}
	}
	return out
}

// unparsedKind shortens a reason to its class: 罚款: amount not recognised.
func unparsedKind(reason string) string {
	if i := strings.Index(reason, ": "); i >= 0 {
		if j := strings.Index(reason[i+2:], ": "); j >= 0 {
			return reason[:i+2+j]
		}
	}
	return reason
}

func hasSanction(ps []Penalty) bool {
	for _, p := range ps {
		if p.Kind.IsSanction() {
			return true
		}
	}
	return false
}

func anyResolved(cs []Citation) bool {
	for i := range cs {
		if cs[i].Resolved() && len(cs[i].ArticleIDs) > 0 {
			return true
		}
	}
	return false
}

// deriveItem builds the item of one offence; n counts the offences of the
// same 项 so ids stay distinct.
func deriveItem(c *Corpus, w *Work, v *Version, a *Article, pi int, o Offence, n int, cl *PenaltyClause, domains *DomainTable) *Item {
	id := "it-" + a.ID + "-k" + strconv.Itoa(pi+1)
	if o.Item > 0 {
		id += "-x" + strconv.Itoa(o.Item)
	}
	if n > 1 {
		id += "-o" + strconv.Itoa(n)
	}
	it := &Item{
		ID:        id,
		PowerType: PowerPenalty,
		Region:    w.Region,
		Enforcer:  cl.Enforcer,
		Penalties: o.Penalties,
		Fine:      MainFine(o.Penalties),
		// The clause text is the article's: the snapshot keeps it once.
		Source: ItemSource{Origin: OriginClause, Path: v.Source, ArticleID: a.ID, Paragraph: pi + 1, ItemNo: o.Item},
	}
	it.Duty = dutyCitations(a, pi, o)
	it.Basis = []Citation{articleCitation(v, a, pi, o.Item, "")}
	it.Name = itemName(c, o, it.Duty)
	it.Domain, it.DomainBy = domains.ClassifyDomain(w.Title, cl.Enforcer, o.Conduct)
	it.Discretion = DeriveDiscretion(it)
	return it
}

// InferredNote opens the text of an inferred duty citation, so that no
// reader takes it for a citation the law writes.
const InferredNote = "（推断）"

// DutyInferenceThreshold is the share of a violation's wording an article
// must cover to be inferred as its duty article. Checked against the items
// whose clause cites its duty elsewhere, inference at this threshold names
// the cited article for about 91 % of those it infers (docs/QUALITY.md).
const DutyInferenceThreshold = 0.6

// articleCitation points at an article (and its 款 when it has several,
// and its 项); note prefixes the text (（推断）for an inferred duty).
func articleCitation(v *Version, a *Article, pi, item int, note string) Citation {
	cit := Citation{Title: v.Title, Article: a.Number, Suffix: a.Suffix, WorkID: v.WorkID, VersionID: v.ID,
		ArticleIDs: []string{a.ID}}
	text := note + "《" + v.Title + "》" + a.Label
	if len(a.Paragraphs) > 1 {
		cit.Paragraph = pi + 1
		text += "第" + FormatNumeral(pi+1) + "款"
	}
	if item > 0 {
		cit.Item = item
		text += "第（" + FormatNumeral(item) + "）项"
	}
	cit.Text = text
	return cit
}

// dutyCitations picks, among the citations Link resolved in the article,
// those written in the offence's lead or conduct (违反本条例第十二条规定) in
// the paragraph of the clause.
func dutyCitations(a *Article, pi int, o Offence) []Citation {
	if len(a.Cites) == 0 {
		return nil
	}
	starts := paragraphStarts(a)
	from := starts[pi]
	to := len(a.Text())
	if pi+1 < len(starts) {
		to = starts[pi+1]
	}
	where := penalty.NormaliseText(o.Lead + "，" + o.Conduct)
	var out []Citation
	seen := map[string]bool{}
	for _, c := range a.Cites {
		if c.Start < from || c.Start >= to || !c.HasArticle() || c.Basis {
			continue
		}
		t := penalty.NormaliseText(c.Text)
		if t == "" || !strings.Contains(where, t) {
			continue
		}
		key := c.Text + "|" + strings.Join(c.ArticleIDs, ",") + "|" + strconv.Itoa(c.Paragraph)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	return out
}

// itemName is the violation as the clause states it, or, when the clause
// only points at a duty (违反本条例第十八条规定的), the first sentence of
// the duty article.
func itemName(c *Corpus, o Offence, duty []Citation) string {
	name := strings.TrimSpace(o.Conduct)
	if name != "" && name != "有下列行为之一" && name != "有下列情形之一" {
		return clip(name, 120)
	}
	for _, d := range duty {
		if len(d.ArticleIDs) == 0 {
			continue
		}
		a := c.Article(d.ArticleIDs[0])
		if a == nil || len(a.Paragraphs) == 0 {
			continue
		}
		p := a.Paragraphs[0]
		if d.Paragraph > 0 && d.Paragraph <= len(a.Paragraphs) {
			p = a.Paragraphs[d.Paragraph-1]
		}
		text := p.Text
		if d.Item > 0 && d.Item <= len(p.Items) {
			text = penalty.StripItemMarker(p.Items[d.Item-1])
		}
		if i := strings.IndexAny(text, "。；"); i > 0 {
			text = text[:i]
		}
		return "违反“" + clip(strings.TrimSpace(text), 60) + "”的规定"
	}
	if o.Lead != "" {
		return o.Lead
	}
	return name
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// dutyIndex holds the paragraphs of one version that can set a duty: not
// in a 法律责任/罚则/附则 chapter and not themselves penalty clauses.
type dutyIndex struct {
	paras []dutyPara
}

type dutyPara struct {
	a    *Article
	pi   int
	bags []uint64
}

func newDutyIndex(v *Version) *dutyIndex {
	x := &dutyIndex{}
	for _, a := range v.Articles {
		if inLiabilityChapter(a) {
			continue
		}
		for pi, p := range a.Paragraphs {
			text := p.Text
			if len(p.Items) > 0 {
				text += strings.Join(p.Items, "")
			}
			if HasSanctionWord(text) && ParsePenaltyClause(p.Text, p.Items) != nil {
				continue
			}
			x.paras = append(x.paras, dutyPara{a: a, pi: pi, bags: shingles(text)})
		}
	}
	return x
}

// inLiabilityChapter reports whether an article sits under 法律责任, 罚则
// or 附则, where no duty is set.
func inLiabilityChapter(a *Article) bool {
	for _, h := range a.Chapter {
		if strings.Contains(h, "法律责任") || strings.Contains(h, "罚则") || strings.Contains(h, "附则") {
			return true
		}
	}
	return false
}

// best finds the paragraph whose wording covers most of the conduct's
// character bigrams; score is that share (0..1).
func (x *dutyIndex) best(conduct string, skip *Article) (dutyPara, float64) {
	q := shingles(conduct)
	var top dutyPara
	bestScore, bestDice := 0.0, 0.0
	if len(q) < 3 {
		return top, 0
	}
	for _, p := range x.paras {
		if p.a == skip {
			continue
		}
		n := overlap(q, p.bags)
		score := float64(n) / float64(len(q))
		d := 2 * float64(n) / float64(len(q)+len(p.bags))
		if score > bestScore || score == bestScore && d > bestDice {
			top, bestScore, bestDice = p, score, d
		}
	}
	return top, bestScore
}

// overlap counts the common elements of two sorted sets.
func overlap(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// ItemIndex finds items by id and lists the items an article grounds.
type ItemIndex struct {
	items     []*Item
	byID      map[string]*Item
	byArticle map[string][]string
}

// NewItemIndex indexes items by id and by the articles they cite (duty and
// penalty). Later items with an id already seen are dropped.
func NewItemIndex(items []*Item) *ItemIndex {
	x := &ItemIndex{byID: map[string]*Item{}, byArticle: map[string][]string{}}
	for _, it := range items {
		if _, dup := x.byID[it.ID]; dup {
			continue
		}
		x.items = append(x.items, it)
		x.byID[it.ID] = it
		seen := map[string]bool{}
		for _, cs := range [][]Citation{it.Duty, it.Basis} {
			for _, c := range cs {
				for _, aid := range c.ArticleIDs {
					if !seen[aid] {
						seen[aid] = true
						x.byArticle[aid] = append(x.byArticle[aid], it.ID)
					}
				}
			}
		}
	}
	return x
}

// Items lists every item, in the order given.
func (x *ItemIndex) Items() []*Item { return x.items }

// Item returns the item with the id, or nil.
func (x *ItemIndex) Item(id string) *Item { return x.byID[id] }

// ForArticle lists the ids of the items an article grounds.
func (x *ItemIndex) ForArticle(articleID string) []string { return x.byArticle[articleID] }

// Len is the number of items.
func (x *ItemIndex) Len() int { return len(x.items) }

// String summarises the report in one line for logs.
func (r ItemReport) String() string {
	return fmt.Sprintf("clauses %d (parsed %d), items %d, duty cited %d, duty resolved %d",
		r.Clauses, r.Parsed, r.Items, r.DutyCited, r.DutyResolved)
}
