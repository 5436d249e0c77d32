//go:build corpus

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/internal/testshared"
	"github.com/lawkb/lawkb/search/eval"
)

// belowBaseline are the sets on which lawkb was not above the cjk baseline
// at their first run, with that run's figures: the drop check of
// quality.json still holds them, the baseline check does not, until lawkb
// is above it.
var belowBaseline = map[string]string{}

var update = flag.Bool("update", false, "rewrite testdata/quality.json and the quality section of docs/QUALITY.md with the figures measured")

// qualityFile holds the committed figures of lawkb on every set and part:
// the test fails when one drops by more than qualitySlack.
const (
	qualityFile  = "testdata/quality.json"
	qualitySlack = 0.02
)

// figure is what is committed of one report part.
type figure struct {
	N     int     `json:"n"`
	Hit1  float64 `json:"hit_at_1"`
	Hit10 float64 `json:"hit_at_10"`
	R10   float64 `json:"recall_at_10"`
	R100  float64 `json:"recall_at_100"`
	MRR   float64 `json:"mrr"`
}

func figureOf(m eval.Metrics) figure {
	r := func(v float64) float64 { return math.Round(v*1000) / 1000 }
	return figure{m.N, r(m.Hit1), r(m.Hit10), r(m.R10), r(m.R100), r(m.MRR)}
}

// TestQualityCorpus builds lawkb's index of the whole corpus as `lawkb
// index` does (or opens LAWKB_EVAL_INDEX) and bleve's stock cjk baseline
// (or LAWKB_EVAL_BASELINE), runs every evaluation set through lawkb and the
// two plain baselines, and fails when a committed figure of lawkb drops by
// more than 0.02 or lawkb's recall@10 is not above the cjk baseline's.
//
//	go test -tags corpus -timeout 60m -run TestQualityCorpus -v ./cmd/lawkb/ [-update]
func TestQualityCorpus(t *testing.T) {
	shared := testshared.Dir(t, "corpus/lawrefbook")
	ctx := context.Background()
	if err := loadSegmenter(filepath.Join(shared, "dict", "THUOCL_law.txt"), ""); err != nil {
		t.Fatal(err)
	}
	var notes []string
	open := func(env, analyzer string) *indexer.Index {
		dir := os.Getenv(env)
		if dir == "" {
			dir = t.TempDir()
			began := time.Now()
			// the defaults of `lawkb index`: the standards are documents
			// of the index too, and move every word's rarity a little
			cfg := indexConfig{Corpus: filepath.Join(shared, "corpus", "lawrefbook"), Catalog: filepath.Join(shared, "catalog"),
				Standards: filepath.Join(shared, "corpus", "standards"),
				Index:     dir, Analyzer: analyzer, Full: true, Questions: []string{filepath.Join(shared, "eval", "stard-train.jsonl")}}
			if _, err := runBuild(ctx, cfg, nil); err != nil {
				t.Fatalf("build %s index: %v", analyzer, err)
			}
			notes = append(notes, fmt.Sprintf("the %s index was built by the test as `lawkb index` builds it, in %s", analyzer,
				time.Since(began).Round(time.Second)))
		} else {
			notes = append(notes, fmt.Sprintf("the %s index was opened from $%s", analyzer, env))
		}
		idx, err := indexer.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { idx.Close() })
		if got := idx.Meta().Analyzer; got != analyzer {
			t.Fatalf("%s=%s was built with %s, want %s", env, dir, got, analyzer)
		}
		return idx
	}
	idx := open("LAWKB_EVAL_INDEX", indexer.AnalyzerZH)
	base := open("LAWKB_EVAL_BASELINE", indexer.AnalyzerCJK)
	ours, err := eval.NewLawkb(idx)
	if err != nil {
		t.Fatal(err)
	}
	systems := []eval.System{ours, &eval.Plain{Index: base}, &eval.Plain{Index: idx}}
	repo := filepath.Join("..", "..", "search", "testdata", "eval")
	sets := []string{
		filepath.Join(repo, "queries.jsonl"), filepath.Join(repo, "cases.jsonl"),
		filepath.Join(repo, "officer2.jsonl"), filepath.Join(repo, "citations2.jsonl"),
		filepath.Join(repo, "questions2.jsonl"), filepath.Join(repo, "cases2.jsonl"), filepath.Join(repo, "citations3.jsonl"),
		filepath.Join(repo, "officer3.jsonl"), filepath.Join(repo, "cases3.jsonl"),
		filepath.Join(repo, "questions3.jsonl"), filepath.Join(repo, "citations4.jsonl"), filepath.Join(repo, "cases4.jsonl"),
		filepath.Join(shared, "eval", "traffic_basis.jsonl"), filepath.Join(shared, "eval", "stard-train.jsonl"),
	}
	var reports []*eval.Report
	got := map[string]figure{}
	for _, path := range sets {
		name, recs, probs, err := eval.ReadSet(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			t.Logf("skipped: %s", p)
		}
		var r10 [3]float64
		for i, sys := range systems {
			began := time.Now()
			rep, err := eval.Run(ctx, name, recs, idx.Corpus(), sys)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				t.Errorf("%s: %s", sys.Name(), p)
			}
			took := time.Since(began)
			notes = append(notes, fmt.Sprintf("%s on %s: %d records in %s (%.0f ms a record)", sys.Name(), name, rep.All.N,
				took.Round(time.Millisecond), float64(took.Milliseconds())/float64(max(1, rep.All.N))))
			reports = append(reports, rep)
			r10[i] = rep.All.R10
			if i == 0 {
				for part, m := range map[string]eval.Metrics{"all": rep.All, "tuned": rep.Tuned, "frozen": rep.Frozen} {
					if m.N > 0 {
						got[name+"/"+part] = figureOf(m)
					}
				}
			}
		}
		switch why, known := belowBaseline[name]; {
		case r10[0] <= r10[1] && known:
			t.Logf("%s: lawkb recall@10 %.3f is not above baseline-cjk's %.3f (known: %s)", name, r10[0], r10[1], why)
		case r10[0] <= r10[1]:
			t.Errorf("%s: lawkb recall@10 %.3f is not above baseline-cjk's %.3f", name, r10[0], r10[1])
		case known:
			t.Errorf("%s: lawkb recall@10 %.3f is now above baseline-cjk's %.3f: take it out of belowBaseline", name, r10[0], r10[1])
		}
	}
	var table bytes.Buffer
	if err := eval.WriteTable(&table, reports); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", table.String())
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(qualityFile, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := writeQuality(reports, table.String(), notes); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(qualityFile)
	if err != nil {
		t.Fatalf("%v: run with -update to commit the figures", err)
	}
	var want map[string]figure
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w, g := want[k], got[k]
		for _, m := range []struct {
			name      string
			want, got float64
		}{{"hit@1", w.Hit1, g.Hit1}, {"hit@10", w.Hit10, g.Hit10}, {"recall@10", w.R10, g.R10}, {"recall@100", w.R100, g.R100}} {
			if m.got < m.want-qualitySlack {
				t.Errorf("%s: %s %.3f, committed %.3f: dropped by more than %.2f", k, m.name, m.got, m.want, qualitySlack)
			}
		}
	}
}

