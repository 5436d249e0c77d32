package learn_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search/learn"
)

// ids returns n record ids of set that Frozen puts on the given side.
func ids(set string, frozen bool, n int) []string {
	var out []string
	for i := 0; len(out) < n; i++ {
		if id := fmt.Sprintf("q%d", i); learn.Frozen(set, id) == frozen {
			out = append(out, id)
		}
	}
	return out
}

// Questions teach the words people use for an article, for its work and
// for its chapter; a frozen question teaches nothing; the model survives
// Write and Read.
func TestBuildChapters(t *testing.T) {
	quiet := slog.New(slog.DiscardHandler)
	c, err := corpus.Load(context.Background(), "testdata/corpus", corpus.LoadOptions{
		Logger: quiet, Today: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	tuned, frozen := ids("qs", false, 3), ids("qs", true, 1)
	var b strings.Builder
	for _, q := range []struct {
		id, text string
		article  int
	}{
		{tuned[0], "出租 房子 坏了 谁 修", 712},
		{tuned[1], "出租 损耗 赔偿", 710},
		{tuned[2], "房东 出租 收 租金", 703},
		{frozen[0], "出租 秘密词", 735},
	} {
		rec, _ := json.Marshal(map[string]any{"id": q.id, "query": q.text,
			"gold": []map[string]any{{"title": "民法典", "article_no": q.article}}})
		b.Write(rec)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "qs.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := learn.Build(c, learn.Options{Questions: []string{path}, Words: strings.Fields, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if m.Pairs[learn.SourceQuestions] != 3 || m.Frozen != 1 {
		t.Fatalf("pairs %v, frozen %d: want 3 questions learned and 1 frozen left out", m.Pairs, m.Frozen)
	}
	var lease, finance *corpus.Article
	for _, w := range c.Works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				switch a.Number {
				case 712:
					lease = a
				case 735:
					finance = a
				}
			}
		}
	}
	if lease == nil || finance == nil || len(lease.Chapter) == 0 {
		t.Fatal("fixture: articles 712 and 735 with their chapters not found")
	}
	want := []learn.WorkShare{{Work: learn.ChapterKey(lease), Share: 1}}
	if got := m.Chapters["出租"]; !reflect.DeepEqual(got, want) {
		t.Errorf("chapters of 出租 = %v, want %v", got, want)
	}
	if learn.ChapterKey(lease) == learn.ChapterKey(finance) {
		t.Errorf("two chapters share the key %q", learn.ChapterKey(lease))
	}
	if _, ok := m.Chapters["秘密词"]; ok {
		t.Error("a word of a frozen question was learned")
	}
	if got := m.Asked[learn.Key(finance)]; len(got) != 0 {
		t.Errorf("the frozen question's article learned words %v", got)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := learn.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Chapters, m.Chapters) || !reflect.DeepEqual(back.Works, m.Works) {
		t.Error("chapters or works changed through Write and Read")
	}
}
