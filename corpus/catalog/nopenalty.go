package catalog

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/lawkb/lawkb/corpus"
)

// JiangmenName names the Jiangmen no-penalty list.
const JiangmenName = "jiangmen-eco-no-penalty"

// ListEntry is one item of a no-penalty list (不予行政处罚清单): the
// violation, the articles it breaks, and the conditions for no penalty.
type ListEntry struct {
	No       int              `json:"no"`
	Category string           `json:"category,omitempty"`
	Name     string           `json:"name"`
	Duty     []string         `json:"duty"` // the citations as written
	Rule     corpus.NoPenalty `json:"rule"`
	Line     int              `json:"line"`
}

var (
	reListItem  = regexp.MustCompile(`^###\s*([0-9]+)[、.．]\s*(.+)$`)
	reListDuty  = regexp.MustCompile(`^-\s*(《[^》]+》[^&\s]*)`)
	reListCond  = regexp.MustCompile(`^[（(][0-9]+[）)]\s*(.+)$`)
	reListIntro = regexp.MustCompile(`^(?:同时)?满足下列情形(?:之一)?的，(.*?)：?$`)
)

// ReadNoPenaltyList reads a no-penalty list written as Markdown the way the
// Jiangmen list is: ## categories, ### N、items, a "::: details 违反条款"
// block of "- 《title》第N条… text" lines, and a "::: tip" block with the
// conditions (（1）…). name labels each rule's basis. Entries without
// conditions are reported and skipped.
func ReadNoPenaltyList(r io.Reader, name string) ([]ListEntry, []Problem, error) {
	var out []ListEntry
	var probs []Problem
	var cur *ListEntry
	block := ""
	category := ""
	flush := func() {
		if cur == nil {
			return
		}
		if len(cur.Rule.Conditions) == 0 {
			probs = append(probs, Problem{Row: cur.Line, Reason: "no conditions for item " + strconv.Itoa(cur.No) + ": skipped"})
		} else {
			out = append(out, *cur)
		}
		cur = nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(s, "## "):
			flush()
			category = strings.TrimSpace(strings.TrimPrefix(s, "## "))
			continue
		case reListItem.MatchString(s):
			flush()
			m := reListItem.FindStringSubmatch(s)
			n, _ := strconv.Atoi(m[1])
			cur = &ListEntry{No: n, Category: category, Name: strings.TrimSpace(m[2]), Line: line,
				Rule: corpus.NoPenalty{Kind: corpus.NoPenaltyMust, Basis: name + " 第" + m[1] + "项"}}
			continue
		case strings.HasPrefix(s, ":::"):
			rest := strings.TrimSpace(strings.TrimPrefix(s, ":::"))
			switch {
			case rest == "":
				block = ""
			case strings.Contains(rest, "违反条款"):
				block = "duty"
			case strings.Contains(rest, "不予处罚"):
				block = "conditions"
			default:
				block = "other"
			}
			continue
		}
		if cur == nil || s == "" {
			continue
		}
		switch block {
		case "duty":
			if m := reListDuty.FindStringSubmatch(s); m != nil {
				cur.Duty = append(cur.Duty, strings.TrimSpace(m[1]))
			}
		case "conditions":
			if m := reListIntro.FindStringSubmatch(s); m != nil {
				if strings.Contains(m[1], "可以不予") {
					cur.Rule.Kind = corpus.NoPenaltyMay
				}
				continue
			}
			if m := reListCond.FindStringSubmatch(s); m != nil {
				cur.Rule.Conditions = append(cur.Rule.Conditions, strings.TrimRight(strings.TrimSpace(m[1]), "；;。."))
			}
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, probs, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: %w", name, err)
	}
	return out, probs, nil
}

// NoPenaltyItems makes one catalogue item per list entry, in region, with
// the entry's duty citations resolved by res and its no-penalty rule.
func NoPenaltyItems(entries []ListEntry, name, domain string, region corpus.Region, res *corpus.Resolver) ([]*corpus.Item, Report) {
	rep := Report{Catalogue: name, Rows: len(entries)}
	var items []*corpus.Item
	for _, e := range entries {
		it := &corpus.Item{
			ID: "it-" + slug(name) + "-" + strconv.Itoa(e.No), Code: strconv.Itoa(e.No), Name: e.Name,
			Domain: domain, DomainBy: "catalogue", PowerType: corpus.PowerPenalty, Region: region,
			NoPenalty: []corpus.NoPenalty{e.Rule},
			Source:    corpus.ItemSource{Origin: corpus.OriginCatalogue, Catalogue: name, Row: e.No},
		}
		for _, d := range e.Duty {
			it.Duty = append(it.Duty, Resolve(res, d)...)
		}
		rep.count(it)
		items = append(items, it)
	}
	return items, rep
}
