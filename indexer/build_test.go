package indexer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// smallCorpus is a hand-made corpus of n works with one version of three
// articles each, plus one work with two versions and one case with
// sections. Every article of work i mentions 罚款 and the word wordN for
// its own i, so queries can count hits.
func smallCorpus(n int) *corpus.Corpus {
	var works []*corpus.Work
	for i := 0; i < n; i++ {
		wid := fmt.Sprintf("w%03d", i)
		vid := wid + "-20200101"
		v := &corpus.Version{
			ID: vid, WorkID: wid, Title: fmt.Sprintf("测试管理条例%03d", i),
			Source: fmt.Sprintf("测试/测试管理条例%03d(2020-01-01).md", i),
			Date:   corpus.NewDate(2020, 1, 1), ValidFrom: corpus.NewDate(2020, 1, 1),
			Status: corpus.StatusInForce,
		}
		for a := 1; a <= 3; a++ {
			v.Articles = append(v.Articles, &corpus.Article{
				ID: fmt.Sprintf("%s-%d", vid, a), VersionID: vid, Number: a,
				Label: fmt.Sprintf("第%d条", a), Chapter: []string{"第一章 总则"}, Line: a + 3,
				Paragraphs: []corpus.Paragraph{{Text: fmt.Sprintf("违反本条例规定的，处以罚款。编号%03d。", i)}},
			})
		}
		works = append(works, &corpus.Work{ID: wid, Title: v.Title, Kind: corpus.KindLocalRegulation,
			Level: "省级地方性法规", Region: corpus.Region{Province: "浙江"}, Versions: []*corpus.Version{v}})
	}
	old := &corpus.Version{ID: "sport-20161107", WorkID: "sport", Title: "中华人民共和国体育法",
		Source: "社会法/体育法(2016-11-07).md", Date: corpus.NewDate(2016, 11, 7),
		ValidFrom: corpus.NewDate(2016, 11, 7), ValidTo: corpus.NewDate(2023, 1, 1), Status: corpus.StatusAmended,
		Articles: []*corpus.Article{{ID: "sport-20161107-1", VersionID: "sport-20161107", Number: 1, Label: "第一条",
			Paragraphs: []corpus.Paragraph{{Text: "为了发展体育事业，制定本法。"}}}}}
	cur := &corpus.Version{ID: "sport-20220624", WorkID: "sport", Title: "中华人民共和国体育法",
		Source: "社会法/体育法(2022-06-24).md", Date: corpus.NewDate(2022, 6, 24),
		ValidFrom: corpus.NewDate(2023, 1, 1), Status: corpus.StatusInForce,
		Articles: []*corpus.Article{{ID: "sport-20220624-1", VersionID: "sport-20220624", Number: 1, Label: "第一条",
			Paragraphs: []corpus.Paragraph{{Text: "为了促进体育事业，弘扬中华体育精神，制定本法。"}}}}}
	works = append(works, &corpus.Work{ID: "sport", Title: "中华人民共和国体育法", Aliases: []string{"体育法"},
		Kind: corpus.KindLaw, Level: "法律", Versions: []*corpus.Version{old, cur}})
	cs := &corpus.Version{ID: "case-1", WorkID: "case", Title: "某公司诉某局行政处罚案", Source: "案例/行政/某案.md",
		Status: corpus.StatusInForce, Sections: []*corpus.Section{
			{ID: "case-1-s1", Heading: "基本案情", Text: "某公司在道路上堆放物料，被处以罚款。", Line: 3},
			{ID: "case-1-s2", Heading: "裁判结果", Text: "法院判决驳回诉讼请求。", Line: 6},
		}}
	works = append(works, &corpus.Work{ID: "case", Title: cs.Title, Kind: corpus.KindCase, Level: "案例",
		Versions: []*corpus.Version{cs}})
	return corpus.New("/fixture", works, []corpus.Problem{{Path: "坏文件.md", Reason: "empty", Skipped: true}})
}

