package indexer_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// BenchmarkUpdate measures an incremental build over the whole real corpus:
// a copy of it is built in full once, then each iteration changes one
// article of one law, deletes one file and adds one, imports the tree again
// and updates the index. It reports the full build's seconds, the import's
// and the update's, and the documents the update re-indexed and deleted
// (checked against what the change must touch). Run it with -benchtime=1x:
// one iteration costs an import and an update of the whole corpus.
func BenchmarkUpdate(b *testing.B) {
	shared := sharedCorpus(b)
	seg, err := analysis.New(analysis.Options{Dicts: thuocl(shared)})
	if err != nil {
		b.Fatal(err)
	}
	analysis.Use(seg)
	tree := filepath.Join(b.TempDir(), "lawrefbook")
	if err := os.CopyFS(tree, os.DirFS(shared)); err != nil {
		b.Fatal(err)
	}
	stds := filepath.Join(shared, "..", "standards")
	ctx := context.Background()
	load := func() (*corpus.Corpus, time.Duration) {
		start := time.Now()
		c, err := corpus.Load(ctx, tree, corpus.LoadOptions{Logger: quietLog, Standards: stds})
		if err != nil {
			b.Fatal(err)
		}
		return c, time.Since(start)
	}
	root := b.TempDir()
	c, _ := load()
	start := time.Now()
	full, err := indexer.Build(ctx, c, root, indexer.BuildOptions{Logger: quietLog})
	if err != nil {
		b.Fatal(err)
	}
	fullTime := time.Since(start)

	// The change: 行政处罚法's first article gains a sentence, one small
	// regulation is deleted (and restored the next round), one new file.
	changed := filepath.Join(tree, "行政法", "行政处罚法(2021-01-22).md")
	orig, err := os.ReadFile(changed)
	if err != nil {
		b.Skipf("fixture law not in this corpus: %v", err)
	}
	var victim string
	var victimData []byte
	entries, err := os.ReadDir(filepath.Join(tree, "行政法规"))
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && e.Name() != "_index.md" {
			victim = filepath.Join(tree, "行政法规", e.Name())
			victimData, err = os.ReadFile(victim)
			if err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	added := filepath.Join(tree, "行政法规", "基准测试新增条例(2024-01-01).md")
	var loadTime, updateTime time.Duration
	var indexed, deleted int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		even := i%2 == 0
		text := strings.Replace(string(orig), "制定本法。", "制定本法。基准测试第"+strconv.Itoa(i)+"轮。", 1)
		if err := os.WriteFile(changed, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		if even {
			err = os.Remove(victim)
		} else {
			err = os.WriteFile(victim, victimData, 0o644)
		}
		if err != nil {
			b.Fatal(err)
		}
		if even {
			err = os.WriteFile(added, []byte("# 基准测试新增条例\n\n<!-- INFO END -->\n\n第一条 为了测量增量索引，制定本条例。\n"), 0o644)
		} else {
			err = os.Remove(added)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c, lt := load()
		us := time.Now()
		m, err := indexer.Update(ctx, c, root, indexer.BuildOptions{Logger: quietLog})
		if err != nil {
			b.Fatal(err)
		}
		updateTime += time.Since(us)
		loadTime += lt
		if m.Mode != indexer.ModeIncremental || m.Changes.FilesChanged != 1 || m.Changes.FilesAdded+m.Changes.FilesDeleted != 2 {
			b.Fatalf("round %d: mode %s changes %+v", i, m.Mode, m.Changes)
		}
		indexed += m.Changes.Indexed
		deleted += m.Changes.Deleted
	}
	b.ReportMetric(fullTime.Seconds(), "full_s")
	b.ReportMetric(loadTime.Seconds()/float64(b.N), "import_s/op")
	b.ReportMetric(updateTime.Seconds()/float64(b.N), "update_s/op")
	b.ReportMetric(float64(indexed)/float64(b.N), "indexed/op")
	b.ReportMetric(float64(deleted)/float64(b.N), "deleted/op")
	b.ReportMetric(float64(full.Documents), "docs")
}
