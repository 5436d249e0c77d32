package corpus_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/internal/testshared"
)

const tree = "testdata/tree"

func loadTree(t *testing.T, opts corpus.LoadOptions) *corpus.Corpus {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = discard
	}
	c, err := corpus.Load(context.Background(), tree, opts)
	if err != nil {
		t.Fatalf("Load(%s): %v", tree, err)
	}
	return c
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func workByTitle(c *corpus.Corpus, title string) *corpus.Work {
	for _, w := range c.Works {
		if w.Title == title {
			return w
		}
	}
	return nil
}

func TestLoadTreeWorks(t *testing.T) {
	c := loadTree(t, corpus.LoadOptions{Today: day("2024-01-01")})
	if got, want := c.Stats(), (corpus.Stats{Works: 11, Versions: 12, Articles: 21, Sections: 3, Problems: 5}); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
	tests := []struct {
		title    string
		kind     corpus.Kind
		level    string
		issuer   string
		region   string
		topic    string
		versions int
		alias    string
	}{
		{"中华人民共和国示例运动法", corpus.KindLaw, corpus.LevelLaw, "", "全国", "", 2, "示例运动法"},
		{"示例登记规定", corpus.KindDeptRule, corpus.LevelDeptRule, "公安部", "全国", "", 1, ""},
		{"温州市示例管理条例", corpus.KindLocalRegulation, corpus.LevelCity, "", "浙江/温州", "", 1, ""},
		{"浙江省示例保护条例", corpus.KindLocalRegulation, corpus.LevelProvincial, "", "浙江", "", 1, ""},
		{"北京市示例条例", corpus.KindLocalRegulation, corpus.LevelProvincial, "", "北京", "", 1, ""},
		{"深圳经济特区示例条例", corpus.KindLocalRegulation, corpus.LevelCity, "", "广东/深圳", "", 1, ""},
		{"示例加班费争议如何处理", corpus.KindCase, corpus.LevelCase, "", "全国", "劳动人事", 1, ""},
		{"中华人民共和国示例典", corpus.KindLaw, corpus.LevelLaw, "", "全国", "", 1, "示例典"},
		{"北京市示例暂行条例", corpus.KindAdminRegulation, corpus.LevelAdminRegulation, "", "北京", "", 1, ""},
		{"最高人民法院、最高人民检察院关于示例案件的解释", corpus.KindJudicial, corpus.LevelJudicial, "最高人民法院、最高人民检察院", "全国", "", 1, ""},
		{"未归类文件", corpus.KindOther, corpus.LevelOther, "", "全国", "", 1, ""},
	}
	for _, tt := range tests {
		w := workByTitle(c, tt.title)
		if w == nil {
			t.Errorf("no work %s", tt.title)
			continue
		}
		if w.Kind != tt.kind || w.Level != tt.level || w.Issuer != tt.issuer || w.Region.Path() != tt.region || w.Topic != tt.topic {
			t.Errorf("%s: kind %s level %s issuer %q region %s topic %q; want %s %s %q %s %q", tt.title,
				w.Kind, w.Level, w.Issuer, w.Region.Path(), w.Topic, tt.kind, tt.level, tt.issuer, tt.region, tt.topic)
		}
		if len(w.Versions) != tt.versions {
			t.Errorf("%s: %d versions, want %d", tt.title, len(w.Versions), tt.versions)
		}
		if tt.alias != "" && !slices.Contains(w.Aliases, tt.alias) {
			t.Errorf("%s: aliases %v lack %s", tt.title, w.Aliases, tt.alias)
		}
		if w.ID != corpus.WorkID(tt.title) || c.Work(w.ID) != w {
			t.Errorf("%s: id %s, want %s and a lookup", tt.title, w.ID, corpus.WorkID(tt.title))
		}
		for _, v := range w.Versions {
			if want := w.ID + "-" + v.Date.Compact(); v.ID != want || v.WorkID != w.ID || v.Work() != w {
				t.Errorf("%s: version id %s work %s, want %s", tt.title, v.ID, v.WorkID, want)
			}
			for _, a := range v.Articles {
				if a.ID != v.ID+"-"+a.NumberString() || c.Article(a.ID) != a {
					t.Errorf("%s: article id %s", tt.title, a.ID)
				}
			}
			for i, s := range v.Sections {
				if want := v.ID + "-s" + string(rune('1'+i)); s.ID != want || c.Section(s.ID) != s {
					t.Errorf("%s: section id %s, want %s", tt.title, s.ID, want)
				}
			}
		}
	}
}

