package corpus_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func TestParseStandards(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "standards", "catalogue.md"))
	if err != nil {
		t.Fatal(err)
	}
	stds, probs := corpus.ParseStandards("catalogue.md", data)
	want := []corpus.Standard{
		{ID: "std-gb1111-2001", Code: "GB 1111-2001", Title: "示例污水排放标准", Status: corpus.StatusInForce, StatusText: "有效",
			Effective: corpus.NewDate(2002, 1, 1), Category: "水环境保护", Link: "/static/pdf/GB-1111-2001.pdf",
			Scope:  []string{"本标准适用于示例单位污水的排放管理。", "本标准规定了示例污染物的排放限值、监测和监督管理要求。"},
			Source: "catalogue.md", Line: 14},
		{ID: "std-gb-t2222-2010", Code: "GB/T 2222-2010", Title: "示例地表水质量标准", Status: corpus.StatusRepealed, StatusText: "废止",
			Effective: corpus.NewDate(2010, 7, 1), Category: "水环境保护", Link: "/static/pdf/GB-T-2222-2010.pdf",
			Source: "catalogue.md", Line: 26},
		{ID: "std-db44-333-2019", Code: "DB 44/333-2019", Title: "示例省锅炉排放标准", Status: corpus.StatusInForce, StatusText: "有效",
			Effective: corpus.NewDate(2019, 12, 1), Category: "大气环境保护", Link: "/static/pdf/DB-44-333-2019.pdf",
			Region: corpus.Region{Province: "广东"}, Scope: []string{"本标准适用于示例省境内的燃煤锅炉。"},
			Source: "catalogue.md", Line: 32},
		{ID: "std-hj4.4-2020", Code: "HJ 4.4-2020", Title: "状态未知的标准", StatusText: "待定", Category: "大气环境保护",
			Link: "/x.pdf", Source: "catalogue.md", Line: 52},
		{ID: "std-gb1111-2001", Code: "GB 1111-2001", Title: "重复的标准", Status: corpus.StatusInForce, StatusText: "有效",
			Effective: corpus.NewDate(2002, 1, 1), Category: "大气环境保护", Link: "/y.pdf", Source: "catalogue.md", Line: 56},
	}
	var got []corpus.Standard
	for _, s := range stds {
		got = append(got, *s)
	}
	if len(got) != len(want) {
		t.Fatalf("%d standards, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("standard %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	wantProbs := []string{
		`48 true standard: "没有编号的条目" has no code badge`,
		`52 false standard: HJ 4.4-2020 has no 施行 date`,
		`52 false standard: HJ 4.4-2020 has no known status ("待定")`,
	}
	var gotProbs []string
	for _, p := range probs {
		gotProbs = append(gotProbs, strings.Join([]string{strconv.Itoa(p.Line), strconv.FormatBool(p.Skipped), p.Reason}, " "))
	}
	if !reflect.DeepEqual(gotProbs, wantProbs) {
		t.Errorf("problems\n got %q\nwant %q", gotProbs, wantProbs)
	}
}

func TestParseStandardsBadInput(t *testing.T) {
	for _, in := range []string{"", "\x00\xff\xfe", "### [无徽章](x)\n", "<Badge text=\"GB 1-2000\" />\n", "---\nunterminated front matter\n### a\n"} {
		stds, _ := corpus.ParseStandards("x.md", []byte(in))
		if len(stds) != 0 {
			t.Errorf("%q gave %d standards", in, len(stds))
		}
	}
}

func TestLoadStandards(t *testing.T) {
	stds, probs, err := corpus.LoadStandards(filepath.Join("testdata", "standards"))
	if err != nil {
		t.Fatal(err)
	}
	if len(stds) != 4 {
		t.Errorf("%d standards, want 4 (the repeated code dropped)", len(stds))
	}
	for i := 1; i < len(stds); i++ {
		if stds[i-1].ID >= stds[i].ID {
			t.Errorf("not sorted by id: %s before %s", stds[i-1].ID, stds[i].ID)
		}
	}
	last := probs[len(probs)-1]
	if !last.Skipped || !strings.Contains(last.Reason, "GB 1111-2001 listed again (first at catalogue.md line 14)") {
		t.Errorf("last problem = %+v", last)
	}
	if _, _, err := corpus.LoadStandards(t.TempDir()); corpus.ErrorCode(err) != corpus.CodeNotFound {
		t.Errorf("empty dir: err = %v", err)
	}
}

func TestNormalizeStandardCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GB 8978-1996", "GB 8978-1996"},
		{"GB8978-1996", "GB 8978-1996"},
		{"GB/T18005-1999", "GB/T 18005-1999"},
		{"GB／T 14848 — 2017", "GB/T 14848-2017"},
		{"DB44/ 26-2001", "DB 44/26-2001"},
		{"HJ 2.2-2018", "HJ 2.2-2018"},
		{"GB 3096", "GB 3096"},
		{"GBZ 2.1-2019", "GBZ 2.1-2019"},
		{"没有编号", ""},
	}
	for _, tt := range tests {
		if got := corpus.NormalizeStandardCode(tt.in); got != tt.want {
			t.Errorf("NormalizeStandardCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStandardRefs(t *testing.T) {
	text := "排放应当符合国家标准GB 3096和GB/T18005-1999的规定，并执行DB44/26-2001；GBK编码与ABCGB 1-2000不是标准。"
	var got []string
	for _, r := range corpus.StandardRefs(text) {
		got = append(got, r.Code+"="+text[r.Start:r.End])
	}
	want := []string{"GB 3096=GB 3096", "GB/T 18005-1999=GB/T18005-1999", "DB 44/26-2001=DB44/26-2001"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("refs\n got %q\nwant %q", got, want)
	}
	s := &corpus.Standard{Code: "GB 3096-2008"}
	for ref, want := range map[string]bool{"GB 3096-2008": true, "GB 3096": true, "GB 3096-1993": false, "GB/T 3096": false, "GB 30960": false} {
		if got := s.Matches(ref); got != want {
			t.Errorf("Matches(%q) = %v", ref, got)
		}
	}
}

func TestLinkStandards(t *testing.T) {
	v := &corpus.Version{ID: "v1", Articles: []*corpus.Article{
		{ID: "a1", Paragraphs: []corpus.Paragraph{{Text: "按照国家标准GB 1111执行。"}}},
		{ID: "a2", Paragraphs: []corpus.Paragraph{{Text: "执行GB 1111-2001和DB 44/333-2019，另见GB 1111-2001。"}}},
		{ID: "a3", Paragraphs: []corpus.Paragraph{{Text: "不引用标准。"}}},
	}}
	c := corpus.New("", []*corpus.Work{{ID: "w1", Versions: []*corpus.Version{v}}}, nil)
	stds, _, err := corpus.LoadStandards(filepath.Join("testdata", "standards"))
	if err != nil {
		t.Fatal(err)
	}
	if n := corpus.LinkStandards(stds, c); n != 3 {
		t.Errorf("%d links, want 3", n)
	}
	byCode := map[string][]string{}
	for _, s := range stds {
		byCode[s.Code] = s.CitedBy
	}
	if !reflect.DeepEqual(byCode["GB 1111-2001"], []string{"a1", "a2"}) || !reflect.DeepEqual(byCode["DB 44/333-2019"], []string{"a2"}) {
		t.Errorf("cited_by = %v", byCode)
	}
}

// TestSharedStandards reads the real catalogues in ../shared in place.
func TestSharedStandards(t *testing.T) {
	dir := findShared(t, filepath.Join("corpus", "standards"))
	stds, probs, err := corpus.LoadStandards(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("problem: %s line %d: %s", p.Path, p.Line, p.Reason)
	}
	counts := map[string]int{}
	for _, s := range stds {
		counts[s.Region.Path()]++
		if s.Code == "" || s.Title == "" || s.Effective.IsZero() || s.Status == "" || len(s.Scope) == 0 || s.Category == "" {
			t.Errorf("incomplete: %+v", s)
		}
	}
	// 47 national and 16 Guangdong standards, per shared/README.md.
	if counts["全国"] != 47 || counts["广东"] != 16 {
		t.Errorf("by region: %v", counts)
	}
	for _, s := range stds {
		if s.Code == "GB 3838-2002" {
			if s.Title != "地表水环境质量标准" || s.Effective.String() != "2002-06-01" {
				t.Errorf("GB 3838-2002 = %+v", s)
			}
			return
		}
	}
	t.Error("GB 3838-2002 not found")
}

// findShared walks up from the working directory to the shared/ folder
// beside the repository and returns shared/<rel>, or skips.
func findShared(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", rel)
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("shared/%s not found above %s: the shared data is absent", rel, dir)
		}
		dir = parent
	}
}
