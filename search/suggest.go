package search

import (
	"context"
	"log/slog"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// Suggest limits and defaults.
const (
	DefaultSuggestions = 5
	MaxSuggestions     = 20
	MaxCaseRunes       = 4000
	// maxCaseTerms bounds the words of a case text searched: a long intake
	// repeats itself, and its rarest words carry the violation.
	maxCaseTerms = 64
	// suggestWindow is how many article hits are paired and ranked.
	suggestWindow = 200
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
	Region string      `json:"region,omitempty"` // 浙江/温州: its rules and those above it apply
	Date   corpus.Date `json:"date"`             // the day of the conduct; zero: today's texts
	Size   int         `json:"size,omitempty"`
}

// SuggestResult is the ranked legal basis for a case.
type SuggestResult struct {
	Suggestions []Suggestion  `json:"suggestions"`
	Terms       []string      `json:"-"` // the case's words as searched
	Expansions  []Expansion   `json:"-"`
	Took        time.Duration `json:"-"`
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
// thesaurus expansions used, and notes on region and deferral.
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
	case strings.Contains(r.Region, "//") || strings.Count(r.Region, "/") > 1:
		return corpus.Errorf(corpus.CodeInvalid, "suggest: region %q: want 全国, 浙江 or 浙江/温州", r.Region)
	}
	return nil
}

// SuggestOptions configures a Suggester; zero fields take the defaults.
type SuggestOptions struct {
	// Search supplies the field boosts and the thesaurus (NoThesaurus turns
	// expansion off).
	Search Options
	// Items gives the enforcement items of a corpus; a pair that an item
	// covers is answered as that item. nil: the corpus' own items
	// (corpus.Corpus.Items), if it has any.
	Items ItemSource
	// LocalBoost multiplies the score of an article of the request's city
	// (default 1.5); ProvinceBoost one of its province (default 1.25).
	LocalBoost, ProvinceBoost float64
}

// Suggester turns case descriptions into ranked legal bases over an
// indexer.Index. It pairs duty and penalty articles from the penalty
// clauses of each version, computed on first need and kept per build. It is
// safe for concurrent use.
type Suggester struct {
	idx   *indexer.Index
	s     *Searcher
	opts  SuggestOptions
	mu    sync.Mutex
	state *suggestState
}

// suggestState is what the Suggester keeps for one build.
type suggestState struct {
	corpus *corpus.Corpus

	mu       sync.Mutex
	versions map[*corpus.Version]*versionPairs
	resolver *corpus.Resolver
	items    itemLookup
	itemsSet bool
}

// NewSuggester returns a Suggester over idx.
func NewSuggester(idx *indexer.Index, opts SuggestOptions) *Suggester {
	if opts.LocalBoost == 0 {
		opts.LocalBoost = 1.5
	}
	if opts.ProvinceBoost == 0 {
		opts.ProvinceBoost = 1.25
	}
	return &Suggester{idx: idx, s: New(idx, opts.Search), opts: opts}
}

// stateFor returns the per-build state of c, replacing it after a swap.
func (sg *Suggester) stateFor(c *corpus.Corpus) *suggestState {
	sg.mu.Lock()
	defer sg.mu.Unlock()
	if sg.state == nil || sg.state.corpus != c {
		sg.state = &suggestState{corpus: c, versions: map[*corpus.Version]*versionPairs{}}
	}
	return sg.state
}

// Suggest ranks the legal bases of the case in req: items or duty/penalty
// article pairs from the versions in force on req.Date, the rules of
// req.Region's city and province before the national ones, a national rule
// beside a local one, and the higher rule beside a local one that leaves the
// penalty to it (法律、法规已有规定的，从其规定).
func (sg *Suggester) Suggest(ctx context.Context, req SuggestRequest) (*SuggestResult, error) {
	start := time.Now()
	req = req.WithDefaults()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if sg.idx == nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "suggest: no index loaded")
	}
	var res *SuggestResult
	err := sg.idx.View(func(v *indexer.View) error {
		var err error
		res, err = sg.suggest(ctx, v, req)
		return err
	})
	if err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	return res, nil
}

// caseStopWords are words of case intakes that say nothing about the
// violation.
var caseStopWords = map[string]bool{
	"当事人": true, "当事": true, "经查": true, "查明": true, "执法人员": true, "执法": true, "现场": true, "发现": true,
	"某": true, "某某": true, "年": true, "月": true, "日": true, "时": true, "分": true, "许": true,
	"位于": true, "我局": true, "本局": true, "检查": true, "进行": true, "该": true, "其": true,
	"情况": true, "行为": true, "违法": true, "处罚": true, "规定": true, "有关": true, "相关": true,
	"市": true, "区": true, "县": true, "镇": true, "街道": true, "路": true, "号": true, "人": true,
	"事实": true, "罪名": true, "被告人": true, "公诉机关": true, "指控": true, "证据": true,
}

