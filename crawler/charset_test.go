package crawler_test

import (
	"strings"
	"testing"

	"github.com/lawkb/lawkb/crawler"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeHTML(t *testing.T) {
	const text = "第一条 朱镕基"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantCharset string
	}{
		{"utf-8 undeclared", []byte("<p>" + text + "</p>"), "text/html", "utf-8"},
		{"utf-8 header", []byte("<p>" + text + "</p>"), "text/html; charset=UTF-8", "utf-8"},
		{"utf-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, "<p>"+text+"</p>"...), "", "utf-8"},
		{"gbk header", append([]byte("<p>"), gbk(t, text)...), "text/html; charset=GBK", "gb18030"},
		{"gb2312 meta holding a GBK-only character", append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>`), gbk(t, text)...), "text/html", "gb18030"},
		{"html5 meta", append([]byte(`<meta charset='GB18030'><p>`), gbk(t, text)...), "", "gb18030"},
		{"gbk undeclared", append([]byte("<p>"), gbk(t, text)...), "", "gb18030"},
		{"header claims utf-8, bytes are gbk", append([]byte(`<meta charset="gbk"><p>`), gbk(t, text)...), "text/html; charset=utf-8", "gb18030"},
		{"server default latin-1 vs meta", append([]byte(`<meta charset="gbk"><p>`), gbk(t, text)...), "text/html; charset=ISO-8859-1", "gb18030"},
		{"unknown label", append([]byte(`<meta charset="x-klingon"><p>`), gbk(t, text)...), "", "gb18030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := crawler.DecodeHTML(tt.body, tt.contentType)
			if cs != tt.wantCharset {
				t.Errorf("charset %q, want %q", cs, tt.wantCharset)
			}
			if !strings.Contains(got, text) {
				t.Errorf("decoded %q lacks %q", got, text)
			}
		})
	}
	// Big5 is not ours to guess, but a declared one decodes.
	if _, cs := crawler.DecodeHTML([]byte(`<meta charset="big5"><p>abc`), ""); cs != "big5" {
		t.Errorf("big5 charset = %q", cs)
	}
}