// count runs a term query on field and returns the number of hits.
func count(t *testing.T, x *indexer.Index, field, term string) uint64 {
	t.Helper()
	var n uint64
	err := x.View(func(v *indexer.View) error {
		q := query.NewTermQuery(term)
		q.SetField(field)
		sr, err := v.Index.Search(bleve.NewSearchRequest(q))
		if err != nil {
			return err
		}
		n = sr.Total
		return nil
	})
	if err != nil {
		t.Fatalf("search %s:%s: %v", field, term, err)
	}
	return n
}

func buildDirs(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

func current(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, indexer.CurrentFile))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func TestBuildOpen(t *testing.T) {
	root := t.TempDir()
	c := smallCorpus(5)
	var calls, lastDone, lastTotal int
	meta, err := indexer.Build(context.Background(), c, root, indexer.BuildOptions{
		Analyzer: indexer.AnalyzerCJK, BatchSize: 4,
		Progress: func(done, total int) { calls++; lastDone, lastTotal = done, total },
	})
	if err != nil {
		t.Fatal(err)
	}
	// 5 works × (1 version + 3 articles) + 体育法 2 × (1+1) + case (1 + 2 sections)
	const wantDocs = 5*4 + 4 + 3
	if meta.Documents != wantDocs || indexer.Count(c) != wantDocs {
		t.Errorf("documents = %d, Count = %d, want %d", meta.Documents, indexer.Count(c), wantDocs)
	}
	if lastDone != wantDocs || lastTotal != wantDocs || calls != (wantDocs+3)/4 {
		t.Errorf("progress: %d calls, last %d/%d; want %d calls, last %d/%d", calls, lastDone, lastTotal, (wantDocs+3)/4, wantDocs, wantDocs)
	}
	if meta.Analyzer != indexer.AnalyzerCJK || meta.QueryAnalyzer != indexer.AnalyzerCJK || meta.Scoring != indexer.ScoringBM25 || meta.IndexBytes <= 0 ||
		meta.SnapshotBytes <= 0 || meta.Counts.Articles != 17 || meta.Counts.Problems != 1 || meta.CorpusRoot != "/fixture" {
		t.Errorf("meta = %+v", meta)
	}
	if got := current(t, root); got != meta.Dir {
		t.Errorf("CURRENT = %q, want %q", got, meta.Dir)
	}
	for _, f := range []string{indexer.MetaFile, indexer.SnapshotFile, indexer.IndexDir} {
		if _, err := os.Stat(filepath.Join(root, meta.Dir, f)); err != nil {
			t.Errorf("build dir lacks %s: %v", f, err)
		}
	}

	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Meta().Dir != meta.Dir || x.Meta().Documents != wantDocs {
		t.Errorf("opened meta = %+v", x.Meta())
	}
	// The snapshot comes back linked and whole.
	c2 := x.Corpus()
	if c2.Stats() != c.Stats() {
		t.Errorf("snapshot stats = %+v, want %+v", c2.Stats(), c.Stats())
	}
	a := c2.Article("sport-20161107-1")
	if a == nil || a.Version() == nil || a.Version().Work() == nil || a.Version().Work().ID != "sport" ||
		a.Version().ValidTo != corpus.NewDate(2023, 1, 1) {
		t.Errorf("snapshot article not linked: %+v", a)
	}

	tests := []struct {
		field, term string
		want        uint64
	}{
		{indexer.FieldType, indexer.TypeVersion, 5 + 2 + 1},
		{indexer.FieldType, indexer.TypeArticle, 17},
		{indexer.FieldType, indexer.TypeSection, 2},
		{indexer.FieldText, "罚款", 15 + 1}, // 5×3 articles + the case section
		{indexer.FieldTitle, "体育", 4},     // both versions and their articles
		{indexer.FieldAlias, "育法", 4},     // the alias 体育法, on every document of the work
		{indexer.FieldAlias, "华人", 0},     // the title is not an alias
		// the version's attributes are on its own document only: an
		// article is filtered by its version's ordinal
		{indexer.FieldRegion, "浙江", 5},
		{indexer.FieldRegionTree, "全国", 5 + 2 + 1},
		{indexer.FieldRegionTree, "浙江", 5},
		{indexer.FieldStatus, string(corpus.StatusAmended), 1},
		{indexer.FieldYear, "2023", 1}, // valid_from year, not the 2022 file date
		{indexer.FieldYear, "2016", 1},
		{indexer.FieldArticle, "第2条", 5},
		{indexer.FieldWorkID, "sport", 4},
		{indexer.FieldVersionID, "case-1", 3},
		{indexer.FieldKind, string(corpus.KindCase), 1},
		{indexer.FieldChapter, "裁判", 1},
	}
	for _, tt := range tests {
		if got := count(t, x, tt.field, tt.term); got != tt.want {
			t.Errorf("%s:%s = %d hits, want %d", tt.field, tt.term, got, tt.want)
		}
	}
}

