package crawler

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func checkSelector(sel string) error {
	_, err := cascadia.ParseGroup(sel)
	return err
}

// ListLinks returns the absolute URLs of a listing page's detail links and
// next-page links, in page order, fragments dropped and duplicates removed.
func ListLinks(page string, base *url.URL, rule ListRule) (details, next []string, err error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		return nil, nil, fmt.Errorf("parse html: %w", err)
	}
	base = baseURL(doc, base)
	collect := func(sel string) []string {
		if sel == "" {
			return nil
		}
		var out []string
		seen := map[string]bool{}
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			href, ok := s.Attr("href")
			if !ok {
				// The selector may name a container of anchors.
				href, ok = s.Find("a[href]").First().Attr("href")
			}
			if !ok {
				return
			}
			u, err := resolve(base, href)
			if err != nil || seen[u] {
				return
			}
			seen[u] = true
			out = append(out, u)
		})
		return out
	}
	return collect(rule.Links), collect(rule.Next), nil
}

// baseURL honours a <base href> element.
func baseURL(doc *goquery.Document, page *url.URL) *url.URL {
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := page.Parse(strings.TrimSpace(href)); err == nil {
			return b
		}
	}
	return page
}

func resolve(base *url.URL, href string) (string, error) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") ||
		strings.HasPrefix(strings.ToLower(href), "mailto:") {
		return "", fmt.Errorf("not a page link: %q", href)
	}
	u, err := base.Parse(href)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("not http: %q", href)
	}
	u.Fragment = ""
	u.RawFragment = ""
	return u.String(), nil
}

// Detail is what a detail page yields before normalisation.
type Detail struct {
	Meta  Meta
	Lines []Line
}

// ExtractDetail applies a source's detail selectors to a page. The title and
// body selectors must match; date and issuer are optional.
func ExtractDetail(page string, rule DetailRule) (*Detail, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	title := clean(doc.Find(rule.Title).First().Text())
	if title == "" {
		return nil, fmt.Errorf("title selector %q matched no text", rule.Title)
	}
	body := doc.Find(rule.Body).First()
	if body.Length() == 0 {
		return nil, fmt.Errorf("body selector %q matched nothing", rule.Body)
	}
	d := &Detail{Meta: Meta{Title: title}}
	if rule.Date != "" {
		if dt, ok := parseDate(doc.Find(rule.Date).First().Text()); ok {
			d.Meta.Date = dt
		}
	}
	if rule.Issuer != "" {
		d.Meta.Issuer = stripLabel(clean(doc.Find(rule.Issuer).First().Text()))
	}
	d.Lines = htmlLines(body.Nodes[0])
	return d, nil
}

// stripLabel cuts a "发布机关：" style label off a field.
func stripLabel(s string) string {
	for _, sep := range []string{"：", ":"} {
		if i := strings.Index(s, sep); i >= 0 && i < 20 {
			return strings.TrimSpace(s[i+len(sep):])
		}
	}
	return s
}

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Tr: true, atom.Table: true, atom.Blockquote: true, atom.Pre: true, atom.Center: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Dd: true,
	atom.Dt: true, atom.Dl: true, atom.Header: true, atom.Footer: true, atom.Hr: true, atom.Tbody: true,
}

var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Template: true,
	atom.Button: true, atom.Select: true, atom.Object: true, atom.Svg: true,
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// htmlLines flattens an element into lines: block elements and <br> end a
// line, table cells are joined with a space, scripts and styles are dropped.
func htmlLines(root *html.Node) []Line {
	var lines []Line
	var cur strings.Builder
	heading := 0
	flush := func() {
		if t := clean(cur.String()); t != "" {
			lines = append(lines, Line{Text: t, Heading: heading})
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipAtoms[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Br {
				flush()
				return
			}
		}
		block := blockAtoms[n.DataAtom]
		if block {
			flush()
		}
		lvl, isH := headingLevel[n.DataAtom]
		if !isH && block && n.DataAtom != atom.Div && emphasised(n) {
			// Sites set headings as a bold or centred paragraph more often than
			// as <h2>; Normalize keeps the hint only for short lines that are
			// not articles.
			lvl, isH = 3, true
		}
		if isH {
			heading = lvl
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			cur.WriteByte(' ')
		}
		if block {
			flush()
		}
		if isH {
			heading = 0
		}
	}
	walk(root)
	flush()
	return lines
}

// emphasised reports whether a paragraph is centred, or all its text sits
// inside <strong>/<b>: how sites mark headings without heading tags.
func emphasised(n *html.Node) bool {
	for _, a := range n.Attr {
		v := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
		if (a.Key == "align" && v == "center") || (a.Key == "style" && strings.Contains(v, "text-align:center")) {
			return true
		}
	}
	bold, plain := false, false
	var walk func(n *html.Node, inBold bool)
	walk = func(n *html.Node, inBold bool) {
		switch n.Type {
		case html.TextNode:
			if strings.TrimSpace(strings.ReplaceAll(n.Data, "\u3000", "")) == "" {
				return
			}
			if inBold {
				bold = true
			} else {
				plain = true
			}
			return
		case html.ElementNode:
			if skipAtoms[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Strong || n.DataAtom == atom.B {
				inBold = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBold)
		}
	}
	walk(n, false)
	return bold && !plain
}
