package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func mustSearch(t *testing.T, s *search.Searcher, req search.Request) *search.Result {
	t.Helper()
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	return res
}

// body is the text and title a hit was found by, from the fixture corpus.
func body(t *testing.T, id string) (title, text string) {
	t.Helper()
	c := fixture.corpus
	switch {
	case c.Article(id) != nil:
		a := c.Article(id)
		return a.Version().Title, a.Text()
	case c.Section(id) != nil:
		s := c.Section(id)
		return s.Version().Title, s.Heading + "\n" + s.Text
	case c.Version(id) != nil:
		return c.Version(id).Title, ""
	}
	t.Fatalf("hit %s is not in the fixture", id)
	return "", ""
}

func ids(hits []search.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func TestAllWordsBeforeAnyWord(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		minAll   uint64
		wantPlan string
		// every hit must hold all of these (in title or text)
		wantAll []string
		// at least one hit must lack one of the words (the fallback widened)
		wantWidened bool
	}{
		{"all words found", "占道经营 罚款", 0, search.PlanAll, []string{"占道经营", "罚款"}, false},
		{"all words found, three", "噪声 责令改正 罚款", 0, search.PlanAll, []string{"噪声", "责令改正", "罚款"}, false},
		{"no document has both", "通报批评 噪声", 0, search.PlanAny, nil, true},
		{"too few have all", "占道经营 罚款", 10, search.PlanAny, nil, true},
		{"one word is never a fallback", "罚款", 100, search.PlanAll, []string{"罚款"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := search.New(fixture.index, search.Options{MinAllHits: tt.minAll})
			res := mustSearch(t, s, search.Request{Query: tt.query, Status: search.StatusAll, Size: 100})
			if res.Plan != tt.wantPlan {
				t.Fatalf("plan = %s, want %s (total %d)", res.Plan, tt.wantPlan, res.Total)
			}
			if res.Total == 0 || len(res.Hits) == 0 {
				t.Fatalf("no hits")
			}
			widened := false
			for _, h := range res.Hits {
				title, text := body(t, h.ID)
				for _, w := range tt.wantAll {
					if !strings.Contains(title+text, w) {
						t.Errorf("hit %s lacks %q: %s %s", h.ID, w, title, text)
					}
				}
				for _, w := range strings.Fields(tt.query) {
					if !strings.Contains(title+text, w) {
						widened = true
					}
				}
			}
			if widened != tt.wantWidened {
				t.Errorf("some hit lacks a word = %v, want %v: %v", widened, tt.wantWidened, ids(res.Hits))
			}
			if tt.wantPlan == search.PlanAny {
				// hits with every word still come first
				first := res.Hits[0]
				title, text := body(t, first.ID)
				n := 0
				for _, w := range strings.Fields(tt.query) {
					if strings.Contains(title+text, w) {
						n++
					}
				}
				if n == 0 {
					t.Errorf("first hit %s holds none of the words", first.ID)
				}
			}
		})
	}
}

