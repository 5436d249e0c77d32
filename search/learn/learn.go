package learn

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"

	"github.com/lawkb/lawkb/corpus"
)

// File is the name of the learned model in a build directory.
const File = "learned.gob.zst"

// Format changes when the model's meaning changes.
const Format = 3

// Sources of learning pairs, in Model.Pairs and Target.Source.
const (
	SourceQuestions = "questions" // public questions and the articles that answer them
	SourceCatalogue = "catalogue" // catalogue rows (违法行为) and their duty and penalty articles
	SourceCases     = "cases"     // typical cases and the articles they cite
	SourceItems     = "items"     // violations of penalty clauses and their duty articles
)

// Model is what lawkb learns from data when it builds an index: for each
// article, the words people used when it was the answer (indexed with the
// article, so a new question in the same words finds it), how often it
// and its text were the answer, and for everyday words the statutory
// words that tend to answer them.
type Model struct {
	Format int    `json:"format"`
	Hash   string `json:"hash"` // of the inputs: corpus, question files, learner
	// Asked maps an article key (Key) to the words of the questions,
	// violations and cases that had it as their answer.
	Asked map[string][]string `json:"-"`
	// ArticleCount and WorkCount count the pairs that point at an article
	// key and at a work.
	ArticleCount map[string]int `json:"-"`
	WorkCount    map[string]int `json:"-"`
	// Expand maps a word people use to statutory words that answer it.
	Expand map[string][]Target `json:"-"`
	// Works maps a word people use to the works that answered the texts
	// holding it, with the share of those texts: 租金 → 民法典, 工伤 →
	// 工伤保险条例. Search looks within the works a text's words point to.
	Works map[string][]WorkShare `json:"-"`
	// Chapters maps a word people use to the chapters (ChapterKey) whose
	// articles answered the texts holding it: 出租 → 民法典's 租赁合同. A
	// new question in those words is likely about an article of the same
	// chapter, though not one a question was about before.
	Chapters map[string][]WorkShare `json:"-"`
	// Pairs counts the learning pairs by source; Skipped the questions
	// whose answer is not in the corpus or that are frozen.
	Pairs   map[string]int `json:"pairs"`
	Frozen  int            `json:"frozen"`
	Skipped int            `json:"skipped"`
}

// Target is a statutory word an everyday word expands to, with its weight
// (the share of the word's pairs whose answer holds it, damped) and the
// source that taught it most.
type Target struct {
	Word   string
	Weight float64
	Source string
}

// Key identifies an article across the versions of its work: work id and
// number (with 之N). A question about 民法典第四百五十四条 is about every
// version of it.
func Key(a *corpus.Article) string {
	if a.Version() == nil {
		return ""
	}
	return ArticleKey(a.Version().WorkID, a.Number, a.Suffix)
}

// ChapterKey identifies the chapter (章, 节) of an article across the
// versions of its work: work id and chapter headings; "" for an article
// outside any chapter.
func ChapterKey(a *corpus.Article) string {
	if a.Version() == nil || len(a.Chapter) == 0 {
		return ""
	}
	return a.Version().WorkID + "/" + strings.Join(a.Chapter, "/")
}

// ArticleKey is Key from its parts.
func ArticleKey(workID string, number, suffix int) string {
	k := workID + "#" + strconv.Itoa(number)
	if suffix > 0 {
		k += "-" + strconv.Itoa(suffix)
	}
	return k
}

// Options are the inputs of Build besides the corpus.
type Options struct {
	// Questions are files of public questions with their answers (JSON
	// lines {id, query, gold:[{title, article_no}]}, as
	// ../shared/eval/stard-train.jsonl); the frozen records (Frozen with
	// the file's base name) are never read.
	Questions []string
	// Words cuts a text into the words searched for it (the search
	// package's content words); required.
	Words func(text string) []string
	// Logger receives one line per input (default slog.Default()).
	Logger *slog.Logger
	// Exclude leaves out more question records than the frozen ones, by
	// set (file base name without .jsonl) and id: lawkb tune learns from
	// one fold and measures on the other.
	Exclude func(set, id string) bool
}

// Learning limits.
const (
	maxAskedWords = 96 // words kept per article
	minPairs      = 3  // pairs a word/target association needs
	minConfidence = 0.2
	minLift       = 5
	maxTargets    = 4
)

// pair is one text and the articles that answer it.
type pair struct {
	source   string
	words    []string
	articles []*corpus.Article
}

