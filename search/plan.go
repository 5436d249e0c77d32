package search

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search/learn"
)

// Intent is what a text asks for. It chooses the generators a plan runs and
// how much an enforcement item weighs against an article.
type Intent string

// Intents.
const (
	IntentList      Intent = "list"      // no words: the documents matching the filters
	IntentCitation  Intent = "citation"  // cites an article (处罚法32)
	IntentTitle     Intent = "title"     // names a text and nothing else (行政处罚法)
	IntentKeywords  Intent = "keywords"  // a few words (占道经营 罚款)
	IntentQuestion  Intent = "question"  // asks about a right, a duty or a procedure
	IntentViolation Intent = "violation" // describes conduct an officer acts on
)

// Term sources, in Term.Source; expansions name their own (thesaurus,
// learned).
const (
	SourceTyped = "typed" // a word of the text
	SourcePart  = "part"  // a dictionary word inside a typed word (承重 in 承重墙)
	SourceGram  = "gram"  // two characters of a typed word the index holds as a word (沟槽 in 开挖沟槽)
)

// Concept is one thing the text is about: a typed word, with the weight of
// its rarity. Its Terms (the word, the words inside it, its expansions)
// each count as finding it.
type Concept struct {
	Text   string  `json:"text"`
	Weight float64 `json:"weight"`
}

// Term is one word searched, standing for a concept. An expansion may be
// several words (占用城市道路): Words holds them, all required.
type Term struct {
	Text    string   `json:"text"`
	Words   []string `json:"words,omitempty"`
	Weight  float64  `json:"weight"`  // boost in the searches, ≤ 1
	Concept int      `json:"concept"` // index into Plan.Concepts
	Source  string   `json:"source"`  // typed, part, or the expansion's source
	Rare    bool     `json:"-"`       // absent from the index: a candidate for the character net
	// Common marks a word of a long text held by so many documents that
	// searching it costs more than it tells; it still counts for coverage.
	Common bool `json:"common,omitempty"`
}

// Cite is the article a text cites, resolved while planning.
type Cite struct {
	ArticleID string
	Cited     Cited
}

// Plan is what a request becomes before anything runs: the intent, the
// citation and the texts it names, the officer's place, the weighted words
// and the generators to run. It is built by BuildPlan, a pure function of
// the request and what the index knows, and run by one executor for the
// search box, the web page, suggest-basis, items and eval alike.
type Plan struct {
	Intent Intent `json:"intent"`
	// Req is the request with its names made canonical (温州 → 浙江/温州).
	Req Request `json:"request"`
	// Describe is set for case descriptions (suggest-basis): intake words
	// are dropped and items are the expected answer unless the text asks.
	Describe bool  `json:"describe,omitempty"`
	Cite     *Cite `json:"cite,omitempty"`
	// Works are the texts the query names by title or short name; their
	// names are not searched as words.
	Works []string `json:"works,omitempty"`
	// Place is where the officer stands: the request's In, else a place the
	// text names (温州 遛狗); texts of that place and above rank first.
	Place     corpus.Region `json:"place"`
	PlaceText string        `json:"place_text,omitempty"` // the place word when it came from the text
	Concepts  []Concept     `json:"concepts"`
	Terms     []Term        `json:"terms"`
	// Likely are the works the learned model says the words point to
	// (租金 → 民法典), with their share, when the query names none.
	Likely []Likely `json:"likely,omitempty"`
	// Asks is the kind of answer the text asks for (AsksPeriod: 多久), ""
	// when none in particular.
	Asks string `json:"asks,omitempty"`
	// Expansions are the statutory terms searched besides the words typed,
	// for the "also searched" line.
	Expansions []Expansion `json:"expansions,omitempty"`
	Gens       []Gen       `json:"gens"`
}

// Likely is a work the learned model expects to answer a text, with the
// share of the text's weight that points to it.
type Likely = learn.WorkShare

// Gen is one candidate generator of a plan and how many candidates it
// brings.
type Gen struct {
	Name string `json:"name"`
	Size int    `json:"size"`
}

// Generator names.
const (
	GenWords  = "words"  // BM25 over the words (all of them for keywords, any for the rest)
	GenExpand = "expand" // BM25 over the expansions alone: statutory words a text did not use
	GenWorks  = "works"  // the words within the texts the query names
	GenItems  = "items"  // enforcement items by their violation wording, with their articles
	GenAsked  = "asked"  // articles by the words of the questions they answered (learned)
	GenLikely = "likely" // the words within the works the learned model expects
	// GenFeedback runs after the others have been ranked: the words
	// within the texts of the best-ranked articles, for their other
	// articles that answer (the article on the time limit beside the one
	// on the right to sue).
	GenFeedback = "feedback"
)