func TestProximityRescoring(t *testing.T) {
	// 责令改正 and 罚款 are near each other in every 占道经营 article; the
	// phrase 责令改正罚款 occurs nowhere, but 占道经营 directly followed by
	// 的，责令改正 is near in 温州 and 江苏 and far in the 浙江 article.
	res := mustSearch(t, fixture.s, search.Request{Query: "占道经营 责令改正", Status: search.StatusAll, Size: 100})
	if res.Plan != search.PlanAll {
		t.Fatalf("plan = %s", res.Plan)
	}
	pos := map[string]int{}
	for i, h := range res.Hits {
		pos[h.ID] = i
	}
	near, far := "wz-srgl-20190301-15", "zj-srhw-20200501-20"
	if _, ok := pos[far]; !ok {
		t.Fatalf("%s not found: %v", far, ids(res.Hits))
	}
	if pos[near] > pos[far] {
		t.Errorf("near words %s ranked %d, after far words %s at %d", near, pos[near], far, pos[far])
	}
	w, err := search.DefaultWeights()
	if err != nil {
		t.Fatal(err)
	}
	w[search.IntentKeywords]["phrase"] = 0
	noBoost := search.New(fixture.index, search.Options{Weights: w})
	plain := mustSearch(t, noBoost, search.Request{Query: "占道经营 责令改正", Status: search.StatusAll, Size: 100})
	if plain.Total != res.Total {
		t.Errorf("rescoring changed the total: %d vs %d", plain.Total, res.Total)
	}
	var boosted bool
	for i := range res.Hits {
		for j := range plain.Hits {
			if res.Hits[i].ID == plain.Hits[j].ID && res.Hits[i].Score > plain.Hits[j].Score {
				boosted = true
			}
		}
	}
	if !boosted {
		t.Errorf("no hit was boosted for proximity")
	}
}

func TestTitleBoost(t *testing.T) {
	tests := []struct {
		query     string
		wantFirst string // work id of the first hit
		wantType  string
	}{
		{"占道经营", "zdjy", "version"},
		{"行政处罚法", "xzcf", "version"},
		{"噪声污染防治法", "zsfz", "version"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := mustSearch(t, fixture.s, search.Request{Query: tt.query})
			if len(res.Hits) == 0 {
				t.Fatal("no hits")
			}
			if h := res.Hits[0]; h.WorkID != tt.wantFirst || h.Type != tt.wantType {
				t.Errorf("first hit = %s (%s %s), want a %s of %s; hits %v", h.ID, h.Type, h.Title, tt.wantType, tt.wantFirst, ids(res.Hits))
			}
		})
	}
	// Without the boost, the articles that say 占道经营 in their text win.
	flat := search.New(fixture.index, search.Options{TitleBoost: math.SmallestNonzeroFloat64, ChapterBoost: math.SmallestNonzeroFloat64})
	res := mustSearch(t, flat, search.Request{Query: "占道经营"})
	if res.Hits[0].WorkID == "zdjy" && res.Hits[0].Type == "article" {
		t.Errorf("without title boost an article of the titled law still ranks first: %v", ids(res.Hits))
	}
}

func TestFacets(t *testing.T) {
	// Expected counts are computed from the fixture: every in-force
	// document whose title or text holds 罚款.
	want := map[string]map[string]int{}
	var total uint64
	for _, w := range fixture.corpus.Works {
		for _, v := range w.Versions {
			if v.Status != corpus.StatusInForce {
				continue
			}
			year := v.ValidFrom.Year()
			if year == 0 {
				year = v.Date.Year()
			}
			count := func(text string) {
				if !strings.Contains(v.Title+text, "罚款") {
					return
				}
				total++
				for facet, value := range map[string]string{
					search.FacetKind: string(w.Kind), search.FacetLevel: w.Level, search.FacetRegion: w.Region.Path(),
					search.FacetStatus: string(v.Status), search.FacetYear: itoa(year),
				} {
					if value == "" || value == "0" {
						continue
					}
					if want[facet] == nil {
						want[facet] = map[string]int{}
					}
					want[facet][value]++
				}
			}
			count("") // the version document is its title
			for _, a := range v.Articles {
				count(a.Text())
			}
			for _, s := range v.Sections {
				count(s.Text)
			}
		}
	}
	res := mustSearch(t, fixture.s, search.Request{Query: "罚款"})
	if res.Total != total {
		t.Errorf("total = %d, want %d", res.Total, total)
	}
	for _, facet := range []string{search.FacetKind, search.FacetLevel, search.FacetRegion, search.FacetStatus, search.FacetYear} {
		got := map[string]int{}
		values := res.Facets[facet]
		for i, fv := range values {
			got[fv.Value] = fv.Count
			if i > 0 && values[i-1].Count < fv.Count {
				t.Errorf("facet %s not ordered by count: %v", facet, values)
			}
		}
		if !equalCounts(got, want[facet]) {
			t.Errorf("facet %s = %v, want %v", facet, got, want[facet])
		}
	}
	// Facets follow the filters.
	res = mustSearch(t, fixture.s, search.Request{Query: "罚款", Region: "浙江"})
	for _, fv := range res.Facets[search.FacetRegion] {
		if fv.Value != "浙江" && fv.Value != "浙江/温州" {
			t.Errorf("region facet under region=浙江 has %v", fv)
		}
	}
}

