package search

import (
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// Query plans, as reported in Result.Plan.
const (
	PlanAll  = "all"  // every word must match (with a proximity boost)
	PlanAny  = "any"  // fallback: any word may match, more words rank higher
	PlanList = "list" // empty query: documents matching the filters, newest first
)

// Facet names, in Result.Facets.
const (
	FacetKind   = "kind"
	FacetLevel  = "level"
	FacetRegion = "region"
	FacetStatus = "status"
	FacetYear   = "year"
	FacetDomain = "domain" // items only: 执法领域
)

// Result is one page of hits with the total and the facet counts over all
// matching documents.
type Result struct {
	Total uint64        `json:"total"`
	Took  time.Duration `json:"took"`
	Plan  string        `json:"plan"` // PlanAll, PlanAny or PlanList
	// Intent is what the query was read as: citation, title, keywords,
	// question, violation or list.
	Intent Intent   `json:"intent"`
	Terms  []string `json:"terms"` // the query's words, as analysed
	// Expansions are the thesaurus terms searched besides the words typed
	// ("also searched: 占道经营").
	Expansions []Expansion `json:"expansions,omitempty"`
	Page       int         `json:"page"`
	Size       int         `json:"size"`
	Hits       []Hit       `json:"hits"`
	Cited      *Cited      `json:"cited,omitempty"` // the query cites hits[0]
	// Facets count every matching document. Item hits (Type item) have
	// no version: their search counts region and kind (the power type)
	// and leaves level, status and year empty.
	Facets map[string][]FacetValue `json:"facets"`
	// Explain is the plan the query became, when the request asked.
	Explain *Plan `json:"explain,omitempty"`
}

// Hit is one matching article, section, version, standard or item,
// rendered from the corpus snapshot. Its JSON keys are the API's.
type Hit struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`       // article, section, version, standard or item
	WorkID    string      `json:"work_id"`    // an item's: the work of its penalty article
	Title     string      `json:"title"`      // the full '# ' title; an item's name
	Article   string      `json:"article"`    // label 第三十二条; a section's heading; a standard's code; an item's penalty article; "" for a version
	ArticleNo int         `json:"article_no"` // 32; 0 unless an article
	Kind      string      `json:"kind"`       // an item's power type (行政处罚), else 执法事项
	Level     string      `json:"level"`
	Region    string      `json:"region"` // 全国, 浙江, 浙江/温州
	Status    string      `json:"status"`
	ValidFrom corpus.Date `json:"valid_from"` // null when unknown
	ValidTo   corpus.Date `json:"valid_to"`   // null while in force
	Source    string      `json:"source"`     // file path relative to the corpus root (crawl:, handbook:, standards: for other folders; catalog:<name>#<row> for a catalogue item)
	// Origin is a crawled text's source, URL and last-verified stamp.
	Origin *corpus.Origin `json:"origin,omitempty"`
	// Cited is set on the hit a citation in the query resolved to.
	Cited   *Cited  `json:"cited,omitempty"`
	Snippet string  `json:"snippet"` // HTML: escaped text, query words in <mark>
	Score   float64 `json:"score"`
	// Explain holds the ranker's features of the hit, when the request
	// asked (explain=1).
	Explain map[string]float64 `json:"explain,omitempty"`
}

// FacetValue is one value of a facet and the number of matching documents
// that have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}
