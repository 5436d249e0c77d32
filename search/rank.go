package search

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search/learn"
)

// Feature names, the keys of a ranker's weights (search/ranker.json).
var featureNames = [nFeatures]string{
	"words", "expand", "works", "items", "asked_words", "likely_words", "likely",
	"coverage", "coverage2", "title_coverage", "all_words", "phrase",
	"named", "place", "foreign", "law", "regulation", "rule", "judicial", "local", "case",
	"purpose", "cited", "asked", "work_asked", "work_cited",
	"item", "version", "section", "standard",
	"work_coverage", "answer", "feedback", "likely_chapter", "length", "words_rank",
}

// Feature slots.
const (
	fWords = iota
	fExpand
	fWorks
	fItems
	fAskedWords
	fLikelyWords
	fLikely
	fCoverage
	fCoverage2
	fTitleCoverage
	fAllWords
	fPhrase
	fNamed
	fPlace
	fForeign
	fLaw
	fRegulation
	fRule
	fJudicial
	fLocal
	fCase
	fPurpose
	fCited
	fAsked
	fWorkAsked
	fWorkCited
	fItem
	fVersion
	fSection
	fStandard
	fWorkCoverage
	fAnswer
	fFeedback
	fLikelyChapter
	fLength    // log of the text's length in characters
	fWordsRank // 1/√(rank in the words generator); 0 when it did not bring the candidate
	nFeatures
)

// features are what the ranker knows of a candidate.
type features [nFeatures]float64

// Weights are a linear ranker: one weight per feature, a set per intent.
type Weights map[Intent]map[string]float64

//go:embed ranker.json
var rankerJSON []byte

// DefaultWeights are lawkb's ranker (search/ranker.json): learned by
// `lawkb eval --tune` on the tuned parts of the evaluation sets.
func DefaultWeights() (Weights, error) {
	var w Weights
	if err := json.Unmarshal(rankerJSON, &w); err != nil {
		return nil, fmt.Errorf("search: ranker.json: %w", err)
	}
	return w, nil
}

// vector turns one intent's named weights into a feature vector.
func (w Weights) vector(in Intent) features {
	var out features
	m := w[in]
	if m == nil {
		m = w[IntentKeywords]
	}
	for i, name := range featureNames {
		out[i] = m[name]
	}
	return out
}

// ranker scores the candidates of one plan.
type ranker struct {
	v       *indexer.View
	p       Plan
	w       features
	boost   *Forest      // added to the linear score; nil for none
	concept [][][]string // per concept: its ways, where they did not fit the bits
	ways    [][]uint64   // per concept: each way's words as bits of words
	words   []string     // the distinct words of the ways
	weights []float64
	total   float64
	typed   []string
	named   map[string]bool
	learned *bridges
	prior   *priors
	likely  map[string]float64 // work → its share in the plan's Likely
	chapter map[string]float64 // chapter (learn.ChapterKey) → its share of the plan's concepts
	// chapterWorks are the works of those chapters: the key of a
	// candidate's chapter is built only for them.
	chapterWorks map[string]bool
}

func (s *Searcher) newRanker(v *indexer.View, p Plan) *ranker {
	rk := &ranker{v: v, p: p, w: s.weights.vector(p.Intent), boost: s.boosts[p.Intent], typed: p.typedTerms(),
		named: map[string]bool{}, learned: s.learned(v), prior: s.priorsOf(v.Corpus), likely: map[string]float64{}}
	rk.index(p.conceptWords())
	for _, l := range p.Likely {
		rk.likely[l.Work] = l.Share
	}
	for _, c := range p.Concepts {
		rk.weights = append(rk.weights, c.Weight)
		rk.total += c.Weight
	}
	rk.chapter, rk.chapterWorks = likelyChapters(p.Concepts, rk.learned, rk.total)
	for _, w := range p.Works {
		rk.named[w] = true
	}
	return rk
}

// likelyChapters weighs the chapters the learned model says the plan's
// concepts point to: each concept's weight times the chapter's share of
// the texts that held it, over the weight of all concepts. It also
// returns the works of those chapters.
func likelyChapters(concepts []Concept, b *bridges, total float64) (map[string]float64, map[string]bool) {
	if b == nil || total <= 0 {
		return nil, nil
	}
	var out map[string]float64
	var works map[string]bool
	for _, c := range concepts {
		for _, l := range b.chapters(c.Text) {
			if out == nil {
				out, works = map[string]float64{}, map[string]bool{}
			}
			out[l.Work] += c.Weight * l.Share / total
			work, _, _ := strings.Cut(l.Work, "/")
			works[work] = true
		}
	}
	return out, works
}

