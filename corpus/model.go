// Package corpus holds lawkb's domain model — works, versions, articles,
// citations, enforcement items — and the pure parsers that build it from
// source files. It imports no search engine, segmenter, web framework or
// HTML library: adapters depend on corpus, never the other way round.
package corpus

import (
	"strconv"
	"strings"
)

// Kind is the category of a document (法律, 行政法规, …), used as a facet.
type Kind string

// Document kinds.
const (
	KindLaw             Kind = "法律"
	KindAdminRegulation Kind = "行政法规"
	KindDeptRule        Kind = "部门规章"
	KindLocalRegulation Kind = "地方性法规"
	KindJudicial        Kind = "司法解释"
	KindCase            Kind = "案例"
	KindStandard        Kind = "标准"
	KindHandbook        Kind = "手册"
	KindOther           Kind = "其他"
)

// Status is the validity of a version, with the four official values.
type Status string

// Validity statuses.
const (
	StatusInForce  Status = "现行有效"
	StatusAmended  Status = "已修改"
	StatusRepealed Status = "已废止"
	StatusNotYet   Status = "尚未生效"
)

// Region is a node of the hierarchy 全国 > 省 > 市. The zero value is 全国.
type Region struct {
	Province string `json:"province,omitempty"` // 浙江, 北京 (no 省/市 suffix)
	City     string `json:"city,omitempty"`     // 温州, 深圳 (no 市 suffix)
}

// National is the root of the region hierarchy.
const National = "全国"

// Path renders the region as 全国, 浙江 or 浙江/温州.
func (r Region) Path() string {
	switch {
	case r.Province == "":
		return National
	case r.City == "":
		return r.Province
	default:
		return r.Province + "/" + r.City
	}
}

// Ancestors lists the paths from the root down to r itself:
// 浙江/温州 → [全国 浙江 浙江/温州]. An officer in r is bound by all of them.
func (r Region) Ancestors() []string {
	out := []string{National}
	if r.Province != "" {
		out = append(out, r.Province)
	}
	if r.City != "" {
		out = append(out, r.Path())
	}
	return out
}

// ParseRegion reads a path written by Path (全国, 浙江, 浙江/温州).
func ParseRegion(path string) Region {
	path = strings.TrimSpace(path)
	if path == "" || path == National {
		return Region{}
	}
	p, c, _ := strings.Cut(path, "/")
	return Region{Province: p, City: c}
}

// EventType is what happened to a text on a date in its history lines.
type EventType string

// History events.
const (
	EventAdopted     EventType = "通过"
	EventAmended     EventType = "修正"
	EventRevised     EventType = "修订"
	EventPromulgated EventType = "公布"
	EventEffective   EventType = "施行"
	EventApproved    EventType = "批准"
)

// Event is one dated history line of a version (2021年1月22日 …修订).
type Event struct {
	Date Date      `json:"date"`
	Type EventType `json:"type"`
	Text string    `json:"text"` // the line as written
}

