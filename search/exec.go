package search

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// Generator slots of a candidate's scores.
const (
	slotWords = iota
	slotExpand
	slotWorks
	slotItems
	slotAsked
	slotLikely
	slotFeedback
	nSlots
)

// candidate is a document competing for a place in an answer: an article,
// a version, section or standard, or an enforcement item.
type candidate struct {
	id   string
	typ  string
	a    *corpus.Article // set for articles
	item *corpus.Item    // set for items
	// gen holds each generator's score of the document relative to that
	// generator's best (0 when it did not bring it); rank its 1-based rank.
	gen  [nSlots]float64
	rank [nSlots]int
	// via is the item that brought an article through the items generator.
	via   *corpus.Item
	f     features
	score float64
	// forest is what the intent's forest added when it reordered the
	// first page the candidate was on (explain shows it); 0 elsewhere.
	forest float64
	found  uint64 // the plan's concepts the candidate holds (ranker.covers)
	work   string // the candidate's work, where it has one
	// featured is set once the ranker has read the candidate's text: a
	// second ranking (after feedback) reads only its new generator score.
	featured bool
}

// outcome is what the executor hands back: candidates ranked best first,
// the primary generator's run (total, facets and the order beyond the
// fused window) and the plan.
type outcome struct {
	plan    Plan
	ranked  []*candidate
	primary *ran
	// tail is the primary generator's hits past the fused window, in its
	// order, without those already ranked.
	tail []scored
	all  bool // the primary generator required every concept
	// within is set when the primary generator kept to the texts the
	// query names.
	within bool
}

// viewEnv is the planEnv of one view of the index.
type viewEnv struct {
	ctx    context.Context
	s      *Searcher
	v      *indexer.View
	qa, ia bleveanalysis.Analyzer
	reader index.IndexReader
	count  int
	dfs    *dfCache
	// field is where a word's document frequency is read: the text, or
	// an item's words for a search of items.
	field string
}

func (s *Searcher) newEnv(ctx context.Context, v *indexer.View) (*viewEnv, error) {
	e := &viewEnv{ctx: ctx, s: s, v: v, qa: v.Analyzer(v.Meta.QueryAnalyzer), ia: v.Analyzer(v.Meta.Analyzer), dfs: s.dfsOf(v),
		field: indexer.FieldText}
	if e.qa == nil || e.ia == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "search: analyzer %q is not registered in this process", v.Meta.QueryAnalyzer)
	}
	if adv, err := v.Index.Advanced(); err == nil {
		if r, err := adv.Reader(); err == nil {
			e.reader = r
			if n, err := r.DocCount(); err == nil {
				e.count = int(n)
			}
		}
	}
	return e, nil
}

func (e *viewEnv) close() {
	if e.reader != nil {
		_ = e.reader.Close()
	}
}

func (e *viewEnv) words(text string) []string { return analyzeAll(e.qa, text) }

func (e *viewEnv) parts(word string) []string { return analyzeAll(e.ia, word) }

func (e *viewEnv) spans(text string) []span {
	var out []span
	for _, tok := range e.qa.Analyze([]byte(text)) {
		out = append(out, span{string(tok.Term), tok.Start, tok.End})
	}
	return out
}

func (e *viewEnv) cite(text string, asOf corpus.Date, near corpus.Region) *Cite {
	r, err := e.s.Resolver(e.v.Corpus)
	if err != nil {
		return nil
	}
	cit, ok := r.ParseQuery(text)
	if !ok {
		return nil
	}
	rs, err := r.ResolveNear(text, cit, asOf, near)
	if err != nil || rs.Article() == nil {
		return nil
	}
	return &Cite{ArticleID: rs.Article().ID, Cited: Cited{Text: cit.Text, Paragraph: cit.Paragraph, Item: cit.Item, Amended: rs.Amended}}
}

