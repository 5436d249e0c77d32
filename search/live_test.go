package search_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

const liveStandards = `## 噪声

### 声环境质量标准

<Badge text="有效" type="tip" /><Badge text="2008/10/01施行" type="info" /><Badge text="GB 3096-2008" type="danger" />

::: note 适用范围

- 本标准规定了声环境功能区的环境噪声限值。

:::

### 示例省工业噪声排放标准

<Badge text="废止" type="tip" /><Badge text="2019/05/01施行" type="info" /><Badge text="DB 33/888-2019" type="danger" />

::: note 适用范围

- 本标准适用于示例省工业企业厂界噪声的排放管理。

:::
`

var liveFetched = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// liveCorpus is two crawled regulations (one of them a version that an
// update removes) and two standards.
func liveCorpus(t *testing.T, withPark bool) *corpus.Corpus {
	t.Helper()
	law := func(title, date, text string) *corpus.Work {
		d, err := corpus.ParseDate(date)
		if err != nil {
			t.Fatal(err)
		}
		wid := corpus.WorkID(title)
		vid := wid + "-" + d.Compact()
		v := &corpus.Version{ID: vid, WorkID: wid, Title: title, Source: "crawl:wz/" + title + ".md", Date: d, ValidFrom: d,
			Status: corpus.StatusInForce, Origin: &corpus.Origin{Source: "wz", URL: "http://wz.test/" + title, FetchedAt: liveFetched},
			Articles: []*corpus.Article{{ID: vid + "-1", VersionID: vid, Number: 1, Label: "第一条", Paragraphs: []corpus.Paragraph{{Text: text}}}}}
		return &corpus.Work{ID: wid, Title: title, Kind: corpus.KindLocalRegulation, Level: corpus.LevelCity,
			Region: corpus.Region{Province: "浙江", City: "温州"}, Versions: []*corpus.Version{v}}
	}
	works := []*corpus.Work{law("示例市噪声管理办法", "2022-01-01", "夜间施工噪声不得超过标准限值。")}
	if withPark {
		works = append(works, law("示例市公园管理办法", "2021-07-01", "公园内禁止夜间喧哗产生噪声。"))
	}
	c := corpus.New("", works, nil)
	stds, probs := corpus.ParseStandards("噪声.md", []byte(liveStandards))
	if len(stds) != 2 || len(probs) != 0 {
		t.Fatalf("standards %d, problems %v", len(stds), probs)
	}
	c.SetStandards(stds)
	return c
}

// TestLiveDocuments searches standards and crawled texts: a standard hit is
// rendered with its code and facets, a crawled article with its origin, and
// after an update removes a version the facets still add up.
func TestLiveDocuments(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	if _, err := indexer.Build(ctx, liveCorpus(t, true), root, indexer.BuildOptions{Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	s := search.New(x, search.Options{NoThesaurus: true})

	res, err := s.Search(ctx, search.Request{Query: "噪声", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]search.Hit{}
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	std, ok := byID["std-gb3096-2008"]
	if !ok {
		t.Fatalf("GB 3096-2008 not found: %+v", res.Hits)
	}
	if std.Type != indexer.TypeStandard || std.Article != "GB 3096-2008" || std.Title != "声环境质量标准" || std.Kind != "标准" ||
		std.Level != corpus.StandardNational || std.Status != string(corpus.StatusInForce) || std.ValidFrom.String() != "2008-10-01" ||
		std.Source != "standards:噪声.md" || std.Snippet == "" {
		t.Errorf("standard hit %+v", std)
	}
	if _, ok := byID["std-db33-888-2019"]; ok {
		t.Errorf("the repealed standard passed the default 现行有效 filter")
	}
	art := byID[corpus.WorkID("示例市噪声管理办法")+"-20220101-1"]
	if art.Origin == nil || art.Origin.Source != "wz" || !art.Origin.FetchedAt.Equal(liveFetched) || art.Source != "crawl:wz/示例市噪声管理办法.md" {
		t.Errorf("crawled article hit: %+v", art)
	}
	// 噪声 matches the noise regulation's version (its title) and article,
	// the park article and one standard in force.
	wantKinds := []search.FacetValue{{Value: "地方性法规", Count: 3}, {Value: "标准", Count: 1}}
	if !slices.Equal(res.Facets[search.FacetKind], wantKinds) {
		t.Errorf("kind facet %v, want %v", res.Facets[search.FacetKind], wantKinds)
	}
	if got := res.Facets[search.FacetYear]; !slices.Contains(got, search.FacetValue{Value: "2008", Count: 1}) {
		t.Errorf("year facet %v lacks the standard's 2008", got)
	}

	// Listing standards: both, with status all, newest first.
	res, err = s.Search(ctx, search.Request{Kind: "标准", Status: search.StatusAll})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if want := []string{"std-db33-888-2019", "std-gb3096-2008"}; !slices.Equal(ids, want) || res.Plan != search.PlanList {
		t.Errorf("standards listed %v (plan %s), want %v", ids, res.Plan, want)
	}
	if got := res.Facets[search.FacetLevel]; !slices.Equal(got, []search.FacetValue{{Value: "国家标准", Count: 1}, {Value: "地方标准", Count: 1}}) {
		t.Errorf("level facet of standards %v", got)
	}

	// An update that removes the park regulation leaves a hole in the
	// ordinals; facets must skip it.
	if _, err := indexer.Update(ctx, liveCorpus(t, false), root, indexer.BuildOptions{Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	if swapped, err := x.Reload(ctx); err != nil || !swapped {
		t.Fatalf("reload %v %v", swapped, err)
	}
	res, err = s.Search(ctx, search.Request{Query: "噪声", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	wantKinds = []search.FacetValue{{Value: "地方性法规", Count: 2}, {Value: "标准", Count: 1}}
	if !slices.Equal(res.Facets[search.FacetKind], wantKinds) || res.Total != 3 {
		t.Errorf("after the update: total %d kind facet %v, want 3 and %v", res.Total, res.Facets[search.FacetKind], wantKinds)
	}
}
