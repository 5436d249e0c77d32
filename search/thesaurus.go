package search

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

//go:embed thesaurus.tsv
var thesaurusFile string

// DefaultExpansionBoost weighs a thesaurus expansion against the words typed:
// below 1 so that a text using the officer's own word still ranks first.
const DefaultExpansionBoost = 0.5

// Thesaurus maps colloquial and field terms (摆摊, 渣土车, 酒驾) to the terms
// the statutes use (占道经营, 建筑垃圾, 饮酒后驾驶机动车). It is read-only once
// built and safe for concurrent use.
type Thesaurus struct {
	targets map[string][]string // head → statutory terms
	groups  map[string]bool     // heads that came from a group line (~a,b,c)
	heads   []string            // sorted
	// byFirst lists the heads by their first rune, longest first, so Find
	// tries the longest head at each position.
	byFirst map[rune][]string
}

// Expansion is one thesaurus head found in a text and the statutory terms it
// added to the search ("also searched: 占道经营").
type Expansion struct {
	Term string   `json:"term"` // the head as typed: 摆摊
	Also []string `json:"also"` // the statutory terms searched too: 占道经营, 设摊经营
}

// ThesaurusMatch is a head found in a text at bytes [Start, End).
type ThesaurusMatch struct {
	Head       string
	Start, End int
	Targets    []string
}

// ParseThesaurus reads HEAD<TAB>TARGET[,TARGET…] lines; # starts a comment
// line. A malformed line is reported in the returned error (with its line
// number) and skipped: the thesaurus holds every good line either way.
func ParseThesaurus(r io.Reader) (*Thesaurus, error) {
	t := &Thesaurus{targets: map[string][]string{}, groups: map[string]bool{}, byFirst: map[rune][]string{}}
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !utf8.ValidString(l) {
			errs = append(errs, fmt.Errorf("thesaurus line %d: not valid UTF-8", line))
			continue
		}
		if strings.HasPrefix(l, "~") {
			// A group of words that stand for each other (占道经营,设摊经营):
			// each member reaches the others.
			var members []string
			for _, x := range strings.Split(l[1:], ",") {
				if x = strings.TrimSpace(x); x != "" && !contains(members, x) {
					members = append(members, x)
				}
			}
			if len(members) < 2 {
				errs = append(errs, fmt.Errorf("thesaurus line %d: a group needs two members or more, got %q", line, l))
				continue
			}
			for _, m := range members {
				if utf8.RuneCountInString(m) < 2 {
					continue
				}
				if _, ok := t.targets[m]; !ok {
					t.heads = append(t.heads, m)
					t.groups[m] = true
				}
				for _, o := range members {
					if o != m && !contains(t.targets[m], o) {
						t.targets[m] = append(t.targets[m], o)
					}
				}
			}
			continue
		}
		head, rest, ok := strings.Cut(l, "\t")
		head = strings.TrimSpace(head)
		if !ok || head == "" {
			errs = append(errs, fmt.Errorf("thesaurus line %d: want HEAD<TAB>TARGET[,TARGET…], got %q", line, l))
			continue
		}
		if utf8.RuneCountInString(head) < 2 {
			// A one-character head would fire inside every other word.
			errs = append(errs, fmt.Errorf("thesaurus line %d: head %q is shorter than two characters", line, head))
			continue
		}
		var targets []string
		for _, x := range strings.Split(rest, ",") {
			x = strings.TrimSpace(x)
			if x != "" && x != head && !contains(targets, x) {
				targets = append(targets, x)
			}
		}
		if len(targets) == 0 {
			errs = append(errs, fmt.Errorf("thesaurus line %d: head %q has no target other than itself", line, head))
			continue
		}
		if _, dup := t.targets[head]; dup {
			if !groupMember(t, head) {
				errs = append(errs, fmt.Errorf("thesaurus line %d: head %q given twice; the first line is kept", line, head))
				continue
			}
			for _, x := range targets {
				if !contains(t.targets[head], x) {
					t.targets[head] = append(t.targets[head], x)
				}
			}
			continue
		}
		t.targets[head] = targets
		t.heads = append(t.heads, head)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("thesaurus: read: %w", err))
	}
	sort.Strings(t.heads)
	for _, h := range t.heads {
		r, _ := utf8.DecodeRuneInString(h)
		t.byFirst[r] = append(t.byFirst[r], h)
	}
	for _, hs := range t.byFirst {
		sort.SliceStable(hs, func(i, j int) bool { return len(hs[i]) > len(hs[j]) })
	}
	return t, errors.Join(errs...)
}