// Build learns a model from c (its typical cases, its items and
// catalogue rows: call it after the items are assembled) and the question
// files. It reads the files once and is deterministic.
func Build(c *corpus.Corpus, opts Options) (*Model, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if opts.Words == nil {
		return nil, fmt.Errorf("learn: no word cutter")
	}
	m := &Model{Format: Format, Asked: map[string][]string{}, ArticleCount: map[string]int{}, WorkCount: map[string]int{},
		Expand: map[string][]Target{}, Pairs: map[string]int{}}
	h := sha256.New()
	fmt.Fprintf(h, "format %d\n", Format)
	for _, w := range c.Works {
		for _, v := range w.Versions {
			fmt.Fprintf(h, "%s %d\n", v.ID, len(v.Articles))
		}
	}
	fmt.Fprintf(h, "items %d\n", len(c.Items))
	var pairs []pair
	titles := titleIndex(c)
	for _, path := range opts.Questions {
		b, err := os.ReadFile(path)
		if err != nil {
			if os.IsNotExist(err) {
				log.Info("learn: no question file; skipped", "path", path)
				continue
			}
			return nil, fmt.Errorf("learn: %w", err)
		}
		h.Write(b)
		ps, frozen, skipped, err := readQuestions(path, bytes.NewReader(b), c, titles, opts.Words, opts.Exclude)
		if err != nil {
			return nil, err
		}
		m.Frozen += frozen
		m.Skipped += skipped
		pairs = append(pairs, ps...)
		log.Info("learn: questions read", "path", path, "pairs", len(ps), "frozen", frozen, "skipped", skipped)
	}
	pairs = append(pairs, casePairs(c, opts.Words)...)
	pairs = append(pairs, itemPairs(c, opts.Words)...)
	for _, p := range pairs {
		m.Pairs[p.source]++
		seenWork := map[string]bool{}
		for _, a := range p.articles {
			k := Key(a)
			m.ArticleCount[k]++
			if !seenWork[a.Version().WorkID] {
				seenWork[a.Version().WorkID] = true
				m.WorkCount[a.Version().WorkID]++
			}
			if p.source == SourceItems {
				continue // an item's words are its clause's: the statute's own, not people's
			}
			m.Asked[k] = appendNew(m.Asked[k], p.words, maxAskedWords)
		}
	}
	m.Expand = associations(pairs, opts.Words)
	m.Works = workShares(pairs)
	m.Chapters = chapterShares(pairs)
	m.Hash = hex.EncodeToString(h.Sum(nil))[:16]
	return m, nil
}

// appendNew appends the words of add not yet in list, up to limit.
func appendNew(list, add []string, limit int) []string {
	for _, w := range add {
		if len(list) >= limit {
			break
		}
		found := false
		for _, x := range list {
			if x == w {
				found = true
				break
			}
		}
		if !found {
			list = append(list, w)
		}
	}
	return list
}

// titleIndex maps title keys without 中华人民共和国 to works.
func titleIndex(c *corpus.Corpus) map[string]*corpus.Work {
	m := map[string]*corpus.Work{}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			k := corpus.TitleKey(strings.ReplaceAll(v.Title, "中华人民共和国", ""))
			if _, dup := m[k]; !dup {
				m[k] = w
			}
		}
	}
	return m
}

