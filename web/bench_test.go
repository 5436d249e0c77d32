package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

// BenchmarkPages renders the main pages through the fiber handler, without
// a network round trip: the server's cost of a page.
func BenchmarkPages(b *testing.B) {
	app := newApp(b)
	h := app.Handler()
	new2 := article(b, lawTitle, "2021-06-01", 2)
	it := item(b, article(b, lawTitle, "2021-06-01", 3))
	for _, bm := range []struct{ name, path string }{
		{"home", "/"},
		{"search", "/?q=" + url.QueryEscape("占道经营") + "&region="},
		{"search_region", "/?q=" + url.QueryEscape("罚款") + "&region=" + url.QueryEscape("浙江/温州")},
		{"article", "/a/" + url.PathEscape(new2.ID)},
		{"document", "/d/" + url.PathEscape(new2.Version().ID)},
		{"diff", "/a/" + url.PathEscape(new2.ID) + "/diff/" + url.PathEscape(article(b, lawTitle, "2015-03-01", 2).ID)},
		{"item_calc", "/i/" + url.PathEscape(it.ID) + "?calc=1&harm=serious&repeat=3"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			var bytes int
			for b.Loop() {
				var rc fasthttp.RequestCtx
				rc.Request.SetRequestURI(bm.path)
				h(&rc)
				if rc.Response.StatusCode() != 200 {
					b.Fatalf("%s: status %d", bm.path, rc.Response.StatusCode())
				}
				bytes = len(rc.Response.Body())
			}
			b.ReportMetric(float64(bytes), "B/page")
		})
	}
}

// BenchmarkExport renders a collection of the fixture's texts as DOCX.
func BenchmarkExport(b *testing.B) {
	app := newApp(b)
	h := app.Handler()
	new2 := article(b, lawTitle, "2021-06-01", 2)
	old2 := article(b, lawTitle, "2015-03-01", 2)
	form := url.Values{"collection": {`{"name":"bench","entries":[{"id":"` + new2.ID + `"},{"id":"` + old2.ID + `"}]}`}}
	for _, f := range []string{"md", "docx", "print"} {
		b.Run(f, func(b *testing.B) {
			body := form.Encode() + "&format=" + f
			for b.Loop() {
				var rc fasthttp.RequestCtx
				rc.Request.Header.SetMethod("POST")
				rc.Request.SetRequestURI("/c/export")
				rc.Request.Header.SetContentType("application/x-www-form-urlencoded")
				rc.Request.SetBodyString(body)
				h(&rc)
				if rc.Response.StatusCode() != 200 || !strings.Contains(string(rc.Response.Header.ContentType()), map[string]string{"md": "markdown", "docx": "document", "print": "html"}[f]) {
					b.Fatalf("%s: status %d %s", f, rc.Response.StatusCode(), rc.Response.Header.ContentType())
				}
			}
		})
	}
}
