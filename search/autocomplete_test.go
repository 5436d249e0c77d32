package search_test

import (
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

func TestAutocomplete(t *testing.T) {
	ac := search.NewAutocompleter(suggestIndex(t), search.AutocompleteOptions{})
	tests := []struct {
		q         string
		wantFirst string // text of the first completion
		wantKind  string
		wantMatch string
		wantAny   string // some completion's text
	}{
		{q: "zdjy", wantFirst: "占道经营", wantKind: search.CompleteTerm, wantMatch: search.MatchInitials},
		{q: "xzcff", wantFirst: "行政处罚法", wantKind: search.CompleteAlias, wantMatch: search.MatchInitials},
		{q: "XZCFF", wantFirst: "行政处罚法", wantMatch: search.MatchInitials},
		{q: "zhandaojingying", wantFirst: "占道经营", wantMatch: search.MatchPinyin},
		{q: "zhandao", wantAny: "占道经营"},
		{q: "行政处", wantFirst: "行政处罚法", wantMatch: search.MatchText},
		{q: "摆摊", wantFirst: "摆摊", wantKind: search.CompleteTerm, wantMatch: search.MatchText},
		{q: "温州", wantAny: "温州市市容管理条例"},
		{q: "wzssrgltl", wantFirst: "温州市市容管理条例", wantKind: search.CompleteTitle, wantMatch: search.MatchInitials},
		{q: "道交法", wantFirst: "道交法", wantKind: search.CompleteAlias},
		{q: "lgbqs", wantFirst: "遛狗不牵绳", wantMatch: search.MatchInitials},
		{q: "ｚｄｊｙ", wantFirst: "占道经营"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, err := ac.Complete(tt.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				t.Fatalf("no completion")
			}
			if tt.wantFirst != "" && got[0].Text != tt.wantFirst {
				t.Errorf("first = %+v, want %s", got[0], tt.wantFirst)
			}
			if tt.wantKind != "" && got[0].Kind != tt.wantKind {
				t.Errorf("kind = %s, want %s", got[0].Kind, tt.wantKind)
			}
			if tt.wantMatch != "" && got[0].Match != tt.wantMatch {
				t.Errorf("match = %s, want %s", got[0].Match, tt.wantMatch)
			}
			if tt.wantAny != "" {
				found := false
				for _, c := range got {
					found = found || c.Text == tt.wantAny
				}
				if !found {
					t.Errorf("%s not among %+v", tt.wantAny, got)
				}
			}
			seen := map[string]bool{}
			for _, c := range got {
				key := c.Kind + c.ID + c.Text
				if c.ID != "" {
					key = c.ID
				}
				if seen[key] {
					t.Errorf("%s answered twice: %+v", key, got)
				}
				seen[key] = true
			}
		})
	}
}

func TestAutocompleteAliasCarriesTitle(t *testing.T) {
	ac := search.NewAutocompleter(suggestIndex(t), search.AutocompleteOptions{})
	got, err := ac.Complete("xzcff", 1)
	if err != nil || len(got) != 1 {
		t.Fatalf("Complete = %v, %v", got, err)
	}
	if got[0].Title != "中华人民共和国行政处罚法" || got[0].ID == "" {
		t.Errorf("alias completion = %+v, want the work's id and full title", got[0])
	}
	terms, err := ac.Complete("bt", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range terms {
		if c.Text == "摆摊" && !contains(c.Also, "占道经营") {
			t.Errorf("摆摊 completion lacks its statutory terms: %+v", c)
		}
	}
}

func TestAutocompleteBadInput(t *testing.T) {
	ac := search.NewAutocompleter(suggestIndex(t), search.AutocompleteOptions{})
	for _, tt := range []struct {
		name string
		q    string
		size int
	}{
		{"not UTF-8", "zd\xff", 10},
		{"too long", strings.Repeat("占", 51), 10},
		{"size", "zd", search.MaxCompletions + 1},
		{"negative size", "zd", -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ac.Complete(tt.q, tt.size); corpus.ErrorCode(err) != corpus.CodeInvalid {
				t.Errorf("err = %v, want invalid input", err)
			}
		})
	}
	for _, q := range []string{"", "   ", "qqqqqq", "量子"} {
		got, err := ac.Complete(q, 5)
		if err != nil || len(got) != 0 {
			t.Errorf("Complete(%q) = %v, %v; want nothing, no error", q, got, err)
		}
	}
	if _, err := search.NewAutocompleter(nil, search.AutocompleteOptions{}).Complete("zd", 5); corpus.ErrorCode(err) != corpus.CodeUnavailable {
		t.Errorf("no index: err = %v, want unavailable", err)
	}
}

// TestAutocompleteItems answers enforcement item names when an item source
// gives them.
func TestAutocompleteItems(t *testing.T) {
	items := corpus.NewItemIndex([]*corpus.Item{{ID: "it-1", Name: "擅自占用城市人行道设摊经营"}})
	ac := search.NewAutocompleter(suggestIndex(t), search.AutocompleteOptions{
		Items: func(*corpus.Corpus) *corpus.ItemIndex { return items }})
	got, err := ac.Complete("szzy", 5)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range got {
		found = found || c.Kind == search.CompleteItem && c.ID == "it-1" && c.Text == "擅自占用城市人行道设摊经营"
	}
	if !found {
		t.Errorf("Complete(szzy) = %+v, want the item among them", got)
	}
}
