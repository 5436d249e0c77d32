package corpus_test

import (
	"slices"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

// linkWant is what Link must have stored for one citation of an article.
type linkWant struct {
	text       string
	ids        []string
	secs       []string // sections of a text numbered 一、二、
	para       int      // 款 as resolved (relative forms get theirs from the citing text)
	paraTo     int
	amended    bool
	other      bool
	basis      bool
	unresolved corpus.Reason
}

func TestLinkCites(t *testing.T) {
	c, _, _ := citeFixture(t)
	const (
		hz = "杭州市市容示例规定"
		zj = "浙江省物业管理条例"
		wz = "温州市物业管理条例"
		dj = "中华人民共和国道路交通安全法"
	)
	tests := []struct {
		article string
		want    []linkWant
	}{
		// 本法 in each version points inside that version.
		{aid(xzcf, "20170901", "2"), []linkWant{{text: "本法第三条", ids: []string{aid(xzcf, "20170901", "3")}}}},
		{aid(xzcf, "20210122", "3"), []linkWant{{text: "本法第四条", ids: []string{aid(xzcf, "20210122", "4")}}}},
		{aid(xzcf, "20210122", "5"), []linkWant{{text: "本法第四条第二款", ids: []string{aid(xzcf, "20210122", "4")}, para: 2}}},
		// Another law, in force when the citing text was made, with 款/项,
		// a bare title and an inherited one.
		{aid(zagl, "20220101", "2"), []linkWant{
			{text: "《中华人民共和国行政处罚法》第四条第一款第（一）项", ids: []string{aid(xzcf, "20210122", "4")}, para: 1},
			{text: "行政处罚法第三条", ids: []string{aid(xzcf, "20210122", "3")}},
			{text: "第五条", ids: []string{aid(xzcf, "20210122", "5")}},
		}},
		// 前条 and 前款 take their place from where they are written.
		{aid(zagl, "20220101", "3"), []linkWant{
			{text: "前条第一款", ids: []string{aid(zagl, "20220101", "2")}, para: 1},
			{text: "前款", ids: []string{aid(zagl, "20220101", "3")}, para: 1},
		}},
		// A 2018 rule cites the version in force in 2018, amended since; a
		// short name it defines (以下简称《处罚规定》) is followed.
		{aid(hz, "20180501", "1"), []linkWant{{text: "《中华人民共和国行政处罚法》", amended: true, basis: true}}},
		{aid(hz, "20180501", "2"), []linkWant{
			{text: "本规定第一条", ids: []string{aid(hz, "20180501", "1")}},
			{text: "《处罚规定》第三条第二款", ids: []string{aid(xzcf, "20170901", "3")}, para: 2, amended: true},
			{text: "第三款", para: 3, unresolved: corpus.ReasonNoParagraph, amended: true},
			{text: "第四条", ids: []string{aid(xzcf, "20170901", "4")}, amended: true},
		}},
		{aid(hz, "20180501", "3"), []linkWant{{text: "《中华人民共和国行政处罚法》第三条", ids: []string{aid(xzcf, "20170901", "3")}, amended: true}}},
		// A 2019 text cites a 2020 one: the corpus lacks the text in force
		// then, so the nearest version answers, flagged.
		{aid(wz, "20190101", "2"), []linkWant{{text: "《浙江省物业管理条例》第二条", ids: []string{aid(zj, "20200924", "2")}, other: true}}},
		// Never a silent guess: 物业管理条例 is two local texts here.
		{aid(zj, "20200924", "1"), []linkWant{{text: "《物业管理条例》", basis: true, unresolved: corpus.ReasonAmbiguous}}},
		// Short names defined respectively, brackets nested (以下分别简称为《水规（一）》及《污规》).
		{aid("示例用水规定", "20190101", "2"), []linkWant{
			{text: "《污规》第一条", ids: []string{aid("中华人民共和国水污染防治法", "20170627", "1")}},
			{text: "《水规（一）》第一条", ids: []string{aid("中华人民共和国水法", "20160702", "1")}},
		}},
		// 第二条 of a text numbered 一、二、 is its second part; the text is
		// from 2020, the citing one from 2019.
		{aid("示例用水规定", "20190101", "3"), []linkWant{
			{text: "《示例机关关于实施处罚法若干问题的意见》第二条", secs: []string{corpus.WorkID("示例机关关于实施处罚法若干问题的意见") + "-20200101-s2"}, other: true},
		}},
		{aid(djss, "20171007", "2"), []linkWant{
			{text: "道路交通安全法第二条", ids: []string{aid(dj, "20210429", "2")}, other: true},
			{text: "本条例第一条", ids: []string{aid(djss, "20171007", "1")}},
		}},
	}
	for _, tt := range tests {
		a := c.Article(tt.article)
		if a == nil {
			t.Fatalf("no article %s in the fixture", tt.article)
		}
		if len(a.Cites) != len(tt.want) {
			t.Errorf("%s: %d citations %+v, want %d", tt.article, len(a.Cites), a.Cites, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			g := a.Cites[i]
			got := linkWant{text: g.Text, ids: g.ArticleIDs, secs: g.SectionIDs, para: g.Paragraph, paraTo: g.ParagraphTo, amended: g.Amended,
				other: g.OtherVersion, basis: g.Basis, unresolved: g.Unresolved}
			if got.text != w.text || !slices.Equal(got.ids, w.ids) || !slices.Equal(got.secs, w.secs) || got.para != w.para || got.paraTo != w.paraTo ||
				got.amended != w.amended || got.other != w.other || got.basis != w.basis || got.unresolved != w.unresolved {
				t.Errorf("%s citation %d:\n got %+v\nwant %+v", tt.article, i, got, w)
			}
		}
	}
}

func TestLinkCitedBy(t *testing.T) {
	c, _, _ := citeFixture(t)
	tests := []struct {
		article string
		want    []string
	}{
		{aid(xzcf, "20210122", "4"), []string{aid(xzcf, "20210122", "3"), aid(xzcf, "20210122", "5"), aid(zagl, "20220101", "2")}},
		{aid(xzcf, "20170901", "3"), []string{aid(xzcf, "20170901", "2"), aid(xzcf, "20170901", "4"),
			aid("杭州市市容示例规定", "20180501", "2"), aid("杭州市市容示例规定", "20180501", "3")}},
		// A case cites an article: its section is among the citing.
		{aid(zagl, "20220101", "3"), []string{corpus.WorkID("某甲诉某公安分局治安处罚案") + "-0-s2"}},
		// 前款 inside an article is no incoming link.
		{aid(zagl, "20220101", "1"), nil},
	}
	for _, tt := range tests {
		got := c.Article(tt.article).CitedBy
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("CitedBy(%s) = %v, want %v", tt.article, got, want)
		}
	}
}

func TestLinkBasis(t *testing.T) {
	c, _, _ := citeFixture(t)
	tests := []struct {
		title, date string
		want        []string
	}{
		{"杭州市市容示例规定", "20180501", []string{corpus.WorkID(xzcf)}},
		{"温州市物业管理条例", "20190101", []string{corpus.WorkID("浙江省物业管理条例")}},
		{djss, "20171007", []string{corpus.WorkID("中华人民共和国道路交通安全法")}},
		{xzcf, "20210122", nil}, // 根据宪法: the constitution is not in the fixture
	}
	for _, tt := range tests {
		v := c.Version(corpus.WorkID(tt.title) + "-" + tt.date)
		if v == nil {
			t.Fatalf("no version %s %s", tt.title, tt.date)
		}
		if !slices.Equal(v.Basis, tt.want) {
			t.Errorf("Basis(%s) = %v, want %v", tt.title, v.Basis, tt.want)
		}
	}
	if got := c.Work(corpus.WorkID("浙江省物业管理条例")).ImplementedBy; !slices.Equal(got, []string{corpus.WorkID("温州市物业管理条例")}) {
		t.Errorf("ImplementedBy(浙江省物业管理条例) = %v", got)
	}
	if got := c.Work(corpus.WorkID(xzcf)).Aliases; !slices.Contains(got, "处罚法") || !slices.Contains(got, "行政处罚法") {
		t.Errorf("Aliases(行政处罚法) = %v, want 处罚法 and 行政处罚法 among them", got)
	}
}

// TestLinkCounterparts checks the same article across the two versions of
// the fixture law, where the 2021 text inserts article 2 and renumbers the
// rest.
func TestLinkCounterparts(t *testing.T) {
	c, _, st := citeFixture(t)
	tests := []struct {
		from, to string
		by       corpus.MatchBy
	}{
		{aid(xzcf, "20170901", "1"), aid(xzcf, "20210122", "1"), corpus.MatchNumber},
		{aid(xzcf, "20170901", "2"), aid(xzcf, "20210122", "3"), corpus.MatchText},
		{aid(xzcf, "20170901", "3"), aid(xzcf, "20210122", "4"), corpus.MatchText},
		{aid(xzcf, "20170901", "4"), aid(xzcf, "20210122", "5"), corpus.MatchText},
	}
	for _, tt := range tests {
		from, to := c.Article(tt.from), c.Article(tt.to)
		if len(from.Counterparts) != 1 || from.Counterparts[0].ArticleID != tt.to || from.Counterparts[0].By != tt.by {
			t.Errorf("Counterparts(%s) = %+v, want %s by %s", tt.from, from.Counterparts, tt.to, tt.by)
		}
		if len(to.Counterparts) != 1 || to.Counterparts[0].ArticleID != tt.from || to.Counterparts[0].VersionID != from.VersionID {
			t.Errorf("Counterparts(%s) = %+v, want back to %s", tt.to, to.Counterparts, tt.from)
		}
	}
	for _, id := range []string{aid(xzcf, "20210122", "2"), aid(xzcf, "20210122", "4.1")} {
		if cp := c.Article(id).Counterparts; len(cp) != 0 {
			t.Errorf("new article %s matched %+v", id, cp)
		}
	}
	if st.Counterparts != 4 || st.Renumbered != 3 {
		t.Errorf("stats: %d counterparts, %d renumbered; want 4, 3", st.Counterparts, st.Renumbered)
	}
}

func TestLinkStats(t *testing.T) {
	_, _, st := citeFixture(t)
	if st.Citations != st.ToArticles+st.WorkMentions {
		t.Errorf("citations %d != %d to articles + %d work mentions", st.Citations, st.ToArticles, st.WorkMentions)
	}
	unresolved := 0
	for _, n := range st.Unresolved {
		unresolved += n
	}
	if st.Resolved+unresolved != st.ToArticles || len(st.Misses) != unresolved {
		t.Errorf("resolved %d + unresolved %d != %d, misses %d", st.Resolved, unresolved, st.ToArticles, len(st.Misses))
	}
	if st.Unresolved[corpus.ReasonNoParagraph] != 1 || st.Basis != 4 || st.AmendedTargets != 4 || st.OtherVersion != 3 {
		t.Errorf("stats %+v", st)
	}
}

// TestLinkTwice checks that linking again gives the same links, not
// doubled ones.
func TestLinkTwice(t *testing.T) {
	c, _, first := citeFixture(t)
	a := c.Article(aid(xzcf, "20210122", "4"))
	before := slices.Clone(a.CitedBy)
	second, err := corpus.Link(c)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.CitedBy, before) || second.Citations != first.Citations || len(a.Counterparts) != 1 {
		t.Errorf("second Link changed the links: %v → %v, %d → %d citations", before, a.CitedBy, first.Citations, second.Citations)
	}
}

func TestAlignVersionsEmpty(t *testing.T) {
	if got := corpus.AlignVersions(&corpus.Version{}, &corpus.Version{}); got != nil {
		t.Errorf("AlignVersions of empty versions = %v", got)
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b   string
		lo, hi float64
	}{
		{"示例机关收缴罚款，应当开具收据。", "示例机关收缴罚款，应当开具收据。", 1, 1},
		{"示例机关收缴罚款", "示例机关 收缴罚款。", 1, 1},
		{"示例机关收缴罚款", "当事人申请复议", 0, 0},
		{"示例机关收缴罚款，应当开具收据", "示例机关收缴罚款，可以不开收据", 0.4, 0.8},
	}
	for _, tt := range tests {
		if got := corpus.Similarity(tt.a, tt.b); got < tt.lo || got > tt.hi {
			t.Errorf("Similarity(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.lo, tt.hi)
		}
	}
}
