package crawler

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxDOCXPart bounds one decompressed part of a DOCX file, so that a zip
// bomb is reported instead of filling memory.
const maxDOCXPart = 64 << 20

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// ReadDOCX reads the paragraphs of a .docx file as lines: headings (by style
// or outline level) carry their level, table rows become one line with the
// cells separated by a space, deleted revisions and field codes are left out.
func ReadDOCX(data []byte) ([]Line, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("docx: not a zip archive: %w", err)
	}
	var docPart, stylePart *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			docPart = f
		case "word/styles.xml":
			stylePart = f
		}
	}
	if docPart == nil {
		return nil, errors.New("docx: no word/document.xml")
	}
	styles := map[string]int{}
	if stylePart != nil {
		raw, err := readPart(stylePart)
		if err != nil {
			return nil, err
		}
		styles, err = docxStyles(raw)
		if err != nil {
			return nil, fmt.Errorf("docx: styles.xml: %w", err)
		}
	}
	raw, err := readPart(docPart)
	if err != nil {
		return nil, err
	}
	lines, err := docxLines(raw, styles)
	if err != nil {
		return nil, fmt.Errorf("docx: document.xml: %w", err)
	}
	return lines, nil
}

func readPart(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxDOCXPart {
		return nil, fmt.Errorf("docx: %s: %w (%d bytes)", f.Name, ErrTooLarge, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("docx: %s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxDOCXPart+1))
	if err != nil {
		return nil, fmt.Errorf("docx: %s: %w", f.Name, err)
	}
	if len(data) > maxDOCXPart {
		return nil, fmt.Errorf("docx: %s: %w", f.Name, ErrTooLarge)
	}
	return data, nil
}

// docxStyles maps paragraph style ids to heading levels (1 for Title).
func docxStyles(data []byte) (map[string]int, error) {
	type style struct {
		ID   string `xml:"styleId,attr"`
		Name struct {
			Val string `xml:"val,attr"`
		} `xml:"name"`
		PPr struct {
			Outline *struct {
				Val string `xml:"val,attr"`
			} `xml:"outlineLvl"`
		} `xml:"pPr"`
	}
	var doc struct {
		Styles []style `xml:"style"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, s := range doc.Styles {
		if lvl := styleLevel(s.ID, s.Name.Val); lvl > 0 {
			out[s.ID] = lvl
			continue
		}
		if s.PPr.Outline != nil {
			if n, err := strconv.Atoi(s.PPr.Outline.Val); err == nil && n >= 0 && n < 9 {
				out[s.ID] = min(n+1, 6)
			}
		}
	}
	return out, nil
}

// styleLevel reads Word's built-in names (title, heading 2) and the Chinese
// ones (标题, 标题 2).
func styleLevel(id, name string) int {
	for _, s := range []string{strings.ToLower(name), strings.ToLower(id)} {
		s = strings.ReplaceAll(s, " ", "")
		switch {
		case s == "title" || s == "标题":
			return 1
		case strings.HasPrefix(s, "heading") || strings.HasPrefix(s, "标题"):
			rest := strings.TrimPrefix(strings.TrimPrefix(s, "heading"), "标题")
			if n, err := strconv.Atoi(rest); err == nil && n >= 1 && n <= 9 {
				return min(n, 6)
			}
		}
	}
	return 0
}

// docxLines streams document.xml: it is flat enough that a token walk with a
// little state beats unmarshalling the whole tree.
func docxLines(data []byte, styles map[string]int) ([]Line, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		lines   []Line
		para    strings.Builder
		level   int
		inText  bool
		skip    int // depth inside w:del, w:instrText and similar
		cells   []string
		tblDeep int
	)
	endPara := func() {
		t := clean(para.String())
		para.Reset()
		if tblDeep > 0 {
			if t != "" {
				cells = append(cells, t)
			}
			return
		}
		if t != "" {
			lines = append(lines, Line{Text: t, Heading: level})
		}
		level = 0
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordNS {
				continue
			}
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "del", "delText", "instrText", "footnoteReference", "endnoteReference", "commentReference":
				skip = 1
			case "p":
				para.Reset()
				level = 0
			case "pStyle":
				if tblDeep == 0 {
					level = max(level, styles[attr(t, "val")])
				}
			case "outlineLvl":
				if n, err := strconv.Atoi(attr(t, "val")); err == nil && n >= 0 && n < 9 && tblDeep == 0 {
					level = min(n+1, 6)
				}
			case "t":
				inText = true
			case "tab":
				para.WriteByte(' ')
			case "br", "cr":
				// A manual line break inside a paragraph separates two lines of
				// the text, as in a title block or a history note.
				if tblDeep == 0 {
					lvl := level
					endPara()
					level = lvl
				} else {
					para.WriteByte(' ')
				}
			case "tbl":
				tblDeep++
			case "tr":
				if tblDeep == 1 {
					cells = cells[:0]
				}
			}
		case xml.EndElement:
			if t.Name.Space != wordNS {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				endPara()
			case "tr":
				if tblDeep == 1 && len(cells) > 0 {
					lines = append(lines, Line{Text: strings.Join(cells, " ")})
					cells = cells[:0]
				}
			case "tbl":
				tblDeep = max(tblDeep-1, 0)
			}
		case xml.CharData:
			if inText && skip == 0 {
				para.Write(t)
			}
		}
	}
	return lines, nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