func TestValidityRange(t *testing.T) {
	root := t.TempDir()
	// built with the other scoring model: ranges do not depend on it
	if _, err := indexer.Build(context.Background(), smallCorpus(1), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK, Scoring: indexer.ScoringTFIDF}); err != nil {
		t.Fatal(err)
	}
	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Meta().Scoring != indexer.ScoringTFIDF {
		t.Errorf("meta scoring = %q", x.Meta().Scoring)
	}
	inForce := func(d time.Time) uint64 {
		inc, exc := true, false
		from := query.NewDateRangeInclusiveQuery(time.Time{}, d, nil, &inc)
		from.SetField(indexer.FieldValidFrom)
		to := query.NewDateRangeInclusiveQuery(d, time.Time{}, &exc, nil)
		to.SetField(indexer.FieldValidTo)
		work := query.NewTermQuery("sport")
		work.SetField(indexer.FieldWorkID)
		typ := query.NewTermQuery(indexer.TypeVersion)
		typ.SetField(indexer.FieldType)
		var n uint64
		if err := x.View(func(v *indexer.View) error {
			sr, err := v.Index.Search(bleve.NewSearchRequest(query.NewConjunctionQuery([]query.Query{from, to, work, typ})))
			if err == nil {
				n = sr.Total
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		day  time.Time
		want uint64
	}{
		{time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), 0},
		{time.Date(2016, 11, 7, 0, 0, 0, 0, time.UTC), 1},  // first day of the old version
		{time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), 1}, // last day of the old version
		{time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), 1},   // first day of the new one: valid_to is exclusive
		{time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC), 1},   // open end
	}
	for _, tt := range tests {
		if got := inForce(tt.day); got != tt.want {
			t.Errorf("versions of 体育法 in force on %s = %d, want %d", tt.day.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestRebuildKeepsPrevious(t *testing.T) {
	root := t.TempDir()
	ctx := context.Background()
	var metas []*indexer.Meta
	for i := 1; i <= indexer.KeepBuilds+1; i++ {
		m, err := indexer.Build(ctx, smallCorpus(i), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK})
		if err != nil {
			t.Fatal(err)
		}
		metas = append(metas, m)
	}
	var want []string
	for _, m := range metas[1:] {
		want = append(want, m.Dir)
	}
	if dirs := buildDirs(t, root); !slices.Equal(dirs, want) {
		t.Errorf("build dirs after %d builds = %v, want the last %d %v", len(metas), dirs, indexer.KeepBuilds, want)
	}
	if got := current(t, root); got != metas[len(metas)-1].Dir {
		t.Errorf("CURRENT = %s, want %s", got, metas[len(metas)-1].Dir)
	}
}

// TestFailedBuildKeepsCurrent cancels one build midway and makes another
// fail, and checks that the old index still opens and answers and that no
// directory of the failed builds is left.
func TestFailedBuildKeepsCurrent(t *testing.T) {
	root := t.TempDir()
	good, err := indexer.Build(context.Background(), smallCorpus(2), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		build func() error
		check func(error) bool
	}{
		{"cancelled midway", func() error {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			batches := 0
			_, err := indexer.Build(ctx, smallCorpus(50), root, indexer.BuildOptions{
				Analyzer: indexer.AnalyzerCJK, BatchSize: 10,
				Progress: func(done, total int) {
					if batches++; batches == 3 {
						cancel()
					}
				},
			})
			if batches != 3 {
				return fmt.Errorf("build went on for %d batches after the cancel", batches)
			}
			return err
		}, func(err error) bool { return errors.Is(err, context.Canceled) }},
		{"deadline exceeded", func() error {
			ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			defer cancel()
			_, err := indexer.Build(ctx, smallCorpus(5), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK})
			return err
		}, func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"unknown analyzer", func() error {
			_, err := indexer.Build(context.Background(), smallCorpus(5), root, indexer.BuildOptions{Analyzer: "no_such_analyzer"})
			return err
		}, func(err error) bool { return corpus.ErrorCode(err) == corpus.CodeInvalid }},
		{"unknown scoring model", func() error {
			_, err := indexer.Build(context.Background(), smallCorpus(5), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK, Scoring: "pagerank"})
			return err
		}, func(err error) bool { return corpus.ErrorCode(err) == corpus.CodeInvalid }},
		{"nil corpus", func() error {
			_, err := indexer.Build(context.Background(), nil, root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK})
			return err
		}, func(err error) bool { return corpus.ErrorCode(err) == corpus.CodeInvalid }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.build()
			if err == nil || !tt.check(err) {
				t.Fatalf("build error = %v", err)
			}
			if got := current(t, root); got != good.Dir {
				t.Errorf("CURRENT = %s after a failed build, want %s", got, good.Dir)
			}
			if dirs := buildDirs(t, root); len(dirs) != 1 || dirs[0] != good.Dir {
				t.Errorf("build dirs = %v, want only %s", dirs, good.Dir)
			}
			x, err := indexer.Open(root)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if n := count(t, x, indexer.FieldText, "罚款"); n != 2*3+1 {
				t.Errorf("old index answers %d hits for 罚款, want 7", n)
			}
		})
	}
}

