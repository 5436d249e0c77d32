package eval_test

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	_ "github.com/lawkb/lawkb/indexer/analysis" // registers lawkb_zh
	"github.com/lawkb/lawkb/search/eval"
)

func TestReadJSONL(t *testing.T) {
	f, err := os.Open("testdata/records.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, probs, err := eval.ReadJSONL("records", f)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "r1 r2 r6 r7" {
		t.Errorf("records = %s, want r1 r2 r6 r7", got)
	}
	want := []struct {
		line   int
		reason string
	}{
		{2, "bad JSON"},
		{5, "exactly one of query and case"},
		{6, "no gold"},
		{7, "date"},
		{8, "duplicate id"},
	}
	if len(probs) != len(want) {
		t.Fatalf("problems = %v, want %d", probs, len(want))
	}
	for i, w := range want {
		if probs[i].Line != w.line || !strings.Contains(probs[i].Reason, w.reason) {
			t.Errorf("problem %d = %s, want line %d: %s", i, probs[i], w.line, w.reason)
		}
	}
	if recs[0].KindOrDefault() != "colloquial" || recs[1].KindOrDefault() != eval.KindCase || !recs[1].IsCase() {
		t.Errorf("kinds = %s, %s", recs[0].KindOrDefault(), recs[1].KindOrDefault())
	}
}

func TestReadLawBench(t *testing.T) {
	name, recs, probs, err := eval.ReadSet("testdata/lawbench.json")
	if err != nil {
		t.Fatal(err)
	}
	if name != "lawbench" || len(recs) != 2 || len(probs) != 1 {
		t.Fatalf("ReadSet = %s, %d records, problems %v", name, len(recs), probs)
	}
	gold := func(r eval.Record) string {
		var s []string
		for _, g := range r.Gold {
			s = append(s, g.File+"#"+itoa(g.ArticleNo))
		}
		return strings.Join(s, " ")
	}
	if g := gold(recs[0]); g != "刑法/刑法.md#264" {
		t.Errorf("gold 1 = %s", g)
	}
	if g := gold(recs[1]); g != "刑法/刑法.md#234 刑法/刑法.md#275" {
		t.Errorf("gold 2 = %s", g)
	}
	if !strings.HasPrefix(recs[1].Case, eval.LawBenchScope) || !strings.Contains(recs[1].Case, "罪名:故意伤害") || strings.Contains(recs[1].Case, "\r") {
		t.Errorf("case text = %q: want the scope, the facts and the charge, without CR", recs[1].Case)
	}
	if !strings.Contains(probs[0].Reason, "no gold") {
		t.Errorf("problem = %s", probs[0])
	}
}

func itoa(n int) string {
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// fixtureIndex builds the index of the hand-written corpus of the search
// tests.
func fixtureIndex(t *testing.T) *indexer.Index {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	c, err := corpus.Load(context.Background(), "../testdata/suggest", corpus.LoadOptions{
		Logger: quiet, Today: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), c, dir, indexer.BuildOptions{Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	idx, err := indexer.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

func TestRunLawkb(t *testing.T) {
	idx := fixtureIndex(t)
	_, recs, _, err := eval.ReadSet("testdata/records.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sys, err := eval.NewLawkb(idx)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Run(context.Background(), "records", recs, idx.Corpus(), sys)
	if err != nil {
		t.Fatal(err)
	}
	// r7's gold file is not in the corpus: left out and reported.
	if len(rep.Problems) != 1 || rep.Problems[0].ID != "r7" {
		t.Errorf("problems = %v, want r7's missing file", rep.Problems)
	}
	// r1: duty (22) then penalty (91) first: recall@1 ½, RR 1; r2: the
	// 2019 text's duty then its penalty article, the gold: recall@1 0, RR
	// ½; r6: the cited article first: recall@1 1, RR 1.
	if rep.All.N != 3 || rep.All.R10 != 1 || rep.All.R1 != 0.5 || math.Abs(rep.All.MRR-5.0/6) > 1e-9 {
		t.Errorf("all = %+v, want 3 records, recall@1 0.5, recall@10 1, MRR 5/6; misses %+v", rep.All, rep.Misses)
	}
	if m := rep.ByKind["citation"]; m == nil || m.R1 != 1 {
		t.Errorf("citation kind = %+v, want recall@1 1", m)
	}
	var table bytes.Buffer
	if err := eval.WriteTable(&table, []*eval.Report{rep}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| records | lawkb | all | 3 | ", "| records | lawkb | kind citation | 1 | 1.000 |"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
}

// TestRunScoresMisses checks recall and MRR on answers that miss: the
// plain baseline over a lawkb_zh index cannot read 喝酒开车 as 饮酒后驾驶.
func TestRunScoresMisses(t *testing.T) {
	idx := fixtureIndex(t)
	recs := []eval.Record{
		{ID: "m1", Query: "量子纠缠", Gold: []eval.Gold{{File: "行政法/行政处罚法(2021-01-22).md", ArticleNo: 33}}},
		{ID: "m2", Case: "违法行为轻微并及时改正", Gold: []eval.Gold{
			{File: "行政法/行政处罚法(2021-01-22).md", ArticleNo: 33}, {File: "行政法/行政处罚法(2021-01-22).md", ArticleNo: 99}}},
	}
	rep, err := eval.Run(context.Background(), "misses", recs, idx.Corpus(), &eval.Plain{Index: idx})
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.N != 2 {
		t.Fatalf("n = %d", rep.All.N)
	}
	// m1 finds nothing (0); m2 finds 33 of its two gold articles (0.5) at rank 1
	if rep.All.R10 != 0.25 || rep.All.R1 != 0.25 || rep.All.MRR != 0.5 {
		t.Errorf("all = %+v, want recall@1 0.25, recall@10 0.25, MRR 0.5", rep.All)
	}
	if len(rep.Misses) != 2 || rep.Misses[1].Found != 1 || rep.Misses[1].Gold != 2 {
		t.Errorf("misses = %+v", rep.Misses)
	}
}

// The frozen part's misses are not for reading while tuning: --json
// leaves them out as the table does.
func TestTunedMisses(t *testing.T) {
	r := &eval.Report{Set: "s", Misses: []eval.Miss{{ID: "a"}, {ID: "b", Frozen: true}, {ID: "c"}}}
	got := eval.TunedMisses(r)
	if len(got.Misses) != 2 || got.Misses[0].ID != "a" || got.Misses[1].ID != "c" {
		t.Errorf("TunedMisses = %+v, want a and c", got.Misses)
	}
	if len(r.Misses) != 3 {
		t.Errorf("the report itself lost misses: %+v", r.Misses)
	}
}
