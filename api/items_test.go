package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/corpus/catalog"
	"github.com/lawkb/lawkb/indexer"
)

// itemsServer serves an index of testdata/items (a fictional regulation)
// with its derived items and the Guangdong tables, built for this test.
func itemsServer(t *testing.T) *api.Server {
	t.Helper()
	c, err := corpus.Load(context.Background(), filepath.Join("testdata", "items"), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	if _, err := catalog.Assemble(c, catalog.Sources{Guangdong: true}, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), c, dir, indexer.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	idx, err := indexer.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return api.New(api.Config{Index: idx})
}

type itemsBody struct {
	Total uint64 `json:"total"`
	Items []struct {
		ID, Name, Domain, Region, FineText string
		PowerType                          string `json:"power_type"`
	} `json:"items"`
	Facets map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
}

type itemBody struct {
	ID       string
	Name     string
	Articles []struct {
		ID        string
		Article   string
		Paragraph int
		Role      string
		Text      string
		Inferred  bool
	}
	Penalties  []corpus.Penalty
	Fine       *corpus.Fine
	Discretion *corpus.Discretion
	NoPenalty  []corpus.NoPenalty `json:"no_penalty"`
	Source     corpus.ItemSource
}

func TestItemsList(t *testing.T) {
	s := itemsServer(t)
	var all itemsBody
	if code := get(t, s, "/api/v1/items", &all); code != 200 {
		t.Fatalf("status %d", code)
	}
	// Two derived items (第三条第二款, 第四条) and the four Guangdong tables.
	if all.Total != 6 || len(all.Items) != 6 {
		t.Fatalf("total %d items %d", all.Total, len(all.Items))
	}
	if f := all.Facets["power_type"]; len(f) != 1 || f[0].Value != "行政处罚" || f[0].Count != 6 {
		t.Errorf("power_type facet %+v", f)
	}
	if len(all.Facets["domain"]) == 0 || len(all.Facets["region"]) != 2 {
		t.Errorf("facets %+v", all.Facets)
	}
	tests := []struct {
		query string
		want  int
	}{
		{"region=" + url.QueryEscape("浙江/温州"), 2}, // 全国 + 浙江 + 温州: the Guangdong tables are not
		{"region=" + url.QueryEscape("广东"), 4},
		{"domain=" + url.QueryEscape("生态环境"), 4},
		{"q=" + url.QueryEscape("不存在的事项词语"), 0},
		{"power_type=" + url.QueryEscape("行政强制"), 0},
		{"size=1&page=2", 1},
	}
	for _, tt := range tests {
		var got itemsBody
		if code := get(t, s, "/api/v1/items?"+tt.query, &got); code != 200 {
			t.Errorf("%s: status %d", tt.query, code)
			continue
		}
		if len(got.Items) != tt.want {
			t.Errorf("%s: %d items (total %d), want %d", tt.query, len(got.Items), got.Total, tt.want)
		}
	}
	for _, bad := range []string{"size=0", "size=500", "page=x"} {
		var e errorResp
		if code := get(t, s, "/api/v1/items?"+bad, &e); code != 400 || e.Error.Code != "invalid" {
			t.Errorf("%s: status %d %+v", bad, code, e)
		}
	}
}

type errorResp struct {
	Error struct{ Code, Message string } `json:"error"`
}

// findItem returns the first item of a query, which must hold every word
// of it in its name (items with all the words come first).
func findItem(t *testing.T, s *api.Server, q string, want ...string) string {
	t.Helper()
	var got itemsBody
	get(t, s, "/api/v1/items?q="+url.QueryEscape(q), &got)
	if len(got.Items) == 0 {
		t.Fatalf("q=%s: no items", q)
	}
	for _, w := range want {
		if !strings.Contains(got.Items[0].Name, w) {
			t.Fatalf("q=%s: first item %q lacks %q", q, got.Items[0].Name, w)
		}
	}
	return got.Items[0].ID
}

func TestItemsFirst(t *testing.T) {
	s := itemsServer(t)
	findItem(t, s, "养犬登记", "养犬登记")
	findItem(t, s, "犬链 警告", "犬链")
}

func TestItemDetail(t *testing.T) {
	s := itemsServer(t)
	id := findItem(t, s, "养犬登记")
	var it itemBody
	if code := get(t, s, "/api/v1/items/"+url.PathEscape(id), &it); code != 200 {
		t.Fatalf("status %d", code)
	}
	// Duty and penalty in one article: 第三条 twice, 款 1 as duty, 款 2 as penalty.
	if len(it.Articles) != 2 {
		t.Fatalf("articles %+v", it.Articles)
	}
	d, p := it.Articles[0], it.Articles[1]
	if d.Role != "duty" || p.Role != "penalty" || d.ID != p.ID || d.Article != "第三条" || d.Paragraph != 1 || p.Paragraph != 2 {
		t.Errorf("articles %+v", it.Articles)
	}
	if !strings.HasPrefix(d.Text, "养犬人应当为犬只办理登记") || !strings.HasPrefix(p.Text, "违反本条第一款规定") {
		t.Errorf("texts %q / %q: want each 款", d.Text, p.Text)
	}
	if it.Fine == nil || it.Fine.Min != 500 || it.Fine.Max != 2000 || it.Discretion == nil || !it.Discretion.Derived {
		t.Errorf("fine %+v discretion %+v", it.Fine, it.Discretion)
	}
	// The article lists the items it grounds.
	var art struct{ Items []string }
	if code := get(t, s, "/api/v1/articles/"+url.PathEscape(d.ID), &art); code != 200 || len(art.Items) != 1 || art.Items[0] != id {
		t.Errorf("article %s items %v (status %d)", d.ID, art.Items, code)
	}
	var stats struct{ Items int }
	get(t, s, "/api/v1/stats", &stats)
	if stats.Items != 6 {
		t.Errorf("stats items %d", stats.Items)
	}
	var e errorResp
	if code := get(t, s, "/api/v1/items/it-none", &e); code != 404 || e.Error.Code != "not_found" {
		t.Errorf("unknown item: %d %+v", code, e)
	}
}

func post(t *testing.T, s *api.Server, target, body string, into any) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return do(t, s, req, into)
}