func (e *viewEnv) named(text string, near corpus.Region) ([]string, string) {
	r, err := e.s.Resolver(e.v.Corpus)
	if err != nil {
		return nil, text
	}
	works, rest := namedWorks(r.Names(), text, near)
	ids := make([]string, len(works))
	for i, w := range works {
		ids[i] = w.ID
	}
	return ids, rest
}

func (e *viewEnv) phrases(text string) []phrase {
	if e.s.thesaurus == nil {
		return nil
	}
	return thesaurusPhrases(e.s.thesaurus, e.qa, text, e.s.opts.ExpansionBoost)
}

func (e *viewEnv) expand(word string) []expansion {
	return e.s.learned(e.v).expand(word)
}

func (e *viewEnv) works(word string) []Likely {
	return e.s.learned(e.v).works(word)
}

func (e *viewEnv) docFreq(word string) int {
	key := e.field + "\x00" + word
	if n, ok := e.dfs.m.Load(key); ok {
		return n.(int)
	}
	n := 0
	if e.reader != nil {
		if tfr, err := e.reader.TermFieldReader(e.ctx, []byte(word), e.field, false, false, false); err == nil {
			n = int(tfr.Count())
			_ = tfr.Close()
		}
	}
	e.dfs.m.Store(key, n)
	return n
}

// dfCache keeps the document frequencies of one build's words: planning
// asks for the same words again and again.
type dfCache struct {
	v *indexer.View // identifies the build by its corpus
	m sync.Map      // field NUL word → int
}

// dfsOf returns the frequency cache of v's build, a new one after a swap.
func (s *Searcher) dfsOf(v *indexer.View) *dfCache {
	if c := s.dfs.Load(); c != nil && c.v.Corpus == v.Corpus {
		return c
	}
	c := &dfCache{v: v}
	s.dfs.Store(c)
	return c
}

func (e *viewEnv) articles() int { return e.count }

func (e *viewEnv) rarity(word string) (float64, bool) {
	seg, err := analysis.Default()
	if err != nil || seg == nil {
		return 0, false
	}
	return seg.Rarity(word)
}

