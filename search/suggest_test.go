package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// suggestIndex builds the index of testdata/suggest (a hand-written corpus
// in the LawRefBook layout) in a temporary directory.
func suggestIndex(t testing.TB) *indexer.Index {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	c, err := corpus.Load(context.Background(), "testdata/suggest", corpus.LoadOptions{
		Logger: quiet, Today: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	// as lawkb index does: citations linked, items derived
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	items, _ := corpus.DeriveItems(c, nil)
	c.SetItems(items)
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), c, dir, indexer.BuildOptions{Logger: quiet}); err != nil {
		t.Fatalf("build fixture: %v", err)
	}
	idx, err := indexer.Open(dir)
	if err != nil {
		t.Fatalf("open fixture: %v", err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

func mustSuggest(t *testing.T, sg *search.Suggester, req search.SuggestRequest) *search.SuggestResult {
	t.Helper()
	res, err := sg.Suggest(context.Background(), req)
	if err != nil {
		t.Fatalf("Suggest(%+v): %v", req, err)
	}
	return res
}

// roles lists a suggestion's articles as "标题 第N条[第M款] role".
func roles(s search.Suggestion) []string {
	var out []string
	for _, a := range s.Articles {
		out = append(out, a.Title+" "+a.Article+" "+a.Role)
	}
	return out
}

func TestSuggestPairsAndRegions(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	tests := []struct {
		name   string
		req    search.SuggestRequest
		first  []string // roles of the first suggestion
		within []string // roles some suggestion must have
		never  string   // a title no suggestion may cite
	}{
		{
			// 温州's 第十条 punishes only 派发广告 of its 第五条 and leaves the
			// rest to higher rules (第十二条): 浙江's penalty for 设摊经营 is
			// the basis, with 温州's own duty beside it.
			name:   "the province's rule punishes what the city's leaves to it",
			req:    search.SuggestRequest{Text: "当事人在人行道上摆摊卖水果，经劝阻拒不改正", Region: "浙江/温州"},
			first:  []string{"浙江省市容环境卫生条例 第十条第一款 duty", "浙江省市容环境卫生条例 第十条第三款 penalty"},
			within: []string{"温州市市容管理条例 第五条 duty"},
			never:  "南京市市容管理条例",
		},
		{
			name:  "a province's rule applies in its cities",
			req:   search.SuggestRequest{Text: "居民在城市建成区内饲养家禽，逾期不改正", Region: "浙江/温州"},
			first: []string{"浙江省市容环境卫生条例 第十一条第一款 duty", "浙江省市容环境卫生条例 第十一条第二款 penalty"},
			never: "南京市市容管理条例",
		},
		{
			name:  "national only without a region",
			req:   search.SuggestRequest{Text: "喝酒开车被查获"},
			first: []string{"中华人民共和国道路交通安全法 第二十二条 duty", "中华人民共和国道路交通安全法 第九十一条 penalty"},
			never: "温州市市容管理条例",
		},
		{
			name:  "another province's rule never applies",
			req:   search.SuggestRequest{Text: "占用人行道设摊经营", Region: "江苏/南京"},
			first: []string{"南京市市容管理条例 第八条 duty", "南京市市容管理条例 第九条 penalty"},
			never: "温州市市容管理条例",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSuggest(t, sg, tt.req)
			if len(res.Suggestions) == 0 {
				t.Fatalf("no suggestion")
			}
			if got := roles(res.Suggestions[0]); strings.Join(got, "|") != strings.Join(tt.first, "|") {
				t.Errorf("first suggestion = %v, want %v", got, tt.first)
			}
			var all []string
			for _, s := range res.Suggestions {
				all = append(all, roles(s)...)
			}
			for _, w := range tt.within {
				if !contains(all, w) {
					t.Errorf("no suggestion cites %q; got %v", w, all)
				}
			}
			for _, a := range all {
				if tt.never != "" && strings.HasPrefix(a, tt.never) {
					t.Errorf("suggested %q outside the region", a)
				}
			}
		})
	}
}

func TestSuggestDeferralBesideLocal(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	res := mustSuggest(t, sg, search.SuggestRequest{Text: "在人行道摆摊卖东西", Region: "浙江/温州"})
	if len(res.Suggestions) < 2 {
		t.Fatalf("want the local rule and its higher rule, got %d suggestions", len(res.Suggestions))
	}
	// The city forbids and leaves the fine to higher rules (its 第十二条);
	// the province's rule forbids and punishes: both come first, side by side.
	var city, province *search.Suggestion
	for i := range res.Suggestions[:2] {
		switch s := &res.Suggestions[i]; s.Articles[0].Region {
		case "浙江/温州":
			city = s
		case "浙江":
			province = s
		}
	}
	if city == nil || province == nil {
		t.Fatalf("first two suggestions = %v, %v; want one of 浙江/温州 and one of 浙江", roles(res.Suggestions[0]), roles(res.Suggestions[1]))
	}
	if len(res.Expansions) == 0 || res.Expansions[0].Term != "摆摊" {
		t.Errorf("expansions = %+v, want 摆摊", res.Expansions)
	}
	found := false
	for _, e := range province.Why.Expansions {
		found = found || e.Term == "摆摊" && contains(e.Also, "设摊经营")
	}
	if !found {
		t.Errorf("province rule's why = %+v, want the 摆摊 → 设摊经营 expansion", province.Why)
	}
	if len(province.Penalties) == 0 || province.Fine == nil || province.Fine.Max != 200 {
		t.Errorf("province rule penalties = %+v, fine %+v; want a fine up to 200 元", province.Penalties, province.Fine)
	}
}

func TestSuggestDateAware(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	tests := []struct {
		date     corpus.Date
		source   string
		min, max float64
	}{
		{corpus.NewDate(2020, 5, 1), "温州市市容管理条例(2019-01-01).md", 1000, 5000},
		{corpus.NewDate(2023, 5, 1), "温州市市容管理条例(2022-06-01).md", 2000, 10000},
		{corpus.Date{}, "温州市市容管理条例(2022-06-01).md", 2000, 10000},
	}
	for _, tt := range tests {
		t.Run(tt.date.String(), func(t *testing.T) {
			res := mustSuggest(t, sg, search.SuggestRequest{Text: "渣土车运输建筑垃圾沿途遗撒", Region: "浙江/温州", Date: tt.date})
			if len(res.Suggestions) == 0 {
				t.Fatal("no suggestion")
			}
			s := res.Suggestions[0]
			for _, a := range s.Articles {
				if filepath.Base(a.Source) != tt.source {
					t.Errorf("%s %s from %s, want %s", a.Article, a.Role, a.Source, tt.source)
				}
			}
			if s.Fine == nil || s.Fine.Min != tt.min || s.Fine.Max != tt.max || s.Fine.Unit != "元" {
				t.Errorf("fine = %+v, want %v–%v 元", s.Fine, tt.min, tt.max)
			}
		})
	}
}

func TestSuggestBand(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	tests := []struct {
		text string
		want corpus.BandLevel
	}{
		{"渣土车首次沿途遗撒建筑垃圾，当场改正", corpus.BandMinor},
		{"渣土车运输建筑垃圾沿途遗撒", corpus.BandGeneral},
		{"渣土车再次沿途遗撒建筑垃圾", corpus.BandSerious},
		{"渣土车多次沿途遗撒建筑垃圾，情节严重", corpus.BandGrave},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			res := mustSuggest(t, sg, search.SuggestRequest{Text: tt.text, Region: "浙江/温州", Date: corpus.NewDate(2023, 1, 1)})
			if len(res.Suggestions) == 0 || res.Suggestions[0].Band == nil {
				t.Fatalf("no band: %+v", res.Suggestions)
			}
			b := res.Suggestions[0].Band
			if b.Level != tt.want || !b.Derived || b.Fine == nil {
				t.Errorf("band = %+v, want %s, derived, with a fine", b, tt.want)
			}
			if b.Fine.Min < 2000 || b.Fine.Max > 10000 {
				t.Errorf("band fine %+v lies outside the statutory 2000–10000", b.Fine)
			}
		})
	}
}

