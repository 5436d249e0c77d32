package corpus_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/internal/testshared"
)

// The -update flag may be registered by another test file of the package;
// register it only once and read it by name.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// parsedFile is what a golden file holds: the version and the problems.
type parsedFile struct {
	Version  *corpus.Version  `json:"version"`
	Problems []corpus.Problem `json:"problems"`
}

// parseFixtures lists testdata/*.md and testdata/案例/**/*.md,
// as paths relative to testdata (which is what the parser sees as rel).
func parseFixtures(t *testing.T) []string {
	t.Helper()
	var out []string
	root, err := filepath.EvalSymlinks("testdata")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Top-level folders other than 案例/ hold other tests' data (the
		// Load tree, fuzz corpora, other parsers' fixtures).
		if d.IsDir() && filepath.Dir(p) == root && d.Name() != "案例" {
			return fs.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("found %d parser fixtures, want the whole set", len(out))
	}
	return out
}

func TestParseFileGolden(t *testing.T) {
	for _, rel := range parseFixtures(t) {
		t.Run(rel, func(t *testing.T) {
			src := filepath.Join("testdata", filepath.FromSlash(rel))
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			v, probs := corpus.ParseFile(rel, data)
			got, err := json.MarshalIndent(parsedFile{Version: v, Problems: probs}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(src, ".md") + ".golden.json"
			if updating() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestParseFileGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ParseFile(%s) differs from %s; run with -update and review the diff\n%s", rel, golden, testshared.FirstDiff(string(want), string(got)))
			}
		})
	}
}

// FuzzParseFile feeds arbitrary bytes to the parser: it must never panic,
// and what it returns must hold together.
func FuzzParseFile(f *testing.F) {
	root, err := filepath.EvalSymlinks("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"示例管理法(2021-01-22).md", "编号缺漏规定(2010-07-30).md", "某省示例保护条例(2019-03-28).md",
		"最高人民法院关于示例纠纷案件若干问题的解答(1993-08-07).md", "示例批准条例(2014-01-01).md", "无标记规定.md"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data)
	}
	f.Add("案例/x/y.md", []byte("# 案\n<!-- INFO END -->\n## 基本案情\n第一条 引用\n"))
	f.Fuzz(func(t *testing.T, rel string, data []byte) {
		v, probs := corpus.ParseFile(rel, data)
		if v == nil {
			if len(probs) != 1 || !probs[0].Skipped || probs[0].Reason == "" {
				t.Fatalf("nil version with problems %v, want one skipped problem", probs)
			}
			return
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		ids := map[string]bool{}
		for _, a := range v.Articles {
			if a.Number <= 0 || a.Label != corpus.ArticleLabel(a.Number, a.Suffix) || a.Line < 1 || a.Line > lines {
				t.Fatalf("article %+v is inconsistent", a)
			}
			if ids[a.ID] {
				t.Fatalf("duplicate article id %s", a.ID)
			}
			ids[a.ID] = true
		}
		for _, s := range v.Sections {
			if s.Text == "" || s.Line < 1 || s.Line > lines || ids[s.ID] {
				t.Fatalf("section %+v is inconsistent", s)
			}
			ids[s.ID] = true
		}
		for _, p := range probs {
			if p.Skipped || p.Path != rel || p.Line < 0 || p.Line > lines {
				t.Fatalf("problem %+v is inconsistent", p)
			}
		}
		if v.Title == "" || v.ID != corpus.WorkID(v.Title)+"-"+v.Date.Compact() {
			t.Fatalf("version %q id %s", v.Title, v.ID)
		}
	})
}