// Work is one law as a concept, across all its versions.
type Work struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`             // full title: 中华人民共和国行政处罚法
	Aliases  []string   `json:"aliases,omitempty"` // 行政处罚法, 处罚法
	Kind     Kind       `json:"kind"`
	Level    string     `json:"level"`            // 效力级别: 宪法, 法律, 行政法规, 部门规章, 省级地方性法规, 设区的市地方性法规, 司法解释, 案例
	Issuer   string     `json:"issuer,omitempty"` // 制定机关, e.g. the ministry of a 部门规章
	Region   Region     `json:"region"`
	Domains  []string   `json:"domains,omitempty"` // 执法领域
	Topic    string     `json:"topic,omitempty"`   // a case's topic, from 案例/<主题>/
	Versions []*Version `json:"versions"`          // oldest first
	// ImplementedBy lists the works made under this one (their Version.Basis
	// names it): local regulations, 实施条例. Filled by Link.
	ImplementedBy []string `json:"implemented_by,omitempty"`
}

// Current returns the newest version of the work.
func (w *Work) Current() *Version {
	if len(w.Versions) == 0 {
		return nil
	}
	return w.Versions[len(w.Versions)-1]
}

// Version is one text of a work as published on a date, read from one
// source file (or, for 民法典, from the files of its parts).
type Version struct {
	ID        string  `json:"id"`
	WorkID    string  `json:"work_id"`
	Title     string  `json:"title"`              // the first '# ' line
	Subtitle  string  `json:"subtitle,omitempty"` // a second '# ' line
	Source    string  `json:"source"`             // path relative to the corpus root
	Date      Date    `json:"date"`               // from the file name, else the latest history date other than 施行; zero when neither
	Events    []Event `json:"events,omitempty"`
	ValidFrom Date    `json:"valid_from"`
	ValidTo   Date    `json:"valid_to"` // zero while in force
	// RepealedBy is the id of the version whose text repealed this one
	// (《X》同时废止); its status is then 已废止 from valid_to on.
	RepealedBy string     `json:"repealed_by,omitempty"`
	Status     Status     `json:"status"`
	Articles   []*Article `json:"articles,omitempty"`
	Sections   []*Section `json:"sections,omitempty"` // documents without 第N条 articles
	// Basis lists the ids of the upper works this text implements
	// (根据《X》…制定本条例, the law of an 实施条例). Filled by Link.
	Basis []string `json:"basis,omitempty"`
	// Origin is where a crawled text was fetched and when it was last
	// verified there; nil for texts imported from files.
	Origin *Origin `json:"origin,omitempty"`
	work   *Work   // set by Corpus.link; unexported so gob skips the cycle
}

// Work returns the work this version belongs to.
func (v *Version) Work() *Work { return v.work }

// InForceOn reports whether the version was valid on day d.
func (v *Version) InForceOn(d Date) bool {
	if !v.ValidFrom.IsZero() && d.Before(v.ValidFrom) {
		return false
	}
	return v.ValidTo.IsZero() || d.Before(v.ValidTo)
}

// Article is one 第N条 of a version.
type Article struct {
	ID         string      `json:"id"`
	VersionID  string      `json:"version_id"`
	Number     int         `json:"number"`           // 第一百零一条 → 101
	Suffix     int         `json:"suffix,omitempty"` // 第二十条之一 → 1
	Label      string      `json:"label"`            // 第一百零一条, normalised (no inner spaces)
	Chapter    []string    `json:"chapter,omitempty"`
	Paragraphs []Paragraph `json:"paragraphs"`     // 款
	Line       int         `json:"line"`           // 1-based line of the label in the source
	File       string      `json:"file,omitempty"` // the article's own file when the version spans several (民法典); empty otherwise
	// Links filled by Link: the citations in the text, resolved; the ids of
	// the articles and sections citing this one; the same article in the
	// work's other versions.
	Cites        []Citation    `json:"cites,omitempty"`
	CitedBy      []string      `json:"cited_by,omitempty"`
	Counterparts []Counterpart `json:"counterparts,omitempty"`
	version      *Version      // set by Corpus.link
}

// Version returns the version this article belongs to.
func (a *Article) Version() *Version { return a.version }

// Paragraph is one 款 of an article, with its 项 lines.
type Paragraph struct {
	Text  string   `json:"text"`
	Items []string `json:"items,omitempty"` // 项, each as written: （一）…
}

// NumberString renders the article number as 32 or 20之1 for display and ids.
func (a *Article) NumberString() string {
	if a.Suffix == 0 {
		return strconv.Itoa(a.Number)
	}
	return strconv.Itoa(a.Number) + "." + strconv.Itoa(a.Suffix)
}

// Text is the whole article body, paragraphs and items on their own lines,
// without the label.
func (a *Article) Text() string {
	if len(a.Paragraphs) == 1 && len(a.Paragraphs[0].Items) == 0 {
		return a.Paragraphs[0].Text
	}
	n := 0
	for _, p := range a.Paragraphs {
		n += len(p.Text) + 1
		for _, it := range p.Items {
			n += len(it) + 1
		}
	}
	var b strings.Builder
	b.Grow(n)
	for i, p := range a.Paragraphs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Text)
		for _, it := range p.Items {
			b.WriteByte('\n')
			b.WriteString(it)
		}
	}
	return b.String()
}

// Section is a headed part of a document that has no numbered articles
// (a case's 基本案情, an interpretation's 一、…).
type Section struct {
	ID      string     `json:"id"`
	Heading string     `json:"heading"`
	Path    []string   `json:"path,omitempty"` // enclosing headings
	Text    string     `json:"text"`
	Line    int        `json:"line"`
	Cites   []Citation `json:"cites,omitempty"` // citations in the text, resolved by Link
	version *Version   // set by Corpus.link
}

// Version returns the version this section belongs to.
func (s *Section) Version() *Version { return s.version }

// Problem is one defect found while importing, reported and never fatal.
type Problem struct {
	Path    string `json:"path"` // relative to the corpus root
	Line    int    `json:"line,omitempty"`
	Reason  string `json:"reason"`
	Skipped bool   `json:"skipped"` // the whole file was left out
}
