package indexer_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// liveTree copies testdata/update into a temporary directory the test may
// change, and returns the LawRefBook tree and the standards folder in it.
func liveTree(t *testing.T) (tree, standards string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "update"))); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "lawrefbook"), filepath.Join(dir, "standards")
}

func loadTree(t *testing.T, tree, standards string) *corpus.Corpus {
	t.Helper()
	c, err := corpus.Load(context.Background(), tree, corpus.LoadOptions{
		Logger: quietLog, Standards: standards, Today: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hits returns the sorted ids of the documents matching term in field.
func hits(t *testing.T, x *indexer.Index, field, term string) []string {
	t.Helper()
	var ids []string
	err := x.View(func(v *indexer.View) error {
		q := query.NewTermQuery(term)
		q.SetField(field)
		r := bleve.NewSearchRequestOptions(q, 100, 0, false)
		sr, err := v.Index.Search(r)
		if err != nil {
			return err
		}
		for _, h := range sr.Hits {
			ids = append(ids, h.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ids)
	return ids
}

func openIndex(t *testing.T, root string) *indexer.Index {
	t.Helper()
	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func readManifest(t *testing.T, root, dir string) *indexer.Manifest {
	t.Helper()
	m, err := indexer.ReadManifest(filepath.Join(root, dir))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func ordinalsOf(t *testing.T, root, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, dir, indexer.OrdinalsFile))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestUpdate builds, then changes one file, deletes one and adds one, and
// checks that the update re-indexes exactly the documents that changed,
// that search sees the change, and that untouched documents keep their ids,
// fingerprints and facet ordinals; then adds a newer version of a law and
// checks that the older one's documents are re-indexed as 已修改.
func TestUpdate(t *testing.T) {
	ctx := context.Background()
	tree, stds := liveTree(t)
	root := t.TempDir()
	opts := indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK, Logger: quietLog, BatchSize: 3}

	c1 := loadTree(t, tree, stds)
	m1, err := indexer.Update(ctx, c1, root, opts) // no current build: a full one
	if err != nil {
		t.Fatal(err)
	}
	// 甲 1+3, 乙 1+2, 丙 1+2, one standard
	if m1.Mode != indexer.ModeFull || m1.Changes != nil || m1.Documents != 11 || indexer.Count(c1) != 11 {
		t.Fatalf("first build: mode %q changes %+v documents %d", m1.Mode, m1.Changes, m1.Documents)
	}
	man1 := readManifest(t, root, m1.Dir)
	if len(man1.Docs) != 11 || len(man1.Files) != 4 {
		t.Fatalf("manifest: %d docs, files %+v", len(man1.Docs), man1.Files)
	}
	jia := corpus.WorkID("甲市容管理法") + "-20200101"
	yi := corpus.WorkID("乙噪声条例") + "-20190101"
	bing := corpus.WorkID("丙养犬办法") + "-20180101"
	ding := corpus.WorkID("丁扬尘规定") + "-20210101"
	for _, f := range man1.Files {
		want := map[string][]string{
			"standards:目录.md":           {"std-gb12523-2011"},
			"行政法/丙养犬办法(2018-01-01).md":  {bing, bing + "-1", bing + "-2"},
			"行政法/乙噪声条例(2019-01-01).md":  {yi, yi + "-1", yi + "-2"},
			"行政法/甲市容管理法(2020-01-01).md": {jia, jia + "-1", jia + "-2", jia + "-3"},
		}[f.Path]
		if !slices.Equal(f.Docs, want) || len(f.SHA256) != 64 {
			t.Errorf("manifest file %s: docs %v sha %q, want %v", f.Path, f.Docs, f.SHA256, want)
		}
	}
	x := openIndex(t, root)
	if got := hits(t, x, indexer.FieldType, indexer.TypeStandard); !slices.Equal(got, []string{"std-gb12523-2011"}) {
		t.Errorf("standard documents %v", got)
	}
	if got := hits(t, x, indexer.FieldText, "牵引"); !slices.Equal(got, []string{bing + "-2"}) {
		t.Errorf("牵引 before the update: %v", got)
	}

	// Change 乙's second article, delete 丙, add 丁.
	writeFile(t, filepath.Join(tree, "行政法", "乙噪声条例(2019-01-01).md"),
		"# 乙噪声条例\n\n2018年12月1日 示例人民政府公布\n\n<!-- INFO END -->\n\n第一条 为了防治噪声，制定本条例。\n\n第二条 夜间作业应当取得许可，并采取防尘降噪措施。\n")
	if err := os.Remove(filepath.Join(tree, "行政法", "丙养犬办法(2018-01-01).md")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(tree, "行政法", "丁扬尘规定(2021-01-01).md"),
		"# 丁扬尘规定\n\n2020年12月1日 示例人民政府公布\n\n<!-- INFO END -->\n\n第一条 为了防治扬尘污染，制定本规定。\n\n第二条 运输渣土的车辆应当密闭。\n")
	c2 := loadTree(t, tree, stds)
	m2, err := indexer.Update(ctx, c2, root, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := indexer.Changes{FilesAdded: 1, FilesChanged: 1, FilesDeleted: 1,
		Files: []indexer.FileChange{
			{Path: "行政法/丁扬尘规定(2021-01-01).md", Change: "added"},
			{Path: "行政法/乙噪声条例(2019-01-01).md", Change: "changed"},
			{Path: "行政法/丙养犬办法(2018-01-01).md", Change: "deleted"},
		},
		Indexed: 1 + 3, Deleted: 3, Unchanged: 11 - 3 - 1} // 乙-2, 丁 1+2; 丙 1+2
	if m2.Mode != indexer.ModeIncremental || m2.Base != m1.Dir || m2.Changes == nil || !equalChanges(*m2.Changes, want) {
		t.Fatalf("update: mode %q base %q changes %+v\nwant %+v", m2.Mode, m2.Base, m2.Changes, want)
	}
	if m2.Documents != indexer.Count(c2) || m2.Documents != 11 {
		t.Errorf("documents %d, corpus %d", m2.Documents, indexer.Count(c2))
	}
	if swapped, err := x.Reload(ctx); err != nil || !swapped {
		t.Fatalf("reload: %v %v", swapped, err)
	}
	tests := []struct {
		field, term string
		want        []string
	}{
		{indexer.FieldText, "防尘", []string{yi + "-2"}},                    // the changed article's new text
		{indexer.FieldText, "施工", []string{"std-gb12523-2011"}},           // its old text is gone; the standard's scope has it
		{indexer.FieldText, "牵引", nil},                                    // the deleted file
		{indexer.FieldText, "渣土", []string{ding + "-2"}},                  // the added file
		{indexer.FieldText, "摆摊", []string{jia + "-2"}},                   // untouched
		{indexer.FieldWorkID, corpus.WorkID("丙养犬办法"), nil},                // no document of 丙 is left
		{indexer.FieldType, indexer.TypeVersion, []string{ding, jia, yi}}, // versions
	}
	for _, tt := range tests {
		if got := hits(t, x, tt.field, tt.term); !slices.Equal(got, tt.want) {
			t.Errorf("%s:%s = %v, want %v", tt.field, tt.term, got, tt.want)
		}
	}
	man2 := readManifest(t, root, m2.Dir)
	for _, id := range []string{jia, jia + "-1", jia + "-2", jia + "-3", yi, yi + "-1", "std-gb12523-2011"} {
		if man1.Docs[id] == "" || man1.Docs[id] != man2.Docs[id] {
			t.Errorf("untouched %s: fingerprint %q → %q", id, man1.Docs[id], man2.Docs[id])
		}
	}
	if man1.Docs[yi+"-2"] == man2.Docs[yi+"-2"] {
		t.Errorf("changed %s kept its fingerprint", yi+"-2")
	}
	ord1, ord2 := ordinalsOf(t, root, m1.Dir), ordinalsOf(t, root, m2.Dir)
	if i := slices.Index(ord1, jia); i < 0 || ord2[i] != jia {
		t.Errorf("甲's ordinal moved: %q → %q", ord1, ord2)
	}
	if i := slices.Index(ord1, bing); i < 0 || ord2[i] != "" {
		t.Errorf("丙's ordinal not blanked: %q → %q", ord1, ord2)
	}
	if len(ord2) != len(ord1)+1 || ord2[len(ord2)-1] != ding {
		t.Errorf("丁 not appended: %q", ord2)
	}
	err = x.View(func(v *indexer.View) error {
		if len(v.Versions) != len(ord2) || len(v.Standards) != len(ord2) {
			t.Errorf("view: %d versions, %d standards, %d ordinals", len(v.Versions), len(v.Standards), len(ord2))
		}
		for num, ord := range v.DocVersions {
			if ord >= 0 && v.Versions[ord] == nil && v.Standards[ord] == nil {
				t.Errorf("document %d names the empty ordinal %d", num, ord)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A newer text of 甲: the old one becomes 已修改, so its version
	// document is re-indexed though its file did not change; its articles
	// carry no status (search filters them by their version's), so they
	// stay as they are.
	writeFile(t, filepath.Join(tree, "行政法", "甲市容管理法(2023-01-01).md"),
		"# 甲市容管理法\n\n2022年12月1日 示例人民代表大会常务委员会修正\n\n<!-- INFO END -->\n\n第一条 为了加强市容管理，制定本法。\n\n第二条 任何单位和个人不得占用道路摆摊设点。\n\n第三条 违反本法第二条规定的，责令改正，处一百元以上一千元以下罚款。\n")
	m3, err := indexer.Update(ctx, loadTree(t, tree, stds), root, opts)
	if err != nil {
		t.Fatal(err)
	}
	if ch := m3.Changes; ch == nil || ch.Indexed != 5 || ch.Deleted != 0 || ch.FilesAdded != 1 || ch.FilesChanged != 0 {
		t.Fatalf("newer version: changes %+v, want 4 new documents and the old version's re-indexed", ch)
	}
	if _, err := x.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hits(t, x, indexer.FieldStatus, string(corpus.StatusAmended)); !slices.Equal(got, []string{jia}) {
		t.Errorf("已修改 documents %v", got)
	}
	// The last KeepBuilds builds are kept: the fallbacks of a server.
	if dirs := buildDirs(t, root); len(dirs) != indexer.KeepBuilds || dirs[1] != m2.Dir || dirs[2] != m3.Dir {
		t.Errorf("build dirs %v, want %d ending in %v", dirs, indexer.KeepBuilds, []string{m2.Dir, m3.Dir})
	}
}

func equalChanges(a, b indexer.Changes) bool {
	return a.FilesAdded == b.FilesAdded && a.FilesChanged == b.FilesChanged && a.FilesDeleted == b.FilesDeleted &&
		slices.Equal(a.Files, b.Files) && a.Indexed == b.Indexed && a.Deleted == b.Deleted && a.Unchanged == b.Unchanged
}

// TestUpdateFallsBackToFull: a base made with another ranking model, or
// without a manifest, cannot be updated; the build is then a full one.
func TestUpdateFallsBackToFull(t *testing.T) {
	ctx := context.Background()
	tree, stds := liveTree(t)
	c := loadTree(t, tree, stds)
	root := t.TempDir()
	opts := indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK, Logger: quietLog}
	m1, err := indexer.Build(ctx, c, root, opts)
	if err != nil {
		t.Fatal(err)
	}
	tfidf := opts
	tfidf.Scoring = indexer.ScoringTFIDF
	m2, err := indexer.Update(ctx, c, root, tfidf)
	if err != nil || m2.Mode != indexer.ModeFull || m2.Scoring != indexer.ScoringTFIDF {
		t.Fatalf("another scoring: mode %q scoring %q err %v", m2.Mode, m2.Scoring, err)
	}
	if err := os.Remove(filepath.Join(root, m2.Dir, indexer.ManifestFile)); err != nil {
		t.Fatal(err)
	}
	m3, err := indexer.Update(ctx, c, root, tfidf)
	if err != nil || m3.Mode != indexer.ModeFull {
		t.Fatalf("no manifest: mode %q err %v", m3.Mode, err)
	}
	m4, err := indexer.Update(ctx, c, root, tfidf)
	if err != nil || m4.Mode != indexer.ModeIncremental || m4.Changes.Indexed != 0 || m4.Changes.Deleted != 0 || m4.Changes.Unchanged != m1.Documents {
		t.Fatalf("nothing changed: mode %q changes %+v err %v", m4.Mode, m4.Changes, err)
	}
}

// TestUpdateFailureKeepsCurrent: a cancelled update stops and leaves
// CURRENT and the build directories as they were; a base whose index was
// changed behind its checksums is not copied: the build is a full one.
func TestUpdateFailureKeepsCurrent(t *testing.T) {
	ctx := context.Background()
	tree, stds := liveTree(t)
	c := loadTree(t, tree, stds)
	root := t.TempDir()
	opts := indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK, Logger: quietLog}
	m1, err := indexer.Build(ctx, c, root, opts)
	if err != nil {
		t.Fatal(err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := indexer.Update(cancelled, c, root, opts); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled update: err %v", err)
	}
	if cur := current(t, root); cur != m1.Dir {
		t.Errorf("CURRENT = %s after a cancelled update, want %s", cur, m1.Dir)
	}

	// Damage the base: drop a document from its index behind the manifest.
	idx, err := bleve.Open(filepath.Join(root, m1.Dir, indexer.IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	gone := corpus.WorkID("甲市容管理法") + "-20200101-1"
	if err := idx.Delete(gone); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if dirs := buildDirs(t, root); !slices.Equal(dirs, []string{m1.Dir}) {
		t.Errorf("build dirs %v after a cancelled update, want only %s", dirs, m1.Dir)
	}
	m2, err := indexer.Update(ctx, c, root, opts)
	if err != nil || m2.Mode != indexer.ModeFull || m2.Documents != m1.Documents {
		t.Fatalf("damaged base: mode %q, %d documents, err %v; want a full build of %d", m2.Mode, m2.Documents, err, m1.Documents)
	}
	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := hits(t, x, "_id", gone); len(got) != 1 {
		t.Errorf("%s after the full build: %v", gone, got)
	}
}