// planEnv is what planning needs to know of an index: its analyzers, its
// citation resolver and names, its expansions and its document frequencies.
type planEnv interface {
	// words analyses text exactly (the query analyzer), spans with the
	// words' offsets; parts adds the dictionary words inside each word
	// (the index analyzer).
	words(text string) []string
	spans(text string) []span
	parts(text string) []string
	// cite resolves a citation the text makes, nil when it makes none.
	cite(text string, asOf corpus.Date, near corpus.Region) *Cite
	// named finds the texts the text names (a short name made up by rule
	// prefers the texts of near) and returns it without their names.
	named(text string, near corpus.Region) (works []string, rest string)
	// phrases finds the thesaurus heads of a text on word boundaries;
	// expand lists the learned statutory words of a word; works the works
	// that answered texts holding it, with their share.
	phrases(text string) []phrase
	expand(word string) []expansion
	works(word string) []Likely
	// docFreq is the number of articles holding a word; articles is their
	// number.
	docFreq(word string) int
	articles() int
	// rarity is how rare a word is in general language, in bits; ok is
	// false for a word the dictionary does not hold.
	rarity(word string) (bits float64, ok bool)
}

// expansion is a group of statutory words a typed word stands for, with its
// weight against the typed word and its source (thesaurus, learned).
type expansion struct {
	Also   []string
	Weight float64
	Source string
}

// learnedMaxDF is the document frequency from which a word is the
// statutes' own and gets no learned expansion.
const learnedMaxDF = 30

// Planning limits.
const (
	maxConcepts = 32
	// commonShare is the share of articles above which a word is too
	// common to search: it still counts for coverage.
	commonShare = 0.12
	// partWeight and expansionWeight weigh a word inside a typed word and
	// an expansion against the typed word.
	partWeight = 0.35
	gramWeight = 0.25
)

// BuildPlan turns a request into a plan. describe is set for case texts
// (suggest-basis). It is deterministic: the same request over the same
// index gives the same plan.
func BuildPlan(req Request, describe bool, env planEnv) Plan {
	p := Plan{Req: req, Describe: describe}
	q := req.Query
	p.Place = req.InRegion()
	if q == "" {
		p.Intent = IntentList
		return p
	}
	if !describe && (req.Type == "" || req.Type == indexer.TypeArticle) {
		p.Cite = env.cite(q, req.AsOf, p.Place)
	}
	works, rest := env.named(q, p.Place)
	p.Works = works
	words := env.words(rest)
	title := false
	if len(works) > 0 && !hasSearchable(words) && p.Cite == nil {
		// The query is a title (行政处罚法): its own words find the text,
		// whose title holds them all.
		words, title = env.words(q), true
	}
	pl := &planner{p: &p, env: env, n: float64(max(env.articles(), 1)), seen: map[string]int{}, conceptOf: map[string]int{}}
	kept := pl.place(words)
	pl.addWords(kept)
	pl.addPhrases(env.phrases(rest))
	if !title {
		pl.addSingleRuns(rest)
	}
	for _, w := range kept {
		// Learned expansions are for the words the statutes do not use
		// (遛狗, 狗屎); a word they use (清理) finds its texts itself.
		if ci, ok := pl.conceptOf[w]; ok && env.docFreq(w) < learnedMaxDF {
			pl.expandConcept(ci, env.expand(w))
		}
	}
	pl.dropCommon()
	p.Intent = intentOf(q, describe, p)
	p.Asks = asksOf(q)
	if title {
		p.Intent = IntentTitle
	}
	if len(p.Works) == 0 && p.Intent != IntentTitle && p.Intent != IntentList && p.Intent != IntentCitation {
		p.Likely = likelyWorks(p.Concepts, env)
	}
	if p.Intent == IntentViolation {
		weighTopical(&p, env, pl.n)
		weighMissingLicence(&p, q)
	}
	if p.Intent == IntentQuestion || p.Intent == IntentViolation {
		markCommon(p.Terms, env, pl.n)
	}
	p.Gens = gensFor(p)
	return p
}

// planner builds a plan's concepts and terms.
type planner struct {
	p         *Plan
	env       planEnv
	n         float64        // articles in the index
	seen      map[string]int // term text → its index in p.Terms
	conceptOf map[string]int // typed word → its concept
}

