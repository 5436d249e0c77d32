package api_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/search"
)

// TestSearchItemHits checks the type parameter of GET /api/v1/search: items
// only when asked for, rendered as hits, with the region and kind facets.
func TestSearchItemHits(t *testing.T) {
	s := itemsServer(t)
	type body struct {
		Total  uint64
		Hits   []search.Hit
		Facets map[string][]search.FacetValue
	}
	var def body
	if code := get(t, s, "/api/v1/search?q="+url.QueryEscape("养犬登记"), &def); code != 200 {
		t.Fatalf("status %d", code)
	}
	for _, h := range def.Hits {
		if h.Type == "item" {
			t.Errorf("default search returned item %s", h.ID)
		}
	}
	var got body
	if code := get(t, s, "/api/v1/search?type=item&q="+url.QueryEscape("养犬登记"), &got); code != 200 {
		t.Fatalf("status %d", code)
	}
	// Two words, fewer than three hits with both: any word may match, the
	// item with both ranks first.
	if got.Total != 3 || len(got.Hits) != 3 {
		t.Fatalf("total %d, hits %+v", got.Total, got.Hits)
	}
	for _, x := range got.Hits {
		if x.Type != "item" {
			t.Errorf("type=item returned %s %s", x.Type, x.ID)
		}
	}
	h := got.Hits[0]
	if h.Type != "item" || h.Article != "第三条" || h.Kind != "行政处罚" || h.Region != "浙江/温州" || h.Status != "现行有效" ||
		!strings.Contains(h.Title, "登记") || !strings.Contains(h.Snippet, "罚款500元以上2000元以下") ||
		!strings.HasSuffix(h.Source, "温州市示范养犬条例(2021-01-01).md") {
		t.Errorf("hit %+v", h)
	}
	if f := got.Facets["region"]; len(f) != 2 || f[0] != (search.FacetValue{Value: "浙江/温州", Count: 2}) || f[1] != (search.FacetValue{Value: "广东", Count: 1}) {
		t.Errorf("region facet %+v", f)
	}
	if f := got.Facets["kind"]; len(f) != 1 || f[0] != (search.FacetValue{Value: "行政处罚", Count: 3}) {
		t.Errorf("kind facet %+v", f)
	}
	if len(got.Facets["level"]) != 0 || len(got.Facets["year"]) != 0 {
		t.Errorf("facets items lack: %+v", got.Facets)
	}
	// Two derived items and the four Guangdong tables.
	var all body
	if code := get(t, s, "/api/v1/search?type=item", &all); code != 200 || all.Total != 6 {
		t.Errorf("item listing: status %d total %d, want 6", code, all.Total)
	}
	for _, bad := range []string{"type=law", "type=item&level=" + url.QueryEscape("法律"), "type=item&as_of=2022-01-01", "type=item&kind=" + url.QueryEscape("法律")} {
		var e errorResp
		if code := get(t, s, "/api/v1/search?q=x&"+bad, &e); code != 400 || e.Error.Code != "invalid" {
			t.Errorf("%s: status %d %+v", bad, code, e)
		}
	}
}
