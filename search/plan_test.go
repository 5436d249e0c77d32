package search

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// fakeEnv is a planEnv over a word list: words are cut by longest match,
// a character no word starts with stands alone, and nothing is cited,
// named or learned unless the test says so.
type fakeEnv struct {
	dict   map[string]int      // word → document frequency
	titles map[string]string   // short name in a text → work id
	exp    map[string][]string // word → learned statutory words
	phr    []phrase            // thesaurus phrases, found by their head
	n      int
}

func (e fakeEnv) spans(text string) []span {
	var out []span
	for i := 0; i < len(text); {
		best := ""
		for w := range e.dict {
			if strings.HasPrefix(text[i:], w) && len(w) > len(best) {
				best = w
			}
		}
		if best == "" {
			_, n := utf8.DecodeRuneInString(text[i:])
			best = text[i : i+n]
		}
		if strings.TrimSpace(best) != "" && !strings.ContainsAny(best, "，。？ ") {
			out = append(out, span{best, i, i + len(best)})
		}
		i += len(best)
	}
	return out
}

func (e fakeEnv) words(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range e.spans(text) {
		if !seen[s.text] {
			seen[s.text] = true
			out = append(out, s.text)
		}
	}
	return out
}

func (e fakeEnv) parts(word string) []string { return []string{word} }

func (e fakeEnv) cite(string, corpus.Date, corpus.Region) *Cite { return nil }

func (e fakeEnv) named(text string, _ corpus.Region) ([]string, string) {
	var works []string
	for name, id := range e.titles {
		if strings.Contains(text, name) {
			works = append(works, id)
			text = strings.Replace(text, name, " ", 1)
		}
	}
	return works, text
}

func (e fakeEnv) phrases(text string) []phrase {
	var out []phrase
	for _, ph := range e.phr {
		if strings.Contains(text, ph.Head) {
			out = append(out, ph)
		}
	}
	return out
}

func (e fakeEnv) expand(word string) []expansion {
	if also := e.exp[word]; also != nil {
		return []expansion{{Also: also, Weight: 0.5, Source: "learned"}}
	}
	return nil
}

func (e fakeEnv) works(string) []Likely { return nil }

func (e fakeEnv) docFreq(word string) int { return e.dict[word] }

func (e fakeEnv) articles() int { return e.n }

func (e fakeEnv) rarity(string) (float64, bool) { return 0, false }

func testEnv() fakeEnv {
	return fakeEnv{
		n: 100_000,
		dict: map[string]int{
			"占道经营": 40, "罚款": 9000, "扣押": 900, "财物": 2000, "最长": 300, "多久": 0, "能": 30000,
			"超载": 200, "罚": 5000, "多少": 800, "遛狗": 0, "牵引": 50, "犬只": 120, "温州": 0, "行政处罚法": 0,
			"期限": 6000, "不服": 1500, "处罚": 12000, "法院": 3000,
		},
		titles: map[string]string{"行政处罚法": "w-xzcf"},
		exp:    map[string][]string{"遛狗": {"犬只"}},
	}
}

