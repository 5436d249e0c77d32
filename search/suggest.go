package search

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// Suggest limits and defaults.
const (
	DefaultSuggestions = 5
	MaxSuggestions     = 20
	MaxCaseRunes       = 4000
	// suggestWindow is how many ranked candidates are grouped into
	// suggestions.
	suggestWindow = 80
)

// Suggestion kinds.
const (
	SuggestItem    = "item"    // an enforcement item of the corpus
	SuggestArticle = "article" // an article pair (duty + penalty) or a single article
)

// Article roles in a suggestion.
const (
	RoleDuty    = "duty"    // 违则: the article the conduct violates
	RolePenalty = "penalty" // 罚则: the article that sets the penalty
	RoleOther   = "other"   // an article that bears on the case without a duty/penalty role
)

// SuggestRequest is a case description with where and when it happened.
type SuggestRequest struct {
	Text   string      `json:"text"`
	Region string      `json:"region,omitempty"` // 浙江/温州, 温州 or 温州市: its rules and those above it apply
	Date   corpus.Date `json:"date"`             // the day of the conduct; zero: today's texts
	Size   int         `json:"size,omitempty"`
	// Explain keeps the plan in the result (SuggestResult.Plan); such a
	// request bypasses the result cache.
	Explain bool `json:"-"`
}

// SuggestResult is the ranked legal basis for a case.
type SuggestResult struct {
	Suggestions []Suggestion  `json:"suggestions"`
	Intent      Intent        `json:"intent"` // question: articles answer it; violation: items and duty/penalty pairs
	Terms       []string      `json:"-"`      // the case's words as searched
	Expansions  []Expansion   `json:"-"`
	Took        time.Duration `json:"-"`
	Plan        *Plan         `json:"-"` // the plan searched, when the request asked to explain
}

// Suggestion is one legal basis for the case: an enforcement item, or an
// article pair (the duty article and the penalty article), or a single
// article, with what it imposes and why it was suggested.
type Suggestion struct {
	Kind      string             `json:"kind"` // item or article
	ID        string             `json:"id"`
	Name      string             `json:"name"`
	Score     float64            `json:"score"`
	Articles  []SuggestedArticle `json:"articles"`
	Penalties []corpus.Penalty   `json:"penalties"`
	Fine      *FineRange         `json:"fine"`
	Band      *SuggestedBand     `json:"band"`
	Why       Why                `json:"why"`
}

// SuggestedArticle is an article of a suggestion, from the version in force
// on the request's date.
type SuggestedArticle struct {
	ID        string      `json:"id"`
	Title     string      `json:"title"`
	Article   string      `json:"article"` // 第二十一条, or 第十六条第三款 when the role sits in one 款
	ArticleNo int         `json:"article_no"`
	Paragraph int         `json:"-"`      // that 款, 1-based; 0: the whole article
	Source    string      `json:"source"` // relative to the corpus root
	Role      string      `json:"role"`   // duty, penalty or other
	Region    string      `json:"-"`      // 全国, 浙江, 浙江/温州
	ValidFrom corpus.Date `json:"valid_from"`
	ValidTo   corpus.Date `json:"valid_to"`
}

// FineRange is the statutory fine of a suggestion.
type FineRange struct {
	Min  float64 `json:"min"`
	Max  float64 `json:"max"` // 0: no upper bound stated
	Unit string  `json:"unit"`
}

// SuggestedBand is the discretion band the case text points to, with its
// fine range; Derived says it comes from corpus.DerivedBandRule, not from an
// official standard.
type SuggestedBand struct {
	Level      corpus.BandLevel `json:"level"`
	Fine       *FineRange       `json:"fine,omitempty"`
	Conditions []string         `json:"conditions,omitempty"`
	Derived    bool             `json:"derived"`
	Because    string           `json:"because"` // the words of the case that chose it, or 默认
}

// Why explains a suggestion: the case's words found in its articles, the
// expansions used, and notes on region and deferral.
type Why struct {
	Terms      []string    `json:"terms"`
	Expansions []Expansion `json:"expansions"`
	Notes      []string    `json:"notes,omitempty"`
}

// WithDefaults fills the size and trims the text and region.
func (r SuggestRequest) WithDefaults() SuggestRequest {
	r.Text = strings.TrimSpace(r.Text)
	r.Region = strings.Trim(strings.TrimSpace(r.Region), "/")
	if r.Size == 0 {
		r.Size = DefaultSuggestions
	}
	return r
}

