// Package eval measures how well lawkb finds the articles a query or a case
// needs: it reads evaluation sets (lawkb's JSONL records, and adapters for
// public sets), runs a ranking system over each record and reports
// recall@1/@5/@10 and MRR per set and per kind of record.
package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search/learn"
)

// Record kinds when a record does not name its own.
const (
	KindQuery = "query"
	KindCase  = "case"
)

// Gold is an article a record must find: a file relative to the corpus root
// (or, in public sets, a title without 中华人民共和国, any version) and the
// article number.
type Gold struct {
	File      string `json:"file,omitempty"`
	Title     string `json:"title,omitempty"`
	ArticleNo int    `json:"article_no"`
}

// Record is one evaluation item: a query an officer types or a case
// intake, with the articles that answer it.
type Record struct {
	ID     string `json:"id"`
	Query  string `json:"query,omitempty"`
	Case   string `json:"case,omitempty"`
	Region string `json:"region,omitempty"`
	Date   string `json:"date,omitempty"` // YYYY-MM-DD, the day of the conduct
	Kind   string `json:"kind,omitempty"` // keywords, colloquial, citation, abbreviation …; default query or case
	Gold   []Gold `json:"gold"`
}

// Text is the query or the case text.
func (r Record) Text() string {
	if r.Query != "" {
		return r.Query
	}
	return r.Case
}

// IsCase reports whether the record is a case intake rather than a query.
func (r Record) IsCase() bool { return r.Query == "" }

// KindOrDefault is the record's kind, or query / case.
func (r Record) KindOrDefault() string {
	switch {
	case r.Kind != "":
		return r.Kind
	case r.IsCase():
		return KindCase
	default:
		return KindQuery
	}
}