// The plan is a value: what each request becomes is checked field by
// field, without an index.
func TestBuildPlan(t *testing.T) {
	env := testEnv()
	type want struct {
		intent   Intent
		concepts []string
		works    []string
		place    string
		asks     string
		gens     []string
	}
	for _, tt := range []struct {
		q        string
		describe bool
		want     want
	}{
		{"占道经营 罚款", false, want{IntentKeywords, []string{"占道经营", "罚款"}, nil, "", "",
			[]string{GenWords, GenAsked, GenItems}}},
		// question words ask (Asks) and are not searched; single
		// characters side by side (能|扣) are searched as one run
		{"扣押的财物最长能扣多久", false, want{IntentQuestion, []string{"扣押", "财物", "最长", "能扣"}, nil, "", AsksPeriod,
			[]string{GenWords, GenAsked, GenFeedback, GenItems}}},
		{"超载罚多少", false, want{IntentQuestion, []string{"超载"}, nil, "", AsksAmount,
			[]string{GenWords, GenAsked, GenFeedback, GenItems}}},
		// a place in the text is where the officer stands, not a word;
		// a learned expansion is searched by a generator of its own
		{"温州 遛狗", false, want{IntentKeywords, []string{"遛狗"}, nil, "浙江/温州", "",
			[]string{GenWords, GenExpand, GenAsked, GenItems}}},
		// a title alone is a title search over the words of the title
		{"行政处罚法", false, want{IntentTitle, []string{"行政处罚法"}, []string{"w-xzcf"}, "", "",
			[]string{GenWords, GenWorks, GenAsked, GenItems}}},
		{"行政处罚法 罚款", false, want{IntentKeywords, []string{"罚款"}, []string{"w-xzcf"}, "", "",
			[]string{GenWords, GenWorks, GenAsked, GenItems}}},
		{"", false, want{IntentList, nil, nil, "", "", nil}},
	} {
		t.Run(tt.q, func(t *testing.T) {
			p := BuildPlan(Request{Query: tt.q}, tt.describe, env)
			got := want{intent: p.Intent, works: p.Works, place: p.Place.Path(), asks: p.Asks}
			if p.Place.Province == "" {
				got.place = ""
			}
			for _, c := range p.Concepts {
				got.concepts = append(got.concepts, c.Text)
			}
			for _, g := range p.Gens {
				got.gens = append(got.gens, g.Name)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("plan of %q:\n got %+v\nwant %+v", tt.q, got, tt.want)
			}
			again := BuildPlan(Request{Query: tt.q}, tt.describe, env)
			if !reflect.DeepEqual(p, again) {
				t.Errorf("plan of %q differs between two builds", tt.q)
			}
		})
	}
}

// A word the statutes use more than a share of the time is kept as a
// concept (coverage) but not searched.
func TestBuildPlanCommonWord(t *testing.T) {
	env := testEnv()
	env.dict["罚款"] = 50_000
	p := BuildPlan(Request{Query: "占道经营 罚款"}, false, env)
	for _, term := range p.Terms {
		if term.Text == "罚款" && term.Source == SourceTyped {
			t.Errorf("罚款 (in half the articles) is searched: %+v", term)
		}
	}
	if len(p.Concepts) != 2 || p.Concepts[1].Text != "罚款" || p.Concepts[1].Weight >= p.Concepts[0].Weight {
		t.Errorf("concepts = %+v, want 罚款 kept with a lower weight than 占道经营", p.Concepts)
	}
}

// Item searches run the items generator and no article-only generator.
func TestBuildPlanItems(t *testing.T) {
	p := BuildPlan(Request{Query: "占道经营", Type: indexer.TypeItem}, false, testEnv())
	var gens []string
	for _, g := range p.Gens {
		gens = append(gens, g.Name)
	}
	if !reflect.DeepEqual(gens, []string{GenWords, GenItems}) {
		t.Errorf("generators of an item search = %v, want words and items", gens)
	}
}

// A licence a description says is missing weighs twice what its words
// weigh elsewhere: it names the rules that require it.
func TestMissingLicence(t *testing.T) {
	env := testEnv()
	env.dict = map[string]int{"文具店": 0, "没有": 9000, "出版物经营许可证": 12, "卖": 0, "教辅书": 0, "持有": 3000}
	weight := func(q string) float64 {
		p := BuildPlan(Request{Query: q}, true, env)
		for _, c := range p.Concepts {
			if c.Text == "出版物经营许可证" {
				return c.Weight
			}
		}
		t.Fatalf("%s: no concept 出版物经营许可证 in %+v", q, p.Concepts)
		return 0
	}
	missing, held := weight("文具店没有出版物经营许可证卖教辅书"), weight("文具店持有出版物经营许可证卖教辅书")
	if missing <= held || math.Abs(missing-licenceBoost*held) > 1e-9 {
		t.Errorf("weight of a missing licence %.3f, of a licence held %.3f: want %d times", missing, held, licenceBoost)
	}
	for _, q := range []string{"没有出租汽车经营许可证和车辆营运证", "未取得道路运输经营许可证", "没办任何许可证", "拿不出农药经营许可证"} {
		if m := missingLicence.FindStringSubmatch(q); m == nil {
			t.Errorf("%s: no missing licence found", q)
		}
	}
}