func TestStatusAndAsOf(t *testing.T) {
	day := func(s string) corpus.Date {
		d, err := corpus.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name        string
		req         search.Request
		wantVersion []string // the versions the hits belong to, sorted
	}{
		{"default is in force", search.Request{Query: "行政处罚"}, []string{"xzcf-20210122"}},
		{"explicit status", search.Request{Query: "行政处罚", Status: "已修改"}, []string{"xzcf-20170901"}},
		{"all statuses", search.Request{Query: "行政处罚", Status: search.StatusAll}, []string{"xzcf-20170901", "xzcf-20210122"}},
		{"as of a day under the old version", search.Request{Query: "行政处罚", AsOf: day("2019-05-01")}, []string{"xzcf-20170901"}},
		{"as of the last day of the old version", search.Request{Query: "行政处罚", AsOf: day("2021-07-14")}, []string{"xzcf-20170901"}},
		{"as of the first day of the new version", search.Request{Query: "行政处罚", AsOf: day("2021-07-15")}, []string{"xzcf-20210122"}},
		{"as of before either", search.Request{Query: "行政处罚", AsOf: day("2010-01-01")}, nil},
		{"as of: repealed law in force then", search.Request{Query: "噪声污染", AsOf: day("2020-01-01")}, []string{"hjzs-19961029", "wz-srgl-20190301"}},
		{"as of: the day the new law replaced it", search.Request{Query: "噪声污染", AsOf: day("2022-06-05")}, []string{"wz-srgl-20190301", "zsfz-20211224"}},
		{"repealed law is hidden by default", search.Request{Query: "噪声污染"}, []string{"wz-srgl-20190301", "zsfz-20211224"}},
		{"repealed law with its status", search.Request{Query: "噪声污染", Status: "已废止"}, []string{"hjzs-19961029"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Size = 100
			res := mustSearch(t, fixture.s, tt.req)
			seen := map[string]bool{}
			for _, h := range res.Hits {
				v := versionOf(h.ID)
				seen[v] = true
			}
			var got []string
			for v := range seen {
				got = append(got, v)
			}
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tt.wantVersion, ",") {
				t.Errorf("versions = %v, want %v", got, tt.wantVersion)
			}
		})
	}
}

func versionOf(id string) string {
	c := fixture.corpus
	switch {
	case c.Article(id) != nil:
		return c.Article(id).VersionID
	case c.Section(id) != nil:
		return c.Section(id).Version().ID
	default:
		return id
	}
}

