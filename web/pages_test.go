package web_test

import (
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/web"
)

func a(id string) string { return "/a/" + url.PathEscape(id) }
func d(id string) string { return "/d/" + url.PathEscape(id) }

func TestPages(t *testing.T) {
	app := newApp(t)
	old2 := article(t, lawTitle, "2015-03-01", 2)
	new2 := article(t, lawTitle, "2021-06-01", 2)
	new3 := article(t, lawTitle, "2021-06-01", 3)
	new4 := article(t, lawTitle, "2021-06-01", 4)
	noise4 := article(t, noiseTitle, "", 4)
	cs := section(t, caseTitle, "基本案情")
	cs2 := section(t, caseTitle, "处理结果")
	noise5 := article(t, noiseTitle, "", 5)
	local1 := article(t, localTitle, "", 1)
	tests := []struct {
		name   string
		path   string
		cookie string
		status int
		want   []string
		not    []string
	}{
		{name: "home", path: "/", status: 200,
			want: []string{`<form class="search" action="/"`, `name="q"`, `id="favs"`, `id="recent"`, `data-region="浙江/温州"`, `href="/?region=" data-region="" class="on"`},
			not:  []string{`class="hits"`}},
		{name: "search all regions", path: "/?q=" + url.QueryEscape("占道经营") + "&region=", status: 200,
			want: []string{`class="hits"`, `<mark>`, a(new2.ID), "现行有效", "类别", "地区", "<summary>筛选",
				`<input type="hidden" name="region" value="">`, "测试代表大会常务委员会 · 2021年6月1日修订", `data-region="" class="on"`,
				`href="/s?region=&amp;text=` + url.QueryEscape("占道经营") + `"`},
			not: []string{a(old2.ID) + `"`, ".md", "行政法/"}},
		{name: "search in Wenzhou", path: "/?q=" + url.QueryEscape("占道经营") + "&region=" + url.QueryEscape("浙江/温州"), status: 200,
			want: []string{localTitle, `data-region="浙江/温州" class="on"`, `<input type="hidden" name="region" value="浙江/温州">`}},
		{name: "region preference from cookie", path: "/?q=" + url.QueryEscape("占道经营"), cookie: "lawkb_region=" + url.QueryEscape("浙江/温州"), status: 200,
			want: []string{localTitle, `data-region="浙江/温州" class="on"`, `<input type="hidden" name="region" value="浙江/温州">`}},
		{name: "explicit region beats cookie", path: "/?q=" + url.QueryEscape("占道经营") + "&region=", cookie: "lawkb_region=" + url.QueryEscape("浙江/温州"), status: 200,
			want: []string{lawTitle, localTitle, `data-region="" class="on"`, `<input type="hidden" name="region" value="">`}},
		{name: "amended versions on request", path: "/?q=" + url.QueryEscape("占道经营") + "&region=&status=" + url.QueryEscape("已修改"), status: 200,
			want: []string{a(old2.ID), "已修改", "2015-03-01 至 2021-06-01"}},
		{name: "as_of picks the version in force that day", path: "/?q=" + url.QueryEscape("占道经营") + "&region=&as_of=2018-01-01", status: 200,
			want: []string{a(old2.ID), "2018年1月1日时有效的版本", `value="2018年1月1日"`}, not: []string{a(new2.ID) + `"`}},
		{name: "as_of in Chinese", path: "/?q=" + url.QueryEscape("占道经营") + "&region=&as_of=" + url.QueryEscape("2018年1月1日"), status: 200,
			want: []string{a(old2.ID), "2018年1月1日时有效的版本"}, not: []string{a(new2.ID) + `"`}},
		{name: "no hits", path: "/?q=" + url.QueryEscape("核潜艇") + "&region=", status: 200,
			want: []string{"共 0 条", "没有找到相关条文"}},
		{name: "bad page", path: "/?q=x&page=abc", status: 400, want: []string{"页码", "abc"}},
		{name: "bad date", path: "/?q=x&as_of=2021-13-01", status: 400, want: []string{"请写成 2024年5月1日", "<details class=\"filter\" open>"}},
		{name: "bad kind", path: "/?q=x&kind=" + url.QueryEscape("小说"), status: 400, want: []string{"小说"}},
		{name: "markup in query is escaped", path: "/?q=" + url.QueryEscape(`<script>alert(1)</script>`) + "&region=", status: 200,
			want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, not: []string{"<script>alert(1)"}},
		{name: "current article", path: a(new2.ID), status: 200,
			want: []string{`<h1>` + lawTitle + ` 第二条</h1>`, `id="k1"`, `id="k2"`, `id="k2-x1"`, `id="k2-x2"`, `title="第二款"`,
				"（一）经批准的临时集市；", `id="fav"`, `id="share"`, `id="add"`, d(new2.Version().ID) + "#a-2", "现行有效",
				`data-version-date="2021-06-01"`, "其他版本", a(new2.ID) + "/diff/" + url.PathEscape(old2.ID)},
			not: []string{`class="banner`}},
		{name: "amended article has banner and link to the text in force", path: a(old2.ID), status: 200,
			want: []string{`class="banner s-warn"`, "已修改：", "2021-06-01 起已被新版本取代", `href="` + a(new2.ID) + `"`, "查看现行版本"}},
		{name: "article neighbours", path: a(new3.ID), status: 200,
			want: []string{`href="` + a(new2.ID) + `" rel="prev"`, `href="` + a(new4.ID) + `" rel="next"`, "第二章 法律责任"}},
		{name: "article without other versions", path: a(noise4.ID), status: 200,
			want: []string{"第四条", "2019年7月1日施行", "第二节 建筑施工噪声"}, not: []string{"其他版本"}},
		{name: "case section", path: a(cs.ID), status: 200,
			want: []string{`data-type="case"`, "摆设摊位销售水果", "基本案情"}},
		{name: "citations resolved, cases that cite", path: a(new3.ID), status: 200,
			want: []string{"本条引用", `href="` + a(new2.ID) + `">中华人民共和国市容管理法 第二条 <small class="muted">本法第二条</small>`,
				"相关案例", `href="` + a(cs2.ID) + `"`}},
		{name: "cited by", path: a(new2.ID), status: 200, want: []string{"被引用", `href="` + a(new3.ID) + `"`}},
		{name: "citation of a paragraph anchors it", path: a(noise5.ID), status: 200,
			want: []string{`href="` + a(noise4.ID) + `#k1"`, "本条例第四条第一款"}},
		{name: "citation of a whole law, version-aware", path: a(local1.ID), status: 200,
			want: []string{"《中华人民共和国市容管理法》", "所引版本此后已修改", `href="` + d(old2.Version().ID) + `"`}},
		{name: "case section cites", path: a(cs2.ID), status: 200, want: []string{"本条引用", `href="` + a(new3.ID) + `"`}},
		{name: "missing article", path: "/a/nope", status: 404, want: []string{"404", "没有这一条"}},
		{name: "diff", path: a(new2.ID) + "/diff/" + url.PathEscape(old2.ID), status: 200,
			want: []string{"<del>", "<ins>", "2015-03-01 版 第二条", "2021-06-01 版 第二条", "桥梁"}},
		{name: "diff across works refused", path: a(new2.ID) + "/diff/" + url.PathEscape(noise4.ID), status: 400},
		{name: "document with TOC and anchors", path: d(new2.Version().ID), status: 200,
			want: []string{"目录", `href="#h-1">第一章 总则`, `id="a-2"`, `id="a-4"`, `<a class="lab" href="` + a(new2.ID) + `">第二条</a>`,
				"第一届测试代表大会常务委员会修订", "其他版本"}},
		{name: "document by work id shows the current version", path: d(new2.Version().WorkID), status: 200,
			want: []string{"第四条", "噪声扰民"}},
		{name: "nested TOC", path: d(noise4.Version().ID), status: 200,
			want: []string{`class="l1"><a href="#h-1">第一章 总则`, `class="l2"><a href="#h-3">第一节 商业噪声`, `<h3 class="ch" id="h-3">第一节 商业噪声</h3>`}},
		{name: "old document banner", path: d(old2.Version().ID), status: 200,
			want: []string{"已修改：", `href="` + d(new2.Version().ID) + `"`}},
		{name: "case document with sections", path: d(cs.Version().ID), status: 200,
			want: []string{"基本案情", "处理结果", "典型意义", `id="s-1"`}},
		{name: "missing document", path: "/d/nope", status: 404},
		{name: "collection", path: "/c", status: 200, want: []string{`id="coll"`, `action="/c/export"`, `value="docx"`, `value="md"`, `value="print"`}},
		{name: "offline", path: "/offline", status: 200, want: []string{"现在离线", `id="favs"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.cookie != "" {
				h = []string{"Cookie", tt.cookie}
			}
			res, body := get(t, app, tt.path, h...)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tt.path, res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("GET %s: Content-Type %q, want HTML", tt.path, ct)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("GET %s: Content-Security-Policy %q", tt.path, csp)
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
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}

var attrURL = regexp.MustCompile(`(?:href|src)="(/[^"#]*)`)

// TestLinksResolve follows every local link and asset of the main pages:
// hashed asset names, article and document links, facet and pager links.
func TestLinksResolve(t *testing.T) {
	app := newApp(t)
	new2 := article(t, lawTitle, "2021-06-01", 2)
	seen := map[string]bool{}
	for _, p := range []string{"/", "/?q=" + url.QueryEscape("占道经营") + "&region=",
		a(new2.ID), d(new2.Version().ID), "/c", "/offline"} {
		_, body := get(t, app, p)
		for _, m := range attrURL.FindAllStringSubmatch(body, -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			if seen[u] {
				continue
			}
			seen[u] = true
			res, _ := get(t, app, u)
			if res.StatusCode != 200 {
				t.Errorf("%s links to %s: status %d", p, u, res.StatusCode)
			}
		}
	}
	if len(seen) < 15 {
		t.Errorf("followed only %d links: %v", len(seen), seen)
	}
}

func TestStaticAssets(t *testing.T) {
	app := newApp(t)
	_, home := get(t, app, "/")
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(home)
	js := regexp.MustCompile(`src="(/static/app\.[0-9a-f]{10}\.js)"`).FindStringSubmatch(home)
	if css == nil || js == nil {
		t.Fatalf("home page names no hashed app.css/app.js:\n%s", home)
	}
	tests := []struct {
		path, ctype, cache string
		status             int
		want               string
	}{
		{css[1], "text/css", "immutable", 200, "prefers-color-scheme: dark"},
		{js[1], "javascript", "immutable", 200, "serviceWorker"},
		{"/static/app.0000000000.css", "", "", 404, ""},
		{"/static/app.css", "", "", 404, ""},
		{"/sw.js", "javascript", "no-cache", 200, css[1]},
		{"/manifest.webmanifest", "application/manifest+json", "max-age", 200, `"start_url":"/"`},
	}
	for _, tt := range tests {
		res, body := get(t, app, tt.path)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.path, res.StatusCode, tt.status)
			continue
		}
		if tt.status != 200 {
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, tt.ctype) {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, ct, tt.ctype)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, tt.cache) {
			t.Errorf("GET %s: Cache-Control %q, want %q", tt.path, cc, tt.cache)
		}
		if !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: body lacks %q", tt.path, tt.want)
		}
	}
	// The service worker precaches the shell: every URL it names must load.
	_, sw := get(t, app, "/sw.js")
	shell := regexp.MustCompile(`var SHELL_URLS = (\[[^\]]*\])`).FindStringSubmatch(sw)
	if shell == nil {
		t.Fatalf("sw.js has no SHELL_URLS:\n%s", sw)
	}
	for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(shell[1], -1) {
		if res, _ := get(t, app, m[1]); res.StatusCode != 200 {
			t.Errorf("shell URL %s: status %d", m[1], res.StatusCode)
		}
	}
}

