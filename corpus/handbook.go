package corpus

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ParseHandbook parses one handbook page: question-and-answer or explanatory
// pages that enforcement bureaus publish beside the law. Its '# ' line (or
// the front matter's title, or the file name) is the title; every '##' or
// '###' heading starts a section, so that a '## 问题' followed by '### 问：…'
// questions gives one section per question, its path the enclosing heading.
// An optional YAML-like front matter (title, date, region, issuer) and a
// LawRefBook header (history lines, <!-- INFO END -->), as crawled pages
// have, are read; neither is required. Numbered lines such as 第一条 inside
// an answer stay text: a handbook has no articles of its own.
//
// Like ParseFile it is pure and gives a nil Version and a Skipped problem for
// a file that cannot be a document.
func ParseHandbook(rel string, data []byte) (*Version, []Problem) {
	v, _, probs := parseHandbook(rel, string(data))
	if v == nil {
		return nil, probs
	}
	assignIDs(v, WorkID(v.Title))
	return v, probs
}

// parseHandbook returns the version and the front matter it read.
func parseHandbook(rel, data string) (*Version, map[string]string, []Problem) {
	if p := checkText(rel, data); p != nil {
		return nil, nil, []Problem{*p}
	}
	p := &parser{rel: rel, lines: textLines(data)}
	fm := frontMatter(p.lines)
	// The title is the first '# ' line before any section heading.
	title, titleLine := fm["title"], -1
	for i, l := range p.lines {
		lv, t := headingLevel(l)
		if lv > 1 {
			break
		}
		if lv == 1 && t != "" {
			title, titleLine = t, i
			break
		}
	}
	if title == "" {
		title = strings.TrimSpace(strings.TrimSuffix(rel[strings.LastIndexAny(rel, "/:")+1:], ".md"))
		if d, ok := dateInName(title); ok {
			title = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(title, "("+d+")"), "（"+d+"）"))
		}
		if title == "" {
			return nil, nil, []Problem{skipped(rel, 0, ReasonNoTitle, "no '# ' title line, no front-matter title")}
		}
		p.problem(0, ReasonNoTitle, "no '# ' title line; titled %q after the front matter or the file name", title)
	}
	p.v = &Version{Title: title, Source: rel}
	end := slices.Index(p.lines, infoEnd)
	var history []histLine
	switch {
	case end >= 0:
		for i := max(titleLine+1, 0); i < end; i++ {
			if l := p.lines[i]; l != "" && startsWithDate(l) {
				history = append(history, histLine{text: l, line: i + 1})
			}
		}
		p.body0 = end + 1
	default:
		// Without the marker, dated lines right after the title are its history.
		p.body0 = titleLine + 1
		for p.body0 < len(p.lines) && (p.lines[p.body0] == "" || startsWithDate(p.lines[p.body0])) {
			if l := p.lines[p.body0]; l != "" {
				history = append(history, histLine{text: l, line: p.body0 + 1})
			}
			p.body0++
		}
	}
	if titleLine >= 0 {
		// A second '# ' line is a subtitle, as in LawRefBook files.
		for i := titleLine + 1; i < p.body0 && i < len(p.lines); i++ {
			if lv, s := headingLevel(p.lines[i]); lv == 1 && p.v.Subtitle == "" {
				p.v.Subtitle = s
			}
		}
	}
	p.v.Events = parseEvents(history)
	p.fileDate()
	if s := fm["date"]; s != "" {
		if d, err := ParseDate(s); err == nil {
			p.v.Date = d
		} else {
			p.problem(0, ReasonFileDate, "front matter date %q is not YYYY-MM-DD", s)
		}
	}
	p.handbookSections(p.lines[p.body0:])
	p.v.ValidFrom = validFrom(p.v)
	if len(p.v.Sections) == 0 {
		p.problem(0, ReasonNoText, "no text under the title")
	}
	return p.v, fm, p.probs
}

// frontMatter reads a leading '---' block of 'key: value' lines and blanks
// it, so that line numbers stay those of the file.
func frontMatter(lines []string) map[string]string {
	fm := map[string]string{}
	first := slices.IndexFunc(lines, func(l string) bool { return l != "" })
	if first < 0 || lines[first] != "---" {
		return fm
	}
	end := -1
	for i := first + 1; i < len(lines); i++ {
		if lines[i] == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return fm
	}
	for i := first; i <= end; i++ {
		if k, v, ok := strings.Cut(lines[i], ":"); ok {
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			if k = strings.TrimSpace(k); k != "" && v != "" {
				fm[strings.ToLower(k)] = v
			}
		}
		lines[i] = ""
	}
	return fm
}

// handbookSections splits a handbook body at its headings only: an
// answer's own enumeration (一、二、) stays inside it.
func (p *parser) handbookSections(lines []string) {
	var (
		h    headings
		sec  *sectionBuilder
		head string
		path []string
	)
	for i, l := range lines {
		lineNo := p.body0 + i + 1
		if l == "" || l == infoEnd {
			continue
		}
		if lv, text := headingLevel(l); lv > 0 {
			p.addSection(sec)
			sec = nil
			h.set(lv, text)
			head, path = text, h.parent
			continue
		}
		if sec == nil {
			sec = &sectionBuilder{heading: head, path: path, line: lineNo}
			if head == "" {
				sec.path = nil
			}
		}
		sec.lines = append(sec.lines, l)
	}
	p.addSection(sec)
}

// ReadHandbooks reads a folder of handbook pages (*.md below dir, except
// _index.md folder markers and hidden folders) as inputs of kind 手册 for
// LoadOptions.Inputs. The front matter's region and issuer are the page's,
// the first folder below dir its topic. Unreadable files are problems, not
// failures; it fails only when dir cannot be walked.
func ReadHandbooks(ctx context.Context, dir string) ([]Input, []Problem, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, Errorf(CodeInvalid, "corpus: handbooks %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, nil, Errorf(CodeInvalid, "corpus: handbooks %s is not a directory", dir)
	}
	files, probs, err := listFiles(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	var out []Input
	for _, rel := range files {
		name := PrefixHandbook + rel
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			probs = append(probs, skipped(name, 0, ReasonUnreadable, "%v", err))
			continue
		}
		in := Input{Path: name, Data: data, Kind: KindHandbook}
		if i := strings.IndexByte(rel, '/'); i > 0 {
			in.Topic = rel[:i]
		}
		// The front matter is read again by the parser; here only what
		// the class needs.
		fm := frontMatter(textLines(string(data)))
		in.Region = ParseRegion(fm["region"])
		in.Issuer = fm["issuer"]
		out = append(out, in)
	}
	for i := range probs {
		if !strings.HasPrefix(probs[i].Path, PrefixHandbook) {
			probs[i].Path = PrefixHandbook + probs[i].Path
		}
	}
	return out, probs, nil
}