// analyzeAll returns the distinct terms of text in order.
func analyzeAll(an bleveanalysis.Analyzer, text string) []string {
	if text == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, tok := range an.Analyze([]byte(text)) {
		t := string(tok.Term)
		if strings.TrimSpace(t) == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// execute runs a plan over a view: each generator's bleve search, then
// every candidate's features and its score, best first. want is how many
// ranked candidates the caller will read (from+size for a page).
func (s *Searcher) execute(ctx context.Context, v *indexer.View, p Plan, want int) (*outcome, error) {
	out := &outcome{plan: p}
	f := s.planFilters(v, p)
	cands := make(map[string]*candidate, wordsWindow+expandWindow)
	// candidates come from a slab, a chunk at a time, not one by one
	var slab []candidate
	get := func(id string) *candidate {
		c := cands[id]
		if c == nil {
			if len(slab) == cap(slab) {
				slab = make([]candidate, 0, 128)
			}
			slab = append(slab, candidate{id: id})
			c = &slab[len(slab)-1]
			cands[id] = c
		}
		return c
	}
	record := func(slot int, hits []scored) {
		top := 0.0
		for _, h := range hits {
			top = math.Max(top, h.score)
		}
		for i, h := range hits {
			c := get(h.id)
			if top > 0 && c.gen[slot] == 0 {
				c.gen[slot] = h.score / top
				c.rank[slot] = i + 1
			}
		}
	}
	window := max(wordsWindow, want)
	items := p.Req.Type == indexer.TypeItem
	// The generators run side by side: a search is several bleve searches
	// over one read-only snapshot. Feedback runs after the first ranking.
	wave := slices.DeleteFunc(slices.Clone(p.Gens), func(g Gen) bool { return g.Name == GenFeedback })
	results := make([]genResult, len(wave))
	errs := make([]error, len(wave))
	var wg sync.WaitGroup
	for gi, g := range wave {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[gi], errs[gi] = s.generate(ctx, v, p, f, g, window, items)
		}()
	}
	wg.Wait()
	for gi, g := range wave {
		if errs[gi] != nil {
			return nil, errs[gi]
		}
		r := results[gi]
		if g.Name == GenWords {
			out.primary, out.all, out.within = r.primary, r.all, r.within
		}
		record(slotOf[g.Name], r.hits)
	}
	if p.Intent == IntentList {
		r, err := s.runList(ctx, v, p, f, want, items)
		if err != nil {
			return nil, err
		}
		out.primary = r
		for i, h := range r.Hits {
			c := get(h.ID)
			c.rank[slotWords] = i + 1
			c.score = float64(len(r.Hits) - i)
		}
	}
	list := s.resolve(v, p, cands, get)
	if p.Intent != IntentList {
		list = s.rank(v, p, out, list)
	}
	byScore(list)
	if g, ok := p.gen(GenFeedback); ok {
		if works := bestWorks(list, feedbackWorks); len(works) > 0 {
			hits, err := s.runPlain(ctx, v, f.within(works).apply(disjunction(p.Terms, nil, textClause)), g.Size)
			if err != nil {
				return nil, err
			}
			record(slotFeedback, toScored(hits.Hits))
			list = s.rank(v, p, out, s.resolve(v, p, cands, get))
			byScore(list)
		}
	}
	if p.Cite != nil {
		list = citeFirst(v, p.Cite, list, get)
	}
	out.ranked = list
	if out.primary != nil && len(out.primary.Hits) > wordsWindow {
		inRank := map[string]bool{}
		for _, c := range list {
			inRank[c.id] = true
		}
		for _, h := range toScored(out.primary.Hits[wordsWindow:]) {
			if !inRank[h.id] {
				out.tail = append(out.tail, h)
			}
		}
	}
	return out, nil
}

// slotOf is the score slot of each generator.
var slotOf = map[string]int{GenWords: slotWords, GenExpand: slotExpand, GenWorks: slotWorks, GenItems: slotItems,
	GenAsked: slotAsked, GenLikely: slotLikely, GenFeedback: slotFeedback}

// byScore sorts candidates best first, by id among equals.
func byScore(list []*candidate) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].id < list[j].id
	})
}

// bestWorks are the first n distinct works of the ranked articles.
func bestWorks(list []*candidate, n int) []string {
	var out []string
	for _, c := range list {
		if c.a == nil || c.work == "" || slices.Contains(out, c.work) {
			continue
		}
		if out = append(out, c.work); len(out) == n {
			break
		}
	}
	return out
}

// genResult is what one generator brought.
type genResult struct {
	hits    []scored
	primary *ran // the words generator's run: total, facets, the order past the window
	all     bool // the words generator required every concept
	within  bool // the words generator kept to the texts named
}

// generate runs one generator of a plan.
func (s *Searcher) generate(ctx context.Context, v *indexer.View, p Plan, f filters, g Gen, window int, items bool) (genResult, error) {
	var out genResult
	var r *ran
	var err error
	switch g.Name {
	case GenWords:
		if p.Intent == IntentKeywords && len(p.Works) > 0 {
			// 处罚法 听证: the words within the law named, when it has them
			r, out.all, err = s.runWords(ctx, v, p, f.within(p.Works), window, items)
			if err != nil {
				return out, err
			}
			out.within = r.Total > 0
		}
		if !out.within {
			r, out.all, err = s.runWords(ctx, v, p, f, window, items)
		}
		out.primary = r
	case GenExpand:
		r, err = s.runPlain(ctx, v, f.apply(disjunction(p.Terms, isExpansion, textClause)), g.Size)
	case GenWorks:
		r, err = s.runPlain(ctx, v, f.within(p.Works).apply(disjunction(p.Terms, nil, s.fieldsClause)), g.Size)
	case GenAsked:
		clause := func(t Term) query.Query {
			return clauseOf(t, func(w string, boost float64) query.Query { return termQuery(indexer.FieldAsked, w, boost) })
		}
		r, err = s.runPlain(ctx, v, f.apply(disjunction(p.Terms, nil, clause)), g.Size)
	case GenLikely:
		ids := make([]string, len(p.Likely))
		for i, l := range p.Likely {
			ids[i] = l.Work
		}
		r, err = s.runPlain(ctx, v, f.within(ids).apply(disjunction(p.Terms, nil, textClause)), g.Size)
	case GenItems:
		if !items { // a search of items has them from the words generator
			out.hits, err = s.runItems(ctx, v, p, g.Size)
		}
		return out, err
	}
	if err != nil {
		return out, err
	}
	if r != nil {
		out.hits = toScored(r.Hits)
	}
	return out, nil
}

