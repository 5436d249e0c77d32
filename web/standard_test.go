package web_test

import (
	"net/url"
	"strings"
	"testing"
)

func std(id string) string { return "/std/" + url.PathEscape(id) }

// TestStandardsItemsCases checks the pages this file's features add or
// extend: the items strip above the search hits, the standard page and the
// links to it, and the article's standards and cases.
func TestStandardsItemsCases(t *testing.T) {
	app := newApp(t)
	if len(fixCorpus.Standards) != 1 {
		t.Fatalf("fixture has %d standards, want 1", len(fixCorpus.Standards))
	}
	sd := fixCorpus.Standards[0]
	noise3 := article(t, noiseTitle, "", 3)
	noise4 := article(t, noiseTitle, "", 4)
	noise5 := article(t, noiseTitle, "", 5)
	new3 := article(t, lawTitle, "2021-06-01", 3)
	cs2 := section(t, caseTitle, "处理结果")
	stall := item(t, new3)
	noiseItem := item(t, noise5)
	tests := []struct {
		name   string
		path   string
		status int
		want   []string
		not    []string
	}{
		{name: "items strip above the hits", path: "/?q=" + url.QueryEscape("占道经营") + "&region=", status: 200,
			want: []string{"<h2>相关执法事项", `href="/i/` + url.PathEscape(stall.ID) + `"`, stall.Name, "《中华人民共和国市容管理法》第三条 · 全国 · 罚款100元以上500元以下"}},
		{name: "items strip before the texts", path: "/?q=" + url.QueryEscape("建筑施工") + "&region=", status: 200,
			want: []string{`href="/i/` + url.PathEscape(noiseItem.ID) + `"`, "罚款1万元以上10万元以下"}},
		{name: "no strip on later pages", path: "/?q=" + url.QueryEscape("占道经营") + "&region=&page=2", status: 200,
			not: []string{"<h2>相关执法事项"}},
		{name: "no strip without items", path: "/?q=" + url.QueryEscape("隔声措施") + "&region=", status: 200,
			want: []string{`class="lead card"`}, not: []string{"<h2>相关执法事项"}},
		{name: "standard hit links to its page", path: "/?q=" + url.QueryEscape("社会生活噪声排放标准") + "&region=", status: 200,
			want: []string{`<li class="hit" data-type="standard">`, `href="` + std(sd.ID) + `"`}, not: []string{`href="/a/` + sd.ID}},
		{name: "standard page", path: std(sd.ID), status: 200,
			want: []string{"<h1>GB 99901-2020 测试社会生活噪声排放标准</h1>", "现行有效", "2020-07-01 起施行", "适用范围", "边界噪声的排放限值",
				"引用本标准的条文", `href="` + a(noise3.ID) + `">` + noiseTitle + " 第三条", "标准 › 噪声"}, not: []string{".md"}},
		{name: "missing standard", path: "/std/std-nope", status: 404, want: []string{"没有这项标准"}},
		{name: "article lists the standards it names", path: a(noise3.ID), status: 200,
			want: []string{"本条所引标准", `href="` + std(sd.ID) + `">GB 99901-2020 测试社会生活噪声排放标准`}},
		{name: "article naming no standard", path: a(noise4.ID), status: 200, not: []string{"本条所引标准"}},
		{name: "article lists the cases citing it", path: a(new3.ID), status: 200,
			want: []string{"相关案例", `href="` + a(cs2.ID) + `">` + caseTitle + ` <small class="muted">城市管理 · 处理结果</small>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, app, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tt.path, res.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tt.path, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("GET %s: body has %q", tt.path, n)
				}
			}
			if i, j := strings.Index(body, "<h2>相关执法事项"), strings.Index(body, `class="hits"`); i >= 0 && j >= 0 && i > j {
				t.Errorf("GET %s: the items strip comes after the hits", tt.path)
			}
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
	// Every link of the new blocks leads to a page.
	for _, p := range []string{"/?q=" + url.QueryEscape("占道经营") + "&region=", std(sd.ID), a(noise3.ID)} {
		_, body := get(t, app, p)
		for _, m := range attrURL.FindAllStringSubmatch(body, -1) {
			u := m[1]
			if !strings.HasPrefix(u, "/i/") && !strings.HasPrefix(u, "/std/") && !strings.HasPrefix(u, "/a/") {
				continue
			}
			if res, _ := get(t, app, u); res.StatusCode != 200 {
				t.Errorf("%s links to %s: status %d", p, u, res.StatusCode)
			}
		}
	}
}
