//go:build corpus

package corpus_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/internal/testshared"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer/analysis"
)

var citeQuality = flag.Bool("cite-quality", false, "rewrite the Citations section of docs/QUALITY.md from the whole-corpus figures")

// citeShared finds shared/ (the read-only data beside the repository) by
// walking up from the working directory, or skips the test.
func citeShared(tb testing.TB) string {
	tb.Helper()
	return testshared.Dir(tb, "corpus/lawrefbook")
}

// The whole corpus is loaded and linked once per test binary.
var (
	citeOnce  sync.Once
	citeC     *corpus.Corpus
	citeR     *corpus.Resolver
	citeStats corpus.LinkStats
	citeLink  time.Duration
	citeErr   error
)

func citeReal(tb testing.TB) (*corpus.Corpus, *corpus.Resolver, corpus.LinkStats) {
	tb.Helper()
	root := filepath.Join(citeShared(tb), "corpus", "lawrefbook")
	citeOnce.Do(func() {
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		citeC, citeErr = corpus.Load(context.Background(), root, corpus.LoadOptions{Logger: log})
		if citeErr != nil {
			return
		}
		start := time.Now()
		citeStats, citeErr = corpus.Link(citeC)
		citeLink = time.Since(start)
		if citeErr != nil {
			return
		}
		citeR, citeErr = corpus.NewResolver(citeC)
	})
	if citeErr != nil {
		tb.Fatal(citeErr)
	}
	return citeC, citeR, citeStats
}

// citeLBQ is one LawBench 1-1 question: "<类别><法名>第N条的内容是什么？".
type citeLBQ struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

func citeReadLawBench(t testing.TB) []citeLBQ {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(citeShared(t), "eval", "lawbench-1-1-article-recitation.json"))
	if err != nil {
		t.Fatal(err)
	}
	var qs []citeLBQ
	if err := json.Unmarshal(b, &qs); err != nil {
		t.Fatal(err)
	}
	return qs
}

// citeCategories are the folder names LawBench puts before a law's name.
var citeCategories = []string{"诉讼与非诉讼程序法", "宪法相关法", "民法商法", "社会法", "经济法", "行政法"}

// citeLBName returns the law a question asks about, category stripped.
func citeLBName(q string) string {
	name, _, _ := strings.Cut(q, "第")
	for _, c := range citeCategories {
		if rest, ok := strings.CutPrefix(name, c); ok && rest != "" {
			return rest
		}
	}
	return name
}

// citeFold drops whitespace, punctuation and symbols, for comparing an
// article with a LawBench answer (whose paragraphs are joined by commas).
func citeFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// citeLBResult is what the resolver made of the LawBench questions.
type citeLBResult struct {
	total, inCorpus, current, anyVersion int
	misses                               []string // markdown rows
}

// citeRunLawBench sends every question, as written, through the resolver (no
// date: the current version) and compares the article's text with the
// answer. LawBench's texts predate some amendments, so a miss is also
// looked up in the work's other versions under the same number: that
// tells a version drift (the right article, an older text) from a wrong
// article.
func citeRunLawBench(t testing.TB, c *corpus.Corpus, r *corpus.Resolver) citeLBResult {
	var res citeLBResult
	for _, q := range citeReadLawBench(t) {
		res.total++
		name := citeLBName(q.Question)
		if len(r.Names().Lookup(name)) == 0 {
			res.misses = append(res.misses, fmt.Sprintf("| %s | law not in the corpus |", q.Question))
			continue
		}
		res.inCorpus++
		want := citeFold(strings.TrimPrefix(q.Answer, "答案:"))
		got, err := r.Resolve(q.Question, corpus.Date{})
		if err != nil {
			res.misses = append(res.misses, fmt.Sprintf("| %s | %v |", q.Question, err))
			continue
		}
		a := got.Article()
		if citeFold(a.Text()) == want {
			res.current++
			res.anyVersion++
			continue
		}
		reason := fmt.Sprintf("current text of %s (%s) differs from the answer", a.Label, got.Version.Source)
		for _, v := range got.Work.Versions {
			if v == got.Version {
				continue
			}
			for _, o := range v.Articles {
				if o.Number == a.Number && o.Suffix == a.Suffix && citeFold(o.Text()) == want {
					res.anyVersion++
					reason = fmt.Sprintf("answer is the text of %s in %s (%s, %s–%s); the current version is %s",
						o.Label, v.Source, v.Status, v.ValidFrom, v.ValidTo, got.Version.Source)
				}
			}
		}
		res.misses = append(res.misses, fmt.Sprintf("| %s | %s |", q.Question, reason))
	}
	return res
}

