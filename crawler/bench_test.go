package crawler_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/crawler"
)

// BenchmarkDetailPage measures the work per detail page after the fetch:
// charset detection, selectors, normalisation and Markdown rendering.
func BenchmarkDetailPage(b *testing.B) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "fg", "rongmao.html"))
	if err != nil {
		b.Fatal(err)
	}
	// A long statute: the fixture's articles repeated 50 times.
	body := strings.Repeat(string(page[strings.Index(string(page), "<p>第一条"):strings.Index(string(page), "</div>\n<div class=\"footer\">")]), 50)
	big := []byte(strings.Replace(string(page), "</div>\n<div class=\"footer\">", body+"</div>\n<div class=\"footer\">", 1))
	rule := crawler.DetailRule{Title: "h1", Body: "div.article", Date: ".pubdate", Issuer: ".issuer"}
	for _, bc := range []struct {
		name string
		data []byte
	}{{"fixture", page}, {"long", big}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			for b.Loop() {
				text, _ := crawler.DecodeHTML(bc.data, "text/html")
				det, err := crawler.ExtractDetail(text, rule)
				if err != nil {
					b.Fatal(err)
				}
				doc, err := crawler.Normalize(det.Meta, det.Lines)
				if err != nil {
					b.Fatal(err)
				}
				_ = doc.Markdown()
			}
		})
	}
}

// BenchmarkDecodeGBK measures decoding an undeclared GBK page (sniffed).
func BenchmarkDecodeGBK(b *testing.B) {
	data := gbk(b, strings.Repeat("<p>第一条 为了加强河道管理，保障防洪安全，制定本办法。</p>\n", 2000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, cs := crawler.DecodeHTML(data, ""); cs != "gb18030" {
			b.Fatal(cs)
		}
	}
}

// BenchmarkReadDOCX measures reading the fixture DOCX.
func BenchmarkReadDOCX(b *testing.B) {
	data := makeDOCX(b, filepath.Join("testdata", "docx", "law"))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := crawler.ReadDOCX(data); err != nil {
			b.Fatal(err)
		}
	}
}