func TestItemDiscretion(t *testing.T) {
	s := itemsServer(t)
	warn := findItem(t, s, "犬链 警告")
	var d corpus.Decision
	if code := post(t, s, "/api/v1/items/"+url.PathEscape(warn)+"/discretion",
		`{"first_violation":false,"corrected_in_time":false,"harm":"serious","refused":true}`, &d); code != 200 {
		t.Fatalf("status %d", code)
	}
	if d.NoPenalty || d.Band == nil || d.Band.Level != corpus.BandGrave || !d.Derived || len(d.Steps) < 4 {
		t.Errorf("decision %+v", d)
	}
	if code := post(t, s, "/api/v1/items/"+url.PathEscape(warn)+"/discretion",
		`{"minor_violation":true,"corrected_in_time":true,"harm":"none"}`, &d); code != 200 || !d.NoPenalty || d.NoPenaltyKind != corpus.NoPenaltyMust {
		t.Errorf("minor case: %d %+v", code, d)
	}
	// A Guangdong factor table computes the fine.
	gd := "it-" + catalog.GuangdongName + "-GD-2.3"
	var g corpus.Decision
	body := `{"corrected_in_time":true,"factors":{"行为表现形式":"未安装","违法行为持续时间":"6个月以上","近一年同类违法行为":"无同类违法行为","整改情况":"限期内改正"}}`
	if code := post(t, s, "/api/v1/items/"+gd+"/discretion", body, &g); code != 200 {
		t.Fatalf("status %d", code)
	}
	// (10 + 30 + 20 + 0 + 0) % × 20万 = 12万.
	if g.Fine == nil || g.Fine.Min != 120000 || g.Percent != 60 {
		t.Errorf("decision %+v", g)
	}
	for _, bad := range []string{`{"harm":"catastrophic"}`, `{"factors":{"天气":"晴"}}`, `{"frist_violation":true}`, `not json`} {
		var e errorResp
		if code := post(t, s, "/api/v1/items/"+gd+"/discretion", bad, &e); code != 400 || e.Error.Code != "invalid" {
			t.Errorf("%s: %d %+v", bad, code, e)
		}
	}
	var e errorResp
	if code := post(t, s, "/api/v1/items/it-none/discretion", `{}`, &e); code != 404 {
		t.Errorf("unknown item: %d", code)
	}
}
