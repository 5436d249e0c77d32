// Package search answers faceted searches over an indexer.Index: it plans
// the query (all words first, any word as a fallback), filters by kind,
// level, region (with its hierarchy), status or the day in force, counts
// facets, and renders each hit from the corpus snapshot with a highlighted
// snippet.
package search

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// Request limits.
const (
	DefaultSize = 10
	MaxSize     = 100
	// MaxQueryRunes admits a question with its story (a scene pasted
	// from a complaint or a consultation), not only a few words.
	MaxQueryRunes = 1000
	// MaxOffset bounds (Page-1)*Size, like Elasticsearch's
	// max_result_window: deeper pages cost more than any reader goes;
	// narrow the query instead.
	MaxOffset = 10000
	// MaxPage is the deepest page of the smallest size.
	MaxPage = MaxOffset + 1
	// MaxFilterRunes caps each filter (kind, level, region, in, status,
	// type, domain): the longest real value is a place path of a dozen
	// characters.
	MaxFilterRunes = 64
)

// StatusAll in Request.Status turns the default 现行有效 filter off.
const StatusAll = "all"

// Request is one search: a query (may be empty to list documents) and its
// filters. The zero Page and Size mean the defaults (1 and DefaultSize).
type Request struct {
	Query  string `json:"query"`
	Kind   string `json:"kind,omitempty"`
	Level  string `json:"level,omitempty"`
	Region string `json:"region,omitempty"` // 浙江 also matches 浙江/温州
	// In is where the officer stands: the texts that apply there, i.e. the
	// region itself and its ancestors (温州 → 全国 + 浙江 + 浙江/温州).
	In     string `json:"in,omitempty"`
	Status string `json:"status,omitempty"` // default 现行有效 unless AsOf is set; "all" for any
	// Type narrows the hits to one document type (article, section,
	// version, standard or item); empty means every type but items, which
	// an officer asks for on purpose. With item, Kind filters by power type
	// (行政处罚 …), and Level and AsOf do not apply.
	Type string `json:"type,omitempty"`
	// Domain keeps the items of one enforcement domain (执法领域); items only.
	Domain string      `json:"domain,omitempty"`
	AsOf   corpus.Date `json:"as_of"` // versions in force that day, whatever their status
	Page   int         `json:"page,omitempty"`
	Size   int         `json:"size,omitempty"`
	// Explain asks for the plan and each hit's ranking features.
	Explain bool `json:"explain,omitempty"`
}

// WithDefaults fills the unset Page and Size and trims the strings.
func (r Request) WithDefaults() Request {
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	r.Query = strings.TrimSpace(r.Query)
	r.Kind = strings.TrimSpace(r.Kind)
	r.Level = strings.TrimSpace(r.Level)
	r.Region = strings.Trim(strings.TrimSpace(r.Region), "/")
	r.Status = strings.TrimSpace(r.Status)
	r.Type = strings.TrimSpace(r.Type)
	r.Domain = strings.TrimSpace(r.Domain)
	r.In = strings.Trim(strings.TrimSpace(r.In), "/")
	return r
}

var knownKinds = map[corpus.Kind]bool{
	corpus.KindLaw: true, corpus.KindAdminRegulation: true, corpus.KindDeptRule: true,
	corpus.KindLocalRegulation: true, corpus.KindJudicial: true, corpus.KindCase: true,
	corpus.KindStandard: true, corpus.KindHandbook: true, corpus.KindOther: true,
}

// knownTypes are the document types a Request may narrow to.
var knownTypes = map[string]bool{
	indexer.TypeArticle: true, indexer.TypeSection: true, indexer.TypeVersion: true,
	indexer.TypeStandard: true, indexer.TypeItem: true,
}

// knownPowerTypes are the kinds of item hits (their Kind), by which a
// search for items filters.
var knownPowerTypes = map[corpus.PowerType]bool{
	corpus.PowerPenalty: true, corpus.PowerCoercion: true, corpus.PowerInspection: true,
	corpus.PowerLicence: true, corpus.PowerOther: true,
}

var knownStatuses = map[string]bool{
	string(corpus.StatusInForce): true, string(corpus.StatusAmended): true,
	string(corpus.StatusRepealed): true, string(corpus.StatusNotYet): true, StatusAll: true,
}

