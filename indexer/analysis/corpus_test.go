//go:build corpus

package analysis_test

import (
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lawkb/lawkb/indexer/analysis"
)

// articleStart matches the label that opens an article in lawrefbook,
// blanks included (第三十五 条).
var articleStart = regexp.MustCompile(`^第[ 　]*[零〇一二两三四五六七八九十百千万0-9０-９]+[ 　]*条`)

// TestCorpusAnalysis runs both analyzers, with THUOCL_law as cmd/lawkb
// loads it, over every article of lawrefbook: every token must pass the
// offset checks of TestOffsets, every article that opens with a label
// must start with its canonical token, and the figures are logged.
func TestCorpusAnalysis(t *testing.T) {
	shared := analysis.SharedDir(t)
	seg, err := analysis.New(analysis.Options{
		Dicts:  []string{filepath.Join(shared, "dict", "THUOCL_law.txt")},
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	st := seg.Stats()
	t.Logf("dictionary: %d words, %d curated, load %s, extra %+v", st.Words, st.Curated, st.Load.Round(time.Millisecond), st.Extra)

	index, query := seg.IndexAnalyzer(), seg.QueryAnalyzer()
	exact := analysis.NewTokenizer(seg, false) // the query analyzer before its stop filter
	var files, chunks, bytes, tokens, words, subs, unstopped, starts int
	labels := map[string]int{}
	var misses []string
	for _, f := range analysis.CorpusFiles(t, filepath.Join(shared, "corpus", "lawrefbook")) {
		files++
		for _, c := range analysis.ArticleChunks(t, f) {
			chunks++
			bytes += len(c)
			x := index.Analyze(c)
			q := query.Analyze(c)
			checkOffsets(t, string(c), x, true)
			checkOffsets(t, string(c), q, false)
			if t.Failed() {
				t.Fatalf("stopped at %s", f)
			}
			tokens += len(x)
			words += len(q)
			subs += len(x) - countWords(x)
			unstopped += len(exact.Tokenize(c))
			for _, tk := range q {
				if term := string(tk.Term); isLabel(term) {
					labels[unitOf(term)]++
				}
			}
			if articleStart.Match(c) {
				starts++
				if len(q) == 0 || !isLabel(string(q[0].Term)) || unitOf(string(q[0].Term)) != "条" || q[0].Start != 0 {
					first := ""
					if len(q) > 0 {
						first = string(q[0].Term)
					}
					line, _, _ := strings.Cut(string(c), "\n")
					misses = append(misses, f+": "+truncate(line, 40)+" → "+first)
				}
			}
		}
	}
	t.Logf("%d files, %d articles, %.1f MB", files, chunks, float64(bytes)/1e6)
	t.Logf("index: %d tokens (%d words + %d sub-words); query: %d words", tokens, tokens-subs, subs, words)
	t.Logf("stop words: %d of %d words dropped (%.1f%%)", unstopped-words, unstopped, 100*float64(unstopped-words)/float64(unstopped))
	t.Logf("label tokens by unit: %v", labels)
	t.Logf("articles opening with a label: %d, not starting with its token: %d", starts, len(misses))
	for i, m := range misses {
		if i == 20 {
			t.Logf("… %d more", len(misses)-20)
			break
		}
		t.Log(m)
	}
	if len(misses) > 0 {
		t.Errorf("%d articles do not start with their label token", len(misses))
	}
}

// countWords counts the tokens that are not sub-words: the first token
// at each position.
func countWords(ts bleveanalysis.TokenStream) int {
	n := 0
	for i, tk := range ts {
		if i == 0 || tk.Position != ts[i-1].Position {
			n++
		}
	}
	return n
}

// unitOf returns the unit of a canonical label: 条, 款, 项, 章, 节 or 编.
func unitOf(label string) string {
	rest := strings.TrimLeft(strings.TrimPrefix(label, "第"), "0123456789")
	r, _ := utf8.DecodeRuneInString(rest)
	return string(r)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