func TestLoadTreeProblems(t *testing.T) {
	// The parts of the split law number 1–3, 4–5, 6: merged, no gap is
	// reported, although each part alone would start late.
	c := loadTree(t, corpus.LoadOptions{})
	type want struct {
		path, kind string
		skipped    bool
	}
	wants := []want{
		{"其他/GBK文件.md", corpus.ReasonEncoding, true},
		{"其他/二进制文件.md", corpus.ReasonBinary, true},
		{"其他/空白文件.md", corpus.ReasonEmpty, true},
		{"杂项/未归类文件(2020-01-01).md", corpus.ReasonFolder, false},
		{"经济法/示例运动法(2022-06-24).md", corpus.ReasonDuplicate, true},
	}
	var got []want
	for _, p := range c.Problems {
		got = append(got, want{p.Path, p.Kind(), p.Skipped})
		if p.Kind() == corpus.ReasonDuplicate && !strings.Contains(p.Reason, "行政法/示例运动法(2022-06-24).md") {
			t.Errorf("duplicate problem does not name the kept file: %s", p)
		}
	}
	slices.SortFunc(got, func(a, b want) int { return strings.Compare(a.path, b.path) })
	slices.SortFunc(wants, func(a, b want) int { return strings.Compare(a.path, b.path) })
	if !slices.Equal(got, wants) {
		t.Errorf("problems:\n got %v\nwant %v\nall: %v", got, wants, c.Problems)
	}
	sum := corpus.SummarizeProblems(c.Problems)
	total := 0
	for _, s := range sum {
		total += s.Count
		if s.Count != 1 {
			t.Errorf("summary %+v: want one of each kind", s)
		}
	}
	if total != len(c.Problems) || len(sum) != 5 {
		t.Errorf("summary %+v does not add up to %d problems", sum, len(c.Problems))
	}
}

func TestLoadTreeValidity(t *testing.T) {
	tests := []struct {
		today  string
		status []corpus.Status // oldest first
	}{
		{"2024-01-01", []corpus.Status{corpus.StatusAmended, corpus.StatusInForce}},
		// The 2022 text says it takes effect on 2023-01-01.
		{"2022-07-01", []corpus.Status{corpus.StatusInForce, corpus.StatusNotYet}},
		{"2016-11-07", []corpus.Status{corpus.StatusInForce, corpus.StatusNotYet}},
	}
	for _, tt := range tests {
		c := loadTree(t, corpus.LoadOptions{Today: day(tt.today)})
		w := workByTitle(c, "中华人民共和国示例运动法")
		var got []corpus.Status
		for _, v := range w.Versions {
			got = append(got, v.Status)
		}
		if !slices.Equal(got, tt.status) {
			t.Errorf("today %s: statuses %v, want %v", tt.today, got, tt.status)
		}
		old, cur := w.Versions[0], w.Versions[1]
		if old.Date.String() != "2016-11-07" || cur.Date.String() != "2022-06-24" {
			t.Errorf("versions out of order: %s, %s", old.Date, cur.Date)
		}
		if cur.ValidFrom.String() != "2023-01-01" || !old.ValidTo.Time().Equal(cur.ValidFrom.Time()) || !cur.ValidTo.IsZero() {
			t.Errorf("validity: old %s–%s, current %s–%s", old.ValidFrom, old.ValidTo, cur.ValidFrom, cur.ValidTo)
		}
	}
}