func TestRegionHierarchy(t *testing.T) {
	tests := []struct {
		region string
		want   []string // regions of the hits, sorted, distinct
	}{
		{"", []string{"全国", "江苏", "浙江", "浙江/温州"}},
		{"全国", []string{"全国", "江苏", "浙江", "浙江/温州"}},
		{"浙江", []string{"浙江", "浙江/温州"}},
		{"浙江/温州", []string{"浙江/温州"}},
		{"/浙江/", []string{"浙江", "浙江/温州"}},
		{"江苏", []string{"江苏"}},
		{"广东", nil},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			res := mustSearch(t, fixture.s, search.Request{Query: "占道经营", Region: tt.region, Size: 100})
			seen := map[string]bool{}
			for _, h := range res.Hits {
				seen[h.Region] = true
			}
			var got []string
			for r := range seen {
				got = append(got, r)
			}
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("regions = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPaging(t *testing.T) {
	for _, q := range []string{"罚款", "占道经营 罚款", ""} {
		t.Run(q, func(t *testing.T) {
			all := mustSearch(t, fixture.s, search.Request{Query: q, Status: search.StatusAll, Size: 100})
			if all.Total < 4 || uint64(len(all.Hits)) != all.Total {
				t.Fatalf("want ≥4 hits on one page, got %d of %d", len(all.Hits), all.Total)
			}
			var paged []string
			for page := 1; ; page++ {
				res := mustSearch(t, fixture.s, search.Request{Query: q, Status: search.StatusAll, Size: 2, Page: page})
				if res.Total != all.Total {
					t.Fatalf("page %d total = %d, want %d", page, res.Total, all.Total)
				}
				if len(res.Hits) == 0 {
					break
				}
				if len(res.Hits) > 2 || res.Page != page || res.Size != 2 {
					t.Fatalf("page %d: %d hits, page %d size %d", page, len(res.Hits), res.Page, res.Size)
				}
				paged = append(paged, ids(res.Hits)...)
			}
			if strings.Join(paged, " ") != strings.Join(ids(all.Hits), " ") {
				t.Errorf("pages of 2 = %v\none page  = %v", paged, ids(all.Hits))
			}
		})
	}
}

func TestListing(t *testing.T) {
	res := mustSearch(t, fixture.s, search.Request{Kind: "地方性法规"})
	if res.Plan != search.PlanList {
		t.Errorf("plan = %s", res.Plan)
	}
	if res.Total != 3 || len(res.Hits) != 3 {
		t.Fatalf("listing 地方性法规: total %d, hits %v", res.Total, ids(res.Hits))
	}
	for i, h := range res.Hits {
		if h.Type != "version" || h.Kind != "地方性法规" {
			t.Errorf("listed %s: %s %s", h.ID, h.Type, h.Kind)
		}
		if i > 0 && res.Hits[i-1].ValidFrom.Before(h.ValidFrom) {
			t.Errorf("listing not newest first: %s before %s", res.Hits[i-1].ValidFrom, h.ValidFrom)
		}
		if strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("listing snippet has marks: %s", h.Snippet)
		}
	}
	// punctuation only is a listing too, not an error
	res = mustSearch(t, fixture.s, search.Request{Query: "，。！", Region: "江苏"})
	if res.Plan != search.PlanList || res.Total != 1 {
		t.Errorf("punctuation query: plan %s total %d", res.Plan, res.Total)
	}
}

func TestZeroHits(t *testing.T) {
	for _, req := range []search.Request{
		{Query: "量子计算机"},
		{Query: "占道经营", Region: "西藏"},
		{Query: "罚款", Kind: "手册"},
	} {
		res, err := fixture.s.Search(context.Background(), req)
		if err != nil {
			t.Errorf("%+v: error %v", req, err)
			continue
		}
		if res.Total != 0 || res.Hits == nil || len(res.Hits) != 0 {
			t.Errorf("%+v: total %d hits %v (want 0 and an empty, non-nil list)", req, res.Total, res.Hits)
		}
		b, _ := json.Marshal(res)
		if !strings.Contains(string(b), `"hits":[]`) {
			t.Errorf("%+v: JSON %s lacks an empty hits list", req, b)
		}
		for _, f := range []string{search.FacetKind, search.FacetLevel, search.FacetRegion, search.FacetStatus, search.FacetYear} {
			if v, ok := res.Facets[f]; !ok || v == nil {
				t.Errorf("%+v: facet %s missing", req, f)
			}
		}
	}
}

func TestBadRequests(t *testing.T) {
	tests := []struct {
		name string
		req  search.Request
	}{
		{"negative size", search.Request{Query: "罚款", Size: -1}},
		{"size over max", search.Request{Query: "罚款", Size: search.MaxSize + 1}},
		{"negative page", search.Request{Query: "罚款", Page: -2}},
		{"too deep", search.Request{Query: "罚款", Page: search.MaxOffset, Size: 100}},
		{"page×size overflows", search.Request{Query: "罚款", Page: 4611686018427387905, Size: 2}},
		{"page×size overflows to a small offset", search.Request{Query: "罚款", Page: 4611686018427387905, Size: 4}},
		{"largest page", search.Request{Query: "罚款", Page: math.MaxInt, Size: 1}},
		{"one past the deepest page", search.Request{Query: "罚款", Page: search.MaxOffset/10 + 2, Size: 10}},
		{"long filter", search.Request{Query: "罚款", Domain: strings.Repeat("城", search.MaxFilterRunes+1), Type: "item"}},
		{"bad utf-8 filter", search.Request{Query: "罚款", Status: "\xff"}},
		{"unknown kind", search.Request{Query: "罚款", Kind: "小说"}},
		{"unknown status", search.Request{Query: "罚款", Status: "有效"}},
		{"long query", search.Request{Query: strings.Repeat("罚", search.MaxQueryRunes+1)}},
		{"bad utf-8", search.Request{Query: "罚\xff款"}},
		{"bad region", search.Request{Query: "罚款", Region: "浙江//温州"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fixture.s.Search(context.Background(), tt.req)
			if corpus.ErrorCode(err) != corpus.CodeInvalid {
				t.Errorf("error = %v, want code invalid", err)
			}
			if err := tt.req.WithDefaults().Validate(); corpus.ErrorCode(err) != corpus.CodeInvalid {
				t.Errorf("Validate = %v, want code invalid", err)
			}
		})
	}
	if err := (search.Request{}).Validate(); corpus.ErrorCode(err) != corpus.CodeInvalid {
		t.Errorf("Validate without defaults accepted page 0 size 0: %v", err)
	}
	if err := (search.Request{}).WithDefaults().Validate(); err != nil {
		t.Errorf("defaults rejected: %v", err)
	}
	if err := (search.Request{Page: search.MaxOffset/10 + 1, Size: 10}).Validate(); err != nil {
		t.Errorf("the deepest page rejected: %v", err)
	}
}

func TestHitFields(t *testing.T) {
	res := mustSearch(t, fixture.s, search.Request{Query: "从轻 减轻"})
	var h *search.Hit
	for i := range res.Hits {
		if res.Hits[i].ID == "xzcf-20210122-32" {
			h = &res.Hits[i]
		}
	}
	if h == nil {
		t.Fatalf("article 32 not found: %v", ids(res.Hits))
	}
	want := search.Hit{ID: "xzcf-20210122-32", Type: "article", WorkID: "xzcf", Title: "中华人民共和国行政处罚法",
		Article: "第三十二条", ArticleNo: 32, Kind: "法律", Level: "法律", Region: "全国", Status: "现行有效",
		ValidFrom: corpus.NewDate(2021, 7, 15), Source: "行政法/行政处罚法(2021-01-22).md"}
	got := *h
	got.Snippet, got.Score, got.Explain = "", 0, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hit = %+v\nwant  %+v", got, want)
	}
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]any
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	const api = "article,article_no,id,kind,level,region,score,snippet,source,status,title,type,valid_from,valid_to,work_id"
	if strings.Join(names, ",") != api {
		t.Errorf("JSON keys = %v, want %s", names, api)
	}
	if keys["valid_to"] != nil || keys["valid_from"] != "2021-07-15" {
		t.Errorf("validity in JSON: %v %v", keys["valid_from"], keys["valid_to"])
	}

	// a section hit carries its heading, a version hit no label
	res = mustSearch(t, fixture.s, search.Request{Query: "诉讼请求"})
	if len(res.Hits) == 0 || res.Hits[0].Type != "section" || res.Hits[0].Article != "裁判结果" || res.Hits[0].Source != "案例/行政/张某诉某城市管理局占道经营处罚案.md" {
		t.Errorf("section hit = %+v", res.Hits)
	}
}