// caseTerms analyses a case text into its searchable words: distinct, no
// numbers, no intake boilerplate, at most maxCaseTerms. It uses the index
// analyzer, whose sub-words (餐饮, 油烟 of 餐饮油烟) find the articles that
// write a compound the way the intake does not.
func caseTerms(v *indexer.View, text string) []string {
	qa := v.Analyzer(v.Meta.Analyzer)
	if qa == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, tok := range qa.Analyze([]byte(text)) {
		t := string(tok.Term)
		if seen[t] || caseStopWords[t] || strings.TrimSpace(t) == "" || strings.ContainsFunc(t, unicode.IsDigit) ||
			!strings.ContainsFunc(t, unicode.IsLetter) || placeOrPerson(t) {
			continue
		}
		if utf8.RuneCountInString(t) == 1 && !strings.Contains(singleWords, t) {
			continue
		}
		seen[t] = true
		out = append(out, t)
		if len(out) == maxCaseTerms {
			break
		}
	}
	return out
}

// singleWords are the one-character words that name what a case is about;
// other single characters (上, 经, 不) are grammar and would match every
// article.
const singleWords = "犬狗猫车船火烟酒枪刀毒赌药树林鱼鸟蛇水电气油砂沙土矿盐粮肉菜奶茶猪牛羊鸡鸭禽蛋房墙窗井桥路碑墓"

// placeSuffixes end the names of places an intake mentions (鹿城区, 五马街,
// 解放路); common nouns with the same endings are listed in placeNouns.
var placeSuffixes = []string{"省", "市", "区", "县", "镇", "乡", "村", "街", "路", "巷", "弄", "号"}

// placeNouns end words that look like places but name kinds of place a
// rule can be about (风景区, 高速公路, 住宅小区).
var placeNouns = []string{"景区", "园区", "社区", "城区", "小区", "辖区", "市区", "山区", "林区", "矿区", "库区",
	"护区", "养区", "宅区", "民区", "发区", "业区", "范区", "游区", "鸣区", "禁区", "校区", "厂区", "牧区", "渔区",
	"公路", "道路", "铁路", "马路", "线路", "街区", "城市", "都市", "超市", "夜市", "集市", "门市", "农村", "城乡"}

// placeOrPerson reports whether an intake word names a place (温州市, 鹿城区)
// or a person (张某): such words would pull in every regulation with that
// place in its title.
func placeOrPerson(t string) bool {
	n := utf8.RuneCountInString(t)
	if n >= 2 && strings.HasSuffix(t, "某") {
		return true
	}
	if r, ok := corpus.LookupRegion(strings.TrimRight(t, "省市")); ok && r.Province != "" {
		return true
	}
	if n < 3 {
		return false
	}
	for _, s := range placeNouns {
		if strings.HasSuffix(t, s) {
			return false
		}
	}
	for _, s := range placeSuffixes {
		if strings.HasSuffix(t, s) {
			return true
		}
	}
	return false
}

// suggestKinds are the kinds of texts that can ground a decision.
var suggestKinds = []corpus.Kind{corpus.KindLaw, corpus.KindAdminRegulation, corpus.KindDeptRule,
	corpus.KindLocalRegulation, corpus.KindJudicial}