func TestSuggestBadInput(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	tests := []struct {
		name string
		req  search.SuggestRequest
	}{
		{"empty", search.SuggestRequest{Text: "  "}},
		{"too long", search.SuggestRequest{Text: strings.Repeat("占", search.MaxCaseRunes+1)}},
		{"size", search.SuggestRequest{Text: "摆摊", Size: search.MaxSuggestions + 1}},
		{"negative size", search.SuggestRequest{Text: "摆摊", Size: -1}},
		{"region", search.SuggestRequest{Text: "摆摊", Region: "浙江//温州"}},
		{"not UTF-8", search.SuggestRequest{Text: "摆摊\xff"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sg.Suggest(context.Background(), tt.req)
			if corpus.ErrorCode(err) != corpus.CodeInvalid {
				t.Errorf("err = %v, want an invalid-input error", err)
			}
		})
	}
	// words the corpus never uses answer nothing, without an error
	res := mustSuggest(t, sg, search.SuggestRequest{Text: "量子纠缠实验室"})
	if len(res.Suggestions) != 0 {
		t.Errorf("unrelated text got %d suggestions", len(res.Suggestions))
	}
}

// TestSuggestGolden pins a whole answer (the API's shape) for one case;
// go test -update rewrites it after a deliberate change.
func TestSuggestGolden(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	res := mustSuggest(t, sg, search.SuggestRequest{Text: "当事人在人行道上摆摊卖水果，经劝阻拒不改正", Region: "浙江/温州", Date: corpus.NewDate(2023, 3, 1), Size: 3})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", "suggest.json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("answer differs from %s (go test -update rewrites it):\n%s", path, buf.Bytes())
	}
}