// Problem is a record that could not be read or used, with the reason.
type Problem struct {
	Set    string `json:"set"`
	Line   int    `json:"line,omitempty"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

// String renders set:line id: reason.
func (p Problem) String() string {
	where := p.Set
	if p.Line > 0 {
		where += ":" + strconv.Itoa(p.Line)
	}
	if p.ID != "" {
		where += " " + p.ID
	}
	return where + ": " + p.Reason
}

// validate checks a record's fields; the reason is empty when it is usable.
func validate(r Record) string {
	switch {
	case r.ID == "":
		return "no id"
	case (r.Query == "") == (r.Case == ""):
		return "want exactly one of query and case"
	case !utf8.ValidString(r.Text()):
		return "text is not valid UTF-8"
	case len(r.Gold) == 0:
		return "no gold article"
	}
	for _, g := range r.Gold {
		if (g.File == "" && g.Title == "") || g.ArticleNo <= 0 {
			return fmt.Sprintf("gold %+v: want a file or a title and an article_no > 0", g)
		}
	}
	if r.Date != "" {
		if _, err := corpus.ParseDate(r.Date); err != nil {
			return err.Error()
		}
	}
	return ""
}

// ReadJSONL reads one record per line; blank lines are skipped, bad lines
// are reported and skipped.
func ReadJSONL(set string, r io.Reader) ([]Record, []Problem, error) {
	var recs []Record
	var probs []Problem
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	seen := map[string]bool{}
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var rec Record
		if err := json.Unmarshal(b, &rec); err != nil {
			probs = append(probs, Problem{Set: set, Line: line, Reason: "bad JSON: " + err.Error()})
			continue
		}
		if why := validate(rec); why != "" {
			probs = append(probs, Problem{Set: set, Line: line, ID: rec.ID, Reason: why})
			continue
		}
		if seen[rec.ID] {
			probs = append(probs, Problem{Set: set, Line: line, ID: rec.ID, Reason: "duplicate id"})
			continue
		}
		seen[rec.ID] = true
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return recs, probs, fmt.Errorf("eval: read %s: %w", set, err)
	}
	return recs, probs, nil
}

// LawBenchCriminalFile is the corpus file LawBench 3-1's 刑法 article numbers
// refer to.
const LawBenchCriminalFile = "刑法/刑法.md"

// LawBenchScope opens the text of every LawBench 3-1 record: the law the
// task's instruction asks articles of.
const LawBenchScope = "《中华人民共和国刑法》："

var lawbenchAnswer = regexp.MustCompile(`刑法第((?:\d+\s*[、,，和及]\s*)*\d+)条`)

// ReadLawBench reads LawBench 3-1 (article prediction: a JSON array of
// {instruction, question, answer}): the question's facts and charge, after
// LawBenchScope, become the case text, the 刑法 article numbers of the
// answer the gold. Records whose answer names no article are reported and
// skipped.
func ReadLawBench(set string, r io.Reader) ([]Record, []Problem, error) {
	var raw []struct {
		Question string `json:"question"`
		Answer   string `json:"answer"`
	}
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, nil, corpus.Errorf(corpus.CodeInvalid, "eval: %s: %w", set, err)
	}
	var recs []Record
	var probs []Problem
	for i, q := range raw {
		id := fmt.Sprintf("lb3-%03d", i+1)
		// The task asks for 刑法 articles (its instruction says so), so the
		// record names the law it asks about, for every system alike.
		text := LawBenchScope + strings.ReplaceAll(strings.TrimSpace(q.Question), "\r\n", "\n")
		rec := Record{ID: id, Case: text, Region: corpus.National, Kind: "criminal"}
		seen := map[int]bool{}
		for _, m := range lawbenchAnswer.FindAllStringSubmatch(q.Answer, -1) {
			for _, f := range strings.FieldsFunc(m[1], func(r rune) bool { return strings.ContainsRune("、,，和及 ", r) }) {
				n, err := strconv.Atoi(f)
				if err == nil && n > 0 && !seen[n] {
					seen[n] = true
					rec.Gold = append(rec.Gold, Gold{File: LawBenchCriminalFile, ArticleNo: n})
				}
			}
		}
		if why := validate(rec); why != "" {
			probs = append(probs, Problem{Set: set, Line: i + 1, ID: id, Reason: why + " (answer " + strconv.Quote(q.Answer) + ")"})
			continue
		}
		recs = append(recs, rec)
	}
	return recs, probs, nil
}

// ReadSet reads an evaluation set from a file: a JSON array is LawBench
// 3-1, anything else lawkb JSONL (which ../shared/eval/traffic_basis.jsonl
// already is: its gold_absent_from_corpus, the 江苏 rule, is ignored).
func ReadSet(path string) (name string, recs []Record, probs []Problem, err error) {
	name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	b, err := os.ReadFile(path)
	if err != nil {
		return name, nil, nil, corpus.Errorf(corpus.CodeInvalid, "eval: %w", err)
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		recs, probs, err = ReadLawBench(name, bytes.NewReader(b))
	} else {
		recs, probs, err = ReadJSONL(name, bytes.NewReader(b))
	}
	if err == nil && len(recs) == 0 {
		err = corpus.Errorf(corpus.CodeInvalid, "eval: %s holds no usable record", path)
	}
	return name, recs, probs, err
}

// System answers a record with articles, best first: at most Answers.
type System interface {
	Name() string
	Rank(ctx context.Context, r Record) ([]string, error) // article ids
}

// Answers is how many articles a system returns per record: enough for
// recall@100.
const Answers = 100

// Metrics are the scores of a group of records. Recall@k of a record is
// the share of its gold articles among the first k answers, hit@k whether
// any is; MRR uses the rank of the first gold article found (0 when none
// is in the answers).
type Metrics struct {
	N     int     `json:"n"`
	Hit1  float64 `json:"hit_at_1"`
	Hit10 float64 `json:"hit_at_10"`
	R1    float64 `json:"recall_at_1"`
	R5    float64 `json:"recall_at_5"`
	R10   float64 `json:"recall_at_10"`
	R100  float64 `json:"recall_at_100"`
	MRR   float64 `json:"mrr"`
	sums  scores
}

// scores are one record's measures, in Metrics order after N.
type scores [7]float64

func (m *Metrics) add(s scores) {
	m.N++
	for i, v := range s {
		m.sums[i] += v
	}
	n := float64(m.N)
	m.Hit1, m.Hit10, m.R1, m.R5, m.R10, m.R100, m.MRR = m.sums[0]/n, m.sums[1]/n, m.sums[2]/n, m.sums[3]/n, m.sums[4]/n, m.sums[5]/n, m.sums[6]/n
}

// Miss is a record whose gold was not all in the first ten answers.
type Miss struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Frozen bool     `json:"frozen"`
	Text   string   `json:"text"`
	Found  int      `json:"found"` // gold articles in the first ten
	Gold   int      `json:"gold"`
	Top    []string `json:"top"` // the first three answers, as 标题 第N条
}

// Report is the evaluation of one system on one set: the whole set, its
// tuned and frozen parts (learn.Frozen), and the kinds of records.
type Report struct {
	Set      string              `json:"set"`
	System   string              `json:"system"`
	All      Metrics             `json:"all"`
	Tuned    Metrics             `json:"tuned"`
	Frozen   Metrics             `json:"frozen"`
	ByKind   map[string]*Metrics `json:"by_kind"`
	Problems []Problem           `json:"problems,omitempty"` // records skipped: no gold in the corpus, errors
	Misses   []Miss              `json:"misses,omitempty"`
}

// goldKey is a gold article as the corpus knows it: work and number.
type goldKey struct {
	work string
	no   int
}

// Run ranks every record with sys and scores the answers against the gold,
// matched by work and article number (the version of the gold file need not
// be the one in force on the record's date). A gold file or title absent
// from c makes the record a problem, reported and left out.
func Run(ctx context.Context, set string, recs []Record, c *corpus.Corpus, sys System) (*Report, error) {
	rep := &Report{Set: set, System: sys.Name(), ByKind: map[string]*Metrics{}}
	works := workBySource(c)
	titles := workByTitle(c)
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		var gold []goldKey
		missing := ""
		for _, g := range r.Gold {
			w, ok := works[g.File]
			if g.File == "" {
				w, ok = titles[titleKey(g.Title)]
			}
			if !ok {
				missing = g.File + g.Title
				break
			}
			gold = append(gold, goldKey{w, g.ArticleNo})
		}
		if missing != "" {
			rep.Problems = append(rep.Problems, Problem{Set: set, ID: r.ID, Reason: "gold not in the corpus: " + missing})
			continue
		}
		ids, err := sys.Rank(ctx, r)
		if err != nil {
			if corpus.ErrorCode(err) == corpus.CodeInvalid {
				rep.Problems = append(rep.Problems, Problem{Set: set, ID: r.ID, Reason: err.Error()})
				continue
			}
			return rep, fmt.Errorf("eval: %s %s: %w", set, r.ID, err)
		}
		sc := score(c, ids, gold)
		frozen := learn.Frozen(set, r.ID)
		rep.All.add(sc)
		if frozen {
			rep.Frozen.add(sc)
		} else {
			rep.Tuned.add(sc)
		}
		k := r.KindOrDefault()
		if rep.ByKind[k] == nil {
			rep.ByKind[k] = &Metrics{}
		}
		rep.ByKind[k].add(sc)
		if sc[4] < 1 {
			m := Miss{ID: r.ID, Kind: k, Frozen: frozen, Text: clip(r.Text(), 60), Found: int(sc[4]*float64(len(gold)) + 0.5), Gold: len(gold)}
			for _, id := range ids[:min(3, len(ids))] {
				if a := c.Article(id); a != nil {
					m.Top = append(m.Top, a.Version().Title+" "+a.Label)
				}
			}
			rep.Misses = append(rep.Misses, m)
		}
	}
	return rep, nil
}

// score computes hit@1, hit@10, recall@1/5/10/100 and the reciprocal rank of
// ids against gold.
func score(c *corpus.Corpus, ids []string, gold []goldKey) scores {
	want := map[goldKey]bool{}
	for _, g := range gold {
		want[g] = true
	}
	found := map[goldKey]bool{}
	var n1, n5, n10, n100 int
	rr := 0.0
	for i, id := range ids {
		if i >= Answers {
			break
		}
		a := c.Article(id)
		if a == nil || a.Version() == nil {
			continue
		}
		k := goldKey{a.Version().WorkID, a.Number}
		if a.Suffix != 0 || !want[k] || found[k] {
			continue
		}
		found[k] = true
		if rr == 0 {
			rr = 1 / float64(i+1)
		}
		switch {
		case i < 1:
			n1++
			fallthrough
		case i < 5:
			n5++
			fallthrough
		case i < 10:
			n10++
		}
		n100++
	}
	g := float64(len(want))
	hit := func(n int) float64 {
		if n > 0 {
			return 1
		}
		return 0
	}
	return scores{hit(n1), hit(n10), float64(n1) / g, float64(n5) / g, float64(n10) / g, float64(n100) / g, rr}
}

// workBySource maps every source file (and each part of a version spread
// over several files, and each copy the import skipped as a duplicate of
// one it kept) to its work.
func workBySource(c *corpus.Corpus) map[string]string {
	m := map[string]string{}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			m[v.Source] = w.ID
			for _, a := range v.Articles {
				if a.File != "" {
					m[a.File] = w.ID
				}
			}
		}
	}
	const dup, kept = "same title and date as ", ", which is kept"
	for _, p := range c.Problems {
		if i := strings.Index(p.Reason, dup); p.Skipped && i >= 0 {
			other, _, _ := strings.Cut(p.Reason[i+len(dup):], kept)
			if w, ok := m[other]; ok {
				m[p.Path] = w
			}
		}
	}
	return m
}

// workByTitle maps the title keys of every version, without 中华人民共和国,
// to its work: public sets name laws that way, any version counting.
func workByTitle(c *corpus.Corpus) map[string]string {
	m := map[string]string{}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			if _, dup := m[titleKey(v.Title)]; !dup {
				m[titleKey(v.Title)] = w.ID
			}
		}
	}
	return m
}

func titleKey(t string) string {
	return corpus.TitleKey(strings.ReplaceAll(t, "中华人民共和国", ""))
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Kinds lists a report's kinds in order.
func (r *Report) Kinds() []string {
	ks := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
