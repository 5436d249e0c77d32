// Package analysis is lawkb's Chinese text analysis for bleve: a tokenizer
// backed by gse (github.com/go-ego/gse) and two analyzers registered by
// name in bleve's registry.
//
// # Analyzers
//
//   - AnalyzerIndex ("lawkb_zh"), for documents: the words of gse's
//     shortest-path segmentation (Segment), each followed at the same
//     position by its dictionary sub-words of two or more characters
//     (中华人民共和国 → 中华, 人民共和国, 人民, 共和国, 共和; gse's search mode).
//     A query for 共和国 or 处罚 then finds 中华人民共和国 and 处罚法.
//   - AnalyzerQuery ("lawkb_zh_query"), for queries: the words alone
//     (exact mode), so a query is not blown up into its parts.
//
// Both analyzers, in order: fold full-width digits and Latin letters to
// ASCII (ＧＢ８９７８ → gb8978), cut out structural labels as canonical
// tokens, segment the rest, drop tokens without a letter or digit
// (punctuation, symbols, whitespace), lower-case, drop stop words.
// Start and End of every token are byte offsets into the input as given
// (before folding), so highlighting marks exactly the original text;
// positions count words from 1 and sub-words share their word's position.
//
// # Label canonical forms
//
// A label is 第, a numeral (Chinese or Arabic, blanks allowed around it) and
// a unit; it becomes one token with an Arabic number:
//
//	第三十二条, 第32条, 第 三十二 条, 第３２条  → 第32条
//	第二十条之一                              → 第20条之1
//	第一款                                    → 第1款
//	第（二）项, 第(二)项, 第二项              → 第2项
//	第三章, 第一节, 第二编                    → 第3章, 第1节, 第2编
//
// 第十条之规定 gives 第10条 followed by 规定: 之 continues a label only when
// a numeral follows. A citation 第三十二条第一款第（二）项 gives three tokens
// 第32条 第1款 第2项. Numbers run from 1 to 99999.
//
// # Stop words
//
// Only single characters that carry grammar and no legal meaning are
// dropped (dict/stopwords.txt: 的 地 得 了 着 过 之 其 和 与 及 或 而 也 是 在
// 对 于 将 把 被 等 这 那 该 此 and a few particles). Legal function words
// stay: 不得, 应当, 可以, 必须, 禁止, 不, 未, 非, 无, 或者, 并, 处, 由. On
// lawrefbook the list drops 11.5% of the words (929,247 of 8,083,425), and
// bleve keeps the other tokens' positions, so phrases still match across
// a dropped 的.
//
// # Dictionary
//
// One Segmenter per process (New, then Use) holds gse's embedded
// simplified-Chinese dictionary, our curated enforcement terms
// (dict/lawkb.txt, embedded) and extra dictionaries read at run time
// (../shared/dict/THUOCL_law.txt), whose words are screened by Screen.
// Nothing is loaded on import: the registered tokenizers take the
// segmenter set by Use, or load a default one (embedded dictionaries only)
// once, when bleve first asks for them.
//
// gse loads and prepares the dictionary (frequencies, search-mode splits);
// New then compiles it into a compact character trie and drops gse's own
// structures (about 130 MB of heap down to about 16 MB). Segmentation runs
// gse's shortest-path algorithm on that trie and gives gse's Segment
// output token for token (checked on the whole corpus by the corpus
// tests), about twice as fast.
//
// A Segmenter is read-only after New and keeps per-call state in pooled
// buffers, so one Segmenter serves any number of goroutines (bleve
// analyses a batch on several). It never loads gse's HMM model, whose
// global state is what makes building a segmenter while another one cuts
// unsafe; New is serialised all the same.
package analysis