// TestSuggestItems answers a pair as the enforcement item the corpus
// derives from its penalty clause, when the corpus has items.
func TestSuggestItems(t *testing.T) {
	quiet := slog.New(slog.DiscardHandler)
	c, err := corpus.Load(context.Background(), "testdata/suggest", corpus.LoadOptions{
		Logger: quiet, Today: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	items, _ := corpus.DeriveItems(c, nil)
	if len(items) == 0 {
		t.Fatal("the fixture yields no item")
	}
	c.SetItems(items)
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), c, dir, indexer.BuildOptions{Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	idx, err := indexer.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	res := mustSuggest(t, search.NewSuggester(idx, search.SuggestOptions{}),
		search.SuggestRequest{Text: "渣土车运输建筑垃圾沿途遗撒", Region: "浙江/温州"})
	if len(res.Suggestions) == 0 {
		t.Fatal("no suggestion")
	}
	s := res.Suggestions[0]
	if s.Kind != search.SuggestItem || !strings.HasPrefix(s.ID, "it-") || idx.Corpus().Item(s.ID) == nil {
		t.Fatalf("first suggestion = %s %s, want an item of the corpus", s.Kind, s.ID)
	}
	it := idx.Corpus().Item(s.ID)
	if s.Name != it.Name || s.Fine == nil || s.Fine.Max != 10000 {
		t.Errorf("suggestion %q fine %+v; want the item's name %q and fine up to 10000", s.Name, s.Fine, it.Name)
	}
	if got := roles(s); strings.Join(got, "|") != "温州市市容管理条例 第六条 duty|温州市市容管理条例 第十一条 penalty" {
		t.Errorf("articles = %v", got)
	}
	ac := search.NewAutocompleter(idx, search.AutocompleteOptions{})
	comps, err := ac.Complete("运输车辆", 10)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range comps {
		found = found || c.Kind == search.CompleteItem
	}
	if !found && len([]rune(it.Name)) <= 30 && strings.HasPrefix(it.Name, "运输车辆") {
		t.Errorf("the item %q is not completed: %+v", it.Name, comps)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestSuggestItemByOwnWording: the items of one list article share their
// duty's text, so the one whose own violation the case describes comes
// first, not the first of the list.
func TestSuggestItemByOwnWording(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	for _, tc := range []struct{ text, want string }{
		{"有人在小区门口的消防栓上张贴小广告", "张贴小广告"},
		{"废品站老板未经批准出售公共座椅和井盖", "出售公共座椅"},
		{"施工队擅自拆除路灯和护栏", "拆除路灯"},
	} {
		res := mustSuggest(t, sg, search.SuggestRequest{Text: tc.text})
		if len(res.Suggestions) == 0 {
			t.Fatalf("%s: no suggestion", tc.text)
		}
		s := res.Suggestions[0]
		if s.Kind != search.SuggestItem || !strings.Contains(s.Name, tc.want) {
			t.Errorf("%s: first = %s %q, want the item of %s", tc.text, s.Kind, s.Name, tc.want)
		}
		if len(res.Suggestions) > 1 && res.Suggestions[1].Score >= s.Score {
			t.Errorf("%s: second %q scores %.4f, not below the first's %.4f", tc.text, res.Suggestions[1].Name, res.Suggestions[1].Score, s.Score)
		}
	}
}

// An explained suggestion carries the plan it searched and is neither
// answered from nor kept in the result cache, so that a cached answer
// never lacks the plan asked for.
func TestSuggestExplain(t *testing.T) {
	sg := search.NewSuggester(suggestIndex(t), search.SuggestOptions{})
	req := search.SuggestRequest{Text: "在人行道上摆摊卖水果", Region: "浙江/温州"}
	plain := mustSuggest(t, sg, req)
	if plain.Plan != nil {
		t.Errorf("plan without --explain: %+v", plain.Plan)
	}
	before := sg.CacheStats()
	req.Explain = true
	res := mustSuggest(t, sg, req)
	if res.Plan == nil || len(res.Plan.Concepts) == 0 || !res.Plan.Describe {
		t.Fatalf("explained suggestion: plan %+v, want the case's concepts", res.Plan)
	}
	if after := sg.CacheStats(); after != before {
		t.Errorf("an explained request touched the cache: %+v → %+v", before, after)
	}
	if len(res.Suggestions) == 0 || len(plain.Suggestions) == 0 || res.Suggestions[0].ID != plain.Suggestions[0].ID {
		t.Errorf("explained answer differs: %v vs %v", res.Suggestions, plain.Suggestions)
	}
}

// A case text longer than a search query (up to what suggest-basis takes)
// is ranked for the tuner as suggest-basis ranks it.
func TestCandidatesLongCaseText(t *testing.T) {
	s := search.New(suggestIndex(t), search.Options{})
	text := "在人行道上摆摊卖水果。" + strings.Repeat("当事人称其生活困难，请求从轻处理。", 70)
	if n := len([]rune(text)); n <= search.MaxQueryRunes {
		t.Fatalf("text of %d characters, want more than %d", n, search.MaxQueryRunes)
	}
	in, cands, err := s.Candidates(context.Background(), search.Request{Query: text, In: "浙江/温州"}, true)
	if err != nil {
		t.Fatalf("Candidates: %v", err)
	}
	if in == "" || len(cands) == 0 {
		t.Errorf("intent %q, %d candidates: want the case ranked", in, len(cands))
	}
	if _, _, err := s.Candidates(context.Background(), search.Request{Query: text}, false); err == nil {
		t.Error("a search query that long was accepted")
	}
	if _, _, err := s.Candidates(context.Background(), search.Request{Query: strings.Repeat("案", search.MaxCaseRunes+1)}, true); err == nil {
		t.Error("a case text longer than suggest-basis takes was accepted")
	}
}
