package analysis

import (
	_ "embed"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the components are registered in bleve's registry;
// an index mapping refers to the analyzers by these names.
const (
	AnalyzerIndex  = "lawkb_zh"        // index side: words plus search-mode sub-words
	AnalyzerQuery  = "lawkb_zh_query"  // query side: exact segmentation
	TokenizerIndex = "lawkb_gse"       // words plus sub-words at the same position
	TokenizerQuery = "lawkb_gse_exact" // words only
	FilterStop     = "lawkb_zh_stop"   // drops the words of dict/stopwords.txt
)

// Stop words: only single characters that carry grammar and no legal
// meaning (的 了 和 与 及 或 在 对 …, see dict/stopwords.txt). Words that
// change a duty are kept: 不得 应当 可以 必须 禁止 不 未 非 无 或者 并 处 由.
// Both analyzers drop the same list, and bleve keeps the positions of the
// other words, so a phrase query still lines up across a dropped 的.
//
//go:embed dict/stopwords.txt
var stopWordList string

// Tokenizer is a bleve tokenizer backed by a Segmenter.
type Tokenizer struct {
	seg    *Segmenter
	wait   *pending // seg is still loading (see Loading)
	search bool
}

// NewTokenizer returns a tokenizer on seg; search adds the sub-words of
// every word at the same position, for the index side.
func NewTokenizer(seg *Segmenter, search bool) *Tokenizer {
	return &Tokenizer{seg: seg, search: search}
}

// tokenChunk is how many more tokens are allocated at a time once the
// first estimate is used up: one allocation per chunk, not per token.
const tokenChunk = 64

// Tokenize implements bleve's analysis.Tokenizer. Start and End are byte
// offsets into input, Position counts words from 1.
func (t *Tokenizer) Tokenize(input []byte) bleveanalysis.TokenStream {
	// Measured on 行政法: 127 words per KB of text, 164 with sub-words; a
	// little more, so that few streams outgrow their first allocation.
	est := len(input)/7 + 1
	if t.search {
		est = len(input)/5 + 1
	}
	seg := t.seg
	if seg == nil {
		<-t.wait.done
		if seg = t.wait.seg; seg == nil {
			return nil // the load failed; whoever called Loading reports it
		}
	}
	stream := make(bleveanalysis.TokenStream, 0, est)
	slab := make([]bleveanalysis.Token, est)
	seg.walk(input, t.search, func(term []byte, start, end, pos int) {
		if len(slab) == 0 {
			slab = make([]bleveanalysis.Token, tokenChunk)
		}
		tok := &slab[0]
		slab = slab[1:]
		*tok = bleveanalysis.Token{Term: term, Start: start, End: end, Position: pos, Type: tokenType(term)}
		stream = append(stream, tok)
	})
	return stream
}

// tokenType classifies a term the way bleve's unicode tokenizer does.
func tokenType(term []byte) bleveanalysis.TokenType {
	if len(term) == 0 || term[0] >= 0x80 {
		return bleveanalysis.Ideographic
	}
	for _, c := range term {
		if c < '0' || c > '9' {
			return bleveanalysis.AlphaNumeric
		}
	}
	return bleveanalysis.Numeric
}

// stopWords builds the token map of dict/stopwords.txt.
func stopWords() bleveanalysis.TokenMap {
	m := bleveanalysis.NewTokenMap()
	for w := range readWordSet(stopWordList) {
		m.AddToken(w)
	}
	return m
}

// IndexAnalyzer returns the index analyzer on s, without the registry.
func (s *Segmenter) IndexAnalyzer() bleveanalysis.Analyzer {
	return &bleveanalysis.DefaultAnalyzer{
		Tokenizer:    NewTokenizer(s, true),
		TokenFilters: []bleveanalysis.TokenFilter{stop.NewStopTokensFilter(stopWords())},
	}
}

// QueryAnalyzer returns the query analyzer on s, without the registry.
func (s *Segmenter) QueryAnalyzer() bleveanalysis.Analyzer {
	return &bleveanalysis.DefaultAnalyzer{
		Tokenizer:    NewTokenizer(s, false),
		TokenFilters: []bleveanalysis.TokenFilter{stop.NewStopTokensFilter(stopWords())},
	}
}

func tokenizerConstructor(search bool) registry.TokenizerConstructor {
	return func(map[string]interface{}, *registry.Cache) (bleveanalysis.Tokenizer, error) {
		if p := pendingLoad(); p != nil {
			return &Tokenizer{wait: p, search: search}, nil
		}
		seg, err := Default()
		if err != nil {
			return nil, err
		}
		return NewTokenizer(seg, search), nil
	}
}

func analyzerConstructor(tokenizer string) registry.AnalyzerConstructor {
	return func(_ map[string]interface{}, cache *registry.Cache) (bleveanalysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(tokenizer)
		if err != nil {
			return nil, err
		}
		stopFilter, err := cache.TokenFilterNamed(FilterStop)
		if err != nil {
			return nil, err
		}
		return &bleveanalysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []bleveanalysis.TokenFilter{stopFilter}}, nil
	}
}

// init registers names only; nothing is loaded until bleve asks for a
// tokenizer. A duplicate name is a programming error, hence the panic,
// as in bleve's own packages.
func init() {
	must(registry.RegisterTokenizer(TokenizerIndex, tokenizerConstructor(true)))
	must(registry.RegisterTokenizer(TokenizerQuery, tokenizerConstructor(false)))
	must(registry.RegisterTokenFilter(FilterStop, func(map[string]interface{}, *registry.Cache) (bleveanalysis.TokenFilter, error) {
		return stop.NewStopTokensFilter(stopWords()), nil
	}))
	must(registry.RegisterAnalyzer(AnalyzerIndex, analyzerConstructor(TokenizerIndex)))
	must(registry.RegisterAnalyzer(AnalyzerQuery, analyzerConstructor(TokenizerQuery)))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
