package search_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/search"
)

func TestParseThesaurus(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		heads     []string
		errs      []string // substrings the error must hold, one per bad line
		targetsOf map[string][]string
	}{
		{
			name:      "good lines, comments and blanks",
			in:        "# comment\n\n摆摊\t占道经营,设摊经营\n渣土车\t建筑垃圾 , 建筑垃圾\n",
			heads:     []string{"摆摊", "渣土车"},
			targetsOf: map[string][]string{"摆摊": {"占道经营", "设摊经营"}, "渣土车": {"建筑垃圾"}},
		},
		{
			name:      "bad lines are reported with their number and skipped",
			in:        "摆摊\t占道经营\n没有制表符\n狗\t犬只\n违建\t违建\n摆摊\t设摊经营\n\t空头\n",
			heads:     []string{"摆摊"},
			errs:      []string{"line 2", "line 3", "line 4", "line 5", "line 6"},
			targetsOf: map[string][]string{"摆摊": {"占道经营"}},
		},
		{
			name:  "not UTF-8",
			in:    "摆摊\t占道经营\n\xff\xfe\t坏\n",
			heads: []string{"摆摊"},
			errs:  []string{"line 2: not valid UTF-8"},
		},
		{
			name:      "CRLF line ends",
			in:        "摆摊\t占道经营\r\n酒驾\t饮酒后驾驶机动车\r\n",
			heads:     []string{"摆摊", "酒驾"},
			targetsOf: map[string][]string{"酒驾": {"饮酒后驾驶机动车"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := search.ParseThesaurus(strings.NewReader(tt.in))
			if len(tt.errs) == 0 && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			for _, e := range tt.errs {
				if err == nil || !strings.Contains(err.Error(), e) {
					t.Errorf("error %v lacks %q", err, e)
				}
			}
			var heads []string
			heads = append(heads, th.Heads()...)
			if strings.Join(heads, ",") != strings.Join(sorted(tt.heads), ",") {
				t.Errorf("heads = %v, want %v", heads, tt.heads)
			}
			for h, want := range tt.targetsOf {
				if got := th.Targets(h); strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("targets of %s = %v, want %v", h, got, want)
				}
			}
		})
	}
}

func sorted(ss []string) []string {
	out := append([]string(nil), ss...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestDefaultThesaurus(t *testing.T) {
	th, err := search.DefaultThesaurus()
	if err != nil {
		t.Fatalf("the embedded thesaurus has bad lines: %v", err)
	}
	if th.Len() < 300 {
		t.Errorf("%d entries, want at least 300", th.Len())
	}
	for _, h := range []string{"摆摊", "乱搭乱建", "渣土车", "遛狗不牵绳", "酒驾"} {
		if len(th.Targets(h)) == 0 {
			t.Errorf("no entry for %s", h)
		}
	}
}

func TestThesaurusFind(t *testing.T) {
	th, err := search.ParseThesaurus(strings.NewReader("遛狗\t犬只\n遛狗不牵绳\t束犬链\n摆摊\t占道经营\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string // head@byte offset
	}{
		{"遛狗不牵绳被罚", []string{"遛狗不牵绳@0"}},
		{"晚上遛狗，白天摆摊", []string{"遛狗@6", "摆摊@21"}},
		{"占道经营", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range th.Find(tt.text) {
			got = append(got, m.Head+"@"+strconv.Itoa(m.Start))
			if tt.text[m.Start:m.End] != m.Head {
				t.Errorf("%q: span [%d,%d) is %q, not %q", tt.text, m.Start, m.End, tt.text[m.Start:m.End], m.Head)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestSearchExpansion checks that a colloquial word finds the statutory
// texts, says so in the result, ranks a text with the word typed above one
// with only the expansion, and that NoThesaurus turns it off.
func TestSearchExpansion(t *testing.T) {
	idx := suggestIndex(t)
	s := search.New(idx, search.Options{})
	res, err := s.Search(context.Background(), search.Request{Query: "摆摊 罚款", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Expansions) != 1 || res.Expansions[0].Term != "摆摊" || !contains(res.Expansions[0].Also, "设摊经营") {
		t.Fatalf("expansions = %+v, want 摆摊 → 设摊经营", res.Expansions)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hit for 摆摊 罚款 although 设摊经营 … 罚款 is in the fixture")
	}
	for _, h := range res.Hits {
		if !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("hit %s %s has no highlight: %s", h.Title, h.Article, h.Snippet)
		}
	}
	off, err := search.New(idx, search.Options{NoThesaurus: true}).Search(context.Background(), search.Request{Query: "摆摊 罚款", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(off.Expansions) != 0 {
		t.Errorf("NoThesaurus still expanded: %+v", off.Expansions)
	}
	for _, h := range off.Hits {
		if strings.Contains(h.Snippet, "设摊经营") && !strings.Contains(h.Snippet, "摆摊") && !strings.Contains(h.Snippet, "罚款") {
			t.Errorf("NoThesaurus found %s %s by the expansion alone", h.Title, h.Article)
		}
	}
}

// TestExpansionWeighsLess ranks a text with the word typed above a text
// with only its statutory term.
func TestExpansionWeighsLess(t *testing.T) {
	th, err := search.ParseThesaurus(strings.NewReader("设摊\t兜售\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := search.New(suggestIndex(t), search.Options{Thesaurus: th})
	res, err := s.Search(context.Background(), search.Request{Query: "设摊", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hit")
	}
	firstExp := -1
	lastTyped := -1
	for i, h := range res.Hits {
		if strings.Contains(h.Snippet, "设摊") {
			lastTyped = i
		} else if firstExp < 0 {
			firstExp = i
		}
	}
	if firstExp >= 0 && firstExp < lastTyped {
		t.Errorf("a hit with only the expansion (rank %d) ranks above one with the word typed (rank %d)", firstExp+1, lastTyped+1)
	}
}