// coverage is the weighted share of the plan's concepts found in text.
func (rk *ranker) coverage(text string) float64 { return rk.share(rk.holds(text)) }

// holds is the set of the plan's concepts the texts hold between them, bit
// i for concept i: a concept is held when one of its ways is wholly in one
// text (a way's words do not join across a body and its heading).
func (rk *ranker) holds(texts ...string) uint64 {
	var m uint64
	for _, t := range texts {
		m |= rk.present(t)
	}
	var found uint64
	for i, ways := range rk.ways {
		if long := rk.concept[i]; long != nil {
			for _, t := range texts {
				if anyWords(long, t) {
					found |= 1 << i
					break
				}
			}
		} else if anyWay(ways, m) {
			found |= 1 << i
		}
	}
	return found
}

// present is the set of the plan's distinct words text holds, one bit
// each: a word shared by several concepts or expansions is looked for once.
func (rk *ranker) present(text string) uint64 {
	var m uint64
	if text == "" {
		return 0
	}
	for j, w := range rk.words {
		if strings.Contains(text, w) {
			m |= 1 << j
		}
	}
	return m
}

// anyWay reports whether one of a concept's ways (each a set of words)
// is wholly in m.
func anyWay(ways []uint64, m uint64) bool {
	for _, w := range ways {
		if w&m == w {
			return true
		}
	}
	return false
}

// anyWords is anyWay for a concept with too many words for the bits.
func anyWords(ways [][]string, text string) bool {
	for _, words := range ways {
		if text != "" && containsAll(text, words) {
			return true
		}
	}
	return false
}

// covers is the weighted share of the plan's concepts found in an
// article's body or chapter heading, in its title, and in any of the three,
// and the set of concepts found in any of them.
func (rk *ranker) covers(body, chapter, title string) (bodyCov, titleCov, allCov float64, found uint64) {
	b, t := rk.holds(body, chapter), rk.holds(title)
	return rk.share(b), rk.share(t), rk.share(b | t), b | t
}

// share is the weighted share of the plan's concepts in a set of them.
func (rk *ranker) share(found uint64) float64 {
	if rk.total == 0 {
		return 0
	}
	s := 0.0
	for i, w := range rk.weights {
		if found&(1<<i) != 0 {
			s += w
		}
	}
	return s / rk.total
}

// index numbers the distinct words of the concepts' ways for present; a
// concept whose words would pass the 64 bits keeps its words (concept[i]).
func (rk *ranker) index(concepts [][][]string) {
	bit := map[string]int{}
	rk.ways = make([][]uint64, len(concepts))
	rk.concept = make([][][]string, len(concepts))
	for i, ways := range concepts {
		var masks []uint64
		fits := true
		for _, words := range ways {
			var m uint64
			for _, w := range words {
				j, ok := bit[w]
				if !ok {
					if len(rk.words) == 64 {
						fits = false
						break
					}
					j = len(rk.words)
					bit[w] = j
					rk.words = append(rk.words, w)
				}
				m |= 1 << j
			}
			masks = append(masks, m)
		}
		if fits {
			rk.ways[i] = masks
		} else {
			rk.concept[i] = ways
		}
	}
}

