package crawler_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/crawler"
)

// makeDOCX zips the parts of a fixture folder (document.xml, styles.xml)
// into a minimal .docx.
func makeDOCX(t testing.TB, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	add("[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`))
	for _, part := range []string{"document.xml", "styles.xml"} {
		data, err := os.ReadFile(filepath.Join(dir, part))
		if err != nil {
			continue
		}
		add("word/"+part, data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadDOCXLines(t *testing.T) {
	lines, err := crawler.ReadDOCX(makeDOCX(t, filepath.Join("testdata", "docx", "law")))
	if err != nil {
		t.Fatal(err)
	}
	want := []crawler.Line{
		{Text: "中华人民共和国示例管理法", Heading: 1},
		{Text: "（2015年4月24日第十二届全国人民代表大会常务委员会第十四次会议通过"},
		{Text: "根据2021年4月29日第十三届全国人民代表大会常务委员会第二十八次会议《关于修改〈中华人民共和国示例管理法〉的决定》修正）"},
		{Text: "第一章 总 则", Heading: 2},
		{Text: "第一条 为了规范示例管理，保护公民合法权益，制定本法。"},
		{Text: "第二条 本法所称示例，是指下列事项："},
		{Text: "（一）甲事项；"},
		{Text: "（二）乙事项。"},
		{Text: "第二章 法律责任", Heading: 2},
		{Text: "第三条 违反本法规定的，按照下表处罚："},
		{Text: "情节 罚款"},
		{Text: "较轻 一千元以下 （可以警告）"},
		{Text: "附件", Heading: 3},
		{Text: "第四条 本法自2021年7月1日起施行。"},
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("lines:\n got %v\nwant %v", lines, want)
	}
}

// TestDOCXMarkdown turns the fixture into LawRefBook Markdown; a history
// note broken over two lines in Word is still one note.
func TestDOCXMarkdown(t *testing.T) {
	lines, err := crawler.ReadDOCX(makeDOCX(t, filepath.Join("testdata", "docx", "law")))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := crawler.Normalize(crawler.Meta{}, lines)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{doc.FileName(): string(doc.Markdown())}
	checkGolden(t, "docx", got)
}

func TestReadDOCXErrors(t *testing.T) {
	var noDoc bytes.Buffer
	zw := zip.NewWriter(&noDoc)
	if _, err := zw.Create("word/styles.xml"); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	badXML := makeDOCXFrom(t, map[string]string{"word/document.xml": "<w:document><w:body><w:p>"})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("PK but not really"), "not a zip"},
		{"empty", nil, "not a zip"},
		{"no document part", noDoc.Bytes(), "no word/document.xml"},
		{"truncated xml", badXML, "document.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crawler.ReadDOCX(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func makeDOCXFrom(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzReadDOCX(f *testing.F) {
	f.Add(makeDOCX(f, filepath.Join("testdata", "docx", "law")))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := crawler.ReadDOCX(data)
		if err != nil {
			return
		}
		// Whatever it reads must normalise without a panic.
		_, _ = crawler.Normalize(crawler.Meta{}, lines)
	})
}
