package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Standard is a technical standard that laws make binding (国家标准 GB,
// 环境保护标准 HJ, 地方标准 DB): enforcement officers look up its status,
// effective date and scope, and the articles that name it.
type Standard struct {
	ID         string   `json:"id"`                 // std- and the code folded: std-gb8978-1996
	Code       string   `json:"code"`               // GB 8978-1996, GB/T 14848-2017, DB 44/26-2001
	Title      string   `json:"title"`              // 污水综合排放标准
	Status     Status   `json:"status"`             // one of the four official values
	StatusText string   `json:"status_text"`        // as written: 有效, 废止 …
	Effective  Date     `json:"effective"`          // 施行 date
	Scope      []string `json:"scope,omitempty"`    // 适用范围, one entry per point
	Category   string   `json:"category,omitempty"` // 水环境保护, the heading it sits under
	Region     Region   `json:"region"`             // 全国 for national standards, the province of a DB
	Link       string   `json:"link,omitempty"`     // where the text is published, as written
	Source     string   `json:"source"`             // path relative to the standards folder
	Line       int      `json:"line"`
	CitedBy    []string `json:"cited_by,omitempty"` // ids of articles naming it, set by LinkStandards
}

// standardCode matches a code as written in catalogues and in statute text:
// GB 8978-1996, GB/T18005-1999, GB 3096, HJ 2.2-2018, DB44/26-2001, DB 44/ 613-2009.
var standardCode = regexp.MustCompile(`(GBZ|GB|HJ|DB)\s*(?:([/／]\s*T)\s*)?(?:(\d{2,6})\s*[/／]\s*)?(\d{1,5}(?:\.\d{1,3})?)(?:\s*[-—－–]\s*(\d{2,4}))?`)

// NormalizeStandardCode writes a code the one way ids and matching use:
// "GB/T18005 — 1999" → "GB/T 18005-1999", "DB44/ 26-2001" → "DB 44/26-2001".
// It returns "" when s holds no code.
func NormalizeStandardCode(s string) string {
	m := standardCode.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return formatCode(m)
}

func formatCode(m []string) string {
	var b strings.Builder
	b.WriteString(m[1])
	if m[2] != "" {
		b.WriteString("/T")
	}
	b.WriteByte(' ')
	if m[3] != "" {
		b.WriteString(m[3] + "/")
	}
	b.WriteString(m[4])
	if m[5] != "" {
		b.WriteString("-" + m[5])
	}
	return b.String()
}

// StandardRef is a mention of a standard in text.
type StandardRef struct {
	Code       string `json:"code"` // normalised; without a year when the text gives none
	Start, End int    // byte offsets of the mention
}

// StandardRefs finds the standards a text names (按照国家标准 GB 3096 …).
// A match inside a longer Latin word (e.g. "GBK") is not a mention.
func StandardRefs(text string) []StandardRef {
	// every code begins with GB, HJ or DB: most statute text holds none,
	// and a substring test is far cheaper than the expression
	if !strings.Contains(text, "GB") && !strings.Contains(text, "HJ") && !strings.Contains(text, "DB") {
		return nil
	}
	var out []StandardRef
	for _, loc := range standardCode.FindAllStringSubmatchIndex(text, -1) {
		if loc[0] > 0 {
			prev := text[loc[0]-1]
			if prev < 0x80 && (unicode.IsLetter(rune(prev)) || unicode.IsDigit(rune(prev))) {
				continue
			}
		}
		if loc[1] < len(text) {
			next := text[loc[1]]
			if next < 0x80 && unicode.IsLetter(rune(next)) {
				continue
			}
		}
		m := make([]string, 6)
		for i := 1; i < 6; i++ {
			if loc[2*i] >= 0 {
				m[i] = text[loc[2*i]:loc[2*i+1]]
			}
		}
		out = append(out, StandardRef{Code: formatCode(m), Start: loc[0], End: loc[1]})
	}
	return out
}

// Matches reports whether a normalised mention names the standard: in full,
// or by number alone when the mention has no year (GB 3096 → GB 3096-2008).
func (s *Standard) Matches(ref string) bool {
	if ref == s.Code {
		return true
	}
	base, _, hasYear := cutYear(s.Code)
	return hasYear && ref == base
}

func cutYear(code string) (base, year string, ok bool) {
	i := strings.LastIndexByte(code, '-')
	if i < 0 {
		return code, "", false
	}
	return code[:i], code[i+1:], true
}

// StandardID derives the stable id of a standard from its code.
func StandardID(code string) string {
	id := strings.ToLower(strings.NewReplacer(" ", "", "/", "-").Replace(code))
	return "std-" + id
}

// provinceCodes are the GB/T 2260 codes that open local standard numbers
// (DB 44/… is 广东's).
var provinceCodes = map[string]string{
	"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
	"23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
	"37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
	"50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
	"63": "青海", "64": "宁夏", "65": "新疆",
}

// standardStatus maps the words catalogues use to the official statuses.
var standardStatus = map[string]Status{
	"有效": StatusInForce, "现行": StatusInForce, "现行有效": StatusInForce,
	"废止": StatusRepealed, "已废止": StatusRepealed, "作废": StatusRepealed, "被代替": StatusRepealed, "已被代替": StatusRepealed,
	"即将实施": StatusNotYet, "尚未实施": StatusNotYet, "未实施": StatusNotYet, "尚未生效": StatusNotYet,
}

var (
	badgeRe       = regexp.MustCompile(`<Badge\s+text="([^"]*)"`)
	badgeDateRe   = regexp.MustCompile(`^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\s*(施行|实施)?$`)
	mdLinkRe      = regexp.MustCompile(`^\[([^\]]+)\]\(([^)\s]*)\)`)
	attrSuffixRe  = regexp.MustCompile(`\{[^{}]*\}\s*$`)
	scopeOpenRe   = regexp.MustCompile(`^:::\s*\w+\s*适用范围`)
	containerOpen = regexp.MustCompile(`^:::\s*\w+`)
)

// ParseStandards reads a catalogue of standards written as VuePress
// Markdown: '## category', then per standard a '### [title](link)' heading,
// a line of <Badge> elements (status, 施行 date, code, in any order) and a
// '::: note 适用范围' block of '- ' points. An entry without a code is
// reported and skipped; one missing a date or status is kept and reported.
func ParseStandards(rel string, data []byte) ([]*Standard, []Problem) {
	var (
		out      []*Standard
		probs    []Problem
		cur      *Standard
		category string
		inScope  bool
		inOther  bool
	)
	report := func(line int, skipped bool, format string, args ...any) {
		probs = append(probs, Problem{Path: rel, Line: line, Reason: "standard: " + fmt.Sprintf(format, args...), Skipped: skipped})
	}
	finish := func() {
		if cur == nil {
			return
		}
		switch {
		case cur.Code == "":
			report(cur.Line, true, "%q has no code badge", cur.Title)
		default:
			if cur.Effective.IsZero() {
				report(cur.Line, false, "%s has no 施行 date", cur.Code)
			}
			if cur.Status == "" {
				report(cur.Line, false, "%s has no known status (%q)", cur.Code, cur.StatusText)
			}
			out = append(out, cur)
		}
		cur = nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	frontMatter := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 && line == "---" {
			frontMatter = true
			continue
		}
		if frontMatter {
			frontMatter = line != "---"
			continue
		}
		switch {
		case strings.HasPrefix(line, ":::"):
			if line == ":::" {
				inScope, inOther = false, false
			} else if scopeOpenRe.MatchString(line) {
				inScope = true
			} else if containerOpen.MatchString(line) {
				inOther = true
			}
		case inScope:
			if cur == nil || line == "" {
				continue
			}
			if rest, ok := strings.CutPrefix(line, "- "); ok {
				cur.Scope = append(cur.Scope, strings.TrimSpace(rest))
			} else if len(cur.Scope) > 0 {
				// A point wrapped over several lines: Chinese joins without a space.
				cur.Scope[len(cur.Scope)-1] += line
			} else {
				cur.Scope = append(cur.Scope, line)
			}
		case inOther:
			continue
		case strings.HasPrefix(line, "### "):
			finish()
			title, link := strings.TrimSpace(line[4:]), ""
			title = strings.TrimSpace(attrSuffixRe.ReplaceAllString(title, ""))
			if m := mdLinkRe.FindStringSubmatch(title); m != nil {
				title, link = strings.TrimSpace(m[1]), m[2]
			}
			cur = &Standard{Title: title, Link: link, Category: category, Source: rel, Line: n}
		case strings.HasPrefix(line, "## "):
			finish()
			category = strings.TrimSpace(attrSuffixRe.ReplaceAllString(line[3:], ""))
		case strings.HasPrefix(line, "# "):
			finish()
		case cur != nil && strings.Contains(line, "<Badge"):
			for _, m := range badgeRe.FindAllStringSubmatch(line, -1) {
				cur.badge(strings.TrimSpace(m[1]))
			}
		}
	}
	finish()
	if err := sc.Err(); err != nil {
		report(0, false, "read: %v", err)
	}
	return out, probs
}

// badge files one <Badge> text as the status, the date or the code.
func (s *Standard) badge(text string) {
	if m := badgeDateRe.FindStringSubmatch(text); m != nil {
		if d, err := ParseDate(m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])); err == nil {
			s.Effective = d
		}
		return
	}
	if st, ok := standardStatus[text]; ok {
		s.Status, s.StatusText = st, text
		return
	}
	if m := standardCode.FindStringSubmatch(text); m != nil && strings.TrimSpace(text) == strings.TrimSpace(m[0]) {
		s.Code = formatCode(m)
		s.ID = StandardID(s.Code)
		if m[1] == "DB" && m[3] != "" && len(m[3]) >= 2 {
			s.Region = Region{Province: provinceCodes[m[3][:2]]}
		}
		return
	}
	if s.StatusText == "" {
		s.StatusText = text // unknown word: kept for the report
	}
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// LoadStandards parses every *.md catalogue in dir (read in place), sorted
// by code; a code listed twice is reported and the first entry kept.
func LoadStandards(dir string) ([]*Standard, []Problem, error) {
	stds, probs, _, err := loadStandards(dir)
	return stds, probs, err
}