// citeFirst puts the cited article at the head of the list.
func citeFirst(v *indexer.View, ct *Cite, list []*candidate, get func(string) *candidate) []*candidate {
	a := v.Corpus.Article(ct.ArticleID)
	if a == nil {
		return list
	}
	c := get(a.ID)
	c.typ, c.a = indexer.TypeArticle, a
	out := make([]*candidate, 0, len(list)+1)
	out = append(out, c)
	for _, x := range list {
		if x != c {
			out = append(out, x)
		}
	}
	return out
}

// itemArticles adds the duty and penalty articles of an item candidate as
// article candidates, scored by the item.
func (s *Searcher) itemArticles(v *indexer.View, p Plan, c *candidate, get func(string) *candidate, list *[]*candidate) {
	add := func(id string) {
		a := v.Corpus.Article(id)
		if a == nil || !inPlan(p, a) {
			return
		}
		ac := get(id)
		ac.typ, ac.a = indexer.TypeArticle, a
		if c.gen[slotItems] > ac.gen[slotItems] {
			ac.gen[slotItems], ac.rank[slotItems], ac.via = c.gen[slotItems], c.rank[slotItems], c.item
		}
		*list = append(*list, ac)
	}
	for _, b := range c.item.Basis {
		for _, id := range b.ArticleIDs {
			add(id)
		}
	}
	if c.item.Source.ArticleID != "" {
		add(c.item.Source.ArticleID)
	}
	for _, d := range c.item.Duty {
		for _, id := range d.ArticleIDs {
			add(id)
		}
	}
}

// inPlan reports whether an article passes the plan's filters, which the
// articles of an item found by the items generator were not searched
// under: status, date, place, region, kind and level.
func inPlan(p Plan, a *corpus.Article) bool {
	v := a.Version()
	if v == nil || v.Work() == nil {
		return false
	}
	w := v.Work()
	if p.Req.Kind != "" && string(w.Kind) != p.Req.Kind || p.Req.Level != "" && w.Level != p.Req.Level {
		return false
	}
	if p.Req.Region != "" && p.Req.Region != corpus.National {
		path := w.Region.Path()
		if path != p.Req.Region && !strings.HasPrefix(path, p.Req.Region+"/") {
			return false
		}
	}
	if !p.Req.AsOf.IsZero() {
		if !v.InForceOn(p.Req.AsOf) {
			return false
		}
	} else if (p.Req.Status == "" || p.Req.Status == string(corpus.StatusInForce)) && v.Status != corpus.StatusInForce {
		return false
	}
	r := v.Work().Region
	if r.Province == "" {
		return true
	}
	if p.Place.Province == "" {
		return !p.Describe
	}
	return r.Province == p.Place.Province && (r.City == "" || r.City == p.Place.City)
}