func TestCompression(t *testing.T) {
	app := newApp(t)
	for _, enc := range []string{"gzip", "br"} {
		res, body := get(t, app, "/?q="+url.QueryEscape("占道经营")+"&region=", "Accept-Encoding", enc)
		if got := res.Header.Get("Content-Encoding"); got != enc {
			t.Errorf("Accept-Encoding %s: Content-Encoding %q", enc, got)
		}
		if strings.Contains(body, "占道经营") {
			t.Errorf("Accept-Encoding %s: body came back uncompressed", enc)
		}
	}
}

// TestMountedByAPI checks the UI as lawkb serve runs it: mounted on the
// api server's app beside the JSON API, which keeps its own behaviour.
func TestMountedByAPI(t *testing.T) {
	pages := func(r fiber.Router, d api.PageDeps) api.ErrorPage {
		return api.ErrorPage(web.Mount(r, web.Deps{Corpus: d.Corpus, Search: d.Search, Suggest: d.Suggest, Complete: d.Complete, Guard: d.Guard, Logger: d.Logger}))
	}
	app := api.New(api.Config{Index: fixIdx, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Pages: pages}).App()
	new2 := article(t, lawTitle, "2021-06-01", 2)
	tests := []struct {
		path, ctype string
		status      int
		want        string
	}{
		{"/", "text/html", 200, `<form class="search"`},
		{"/?q=" + url.QueryEscape("占道经营") + "&region=", "text/html", 200, a(new2.ID)},
		{a(new2.ID), "text/html", 200, "第二条"},
		{"/api/v1/search?q=" + url.QueryEscape("占道经营"), "application/json", 200, `"hits"`},
		{"/api/v1/articles/nope", "application/json", 404, `"error"`},
		{"/a/nope", "text/html", 404, "没有这一条"},
		{"/no/such/page", "application/json", 404, `"not_found"`},
		{"/s", "text/html", 200, `<form class="suggest"`},
		{"/ac?q=" + url.QueryEscape("市容"), "application/json", 200, `"completions":[{`},
	}
	for _, tt := range tests {
		res, body := get(t, app, tt.path)
		if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.ctype) || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d %s, want %d %s with %q\n%s", tt.path, res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.ctype, tt.want, body)
		}
	}
}

