package analysis

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// sharedDir finds ../shared by walking up from the working directory to a
// directory that holds shared/corpus/lawrefbook, and skips the test when
// there is none.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared")
		if st, err := os.Stat(filepath.Join(cand, "corpus", "lawrefbook")); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("shared/corpus/lawrefbook not found above the working directory: the real corpus is needed for this test")
		}
		dir = parent
	}
}

// corpusFiles lists the Markdown files under dir, sorted, without the
// _index.md folder markers.
func corpusFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") && d.Name() != "_index.md" {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// articleChunks splits a corpus file into the pieces the indexer analyses:
// an article from its 第…条 line to the next label or heading, or any
// other run of text lines. Markdown headings, metadata and blank lines are
// left out.
func articleChunks(tb testing.TB, path string) [][]byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if _, body, ok := bytes.Cut(data, []byte("<!-- INFO END -->")); ok {
		data = body
	}
	var chunks [][]byte
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			chunks = append(chunks, cur)
			cur = nil
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		switch {
		case len(line) == 0:
			continue
		case line[0] == '#' || bytes.HasPrefix(line, []byte("<!--")):
			flush()
			continue
		case bytes.HasPrefix(line, []byte("第")):
			flush()
		}
		if len(cur) > 0 {
			cur = append(cur, '\n')
		}
		cur = append(cur, line...)
	}
	flush()
	return chunks
}