func (sg *Suggester) suggest(ctx context.Context, v *indexer.View, req SuggestRequest) (*SuggestResult, error) {
	st := sg.stateFor(v.Corpus)
	named, rest := st.namedWorks(req.Text)
	terms := caseTerms(v, rest)
	res := &SuggestResult{Suggestions: []Suggestion{}, Terms: terms}
	if len(terms) == 0 {
		return res, nil
	}
	qa := v.Analyzer(v.Meta.QueryAnalyzer)
	clauses := make([]query.Query, 0, len(terms)+4)
	for _, t := range terms {
		clauses = append(clauses, sg.termClause(t))
	}
	var expTerms []string
	var expClauses []query.Query
	if th := sg.s.thesaurus; th != nil {
		for _, g := range expansionGroups(th, qa, req.Text, terms) {
			res.Expansions = append(res.Expansions, g.exp)
			for _, tt := range g.targets {
				qs := make([]query.Query, len(tt))
				for k, t := range tt {
					qs[k] = sg.termClause(t)
					if !contains(terms, t) && !contains(expTerms, t) {
						expTerms = append(expTerms, t)
					}
				}
				clauses = append(clauses, conjunctionOf(qs, sg.s.opts.ExpansionBoost))
				expClauses = append(expClauses, conjunctionOf(qs, 1))
			}
		}
	}
	anyq := query.NewDisjunctionQuery(clauses)
	anyq.SetMin(1)
	run := func(must, extra query.Query, size int) (*bleve.SearchResult, error) {
		q := query.NewBooleanQuery([]query.Query{must}, nil, nil)
		f := sg.filter(req)
		if extra != nil {
			f = append(f, extra)
		}
		q.AddFilter(query.NewConjunctionQuery(f))
		sr, err := v.Index.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, size, 0, false))
		if err != nil {
			if ctx.Err() != nil {
				return nil, corpus.Errorf(corpus.CodeUnavailable, "suggest: %w", ctx.Err())
			}
			return nil, corpus.Errorf(corpus.CodeInternal, "suggest: %w", err)
		}
		return sr, nil
	}
	sr, err := run(anyq, nil, suggestWindow)
	if err != nil {
		return nil, err
	}
	merge := func(first *bleve.SearchResult) {
		seen := map[string]bool{}
		for _, h := range first.Hits {
			seen[h.ID] = true
		}
		for _, h := range sr.Hits {
			if !seen[h.ID] {
				first.Hits = append(first.Hits, h)
			}
		}
		sr = first
	}
	if len(expClauses) > 0 {
		// The statutory terms alone find the articles that use them, long
		// list-form clauses included, which the case's own words can bury.
		eq := query.NewDisjunctionQuery(expClauses)
		eq.SetMin(1)
		er, err := run(eq, nil, suggestWindow/2)
		if err != nil {
			return nil, err
		}
		// Scores of two queries do not compare: a hit keeps its score in the
		// full query, and one found only here enters at the full query's
		// lowest, for its violation's words to rank it.
		full := map[string]float64{}
		floor := 0.0
		for i, h := range sr.Hits {
			full[h.ID] = h.Score
			if i == 0 || h.Score < floor {
				floor = h.Score
			}
		}
		for _, h := range er.Hits {
			if s, ok := full[h.ID]; ok {
				h.Score = s
			} else {
				h.Score = floor
			}
		}
		merge(er)
	}
	if len(named) > 0 {
		// A law the text names (道交法 酒驾) is searched on its own too, and
		// its articles outrank the rest.
		ws := make([]query.Query, len(named))
		for i, w := range named {
			ws[i] = termQuery(indexer.FieldWorkID, w.ID, 1)
		}
		nr, err := run(anyq, query.NewDisjunctionQuery(ws), suggestWindow)
		if err != nil {
			return nil, err
		}
		merge(nr)
	}
	region := corpus.ParseRegion(req.Region)
	rk := &ranker{sg: sg, st: st, req: req, region: region, terms: terms, expTerms: expTerms, named: named,
		expansions: res.Expansions, score: map[string]float64{}, cands: map[string]*candidate{},
		concepts: concepts(qa, req.Text, terms, sg.s.thesaurus)}

	for _, h := range sr.Hits {
		a := v.Corpus.Article(h.ID)
		if a == nil || a.Version() == nil || a.Version().Work() == nil {
			continue
		}
		rk.score[a.ID] = h.Score * sg.regionBoost(a.Version().Work().Region, region)
		rk.top = math.Max(rk.top, rk.score[a.ID])
	}
	for _, h := range sr.Hits {
		if a := v.Corpus.Article(h.ID); a != nil && a.Version() != nil && a.Version().Work() != nil {
			rk.add(a)
		}
	}
	res.Suggestions = rk.ranked(req.Size)
	return res, nil
}

// termClause searches a case word in the article text first: a word in a
// title (占用 in 耕地占用税法) says little about whether the article fits the
// case, so titles and chapters weigh less than in search.
func (sg *Suggester) termClause(t string) query.Query {
	return query.NewDisjunctionQuery([]query.Query{
		termQuery(indexer.FieldText, t, 1),
		termQuery(indexer.FieldTitle, t, 0.15),
		termQuery(indexer.FieldAlias, t, 0.15),
		termQuery(indexer.FieldChapter, t, 0.3),
	})
}

// filter restricts a suggestion search to articles of the kinds that ground
// decisions, of the region and those above it, in force on the date.
func (sg *Suggester) filter(req SuggestRequest) []query.Query {
	f := []query.Query{termQuery(indexer.FieldType, indexer.TypeArticle, 1)}
	kinds := make([]query.Query, len(suggestKinds))
	for i, k := range suggestKinds {
		kinds[i] = termQuery(indexer.FieldKind, string(k), 1)
	}
	f = append(f, query.NewDisjunctionQuery(kinds))
	var regions []query.Query
	for _, p := range corpus.ParseRegion(req.Region).Ancestors() {
		regions = append(regions, termQuery(indexer.FieldRegion, p, 1))
	}
	f = append(f, query.NewDisjunctionQuery(regions))
	if req.Date.IsZero() {
		f = append(f, termQuery(indexer.FieldStatus, string(corpus.StatusInForce), 1))
	} else {
		d := req.Date.Time()
		inc, exc := true, false
		from := query.NewDateRangeInclusiveQuery(time.Time{}, d, nil, &inc)
		from.SetField(indexer.FieldValidFrom)
		to := query.NewDateRangeInclusiveQuery(d, time.Time{}, &exc, nil)
		to.SetField(indexer.FieldValidTo)
		f = append(f, from, to)
	}
	return f
}