// TestRenumberedArticle: 2019 第三条 moved to 2022 第四条 (a new 第三条 was
// inserted). The banner, the versions block and the export warning follow
// the provision, not the number.
func TestRenumberedArticle(t *testing.T) {
	app := newApp(t)
	old3 := article(t, dogTitle, "2019-01-01", 3)
	new3 := article(t, dogTitle, "2022-01-01", 3)
	new4 := article(t, dogTitle, "2022-01-01", 4)
	_, body := get(t, app, a(old3.ID))
	for _, w := range []string{`href="` + a(new4.ID) + `">查看现行版本（2022-01-01 版 第四条）`, a(old3.ID) + "/diff/" + url.PathEscape(new4.ID), "条号有变动"} {
		if !strings.Contains(body, w) {
			t.Errorf("old 第三条: body lacks %q", w)
		}
	}
	if strings.Contains(body, `href="`+a(new3.ID)+`"`) {
		t.Error("old 第三条 links to the new 第三条, a different provision")
	}
	_, md := postExport(t, "md", web.Collection{Name: "x", Entries: []web.Entry{{Type: "article", ID: old3.ID}}})
	if !strings.Contains(string(md), "现行版本（2022-01-01 版）中本条改为第四条，文字未变。") {
		t.Errorf("export warning:\n%s", md)
	}
}