// place takes the place a text names out of its words: where the officer
// stands when the request does not say (温州 遛狗), its texts first, its
// name not searched. It returns the words to search.
func (pl *planner) place(words []string) []string {
	p, req := pl.p, pl.p.Req
	var kept []string
	for _, w := range words {
		if r, ok := placeOf(w); ok {
			if req.In == "" && req.Region == "" && p.PlaceText == "" {
				p.Place, p.PlaceText = r, w
			}
			continue
		}
		if !searchable(w) || (p.Describe && (intakeWords[w] || placeOrPerson(w))) {
			continue
		}
		kept = append(kept, w)
	}
	return kept
}

// addTerm adds t, or raises the weight of the term of the same text.
func (pl *planner) addTerm(t Term) {
	p := pl.p
	if i, ok := pl.seen[t.Text]; ok {
		if p.Terms[i].Weight < t.Weight {
			p.Terms[i].Weight, p.Terms[i].Source, p.Terms[i].Concept = t.Weight, t.Source, t.Concept
		}
		return
	}
	pl.seen[t.Text] = len(p.Terms)
	p.Terms = append(p.Terms, t)
}

// expandConcept adds the statutory words of an expansion to concept ci.
func (pl *planner) expandConcept(ci int, exps []expansion) {
	p, env := pl.p, pl.env
	var also []string
	for _, e := range exps {
		for _, target := range e.Also {
			if i, dup := pl.seen[target]; dup && p.Terms[i].Source != SourcePart {
				continue
			}
			ws := env.words(target)
			switch {
			case len(ws) == 0:
				continue
			case len(ws) == 1:
				pl.addTerm(Term{Text: ws[0], Weight: e.Weight, Concept: ci, Source: e.Source, Rare: env.docFreq(ws[0]) == 0})
			default:
				pl.addTerm(Term{Text: target, Words: ws, Weight: e.Weight, Concept: ci, Source: e.Source})
			}
			also = append(also, target)
		}
	}
	if len(also) > 0 {
		p.Expansions = append(p.Expansions, Expansion{Term: p.Concepts[ci].Text, Also: also})
	}
}

// addWords makes each typed word a concept, searched by itself, its parts
// and the two-character words inside it.
func (pl *planner) addWords(kept []string) {
	p, env := pl.p, pl.env
	for _, w := range kept {
		if _, dup := pl.seen[w]; dup || len(p.Concepts) == maxConcepts {
			continue
		}
		own := env.docFreq(w)
		formal := formalForms(w, own, env)
		df := own // the concept weighs its commonest form
		for _, f := range formal {
			df = max(df, env.docFreq(f))
		}
		ci := len(p.Concepts)
		pl.conceptOf[w] = ci
		p.Concepts = append(p.Concepts, Concept{Text: w, Weight: idf(df, pl.n)})
		pl.addTerm(Term{Text: w, Weight: 1, Concept: ci, Source: SourceTyped, Rare: own == 0})
		for _, f := range formal {
			pl.addTerm(Term{Text: f, Weight: 1, Concept: ci, Source: SourceTyped})
		}
		for _, part := range env.parts(w) {
			if part != w && searchable(part) {
				pl.addTerm(Term{Text: part, Weight: partWeight, Concept: ci, Source: SourcePart, Rare: env.docFreq(part) == 0})
			}
		}
		// The character net: any two characters of a long word that the
		// index holds as a word of its own find the texts that write the
		// thing another way (开挖沟槽 → 沟槽, 伏季休渔 → 休渔).
		if rs := []rune(w); len(rs) >= 3 {
			for i := 0; i+1 < len(rs); i++ {
				g := string(rs[i : i+2])
				if _, dup := pl.seen[g]; !dup && searchable(g) && env.docFreq(g) > 0 {
					pl.addTerm(Term{Text: g, Weight: gramWeight, Concept: ci, Source: SourceGram})
				}
			}
		}
	}
}

// colloquialNegations are the spoken forms of negation and the written
// forms the statutes use for them: 没人 is 无人, 没交 is 未交.
var colloquialNegations = map[rune][]string{'没': {"无", "未"}}

