// Package indexer turns a corpus.Corpus into a bleve index on disk and opens
// it again for search. Every build goes into a new versioned directory next to
// a snapshot of the corpus it indexed; a pointer file flips to it only after
// the whole build succeeded, so a failed or cancelled build never replaces a
// good index.
package indexer

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Analyzer names known to the index. The lawkb_zh pair is registered in
// bleve's registry by package indexer/analysis; cjk is bleve's stock bigram
// analyzer, kept as a baseline to show what word segmentation buys.
const (
	AnalyzerZH      = "lawkb_zh"       // index side: words + search-mode sub-words
	AnalyzerZHQuery = "lawkb_zh_query" // query side: exact segmentation
	AnalyzerCJK     = cjk.AnalyzerName // bleve's stock CJK bigrams
)

// Ranking models an index can be built with. bleve's BM25 takes the
// average field length as the number of distinct terms of the field over
// the number of documents, far below the true average, so its length
// normalisation is much stronger than textbook BM25; tf-idf is bleve's
// classic Lucene-style model.
const (
	ScoringBM25  = index.BM25Scoring
	ScoringTFIDF = index.TFIDFScoring
)

// Document types (the "type" field).
const (
	TypeArticle  = "article"
	TypeVersion  = "version"
	TypeSection  = "section"
	TypeItem     = "item"     // an enforcement item (执法事项)
	TypeStandard = "standard" // a technical standard (GB 3096-2008)
)

// Field names of the index, shared with package search so that a renamed
// field cannot silently match nothing.
const (
	FieldType       = "type"
	FieldWorkID     = "work_id"
	FieldVersionID  = "version_id"
	FieldVersionNo  = "vno" // the version's ordinal in Versions, base 36: the facet key
	FieldTitle      = "title"
	FieldAlias      = "alias" // a work's short names (行政处罚法, 处罚法), apart from the title so they do not lengthen it
	FieldText       = "text"
	FieldAsked      = "asked" // articles: the words of the questions and violations it answered (learned)
	FieldArticle    = "article"
	FieldArticleNo  = "article_no"
	FieldChapter    = "chapter"
	FieldKind       = "kind"
	FieldLevel      = "level"
	FieldStatus     = "status"
	FieldIssuer     = "issuer"
	FieldYear       = "year"
	FieldRegion     = "region"
	FieldRegionTree = "region_tree"
	FieldValidFrom  = "valid_from"
	FieldValidTo    = "valid_to"
	// An item's name (its violation) and its other words have fields of
	// their own, so that a search for items reads only items' postings.
	FieldItemName  = "item_name"
	FieldItemText  = "item_text"
	FieldItemDuty  = "item_duty"  // the text of the duty an item's violation breaks
	FieldDomain    = "domain"     // items: 执法领域
	FieldPowerType = "power_type" // items: 行政处罚, 行政强制 …
)

// QueryAnalyzerFor names the analyzer that queries against an index built
// with the given index-side analyzer must use: lawkb_zh indexes sub-words, so
// queries keep the coarser exact segmentation; any other analyzer (cjk) is
// symmetric.
func QueryAnalyzerFor(indexAnalyzer string) string {
	if indexAnalyzer == AnalyzerZH {
		return AnalyzerZHQuery
	}
	return indexAnalyzer
}