// qualitySection is this test's section of docs/QUALITY.md.
const qualitySection = "## Search and suggest quality"

// writeQuality replaces (or appends) the section in docs/QUALITY.md.
func writeQuality(reports []*eval.Report, table string, notes []string) error {
	path := filepath.Join("..", "..", "docs", "QUALITY.md")
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	var b strings.Builder
	b.WriteString(qualitySection + "\n\n")
	fmt.Fprintf(&b, "Measured %s on the 2-core build machine with:\n\n", time.Now().UTC().Format("2006-01-02"))
	b.WriteString("    go test -tags corpus -timeout 60m -run TestQualityCorpus -v ./cmd/lawkb/ -update\n\n")
	b.WriteString("(`make test` runs the same test without -update and fails when a figure of lawkb drops by more than\n")
	b.WriteString("0.02 from `cmd/lawkb/testdata/quality.json`; `lawkb eval --baseline --set FILE …` prints the same table\n")
	b.WriteString("with the misses of the tuned parts.)\n\n")
	b.WriteString(qualityMethod)
	b.WriteString("\n" + table + "\n")
	for _, n := range notes {
		b.WriteString("- " + n + "\n")
	}
	section := b.String()
	text := string(old)
	if i := strings.Index(text, qualitySection); i >= 0 {
		end := len(text)
		if j := strings.Index(text[i+len(qualitySection):], "\n## "); j >= 0 {
			end = i + len(qualitySection) + j + 1
		}
		text = text[:i] + section + "\n" + text[end:]
	} else {
		text = strings.TrimRight(text, "\n") + "\n\n" + section
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

const qualityMethod = `What is measured. Each record is a query an officer types, a question, or a case intake, with
the articles that answer it (gold: file and article number, or title and number for public sets;
any version of the gold law counts). A system returns articles, best first: hit@k is the share of
records with a gold article among the first k, recall@k the share of a record's gold articles among
the first k (averaged), MRR the mean of 1/rank of the first gold article.

Frozen and tuned parts. Every set except the two first dev sets is split by a hash of set and id
(search/learn.Frozen): half of each new set, a fifth of stard-train is frozen. Frozen records are
never learned from (the index's learned model skips them), never used to train the ranker
(` + "`lawkb tune`" + `) and their misses are never listed while tuning; the **frozen** rows are the figures to
trust. The tuned rows are records the thesaurus, the ranker and (for stard-train) the learned model
saw, so they overstate; queries and cases were written with the first thesaurus and have no frozen
part.

Sets:
- queries, cases (search/testdata/eval): 65 officer queries and 43 case intakes set in 浙江/温州,
  written with the first thesaurus (wholly tuned).
- officer2, citations2, questions2, cases2 (search/testdata/eval): 80 officer queries (colloquial,
  keywords, abbreviations; seven enforcement domains and 城管), 40 citations (20 of them short names
  of local texts), 60 plain-language questions on rights and procedures, 69 case intakes from seven
  domains; written by reading the corpus, before the system was run on them.
- citations3 (search/testdata/eval): 24 citations of local texts of six provinces by short names an
  officer would write (宁波电梯条例第二十条, 重庆失业保险条例第十二条), written before the system
  was run on them. The first run (lawkb eval --set search/testdata/eval/citations3.jsonl on the
  build before the fix): frozen hit@1 0.909, tuned 0.923 (重庆失业保险条例 read as the
  national 失业保险条例); after the fix of that tuned miss (a bare place name before a national
  title keeps the local title), 1.000 on both parts.
- citations4 (search/testdata/eval): 24 citations in forms the other sets leave out (大气法, 行诉法,
  个保法, 网安法, full-width digits, 根据《…》第N条规定, 第（七）项, a national regulation by a
  short name that local texts share: 物业条例) and short names of local texts of 杭州, 宁波 and 信阳,
  written with their gold articles before the system was run on them. The first run: frozen hit@1
  0.909, tuned 1.000. Its one miss, 物业条例第四十九条 (ambiguous between the national 物业管理条例
  and 18 local ones), is a frozen record and was seen by mistake (the misses were listed with
  -show-frozen); the rule it led to (a name without a place means the national text unless the
  reader's city or province has one) brought it to 1.000, which is therefore not a figure on unseen
  text.
- officer3 (search/testdata/eval): 12 colloquial officer queries from domains the other sets
  leave out (food safety, internet cafés, fire exits, water and air pollution, unlicensed clinics,
  tour guides, pesticides, overloaded lorries, price tags, counterfeit brands), written with their
  gold articles before the system was run on them; nothing was changed after their first run.
- cases3 (search/testdata/eval): 12 case intakes set in 浙江/温州 from domains the other case sets
  leave out (special equipment, weights and measures, advertising, hazardous waste, night-time
  construction noise, river sand, tobacco retail, child labour, safety training, animal
  quarantine, building permits, hotel registration), gold articles read from the corpus text and
  the set committed before the system was first run on it; nothing was changed after.
- cases4 (search/testdata/eval): 7 case intakes in everyday words from domains no other case set
  covers (a grave on farmland, unpaid wages, felling without a permit, hazardous chemicals in a
  hardware shop, publications without a licence, car-wash water in a rain drain, farming a steep
  slope), national texts, gold read from the corpus text, committed before the first run. First
  run: lawkb recall@10 0.143 (frozen 0.333 on 3 records) against baseline-cjk 0.214 and plain BM25
  0.214: below both. Read on the tuned part: the description's everyday words the index does not
  hold (文具店, 教辅书, 课外读物) weigh most in the plan, as unknown words get the highest idf, while
  the statute's own term in the text (出版物经营许可证) is weighed down; a single character (坟 for
  坟墓) is not searched.
- questions3 (search/testdata/eval): 12 questions about licences, limits and duties in domains
  questions2 leaves out (food, internet cafés, tourism, accident reports, doctors, discharge
  permits, fireworks, drivers' rest, public-place health, pre-sales of flats, special equipment
  operators, fire exits), written and committed with their gold articles before the first run.
- traffic_basis (../shared/eval): 36 real traffic violations, gold in 道路交通安全法.
- stard-train (../shared/eval): 1,224 public legal questions (mostly civil) with the articles that
  answer them; four fifths are also what the learned model and the ranker learn from.

Systems:
- lawkb: search (GET /api/v1/search, with the record's place as in=) for queries and questions,
  suggest-basis (POST /api/v1/suggest-basis) for case intakes: one plan and one executor, the
  generators fused by the learned ranker.
- baseline-cjk: an index of the same corpus built with bleve's stock cjk analyzer; one match query of
  the whole text over the article text, same place and date filters.
- baseline-bm25: the same match query over lawkb's own index (gse words, BM25).
`