// formalForms are the written forms of a spoken word the statutes do not
// use (没人 → 无人 in 无人继承): its negation in the statutes' own
// characters, where the index holds the result as a word.
func formalForms(w string, df int, env planEnv) []string {
	if df >= learnedMaxDF {
		return nil
	}
	r, n := utf8.DecodeRuneInString(w)
	rest := w[n:]
	if rest == "" {
		return nil
	}
	var out []string
	for _, neg := range colloquialNegations[r] {
		if f := neg + rest; env.docFreq(f) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// rarest is the weight of the rarest searchable word of words, 0 when none
// is searchable.
func (pl *planner) rarest(words []string) float64 {
	weight := 0.0
	for _, w := range words {
		if searchable(w) {
			weight = math.Max(weight, idf(pl.env.docFreq(w), pl.n))
		}
	}
	return weight
}

// targetWeight is the weight of the most common of the statutory words an
// expansion names, each weighing its rarest word; 0 when none is searchable.
func (pl *planner) targetWeight(targets []string) float64 {
	weight := math.Inf(1)
	for _, t := range targets {
		if tw := pl.rarest(pl.env.words(t)); tw > 0 {
			weight = math.Min(weight, tw)
		}
	}
	if math.IsInf(weight, 1) {
		return 0
	}
	return weight
}

// addPhrases adds the thesaurus heads the query holds: a head of one word
// expands that word's concept; a head of several words (遛狗不牵绳) is a
// concept of its own, found by its statutory words.
func (pl *planner) addPhrases(phrases []phrase) {
	p := pl.p
	for _, ph := range phrases {
		if len(ph.Words) == 1 {
			if ci, ok := pl.conceptOf[ph.Words[0]]; ok {
				pl.expandConcept(ci, []expansion{ph.Exp})
				continue
			}
		}
		if len(p.Concepts) == maxConcepts {
			break
		}
		weight := pl.rarest(ph.Words)
		if weight == 0 {
			// Words too short to search (农残): the phrase weighs what the
			// statutes' words for it weigh, the most common of them.
			weight = pl.targetWeight(ph.Exp.Also)
		}
		ci := len(p.Concepts)
		p.Concepts = append(p.Concepts, Concept{Text: ph.Head, Weight: math.Max(weight, 2)})
		pl.expandConcept(ci, []expansion{ph.Exp})
	}
}

// addSingleRuns searches characters the dictionary knows only one by one
// (嘴套 cut into 嘴|套, 加处 into 加|处) together, every character required,
// found where they stand side by side.
func (pl *planner) addSingleRuns(rest string) {
	p := pl.p
	have := map[string]bool{}
	for _, c := range p.Concepts {
		have[c.Text] = true
	}
	for _, run := range singleRuns(pl.env.spans(rest)) {
		if _, dup := pl.seen[run.text]; dup || have[run.text] || len(p.Concepts) == maxConcepts {
			continue
		}
		ci := len(p.Concepts)
		p.Concepts = append(p.Concepts, Concept{Text: run.text, Weight: 3})
		pl.addTerm(Term{Text: run.text, Words: run.chars, Weight: 1, Concept: ci, Source: SourceTyped})
	}
}

// dropCommon keeps words too common to find anything as concepts
// (coverage) but does not search them; words absent from the index are
// left to the character net.
func (pl *planner) dropCommon() {
	p := pl.p
	var terms []Term
	for _, t := range p.Terms {
		if tooCommon(pl.env.docFreq(t.Text), commonShare, pl.n) && t.Source == SourceTyped {
			p.Concepts[t.Concept].Weight *= 0.5
			continue
		}
		terms = append(terms, t)
	}
	p.Terms = terms
}

// weighTopical weighs the words of a description by how much more the
// statutes use them than general language does: a story's words (上午,
// 队员, 店主) are common in general language and rare in the statutes; a
// violation's (审批, 挖掘, 楼梯间) the other way round. A word the dictionary
// does not know keeps its weight.
func weighTopical(p *Plan, env planEnv, n float64) {
	m := make([]float64, len(p.Concepts))
	for i, c := range p.Concepts {
		m[i] = 1
		general, ok := env.rarity(c.Text)
		if !ok {
			continue
		}
		statute := math.Log2(n / float64(env.docFreq(c.Text)+1))
		m[i] = math.Min(1.25, math.Max(0.25, 0.25+(general-statute)/8))
		p.Concepts[i].Weight *= m[i]
	}
	for i := range p.Terms {
		if t := &p.Terms[i]; !isExpansion(*t) {
			t.Weight *= m[t.Concept]
		}
	}
}

// missingLicence finds the licence a description says is missing (没有出版物
// 经营许可证, 未取得道路运输经营许可证): the most common violation, whose
// licence names the rules that require it.
var missingLicence = regexp.MustCompile(`(?:没有|没|未取得|未办理|未领取|未办|无|拿不出)(?:办理|办|取得|领取|领|任何)?(\p{Han}{2,16}?(?:许可证|执照|营运证|资格证|合格证|证书))`)

// licenceBoost multiplies the weight of the words of a missing licence.
const licenceBoost = 2

// weighMissingLicence raises the words of a licence the text says is
// missing above the story around it (文具店, 教辅书 beside 没有出版物经营许可证).
func weighMissingLicence(p *Plan, q string) {
	var names []string
	for _, m := range missingLicence.FindAllStringSubmatch(q, -1) {
		names = append(names, m[1])
	}
	if len(names) == 0 {
		return
	}
	boosted := make([]bool, len(p.Concepts))
	for i, c := range p.Concepts {
		for _, n := range names {
			if utf8.RuneCountInString(c.Text) >= 2 && strings.Contains(n, c.Text) {
				boosted[i] = true
				p.Concepts[i].Weight *= licenceBoost
				break
			}
		}
	}
	for i := range p.Terms {
		if t := &p.Terms[i]; t.Source == SourceTyped && boosted[t.Concept] {
			t.Weight = math.Min(1, t.Weight*licenceBoost)
		}
	}
}

// Searching long texts: words held by more than searchShare of the
// documents are left out of the searches, the rarest maxSearched kept,
// as long as minSearched remain.
const (
	searchShare = 0.03
	maxSearched = 24
	minSearched = 4
)

// markCommon marks the terms of a long text too common to search.
func markCommon(terms []Term, env planEnv, n float64) {
	idx := make([]int, 0, len(terms))
	for i, t := range terms {
		if !t.Rare {
			idx = append(idx, i)
		}
	}
	df := func(i int) int {
		if len(terms[i].Words) > 1 {
			return 0 // an expansion of several words is rare by being several
		}
		return env.docFreq(terms[i].Text)
	}
	sort.SliceStable(idx, func(a, b int) bool { return df(idx[a]) < df(idx[b]) })
	for k, i := range idx {
		if k >= minSearched && (k >= maxSearched || tooCommon(df(i), searchShare, n)) {
			terms[i].Common = true
		}
	}
}

// Likely works: a work takes at least minLikely of the text's weight, and
// a text keeps its maxLikely best.
const (
	minLikely = 0.2
	maxLikely = 3
)

// likelyWorks weighs each work by the share of the text's concepts (by
// weight) whose words point to it.
func likelyWorks(concepts []Concept, env planEnv) []Likely {
	total := 0.0
	score := map[string]float64{}
	for _, c := range concepts {
		total += c.Weight
		for _, l := range env.works(c.Text) {
			score[l.Work] += c.Weight * l.Share
		}
	}
	return learn.TopShares(score, total, minLikely, maxLikely)
}

// span is a word of a text with its byte offsets.
type span struct {
	text       string
	start, end int
}

// charRun is a run of single characters that stand side by side.
type charRun struct {
	text  string
	chars []string
}

// singleRuns finds the runs of two or more single-character words that
// follow each other with nothing between, none of them grammar (的, 在,
// 上): a word the dictionary does not know.
func singleRuns(spans []span) []charRun {
	var out []charRun
	var cur []span
	flush := func() {
		if len(cur) >= 2 {
			r := charRun{}
			for _, sp := range cur {
				r.text += sp.text
				r.chars = append(r.chars, sp.text)
			}
			out = append(out, r)
		}
		cur = cur[:0]
	}
	for _, sp := range spans {
		single := utf8.RuneCountInString(sp.text) == 1 && unicode.Is(unicode.Han, []rune(sp.text)[0]) &&
			!functionWords[sp.text] && !strings.ContainsRune(grammarSingles, []rune(sp.text)[0])
		if !single || len(cur) > 0 && cur[len(cur)-1].end != sp.start {
			flush()
		}
		if single {
			cur = append(cur, sp)
		}
	}
	flush()
	return out
}

// grammarSingles are single characters that never begin or end a word
// the dictionary lacks: particles and the like (the analyzer's stop words
// and more).
const grammarSingles = "的地得了着过之其和与及或而也是在对于将把被等这那该此啊吗呢吧从向到给让使由以为就都还又再才已很太最更卖买做"

// hasSearchable reports whether any of the words may be searched.
func hasSearchable(words []string) bool {
	for _, w := range words {
		if searchable(w) {
			if _, place := placeOf(w); !place {
				return true
			}
		}
	}
	return false
}

// tooCommon reports whether a word held by df of n documents exceeds share
// of them; in a small index (tests, a town's own texts) no word is too
// common to search.
func tooCommon(df int, share, n float64) bool {
	return df > minCommon && float64(df) > share*n
}

// minCommon is the document frequency below which a word is never too
// common to search.
const minCommon = 1000

// idf is the rarity of a word held by df of n articles, at least 0.5 so
// that a common word still counts for something.
func idf(df int, n float64) float64 {
	return math.Max(0.5, math.Log(1+n/float64(df+1)))
}

// intentOf reads what the text asks for from its shape.
func intentOf(q string, describe bool, p Plan) Intent {
	switch {
	case p.Cite != nil:
		return IntentCitation
	case len(p.Concepts) == 0 && len(p.Works) > 0:
		return IntentTitle
	case len(p.Concepts) == 0:
		return IntentList
	case containsAny(q, questionCues):
		return IntentQuestion
	case describe:
		return IntentViolation
	}
	runes := utf8.RuneCountInString(q)
	if runes >= 12 && len(p.Concepts) >= 4 || containsAny(q, violationCues) && len(p.Concepts) >= 2 {
		return IntentViolation
	}
	return IntentKeywords
}

// Generator sizes.
const (
	wordsWindow    = 200
	expandWindow   = 100
	worksWindow    = 100
	itemsWindow    = 40
	askedWindow    = 100
	likelyWindow   = 100
	feedbackWindow = 60
	// feedbackWorks is how many of the best-ranked texts the feedback
	// generator searches within.
	feedbackWorks = 3
)

// gensFor picks the generators of a plan.
func gensFor(p Plan) []Gen {
	if p.Intent == IntentList || len(p.Terms) == 0 {
		return nil
	}
	gens := []Gen{{GenWords, wordsWindow}}
	for _, t := range p.Terms {
		if isExpansion(t) {
			gens = append(gens, Gen{GenExpand, expandWindow})
			break
		}
	}
	if len(p.Works) > 0 {
		gens = append(gens, Gen{GenWorks, worksWindow})
	}
	if p.Req.Type == "" || p.Req.Type == indexer.TypeArticle {
		gens = append(gens, Gen{GenAsked, askedWindow})
		if len(p.Likely) > 0 {
			gens = append(gens, Gen{GenLikely, likelyWindow})
		}
		if p.Intent == IntentQuestion || p.Intent == IntentViolation {
			gens = append(gens, Gen{GenFeedback, feedbackWindow})
		}
	}
	if p.Req.Type == "" || p.Req.Type == indexer.TypeItem || p.Req.Type == indexer.TypeArticle {
		gens = append(gens, Gen{GenItems, itemsWindow})
	}
	return gens
}

// gen returns the plan's generator of that name.
func (p Plan) gen(name string) (Gen, bool) {
	for _, g := range p.Gens {
		if g.Name == name {
			return g, true
		}
	}
	return Gen{}, false
}

// has reports whether the plan runs the generator.
func (p Plan) has(gen string) bool {
	_, ok := p.gen(gen)
	return ok
}

// typedTerms are the words of the text as searched, for highlighting.
func (p Plan) typedTerms() []string {
	var out []string
	for _, t := range p.Terms {
		if t.Source == SourceTyped {
			out = append(out, t.Text)
		}
	}
	return out
}

// highlightTerms are every word searched, longest first so that a snippet
// marks 占道经营 before 占道.
func (p Plan) highlightTerms() []string {
	out := make([]string, 0, len(p.Terms))
	for _, t := range p.Terms {
		out = append(out, t.Text)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// conceptWords lists, per concept, the ways of finding it in a text: the
// concept itself, or an expansion (all the words of an expansion of
// several, as its search requires them all).
func (p Plan) conceptWords() [][][]string {
	out := make([][][]string, len(p.Concepts))
	for i, c := range p.Concepts {
		out[i] = [][]string{{c.Text}}
	}
	for _, t := range p.Terms {
		// an expansion, or the written form of a spoken word (无人 for 没人)
		if t.Text == p.Concepts[t.Concept].Text || !isExpansion(t) && t.Source != SourceTyped {
			continue
		}
		ws := t.Words
		if len(ws) == 0 {
			ws = []string{t.Text}
		}
		out[t.Concept] = append(out[t.Concept], ws)
	}
	return out
}
