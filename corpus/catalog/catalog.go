// Package catalog imports enforcement-item catalogues (事项目录) and
// discretion standards (裁量基准) into corpus items: the Wuhan traffic
// catalogue, no-penalty lists such as Jiangmen's, and lawkb's generic CSV
// and XLSX format (docs/catalog.md) through which a bureau loads its own.
// Legal bases are resolved against the corpus where the law is in it and
// kept as text otherwise.
package catalog

import (
	"errors"
	"regexp"
	"strings"

	"github.com/lawkb/lawkb/corpus"
)

// Problem is one row a catalogue import reported and skipped or kept in
// part, never fatal to the rest.
type Problem struct {
	Row    int    `json:"row"` // 1-based data row (0 for the file)
	Reason string `json:"reason"`
}

// Report counts what an import read and resolved.
type Report struct {
	Catalogue      string    `json:"catalogue"`
	Rows           int       `json:"rows"`            // data rows read
	Items          int       `json:"items"`           // items made
	WithPenalty    int       `json:"with_penalty"`    // of Items, with at least one structured penalty
	PenaltyParsed  int       `json:"penalty_parsed"`  // of the rows with a penalty text, read without a leftover
	PenaltyTexts   int       `json:"penalty_texts"`   // rows with a penalty text
	DutyCitations  int       `json:"duty_citations"`  // citations of duty articles written
	DutyResolved   int       `json:"duty_resolved"`   // of DutyCitations, resolved to an article of the corpus
	BasisCitations int       `json:"basis_citations"` // citations of penalty articles written
	BasisResolved  int       `json:"basis_resolved"`  // of BasisCitations, resolved
	ItemsDutyOK    int       `json:"items_duty_ok"`   // items with at least one duty citation resolved
	ItemsBasisOK   int       `json:"items_basis_ok"`  // items with at least one penalty citation resolved
	Unresolved     []string  `json:"unresolved,omitempty"`
	Problems       []Problem `json:"problems,omitempty"`
}

func (r *Report) count(it *corpus.Item) {
	r.Items++
	for _, p := range it.Penalties {
		if p.Kind.IsSanction() {
			r.WithPenalty++
			break
		}
	}
	r.DutyCitations += countArticleCites(it.Duty)
	r.DutyResolved += countResolved(it.Duty)
	r.BasisCitations += countArticleCites(it.Basis)
	r.BasisResolved += countResolved(it.Basis)
	if countResolved(it.Duty) > 0 {
		r.ItemsDutyOK++
	}
	if countResolved(it.Basis) > 0 {
		r.ItemsBasisOK++
	}
	for _, cs := range [][]corpus.Citation{it.Duty, it.Basis} {
		for _, c := range cs {
			if c.HasArticle() && !c.Resolved() {
				r.Unresolved = append(r.Unresolved, c.Text+" ("+string(c.Unresolved)+")")
			}
		}
	}
}

func countArticleCites(cs []corpus.Citation) int {
	n := 0
	for _, c := range cs {
		if c.HasArticle() {
			n++
		}
	}
	return n
}

func countResolved(cs []corpus.Citation) int {
	n := 0
	for _, c := range cs {
		if c.HasArticle() && c.Resolved() && len(c.ArticleIDs) > 0 {
			n++
		}
	}
	return n
}

// reAngle finds 〈〉 or <> used for the inner title of a title
// (湖北省实施<中华人民共和国道路交通安全法>办法); the citation parser reads 《》.
var reAngle = strings.NewReplacer("<", "〈", ">", "〉")

// reOpenTitle finds a title that lost its opening 《 in a catalogue cell
// (…，湖北省实施〈…〉办法》第六十一条).
var reOpenTitle = regexp.MustCompile(`(^|[，、,；;])([^《，、,；;]{2,40}?(?:法|条例|办法|规定|细则)》)`)

// Resolve parses the citations in a basis column and resolves those that
// name a work; relative ones (第二款 after a title) inherit the title. With
// res nil nothing is resolved and every citation keeps its text.
func Resolve(res *corpus.Resolver, text string) []corpus.Citation {
	text = strings.TrimSpace(text)
	if text == "" || text == "####" {
		return nil
	}
	text = reAngle.Replace(text)
	// 湖北省实施〈…〉办法》第六十一条: a title that lost its opening 《.
	text = reOpenTitle.ReplaceAllString(text, "$1《$2")
	var cites []corpus.Citation
	if res == nil {
		cites = corpus.ParseCitations(text)
	} else {
		cites = res.Parser().Parse(text)
	}
	out := make([]corpus.Citation, 0, len(cites))
	for _, c := range cites {
		if !c.HasArticle() {
			continue
		}
		if res == nil {
			c.Unresolved = corpus.ReasonUnknownTitle
			out = append(out, c)
			continue
		}
		if c.Title == "" {
			c.Unresolved = corpus.ReasonNoContext
			out = append(out, c)
			continue
		}
		r, err := res.ResolveCitation(text, c, corpus.Date{})
		if err != nil {
			var nf *corpus.NotFoundError
			if errors.As(err, &nf) {
				c.Unresolved = nf.Reason
			} else {
				c.Unresolved = corpus.ReasonUnknownTitle
			}
			out = append(out, c)
			continue
		}
		out = append(out, r.Citation)
	}
	return out
}

// slug makes an id part from a code: letters, digits and - only.
func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	return strings.Trim(b.String(), "-")
}

// missing reports a catalogue's placeholder for an empty cell.
func missing(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "####" || s == "—" || s == "-" || s == "/" || s == "无"
}