func TestConcurrentBuildConflicts(t *testing.T) {
	root := t.TempDir()
	started := make(chan struct{})
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var firstErr error
	go func() {
		defer wg.Done()
		once := sync.Once{}
		_, firstErr = indexer.Build(context.Background(), smallCorpus(20), root, indexer.BuildOptions{
			Analyzer: indexer.AnalyzerCJK, BatchSize: 5,
			Progress: func(done, total int) {
				once.Do(func() { close(started); <-release })
			},
		})
	}()
	<-started
	_, err := indexer.Build(context.Background(), smallCorpus(1), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK})
	close(release)
	wg.Wait()
	if corpus.ErrorCode(err) != corpus.CodeConflict {
		t.Errorf("second build error = %v, want a conflict", err)
	}
	if firstErr != nil {
		t.Errorf("first build: %v", firstErr)
	}
}

// TestLockRootBeforeBuild takes the lock as lawkb index does, before its
// import: another build fails at once, the holder's own build runs.
func TestLockRootBeforeBuild(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx") // LockRoot makes it
	l, err := indexer.LockRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := indexer.LockRoot(root); corpus.ErrorCode(err) != corpus.CodeConflict {
		t.Errorf("second LockRoot error = %v, want a conflict", err)
	}
	opts := indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK}
	if _, err := indexer.Build(context.Background(), smallCorpus(1), root, opts); corpus.ErrorCode(err) != corpus.CodeConflict {
		t.Errorf("build without the lock = %v, want a conflict", err)
	}
	other, err := indexer.LockRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Unlock()
	opts.Lock = other
	if _, err := indexer.Build(context.Background(), smallCorpus(1), root, opts); corpus.ErrorCode(err) != corpus.CodeInvalid {
		t.Errorf("build with another root's lock = %v, want invalid", err)
	}
	opts.Lock = l
	if _, err := indexer.Build(context.Background(), smallCorpus(1), root, opts); err != nil {
		t.Errorf("build with the lock held: %v", err)
	}
	l.Unlock()
	l.Unlock() // a second Unlock does nothing
	if _, err := indexer.Build(context.Background(), smallCorpus(1), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK}); err != nil {
		t.Errorf("build after Unlock: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	empty := t.TempDir()
	badPtr := t.TempDir()
	if err := os.WriteFile(filepath.Join(badPtr, indexer.CurrentFile), []byte("../../etc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := t.TempDir()
	if err := os.WriteFile(filepath.Join(missing, indexer.CurrentFile), []byte("20240101T000000Z-0123abcd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, root string
		want       corpus.Code
	}{
		{"no CURRENT", empty, corpus.CodeNotFound},
		{"CURRENT outside the root", badPtr, corpus.CodeUnavailable},
		{"CURRENT names a missing build", missing, corpus.CodeUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := indexer.Open(tt.root)
			if err == nil {
				x.Close()
				t.Fatal("Open succeeded")
			}
			if got := corpus.ErrorCode(err); got != tt.want {
				t.Errorf("error code = %s (%v), want %s", got, err, tt.want)
			}
		})
	}
}

func TestSwapAndReload(t *testing.T) {
	root := t.TempDir()
	ctx := context.Background()
	if _, err := indexer.Build(ctx, smallCorpus(1), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK}); err != nil {
		t.Fatal(err)
	}
	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if reloaded, err := x.Reload(ctx); err != nil || reloaded {
		t.Fatalf("Reload with no new build = %v, %v", reloaded, err)
	}

	// Searches keep running while a new build is swapped in.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := x.View(func(v *indexer.View) error {
					q := query.NewTermQuery("罚款")
					q.SetField(indexer.FieldText)
					sr, err := v.Index.Search(bleve.NewSearchRequest(q))
					if err != nil {
						return err
					}
					for _, h := range sr.Hits {
						// every hit must be in the snapshot of the same build
						if v.Corpus.Article(h.ID) == nil && v.Corpus.Section(h.ID) == nil {
							return fmt.Errorf("hit %s not in the view's corpus", h.ID)
						}
					}
					return nil
				})
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	m2, err := indexer.Build(ctx, smallCorpus(4), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK})
	if err != nil {
		t.Fatal(err)
	}
	if reloaded, err := x.Reload(ctx); err != nil || !reloaded {
		t.Fatalf("Reload after a build = %v, %v", reloaded, err)
	}
	time.Sleep(20 * time.Millisecond)
	close(stop)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatalf("search during swap: %v", err)
	default:
	}
	if x.Meta().Dir != m2.Dir {
		t.Errorf("after reload Meta().Dir = %s, want %s", x.Meta().Dir, m2.Dir)
	}
	if n := count(t, x, indexer.FieldText, "罚款"); n != 4*3+1 {
		t.Errorf("after swap 罚款 has %d hits, want 13", n)
	}

	// Swap consumes the other index: closing it afterwards is harmless.
	if _, err := indexer.Build(ctx, smallCorpus(2), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK}); err != nil {
		t.Fatal(err)
	}
	y, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Swap(y); err != nil {
		t.Fatal(err)
	}
	if err := y.Close(); err != nil {
		t.Errorf("closing a swapped-out index: %v", err)
	}
	if n := count(t, x, indexer.FieldText, "罚款"); n != 2*3+1 {
		t.Errorf("after Swap 罚款 has %d hits, want 7", n)
	}
	if err := x.Swap(y); corpus.ErrorCode(err) != corpus.CodeInvalid {
		t.Errorf("swapping in an emptied index: %v", err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.View(func(*indexer.View) error { return nil }); corpus.ErrorCode(err) != corpus.CodeUnavailable {
		t.Errorf("View on a closed index: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
