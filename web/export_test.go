package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/web"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// course is a collection with one text of every kind an export handles:
// an article amended since, one in force, a case section, a whole document,
// an enforcement item, and an id the index no longer has.
func course(t *testing.T) web.Collection {
	old2 := article(t, lawTitle, "2015-03-01", 2)
	old3 := article(t, lawTitle, "2015-03-01", 3)
	new4 := article(t, lawTitle, "2021-06-01", 4)
	noise4 := article(t, noiseTitle, "", 4)
	cs := section(t, caseTitle, "处理结果")
	it := item(t, article(t, lawTitle, "2021-06-01", 3))
	return web.Collection{Name: "市容执法培训", Entries: []web.Entry{
		{Type: "article", ID: old2.ID, Title: lawTitle, Label: "第二条", VersionDate: "2015-03-01"},
		{Type: "article", ID: old3.ID, Title: lawTitle, Label: "第三条", VersionDate: "2015-03-01"},
		{Type: "article", ID: new4.ID, Title: lawTitle, Label: "第四条", VersionDate: "2021-06-01"},
		{Type: "article", ID: noise4.ID, Title: noiseTitle, Label: "第四条", VersionDate: "2019-05-01"},
		{Type: "case", ID: cs.ID, Title: caseTitle, Label: "处理结果"},
		{Type: "document", ID: noise4.Version().ID, Title: noiseTitle, Label: "全文"},
		{Type: "item", ID: it.ID, Title: it.Name, Label: "执法事项"},
		{Type: "article", ID: "w000-gone-9", Title: "某已删除条例", Label: "第九条", VersionDate: "2010-01-01",
			Text: "第一段文字。\n第二段文字。", URL: "/a/w000-gone-9"},
	}}
}

// postExport posts the collection the way the collection page's form does.
func postExport(t *testing.T, format string, col any) (*http.Response, []byte) {
	t.Helper()
	raw, err := json.Marshal(col)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"format": {format}, "collection": {string(raw)}}
	req := httptest.NewRequest(http.MethodPost, "/c/export", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// The Host a request names is never written into an export.
	req.Host = "127.0.0.1:8080"
	res, err := newApp(t).Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func TestExportMarkdown(t *testing.T) {
	res, body := postExport(t, "md", course(t))
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/markdown") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, url.PathEscape("市容执法培训.md")) {
		t.Errorf("Content-Disposition %q", cd)
	}
	golden(t, "export.md", body)
	md := string(body)
	for _, w := range []string{
		"《中华人民共和国市容管理法》（2015-03-01 版）第二条", // frozen at its version
		"任何单位和个人不得在城市道路上占道经营。",            // the 2015 text, not today's
		"此后已修改：现行版本（2021-06-01 版）第二条的文字已有改动。",
		"此后已修改：现行版本（2021-06-01 版）第三条的文字已有改动。",
		"当前索引中找不到这一条",
		"第二段文字。",
		"## 7. 执法事项：占道经营",
		"违则：《中华人民共和国市容管理法》（2021-06-01 版）第二条",
		"罚则：《中华人民共和国市容管理法》（2021-06-01 版）第三条",
		"罚款：100元以上500元以下",
		"情节严重：五百元以上二千元以下罚款",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("markdown lacks %q", w)
		}
	}
	// Texts in force carry no flag.
	if n := strings.Count(md, "⚠"); n != 3 {
		t.Errorf("%d flags, want 3 (two amended articles, one missing id)", n)
	}
}