// NewMapping returns the static index mapping with the given analyzer for the
// text fields. Nothing is stored and no term vectors are kept: hits are
// rendered and highlighted from the in-memory corpus snapshot, which keeps
// the index small and the build fast. Only vno (facets) and
// valid_from (listing order) carry doc values.
func NewMapping(analyzer string) (*mapping.IndexMappingImpl, error) {
	if analyzer == "" {
		analyzer = AnalyzerZH
	}
	im := mapping.NewIndexMapping()
	im.TypeField = FieldType
	im.DefaultAnalyzer = analyzer
	im.ScoringModel = ScoringBM25
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	text := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false, false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store, f.IncludeTermVectors, f.IncludeInAll = false, false, false
		f.DocValues = docValues
		// Filters and facets never rank by these fields, so skip freq/norm.
		f.SkipFreqNorm = true
		return f
	}
	num := func() *mapping.FieldMapping {
		f := mapping.NewNumericFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, false
		return f
	}
	date := func() *mapping.FieldMapping {
		f := mapping.NewDateTimeFieldMapping()
		f.Store, f.IncludeInAll = false, false
		f.DocValues = true // listing sorts by valid_from
		return f
	}

	// fields of every document type of a text; kind, level, status,
	// issuer, year, region and valid_to are filled on version and standard
	// documents only (articles are filtered by their version's ordinal)
	common := func(dm *mapping.DocumentMapping) {
		dm.AddFieldMappingsAt(FieldType, kw(false))
		dm.AddFieldMappingsAt(FieldWorkID, kw(false))
		// The facets (kind, level, region, status, year) are all
		// attributes of the version, so search counts hits per version
		// ordinal and sums the rest from the snapshot: one short doc value
		// to read per hit instead of five long ones, which was the bulk of
		// a search's time.
		dm.AddFieldMappingsAt(FieldVersionID, kw(false))
		dm.AddFieldMappingsAt(FieldVersionNo, kw(true))
		dm.AddFieldMappingsAt(FieldTitle, text())
		dm.AddFieldMappingsAt(FieldAlias, text())
		dm.AddFieldMappingsAt(FieldText, text())
		dm.AddFieldMappingsAt(FieldKind, kw(false))
		dm.AddFieldMappingsAt(FieldLevel, kw(false))
		dm.AddFieldMappingsAt(FieldStatus, kw(false))
		dm.AddFieldMappingsAt(FieldIssuer, kw(false))
		dm.AddFieldMappingsAt(FieldYear, kw(false))
		dm.AddFieldMappingsAt(FieldRegion, kw(false))
		dm.AddFieldMappingsAt(FieldRegionTree, kw(false))
		dm.AddFieldMappingsAt(FieldValidFrom, date())
		dm.AddFieldMappingsAt(FieldValidTo, date())
		// no _all composite field: every query names its fields
		dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	}

	article := mapping.NewDocumentStaticMapping()
	common(article)
	article.AddFieldMappingsAt(FieldArticle, kw(false))
	article.AddFieldMappingsAt(FieldArticleNo, num())
	article.AddFieldMappingsAt(FieldChapter, text())
	article.AddFieldMappingsAt(FieldAsked, text())

	section := mapping.NewDocumentStaticMapping()
	common(section)
	section.AddFieldMappingsAt(FieldChapter, text())

	version := mapping.NewDocumentStaticMapping()
	common(version)

	// A standard is searched and faceted like a version (kind 标准, its
	// status, effective year and region) and carries its code as the
	// article label, so that GB 3096-2008 is one exact term.
	standard := mapping.NewDocumentStaticMapping()
	common(standard)
	standard.AddFieldMappingsAt(FieldArticle, kw(false))
	standard.AddFieldMappingsAt(FieldChapter, text())

	im.AddDocumentMapping(TypeArticle, article)
	im.AddDocumentMapping(TypeSection, section)
	im.AddDocumentMapping(TypeVersion, version)
	im.AddDocumentMapping(TypeStandard, standard)
	// Items carry no status, so the article search (status 现行有效 by
	// default) does not meet them; the items endpoint asks for type item.
	item := mapping.NewDocumentStaticMapping()
	item.AddFieldMappingsAt(FieldType, kw(false))
	item.AddFieldMappingsAt(FieldItemName, text())
	item.AddFieldMappingsAt(FieldItemText, text())
	item.AddFieldMappingsAt(FieldItemDuty, text())
	item.AddFieldMappingsAt(FieldDomain, kw(true))
	item.AddFieldMappingsAt(FieldPowerType, kw(true))
	item.AddFieldMappingsAt(FieldRegion, kw(true))
	item.AddFieldMappingsAt(FieldRegionTree, kw(false))
	item.AddFieldMappingsAt(FieldWorkID, kw(false))
	item.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.AddDocumentMapping(TypeItem, item)
	// Unknown types (a future document type before its mapping exists)
	// are not indexed rather than indexed dynamically.
	im.DefaultMapping = mapping.NewDocumentDisabledMapping()

	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("indexer: mapping with analyzer %q: %w", analyzer, err)
	}
	return im, nil
}