// docType names the type of a non-article document of the corpus.
func docType(c *corpus.Corpus, id string) string {
	switch {
	case c.Section(id) != nil:
		return indexer.TypeSection
	case c.Version(id) != nil:
		return indexer.TypeVersion
	case c.Standard(id) != nil:
		return indexer.TypeStandard
	}
	return ""
}

// isExpansion reports whether a term stands for a typed word (thesaurus,
// learned) rather than being part of it.
func isExpansion(t Term) bool {
	return t.Source != SourceTyped && t.Source != SourcePart && t.Source != SourceGram
}

// within returns the filters kept to the documents of the works: as a term
// query, which bleve intersects by skipping, since a few works hold few
// documents.
func (f filters) within(works []string) filters {
	ws := make([]query.Query, len(works))
	for i, w := range works {
		q := query.NewTermQuery(w)
		q.SetField(indexer.FieldWorkID)
		q.SetBoost(0) // it narrows; it does not score
		ws[i] = q
	}
	f.narrow = append(f.narrow[:len(f.narrow):len(f.narrow)], query.NewDisjunctionQuery(ws))
	return f
}

// placeQuery keeps the texts of a place and of the places above it.
func placeQuery(r corpus.Region) query.Query {
	var any []query.Query
	for _, path := range r.Ancestors() {
		any = append(any, termQuery(indexer.FieldRegion, path, 1))
	}
	return query.NewDisjunctionQuery(any)
}

// clauseOf searches a term: one word by one, several (an expansion of
// several words) all of them, the whole boosted by the term's weight.
func clauseOf(t Term, one func(word string, boost float64) query.Query) query.Query {
	if len(t.Words) <= 1 {
		return one(t.Text, t.Weight)
	}
	qs := make([]query.Query, len(t.Words))
	for i, w := range t.Words {
		qs[i] = one(w, 1)
	}
	c := query.NewConjunctionQuery(qs)
	c.SetBoost(t.Weight)
	return c
}

// textClause searches a term in the article text (the ranker reads the
// heading it stands under; searching headings too cost case descriptions
// more than it brought questions, on the tuned parts).
func textClause(t Term) query.Query {
	return clauseOf(t, func(w string, boost float64) query.Query { return termQuery(indexer.FieldText, w, boost) })
}

// itemClause searches a term in an item's name (its violation), and less
// in its other words (penalties, bases).
func itemClause(t Term) query.Query {
	return clauseOf(t, func(w string, boost float64) query.Query {
		return query.NewDisjunctionQuery([]query.Query{
			termQuery(indexer.FieldItemName, w, boost*2),
			termQuery(indexer.FieldItemText, w, boost*0.5),
		})
	})
}

// fieldsClause searches a term in the text, the title, the short names and
// the chapter heading.
func (s *Searcher) fieldsClause(t Term) query.Query {
	return clauseOf(t, func(w string, boost float64) query.Query {
		return query.NewDisjunctionQuery([]query.Query{
			termQuery(indexer.FieldText, w, boost),
			termQuery(indexer.FieldTitle, w, boost*s.opts.TitleBoost),
			termQuery(indexer.FieldAlias, w, boost*s.opts.TitleBoost),
			termQuery(indexer.FieldChapter, w, boost*s.opts.ChapterBoost),
		})
	})
}

// disjunction is any of the terms keep accepts (nil: all), each searched
// by clause.
func disjunction(terms []Term, keep func(Term) bool, clause func(Term) query.Query) query.Query {
	var qs []query.Query
	for _, t := range terms {
		if t.Rare || t.Common || (keep != nil && !keep(t)) {
			continue
		}
		qs = append(qs, clause(t))
	}
	if len(qs) == 0 {
		return query.NewMatchNoneQuery()
	}
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(1)
	return d
}