// readQuestions reads a question file, leaving out its frozen records and
// those whose answer is not in the corpus.
func readQuestions(path string, r io.Reader, c *corpus.Corpus, titles map[string]*corpus.Work, words func(string) []string,
	exclude func(set, id string) bool) (out []pair, frozen, skipped int, err error) {
	set := strings.TrimSuffix(baseName(path), ".jsonl")
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var rec struct {
			ID    string `json:"id"`
			Query string `json:"query"`
			Gold  []struct {
				Title     string `json:"title"`
				ArticleNo int    `json:"article_no"`
			} `json:"gold"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, 0, 0, fmt.Errorf("learn: %s line %d: %w", path, line, err)
		}
		if Frozen(set, rec.ID) {
			frozen++
			continue
		}
		if exclude != nil && exclude(set, rec.ID) {
			skipped++
			continue
		}
		p := pair{source: SourceQuestions, words: words(rec.Query)}
		for _, g := range rec.Gold {
			w := titles[corpus.TitleKey(strings.ReplaceAll(g.Title, "中华人民共和国", ""))]
			if w == nil {
				continue
			}
			if a := articleOf(w, g.ArticleNo); a != nil {
				p.articles = append(p.articles, a)
			}
		}
		if len(p.articles) == 0 || len(p.words) == 0 {
			skipped++
			continue
		}
		out = append(out, p)
	}
	return out, frozen, skipped, sc.Err()
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// articleOf finds article n of a work: in its current version, else the
// newest version that has it.
func articleOf(w *corpus.Work, n int) *corpus.Article {
	vs := w.Versions
	for i := len(vs) - 1; i >= 0; i-- {
		for _, a := range vs[i].Articles {
			if a.Number == n && a.Suffix == 0 {
				return a
			}
		}
	}
	return nil
}

// casePairs are the typical cases of c: the words of each case's facts
// and holding, and the articles the case cites.
func casePairs(c *corpus.Corpus, words func(string) []string) []pair {
	var out []pair
	for _, w := range c.Works {
		if w.Kind != corpus.KindCase {
			continue
		}
		for _, v := range w.Versions {
			var text strings.Builder
			var arts []*corpus.Article
			seen := map[string]bool{}
			for _, s := range v.Sections {
				if strings.Contains(s.Heading, "基本案情") || strings.Contains(s.Heading, "裁判要点") || strings.Contains(s.Heading, "关键词") {
					text.WriteString(s.Text)
					text.WriteByte('\n')
				}
				for _, cit := range s.Cites {
					for _, id := range cit.ArticleIDs {
						if a := c.Article(id); a != nil && !seen[id] {
							seen[id] = true
							arts = append(arts, a)
						}
					}
				}
			}
			if len(arts) == 0 || text.Len() == 0 {
				continue
			}
			out = append(out, pair{source: SourceCases, words: words(text.String()), articles: arts})
		}
	}
	return out
}

// itemPairs are the enforcement items of c: a catalogue row's violation
// and its duty and penalty articles (people's words for a violation), and
// a penalty clause's violation and its duty article (the statute's words
// for the same conduct, which teach the expansions).
func itemPairs(c *corpus.Corpus, words func(string) []string) []pair {
	var out []pair
	for _, it := range c.Items {
		var arts []*corpus.Article
		add := func(cs []corpus.Citation) {
			for _, cit := range cs {
				for _, id := range cit.ArticleIDs {
					if a := c.Article(id); a != nil {
						arts = append(arts, a)
					}
				}
			}
		}
		src := SourceItems
		add(it.Duty)
		if it.Source.Origin == corpus.OriginCatalogue {
			src = SourceCatalogue
			add(it.Basis)
		}
		if len(arts) == 0 || it.Name == "" {
			continue
		}
		out = append(out, pair{source: src, words: words(it.Name), articles: arts})
	}
	return out
}

// associations learns, for each word of the pairs' texts, the words of the
// answering articles that come with it far more often than by chance: at
// least minPairs pairs, a confidence (share of the word's pairs) of
// minConfidence and a lift of minLift over the word's base rate in
// answers. Words the answer already holds teach nothing and are skipped.
func associations(pairs []pair, words func(string) []string) map[string][]Target {
	cache := map[*corpus.Article][]string{}
	articleWords := func(a *corpus.Article) []string {
		ws, ok := cache[a]
		if !ok {
			ws = words(a.Text())
			cache[a] = ws
		}
		return ws
	}
	type stat struct {
		n   int
		src map[string]int
	}
	nw := map[string]int{}       // pairs whose text has w (and whose answers lack it)
	nu := map[string]int{}       // pairs whose answers hold u
	nwu := map[[2]string]*stat{} // both
	for _, p := range pairs {
		answer := map[string]bool{}
		for _, a := range p.articles {
			for _, u := range articleWords(a) {
				answer[u] = true
			}
		}
		for u := range answer {
			nu[u]++
		}
		for _, w := range p.words {
			if answer[w] {
				continue
			}
			nw[w]++
			for u := range answer {
				k := [2]string{w, u}
				st := nwu[k]
				if st == nil {
					st = &stat{src: map[string]int{}}
					nwu[k] = st
				}
				st.n++
				st.src[p.source]++
			}
		}
	}
	n := float64(len(pairs))
	out := map[string][]Target{}
	for k, st := range nwu {
		w, u := k[0], k[1]
		if st.n < minPairs || strings.Contains(u, w) && u != w {
			continue
		}
		conf := float64(st.n) / float64(nw[w])
		lift := conf / (float64(nu[u]) / n)
		if conf < minConfidence || lift < minLift {
			continue
		}
		best, bestN := "", 0
		for s, c := range st.src {
			if c > bestN || c == bestN && s < best {
				best, bestN = s, c
			}
		}
		out[w] = append(out[w], Target{Word: u, Weight: math.Round(conf*math.Min(1, math.Log10(lift)/2)*1000) / 1000, Source: best})
	}
	for w, ts := range out {
		sort.Slice(ts, func(i, j int) bool {
			if ts[i].Weight != ts[j].Weight {
				return ts[i].Weight > ts[j].Weight
			}
			return ts[i].Word < ts[j].Word
		})
		if len(ts) > maxTargets {
			ts = ts[:maxTargets]
		}
		out[w] = ts
	}
	return out
}

// WorkShare is a work and the share of a text's weight (or a word's
// texts) that points to it.
type WorkShare struct {
	Work  string  `json:"work"`
	Share float64 `json:"share"`
}

// TopShares keeps the works whose score is at least min of total, the
// largest first (ties by id), at most max, shares rounded to 1/1000.
func TopShares(score map[string]float64, total, min float64, max int) []WorkShare {
	var ws []WorkShare
	for id, k := range score {
		if share := k / total; share >= min {
			ws = append(ws, WorkShare{id, math.Round(share*1000) / 1000})
		}
	}
	sort.Slice(ws, func(i, j int) bool {
		if ws[i].Share != ws[j].Share {
			return ws[i].Share > ws[j].Share
		}
		return ws[i].Work < ws[j].Work
	})
	if len(ws) > max {
		ws = ws[:max]
	}
	return ws
}

// Work prediction limits: a word needs minWorkTexts texts; a work, a share
// of minWorkShare of them; a word keeps its maxWorks best works.
const (
	minWorkTexts = 3
	minWorkShare = 0.2
	maxWorks     = 3
)

// Chapter prediction limits: a chapter takes at least minChapterShare of a
// word's texts; a word keeps its maxChapters best.
const (
	minChapterShare = 0.1
	maxChapters     = 5
)

// workKey is the key of an article's work, for workShares.
func workKey(a *corpus.Article) string { return a.Version().WorkID }

// workShares learns for each word of people's texts the works that
// answered them.
func workShares(pairs []pair) map[string][]WorkShare {
	return shares(pairs, workKey, minWorkShare, maxWorks)
}

// chapterShares learns for each word of people's texts the chapters whose
// articles answered them.
func chapterShares(pairs []pair) map[string][]WorkShare {
	return shares(pairs, ChapterKey, minChapterShare, maxChapters)
}

// shares learns for each word of people's texts (seen in minWorkTexts of
// them at least) the keys of the articles that answered them (key "" is
// none), each with its share of the word's texts: at least minShare, the
// keep best. Items count a third: their words are the statutes'.
func shares(pairs []pair, key func(*corpus.Article) string, minShare float64, keep int) map[string][]WorkShare {
	texts := map[string]float64{}
	by := map[string]map[string]float64{}
	for _, p := range pairs {
		weight := 1.0
		if p.source == SourceItems {
			weight = 1.0 / 3
		}
		keys := map[string]bool{}
		for _, a := range p.articles {
			if k := key(a); k != "" {
				keys[k] = true
			}
		}
		for _, w := range p.words {
			texts[w] += weight
			if by[w] == nil {
				by[w] = map[string]float64{}
			}
			for k := range keys {
				by[w][k] += weight
			}
		}
	}
	out := map[string][]WorkShare{}
	for w, n := range texts {
		if n < minWorkTexts {
			continue
		}
		if ws := TopShares(by[w], n, minShare, keep); len(ws) > 0 {
			out[w] = ws
		}
	}
	return out
}

// Write stores the model, gob-encoded and zstd-compressed.
func (m *Model) Write(w io.Writer) error {
	zw, err := zstd.NewWriter(w)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(wire{m.Format, m.Hash, m.Asked, m.ArticleCount, m.WorkCount, m.Expand, m.Works, m.Chapters, m.Pairs}); err != nil {
		zw.Close()
		return fmt.Errorf("learn: write: %w", err)
	}
	return zw.Close()
}

// wire is the encoded form of a Model.
type wire struct {
	Format       int
	Hash         string
	Asked        map[string][]string
	ArticleCount map[string]int
	WorkCount    map[string]int
	Expand       map[string][]Target
	Works        map[string][]WorkShare
	Chapters     map[string][]WorkShare
	Pairs        map[string]int
}

// Read loads a model written by Write.
func Read(r io.Reader) (*Model, error) {
	zr, err := zstd.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("learn: read: %w", err)
	}
	defer zr.Close()
	var x wire
	if err := gob.NewDecoder(zr).Decode(&x); err != nil {
		return nil, fmt.Errorf("learn: read: %w", err)
	}
	if x.Format != Format {
		return nil, fmt.Errorf("learn: model format %d, this program reads %d: rebuild the index", x.Format, Format)
	}
	return &Model{Format: x.Format, Hash: x.Hash, Asked: x.Asked, ArticleCount: x.ArticleCount, WorkCount: x.WorkCount,
		Expand: x.Expand, Works: x.Works, Chapters: x.Chapters, Pairs: x.Pairs}, nil
}
