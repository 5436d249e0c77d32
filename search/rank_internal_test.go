package search

import (
	"reflect"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search/learn"
)

func TestAsksOf(t *testing.T) {
	for q, want := range map[string]string{
		"扣押的财物最长能扣多久":         AsksPeriod,
		"许可证快到期了，要提前多长时间申请延续": AsksPeriod,
		"不服处罚起诉的期限":           AsksPeriod,
		"货车超载一吨罚多少":           AsksAmount,
		"无证卖烟花要交多少钱":          AsksAmount,
		"占道经营 罚款":             "",
		"听证程序怎么走":             "",
	} {
		if got := asksOf(q); got != want {
			t.Errorf("asksOf(%q) = %q, want %q", q, got, want)
		}
	}
}

// An article answers a question of a kind when it states an answer of
// that kind; a question of no kind gives no article the feature.
func TestRankerAnswers(t *testing.T) {
	period := "查封、扣押的期限不得超过三十日。"
	amount := "处五千元以上二万元以下的罚款。"
	none := "县级以上人民政府应当加强领导。"
	for _, tt := range []struct {
		asks string
		want [3]float64
	}{
		{AsksPeriod, [3]float64{1, 0, 0}},
		{AsksAmount, [3]float64{0, 1, 0}},
		{"", [3]float64{0, 0, 0}},
	} {
		rk := &ranker{p: Plan{Asks: tt.asks}}
		got := [3]float64{rk.answers(period), rk.answers(amount), rk.answers(none)}
		if got != tt.want {
			t.Errorf("asks %q: answers = %v, want %v", tt.asks, got, tt.want)
		}
	}
}

// work_coverage counts the concepts the candidates of one text hold
// between them, weighted.
func TestRankerShare(t *testing.T) {
	rk := &ranker{weights: []float64{3, 1, 1}, total: 5}
	for found, want := range map[uint64]float64{0: 0, 0b001: 0.6, 0b110: 0.4, 0b111: 1} {
		if got := rk.share(found); got != want {
			t.Errorf("share(%b) = %v, want %v", found, got, want)
		}
	}
}

// The feedback generator searches within the first texts of the ranked
// articles, each once, items and texts without a work skipped.
func TestBestWorks(t *testing.T) {
	a := &corpus.Article{}
	list := []*candidate{
		{id: "i1", item: &corpus.Item{}, work: "w0"},
		{id: "a1", a: a, work: "w1"},
		{id: "a2", a: a, work: "w1"},
		{id: "a3", a: a},
		{id: "a4", a: a, work: "w2"},
		{id: "a5", a: a, work: "w3"},
		{id: "a6", a: a, work: "w4"},
	}
	if got, want := bestWorks(list, 3), []string{"w1", "w2", "w3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("bestWorks = %v, want %v", got, want)
	}
	if got := bestWorks(list[:1], 3); len(got) != 0 {
		t.Errorf("bestWorks of items only = %v, want none", got)
	}
}

// A chapter's likelihood is the concepts' weights times the chapter's
// share of each concept's learned texts, over all the concepts' weight.
func TestLikelyChapters(t *testing.T) {
	b := &bridges{m: &learn.Model{Chapters: map[string][]learn.WorkShare{
		"出租": {{Work: "w/租赁合同", Share: 0.8}, {Work: "w/融资租赁合同", Share: 0.2}},
		"损坏": {{Work: "w/租赁合同", Share: 0.5}},
	}}}
	concepts := []Concept{{Text: "出租", Weight: 2}, {Text: "损坏", Weight: 1}, {Text: "谁", Weight: 1}}
	got, works := likelyChapters(concepts, b, 4)
	want := map[string]float64{"w/租赁合同": (2*0.8 + 1*0.5) / 4, "w/融资租赁合同": 2 * 0.2 / 4}
	for k, w := range want {
		if d := got[k] - w; d > 1e-9 || d < -1e-9 {
			t.Errorf("likely %s = %.4f, want %.4f", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("likely chapters = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(works, map[string]bool{"w": true}) {
		t.Errorf("works of the likely chapters = %v, want w", works)
	}
	if none, _ := likelyChapters(concepts, noBridges, 4); none != nil {
		t.Error("a model without chapters gave likely chapters")
	}
}