// Validate reports the first bad value as a corpus.CodeInvalid error. Call it
// after WithDefaults: a zero Page or Size is invalid here.
func (r Request) Validate() error {
	// Filters first: the messages below quote them.
	for _, f := range []struct{ name, v string }{
		{"kind", r.Kind}, {"level", r.Level}, {"region", r.Region}, {"in", r.In},
		{"status", r.Status}, {"type", r.Type}, {"domain", r.Domain},
	} {
		switch {
		case !utf8.ValidString(f.v):
			return corpus.Errorf(corpus.CodeInvalid, "%s is not valid UTF-8", f.name)
		case utf8.RuneCountInString(f.v) > MaxFilterRunes:
			return corpus.Errorf(corpus.CodeInvalid, "%s is longer than %d characters", f.name, MaxFilterRunes)
		}
	}
	switch {
	case !utf8.ValidString(r.Query):
		return corpus.Errorf(corpus.CodeInvalid, "query is not valid UTF-8")
	case utf8.RuneCountInString(r.Query) > MaxQueryRunes:
		return corpus.Errorf(corpus.CodeInvalid, "query is longer than %d characters", MaxQueryRunes)
	case r.Size < 1 || r.Size > MaxSize:
		return corpus.Errorf(corpus.CodeInvalid, "size %d: want 1..%d", r.Size, MaxSize)
	case r.Page < 1:
		return corpus.Errorf(corpus.CodeInvalid, "page %d: want 1 or more", r.Page)
	// Divided, not multiplied: (Page-1)*Size overflows for a page near
	// 2^62 and would pass as a negative offset.
	case r.Page-1 > MaxOffset/r.Size:
		return corpus.Errorf(corpus.CodeInvalid, "page %d of size %d starts past hit %d, the deepest lawkb pages to: narrow the query", r.Page, r.Size, MaxOffset)
	case r.Type != "" && !knownTypes[r.Type]:
		return corpus.Errorf(corpus.CodeInvalid, "type %q: want article, section, version, standard or item", r.Type)
	case r.Type == indexer.TypeItem && r.Kind != "" && !knownPowerTypes[corpus.PowerType(r.Kind)]:
		return corpus.Errorf(corpus.CodeInvalid, "kind %q with type item: want a power type: 行政处罚, 行政强制, 行政检查, 行政许可 or 其他行政权力", r.Kind)
	case r.Type == indexer.TypeItem && r.Level != "":
		return corpus.Errorf(corpus.CodeInvalid, "level %q with type item: items have no level", r.Level)
	case r.Domain != "" && r.Type != indexer.TypeItem:
		return corpus.Errorf(corpus.CodeInvalid, "domain %q: only items have a domain; add type=item", r.Domain)
	case r.Type == indexer.TypeItem && !r.AsOf.IsZero():
		return corpus.Errorf(corpus.CodeInvalid, "as_of with type item: items have no validity dates; use status")
	case r.Type != indexer.TypeItem && r.Kind != "" && !knownKinds[corpus.Kind(r.Kind)]:
		return corpus.Errorf(corpus.CodeInvalid, "kind %q: want one of 法律, 行政法规, 部门规章, 地方性法规, 司法解释, 案例, 标准, 手册, 其他", r.Kind)
	case r.Status != "" && !knownStatuses[r.Status]:
		return corpus.Errorf(corpus.CodeInvalid, "status %q: want 现行有效, 已修改, 已废止, 尚未生效 or %s", r.Status, StatusAll)
	}
	if _, err := CanonicalPlace(r.In); err != nil {
		return corpus.Errorf(corpus.CodeInvalid, "in: %s", err)
	}
	if _, err := CanonicalPlace(r.Region); err != nil {
		return corpus.Errorf(corpus.CodeInvalid, "region: %s", err)
	}
	return nil
}

// Canonical returns the request with its place names as paths (温州市 →
// 浙江/温州); call it after Validate.
func (r Request) Canonical() Request {
	r.In, _ = CanonicalPlace(r.In)
	r.Region, _ = CanonicalPlace(r.Region)
	return r
}

// InRegion resolves In to a region.
func (r Request) InRegion() corpus.Region {
	p, _ := CanonicalPlace(r.In)
	return corpus.ParseRegion(p)
}

// CanonicalPlace turns a place as people write it (温州, 温州市, 浙江省,
// 浙江/温州, 龙港, 全国) into its path (浙江/温州, 浙江, 全国); "" stays "".
// An unknown name fails with the closest places lawkb knows.
func CanonicalPlace(name string) (string, error) {
	name = strings.Trim(strings.TrimSpace(name), "/")
	if name == "" {
		return "", nil
	}
	if r, ok := corpus.LookupRegion(name); ok {
		return r.Path(), nil
	}
	return "", fmt.Errorf("unknown place %q; want 全国, a province (浙江, 浙江省), a city (温州, 温州市, 浙江/温州) or a county of 浙江 (龙港)%s",
		name, closePlaces(name))
}

// closePlaces lists the known places that share a character with name,
// most shared first, as ": did you mean …".
func closePlaces(name string) string {
	type cand struct {
		path string
		n    int
	}
	var cs []cand
	for _, p := range corpus.Places() {
		n := 0
		for _, r := range name {
			if r != '/' && strings.ContainsRune(p, r) {
				n++
			}
		}
		if n > 0 {
			cs = append(cs, cand{p, n})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].n > cs[j].n })
	var out []string
	for _, c := range cs[:min(len(cs), 5)] {
		out = append(out, c.path)
	}
	return "; did you mean " + strings.Join(out, ", ")
}