func TestExportDOCX(t *testing.T) {
	res, body := postExport(t, "docx", course(t))
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("Content-Type %q", ct)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
		// Every part is well-formed XML.
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s: %v", f.Name, err)
				break
			}
		}
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s, want [Content_Types].xml", zr.File[0].Name)
	}
	// The content types name every XML part that is not a relationship part,
	// and every relationship target exists.
	var types struct {
		Overrides []struct {
			PartName string `xml:"PartName,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(parts["[Content_Types].xml"], &types); err != nil {
		t.Fatal(err)
	}
	overridden := map[string]bool{}
	for _, o := range types.Overrides {
		overridden[strings.TrimPrefix(o.PartName, "/")] = true
		if _, ok := parts[strings.TrimPrefix(o.PartName, "/")]; !ok {
			t.Errorf("content type for missing part %s", o.PartName)
		}
	}
	for name := range parts {
		if !strings.HasSuffix(name, ".rels") && name != "[Content_Types].xml" && !overridden[name] {
			t.Errorf("part %s has no content type override", name)
		}
	}
	for relsName, base := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word/"} {
		var rels struct {
			Rel []struct {
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(parts[relsName], &rels); err != nil {
			t.Fatalf("%s: %v", relsName, err)
		}
		for _, r := range rels.Rel {
			if _, ok := parts[base+r.Target]; !ok {
				t.Errorf("%s targets missing part %s", relsName, base+r.Target)
			}
		}
	}
	// The document's text, run by run.
	var doc struct {
		Paras []struct {
			Style struct {
				Val string `xml:"val,attr"`
			} `xml:"pPr>pStyle"`
			Texts []string `xml:"r>t"`
		} `xml:"body>p"`
	}
	if err := xml.Unmarshal(parts["word/document.xml"], &doc); err != nil {
		t.Fatal(err)
	}
	var text []string
	styles := map[string]int{}
	for _, p := range doc.Paras {
		text = append(text, strings.Join(p.Texts, ""))
		styles[p.Style.Val]++
	}
	all := strings.Join(text, "\n")
	for _, w := range []string{"市容执法培训", "1. 中华人民共和国市容管理法 第二条", "任何单位和个人不得在城市道路上占道经营。",
		"⚠ 此后已修改：现行版本（2021-06-01 版）第二条的文字已有改动。", "执法部门依据《中华人民共和国市容管理法》第三条的规定"} {
		if !strings.Contains(all, w) {
			t.Errorf("document.xml lacks %q", w)
		}
	}
	if styles["Title"] != 1 || styles["Heading1"] != 8 || styles["Flag"] != 3 {
		t.Errorf("paragraph styles %v: want 1 Title, 8 Heading1, 3 Flag", styles)
	}
}

func TestExportPrint(t *testing.T) {
	res, body := postExport(t, "print", course(t))
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	html := string(body)
	for _, w := range []string{"<h1>市容执法培训</h1>", "data-print", `class="flag"`, "此后已修改", "共 8 条", "导出于 2024-05-01", "执法事项：占道经营"} {
		if !strings.Contains(html, w) {
			t.Errorf("print page lacks %q", w)
		}
	}
}

func TestExportJSONBody(t *testing.T) {
	raw, _ := json.Marshal(map[string]any{"format": "md", "collection": course(t)})
	req := httptest.NewRequest(http.MethodPost, "/c/export", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	res, body := do(t, newApp(t), req)
	if res.StatusCode != 200 || !strings.Contains(body, "# 市容执法培训") {
		t.Errorf("status %d:\n%s", res.StatusCode, body)
	}
}

// hostile is a posted collection whose snapshot tries to become markup in
// each format: links with script, HTML, headings, a forged flag.
func hostile(t *testing.T) web.Collection {
	return web.Collection{Name: "课件 [x](javascript:alert(1)) <script>alert(2)</script>\n# 标题", Entries: []web.Entry{
		{Type: "article", ID: "w000-gone-1", Title: "[点我](javascript:alert(3))", Label: "<img src=x onerror=alert(4)>",
			VersionDate: "2010-01-01)](javascript:alert(5)", URL: "javascript:alert(6)",
			Text: "正文\n> ⚠ 伪造的提示\n<a href=\"javascript:alert(7)\">x</a>\n[y](javascript:alert(8))"},
		{Type: "article", ID: "w000-gone-2)](javascript:alert(9)", Title: "t", URL: "/a/x)](javascript:alert(10))"},
	}}
}

func TestExportEscapes(t *testing.T) {
	res, body := postExport(t, "md", hostile(t))
	if res.StatusCode != 200 {
		t.Fatalf("md status %d: %s", res.StatusCode, body)
	}
	md := string(body)
	// No link or HTML of the post survives: every ( [ < of it is escaped,
	// and the only links are the server's own, at the public URL.
	for _, bad := range []string{`(^|[^\\])\]\(javascript:`, `(^|[^\\])<(script|img|a )`, `\n> ⚠ 伪造`, `\n# 标题`, `alert\\?\(6`, `alert\\?\(10`} {
		if regexp.MustCompile(bad).MatchString(md) {
			t.Errorf("markdown export matches %s:\n%s", bad, md)
		}
	}
	for _, l := range regexp.MustCompile(`\]\(([^)]*)\)`).FindAllStringSubmatch(md, -1) {
		if i := strings.Index(md, l[0]); i > 0 && md[i-1] == '\\' {
			continue // an escaped ] of the text
		}
		if !strings.HasPrefix(l[1], publicURL+"/") {
			t.Errorf("markdown link to %q, not to the public URL", l[1])
		}
	}
	if strings.Contains(md, "链接") {
		t.Errorf("an id the index no longer has is linked:\n%s", md)
	}

	res, body = postExport(t, "print", hostile(t))
	if res.StatusCode != 200 {
		t.Fatalf("print status %d", res.StatusCode)
	}
	for _, bad := range []string{"<script>alert", "<img src", `href="javascript`, "<a href=\"javascript"} {
		if strings.Contains(string(body), bad) {
			t.Errorf("print page has %q", bad)
		}
	}

	res, body = postExport(t, "docx", hostile(t))
	if res.StatusCode != 200 {
		t.Fatalf("docx status %d", res.StatusCode)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if err := xml.Unmarshal(b, new(struct{})); err != nil {
			t.Errorf("%s is not well-formed: %v", f.Name, err)
		}
		if strings.Contains(string(b), "<script") || strings.Contains(string(b), "<img") {
			t.Errorf("%s carries markup of the post", f.Name)
		}
	}
}

