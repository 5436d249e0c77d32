package web

import (
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

func TestSafeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"占道<mark>经营</mark>的", "占道<mark>经营</mark>的"},
		{"a &lt; b &amp; c", "a &lt; b &amp; c"},
		{"raw < and & stay text", "raw &lt; and &amp; stay text"},
		{`<script>alert(1)</script><mark>x</mark>`, "&lt;script&gt;alert(1)&lt;/script&gt;<mark>x</mark>"},
		{`<mark onclick="x">y</mark>`, "&lt;mark onclick=&#34;x&#34;&gt;y</mark>"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(safeSnippet(tt.in)); got != tt.want {
			t.Errorf("safeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPager(t *testing.T) {
	st := state{"q": "罚款", "region": "浙江"}
	tests := []struct {
		page        int
		total       uint64
		prev, next  string
		pages       int
		wantNoPager bool
	}{
		{page: 1, total: 35, next: "/?q=%E7%BD%9A%E6%AC%BE&region=%E6%B5%99%E6%B1%9F&page=2", pages: 4},
		{page: 2, total: 35, prev: "/?q=%E7%BD%9A%E6%AC%BE&region=%E6%B5%99%E6%B1%9F", next: "/?q=%E7%BD%9A%E6%AC%BE&region=%E6%B5%99%E6%B1%9F&page=3", pages: 4},
		{page: 4, total: 35, prev: "/?q=%E7%BD%9A%E6%AC%BE&region=%E6%B5%99%E6%B1%9F&page=3", pages: 4},
		{page: 1, total: 10, wantNoPager: true},
		{page: 1, total: 10_000_000, pages: search.MaxOffset/10 + 1, next: "/?q=%E7%BD%9A%E6%AC%BE&region=%E6%B5%99%E6%B1%9F&page=2"},
	}
	for _, tt := range tests {
		req := search.Request{Query: "罚款", Page: tt.page, Size: 10}
		r := resultOf(st, req, &search.Result{Total: tt.total, Took: time.Millisecond})
		if tt.wantNoPager {
			if r.Pager != nil {
				t.Errorf("total %d: pager %+v, want none", tt.total, r.Pager)
			}
			continue
		}
		if r.Pager == nil {
			t.Fatalf("page %d of %d: no pager", tt.page, tt.total)
		}
		if r.Pager.PrevHref != tt.prev || r.Pager.NextHref != tt.next || r.Pager.Pages != tt.pages {
			t.Errorf("page %d of %d: pager %+v, want prev %q next %q pages %d", tt.page, tt.total, r.Pager, tt.prev, tt.next, tt.pages)
		}
	}
}

func TestFacetChipsToggle(t *testing.T) {
	st := state{"q": "罚款", "region": "", "kind": "法律", "page": "3"}
	r := resultOf(st, search.Request{Page: 3, Size: 10}, &search.Result{Facets: map[string][]search.FacetValue{
		search.FacetKind: {{Value: "法律", Count: 3}, {Value: "地方性法规", Count: 1}},
		search.FacetYear: {{Value: "2021", Count: 2}},
	}})
	if len(r.Facets) != 1 {
		t.Fatalf("facets %+v: want only kind (year has no filter)", r.Facets)
	}
	vals := r.Facets[0].Values
	if !vals[0].Active || vals[0].Href != "/?q=%E7%BD%9A%E6%AC%BE&region=" {
		t.Errorf("active chip %+v: want it to clear kind and page", vals[0])
	}
	if vals[1].Active || vals[1].Href != "/?q=%E7%BD%9A%E6%AC%BE&region=&kind=%E5%9C%B0%E6%96%B9%E6%80%A7%E6%B3%95%E8%A7%84" {
		t.Errorf("other chip %+v", vals[1])
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"第二条 任何单位", "第二条 任何单位"},
		{"# 标题", `\# 标题`},
		{"> 引用", `\> 引用`},
		{"1. 第一", `1\. 第一`},
		{"2021年", "2021年"},
		{"a*b_c", `a\*b\_c`},
		{"[点我](javascript:alert(1))", `\[点我\]\(javascript:alert\(1\)\)`},
		{"![x](http://e/x.png)", `\!\[x\]\(http://e/x.png\)`},
		{"<img src=x onerror=alert(1)>", `\<img src=x onerror=alert\(1\)\>`},
		{"&lt;b&gt;", `\&lt;b\&gt;`},
		{"一行\n# 又一个标题\n    代码块\n- 列表", "一行\n\\# 又一个标题\n代码块\n\\- 列表"},
		{"3) 项", `3\) 项`},
	}
	for _, tt := range tests {
		if got := mdEscape(tt.in); got != tt.want {
			t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownLink(t *testing.T) {
	tests := []struct{ text, href, want string }{
		{"链接", "https://lawkb.example.org/a/w1-2", "[链接](https://lawkb.example.org/a/w1-2)"},
		{"链接", "https://lawkb.example.org/a/x)(y z", "[链接](https://lawkb.example.org/a/x%29%28y%20z)"},
		{"链接", "javascript:alert(1)", "链接"},
		{"[x]", "data:text/html,<script>", `\[x\]`},
	}
	for _, tt := range tests {
		if got := mdLink(tt.text, tt.href); got != tt.want {
			t.Errorf("mdLink(%q, %q) = %q, want %q", tt.text, tt.href, got, tt.want)
		}
	}
}

func TestParsePublicURL(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"", "", ""},
		{"https://lawkb.example.org/", "https://lawkb.example.org", ""},
		{"https://example.gov.cn/lawkb/", "https://example.gov.cn/lawkb", ""},
		{"http://10.2.3.4:8080", "http://10.2.3.4:8080", ""},
		{"http://127.0.0.1:8080", "", "loopback"},
		{"http://localhost", "", "loopback"},
		{"http://[::1]:80", "", "loopback"},
		{"javascript:alert(1)", "", "http"},
		{"https://example.org/?x=1", "", "only scheme"},
		{"https://user:pw@example.org", "", "only scheme"},
		{"example.org", "", "http"},
	}
	for _, tt := range tests {
		got, err := ParsePublicURL(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParsePublicURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParsePublicURL(%q): error %v, want one naming %q", tt.in, err, tt.err)
		}
	}
}

func TestChineseIndex(t *testing.T) {
	for n, want := range map[int]string{1: "一", 2: "二", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 99: "九十九", 100: "100"} {
		if got := chineseIndex(n); got != want {
			t.Errorf("chineseIndex(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestEffectiveStatus(t *testing.T) {
	today := corpus.NewDate(2024, 5, 1)
	tests := []struct {
		v    corpus.Version
		want corpus.Status
	}{
		{corpus.Version{Status: corpus.StatusInForce, ValidFrom: corpus.NewDate(2021, 6, 1)}, corpus.StatusInForce},
		{corpus.Version{Status: corpus.StatusInForce, ValidFrom: corpus.NewDate(2025, 1, 1)}, corpus.StatusNotYet},
		{corpus.Version{Status: corpus.StatusAmended}, corpus.StatusAmended},
		{corpus.Version{Status: corpus.StatusInForce}, corpus.StatusInForce},
	}
	for _, tt := range tests {
		if got := effectiveStatus(&tt.v, today); got != tt.want {
			t.Errorf("effectiveStatus(%s from %s) = %s, want %s", tt.v.Status, tt.v.ValidFrom, got, tt.want)
		}
	}
}

func TestFacetMore(t *testing.T) {
	var regions []search.FacetValue
	for i := range 12 {
		regions = append(regions, search.FacetValue{Value: "地区" + chineseIndex(i+1), Count: 20 - i})
	}
	st := state{"q": "罚款", "area": "地区十一"}
	r := resultOf(st, search.Request{Query: "罚款", Page: 1, Size: 10}, &search.Result{Facets: map[string][]search.FacetValue{search.FacetRegion: regions}})
	f := r.Facets[0]
	// The first eight show, and the active one wherever it ranks.
	if len(f.Values) != facetShown+1 || len(f.More) != 3 || !f.Values[facetShown].Active {
		t.Errorf("shown %d (last %+v), more %d", len(f.Values), f.Values[len(f.Values)-1], len(f.More))
	}
}

func TestFirstBoxDecision(t *testing.T) {
	for _, tt := range []struct {
		intent        search.Intent
		article, item float64
		agrees        bool
		lead          bool
	}{
		{search.IntentViolation, 5, 3.6, true, true},   // close, and the item's article was found
		{search.IntentViolation, 5, 3.6, false, false}, // close, but about other articles
		{search.IntentViolation, 5, 2, true, false},    // far behind the article
		{search.IntentKeywords, 5, 5, true, false},     // words, not a described violation
		{search.IntentViolation, 0, 0, true, false},
	} {
		if got := leadWithItem(tt.intent, tt.article, tt.item, tt.agrees); got != tt.lead {
			t.Errorf("leadWithItem(%s, %v, %v, %v) = %v", tt.intent, tt.article, tt.item, tt.agrees, got)
		}
	}
	for _, tt := range []struct {
		intent        search.Intent
		article, item float64
		want          bool
	}{
		{search.IntentKeywords, 6, 6, true},
		{search.IntentKeywords, 6, 2, false},
		{search.IntentCitation, 0, 4.5, false}, // 处罚法32 asked for an article
		{search.IntentTitle, 3, 3, false},
	} {
		if got := itemMatchesWell(tt.intent, tt.article, tt.item); got != tt.want {
			t.Errorf("itemMatchesWell(%s, %v, %v) = %v", tt.intent, tt.article, tt.item, got)
		}
	}
}