// Validate reports the first bad field as a corpus.CodeInvalid error.
func (r SuggestRequest) Validate() error {
	switch {
	case !utf8.ValidString(r.Text) || !utf8.ValidString(r.Region):
		return corpus.Errorf(corpus.CodeInvalid, "suggest: text is not valid UTF-8")
	case r.Text == "":
		return corpus.Errorf(corpus.CodeInvalid, "suggest: text is empty: describe the case")
	case utf8.RuneCountInString(r.Text) > MaxCaseRunes:
		return corpus.Errorf(corpus.CodeInvalid, "suggest: text is longer than %d characters", MaxCaseRunes)
	case r.Size < 1 || r.Size > MaxSuggestions:
		return corpus.Errorf(corpus.CodeInvalid, "suggest: size %d: want 1..%d", r.Size, MaxSuggestions)
	}
	if _, err := CanonicalPlace(r.Region); err != nil {
		return corpus.Errorf(corpus.CodeInvalid, "suggest: region: %s", err)
	}
	return nil
}

// SuggestOptions configures a Suggester; zero fields take the defaults.
type SuggestOptions struct {
	// Search supplies the field boosts, the thesaurus and the ranker.
	Search Options
}

// Suggester turns case descriptions into ranked legal bases over an
// indexer.Index, through the same plan and executor as search: the case
// text is a plan with Describe set, whose ranked articles and items are
// grouped into enforcement items (duty + penalty) here. It is safe for
// concurrent use.
type Suggester struct {
	idx   *indexer.Index
	s     *Searcher
	mu    sync.Mutex
	state *suggestState
}

// suggestState is what the Suggester keeps for one build: the items of
// each version met so far.
type suggestState struct {
	corpus *corpus.Corpus
	mu     sync.Mutex
	items  map[*corpus.Version]*versionItems
}

// versionItems indexes the items of one version's penalty clauses by the
// articles they rest on.
type versionItems struct {
	byArticle map[string][]*corpus.Item
	// defers is the article that leaves penalties to higher rules
	// (违反本条例规定的行为，法律、法规已有法律责任规定的，从其规定), nil when none.
	defers *corpus.Article
}

// NewSuggester returns a Suggester over idx.
func NewSuggester(idx *indexer.Index, opts SuggestOptions) *Suggester {
	return &Suggester{idx: idx, s: New(idx, opts.Search)}
}

// stateFor returns the per-build state of c, replacing it after a swap.
func (sg *Suggester) stateFor(c *corpus.Corpus) *suggestState {
	sg.mu.Lock()
	defer sg.mu.Unlock()
	if sg.state == nil || sg.state.corpus != c {
		sg.state = &suggestState{corpus: c, items: map[*corpus.Version]*versionItems{}}
	}
	return sg.state
}

