//go:build corpus

package corpus_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/lawkb/lawkb/corpus"
)

// loadWholeCorpus imports the whole real corpus and logs how long it took.
func loadWholeCorpus(t *testing.T) (*corpus.Corpus, string) {
	t.Helper()
	root := filepath.Join(sharedDir(t), "corpus", "lawrefbook")
	start := time.Now()
	c, err := corpus.Load(context.Background(), root, corpus.LoadOptions{Logger: discard})
	if err != nil {
		t.Fatalf("Load(%s): %v", root, err)
	}
	t.Logf("Load took %v", time.Since(start))
	return c, root
}

func TestLoadRealCorpus(t *testing.T) {
	c, root := loadWholeCorpus(t)
	st := c.Stats()
	t.Logf("works %d, versions %d, articles %d, sections %d, problems %d",
		st.Works, st.Versions, st.Articles, st.Sections, st.Problems)
	for _, pc := range corpus.SummarizeProblems(c.Problems) {
		t.Logf("problems %-24s %5d (%d skipped files)", pc.Kind, pc.Count, pc.Skipped)
	}
	if st.Versions < 3400 {
		t.Errorf("versions = %d, want ≥ 3400", st.Versions)
	}
	if st.Articles < 140000 {
		t.Errorf("articles = %d, want ≥ 140000", st.Articles)
	}
	// Every file is either in a version or skipped with a reason.
	used := map[string]bool{}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			if !strings.HasSuffix(v.Source, "/") { // a split law's folder
				used[v.Source] = true
			}
			for _, a := range v.Articles {
				if a.File != "" {
					used[a.File] = true
				}
			}
		}
	}
	skippedFiles := map[string]string{}
	for _, p := range c.Problems {
		if p.Skipped {
			if p.Reason == "" {
				t.Errorf("%s skipped without a reason", p.Path)
			}
			skippedFiles[p.Path] = p.Reason
		}
	}
	files, _ := corpusSize(t, root)
	if got := len(used) + len(skippedFiles); got != files {
		t.Errorf("%d files used + %d skipped = %d, want all %d files", len(used), len(skippedFiles), got, files)
	}
	for _, p := range c.Problems {
		t.Log(p)
	}
	// 民法典 is eight files and one text: articles 1–1260 in order.
	var civil *corpus.Work
	for _, w := range c.Works {
		if w.Title == "中华人民共和国民法典" {
			civil = w
		}
	}
	if civil == nil || len(civil.Versions) != 1 {
		t.Fatalf("民法典: %v", civil)
	}
	v := civil.Versions[0]
	if len(v.Articles) != 1260 || v.Source != "民法典/" || v.Status != corpus.StatusInForce || v.ValidFrom.String() != "2021-01-01" {
		t.Errorf("民法典: %d articles, source %q, status %s, valid from %s", len(v.Articles), v.Source, v.Status, v.ValidFrom)
	}
	for i, a := range v.Articles {
		if a.Number != i+1 || a.Suffix != 0 {
			t.Fatalf("民法典 article %d is %s", i+1, a.Label)
		}
	}
	// 刑法 keeps its 之一 articles apart: 第一百三十三条之一 is 醉驾.
	if a := findArticle(c, "中华人民共和国刑法", 133, 1); a == nil || !strings.Contains(a.Text(), "醉酒驾驶机动车") {
		t.Errorf("刑法 第一百三十三条之一: %v", a)
	}
}

// findArticle returns the article of the current version of the work titled
// title, or nil.
func findArticle(c *corpus.Corpus, title string, num, suffix int) *corpus.Article {
	for _, w := range c.Works {
		if w.Title != title {
			continue
		}
		for _, a := range w.Current().Articles {
			if a.Number == num && a.Suffix == suffix {
				return a
			}
		}
	}
	return nil
}

// lawbenchQuestion is one item of LawBench task 1-1 (article recitation).
type lawbenchQuestion struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// lawbenchCategories are the folder names LawBench puts in front of a law's
// name (社会法妇女权益保障法); longest first so 宪法相关法 wins over 宪法.
var lawbenchCategories = []string{"诉讼与非诉讼程序法", "宪法相关法", "民法商法", "行政法", "经济法", "社会法", "刑法", "宪法"}

var lawbenchRe = regexp.MustCompile(`^(.*?)(第[一二三四五六七八九十百千零〇两0-9]+条(?:之[一二三四五六七八九十]+)?)的内容是什么？$`)

// benchKey folds a title for matching: no 中华人民共和国, no spaces or punctuation.
func benchKey(s string) string {
	return foldText(strings.TrimPrefix(s, "中华人民共和国"))
}

// foldText drops whitespace, punctuation and symbols: LawBench joins
// paragraphs with commas and drops item brackets inconsistently.
func foldText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == '\u200b' {
			return -1
		}
		return r
	}, s)
}