// containsAll reports whether text holds every word.
func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// features computes what the ranker knows of a candidate by itself. A
// candidate ranked before keeps what its text said and takes the feedback
// generator's score, the one thing a second ranking adds to it.
func (rk *ranker) features(c *candidate) {
	if c.featured {
		c.f[fFeedback] = c.gen[slotFeedback]
		return
	}
	c.featured = true
	var f features
	f[fWords], f[fExpand], f[fWorks], f[fItems], f[fAskedWords] = c.gen[slotWords], c.gen[slotExpand], c.gen[slotWorks], c.gen[slotItems], c.gen[slotAsked]
	f[fLikelyWords], f[fFeedback] = c.gen[slotLikely], c.gen[slotFeedback]
	var text, title string
	var w *corpus.Work
	switch {
	case c.a != nil:
		v := c.a.Version()
		text, title, w = c.a.Text(), v.Title, v.Work()
		f[fPurpose] = purposeArticle(c.a, text)
		f[fAnswer] = rk.answers(text)
		f[fCited] = math.Log1p(float64(len(c.a.CitedBy)))
		f[fAsked] = rk.learned.asked(c.a)
		f[fWorkAsked] = rk.learned.workAsked(c.a)
		f[fWorkCited] = rk.prior.workCited[v.WorkID]
	case c.item != nil:
		f[fItem] = 1
		text, title = c.item.Name+"\n"+itemText(c.item), c.item.Name
		if a := penaltyArticle(rk.v.Corpus, c.item); a != nil && a.Version() != nil {
			w = a.Version().Work()
		}
	default:
		text = docText(rk.v.Corpus, c.id)
		switch c.typ {
		case indexer.TypeVersion:
			f[fVersion] = 1
			if v := rk.v.Corpus.Version(c.id); v != nil {
				title, w = v.Title, v.Work()
			}
		case indexer.TypeSection:
			f[fSection] = 1
			if s := rk.v.Corpus.Section(c.id); s != nil && s.Version() != nil {
				title, w = s.Version().Title, s.Version().Work()
			}
		case indexer.TypeStandard:
			f[fStandard] = 1
			if st := rk.v.Corpus.Standard(c.id); st != nil {
				title = st.Title
			}
		}
	}
	// The heading an article stands under says what it is about (第四节
	// 听证程序) when its own words do not.
	var chapter string
	if c.a != nil && len(c.a.Chapter) > 0 {
		chapter = strings.Join(c.a.Chapter, " ")
	}
	var all float64
	f[fCoverage], f[fTitleCoverage], all, c.found = rk.covers(text, chapter, title)
	f[fLength] = math.Log1p(float64(utf8.RuneCountInString(text)))
	if r := c.rank[slotWords]; r > 0 {
		f[fWordsRank] = 1 / math.Sqrt(float64(r))
	}
	f[fCoverage2] = f[fCoverage] * f[fCoverage]
	// What the corpus says of a text before any query counts only as far
	// as the text answers this one: a much-cited article that holds none
	// of the words is no answer.
	for _, i := range []int{fAnswer, fCited, fAsked, fWorkAsked, fWorkCited, fPlace, fLaw, fRegulation, fRule, fJudicial, fLocal, fLikely, fLikelyChapter} {
		f[i] *= f[fCoverage]
	}
	if all > 0.999 {
		f[fAllWords] = 1
	}
	if len(rk.typed) > 1 && rk.p.Intent == IntentKeywords {
		if strings.Contains(text, strings.Join(rk.typed, "")) {
			f[fPhrase] = 1
		} else if sp := minSpan(findOccurrences(text, rk.typed), len(rk.typed)); sp >= 0 && sp <= 24 {
			f[fPhrase] = 0.5
		}
	}
	if w != nil {
		c.work = w.ID
		if rk.named[w.ID] {
			f[fNamed] = 1
		}
		f[fLikely] = rk.likely[w.ID]
		if rk.chapterWorks[w.ID] && c.a != nil {
			f[fLikelyChapter] = rk.chapter[learn.ChapterKey(c.a)]
		}
		r := w.Region
		switch {
		case r.Province == "":
		case rk.p.Place.Province == "":
			f[fForeign] = 1
		case r.Province == rk.p.Place.Province && r.City != "" && r.City == rk.p.Place.City:
			f[fPlace] = 1
		case r.Province == rk.p.Place.Province && r.City == "":
			f[fPlace] = 0.6
		}
		switch w.Kind {
		case corpus.KindLaw:
			f[fLaw] = 1
		case corpus.KindAdminRegulation:
			f[fRegulation] = 1
		case corpus.KindDeptRule:
			f[fRule] = 1
		case corpus.KindJudicial:
			f[fJudicial] = 1
		case corpus.KindLocalRegulation:
			f[fLocal] = 1
		case corpus.KindCase:
			f[fCase] = 1
		}
	}
	c.f = f
}

// score computes the features of every candidate, those a text earns by
// the company it keeps among them, and each candidate's score.
//
// A text that answers a description speaks of all of it somewhere; a text
// that shares one rare word with it does not. work_coverage is the share of
// the plan's concepts the candidates of a candidate's work cover between
// them.
func (rk *ranker) score(list []*candidate) {
	byWork := map[string]uint64{}
	for _, c := range list {
		rk.features(c)
		if c.work != "" {
			byWork[c.work] |= c.found
		}
	}
	for _, c := range list {
		if c.work != "" {
			c.f[fWorkCoverage] = rk.share(byWork[c.work])
		}
		s := 0.0
		for i := range c.f {
			s += c.f[i] * rk.w[i]
		}
		c.score = s
	}
}