// runWords is the primary generator: for a few keywords every concept must
// match (each by any of its terms), falling back to any word when fewer
// than MinAllHits documents have them all; other texts match any word.
func (s *Searcher) runWords(ctx context.Context, v *indexer.View, p Plan, f filters, window int, items bool) (*ran, bool, error) {
	if p.Intent == IntentKeywords || p.Intent == IntentTitle {
		clause := s.fieldsClause
		if items {
			clause = itemClause
		}
		// Each concept by its word or an expansion, not by the words inside
		// it: 经营 alone does not find 占道经营. Those join in the fallback.
		byConcept := make([][]query.Query, len(p.Concepts))
		for _, t := range p.Terms {
			if !t.Rare && !t.Common && t.Source != SourcePart && t.Source != SourceGram {
				byConcept[t.Concept] = append(byConcept[t.Concept], clause(t))
			}
		}
		var all []query.Query
		for _, qs := range byConcept {
			if len(qs) > 0 {
				all = append(all, query.NewDisjunctionQuery(qs))
			}
		}
		if len(all) > 0 {
			r, err := s.run(ctx, v, f.apply(query.NewConjunctionQuery(all)), window, 0, nil, items)
			if err != nil {
				return nil, false, err
			}
			if r.Total >= s.opts.MinAllHits || len(all) == 1 && r.Total > 0 {
				// one concept found is never widened: its hits are all there is
				return r, true, nil
			}
		}
	}
	clause := s.fieldsClause
	switch {
	case items:
		clause = itemClause
	case p.Intent == IntentQuestion || p.Intent == IntentViolation:
		clause = textClause
	}
	r, err := s.run(ctx, v, f.apply(disjunction(p.Terms, nil, clause)), window, 0, nil, items)
	return r, false, err
}

// runList lists the documents matching the filters, newest first: texts
// (versions and standards) unless the request names a type; items by id.
func (s *Searcher) runList(ctx context.Context, v *indexer.View, p Plan, f filters, size int, items bool) (*ran, error) {
	keep := f.keep[:len(f.keep):len(f.keep)]
	if p.Req.Type == "" {
		keep = append(keep, query.NewDisjunctionQuery([]query.Query{
			termQuery(indexer.FieldType, indexer.TypeVersion, 1),
			termQuery(indexer.FieldType, indexer.TypeStandard, 1),
		}))
	}
	sortBy := []string{"-" + indexer.FieldValidFrom}
	if items {
		sortBy = []string{"_id"}
	}
	lf := f
	lf.keep = nil
	return s.run(ctx, v, lf.apply(query.NewConjunctionQuery(keep)), size, 0, sortBy, items)
}

// runItems searches enforcement items by their name (the violation), in force
// and of the plan's place and above.
func (s *Searcher) runItems(ctx context.Context, v *indexer.View, p Plan, size int) ([]scored, error) {
	// Only items have the fields searched: no type filter is needed.
	f := s.itemStatusFilter(filters{}, "", v)
	if p.Place.Province != "" {
		f.keep = append(f.keep, placeQuery(p.Place))
	} else if p.Describe {
		f.keep = append(f.keep, termQuery(indexer.FieldRegion, corpus.National, 1))
	}
	name := func(t Term) query.Query {
		return clauseOf(t, func(w string, boost float64) query.Query {
			return query.NewDisjunctionQuery([]query.Query{
				termQuery(indexer.FieldItemName, w, boost),
				termQuery(indexer.FieldItemDuty, w, boost*0.5),
			})
		})
	}
	r, err := s.runPlain(ctx, v, f.apply(disjunction(p.Terms, nil, name)), size)
	if err != nil {
		return nil, err
	}
	return toScored(r.Hits), nil
}

// describeFilter restricts a case description to articles of the kinds
// that ground decisions, of its region and those above it, in force on its
// date.
func (s *Searcher) describeFilter(req Request, place corpus.Region, v *indexer.View) filters {
	tests := []func(textAttrs) bool{kindIn(suggestKinds), regionOver(place)}
	if req.AsOf.IsZero() {
		tests = append(tests, statusIs(string(corpus.StatusInForce)))
	} else {
		tests = append(tests, inForceOn(req.AsOf))
	}
	key := "describe\x00" + place.Path() + "\x00" + req.AsOf.String()
	return filters{keep: []query.Query{termQuery(indexer.FieldType, indexer.TypeArticle, 1)}, set: s.passingFor(v, key, tests),
		setKey: key, docVersions: v.DocVersions}
}