// Suggest ranks the legal bases of the case in req: items (duty + penalty
// articles) from the versions in force on req.Date, the rules of req.Region
// and the regions above it, a national rule beside a local one, and the
// higher rule beside a local one that leaves the penalty to it (法律、法规已有
// 规定的，从其规定). A text that asks about a right or a procedure gets the
// articles that answer it.
func (sg *Suggester) Suggest(ctx context.Context, req SuggestRequest) (*SuggestResult, error) {
	start := time.Now()
	req = req.WithDefaults()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if sg.idx == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "suggest: no index loaded")
	}
	place, _ := CanonicalPlace(req.Region)
	sreq := Request{Query: req.Text, In: place, AsOf: req.Date}.WithDefaults()
	var res *SuggestResult
	err := sg.idx.View(func(v *indexer.View) error {
		key := cacheKey("suggest", req)
		if req.Explain {
			key = ""
		}
		if key != "" {
			if r, ok := sg.s.cache.get(v.Meta.Dir, key); ok {
				cp := *r.(*SuggestResult)
				res = &cp
				return nil
			}
		}
		defer func() {
			if res != nil && key != "" {
				sg.s.cache.put(v.Meta.Dir, key, res, suggestSize(res))
			}
		}()
		env, err := sg.s.newEnv(ctx, v)
		if err != nil {
			return err
		}
		p := BuildPlan(sreq, true, env)
		env.close()
		out, err := sg.s.execute(ctx, v, p, suggestWindow)
		if err != nil {
			return err
		}
		res = sg.group(v, req, out)
		if req.Explain {
			res.Plan = &p
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cp := *res
	cp.Took = time.Since(start)
	return &cp, nil
}

// CacheStats returns the counters of the suggester's result cache.
func (sg *Suggester) CacheStats() CacheStats { return sg.s.cache.Stats() }

// suggestKinds are the kinds of texts that can ground a decision.
var suggestKinds = []corpus.Kind{corpus.KindLaw, corpus.KindAdminRegulation, corpus.KindDeptRule,
	corpus.KindLocalRegulation, corpus.KindJudicial}

// itemsOf returns the items of v's penalty clauses, derived on first need.
func (st *suggestState) itemsOf(v *corpus.Version) *versionItems {
	st.mu.Lock()
	vi, ok := st.items[v]
	st.mu.Unlock()
	if ok {
		return vi
	}
	vi = &versionItems{byArticle: map[string][]*corpus.Item{}}
	for _, it := range corpus.VersionItems(st.corpus, v, nil) {
		if own := st.corpus.Item(it.ID); own != nil {
			it = own // the corpus' item, with its catalogue's discretion and no-penalty rules
		}
		for _, id := range itemArticleIDs(it) {
			vi.byArticle[id] = append(vi.byArticle[id], it)
		}
	}
	for _, a := range v.Articles {
		for _, p := range a.Paragraphs {
			if strings.Contains(p.Text, "从其规定") && strings.Contains(p.Text, "违反本") && strings.Contains(p.Text, "已有") {
				vi.defers = a
				break
			}
		}
		if vi.defers != nil {
			break
		}
	}
	st.mu.Lock()
	st.items[v] = vi
	st.mu.Unlock()
	return vi
}

// itemArticleIDs lists the articles an item rests on: penalty first, then
// duties.
func itemArticleIDs(it *corpus.Item) []string {
	var out []string
	add := func(id string) {
		if id != "" && !contains(out, id) {
			out = append(out, id)
		}
	}
	for _, b := range it.Basis {
		for _, id := range b.ArticleIDs {
			add(id)
		}
	}
	add(it.Source.ArticleID)
	for _, d := range it.Duty {
		for _, id := range d.ArticleIDs {
			add(id)
		}
	}
	return out
}

// basis is a suggestion being assembled: an item, or a lone article.
type basis struct {
	item   *corpus.Item
	lone   *corpus.Article
	score  float64
	region corpus.Region
	workID string
	defers *corpus.Article // the local rule's deferral article
	hasPen bool
}

// group turns the executor's ranking into suggestions.
func (sg *Suggester) group(v *indexer.View, req SuggestRequest, out *outcome) *SuggestResult {
	p := out.plan
	res := &SuggestResult{Suggestions: []Suggestion{}, Intent: p.Intent, Terms: p.typedTerms(), Expansions: p.Expansions}
	if len(out.ranked) == 0 {
		return res
	}
	st := sg.stateFor(v.Corpus)
	rk := sg.s.newRanker(v, p)
	score := map[string]float64{}
	for _, c := range out.ranked {
		score[c.id] = c.score
	}
	top := math.Max(out.ranked[0].score, 1e-9)
	var bases []*basis
	seen := map[string]bool{}
	ask := p.Intent == IntentQuestion
	for _, c := range out.ranked[:min(len(out.ranked), suggestWindow)] {
		switch {
		case c.item != nil:
			if ask || seen[c.item.ID] {
				continue
			}
			seen[c.item.ID] = true
			bases = append(bases, sg.itemBasis(v, st, rk, c.item, score, top))
		case c.a != nil:
			vi := st.itemsOf(c.a.Version())
			its := vi.byArticle[c.a.ID]
			if ask || len(its) == 0 {
				if !seen[c.a.ID] {
					seen[c.a.ID] = true
					b := &basis{lone: c.a, score: c.score / top, region: c.a.Version().Work().Region, workID: c.a.Version().WorkID}
					if !ask {
						b.score *= 0.6 // an article that neither punishes nor is punished grounds little
					}
					bases = append(bases, b)
				}
				continue
			}
			for _, it := range its {
				if !seen[it.ID] {
					seen[it.ID] = true
					bases = append(bases, sg.itemBasis(v, st, rk, it, score, top))
				}
			}
		}
	}
	sort.SliceStable(bases, func(i, j int) bool { return bases[i].score > bases[j].score })
	res.Suggestions = sg.render(v, req, p, rk, bases, req.Size)
	return res
}

// itemBasis scores an item: the fused score of its best article (the
// item's own when it was a candidate), half its partner's, and the share
// of the case's concepts its violation's words hold.
func (sg *Suggester) itemBasis(v *indexer.View, st *suggestState, rk *ranker, it *corpus.Item, score map[string]float64, top float64) *basis {
	b := &basis{item: it, region: it.Region}
	var duty, pen float64
	var text strings.Builder
	text.WriteString(it.Name)
	for _, d := range it.Duty {
		for _, id := range d.ArticleIDs {
			duty = math.Max(duty, score[id])
			if a := v.Corpus.Article(id); a != nil {
				text.WriteByte('\n')
				text.WriteString(paragraphText(a, d.Paragraph))
			}
		}
	}
	for _, id := range penaltyIDs(it) {
		if a := v.Corpus.Article(id); a != nil {
			pen = math.Max(pen, score[id])
			b.hasPen = true
			if b.workID == "" && a.Version() != nil {
				b.workID = a.Version().WorkID
				b.defers = st.itemsOf(a.Version()).defers
			}
		}
	}
	own := score[it.ID]
	best := math.Max(own, math.Max(duty, pen))
	// An item is suggested for what its own violation says: the items of
	// one list article (不得有下列行为：…) share their duty's text, so the
	// text counts only at dutyTextShare beside the item's name.
	cov := math.Max(rk.coverage(it.Name), dutyTextShare*rk.coverage(text.String()))
	// What retrieval says of the item counts as far as the item's own
	// words answer the description: the top article for one word of
	// fourteen grounds a weak item.
	b.score = ((best+0.5*math.Min(duty, pen))/top*(0.4+0.6*cov) + cov*cov) * placeBoost(it.Region, rk.p.Place)
	return b
}

// dutyTextShare is how much the concepts an item's duty text holds count
// against those its own violation wording holds.
const dutyTextShare = 0.3

// placeBoost favours the most local rule that applies: the officer's city,
// then the province, then the nation. A local rule spells out the higher
// rules for the place, so it is the one an officer cites first.
func placeBoost(of, place corpus.Region) float64 {
	switch {
	case of.Province == "" || place.Province == "" || of.Province != place.Province:
		return 1
	case of.City != "" && of.City == place.City:
		return 1.3
	case of.City == "":
		return 1.15
	}
	return 1
}

// penaltyIDs lists the articles that set an item's penalty: its 罚则, or
// the article a derived item comes from.
func penaltyIDs(it *corpus.Item) []string {
	var out []string
	for _, b := range it.Basis {
		for _, id := range b.ArticleIDs {
			if !contains(out, id) {
				out = append(out, id)
			}
		}
	}
	if len(out) == 0 && it.Source.ArticleID != "" {
		out = append(out, it.Source.ArticleID)
	}
	return out
}

// paragraphText is the text of a 款 with its 项, or the whole article.
func paragraphText(a *corpus.Article, para int) string {
	if para > 0 && para <= len(a.Paragraphs) {
		p := a.Paragraphs[para-1]
		return p.Text + strings.Join(p.Items, "")
	}
	return a.Text()
}

// render orders the bases into suggestions. A local rule is followed by
// the best rule above it (the national rule beside the local one); a local
// rule whose text leaves penalties to higher rules always gets its higher
// rule beside it.
func (sg *Suggester) render(v *indexer.View, req SuggestRequest, p Plan, rk *ranker, bases []*basis, size int) []Suggestion {
	out := []Suggestion{}
	used := map[*basis]bool{}
	firstLocal := true
	for i, b := range bases {
		if len(out) >= size {
			break
		}
		if used[b] {
			continue
		}
		used[b] = true
		s := sg.suggestion(v, req, p, b)
		var beside *basis
		local := b.region.Province != ""
		if local && p.Intent != IntentQuestion && (firstLocal || b.defers != nil || b.item == nil) {
			firstLocal = false
			beside = higher(b, bases[i+1:], used)
			if beside != nil && b.defers != nil {
				s.Why.Notes = append(s.Why.Notes, "《"+b.defers.Version().Title+"》"+b.defers.Label+
					"：违反本规定的行为，上位法已有法律责任规定的，从其规定；上位规定见下一条建议")
			}
		}
		out = append(out, s)
		if beside != nil && len(out) < size {
			used[beside] = true
			bs := sg.suggestion(v, req, p, beside)
			bs.Why.Notes = append(bs.Why.Notes, "上位规定，与第"+strconv.Itoa(len(out))+"条建议的地方性规定并列适用")
			out = append(out, bs)
		}
	}
	return out
}

// higher picks the best remaining item from a rule above b's region (its
// province or the nation) that sets a penalty.
func higher(b *basis, rest []*basis, used map[*basis]bool) *basis {
	for _, o := range rest {
		if used[o] || o.workID == b.workID || o.item == nil || !o.hasPen {
			continue
		}
		if o.region.Province == "" || (o.region.Province == b.region.Province && o.region.City == "" && b.region.City != "") {
			return o
		}
	}
	return nil
}

// suggestion renders a basis.
func (sg *Suggester) suggestion(v *indexer.View, req SuggestRequest, p Plan, b *basis) Suggestion {
	s := Suggestion{Kind: SuggestArticle, Score: math.Round(b.score*1e4) / 1e4,
		Penalties: []corpus.Penalty{}, Why: Why{Terms: []string{}, Expansions: []Expansion{}}}
	var arts []*corpus.Article
	if b.lone != nil {
		s.ID = b.lone.ID
		s.Name = firstSentence(b.lone.Text(), 60)
		s.Articles = []SuggestedArticle{articleOf(b.lone, RoleOther, 0)}
		arts = append(arts, b.lone)
	} else {
		it := b.item
		s.Kind, s.ID, s.Name = SuggestItem, it.ID, it.Name
		for _, d := range it.Duty {
			for _, id := range d.ArticleIDs {
				if a := v.Corpus.Article(id); a != nil {
					s.Articles = append(s.Articles, articleOf(a, RoleDuty, d.Paragraph))
					arts = append(arts, a)
				}
			}
		}
		for _, c := range it.Basis {
			for _, id := range c.ArticleIDs {
				if a := v.Corpus.Article(id); a != nil {
					s.Articles = append(s.Articles, articleOf(a, RolePenalty, c.Paragraph))
					arts = append(arts, a)
				}
			}
		}
		if len(it.Basis) == 0 && it.Source.ArticleID != "" {
			if a := v.Corpus.Article(it.Source.ArticleID); a != nil {
				s.Articles = append(s.Articles, articleOf(a, RolePenalty, it.Source.Paragraph))
				arts = append(arts, a)
			}
		}
		if len(it.Penalties) > 0 {
			s.Penalties = it.Penalties
		}
		if it.Enforcer != "" {
			s.Why.Notes = append(s.Why.Notes, "执法主体："+it.Enforcer)
		}
		if it.DutyBy == "inferred" {
			s.Why.Notes = append(s.Why.Notes, "罚则未写明违则，违则由条文措辞推断")
		}
		if it.Fine != nil && it.Fine.Stated() {
			s.Fine = &FineRange{Min: it.Fine.Min, Max: it.Fine.Max, Unit: it.Fine.Unit}
		}
		if it.Discretion != nil && len(it.Discretion.Bands) > 0 {
			s.Band = pickBand(req.Text, it.Discretion.Bands, it.Discretion.Derived)
		} else if it.Fine != nil && it.Fine.Stated() {
			s.Band = pickBand(req.Text, corpus.DeriveBands(it.Fine, severeMeasures(it.Penalties)), true)
		}
	}
	if len(s.Articles) == 0 {
		s.Articles = []SuggestedArticle{}
	}
	var text strings.Builder
	for _, a := range arts {
		text.WriteString(a.Version().Title)
		text.WriteByte('\n')
		text.WriteString(a.Text())
		text.WriteByte('\n')
	}
	t := text.String()
	for _, w := range p.typedTerms() {
		if strings.Contains(t, w) {
			s.Why.Terms = append(s.Why.Terms, w)
		}
	}
	for _, e := range p.Expansions {
		var used []string
		for _, x := range e.Also {
			if strings.Contains(t, x) {
				used = append(used, x)
			}
		}
		if len(used) > 0 {
			s.Why.Expansions = append(s.Why.Expansions, Expansion{Term: e.Term, Also: used})
		}
	}
	if b.region.Province != "" {
		s.Why.Notes = append(s.Why.Notes, "地方性法规（"+b.region.Path()+"）")
	}
	return s
}

// articleOf renders an article with its version's provenance and validity.
func articleOf(a *corpus.Article, role string, para int) SuggestedArticle {
	v := a.Version()
	label := a.Label
	if para > 0 && len(a.Paragraphs) > 1 {
		label += "第" + corpus.FormatNumeral(para) + "款"
	} else {
		para = 0
	}
	return SuggestedArticle{ID: a.ID, Title: v.Title, Article: label, ArticleNo: a.Number, Paragraph: para,
		Source: v.Source, Role: role, Region: v.Work().Region.Path(), ValidFrom: v.ValidFrom, ValidTo: v.ValidTo}
}

func firstSentence(s string, n int) string {
	if i := strings.IndexAny(s, "。；\n"); i > 0 {
		s = s[:i]
	}
	return clipRunes(strings.TrimSpace(s), n)
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// severeMeasures are the sanctions other than fines a clause sets for
// serious cases; they belong to the 严重 band.
func severeMeasures(ps []corpus.Penalty) []string {
	var out []string
	for _, p := range ps {
		if p.Kind.IsSanction() && p.Kind != corpus.PenaltyFine && strings.Contains(p.Condition, "严重") {
			out = append(out, p.Text)
		}
	}
	return out
}

// bandCues are words of a case text that point at a band, strongest first.
var bandCues = []struct {
	level corpus.BandLevel
	words []string
}{
	{corpus.BandGrave, []string{"情节严重", "严重后果", "后果严重", "三次", "多次", "屡次", "拒不改正", "屡教不改"}},
	{corpus.BandSerious, []string{"逾期未改正", "逾期不改正", "再次", "第二次", "两次", "二次", "造成一定"}},
	{corpus.BandMinor, []string{"首次", "初次", "第一次", "及时改正", "立即改正", "当场改正", "主动改正", "已改正", "轻微"}},
}

// pickBand chooses the band the case's words point at, 一般 by default.
func pickBand(text string, bands []corpus.Band, derived bool) *SuggestedBand {
	if len(bands) == 0 {
		return nil
	}
	level, because := corpus.BandGeneral, "默认：情节、后果一般"
cues:
	for _, c := range bandCues {
		for _, w := range c.words {
			if strings.Contains(text, w) {
				level, because = c.level, "案情含“"+w+"”"
				break cues
			}
		}
	}
	for _, b := range bands {
		if b.Level != level {
			continue
		}
		sb := &SuggestedBand{Level: b.Level, Conditions: b.Conditions, Derived: derived, Because: because}
		if b.Fine != nil {
			sb.Fine = &FineRange{Min: b.Fine.Min, Max: b.Fine.Max, Unit: b.Fine.Unit}
		}
		return sb
	}
	return nil
}

// maxTitleRunes bounds the names namedWorks tries.
const maxTitleRunes = 30

// namedWorks finds the texts a query names by title or short name (道交法,
// 《中华人民共和国食品安全法》, 食安法) and returns them with the text less
// their names: the words of a name would otherwise match every text that
// shares them (法, 道路, 交通).
func namedWorks(names *corpus.AliasIndex, text string, near corpus.Region) ([]*corpus.Work, string) {
	rs := []rune(text)
	var works []*corpus.Work
	var b strings.Builder
	for i := 0; i < len(rs); {
		best := 0
		var found *corpus.Work
		for j := min(len(rs), i+maxTitleRunes); j >= i+2; j-- {
			cand := string(rs[i:j])
			if !corpus.HasTitleEnding(cand) {
				continue
			}
			if ws := names.Lookup(cand); len(ws) == 1 {
				best, found = j-i, ws[0]
				break
			}
		}
		if found == nil && (i == 0 || boundary(rs[i-1])) {
			// A short name made up by rule (危化品条例, 温州物业条例), written
			// as a word of its own.
			for j := min(len(rs), i+maxTitleRunes); j >= i+4; j-- {
				cand := string(rs[i:j])
				if !corpus.HasTitleEnding(cand) || j < len(rs) && !boundary(rs[j]) && rs[j] != '第' {
					continue
				}
				if w, _ := names.AbbreviatedOne(cand, near); w != nil {
					best, found = j-i, w
					break
				}
			}
		}
		if found == nil {
			b.WriteRune(rs[i])
			i++
			continue
		}
		if !containsWork(works, found) {
			works = append(works, found)
		}
		b.WriteRune(' ')
		i += best
	}
	return works, b.String()
}

// boundary reports whether a rune separates words a person typed.
func boundary(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r)
}

func containsWork(ws []*corpus.Work, w *corpus.Work) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}
