package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
	"github.com/lawkb/lawkb/search"
)

// fixture is the index built once from testdata/corpus.json with lawkb_zh.
var fixture struct {
	corpus *corpus.Corpus
	index  *indexer.Index
	s      *search.Searcher
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	seg, err := analysis.New(analysis.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "segmenter:", err)
		return 1
	}
	analysis.Use(seg)
	c, err := loadFixture("testdata/corpus.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	root, err := os.MkdirTemp("", "lawkb-search-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(root)
	if _, err := indexer.Build(context.Background(), c, root, indexer.BuildOptions{}); err != nil {
		fmt.Fprintln(os.Stderr, "build fixture index:", err)
		return 1
	}
	x, err := indexer.Open(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open fixture index:", err)
		return 1
	}
	defer x.Close()
	fixture.corpus, fixture.index, fixture.s = x.Corpus(), x, search.New(x, search.Options{})
	defer removeBenchIndex()
	defer closeItemsFixture()
	return m.Run()
}

// loadFixture reads a corpus written as JSON works.
func loadFixture(path string) (*corpus.Corpus, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Works []*corpus.Work `json:"works"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return corpus.New("testdata", f.Works, nil), nil
}
