package crawler

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// metaCharset finds <meta charset=x> and <meta http-equiv content="...; charset=x">.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// DecodeHTML converts a page to UTF-8 and names the charset it chose. The
// charset comes from a byte-order mark, then the Content-Type header, then a
// meta tag in the first 4 KiB, then a guess: UTF-8 when the bytes are valid
// UTF-8, else GB18030. A declared UTF-8 that the bytes contradict is
// ignored, since Chinese government sites often mislabel GBK pages. The GB
// labels (gb2312, gbk) decode as GB18030, their superset, because pages
// labelled gb2312 routinely use GBK characters.
func DecodeHTML(body []byte, contentType string) (text, charset string) {
	if enc, name, n := bom(body); enc != nil {
		out, err := enc.NewDecoder().Bytes(body[n:])
		if err == nil {
			return string(out), name
		}
	}
	var labels []string
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		labels = append(labels, params["charset"])
	}
	head := body[:min(len(body), 4096)]
	if m := metaCharset.FindSubmatch(head); m != nil {
		labels = append(labels, string(m[1]))
	}
	for i, label := range labels {
		enc, name := lookupCharset(label)
		if enc == nil {
			continue
		}
		if name == "windows-1252" && i < len(labels)-1 {
			continue // a server default (ISO-8859-1) that the page's own meta tag overrides
		}
		if name == "utf-8" {
			if utf8.Valid(body) {
				return string(body), name
			}
			continue
		}
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			return string(out), name
		}
	}
	if utf8.Valid(body) {
		return string(body), "utf-8"
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
	if err != nil {
		// Undecodable bytes: keep what UTF-8 can show rather than fail the page.
		return strings.ToValidUTF8(string(body), "\uFFFD"), "utf-8"
	}
	return string(out), "gb18030"
}

// lookupCharset maps a charset label to a decoder and a canonical name.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch label {
	case "gb2312", "gbk", "x-gbk", "gb18030", "cp936", "windows-936", "euc-cn", "csgb2312", "chinese":
		return simplifiedchinese.GB18030, "gb18030"
	case "utf-8", "utf8":
		return unicode.UTF8, "utf-8"
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		name = label
	}
	return enc, name
}

func bom(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	}
	return nil, "", 0
}
