package indexer_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// twoBuilds builds the fixture tree into a new root twice, with the gse
// analyzer and an asset, and returns the root and both builds: the older
// one is the fallback of the current one.
func twoBuilds(t *testing.T) (root string, older, cur *indexer.Meta) {
	t.Helper()
	tree, stds := liveTree(t)
	c := loadTree(t, tree, stds)
	root = t.TempDir()
	opts := indexer.BuildOptions{Logger: quietLog, Assets: map[string][]byte{"learned.gob.zst": []byte("a learned model")}}
	older, err := indexer.Build(context.Background(), c, root, opts)
	if err != nil {
		t.Fatal(err)
	}
	cur, err = indexer.Build(context.Background(), c, root, opts)
	if err != nil {
		t.Fatal(err)
	}
	return root, older, cur
}

// copyRoot copies an index root, so that each case damages its own.
func copyRoot(t *testing.T, root string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// firstFile returns the first file under dir/sub whose name ends in
// suffix, relative to dir with slashes.
func firstFile(t *testing.T, dir, sub, suffix string) string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			rel, _ := filepath.Rel(dir, p)
			found = append(found, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil || len(found) == 0 {
		t.Fatalf("no %s file under %s: %v", suffix, filepath.Join(dir, sub), err)
	}
	slices.Sort(found)
	return found[0]
}

func overwrite(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	junk := make([]byte, min(64<<10, st.Size()))
	for i := range junk {
		junk[i] = byte(i*7 + 3)
	}
	if _, err := f.WriteAt(junk, st.Size()/2-int64(len(junk))/2); err != nil {
		t.Fatal(err)
	}
}

func truncate(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

// TestCorruptBuild damages one file of the current build in each way a
// disk or a person does, and checks that the build is refused with the
// file named, that the older intact build serves instead, and that without
// it nothing serves: never healthy and wrong.
func TestCorruptBuild(t *testing.T) {
	root, older, cur := twoBuilds(t)
	dir := filepath.Join(root, cur.Dir)
	segment := firstFile(t, dir, indexer.IndexDir, ".zap")
	bolt := firstFile(t, dir, indexer.IndexDir, ".bolt") // scorch's snapshot of its segments
	tests := []struct {
		name, file string
		damage     func(t *testing.T, path string)
		sizes      bool // a sizes-only check sees it too
	}{
		{"segment deleted", segment, remove, true},
		{"segment truncated", segment, truncate, true},
		{"segment overwritten", segment, overwrite, false},
		{"bleve snapshot deleted", bolt, remove, true},
		{"bleve snapshot truncated", bolt, truncate, true},
		{"bleve snapshot overwritten", bolt, overwrite, false},
		{"corpus snapshot truncated", indexer.SnapshotFile, truncate, true},
		{"corpus snapshot overwritten", indexer.SnapshotFile, overwrite, false},
		{"asset overwritten", "learned.gob.zst", overwrite, false},
		{"meta.json overwritten", indexer.MetaFile, overwrite, false},
		{"ordinals deleted", indexer.OrdinalsFile, remove, true},
		{"manifest deleted", indexer.IntegrityFile, remove, true},
		{"manifest truncated", indexer.IntegrityFile, truncate, true},
		{"manifest overwritten", indexer.IntegrityFile, overwrite, true},
		{"a file added", indexer.IndexDir + "/store/000000ffffff.zap", func(t *testing.T, p string) { writeFile(t, p, "zap") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := copyRoot(t, root)
			d := filepath.Join(r, cur.Dir)
			tt.damage(t, filepath.Join(d, filepath.FromSlash(tt.file)))

			checks := []indexer.Check{indexer.CheckFull}
			if tt.sizes {
				checks = append(checks, indexer.CheckSizes)
			}
			for _, check := range checks {
				_, err := indexer.Verify(d, check)
				var dmg *indexer.DamageError
				if !errors.As(err, &dmg) || dmg.File != tt.file || dmg.Build != cur.Dir {
					t.Fatalf("Verify(%s) = %v, want the damage of %s named", check, err, tt.file)
				}
				if corpus.ErrorCode(err) != corpus.CodeUnavailable {
					t.Errorf("Verify(%s): code %s", check, corpus.ErrorCode(err))
				}
				if strings.HasSuffix(tt.name, "truncated") && tt.file != indexer.IntegrityFile && !strings.Contains(err.Error(), "truncated") {
					t.Errorf("Verify(%s) = %v, want it to say truncated", check, err)
				}
			}

			x, err := indexer.OpenWith(r, indexer.OpenOptions{Logger: quietLog})
			if err != nil {
				t.Fatalf("the older build does not serve: %v", err)
			}
			st := x.Status()
			if got := x.Meta().Dir; got != older.Dir || len(st.Refused) != 1 || !strings.Contains(st.Refused[0], tt.file) {
				t.Errorf("serving %s, refused %q; want %s, refused for %s", got, st.Refused, older.Dir, tt.file)
			}
			if n := len(hits(t, x, indexer.FieldType, indexer.TypeArticle)); n == 0 {
				t.Error("the older build answers nothing")
			}
			x.Close()

			if err := os.RemoveAll(filepath.Join(r, older.Dir)); err != nil {
				t.Fatal(err)
			}
			x, err = indexer.OpenWith(r, indexer.OpenOptions{Logger: quietLog})
			if err == nil {
				x.Close()
				t.Fatal("a damaged build opened")
			}
			if corpus.ErrorCode(err) != corpus.CodeUnavailable || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("Open = %v, want unavailable naming %s", err, tt.file)
			}
		})
	}
}

// TestCorruptBuildDocCount changes the index behind the build's back and
// records the checksums anew: the files verify, the document count does
// not.
func TestCorruptBuildDocCount(t *testing.T) {
	root, older, cur := twoBuilds(t)
	dir := filepath.Join(root, cur.Dir)
	idx, err := bleve.Open(filepath.Join(dir, indexer.IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Delete(corpus.WorkID("甲市容管理法") + "-20200101-1"); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := indexer.RewriteIntegrity(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := indexer.Verify(dir, indexer.CheckFull); err != nil {
		t.Fatalf("the rewritten build does not verify: %v", err)
	}
	x, err := indexer.OpenWith(root, indexer.OpenOptions{Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	st := x.Status()
	if x.Meta().Dir != older.Dir || len(st.Refused) != 1 || !strings.Contains(st.Refused[0], "documents, the build wrote") {
		t.Errorf("serving %s, refused %q; want %s, refused for its document count", x.Meta().Dir, st.Refused, older.Dir)
	}
}

// TestReloadRefusesDamage: a reindex whose new build is damaged changes
// nothing; the served build keeps answering.
func TestReloadRefusesDamage(t *testing.T) {
	root, _, cur := twoBuilds(t)
	x, err := indexer.OpenWith(root, indexer.OpenOptions{Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	tree, stds := liveTree(t)
	next, err := indexer.Build(context.Background(), loadTree(t, tree, stds), root, indexer.BuildOptions{Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	seg := firstFile(t, filepath.Join(root, next.Dir), indexer.IndexDir, ".zap")
	overwrite(t, filepath.Join(root, next.Dir, seg))
	swapped, err := x.Reload(context.Background())
	if swapped || err == nil || !strings.Contains(err.Error(), seg) {
		t.Errorf("Reload = %v, %v; want a refusal naming %s", swapped, err, seg)
	}
	if x.Meta().Dir != cur.Dir || len(hits(t, x, indexer.FieldType, indexer.TypeArticle)) == 0 {
		t.Errorf("after the refused reload: serving %s", x.Meta().Dir)
	}
}

// TestBuildCarriesDictionaries: the extra dictionary the build's segmenter
// loaded is copied into the build, checksummed, and a process whose
// segmenter did not load it cannot open the build.
func TestBuildCarriesDictionaries(t *testing.T) {
	def, err := analysis.Default()
	if err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join("analysis", "testdata", "extra.txt")
	seg, err := analysis.New(analysis.Options{Dicts: []string{extra}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	analysis.Use(seg)
	t.Cleanup(func() { analysis.Use(def) })
	root := t.TempDir()
	m, err := indexer.Build(context.Background(), smallCorpus(2), root, indexer.BuildOptions{Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, m.Dir)
	want, _ := os.ReadFile(extra)
	got, err := os.ReadFile(filepath.Join(dir, indexer.DictDir, "extra.txt"))
	if err != nil || string(got) != string(want) {
		t.Fatalf("the build's copy of %s: %v", extra, err)
	}
	if len(m.Dicts) != 1 || m.Dicts[0].Path != "dict/extra.txt" || m.Dicts[0].SHA256 != seg.Dicts()[0].SHA256 {
		t.Errorf("Meta.Dicts = %+v", m.Dicts)
	}
	if paths := indexer.DictPaths(dir, *m); len(paths) != 1 || paths[0] != filepath.Join(dir, "dict", "extra.txt") {
		t.Errorf("DictPaths = %q", paths)
	}
	v, err := indexer.Verify(dir, indexer.CheckFull)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(v.Integrity.Files, func(f indexer.FileSum) bool { return f.Path == "dict/extra.txt" }) {
		t.Error("the integrity manifest does not list dict/extra.txt")
	}

	analysis.Use(def)
	if x, err := indexer.OpenWith(root, indexer.OpenOptions{Logger: quietLog}); err == nil {
		x.Close()
		t.Fatal("a build opened under a segmenter without its dictionary")
	} else if !strings.Contains(err.Error(), "dict/extra.txt") {
		t.Errorf("Open = %v, want the dictionary named", err)
	}
	// Prepare is where a server loads the build's own copies.
	x, err := indexer.OpenWith(root, indexer.OpenOptions{Logger: quietLog, Prepare: func(dir string, meta indexer.Meta) error {
		s, err := analysis.New(analysis.Options{Dicts: indexer.DictPaths(dir, meta), Logger: slog.New(slog.DiscardHandler)})
		if err == nil {
			analysis.Use(s)
		}
		return err
	}})
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
}

// FuzzVerify reads any integrity.json beside a real build: an error or an
// intact verdict, never a panic.
func FuzzVerify(f *testing.F) {
	root := f.TempDir()
	m, err := indexer.Build(context.Background(), smallCorpus(1), root, indexer.BuildOptions{Analyzer: indexer.AnalyzerCJK, Logger: quietLog})
	if err != nil {
		f.Fatal(err)
	}
	dir := filepath.Join(root, m.Dir)
	good, err := os.ReadFile(filepath.Join(dir, indexer.IntegrityFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(good))
	f.Add(`{"format":1,"build":"` + m.Dir + `","files":[{"path":"../x","size":-1}]}`)
	f.Add(`{"format":1}`)
	f.Fuzz(func(t *testing.T, text string) {
		if err := os.WriteFile(filepath.Join(dir, indexer.IntegrityFile), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, c := range []indexer.Check{indexer.CheckSizes, indexer.CheckFull} {
			if _, err := indexer.Verify(dir, c); err != nil && !errors.As(err, new(*indexer.DamageError)) {
				t.Fatalf("Verify(%s): %v is not a DamageError", c, err)
			}
		}
	})
}