// TestExportLinks: links are built from the configured public URL, never
// from the request; without one, exports carry citations and no links.
func TestExportLinks(t *testing.T) {
	res, body := postExport(t, "md", course(t))
	if res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	for _, bad := range []string{"127.0.0.1", "localhost", "example.com", ".md", "行政法/"} {
		if strings.Contains(string(body), bad) {
			t.Errorf("markdown export has %q", bad)
		}
	}
	if !strings.Contains(string(body), "](https://lawkb.example.org/a/") {
		t.Errorf("no link at the public URL:\n%s", body)
	}
	raw, _ := json.Marshal(course(t))
	form := url.Values{"format": {"md"}, "collection": {string(raw)}}
	req := httptest.NewRequest(http.MethodPost, "/c/export", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = "127.0.0.1:8080"
	res, md := do(t, newBareApp(t), req)
	if res.StatusCode != 200 || strings.Contains(md, "http") || !strings.Contains(md, "（2015-03-01 版）第二条") {
		t.Errorf("without a public URL: status %d\n%s", res.StatusCode, md)
	}
}

func TestExportBadInput(t *testing.T) {
	many := web.Collection{Name: "x"}
	for range 501 {
		many.Entries = append(many.Entries, web.Entry{ID: "a"})
	}
	tests := []struct {
		name   string
		format string
		col    any
		want   string
	}{
		{"empty collection", "md", web.Collection{Name: "空"}, "课件是空的"},
		{"not JSON", "md", "{oops", "不是有效的 JSON"},
		{"entry without id", "md", web.Collection{Name: "x", Entries: []web.Entry{{Title: "t"}}}, "没有 id"},
		{"too many", "md", many, "最多导出 500 条"},
		{"long name", "md", web.Collection{Name: strings.Repeat("长", 101), Entries: []web.Entry{{ID: "a"}}}, "超过 100 个字"},
		{"unknown format", "pdf", web.Collection{Name: "x", Entries: []web.Entry{{ID: "a"}}}, "不支持的导出格式"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res *http.Response
			var body []byte
			if s, ok := tt.col.(string); ok {
				form := url.Values{"format": {tt.format}, "collection": {s}}
				req := httptest.NewRequest(http.MethodPost, "/c/export", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r, b := do(t, newApp(t), req)
				res, body = r, []byte(b)
			} else {
				res, body = postExport(t, tt.format, tt.col)
			}
			if res.StatusCode != 400 {
				t.Errorf("status %d, want 400", res.StatusCode)
			}
			if !strings.Contains(string(body), tt.want) {
				t.Errorf("body lacks %q:\n%s", tt.want, body)
			}
		})
	}
}