// Quantifiers (任何, 所有, 一家) say nothing of what a case is about: they
// are neither searched nor counted as concepts.
func TestBuildPlanQuantifier(t *testing.T) {
	env := testEnv()
	env.dict["任何"], env.dict["一家"] = 5000, 3000
	p := BuildPlan(Request{Query: "一家店未经任何批准占道经营"}, true, env)
	for _, c := range p.Concepts {
		if c.Text == "任何" || c.Text == "一家" {
			t.Errorf("concept %q in the plan of a description: %+v", c.Text, p.Concepts)
		}
	}
	if len(p.Concepts) == 0 {
		t.Error("no concept left")
	}
}

// A spoken negation the statutes do not write (没人) is searched in their
// form too (无人), weighs what that form weighs, and is held by a text that
// writes it so; a statute word that starts the same way (没收) is left be.
func TestBuildPlanFormalNegation(t *testing.T) {
	env := testEnv()
	env.dict["遗产"], env.dict["没人"], env.dict["无人"], env.dict["继承"] = 300, 0, 60, 400
	env.dict["没收"], env.dict["无收"] = 5000, 3
	p := BuildPlan(Request{Query: "遗产没人继承 没收"}, false, env)
	var terms []string
	for _, term := range p.Terms {
		terms = append(terms, term.Text)
	}
	if !reflect.DeepEqual(terms, []string{"遗产", "没人", "无人", "继承", "没收"}) {
		t.Errorf("terms = %v, want 无人 beside 没人 and nothing beside 没收", terms)
	}
	if w := p.Concepts[1].Weight; w != idf(60, 100_000) {
		t.Errorf("没人 weighs %.2f, want the weight of 无人 %.2f", w, idf(60, 100_000))
	}
	ways := p.conceptWords()[1]
	if !reflect.DeepEqual(ways, [][]string{{"没人"}, {"无人"}}) {
		t.Errorf("ways of 没人 = %v, want 没人 or 无人", ways)
	}
}

// A thesaurus phrase whose typed words are too short to search (农残)
// weighs what the statutes' words for it weigh, not the floor of 2.
func TestBuildPlanPhraseWeight(t *testing.T) {
	env := testEnv()
	env.dict["青菜"], env.dict["超标"], env.dict["农药"], env.dict["残留"] = 50, 300, 2000, 400
	env.phr = []phrase{{Head: "农残", Words: []string{"农", "残"},
		Exp: expansion{Also: []string{"农药残留"}, Weight: 0.5, Source: "thesaurus"}}}
	p := BuildPlan(Request{Query: "青菜农残超标"}, true, env)
	for _, c := range p.Concepts {
		if c.Text == "农残" {
			if want := idf(400, 100_000); c.Weight != want {
				t.Errorf("农残 weighs %.2f, want the weight of 残留, the rarer word of 农药残留: %.2f", c.Weight, want)
			}
			return
		}
	}
	t.Errorf("no concept 农残 in %+v", p.Concepts)
}

// A measure (十平方米, 三个月, 二十多名) says how much, and a word that
// stands for someone or somewhere left unnamed (某村, 王某) says who: a
// description's plan holds neither, and a word that only starts with a
// numeral (三轮车, 十字路口) stays.
func TestBuildPlanMeasuresAndUnnamed(t *testing.T) {
	for w, want := range map[string]bool{"十平方米": true, "三个月": true, "二十多名": true, "一百多平方米": true, "五公里": true,
		"十几种": true, "三次": true, "三轮车": false, "十字路口": false, "一次性": false, "平方米": false} {
		if got := quantity(w); got != want {
			t.Errorf("quantity(%q) = %v, want %v", w, got, want)
		}
	}
	env := testEnv()
	env.dict["某村"], env.dict["王某"], env.dict["十平方米"], env.dict["三个月"], env.dict["三轮车"], env.dict["耕地"] = 1, 1, 1, 1, 40, 900
	p := BuildPlan(Request{Query: "某村王某三个月占用耕地十平方米停放三轮车"}, true, env)
	var got []string
	for _, c := range p.Concepts {
		got = append(got, c.Text)
	}
	for _, w := range []string{"某村", "王某", "十平方米", "三个月"} {
		if strings.Contains(strings.Join(got, " "), w) {
			t.Errorf("concept %q in the plan: %v", w, got)
		}
	}
	for _, w := range []string{"耕地", "三轮车"} {
		if !strings.Contains(strings.Join(got, " "), w) {
			t.Errorf("concept %q missing from the plan: %v", w, got)
		}
	}
}