// groupMember reports whether a head came from a group line only.
func groupMember(t *Thesaurus, head string) bool {
	return t.groups[head]
}

var defaultThesaurus = sync.OnceValues(func() (*Thesaurus, error) {
	return ParseThesaurus(strings.NewReader(thesaurusFile))
})

// DefaultThesaurus is lawkb's own thesaurus (thesaurus.tsv, embedded),
// parsed once per process.
func DefaultThesaurus() (*Thesaurus, error) { return defaultThesaurus() }

// Len is the number of heads.
func (t *Thesaurus) Len() int {
	if t == nil {
		return 0
	}
	return len(t.heads)
}

// Heads lists the heads in sorted order; the slice must not be modified.
func (t *Thesaurus) Heads() []string {
	if t == nil {
		return nil
	}
	return t.heads
}

// Targets returns the statutory terms of head, nil when it is no head.
func (t *Thesaurus) Targets(head string) []string {
	if t == nil {
		return nil
	}
	return t.targets[head]
}

// Find returns the heads that occur in text, leftmost first and longest at
// each position, without overlaps: 遛狗不牵绳 wins over 遛狗.
func (t *Thesaurus) Find(text string) []ThesaurusMatch {
	if t.Len() == 0 {
		return nil
	}
	var out []ThesaurusMatch
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		matched := false
		for _, h := range t.byFirst[r] {
			if strings.HasPrefix(text[i:], h) {
				out = append(out, ThesaurusMatch{Head: h, Start: i, End: i + len(h), Targets: t.targets[h]})
				i += len(h)
				matched = true
				break
			}
		}
		if !matched {
			i += n
		}
	}
	return out
}

// phrase is a thesaurus head found in a text on word boundaries: the
// analysed words it spans and the statutory words it stands for.
type phrase struct {
	Head  string
	Words []string
	Exp   expansion
}

// thesaurusPhrases finds the heads of th in text that begin and end on
// word boundaries of its analysis: a head inside a longer word (占道 in
// 占道经营) is that word's business, not the thesaurus'.
func thesaurusPhrases(th *Thesaurus, qa analysis.Analyzer, text string, weight float64) []phrase {
	matches := th.Find(text)
	if len(matches) == 0 || qa == nil {
		return nil
	}
	toks := qa.Analyze([]byte(text))
	var out []phrase
	for _, m := range matches {
		startOK, endOK := false, false
		var words []string
		for _, tok := range toks {
			if tok.Start == m.Start {
				startOK = true
			}
			if tok.End == m.End {
				endOK = true
			}
			if tok.Start >= m.Start && tok.End <= m.End {
				words = append(words, string(tok.Term))
			}
		}
		if !startOK || !endOK || len(words) == 0 {
			continue
		}
		out = append(out, phrase{Head: m.Head, Words: words,
			Exp: expansion{Also: m.Targets, Weight: weight, Source: "thesaurus"}})
	}
	return out
}

// conjunctionOf requires every query, boosted as a whole.
func conjunctionOf(qs []query.Query, boost float64) query.Query {
	if len(qs) == 1 && boost == 1 {
		return qs[0]
	}
	c := query.NewConjunctionQuery(qs)
	if boost != 1 {
		c.SetBoost(boost)
	}
	return c
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