func TestLoadSplitLaw(t *testing.T) {
	c := loadTree(t, corpus.LoadOptions{})
	w := workByTitle(c, "中华人民共和国示例典")
	if w == nil || len(w.Versions) != 1 {
		t.Fatalf("示例典: %+v", w)
	}
	v := w.Versions[0]
	if v.Source != "民法典/" || v.Subtitle != "" || v.ValidFrom.String() != "2021-01-01" || v.Date.String() != "2020-05-28" {
		t.Errorf("merged version: source %q subtitle %q date %s valid_from %s", v.Source, v.Subtitle, v.Date, v.ValidFrom)
	}
	if len(v.Events) != 2 {
		t.Errorf("events %v, want the two shared ones once", v.Events)
	}
	wantPart := []string{"总则", "总则", "总则", "物权编", "物权编", "附则"}
	if len(v.Articles) != len(wantPart) {
		t.Fatalf("%d articles, want %d", len(v.Articles), len(wantPart))
	}
	for i, a := range v.Articles {
		if a.Number != i+1 {
			t.Errorf("article %d has number %d", i, a.Number)
		}
		if len(a.Chapter) == 0 || a.Chapter[0] != wantPart[i] || a.File != "民法典/"+wantPart[i]+".md" {
			t.Errorf("article %d: chapter %v file %s, want part %s", a.Number, a.Chapter, a.File, wantPart[i])
		}
	}
}

func TestLoadDeterministic(t *testing.T) {
	opts := corpus.LoadOptions{Today: day("2024-01-01")}
	var outs [][]byte
	for _, workers := range []int{1, 2, 8} {
		opts.Workers = workers
		b, err := json.Marshal(loadTree(t, opts))
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Errorf("Load with different worker counts gives different corpora")
		}
	}
}

func TestLoadTreeGolden(t *testing.T) {
	c := loadTree(t, corpus.LoadOptions{Today: day("2024-01-01")})
	got, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "tree.golden.json")
	if updating() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestLoadTreeGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Load(%s) differs from %s; run with -update and review the diff\n%s", tree, golden, testshared.FirstDiff(string(want), string(got)))
	}
}

func TestLoadProgress(t *testing.T) {
	var calls []int
	total := -1
	loadTree(t, corpus.LoadOptions{Progress: func(done, n int) {
		calls = append(calls, done)
		total = n
	}})
	if total != 18 || len(calls) != 18 {
		t.Fatalf("progress: %d calls, total %d; want 18 files", len(calls), total)
	}
	for i, d := range calls {
		if d != i+1 {
			t.Fatalf("progress calls %v: want 1..18 in order", calls)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	empty := t.TempDir()
	file := filepath.Join(t.TempDir(), "x.md")
	if err := os.WriteFile(file, []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		root string
		code corpus.Code
	}{
		{"missing root", context.Background(), filepath.Join(empty, "nope"), corpus.CodeInvalid},
		{"root is a file", context.Background(), file, corpus.CodeInvalid},
		{"no documents", context.Background(), empty, corpus.CodeInvalid},
		{"cancelled", cancelled, tree, ""},
	}
	for _, tt := range tests {
		c, err := corpus.Load(tt.ctx, tt.root, corpus.LoadOptions{Logger: discard})
		if err == nil || c != nil {
			t.Errorf("%s: Load = %v, %v; want an error", tt.name, c, err)
			continue
		}
		if tt.code != "" && corpus.ErrorCode(err) != tt.code {
			t.Errorf("%s: code %s, want %s (%v)", tt.name, corpus.ErrorCode(err), tt.code, err)
		}
		if tt.code == "" && !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", tt.name, err)
		}
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p          corpus.Problem
		kind, text string
	}{
		{corpus.Problem{Path: "a.md", Line: 3, Reason: "numbering gap: 第四条 follows 第二条"}, "numbering gap", "a.md:3: numbering gap: 第四条 follows 第二条"},
		{corpus.Problem{Path: "b.md", Reason: "empty file: no content", Skipped: true}, "empty file", "b.md: empty file: no content (skipped)"},
		{corpus.Problem{Path: "c.md", Reason: "odd"}, "odd", "c.md: odd"},
	}
	for _, tt := range tests {
		if tt.p.Kind() != tt.kind || tt.p.String() != tt.text {
			t.Errorf("%+v: Kind %q String %q; want %q %q", tt.p, tt.p.Kind(), tt.p.String(), tt.kind, tt.text)
		}
	}
}