// loadStandards is LoadStandards that also returns the catalogues read,
// with their checksums, as Files named standards:<catalogue>.md.
func loadStandards(dir string) ([]*Standard, []Problem, []File, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, nil, Errorf(CodeNotFound, "corpus: no standards catalogues (*.md) in %s", dir)
	}
	sort.Strings(files)
	var all []*Standard
	var probs []Problem
	var read []File
	seen := map[string]*Standard{}
	for _, f := range files {
		rel := path.Base(filepath.ToSlash(f))
		data, err := os.ReadFile(f)
		if err != nil {
			probs = append(probs, Problem{Path: rel, Reason: "standard: " + err.Error(), Skipped: true})
			continue
		}
		read = append(read, File{Path: PrefixStandards + rel, SHA256: checksum(data)})
		stds, ps := ParseStandards(rel, data)
		probs = append(probs, ps...)
		for _, s := range stds {
			if first := seen[s.ID]; first != nil {
				probs = append(probs, Problem{Path: rel, Line: s.Line, Skipped: true,
					Reason: fmt.Sprintf("standard: %s listed again (first at %s line %d)", s.Code, first.Source, first.Line)})
				continue
			}
			seen[s.ID] = s
			all = append(all, s)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all, probs, read, nil
}

// LinkStandards records, on each standard, the articles of c whose text
// names it, and returns how many links it made.
func LinkStandards(stds []*Standard, c *Corpus) int {
	byBase := map[string][]*Standard{}
	for _, s := range stds {
		s.CitedBy = nil
		base, _, _ := cutYear(s.Code)
		byBase[base] = append(byBase[base], s)
	}
	links := 0
	for _, w := range c.Works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				seen := map[*Standard]bool{}
				for _, ref := range StandardRefs(a.Text()) {
					base, _, _ := cutYear(ref.Code)
					for _, s := range byBase[base] {
						if s.Matches(ref.Code) && !seen[s] {
							seen[s] = true
							s.CitedBy = append(s.CitedBy, a.ID)
							links++
						}
					}
				}
			}
		}
	}
	return links
}

// Standard levels, by the code's prefix.
const (
	StandardNational = "国家标准" // GB, GB/T, GBZ
	StandardSector   = "行业标准" // HJ: 环境保护行业标准
	StandardLocal    = "地方标准" // DB
)

// Level is the standard's tier, read from its code: 国家标准, 行业标准 or
// 地方标准; "" for a code of another kind.
func (s *Standard) Level() string {
	switch {
	case strings.HasPrefix(s.Code, "GB"):
		return StandardNational
	case strings.HasPrefix(s.Code, "HJ"):
		return StandardSector
	case strings.HasPrefix(s.Code, "DB"):
		return StandardLocal
	}
	return ""
}