// answers is 1 for a text that states the kind of answer the plan asks
// for (a period for 多久, a sum for 罚多少).
func (rk *ranker) answers(text string) float64 {
	switch rk.p.Asks {
	case AsksPeriod:
		if corpus.StatesPeriod(text) {
			return 1
		}
	case AsksAmount:
		if corpus.StatesAmount(text) {
			return 1
		}
	}
	return 0
}

// purposeArticle is 1 for an article that states a text's purpose or
// scope (为了…，制定本法; 本条例适用于…): it shares words with every question
// about the text and answers none.
func purposeArticle(a *corpus.Article, t string) float64 {
	if a.Number > 5 {
		return 0
	}
	first := t
	if i := strings.IndexAny(t, "。；\n"); i > 0 {
		first = t[:i]
	}
	if a.Number <= 2 && (strings.HasPrefix(t, "为了") || strings.HasPrefix(t, "为") && strings.Contains(first, "制定")) {
		return 1
	}
	if strings.Contains(first, "适用本") && utf8.RuneCountInString(t) < 200 {
		return 0.5
	}
	return 0
}

// explain names a candidate's non-zero features, with its score.
func (c *candidate) explain() map[string]float64 {
	out := map[string]float64{"score": c.score}
	if c.forest != 0 {
		out["forest"] = math.Round(c.forest*1000) / 1000
	}
	for i, v := range c.f {
		if v != 0 {
			out[featureNames[i]] = math.Round(v*1000) / 1000
		}
	}
	return out
}

// priors are what the corpus says of its texts before any query: how often
// other texts cite each work (a law every rule implements is more likely
// the answer than a rule nobody cites), on a log scale.
type priors struct {
	c         *corpus.Corpus
	workCited map[string]float64
}

// priorsOf returns the priors of c, computed on the first search after an
// Open or a Swap.
func (s *Searcher) priorsOf(c *corpus.Corpus) *priors {
	if p := s.prior.Load(); p != nil && p.c == c {
		return p
	}
	count := map[string]int{}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				for _, cit := range a.Cites {
					if cit.WorkID != "" && cit.WorkID != w.ID {
						count[cit.WorkID]++
					}
				}
			}
		}
	}
	p := &priors{c: c, workCited: make(map[string]float64, len(count))}
	for id, n := range count {
		p.workCited[id] = math.Log1p(float64(n))
	}
	s.prior.Store(p)
	return p
}

// FeatureNames are the ranker's features, in Candidate.Features order.
func FeatureNames() []string { return featureNames[:] }

// Candidate is a document a plan's generators brought, with the ranker's
// features: what a ranker learns from (lawkb tune).
type Candidate struct {
	ID       string
	Features []float64
}

// Candidates runs a request's plan (describe for a case text) and returns
// the intent it was read with and every candidate with its features, in
// the order the current ranker gives.
func (s *Searcher) Candidates(ctx context.Context, req Request, describe bool) (Intent, []Candidate, error) {
	req = req.WithDefaults()
	check := req
	if describe {
		// a case text is as long as suggest-basis allows: only its
		// other fields are checked here
		rs := []rune(check.Query)
		if !utf8.ValidString(check.Query) {
			return "", nil, corpus.Errorf(corpus.CodeInvalid, "case text is not valid UTF-8")
		}
		if len(rs) > MaxCaseRunes {
			return "", nil, corpus.Errorf(corpus.CodeInvalid, "case text is longer than %d characters", MaxCaseRunes)
		}
		check.Query = string(rs[:min(len(rs), MaxQueryRunes)])
	}
	if err := check.Validate(); err != nil {
		return "", nil, err
	}
	req = req.Canonical()
	var in Intent
	var out []Candidate
	err := s.idx.View(func(v *indexer.View) error {
		env, err := s.newEnv(ctx, v)
		if err != nil {
			return err
		}
		p := BuildPlan(req, describe, env)
		env.close()
		o, err := s.execute(ctx, v, p, wordsWindow)
		if err != nil {
			return err
		}
		in = p.Intent
		for _, c := range o.ranked {
			out = append(out, Candidate{ID: c.id, Features: append([]float64(nil), c.f[:]...)})
		}
		return nil
	})
	return in, out, err
}