// regionBoost favours the rules of the officer's own city and province.
func (sg *Suggester) regionBoost(of, want corpus.Region) float64 {
	switch {
	case of.Province == "" || want.Province == "" || of.Province != want.Province:
		return 1
	case of.City != "" && of.City == want.City:
		return sg.opts.LocalBoost
	case of.City == "":
		return sg.opts.ProvinceBoost
	}
	return 1
}

// namedBoost multiplies the scores of the articles of a law the text names.
const namedBoost = 4

// basisWeight ranks the levels of texts as grounds for a decision: laws and
// administrative regulations set most duties and penalties; departmental
// rules mostly organise how they are applied. Local rules are weighed by
// region instead (regionBoost).
var basisWeight = map[string]float64{
	corpus.LevelLaw: 1.3, corpus.LevelAdminRegulation: 1.15, corpus.LevelDeptRule: 0.8, corpus.LevelJudicial: 0.9,
}

func levelWeightOf(level string) float64 {
	if w, ok := basisWeight[level]; ok {
		return w
	}
	return 1
}

// maxTitleRunes bounds the names namedWorks tries.
const maxTitleRunes = 30

// namedWorks finds the laws a text names by title or short name (道交法,
// 《中华人民共和国食品安全法》, 食安法) and returns them with the text less
// their names: the words of a name would otherwise match every law that
// shares them (法, 道路, 交通).
func (st *suggestState) namedWorks(text string) ([]*corpus.Work, string) {
	r := st.resolverFor()
	if r == nil {
		return nil, text
	}
	names := r.Names()
	rs := []rune(text)
	var works []*corpus.Work
	var b strings.Builder
	for i := 0; i < len(rs); {
		best := 0
		var found *corpus.Work
		for j := min(len(rs), i+maxTitleRunes); j >= i+2; j-- {
			cand := string(rs[i:j])
			if !hasTitleEnding(cand) {
				continue
			}
			if ws := names.Lookup(cand); len(ws) == 1 {
				best, found = j-i, ws[0]
				break
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

// titleEndings end the names of laws, regulations and rules.
var titleEndings = []string{"法", "条例", "规定", "办法", "细则", "规则", "决定", "解释"}

func hasTitleEnding(s string) bool {
	s = strings.TrimRight(s, "》 ")
	for _, e := range titleEndings {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

func containsWork(ws []*corpus.Work, w *corpus.Work) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// ---- pairing: penalty clauses and the duties they cite, per version ----

// offenceRef is one violation of a penalty clause with the duty articles
// its lead cites.
type offenceRef struct {
	penalty  *corpus.Article
	para     int // 0-based paragraph of the clause
	offence  corpus.Offence
	duty     []dutyRef
	enforcer string // 由…: the body that imposes the penalty
	inferred bool   // the duty was found by wording: the clause cites none
}

// dutyRef is a duty article, and its 款 when the citation names one.
type dutyRef struct {
	a    *corpus.Article
	para int // 1-based; 0: the whole article
}

// versionPairs indexes the penalty clauses of one version.
type versionPairs struct {
	offences  []offenceRef
	byPenalty map[*corpus.Article][]int
	byDuty    map[*corpus.Article][]int
	// defers is the article that leaves penalties to higher rules
	// (违反本条例规定的行为，法律、法规已有法律责任规定的，从其规定), nil when none.
	defers *corpus.Article
}

// pairs returns the penalty clauses of v, computing them on first need.
func (st *suggestState) pairs(v *corpus.Version) *versionPairs {
	st.mu.Lock()
	vp, ok := st.versions[v]
	st.mu.Unlock()
	if ok {
		return vp
	}
	vp = st.computePairs(v)
	st.mu.Lock()
	st.versions[v] = vp
	st.mu.Unlock()
	return vp
}

func (st *suggestState) computePairs(v *corpus.Version) *versionPairs {
	vp := &versionPairs{byPenalty: map[*corpus.Article][]int{}, byDuty: map[*corpus.Article][]int{}}
	byNum := map[[2]int]*corpus.Article{}
	for _, a := range v.Articles {
		if _, dup := byNum[[2]int{a.Number, a.Suffix}]; !dup {
			byNum[[2]int{a.Number, a.Suffix}] = a
		}
	}
	var texts []dutyText // built on first need
	for ai, a := range v.Articles {
		for pi, p := range a.Paragraphs {
			if vp.defers == nil && strings.Contains(p.Text, "从其规定") && strings.Contains(p.Text, "违反本") &&
				strings.Contains(p.Text, "已有") {
				vp.defers = a
			}
			if !corpus.HasSanctionWord(p.Text) && !corpus.HasSanctionWord(strings.Join(p.Items, "")) {
				continue
			}
			cl := corpus.ParsePenaltyClause(p.Text, p.Items)
			if cl == nil {
				continue
			}
			for _, o := range cl.Offences {
				if !hasSanction(o.Penalties) {
					continue
				}
				ref := offenceRef{penalty: a, para: pi, offence: o, enforcer: cl.Enforcer}
				ref.duty = st.duties(v, ai, pi, o, byNum)
				if len(ref.duty) == 0 {
					if texts == nil {
						texts = dutyTexts(v)
					}
					if d, ok := inferDuty(texts, a, o.Conduct); ok {
						ref.duty, ref.inferred = []dutyRef{d}, true
					}
				}
				i := len(vp.offences)
				vp.offences = append(vp.offences, ref)
				vp.byPenalty[a] = append(vp.byPenalty[a], i)
				for _, d := range ref.duty {
					if !containsInt(vp.byDuty[d.a], i) {
						vp.byDuty[d.a] = append(vp.byDuty[d.a], i)
					}
				}
			}
		}
	}
	return vp
}

// dutyInferenceShare is the share of a violation's character pairs that a
// paragraph or 项 must hold to be taken for its duty when the clause cites
// none (道交法第九十六条 punishes 伪造、变造…号牌 and cites nothing; 第十六条
// forbids it in nearly the same words).
const dutyInferenceShare = 0.6

// dutyText is a paragraph or 项 that may set a duty, with its wording.
type dutyText struct {
	ref   dutyRef
	grams map[string]bool
}

// dutyTexts lists the paragraphs and 项 of v that name no sanction: the
// places a duty can be written.
func dutyTexts(v *corpus.Version) []dutyText {
	var out []dutyText
	for _, a := range v.Articles {
		for pi, p := range a.Paragraphs {
			para := pi + 1
			if len(a.Paragraphs) == 1 {
				para = 0
			}
			for _, t := range append([]string{p.Text}, p.Items...) {
				if t != "" && !corpus.HasSanctionWord(t) {
					out = append(out, dutyText{dutyRef{a, para}, bigramSet(t)})
				}
			}
		}
	}
	return out
}

// inferDuty finds the paragraph or 项 of v, outside the penalty article,
// whose wording holds most of the conduct's.
func inferDuty(texts []dutyText, penalty *corpus.Article, conduct string) (dutyRef, bool) {
	want := bigramSet(conduct)
	if len(want) < 3 {
		return dutyRef{}, false
	}
	var best dutyRef
	bestShare := 0.0
	for _, t := range texts {
		if t.ref.a == penalty {
			continue
		}
		n := 0
		for g := range want {
			if t.grams[g] {
				n++
			}
		}
		if share := float64(n) / float64(len(want)); share > bestShare {
			best, bestShare = t.ref, share
		}
	}
	if best.a == nil || bestShare < dutyInferenceShare {
		return dutyRef{}, false
	}
	return best, true
}

// bigramSet is the set of adjacent character pairs of the letters of s.
func bigramSet(s string) map[string]bool {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	out := make(map[string]bool, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	return out
}

func hasSanction(ps []corpus.Penalty) bool {
	for _, p := range ps {
		if p.Kind.IsSanction() {
			return true
		}
	}
	return false
}

// duties finds the duty articles an offence's lead cites: from the links
// corpus.Link stored in the article when it ran, else by parsing the lead
// (本条例第二十一条, 本条第一款, 前款, 《X》第N条).
func (st *suggestState) duties(v *corpus.Version, ai, pi int, o corpus.Offence, byNum map[[2]int]*corpus.Article) []dutyRef {
	a := v.Articles[ai]
	where := o.Lead + "，" + o.Conduct
	var out []dutyRef
	add := func(d *corpus.Article, para int) {
		if d == nil {
			return
		}
		for _, x := range out {
			if x.a == d && x.para == para {
				return
			}
		}
		out = append(out, dutyRef{d, para})
	}
	if len(a.Cites) > 0 {
		for _, c := range a.Cites {
			if !c.HasArticle() || c.Basis || c.Unresolved != "" || c.Text == "" || !strings.Contains(where, c.Text) {
				continue
			}
			for _, id := range c.ArticleIDs {
				add(st.corpus.Article(id), c.Paragraph)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if o.Lead == "" {
		return nil
	}
	for _, c := range corpus.ParseCitations(o.Lead) {
		switch c.Relative {
		case corpus.RelDocument:
			if c.Article == 0 {
				continue
			}
			last, lastSuf := c.Article, c.Suffix
			if c.ArticleTo > c.Article {
				last, lastSuf = c.ArticleTo, c.SuffixTo
			}
			for n := c.Article; n <= last && n-c.Article < 20; n++ {
				suf := 0
				if n == c.Article {
					suf = c.Suffix
				} else if n == last {
					suf = lastSuf
				}
				add(byNum[[2]int{n, suf}], c.Paragraph)
			}
		case corpus.RelArticle:
			add(a, c.Paragraph)
		case corpus.RelPrevParagraph:
			back := max(c.Back, 1)
			for k := pi - back; k < pi; k++ {
				if k >= 0 {
					add(a, k+1)
				}
			}
		case corpus.RelPrevArticle:
			if ai > 0 {
				add(v.Articles[ai-1], 0)
			}
		case corpus.RelNone:
			if c.Title == "" || !c.HasArticle() {
				continue
			}
			r := st.resolverFor()
			if r == nil {
				continue
			}
			asOf := corpus.Date{}
			if !v.ValidTo.IsZero() {
				asOf = v.ValidFrom
			}
			if res, err := r.ResolveCitation(c.Text, c, asOf); err == nil {
				for _, d := range res.Articles {
					add(d, c.Paragraph)
				}
			}
		}
	}
	return out
}

// resolverFor builds the citation resolver of the build once.
func (st *suggestState) resolverFor() *corpus.Resolver {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.resolver == nil {
		r, err := corpus.NewResolver(st.corpus)
		if err != nil {
			return nil
		}
		st.resolver = r
	}
	return st.resolver
}

// itemLookup finds enforcement items by id and by the articles they rest on.
type itemLookup interface {
	Item(id string) *corpus.Item
	ForArticle(articleID string) []string
}

// corpusItems looks items up in the corpus' own (corpus.Corpus.SetItems).
type corpusItems struct{ c *corpus.Corpus }

func (x corpusItems) Item(id string) *corpus.Item          { return x.c.Item(id) }
func (x corpusItems) ForArticle(articleID string) []string { return x.c.ItemsFor(articleID) }

// itemIndex returns the items of the build: the source's when one is
// configured, else the corpus' own, nil when there are none.
func (st *suggestState) itemIndex(src ItemSource) itemLookup {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.itemsSet {
		st.itemsSet = true
		switch {
		case src != nil:
			if ix := src(st.corpus); ix != nil {
				st.items = ix
			}
		case len(st.corpus.Items) > 0:
			st.items = corpusItems{st.corpus}
		}
	}
	return st.items
}

// ---- ranking ----

// candidate is a suggestion being ranked.
type candidate struct {
	key      string
	duty     []dutyRef
	penalty  *corpus.Article
	para     int // 0-based paragraph of the penalty clause
	offence  *offenceRef
	lone     *corpus.Article
	score    float64
	local    bool // from a local regulation
	region   corpus.Region
	defers   *corpus.Article
	workID   string
	articles map[*corpus.Article]bool
}

type ranker struct {
	sg         *Suggester
	st         *suggestState
	req        SuggestRequest
	region     corpus.Region
	terms      []string
	expTerms   []string
	expansions []Expansion
	score      map[string]float64 // article id → boosted hit score
	cands      map[string]*candidate
	order      []string
	concepts   []concept
	named      []*corpus.Work // laws the text names
	top        float64        // the best boosted hit score
}

// concept is one thing the case mentions: a word typed, or a thesaurus head
// with its statutory terms, any of which counts as found.
type concept struct {
	words  []string
	weight float64
}

// concepts groups the case's words: a head and its targets are one
// concept; longer words weigh more, being more specific.
func concepts(qa analysis.Analyzer, text string, terms []string, th *Thesaurus) []concept {
	var out []concept
	inGroup := map[int]bool{}
	if th != nil && qa != nil {
		for _, g := range expansionGroups(th, qa, text, terms) {
			c := concept{words: append([]string{g.exp.Term}, g.exp.Also...), weight: 4}
			for _, i := range g.terms {
				inGroup[i] = true
				c.words = append(c.words, terms[i])
			}
			out = append(out, c)
		}
	}
	for i, t := range terms {
		if !inGroup[i] {
			out = append(out, concept{words: []string{t}, weight: float64(min(utf8.RuneCountInString(t), 4))})
		}
	}
	return out
}

// coverage is the weighted share of the case's concepts found in text.
func (rk *ranker) coverage(text string) float64 {
	var found, total float64
	for _, c := range rk.concepts {
		total += c.weight
		for _, w := range c.words {
			if strings.Contains(text, w) {
				found += c.weight
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return found / total
}

// add makes the candidates an article hit takes part in: the offences whose
// penalty it sets, those whose duty it sets, or the article alone.
func (rk *ranker) add(a *corpus.Article) {
	vp := rk.st.pairs(a.Version())
	idx := append(append([]int(nil), vp.byPenalty[a]...), vp.byDuty[a]...)
	if len(idx) == 0 {
		rk.put(&candidate{key: a.ID, lone: a}, vp)
		return
	}
	for _, i := range idx {
		o := &vp.offences[i]
		key := "ap-" + o.penalty.ID + "-k" + strconv.Itoa(o.para+1)
		if o.offence.Item > 0 {
			key += "-x" + strconv.Itoa(o.offence.Item)
		}
		if len(o.duty) > 0 {
			key += "-d" + o.duty[0].a.ID
		}
		rk.put(&candidate{key: key, duty: o.duty, penalty: o.penalty, para: o.para, offence: o}, vp)
	}
}

// put scores a candidate: the hit scores of its articles, more for a pair
// whose duty and penalty both matched, plus the share of the case's words
// its conduct and duty text hold.
func (rk *ranker) put(c *candidate, vp *versionPairs) {
	if _, ok := rk.cands[c.key]; ok {
		return
	}
	c.articles = map[*corpus.Article]bool{}
	var v *corpus.Version
	if c.lone != nil {
		c.articles[c.lone] = true
		v = c.lone.Version()
	} else {
		c.articles[c.penalty] = true
		for _, d := range c.duty {
			c.articles[d.a] = true
		}
		v = c.penalty.Version()
	}
	w := v.Work()
	c.region, c.workID = w.Region, w.ID
	c.local = w.Region.Province != ""
	c.defers = vp.defers
	var sum, top float64
	for a := range c.articles {
		s := rk.score[a.ID]
		sum += s
		top = math.Max(top, s)
	}
	// Two signals: the search score of the articles (the best counts whole,
	// its partner half, so a pair whose duty and penalty both match ranks
	// above either alone), relative to the best hit; and the weighted share
	// of the case's concepts the violation's own words hold. The second
	// sees the one offence of a long list-form clause that BM25, scoring the
	// whole article, cannot.
	base := top + 0.5*(sum-top)
	cov := rk.coverage(c.conductText())
	rel := 0.0
	if rk.top > 0 {
		rel = math.Min(base/rk.top, 1.5)
	}
	c.score = (0.4*rel + 0.6*cov*cov) * levelWeightOf(w.Level)
	if c.lone != nil {
		c.score *= 0.5 // an article that neither punishes nor is punished grounds little
	}
	if containsWork(rk.named, w) {
		c.score *= namedBoost
	}
	rk.cands[c.key] = c
	rk.order = append(rk.order, c.key)
}

// conductText is the text describing the violation: the offence's conduct
// and the duty paragraphs, or a lone article's text.
func (c *candidate) conductText() string {
	if c.lone != nil {
		return c.lone.Text()
	}
	var b strings.Builder
	b.WriteString(c.offence.offence.Conduct)
	for _, d := range c.duty {
		b.WriteByte('\n')
		if d.para > 0 && d.para <= len(d.a.Paragraphs) {
			p := d.a.Paragraphs[d.para-1]
			b.WriteString(p.Text)
			b.WriteString(strings.Join(p.Items, ""))
		} else {
			b.WriteString(d.a.Text())
		}
	}
	return b.String()
}

// ranked orders the candidates by score and renders the first size. A local
// rule is followed by the best rule above it (the national rule beside the
// local one); a local rule whose text leaves penalties to higher rules
// always gets its higher rule beside it.
func (rk *ranker) ranked(size int) []Suggestion {
	cands := make([]*candidate, 0, len(rk.order))
	for _, k := range rk.order {
		cands = append(cands, rk.cands[k])
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	if slog.Default().Enabled(context.Background(), slog.LevelDebug) {
		for i, c := range cands[:min(len(cands), 20)] {
			a := c.lone
			if a == nil {
				a = c.penalty
			}
			slog.Debug("suggest: candidate", "rank", i+1, "key", c.key, "title", a.Version().Title, "article", a.Label,
				"score", c.score, "hit", rk.score[a.ID], "coverage", rk.coverage(c.conductText()))
		}
	}
	var out []Suggestion
	used := map[string]bool{}
	firstLocal := true
	for i, c := range cands {
		if len(out) >= size {
			break
		}
		if used[c.key] {
			continue
		}
		used[c.key] = true
		s := rk.render(c)
		var beside *candidate
		if c.local && (firstLocal || c.defers != nil || c.penalty == nil) {
			firstLocal = false
			beside = rk.higher(c, cands[i+1:], used)
			if beside != nil && c.defers != nil {
				s.Why.Notes = append(s.Why.Notes, "《"+c.defers.Version().Title+"》"+c.defers.Label+
					"：违反本规定的行为，上位法已有法律责任规定的，从其规定；上位规定见下一条建议")
			}
		}
		out = append(out, s)
		if beside != nil && len(out) < size {
			used[beside.key] = true
			b := rk.render(beside)
			b.Why.Notes = append(b.Why.Notes, "上位规定，与第"+strconv.Itoa(len(out))+"条建议的地方性规定并列适用")
			out = append(out, b)
		}
	}
	if out == nil {
		out = []Suggestion{}
	}
	return out
}

// higher picks the best remaining candidate from a rule above c's region
// (its province or the nation) that sets a penalty.
func (rk *ranker) higher(c *candidate, rest []*candidate, used map[string]bool) *candidate {
	for _, o := range rest {
		if used[o.key] || o.workID == c.workID || o.penalty == nil {
			continue
		}
		above := o.region.Province == "" || (o.region.Province == c.region.Province && o.region.City == "" && c.region.City != "")
		if above {
			return o
		}
	}
	return nil
}

// render turns a candidate into a Suggestion, as an item when the item
// source has one for its penalty clause.
func (rk *ranker) render(c *candidate) Suggestion {
	s := Suggestion{Kind: SuggestArticle, ID: c.key, Score: math.Round(c.score*1e4) / 1e4,
		Penalties: []corpus.Penalty{}, Why: Why{Terms: []string{}, Expansions: []Expansion{}}}
	if c.lone != nil {
		s.Name = firstSentence(c.lone.Text(), 60)
		s.Articles = []SuggestedArticle{articleOf(c.lone, RoleOther, 0)}
	} else {
		for _, d := range c.duty {
			s.Articles = append(s.Articles, articleOf(d.a, RoleDuty, d.para))
		}
		para := 0
		if len(c.penalty.Paragraphs) > 1 {
			para = c.para + 1
		}
		s.Articles = append(s.Articles, articleOf(c.penalty, RolePenalty, para))
		o := c.offence.offence
		s.Penalties = o.Penalties
		s.Name = offenceName(o, c.duty)
		if c.offence.enforcer != "" {
			s.Why.Notes = append(s.Why.Notes, "执法主体："+c.offence.enforcer)
		}
		if c.offence.inferred {
			s.Why.Notes = append(s.Why.Notes, "罚则未写明违则，违则由条文措辞推断")
		}
		if f := corpus.MainFine(o.Penalties); f != nil {
			s.Fine = &FineRange{Min: f.Min, Max: f.Max, Unit: f.Unit}
			s.Band = pickBand(rk.req.Text, corpus.DeriveBands(f, severeMeasures(o.Penalties)), true)
		}
		if it := rk.item(c); it != nil {
			s.Kind, s.ID = SuggestItem, it.ID
			if it.Name != "" {
				s.Name = it.Name
			}
			if len(it.Penalties) > 0 {
				s.Penalties = it.Penalties
			}
			if it.Fine != nil && it.Fine.Stated() {
				s.Fine = &FineRange{Min: it.Fine.Min, Max: it.Fine.Max, Unit: it.Fine.Unit}
			}
			if it.Discretion != nil && len(it.Discretion.Bands) > 0 {
				s.Band = pickBand(rk.req.Text, it.Discretion.Bands, it.Discretion.Derived)
			}
		}
	}
	text := ""
	for a := range c.articles {
		text += a.Version().Title + "\n" + a.Text() + "\n"
	}
	for _, t := range rk.terms {
		if strings.Contains(text, t) {
			s.Why.Terms = append(s.Why.Terms, t)
		}
	}
	for _, e := range rk.expansions {
		var used []string
		for _, x := range e.Also {
			if strings.Contains(text, x) {
				used = append(used, x)
			}
		}
		if len(used) > 0 {
			s.Why.Expansions = append(s.Why.Expansions, Expansion{Term: e.Term, Also: used})
		}
	}
	if c.local {
		s.Why.Notes = append(s.Why.Notes, "地方性法规（"+c.region.Path()+"）")
	}
	return s
}

// item finds the enforcement item for a candidate's penalty clause whose
// duty matches, when the item source has items.
func (rk *ranker) item(c *candidate) *corpus.Item {
	ix := rk.st.itemIndex(rk.sg.opts.Items)
	if ix == nil || c.penalty == nil {
		return nil
	}
	var fallback *corpus.Item
	for _, id := range ix.ForArticle(c.penalty.ID) {
		it := ix.Item(id)
		if it == nil || it.Source.Paragraph != c.para+1 || it.Source.ItemNo != c.offence.offence.Item {
			continue
		}
		for _, d := range it.Duty {
			for _, aid := range d.ArticleIDs {
				for _, cd := range c.duty {
					if cd.a.ID == aid {
						return it
					}
				}
			}
		}
		if fallback == nil {
			fallback = it
		}
	}
	return fallback
}

// articleOf renders an article with its version's provenance and validity.
func articleOf(a *corpus.Article, role string, para int) SuggestedArticle {
	v := a.Version()
	label := a.Label
	if para > 0 {
		label += "第" + corpus.FormatNumeral(para) + "款"
	}
	return SuggestedArticle{ID: a.ID, Title: v.Title, Article: label, ArticleNo: a.Number, Paragraph: para,
		Source: v.Source, Role: role, Region: v.Work().Region.Path(), ValidFrom: v.ValidFrom, ValidTo: v.ValidTo}
}

// offenceName names a violation by its conduct, else by the duty it breaks.
func offenceName(o corpus.Offence, duty []dutyRef) string {
	name := strings.TrimSpace(o.Conduct)
	if name != "" && !strings.HasPrefix(name, "有下列") {
		return clipRunes(name, 80)
	}
	for _, d := range duty {
		text := d.a.Text()
		if d.para > 0 && d.para <= len(d.a.Paragraphs) {
			text = d.a.Paragraphs[d.para-1].Text
		}
		return "违反“" + firstSentence(text, 50) + "”"
	}
	if o.Lead != "" {
		return o.Lead
	}
	return name
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
