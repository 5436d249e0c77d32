package corpus_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// citeFixture loads testdata/cite — a small tree of texts written for these
// tests, with two versions of one law that renumber it — links it and
// returns it with a resolver.
func citeFixture(t testing.TB) (*corpus.Corpus, *corpus.Resolver, corpus.LinkStats) {
	t.Helper()
	c, err := corpus.Load(context.Background(), filepath.Join("testdata", "cite"), corpus.LoadOptions{
		Today:  time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Fatalf("fixture has problems: %v", c.Problems)
	}
	st, err := corpus.Link(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := corpus.NewResolver(c)
	if err != nil {
		t.Fatal(err)
	}
	return c, r, st
}

// aid is the id of article num (e.g. "4" or "4.1") of the version of title
// dated date (YYYYMMDD), as Load derives it.
func aid(title, date, num string) string { return corpus.WorkID(title) + "-" + date + "-" + num }

const (
	xzcf = "中华人民共和国行政处罚法"
	zagl = "中华人民共和国治安管理处罚法"
	djss = "中华人民共和国道路交通安全法实施条例"
)

func citeDay(t testing.TB, s string) corpus.Date {
	t.Helper()
	if s == "" {
		return corpus.Date{}
	}
	d, err := corpus.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestResolve(t *testing.T) {
	_, r, _ := citeFixture(t)
	tests := []struct {
		q       string
		asOf    string
		want    []string // article ids
		para    int
		item    int
		amended bool
	}{
		{q: "处罚法4", want: []string{aid(xzcf, "20210122", "4")}},
		{q: "处罚法 4条", want: []string{aid(xzcf, "20210122", "4")}},
		{q: "行政处罚法第4条", want: []string{aid(xzcf, "20210122", "4")}},
		{q: "行政处罚法第四条", want: []string{aid(xzcf, "20210122", "4")}},
		{q: "《行政处罚法》第四条", want: []string{aid(xzcf, "20210122", "4")}},
		{q: "《中华人民共和国行政处罚法》第四条第一款第（二）项", want: []string{aid(xzcf, "20210122", "4")}, para: 1, item: 2},
		{q: "处罚法4条1款2项", want: []string{aid(xzcf, "20210122", "4")}, para: 1, item: 2},
		{q: "处罚法第四条之一", want: []string{aid(xzcf, "20210122", "4.1")}},
		{q: "处罚法4之1", want: []string{aid(xzcf, "20210122", "4.1")}},
		{q: "处罚法第二条至第四条", want: []string{aid(xzcf, "20210122", "2"), aid(xzcf, "20210122", "3"), aid(xzcf, "20210122", "4")}},
		{q: "罚款 处罚法32", asOf: "", want: nil}, // no such article: see TestResolveNotFound
		{q: "处罚法4", asOf: "2018-03-01", want: []string{aid(xzcf, "20170901", "4")}, amended: true},
		{q: "处罚法4", asOf: "2021-07-15", want: []string{aid(xzcf, "20210122", "4")}},
		{q: "处罚法4", asOf: "2021-07-14", want: []string{aid(xzcf, "20170901", "4")}, amended: true},
		{q: "治安处罚法第三条", want: []string{aid(zagl, "20220101", "3")}},
		{q: "道交法实施条例第二条", want: []string{aid(djss, "20171007", "2")}},
		{q: "道路交通安全法实施条例2", want: []string{aid(djss, "20171007", "2")}},
		{q: "水法1", want: []string{aid("中华人民共和国水法", "20160702", "1")}},
		{q: "水污法1", want: []string{aid("中华人民共和国水污染防治法", "20170627", "1")}},
		{q: "水污染法1", want: []string{aid("中华人民共和国水污染防治法", "20170627", "1")}},
		{q: "民法商法行政处罚法第四条的内容是什么？", want: []string{aid(xzcf, "20210122", "4")}},
		{q: "浙江省物业管理条例第二条", want: []string{aid("浙江省物业管理条例", "20200924", "2")}},
	}
	for _, tt := range tests {
		if tt.want == nil {
			continue
		}
		res, err := r.Resolve(tt.q, citeDay(t, tt.asOf))
		if err != nil {
			t.Errorf("Resolve(%q, %s): %v", tt.q, tt.asOf, err)
			continue
		}
		var got []string
		for _, a := range res.Articles {
			got = append(got, a.ID)
		}
		if !slices.Equal(got, tt.want) || res.Amended != tt.amended ||
			res.Citation.Paragraph != tt.para || res.Citation.Item != tt.item {
			t.Errorf("Resolve(%q, %s) = %v 款%d 项%d amended=%v; want %v 款%d 项%d amended=%v",
				tt.q, tt.asOf, got, res.Citation.Paragraph, res.Citation.Item, res.Amended, tt.want, tt.para, tt.item, tt.amended)
		}
		if res.Version.ID != res.Citation.VersionID || res.Work.ID != res.Citation.WorkID || !slices.Equal(res.Citation.ArticleIDs, got) {
			t.Errorf("Resolve(%q): the citation does not record the target: %+v", tt.q, res.Citation)
		}
	}
}

func TestResolveNotFound(t *testing.T) {
	_, r, _ := citeFixture(t)
	tests := []struct {
		q          string
		asOf       string
		reason     corpus.Reason
		candidates []string // work, version or article ids that must be offered
	}{
		{"处罚法9", "", corpus.ReasonNoArticle, []string{aid(xzcf, "20210122", "5")}},
		{"处罚法第四条之一", "2018-03-01", corpus.ReasonNoArticle, []string{aid(xzcf, "20210122", "4.1")}},
		{"处罚法4", "2010-01-01", corpus.ReasonNoVersion, []string{corpus.WorkID(xzcf) + "-20170901", corpus.WorkID(xzcf) + "-20210122"}},
		{"物业管理条例2", "", corpus.ReasonAmbiguous, []string{corpus.WorkID("浙江省物业管理条例"), corpus.WorkID("温州市物业管理条例")}},
		{"行政处分法3", "", corpus.ReasonUnknownTitle, []string{corpus.WorkID(xzcf)}},
		{"某省行政处罚法3", "", corpus.ReasonUnknownTitle, nil},
		{"处罚法3条5款", "", corpus.ReasonNoParagraph, nil},
		{"处罚法4条1款3项", "", corpus.ReasonNoItem, nil},
	}
	for _, tt := range tests {
		_, err := r.Resolve(tt.q, citeDay(t, tt.asOf))
		var nf *corpus.NotFoundError
		if !errors.As(err, &nf) {
			t.Errorf("Resolve(%q, %s): err %v, want a *NotFoundError", tt.q, tt.asOf, err)
			continue
		}
		if corpus.ErrorCode(err) != corpus.CodeNotFound {
			t.Errorf("Resolve(%q): code %s, want %s", tt.q, corpus.ErrorCode(err), corpus.CodeNotFound)
		}
		if nf.Reason != tt.reason {
			t.Errorf("Resolve(%q, %s): reason %s (%s), want %s", tt.q, tt.asOf, nf.Reason, nf.Detail, tt.reason)
		}
		if tt.reason == corpus.ReasonAmbiguous && len(nf.Candidates) != len(tt.candidates) {
			t.Errorf("Resolve(%q): %d candidates, want exactly %d", tt.q, len(nf.Candidates), len(tt.candidates))
		}
		for _, want := range tt.candidates {
			if !slices.ContainsFunc(nf.Candidates, func(c corpus.Candidate) bool {
				return c.WorkID == want || c.VersionID == want || c.ArticleID == want
			}) {
				t.Errorf("Resolve(%q, %s): candidates %+v lack %s", tt.q, tt.asOf, nf.Candidates, want)
			}
		}
	}
}

// TestResolveSections resolves 第N条 of a text numbered 一、二、 to its Nth part.
func TestResolveSections(t *testing.T) {
	_, r, _ := citeFixture(t)
	const yj = "示例机关关于实施处罚法若干问题的意见"
	res, err := r.Resolve("《"+yj+"》第二条", corpus.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sections) != 1 || res.Sections[0].ID != corpus.WorkID(yj)+"-20200101-s2" || res.Article() != nil ||
		!slices.Equal(res.Citation.SectionIDs, []string{res.Sections[0].ID}) {
		t.Errorf("Resolve(%s第二条) = sections %v, citation %+v", yj, res.Sections, res.Citation)
	}
	var nf *corpus.NotFoundError
	if _, err := r.Resolve("《"+yj+"》第三条", corpus.Date{}); !errors.As(err, &nf) || nf.Reason != corpus.ReasonNoArticles {
		t.Errorf("Resolve(%s第三条): %v, want %s", yj, err, corpus.ReasonNoArticles)
	}
}

func TestResolveInvalid(t *testing.T) {
	_, r, _ := citeFixture(t)
	for _, q := range []string{"", "第三条", "罚款", "2018年", "   ", "\xff\xfe", "统一执法"} {
		_, err := r.Resolve(q, corpus.Date{})
		if corpus.ErrorCode(err) != corpus.CodeInvalid {
			t.Errorf("Resolve(%q): err %v, want invalid input", q, err)
		}
	}
	// A title alone cites the work: the version answers, no article.
	res, err := r.Resolve("行政处罚法", corpus.Date{})
	if err != nil || res.Article() != nil || res.Version.ID != corpus.WorkID(xzcf)+"-20210122" {
		t.Errorf("Resolve(行政处罚法) = %+v, %v; want the current version without an article", res, err)
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		q    string
		want cw
		ok   bool
	}{
		{"处罚法32", cw{text: "处罚法32", title: "处罚法", art: 32}, true},
		{"行政处罚法 32条", cw{text: "行政处罚法 32条", title: "行政处罚法", art: 32}, true},
		{"处罚法第32条第1款第2项", cw{text: "处罚法第32条第1款第2项", title: "处罚法", art: 32, para: 1, item: 2}, true},
		{"处罚法32条1款(2)项", cw{text: "处罚法32条1款(2)项", title: "处罚法", art: 32, para: 1, item: 2}, true},
		{"刑法133之一", cw{text: "刑法133之一", title: "刑法", art: 133, suf: 1}, true},
		{"刑法133-1", cw{text: "刑法133-1", title: "刑法", art: 133, suf: 1}, true},
		{"刑法第一百三十三条之一", cw{text: "刑法第一百三十三条之一", title: "刑法", art: 133, suf: 1}, true},
		{"宪法修正案2018年第三十二条", cw{text: "宪法修正案2018年第三十二条", title: "宪法修正案2018年", art: 32}, true},
		{"《行政处罚法》第三十二条", cw{text: "《行政处罚法》第三十二条", title: "行政处罚法", art: 32}, true},
		{"罚款 处罚法32 警告", cw{text: "处罚法32", title: "处罚法", art: 32}, true},
		{"行政处罚法 第 32 条", cw{text: "行政处罚法 第 32 条", title: "行政处罚法", art: 32}, true},
		{"处罚法第 三十二 条第 1 款", cw{text: "处罚法第 三十二 条第 1 款", title: "处罚法", art: 32, para: 1}, true},
		{"《行政处罚法》", cw{text: "《行政处罚法》", title: "行政处罚法"}, true},
		{"行政处罚法", cw{}, false}, // a bare title needs the resolver, which knows titles
		{"第三条", cw{}, false},
		{"2018年", cw{}, false},
		{"统一执法", cw{}, false},
		{"罚款500元", cw{}, false},
	}
	for _, tt := range tests {
		c, ok := corpus.ParseQuery(tt.q)
		if ok != tt.ok || ok && citeGot(c) != tt.want {
			t.Errorf("ParseQuery(%q) = %+v, %v; want %+v, %v", tt.q, citeGot(c), ok, tt.want, tt.ok)
		}
		if ok && tt.q[c.Start:c.End] != c.Text {
			t.Errorf("ParseQuery(%q): span [%d,%d] is not %q", tt.q, c.Start, c.End, c.Text)
		}
	}
}

func FuzzResolve(f *testing.F) {
	_, r, _ := citeFixture(f)
	for _, s := range []string{"处罚法32", "处罚法第四条之一", "物业管理条例2", "第", "法99999999999", "《》第1条", "1-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		res, err := r.Resolve(q, corpus.Date{})
		if err == nil && res.Version == nil {
			t.Fatalf("Resolve(%q): no error and no version", q)
		}
		if err != nil && corpus.ErrorCode(err) != corpus.CodeInvalid && corpus.ErrorCode(err) != corpus.CodeNotFound {
			t.Fatalf("Resolve(%q): unexpected error %v", q, err)
		}
	})
}

// BenchmarkResolve measures one query on the fixture; the whole-corpus
// figures (p50/p99) are BenchmarkResolveCorpus under the corpus tag.
func BenchmarkResolve(b *testing.B) {
	_, r, _ := citeFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Resolve("《中华人民共和国行政处罚法》第四条第一款第（二）项", corpus.Date{}); err != nil {
			b.Fatal(err)
		}
	}
}
