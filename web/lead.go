package web

import (
	"html/template"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// What the first box of a results page shows is decided here, in two small
// functions the ranking can later feed a better signal (a calibrated
// probability instead of raw scores).

// itemLeadRatio is how close the best item's score must come to the best
// article's for an item to lead a description of a violation.
const itemLeadRatio = 0.7

// itemStripRatio is how close an item's score must come to the best
// article's for the item to be listed above the texts at all.
const itemStripRatio = 0.5

// leadWithItem reports whether the first box shows the best item (with its
// basis and fine) rather than the best article: only when the query
// describes a violation, the item scores close to the article, and the
// two searches agree — the item's duty or penalty article is among the
// first articles found (agrees).
func leadWithItem(intent search.Intent, bestArticle, bestItem float64, agrees bool) bool {
	return intent == search.IntentViolation && agrees && bestItem > 0 && bestItem >= itemLeadRatio*bestArticle
}

// agreeWindow is how many of the first text hits an item's articles are
// looked for in.
const agreeWindow = 5

// itemAgrees reports whether one of the item's duty or penalty articles
// is among the first text hits.
func itemAgrees(cp *corpus.Corpus, item search.Hit, hits []search.Hit) bool {
	it := cp.Item(item.ID)
	if it == nil {
		return false
	}
	top := map[string]bool{}
	for i, h := range hits {
		if i == agreeWindow {
			break
		}
		top[h.ID] = true
	}
	for _, cs := range [][]corpus.Citation{it.Basis, it.Duty} {
		for _, c := range cs {
			for _, id := range c.ArticleIDs {
				if top[id] {
					return true
				}
			}
		}
	}
	return false
}

// itemMatchesWell reports whether an item belongs in the strip above the
// texts: never for a citation or a title (the officer asked for a text),
// else when it scores close enough to the best article.
func itemMatchesWell(intent search.Intent, bestArticle, item float64) bool {
	switch intent {
	case search.IntentCitation, search.IntentTitle, search.IntentList:
		return false
	}
	return item > 0 && item >= itemStripRatio*bestArticle
}

// leadView is the first box of a results page: the article (or item) that
// answers, with its provenance and the matching 款/项 marked.
type leadView struct {
	Type, Href, Title, Label string
	Why                      string // 引用的条文, 最相关的条文, 最相关的执法事项
	Status                   corpus.Status
	Kind, Level, Region      string
	Official                 string
	Paras                    []leadPara
	Clipped                  bool
	// An item's.
	Basis, BasisHref, Fine, Referral string
	Duty, DutyHref                   string
}

// leadPara is one 款 (or 项) of the lead article.
type leadPara struct {
	N    string // the 款 number shown, "" for a 项 or a single 款
	Item bool
	HTML template.HTML
	Hit  bool // the 款 or 项 the query points at
}

// maxLeadRunes bounds the text of the lead article on the first screen;
// a longer one shows the matching 款 and links to the article.
const maxLeadRunes = 360

// articleLead builds the first box for an article hit.
func articleLead(cp *corpus.Corpus, h search.Hit, terms []string, why string) *leadView {
	a := cp.Article(h.ID)
	if a == nil {
		return nil
	}
	v := a.Version()
	l := &leadView{Type: "article", Href: articleHref(a.ID), Title: v.Title, Label: a.Label, Why: why,
		Status: corpus.Status(h.Status), Kind: h.Kind, Level: h.Level, Region: h.Region, Official: v.Official().Line()}
	if l.Level == l.Kind {
		l.Level = ""
	}
	marks := markTerms(terms)
	hitPara, hitItem := 0, 0
	if h.Cited != nil {
		hitPara, hitItem = h.Cited.Paragraph, h.Cited.Item
	} else if len(marks) > 0 {
		// The 款 holding most of the query's words.
		best := 0
		for i, p := range a.Paragraphs {
			if n := countTerms(p.Text+strings.Join(p.Items, ""), marks); n > best {
				best, hitPara = n, i+1
			}
		}
	}
	total := 0
	for _, p := range a.Paragraphs {
		total += len([]rune(p.Text))
		for _, it := range p.Items {
			total += len([]rune(it))
		}
	}
	numbered := len(a.Paragraphs) > 1
	for i, p := range a.Paragraphs {
		k := i + 1
		if total > maxLeadRunes && hitPara > 0 && k != hitPara {
			l.Clipped = true
			continue
		}
		lp := leadPara{HTML: markText(p.Text, marks), Hit: k == hitPara && hitItem == 0 && (numbered || h.Cited != nil)}
		if numbered {
			lp.N = strconv.Itoa(k)
		}
		l.Paras = append(l.Paras, lp)
		for j, it := range p.Items {
			l.Paras = append(l.Paras, leadPara{Item: true, HTML: markText(it, marks), Hit: k == hitPara && j+1 == hitItem})
		}
		if total > maxLeadRunes && hitPara == 0 {
			l.Clipped = i+1 < len(a.Paragraphs)
			break
		}
	}
	if hitPara > 0 {
		l.Href += "#k" + strconv.Itoa(hitPara)
		if hitItem > 0 {
			l.Href += "-x" + strconv.Itoa(hitItem)
		}
	}
	return l
}

// itemLead builds the first box for an item hit: its penalty provision
// with the clause's words, its duty provision, its fine and referral.
func itemLead(cp *corpus.Corpus, h search.Hit) *leadView {
	it := cp.Item(h.ID)
	if it == nil {
		return nil
	}
	l := &leadView{Type: "item", Href: itemHref(it.ID), Title: it.Name, Why: "最相关的执法事项",
		Kind: string(it.PowerType), Region: it.Region.Path(), Status: corpus.StatusInForce}
	if it.Fine != nil && it.Fine.Stated() {
		l.Fine = corpus.FormatFine(it.Fine)
	}
	if it.Referral != nil {
		l.Referral = it.Referral.Text
	}
	for _, c := range it.Basis {
		if a := firstArticle(cp, c); a != nil {
			l.Basis = "《" + a.Version().Title + "》" + corpus.ProvisionLabel(a.Label, c.Paragraph, c.Item)
			l.BasisHref = articleHref(a.ID)
			l.Official = a.Version().Official().Line()
			if c.Paragraph > 0 && c.Paragraph <= len(a.Paragraphs) {
				l.BasisHref += "#k" + strconv.Itoa(c.Paragraph)
				l.Paras = []leadPara{{HTML: template.HTML(template.HTMLEscapeString(a.Paragraphs[c.Paragraph-1].Text)), Hit: true}}
			} else if len(a.Paragraphs) > 0 {
				l.Paras = []leadPara{{HTML: template.HTML(template.HTMLEscapeString(a.Paragraphs[0].Text)), Hit: true}}
			}
			break
		}
	}
	for _, c := range it.Duty {
		if a := firstArticle(cp, c); a != nil {
			l.Duty = "《" + a.Version().Title + "》" + corpus.ProvisionLabel(a.Label, c.Paragraph, c.Item)
			if strings.HasPrefix(c.Text, corpus.InferredNote) {
				l.Duty += "（推断）"
			}
			l.DutyHref = articleHref(a.ID)
			break
		}
	}
	return l
}

func firstArticle(cp *corpus.Corpus, c corpus.Citation) *corpus.Article {
	for _, id := range c.ArticleIDs {
		if a := cp.Article(id); a != nil {
			return a
		}
	}
	return nil
}

// markTerms keeps the query words worth marking in a text: two characters
// or more, longest first so that 占道经营 is marked before 经营.
func markTerms(terms []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range terms {
		t = strings.TrimSpace(t)
		if len([]rune(t)) < 2 || seen[t] || strings.ContainsAny(t, "<>&") {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func countTerms(text string, terms []string) int {
	n := 0
	for _, t := range terms {
		if strings.Contains(text, t) {
			n++
		}
	}
	return n
}

// markText escapes text and wraps each occurrence of the terms in <mark>,
// merging occurrences that touch or overlap.
func markText(text string, terms []string) template.HTML {
	if len(terms) == 0 {
		return template.HTML(template.HTMLEscapeString(text))
	}
	on := make([]bool, len(text))
	for _, t := range terms {
		for from := 0; ; {
			i := strings.Index(text[from:], t)
			if i < 0 {
				break
			}
			i += from
			for k := i; k < i+len(t); k++ {
				on[k] = true
			}
			from = i + len(t)
		}
	}
	var b strings.Builder
	open := false
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		if on[i] && !open {
			b.WriteString("<mark>")
			open = true
		} else if !on[i] && open {
			b.WriteString("</mark>")
			open = false
		}
		b.WriteString(template.HTMLEscapeString(text[i : i+size]))
		i += size
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// bestArticleScore is the score of the best text hit the items are
// compared with.
func bestArticleScore(hits []search.Hit) float64 {
	for _, h := range hits {
		if h.Type != indexer.TypeItem {
			return h.Score
		}
	}
	return 0
}