// planFilters are the request's filters, or a description's, narrowed to
// the place a text names.
func (s *Searcher) planFilters(v *indexer.View, p Plan) filters {
	f := s.filter(p.Req, v)
	if p.Describe {
		f = s.describeFilter(p.Req, p.Place, v)
	}
	if p.Place.Province != "" && p.Req.In == "" && p.Req.Region == "" && !p.Describe {
		// a place named in the text narrows like the request's In
		if p.Req.Type == indexer.TypeItem {
			f.keep = append(f.keep, placeQuery(p.Place))
		} else {
			f = s.restrict(f, v, "over\x00"+p.Place.Path(), regionOver(p.Place))
		}
	}
	return f
}

// resolve turns the candidates into documents and keeps those the request
// wants: an item found for articles brings its articles instead.
func (s *Searcher) resolve(v *indexer.View, p Plan, cands map[string]*candidate, get func(string) *candidate) []*candidate {
	items := p.Req.Type == indexer.TypeItem
	wantArticles := !items
	var list []*candidate
	for _, c := range cands {
		if it := v.Corpus.Item(c.id); it != nil {
			c.typ, c.item = indexer.TypeItem, it
			if !items && !p.Describe {
				// an item brings its articles; it is a hit only where items are asked for
				s.itemArticles(v, p, c, get, &list)
				continue
			}
			if !items && p.Describe {
				s.itemArticles(v, p, c, get, &list)
			}
			list = append(list, c)
			continue
		}
		if a := v.Corpus.Article(c.id); a != nil {
			if !wantArticles {
				continue
			}
			c.typ, c.a = indexer.TypeArticle, a
		} else {
			c.typ = docType(v.Corpus, c.id)
			if c.typ == "" || items || p.Describe {
				continue
			}
		}
		list = append(list, c)
	}
	// candidates added by itemArticles after the loop
	seen := map[*candidate]bool{}
	var uniq []*candidate
	for _, c := range list {
		if !seen[c] {
			seen[c] = true
			uniq = append(uniq, c)
		}
	}
	return uniq
}

// rank scores the candidates and keeps those that can be shown.
func (s *Searcher) rank(v *indexer.View, p Plan, out *outcome, list []*candidate) []*candidate {
	rk := s.newRanker(v, p)
	rk.score(list)
	kept := list[:0]
	for _, c := range list {
		// Where every word was found, other generators add only
		// documents that hold every word too.
		if out.all && c.gen[slotWords] == 0 && c.f[fCoverage] < 0.999 && c.f[fTitleCoverage] < 0.999 {
			continue
		}
		if out.within && c.f[fNamed] == 0 {
			continue
		}
		// A document none of whose words the text holds cannot be
		// shown for it, unless it is of the text the query names and the
		// words generator found it there by the parts of its words
		// (规划法 违法建设: 违法…建设 in 城乡规划法).
		named := out.within && c.gen[slotWords] > 0
		if c.f[fCoverage] == 0 && c.f[fTitleCoverage] == 0 && c.gen[slotAsked] < 0.3 && !named {
			continue
		}
		kept = append(kept, c)
	}
	if rk.boost != nil {
		scores := make([]float64, len(kept))
		for i, c := range kept {
			scores[i], c.forest = c.score, 0
		}
		rk.boost.Rerank(scores, func(i int) []float64 {
			kept[i].forest = rk.boost.Score(kept[i].f[:])
			return kept[i].f[:]
		})
		for i, c := range kept {
			c.score = scores[i]
		}
	}
	return kept
}