// TestLongDocument: a long text comes in parts, one loaded with the page,
// the others loaded on demand; 第N条 is one jump away; find lists the
// articles holding the words.
func TestLongDocument(t *testing.T) {
	defer web.SetLazyTextBytes(100)()
	app := newApp(t)
	v := version(t, noiseTitle, "")
	doc := d(v.ID)
	_, body := get(t, app, doc)
	for _, w := range []string{`id="p-0" data-part="0" data-loaded`, `id="a-1"`, `data-src="` + doc + `/part/1"`, `data-src="` + doc + `/part/3"`,
		`<details class="toc card">`, `href="` + doc + `?part=1#h-3">第一节 商业噪声`, `name="a"`, `name="find"`, "展开 第二条至第三条"} {
		if !strings.Contains(body, w) {
			t.Errorf("long document lacks %q", w)
		}
	}
	if strings.Contains(body, `id="a-4"`) || strings.Contains(body, "<details class=\"toc card\" open") {
		t.Error("a part not asked for is sent, or the TOC is open")
	}
	res, _ := get(t, app, doc+"?a="+url.QueryEscape("第四条"))
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != doc+"?part=2#a-4" {
		t.Errorf("jump to 第四条: %d %q", res.StatusCode, loc)
	}
	res, _ = get(t, app, doc+"?a=5")
	if loc := res.Header.Get("Location"); loc != doc+"?part=3#a-5" {
		t.Errorf("jump to 5: %q", loc)
	}
	res, body = get(t, app, doc+"?a=99")
	if res.StatusCode != 404 || !strings.Contains(body, "本文件没有“99”") {
		t.Errorf("jump to 99: %d", res.StatusCode)
	}
	_, body = get(t, app, doc+"?part=2")
	if !strings.Contains(body, `id="a-4"`) || strings.Contains(body, `id="a-1"`) {
		t.Error("?part=2 does not send part 2 alone")
	}
	res, body = get(t, app, doc+"/part/1")
	if res.StatusCode != 200 || !strings.Contains(body, `id="a-2"`) || !strings.Contains(body, `id="a-3"`) || strings.Contains(body, "<html") {
		t.Errorf("part fragment: %d %s", res.StatusCode, body)
	}
	if res, _ := get(t, app, doc+"/part/9"); res.StatusCode != 404 {
		t.Errorf("missing part: %d", res.StatusCode)
	}
	_, body = get(t, app, doc+"?find="+url.QueryEscape("夜间"))
	if !strings.Contains(body, "“夜间”：1 条") || !strings.Contains(body, `href="`+doc+`?part=2&amp;find=`+url.QueryEscape("夜间")+`#a-4"`) || !strings.Contains(body, "<mark>夜间</mark>") {
		t.Errorf("find:\n%s", body)
	}
}

