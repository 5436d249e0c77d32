package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// TestIndexCarriesDictionary builds with an extra dictionary, then opens
// the index from another working directory after the dictionary is gone:
// the segmenter loads the build's own copy. lawkb index --verify reports
// the build intact, then names the file a damage hits.
func TestIndexCarriesDictionary(t *testing.T) {
	def, err := analysis.Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { analysis.Use(def) })
	ctx := context.Background()
	tmp := t.TempDir()
	dict := filepath.Join(tmp, "legal.txt")
	src, err := os.ReadFile(filepath.Join("..", "..", "indexer", "analysis", "testdata", "extra.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, dict, string(src))
	root := filepath.Join(tmp, "index")
	fix, _ := filepath.Abs(filepath.Join("testdata", "live"))
	if err := runIndex(ctx, []string{"--corpus", filepath.Join(fix, "lawrefbook"), "--standards", "", "--catalog", tmp,
		"--index", root, "--dict", dict, "--full"}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(dict); err != nil {
		t.Fatal(err)
	}
	analysis.Use(def) // a fresh process: nothing loaded
	t.Chdir(t.TempDir())

	idx, err := openIndex(root)
	if err != nil {
		t.Fatal(err)
	}
	build := idx.Meta().Dir
	idx.Close()
	seg, err := analysis.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, build, indexer.DictDir, "legal.txt")
	if d := seg.Dicts(); len(d) != 1 || d[0].Path != want {
		t.Errorf("segmenter dictionaries %+v, want the build's copy %s", seg.Stats().Extra, want)
	}

	var out bytes.Buffer
	if err := runVerify(root, indexer.CheckFull, &out); err != nil || !strings.Contains(out.String(), "ok      * "+build) {
		t.Fatalf("verify an intact index: %v\n%s", err, out.String())
	}
	if err := os.WriteFile(filepath.Join(root, build, indexer.DictDir, "legal.txt"), []byte("篡改\t100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = runVerify(root, indexer.CheckFull, &out)
	if err == nil || !strings.Contains(out.String(), "build "+build+" is damaged: dict/legal.txt") {
		t.Errorf("verify a damaged index: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := runVerify(filepath.Join(root, build), indexer.CheckFull, &out); err == nil || !strings.Contains(out.String(), "dict/legal.txt") {
		t.Errorf("verify a damaged build directory: %v\n%s", err, out.String())
	}
}
