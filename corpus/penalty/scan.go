package penalty

import (
	"cmp"
	"slices"
	"strings"
)

// found is what readPenalties recognised in one action body.
type found struct {
	penalties []Penalty
	unparsed  []string
}

// readPenalties recognises the penalties in an action body and reports
// sanction words it could not read. The rules of sanctionRules read in
// turn, each taking the words it reads, so that a later rule skips them;
// the penalties come out in the order of the text.
func readPenalties(body string) found {
	s := newPenaltyScan(body)
	for _, r := range sanctionRules {
		s.run(r)
	}
	s.reportUnread()
	return s.result()
}

// penaltyScan is the reading of one action body in progress: the
// penalties read so far with where they stand, and the bytes some rule
// has taken.
type penaltyScan struct {
	body     string
	used     []bool
	read     []placedPenalty
	unparsed []string
}

// placedPenalty is a penalty with the byte offset it was read at, so that
// penalties read by different rules can be put back in the order of the text.
type placedPenalty struct {
	at int
	p  Penalty
}

// newPenaltyScan starts the reading of body with nothing read.
func newPenaltyScan(body string) *penaltyScan {
	return &penaltyScan{body: body, used: make([]bool, len(body))}
}

// run calls the rule's reader at every place its word or pattern stands
// in the body, left to right.
func (s *penaltyScan) run(r sanctionRule) {
	if r.re != nil {
		for _, m := range r.re.FindAllStringIndex(s.body, -1) {
			r.read(s, m[0], m[1])
		}
		return
	}
	s.each(r.word, func(i, j int) { r.read(s, i, j) })
}

// each calls fn with the span of every occurrence of word in the body,
// left to right, the next one searched after the end of the last.
func (s *penaltyScan) each(word string, fn func(i, j int)) {
	for from := 0; ; {
		i := strings.Index(s.body[from:], word)
		if i < 0 {
			return
		}
		i += from
		from = i + len(word)
		fn(i, from)
	}
}

// take marks body[i:j] as read.
func (s *penaltyScan) take(i, j int) {
	for k := i; k < j && k < len(s.used); k++ {
		s.used[k] = true
	}
}

// taken reports whether a rule has read the byte at i.
func (s *penaltyScan) taken(i int) bool {
	return i < len(s.used) && s.used[i]
}

// add records a penalty read at byte at.
func (s *penaltyScan) add(at int, p Penalty) {
	s.read = append(s.read, placedPenalty{at, p})
}

// fail records a sanction word that stands in the body but could not be read.
func (s *penaltyScan) fail(reason string) {
	s.unparsed = append(s.unparsed, reason)
}

// reportUnread fails every sanction word no rule has read.
func (s *penaltyScan) reportUnread() {
	for _, w := range sanctionWords {
		s.each(w, func(i, j int) {
			if !s.taken(i) {
				s.fail(w + ": not recognised")
				s.take(i, j)
			}
		})
	}
}

// result lists the penalties in the order of the text; penalties read at
// the same place keep the order they were read in.
func (s *penaltyScan) result() found {
	slices.SortStableFunc(s.read, func(a, b placedPenalty) int { return cmp.Compare(a.at, b.at) })
	out := make([]Penalty, len(s.read))
	for k, r := range s.read {
		out[k] = r.p
	}
	return found{penalties: out, unparsed: s.unparsed}
}