// TestFirstBox: a citation or words lead with the article, its 款 marked;
// a described violation whose item scores close and agrees leads with the
// item, its penalty provision, fine and duty.
func TestFirstBox(t *testing.T) {
	app := newApp(t)
	new2 := article(t, lawTitle, "2021-06-01", 2)
	it := item(t, article(t, lawTitle, "2021-06-01", 3))
	_, body := get(t, app, "/?q="+url.QueryEscape("在人行道上摆摊卖水果，劝阻后不改正")+"&region=")
	for _, w := range []string{`<section class="lead card" data-type="item"`, `href="` + i(it.ID) + `">占道经营</a>`,
		`<span class="badge s-warn">罚则</span> <a href="` + a(article(t, lawTitle, "2021-06-01", 3).ID) + `">《中华人民共和国市容管理法》第三条</a>`,
		"罚款：100元以上500元以下", `<span class="badge s-info">违则</span>`} {
		if !strings.Contains(body, w) {
			t.Errorf("violation: first box lacks %q", w)
		}
	}
	_, body = get(t, app, "/?q="+url.QueryEscape("市容管理法第二条第二款")+"&region=")
	for _, w := range []string{`<section class="lead card" data-type="article"`, "引用的条文", `href="` + a(new2.ID) + `#k2"`, `<p class=" hit"><span class="kn">2</span>有下列情形之一的`} {
		if !strings.Contains(body, w) {
			t.Errorf("citation: first box lacks %q", w)
		}
	}
	if strings.Contains(body, "相关执法事项") {
		t.Error("a citation lists items")
	}
}

// TestTrainerSearch: titles only, sorted by date or level, and narrowed
// to the results that hold more words.
func TestTrainerSearch(t *testing.T) {
	app := newApp(t)
	q := "/?q=" + url.QueryEscape("噪声") + "&region="
	_, body := get(t, app, q+"&field=title")
	if !strings.Contains(body, `data-type="version"`) || strings.Contains(body, `data-type="article"`) {
		t.Errorf("title search lists articles or no texts:\n%s", body)
	}
	if !strings.Contains(body, `<a href="/?q=%E5%99%AA%E5%A3%B0&amp;field=title&amp;region=" class="on" aria-current="true">标题</a>`) {
		t.Error("the 标题 switch is not on")
	}
	// Sorted by date, newest first: 2021 before 2019.
	_, body = get(t, app, "/?q="+url.QueryEscape("噪声 警告")+"&region=&status=all&sort=date")
	i, j := strings.Index(body, "市容管理法"), strings.Index(body, noiseTitle)
	if i < 0 || j < 0 || i > j || !strings.Contains(body, "已重新排序") {
		t.Errorf("sort by date: 市容管理法 (2021) at %d, %s (2019) at %d", i, noiseTitle, j)
	}
	_, body = get(t, app, "/?q="+url.QueryEscape("噪声")+"&region=&sort=level")
	if i, j := strings.Index(body, "<span>行政法规"), strings.Index(body, "<span>地方性法规"); j >= 0 && i > j {
		t.Error("sort by level puts a local regulation before an administrative regulation")
	}
	// Within: only the results holding 夜间.
	_, body = get(t, app, q+"&within="+url.QueryEscape("夜间"))
	if !strings.Contains(body, "共 1 条") || !strings.Contains(body, "含“夜间”的") {
		t.Errorf("within 夜间:\n%s", body)
	}
}