// TestCiteLawBench resolves LawBench 1-1: the right article (its text is the
// answer, whitespace and punctuation aside) for ≥ 98% of the questions
// whose law is in the corpus.
func TestCiteLawBench(t *testing.T) {
	c, r, _ := citeReal(t)
	res := citeRunLawBench(t, c, r)
	t.Logf("LawBench 1-1: %d questions, %d with the law in the corpus; current text matches %d (%.1f%%); the article in some version matches %d (%.1f%%)",
		res.total, res.inCorpus, res.current, citePct(res.current, res.inCorpus), res.anyVersion, citePct(res.anyVersion, res.inCorpus))
	for _, m := range res.misses {
		t.Log(m)
	}
	if citePct(res.anyVersion, res.inCorpus) < 98 {
		t.Errorf("right article for %.1f%% of the questions, want ≥ 98%%", citePct(res.anyVersion, res.inCorpus))
	}
	if res.inCorpus < 490 {
		t.Errorf("only %d of %d LawBench laws found in the corpus", res.inCorpus, res.total)
	}
}

func citePct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// TestCiteCorpusLinks extracts and resolves every citation of the corpus:
// ≥ 95% of those naming a law present in the corpus resolve to an article.
// With -cite-quality it rewrites the Citations section of docs/QUALITY.md.
func TestCiteCorpusLinks(t *testing.T) {
	c, r, st := citeReal(t)
	share := citePct(st.NamedKnownOK, st.NamedKnown)
	t.Logf("link took %v: %d citations, %d to articles, %d resolved (%.1f%%); naming a law in the corpus %d, resolved %d (%.2f%%)",
		citeLink, st.Citations, st.ToArticles, st.Resolved, citePct(st.Resolved, st.ToArticles), st.NamedKnown, st.NamedKnownOK, share)
	t.Logf("unresolved by reason: %v", st.Unresolved)
	if share < 95 {
		t.Errorf("%.2f%% of the citations naming a law in the corpus resolved, want ≥ 95%%", share)
	}
	if st.Citations < 30000 || st.Basis < 1000 {
		t.Errorf("only %d citations and %d basis links found in the whole corpus", st.Citations, st.Basis)
	}
	// Every resolved id exists, and incoming links mirror outgoing ones.
	checked := 0
	for _, w := range c.Works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				for _, ct := range a.Cites {
					for _, id := range ct.ArticleIDs {
						b := c.Article(id)
						if b == nil {
							t.Fatalf("%s cites a missing article %s", a.ID, id)
						}
						if id != a.ID && !slices.Contains(b.CitedBy, a.ID) {
							t.Fatalf("%s cites %s, which does not list it in CitedBy", a.ID, id)
						}
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d resolved links checked both ways", checked)
	if *citeQuality {
		writeCiteQuality(t, c, r, st)
	}
}

// TestCiteRenumbering shows a real renumbering: 体育法 was revised in 2022
// and most of its 2016 articles moved; the matcher follows them by text.
func TestCiteRenumbering(t *testing.T) {
	c, r, _ := citeReal(t)
	ws := r.Names().Lookup("体育法")
	if len(ws) != 1 || len(ws[0].Versions) < 2 {
		t.Fatalf("体育法: %d works, want one with two versions", len(ws))
	}
	w := ws[0]
	var old, neu *corpus.Version
	for _, v := range w.Versions {
		switch v.Date.Year() {
		case 2016:
			old = v
		case 2022:
			neu = v
		}
	}
	if old == nil || neu == nil {
		t.Fatalf("体育法 lacks its 2016 or 2022 version")
	}
	pairs := corpus.AlignVersions(old, neu)
	moved := 0
	for _, p := range pairs {
		if p.By == corpus.MatchText {
			moved++
		}
	}
	t.Logf("体育法 2016 (%d articles) → 2022 (%d articles): %d matched, %d renumbered", len(old.Articles), len(neu.Articles), len(pairs), moved)
	if moved < 15 {
		t.Errorf("only %d renumbered articles found, want ≥ 15", moved)
	}
	// 2016 第三十七条 and 第三十八条 are 2022 第六十三条 and 第六十四条, nearly verbatim.
	for _, want := range []struct{ from, to int }{{37, 63}, {38, 64}} {
		i := slices.IndexFunc(pairs, func(p corpus.ArticlePair) bool { return p.From.Number == want.from })
		if i < 0 || pairs[i].To.Number != want.to || pairs[i].By != corpus.MatchText || pairs[i].Similarity < 0.9 {
			t.Errorf("2016 第%d条: got %+v, want 2022 第%d条 by text", want.from, pairs, want.to)
			continue
		}
		a := c.Article(pairs[i].From.ID)
		if !slices.ContainsFunc(a.Counterparts, func(cp corpus.Counterpart) bool { return cp.ArticleID == pairs[i].To.ID }) {
			t.Errorf("Link did not store the counterpart of %s", a.ID)
		}
	}
}

// TestCiteDiffSegmented diffs the renumbered 体育法 articles with the real
// segmenter: the runs are words, and they spell both texts.
func TestCiteDiffSegmented(t *testing.T) {
	_, r, _ := citeReal(t)
	seg, err := analysis.New(analysis.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	old, err := r.Resolve("体育法第三十七条", corpus.NewDate(2020, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	neu, err := r.Resolve("体育法第六十三条", corpus.Date{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := old.Article().Text(), neu.Article().Text()
	ops := corpus.Diff(a, b, seg.Cut)
	checkSpells(t, a, b, ops)
	changed, multi := 0, 0
	for _, op := range ops {
		if op.Kind != corpus.DiffEqual {
			changed++
			if utf8.RuneCountInString(op.Text) >= 2 {
				multi++
			}
		}
	}
	t.Logf("diff 体育法 2016 第三十七条 → 2022 第六十三条: %d runs, %d changed: %+v", len(ops), changed, ops)
	if changed == 0 || multi == 0 {
		t.Errorf("diff of two different texts has %d changed runs, %d of several characters", changed, multi)
	}
}

// TestCiteAliasesCorpus checks the alias file against the corpus: every
// title it names is there, and every short name leads to one work.
func TestCiteAliasesCorpus(t *testing.T) {
	_, r, _ := citeReal(t)
	names, err := corpus.ShortNames()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range names {
		if ws := r.Names().Lookup(a.Title); len(ws) != 1 {
			t.Errorf("aliases.tsv: %s → %s: the title names %d works in the corpus", a.Name, a.Title, len(ws))
			continue
		}
		if ws := r.Names().Lookup(a.Name); len(ws) != 1 || ws[0].Title != a.Title {
			t.Errorf("aliases.tsv: %s resolves to %d works, not to %s alone", a.Name, len(ws), a.Title)
		}
	}
	for _, q := range []string{"处罚法32", "治安处罚法第二十三条", "道交法第九十条", "食安法第一百二十二条", "固废法第一百零二条",
		"大气法第九十九条", "水污染防治法第八十三条", "环评法第三十一条", "城乡规划法第六十四条", "道交法实施条例第一百零四条"} {
		if _, err := r.Resolve(q, corpus.Date{}); err != nil {
			t.Errorf("Resolve(%s): %v", q, err)
		}
	}
}

// citeQueries are the query mix of BenchmarkResolveCorpus: LawBench
// questions as written, colloquial forms, misses of each kind.
func citeQueries(b *testing.B) []string {
	qs := []string{"处罚法32", "行政处罚法 32条", "《中华人民共和国行政处罚法》第三十二条第一款第（二）项", "治安处罚法23",
		"道交法90", "食安法第一百二十二条", "刑法133之一", "民法典1165", "道交法实施条例104", "处罚法999", "物业管理条例3",
		"行政处分法3", "宪法修正案2018年第三十二条", "《固体废物污染环境防治法》第一百零二条"}
	for _, q := range citeReadLawBench(b) {
		qs = append(qs, q.Question)
	}
	return qs
}

// BenchmarkResolveCorpus measures Resolve on the whole corpus; p50-ns and
// p99-ns are per-query latencies over the query mix (the /cite target is
// p99 ≤ 2 ms in-process).
func BenchmarkResolveCorpus(b *testing.B) {
	_, r, _ := citeReal(b)
	qs := citeQueries(b)
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		start := time.Now()
		r.Resolve(q, corpus.Date{})
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkNewResolverCorpus measures building the resolver (alias index,
// article maps) for the whole corpus, which a server does at start.
func BenchmarkNewResolverCorpus(b *testing.B) {
	c, _, _ := citeReal(b)
	for b.Loop() {
		if _, err := corpus.NewResolver(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinkCorpus measures linking the whole corpus (parse, resolve,
// incoming links, version alignment).
func BenchmarkLinkCorpus(b *testing.B) {
	c, _, _ := citeReal(b)
	for b.Loop() {
		if _, err := corpus.Link(c); err != nil {
			b.Fatal(err)
		}
	}
}

// writeCiteQuality replaces the "## Citations" section of docs/QUALITY.md
// (up to the next "## " heading), leaving the other sections as they are.
func writeCiteQuality(t *testing.T, c *corpus.Corpus, r *corpus.Resolver, st corpus.LinkStats) {
	lb := citeRunLawBench(t, c, r)
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("## Citations")
	p("")
	p("Measured by `go test -tags corpus -run 'TestCite(LawBench|CorpusLinks)' ./corpus -args -cite-quality` on")
	p("../shared/corpus/lawrefbook (%d works, %d versions, %d articles, %d sections); this section is", c.Stats().Works, c.Stats().Versions, c.Stats().Articles, c.Stats().Sections)
	p("written by that command.")
	p("")
	p("### LawBench 1-1 through the resolver")
	p("")
	p("Each question goes to `Resolver.Resolve` as written (`民法商法公司法第五条的内容是什么？`), without a date, so")
	p("the answer is the current version. The right article is one whose text equals the answer once whitespace and")
	p("punctuation are dropped.")
	p("")
	p("| | questions | share |")
	p("|---|---:|---:|")
	p("| in the dataset | %d | |", lb.total)
	p("| law in the corpus | %d | |", lb.inCorpus)
	p("| right article, current text | %d | %.1f%% |", lb.current, citePct(lb.current, lb.inCorpus))
	p("| right article (same work and number; the text matches in one of its versions) | %d | %.1f%% |", lb.anyVersion, citePct(lb.anyVersion, lb.inCorpus))
	p("")
	p("Misses (%d):", len(lb.misses))
	p("")
	p("| question | reason |")
	p("|---|---|")
	for _, m := range lb.misses {
		p("%s", m)
	}
	p("")
	p("### Every citation of the corpus")
	p("")
	p("`corpus.Link` parses every article and section and resolves each citation, version-aware (the version of the")
	p("cited law in force when the citing text took effect). It took %v here.", citeLink.Round(time.Millisecond))
	p("")
	p("| | count | share |")
	p("|---|---:|---:|")
	p("| citations extracted | %d | |", st.Citations)
	p("| … naming a whole work (《X》 without an article) | %d | %d resolved to a work |", st.WorkMentions, st.WorkMentionsOK)
	p("| … naming an article, 款 or 项 | %d | |", st.ToArticles)
	p("| resolved to an article (or to part N of a text numbered 一、二、) | %d | %.1f%% |", st.Resolved, citePct(st.Resolved, st.ToArticles))
	p("| naming a law present in the corpus (relative forms included) | %d | |", st.NamedKnown)
	p("| … resolved | %d | **%.2f%%** |", st.NamedKnownOK, citePct(st.NamedKnownOK, st.NamedKnown))
	p("| titled citations (another law by name) resolved | %d of %d | %.1f%% |", st.TitledResolved, st.Titled, citePct(st.TitledResolved, st.Titled))
	titledKnown := st.Titled - st.Unresolved[corpus.ReasonUnknownTitle]
	p("| … of those whose title names a text in the corpus | %d of %d | %.1f%% |", st.TitledResolved, titledKnown, citePct(st.TitledResolved, titledKnown))
	p("| resolved to a version amended since | %d | |", st.AmendedTargets)
	p("| resolved to another version (the one in force then is not in the corpus) | %d | |", st.OtherVersion)
	p("| versions linked to the upper law they implement | %d | |", st.Basis)
	p("| article pairs matched across versions | %d | %d renumbered |", st.Counterparts, st.Renumbered)
	p("")
	p("Unresolved citations of articles, by reason:")
	p("")
	p("| reason | count | what it means | examples (citing file: citation) |")
	p("|---|---:|---|---|")
	meaning := map[corpus.Reason]string{
		corpus.ReasonUnknownTitle:   "the title names no text of the corpus (repealed laws: 婚姻法, 物权法, 担保法; treaties; texts never collected)",
		corpus.ReasonAmbiguous:      "the name fits several texts; never guessed",
		corpus.ReasonNoArticles:     "the cited text has no 第N条 (sections only), e.g. 本法第N条 quoted in an undivided document",
		corpus.ReasonNoArticle:      "the version in force has no such 第N条 (often a source file that merges or drops articles)",
		corpus.ReasonNoParagraph:    "the article has fewer 款 (often an older numbering, or a source file that joins paragraphs)",
		corpus.ReasonNoItem:         "the 款 has fewer 项 (source files that lost the （一） item markers)",
		corpus.ReasonNoContext:      "前款/本条/第N项 where nothing precedes (first paragraph, or a section of a case)",
		corpus.ReasonVersionMissing: "the version in force on the citing date is not in the corpus and the nearest one lacks the part",
	}
	var reasons []corpus.Reason
	for k := range st.Unresolved {
		reasons = append(reasons, k)
	}
	sort.Slice(reasons, func(i, j int) bool { return st.Unresolved[reasons[i]] > st.Unresolved[reasons[j]] })
	for _, k := range reasons {
		var ex []string
		for _, m := range st.Misses {
			if m.Citation.Unresolved == k && len(ex) < 3 {
				ex = append(ex, fmt.Sprintf("%s: %s", m.Source, m.Citation.Text))
			}
		}
		p("| %s | %d | %s | %s |", k, st.Unresolved[k], meaning[k], strings.Join(ex, "; "))
	}
	p("")
	p("Titles of unknown_title citations, most cited first:")
	p("")
	type tc struct {
		t string
		n int
	}
	var tcs []tc
	for k, n := range st.UnknownTitles {
		tcs = append(tcs, tc{k, n})
	}
	sort.Slice(tcs, func(i, j int) bool { return tcs[i].n > tcs[j].n || tcs[i].n == tcs[j].n && tcs[i].t < tcs[j].t })
	var parts []string
	for i, x := range tcs {
		if i == 40 {
			parts = append(parts, fmt.Sprintf("… %d more", len(tcs)-40))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", x.t, x.n))
	}
	p("%s", strings.Join(parts, ", "))
	p("")
	path := filepath.Join("..", "docs", "QUALITY.md")
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	doc := string(old)
	if doc == "" {
		doc = "# Quality\n\nMeasured figures of lawkb, one section per area.\n\n"
	}
	section := b.String()
	if i := strings.Index(doc, "## Citations\n"); i >= 0 {
		end := len(doc)
		if j := strings.Index(doc[i+len("## Citations\n"):], "\n## "); j >= 0 {
			end = i + len("## Citations\n") + j + 1
		}
		doc = doc[:i] + section + doc[end:]
	} else {
		if !strings.HasSuffix(doc, "\n\n") {
			doc = strings.TrimRight(doc, "\n") + "\n\n"
		}
		doc += section
	}
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote the Citations section of %s", path)
}
