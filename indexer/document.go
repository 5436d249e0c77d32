package indexer

import (
	"strconv"
	"strings"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// Open validity bounds are indexed as these dates so that one range query
// answers "in force on day d" without a special case for open ends. bleve
// stores datetimes as int64 nanoseconds, which limits them to 1677..2262.
var (
	OpenFrom = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	OpenTo   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Document is one bleve document: its id and the fields the mapping indexes.
type Document struct {
	ID     string
	Fields map[string]any
}

// Count is the number of documents Documents yields for c.
func Count(c *corpus.Corpus) int {
	n := 0
	for _, w := range c.Works {
		for _, v := range w.Versions {
			n += 1 + len(v.Articles) + len(v.Sections)
		}
	}
	return n + len(c.Items) + len(c.Standards)
}

// Documents yields the index documents of c in a stable order (works by id,
// then each version followed by its articles and sections, then the items
// and the standards) until yield returns false. The fields map is fresh for
// every document because a bleve batch keeps it until the batch is
// executed. Facet ordinals (vno) are those of a full build: Ordinals(c).
func Documents(c *corpus.Corpus, yield func(Document) bool) {
	documents(c, newOrdinals(Ordinals(c)), nil, yield)
}

// Ordinals lists the keys of the facet ordinals of a full build of c: the
// version ids in Versions order, then the standard ids. A document's vno
// field is the index of its version's (or standard's) key.
func Ordinals(c *corpus.Corpus) []string {
	out := make([]string, 0, len(c.Standards)+len(c.Works))
	for _, v := range Versions(c) {
		out = append(out, v.ID)
	}
	for _, s := range c.Standards {
		out = append(out, s.ID)
	}
	return out
}

// ordinals maps facet keys to their ordinals.
type ordinals map[string]int

func newOrdinals(keys []string) ordinals {
	m := make(ordinals, len(keys))
	for i, k := range keys {
		if k != "" {
			m[k] = i
		}
	}
	return m
}

// documents is Documents with the ordinals given: an incremental build
// keeps those of the build it updates.
func documents(c *corpus.Corpus, ords ordinals, asked func(*corpus.Article) string, yield func(Document) bool) {
	for _, w := range c.Works {
		for _, v := range w.Versions {
			base := textFields(w, v)
			base[FieldVersionNo] = VersionNo(ords[v.ID])
			// A version document is its title: indexing the title as its
			// text too lets a query naming the law rank the law itself first.
			if !yield(Document{ID: v.ID, Fields: with(with(base, versionFields(w, v)), map[string]any{
				FieldType: TypeVersion,
				FieldText: base[FieldTitle],
			})}) {
				return
			}
			for _, a := range v.Articles {
				f := with(base, map[string]any{
					FieldType:      TypeArticle,
					FieldText:      a.Text(),
					FieldArticle:   a.Label,
					FieldArticleNo: float64(a.Number) + float64(a.Suffix)/100,
				})
				if len(a.Chapter) > 0 {
					f[FieldChapter] = strings.Join(a.Chapter, " ")
				}
				if asked != nil {
					if t := asked(a); t != "" {
						f[FieldAsked] = t
					}
				}
				if !yield(Document{ID: a.ID, Fields: f}) {
					return
				}
			}
			for _, s := range v.Sections {
				chapter := strings.TrimSpace(strings.Join(append(append([]string(nil), s.Path...), s.Heading), " "))
				f := with(base, map[string]any{
					FieldType: TypeSection,
					FieldText: s.Text,
				})
				if chapter != "" {
					f[FieldChapter] = chapter
				}
				if !yield(Document{ID: s.ID, Fields: f}) {
					return
				}
			}
		}
	}
	for _, it := range c.Items {
		if !yield(Document{ID: it.ID, Fields: ItemFields(c, it)}) {
			return
		}
	}
	for _, s := range c.Standards {
		f := StandardFields(s)
		f[FieldVersionNo] = VersionNo(ords[s.ID])
		if !yield(Document{ID: s.ID, Fields: f}) {
			return
		}
	}
}

// StandardFields are the fields of a standard document: its title, its
// code as an alias and as the label, its scope as the text, and the facets
// a version has (kind 标准, status, level, year, region), so that the
// default filters and facets treat it like any text in force or not.
func StandardFields(s *corpus.Standard) map[string]any {
	text := s.Title
	if len(s.Scope) > 0 {
		text = strings.Join(s.Scope, "\n")
	}
	f := map[string]any{
		FieldType:       TypeStandard,
		FieldTitle:      s.Title,
		FieldAlias:      s.Code,
		FieldText:       text,
		FieldArticle:    s.Code,
		FieldKind:       string(corpus.KindStandard),
		FieldRegion:     s.Region.Path(),
		FieldRegionTree: s.Region.Ancestors(),
		FieldValidFrom:  OpenFrom,
		FieldValidTo:    OpenTo,
	}
	if s.Category != "" {
		f[FieldChapter] = s.Category
	}
	if s.Status != "" {
		f[FieldStatus] = string(s.Status)
	}
	if l := s.Level(); l != "" {
		f[FieldLevel] = l
	}
	if !s.Effective.IsZero() {
		f[FieldValidFrom] = s.Effective.Time()
		f[FieldYear] = strconv.Itoa(s.Effective.Year())
	}
	return f
}

// ItemFields are the fields of an item document: its name as the title,
// the name, conduct and penalties as the text, and the facets.
func ItemFields(c *corpus.Corpus, it *corpus.Item) map[string]any {
	text := []string{it.Name}
	if it.Enforcer != "" {
		text = append(text, it.Enforcer)
	}
	for _, p := range it.Penalties {
		text = append(text, p.Text)
	}
	for _, c := range it.Duty {
		text = append(text, c.Text)
	}
	for _, c := range it.Basis {
		text = append(text, c.Text)
	}
	f := map[string]any{
		FieldType:       TypeItem,
		FieldItemName:   it.Name,
		FieldItemText:   strings.Join(text, "\n"),
		FieldPowerType:  string(it.PowerType),
		FieldRegion:     it.Region.Path(),
		FieldRegionTree: it.Region.Ancestors(),
	}
	if it.Domain != "" {
		f[FieldDomain] = it.Domain
	}
	// The duty it breaks, in the words of its article: what an intake
	// describes when it does not use the penalty clause's words.
	var duty []string
	for _, cit := range it.Duty {
		for _, id := range cit.ArticleIDs {
			if a := c.Article(id); a != nil {
				if cit.Paragraph > 0 && cit.Paragraph <= len(a.Paragraphs) {
					p := a.Paragraphs[cit.Paragraph-1]
					duty = append(duty, p.Text+strings.Join(p.Items, ""))
				} else {
					duty = append(duty, a.Text())
				}
			}
		}
	}
	if len(duty) > 0 {
		f[FieldItemDuty] = strings.Join(duty, "\n")
	}
	if len(it.Basis) > 0 && it.Basis[0].WorkID != "" {
		f[FieldWorkID] = it.Basis[0].WorkID
	}
	return f
}

// Versions lists the versions of c in the order Documents numbers them:
// Versions(c)[i] is the version whose documents carry VersionNo(i). The
// order follows from the snapshot alone (works by id, versions oldest
// first), so an index and the snapshot of its build always agree.
func Versions(c *corpus.Corpus) []*corpus.Version {
	var out []*corpus.Version
	for _, w := range c.Works {
		out = append(out, w.Versions...)
	}
	return out
}

// VersionNo renders a version ordinal as the vno term.
func VersionNo(i int) string { return strconv.FormatInt(int64(i), 36) }

// ParseVersionNo reads a vno term; ok is false for anything else.
func ParseVersionNo(s string) (int, bool) {
	n, err := strconv.ParseInt(s, 36, 32)
	return int(n), err == nil && n >= 0
}

// textFields are the fields every document of version v carries: what its
// articles and sections are searched (title, short names), sorted
// (valid_from) and counted (vno, added by the caller) by. Their filters
// (kind, level, region, status, validity) are the version's, tested on
// the version's ordinal (search/vfilter.go), so they are not repeated on
// every article.
func textFields(w *corpus.Work, v *corpus.Version) map[string]any {
	f := map[string]any{
		FieldWorkID:    w.ID,
		FieldVersionID: v.ID,
		FieldTitle:     titleText(v),
		FieldValidFrom: OpenFrom,
	}
	if alias := aliasText(w, v); alias != "" {
		f[FieldAlias] = alias
	}
	if !v.ValidFrom.IsZero() {
		f[FieldValidFrom] = v.ValidFrom.Time()
	}
	return f
}

// versionFields are the version's attributes, on its own document: a list
// of texts (no query) is filtered by them.
func versionFields(w *corpus.Work, v *corpus.Version) map[string]any {
	f := map[string]any{
		FieldKind:       string(w.Kind),
		FieldStatus:     string(v.Status),
		FieldRegion:     w.Region.Path(),
		FieldRegionTree: w.Region.Ancestors(),
		FieldValidTo:    OpenTo,
	}
	if w.Level != "" {
		f[FieldLevel] = w.Level
	}
	if w.Issuer != "" {
		f[FieldIssuer] = w.Issuer
	}
	if y := Year(v); y != 0 {
		f[FieldYear] = strconv.Itoa(y)
	}
	if !v.ValidTo.IsZero() {
		f[FieldValidTo] = v.ValidTo.Time()
	}
	return f
}

// Year is the facet year of a version: the year it took effect, else the
// year of its file date, 0 when neither is known.
func Year(v *corpus.Version) int {
	if y := v.ValidFrom.Year(); y != 0 {
		return y
	}
	return v.Date.Year()
}

// titleText is what the title field indexes: the full title and the
// subtitle (民法典's 编). Aliases go to their own field: in the title they
// would make the law's own title longer than the titles that cite it
// (某省实施《…》办法), and length normalisation would rank those first.
func titleText(v *corpus.Version) string {
	if v.Subtitle == "" {
		return v.Title
	}
	return v.Title + "\n" + v.Subtitle
}

// aliasText is what the alias field indexes: the work's short names other
// than its title, one a line.
func aliasText(w *corpus.Work, v *corpus.Version) string {
	var parts []string
	for _, a := range w.Aliases {
		if a != "" && a != v.Title {
			parts = append(parts, a)
		}
	}
	return strings.Join(parts, "\n")
}

func with(base, extra map[string]any) map[string]any {
	m := make(map[string]any, len(base)+len(extra))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}