// similarity is 2·LCS/(len a + len b) over runes, to name the closest
// candidate of a miss.
func similarity(a, b string) float64 {
	x, y := []rune(a), []rune(b)
	if len(x)+len(y) == 0 {
		return 1
	}
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for i := range x {
		for j := range y {
			switch {
			case x[i] == y[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(y)]) / float64(len(x)+len(y))
}

// TestLawBenchRecitation checks the parser against LawBench 1-1: for each
// question whose law is in the corpus, the article parsed under that number
// must carry the answer's text (whitespace and punctuation ignored). LawBench
// does not say which version it quotes, so every version of the work is
// tried and the best one counts: the check is about the parser, not about
// which text is current.
func TestLawBenchRecitation(t *testing.T) {
	c, _ := loadWholeCorpus(t)
	data, err := os.ReadFile(filepath.Join(sharedDir(t), "eval", "lawbench-1-1-article-recitation.json"))
	if err != nil {
		t.Skipf("LawBench data absent: %v", err)
	}
	var qs []lawbenchQuestion
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	works := map[string][]*corpus.Work{}
	for _, w := range c.Works {
		k := benchKey(w.Title)
		works[k] = append(works[k], w)
	}
	var inCorpus, hits int
	absent := map[string]int{}
	for _, q := range qs {
		m := lawbenchRe.FindStringSubmatch(q.Question)
		if m == nil {
			t.Errorf("unexpected question form %q", q.Question)
			continue
		}
		num, suffix, ok := corpus.ParseArticleLabel(m[2])
		if !ok {
			t.Errorf("%q: label %q does not parse", q.Question, m[2])
			continue
		}
		names := []string{m[1]}
		for _, cat := range lawbenchCategories {
			if rest, ok := strings.CutPrefix(m[1], cat); ok && rest != "" {
				names = append(names, rest)
			}
		}
		var ws []*corpus.Work
		for _, n := range names {
			if ws = works[benchKey(n)]; ws != nil {
				break
			}
		}
		if ws == nil {
			absent[m[1]]++
			continue
		}
		inCorpus++
		want := foldText(strings.TrimPrefix(strings.TrimPrefix(q.Answer, "答案:"), "答案："))
		best, bestSim, bestID := false, -1.0, ""
		for _, w := range ws {
			for _, v := range w.Versions {
				for _, a := range v.Articles {
					if a.Number != num || a.Suffix != suffix {
						continue
					}
					got := foldText(a.Text())
					if got == want {
						best = true
					}
					if s := similarity(got, want); s > bestSim {
						bestSim, bestID = s, a.ID
					}
				}
			}
		}
		switch {
		case best:
			hits++
		case bestID == "":
			t.Logf("miss %s: no %s in any of %d version(s)", q.Question, m[2], len(ws[0].Versions))
		default:
			a := c.Article(bestID)
			t.Logf("miss %s: closest %s (similarity %.2f)\n\twant %.80s\n\tgot  %.80s", q.Question, bestID, bestSim, want, foldText(a.Text()))
		}
	}
	for n, k := range absent {
		t.Logf("law not in corpus: %s (%d questions)", n, k)
	}
	ratio := float64(hits) / float64(max(inCorpus, 1))
	t.Logf("LawBench 1-1: %d of %d questions with the law in the corpus match (%.1f%%); %d questions' laws absent",
		hits, inCorpus, 100*ratio, len(qs)-inCorpus)
	if ratio < 0.90 {
		t.Errorf("match rate %.1f%%, want ≥ 90%%", 100*ratio)
	}
}

func TestRealRepeals(t *testing.T) {
	c, _ := loadWholeCorpus(t)
	repealed := 0
	var noise *corpus.Version
	for _, w := range c.Works {
		cur := w.Current()
		if cur.Status == corpus.StatusRepealed {
			repealed++
		}
		if w.Title == "中华人民共和国环境噪声污染防治法" {
			noise = cur
		}
	}
	t.Logf("%d works repealed by a later text in the corpus (《X》同时废止)", repealed)
	if noise == nil {
		t.Fatal("环境噪声污染防治法 not in the corpus")
	}
	if noise.Status != corpus.StatusRepealed || noise.ValidTo.String() != "2022-06-05" {
		t.Errorf("环境噪声污染防治法: status %s valid_to %s; want 已废止 from 2022-06-05 (噪声污染防治法 第九十条)", noise.Status, noise.ValidTo)
	}
	if by := c.Version(noise.RepealedBy); by == nil || by.Title != "中华人民共和国噪声污染防治法" {
		t.Errorf("repealed_by %q; want the 噪声污染防治法", noise.RepealedBy)
	}
}