// TestGolden pins whole results (ranking, snippets, facets) for a few
// queries; run with -update after a deliberate change and review the diff.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		req  search.Request
	}{
		{"and_plan", search.Request{Query: "占道经营 罚款", Size: 5}},
		{"any_plan", search.Request{Query: "通报批评 噪声", Size: 5}},
		{"as_of", search.Request{Query: "行政处罚 罚款", AsOf: corpus.NewDate(2019, 1, 1)}},
		{"listing", search.Request{Region: "浙江", Size: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, fixture.s, tt.req)
			res.Took = 0
			for i := range res.Hits {
				res.Hits[i].Score = math.Round(res.Hits[i].Score*1e4) / 1e4
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep <mark> readable in the diff
			enc.SetIndent("", "  ")
			if err := enc.Encode(res); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("result differs from %s (go test -update rewrites it):\n%s", path, got)
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// When everything the words match fits the ranker's window, the answer is
// the ranked list: its total is the number of hits there are to page
// through, and the facets count exactly those hits.
func TestTotalCountsTheRankedList(t *testing.T) {
	asOf, err := corpus.ParseDate("2018-06-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []search.Request{
		{Query: "行政处罚 罚款", AsOf: asOf},
		{Query: "占道经营"},
		{Query: "罚款"},
		{Query: "噪声"},
	} {
		q.Size = 100
		res, err := fixture.s.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total > uint64(q.Size) {
			continue
		}
		if res.Total != uint64(len(res.Hits)) {
			t.Errorf("%q: total %d, %d hits to page through", q.Query, res.Total, len(res.Hits))
		}
		sum := 0
		for _, fv := range res.Facets["kind"] {
			sum += fv.Count
		}
		if sum != len(res.Hits) {
			t.Errorf("%q: the kind facet counts %d, the list has %d hits: %+v", q.Query, sum, len(res.Hits), res.Facets["kind"])
		}
	}
}

// A question with its story (several hundred characters pasted from a
// consultation) is answered, not refused: the article it turns on first.
func TestLongQuestion(t *testing.T) {
	story := strings.Repeat("我去年在街边开了一家小店，生意一直不太好，家里老人身体也不好，", 8)
	q := story + "这次违法行为是初次，情节轻微并及时改正了，能不能从轻或者减轻处罚？"
	if n := len([]rune(q)); n <= 200 {
		t.Fatalf("question of %d characters, want a long one", n)
	}
	res := mustSearch(t, fixture.s, search.Request{Query: q})
	if len(res.Hits) == 0 || res.Hits[0].ID != "xzcf-20210122-32" {
		t.Errorf("long question: first hits %v, want xzcf-20210122-32 first", ids(res.Hits))
	}
}

// explain=1 shows what the forest added to a question's first page; a
// searcher without forests shows none and ranks by the linear score.
func TestExplainForest(t *testing.T) {
	q := search.Request{Query: "违法行为轻微并及时改正的，能不能不罚？", Explain: true}
	res := mustSearch(t, fixture.s, q)
	if res.Explain == nil || res.Explain.Intent != search.IntentQuestion || len(res.Hits) == 0 {
		t.Fatalf("want a question with hits: %+v", res.Explain)
	}
	if _, ok := res.Hits[0].Explain["forest"]; !ok {
		t.Errorf("first hit's features %v: no forest", res.Hits[0].Explain)
	}
	plain := search.New(fixture.index, search.Options{Boosts: search.Boosts{}})
	res = mustSearch(t, plain, q)
	for _, h := range res.Hits {
		if _, ok := h.Explain["forest"]; ok {
			t.Errorf("%s: forest %v without forests", h.ID, h.Explain["forest"])
		}
	}
}
