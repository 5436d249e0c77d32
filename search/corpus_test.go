//go:build corpus

package search_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/search"
)

// TestWholeCorpus builds (or, with LAWKB_BENCH_INDEX, reuses) the index of
// the whole real corpus and checks the build and the search over it.
func TestWholeCorpus(t *testing.T) {
	root := realIndex(t)
	x, err := indexer.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	c, meta := x.Corpus(), x.Meta()
	st := c.Stats()
	t.Logf("index %s: %d works, %d versions, %d articles, %d sections, %d documents, index %d bytes, snapshot %d bytes, built in %.1fs",
		meta.Dir, st.Works, st.Versions, st.Articles, st.Sections, meta.Documents, meta.IndexBytes, meta.SnapshotBytes, meta.BuildSeconds)

	t.Run("build", func(t *testing.T) {
		if meta.Documents != indexer.Count(c) {
			t.Errorf("indexed %d documents, the snapshot has %d", meta.Documents, indexer.Count(c))
		}
		if st.Articles < 140000 || st.Versions < 3400 {
			t.Errorf("corpus too small: %+v", st)
		}
		var text int64
		for _, w := range c.Works {
			for _, v := range w.Versions {
				for _, a := range v.Articles {
					text += int64(len(a.Text()))
				}
				for _, s := range v.Sections {
					text += int64(len(s.Text))
				}
			}
		}
		if ratio := float64(meta.IndexBytes) / float64(text); ratio > 4 {
			t.Errorf("index is %.2f× the corpus text (%d / %d bytes), want ≤ 4", ratio, meta.IndexBytes, text)
		}
	})

	s := search.New(x, search.Options{})
	ctx := context.Background()
	t.Run("bench queries", func(t *testing.T) {
		for _, q := range benchQueries {
			res, err := s.Search(ctx, q)
			if err != nil {
				t.Errorf("%+v: %v", q, err)
				continue
			}
			if res.Total == 0 {
				t.Errorf("%+v: no hits", q)
			}
			// every document has exactly one kind and one status
			for _, f := range []string{search.FacetKind, search.FacetStatus} {
				sum := 0
				for _, fv := range res.Facets[f] {
					sum += fv.Count
				}
				if uint64(sum) != res.Total {
					t.Errorf("%+v: facet %s sums to %d, total %d", q, f, sum, res.Total)
				}
			}
			for _, h := range res.Hits {
				if h.Title == "" || h.Source == "" || h.Snippet == "" || h.WorkID == "" {
					t.Errorf("%+v: hit %s lacks fields: %+v", q, h.ID, h)
				}
				if q.Status == "" && q.AsOf.IsZero() && h.Status != string(corpus.StatusInForce) {
					t.Errorf("%+v: hit %s is %s by default", q, h.ID, h.Status)
				}
				if q.Region != "" && h.Region != q.Region && !strings.HasPrefix(h.Region, q.Region+"/") {
					t.Errorf("%+v: hit %s from %s", q, h.ID, h.Region)
				}
				if q.Kind != "" && h.Kind != q.Kind {
					t.Errorf("%+v: hit %s of kind %s", q, h.ID, h.Kind)
				}
			}
		}
	})

	t.Run("law by its name ranks first", func(t *testing.T) {
		for _, tc := range []struct{ query, title string }{
			{"中华人民共和国行政处罚法", "中华人民共和国行政处罚法"},
			{"中华人民共和国道路交通安全法", "中华人民共和国道路交通安全法"},
			{"行政处罚法", "中华人民共和国行政处罚法"},
			{"道路交通安全法", "中华人民共和国道路交通安全法"},
			{"噪声污染防治法", "中华人民共和国噪声污染防治法"},
		} {
			res, err := s.Search(ctx, search.Request{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 || res.Hits[0].Title != tc.title || res.Hits[0].Type != indexer.TypeVersion {
				t.Errorf("%s: first hits %v", tc.query, titles(res.Hits))
			}
		}
	})

	t.Run("as of a day picks the version in force", func(t *testing.T) {
		checked := 0
		for _, w := range c.Works {
			if len(w.Versions) < 2 || checked == 20 {
				continue
			}
			old, cur := w.Versions[len(w.Versions)-2], w.Versions[len(w.Versions)-1]
			if old.ValidFrom.IsZero() || cur.ValidFrom.IsZero() || !old.ValidFrom.Before(cur.ValidFrom) {
				continue
			}
			checked++
			for _, tc := range []struct {
				day  corpus.Date
				want *corpus.Version
			}{{old.ValidFrom, old}, {cur.ValidFrom, cur}} {
				res, err := s.Search(ctx, search.Request{Query: w.Title, AsOf: tc.day, Size: 100})
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					if h.WorkID != w.ID {
						continue
					}
					v := c.Version(h.ID)
					if a := c.Article(h.ID); a != nil {
						v = a.Version()
					}
					if v != nil && v != tc.want {
						t.Errorf("%s as of %s: hit %s of version %s, want %s", w.Title, tc.day, h.ID, v.ID, tc.want.ID)
					}
				}
			}
		}
		if checked == 0 {
			t.Error("no work with two dated versions")
		}
	})

	t.Run("nothing found is not an error", func(t *testing.T) {
		res, err := s.Search(ctx, search.Request{Query: "zzqxjvwk"})
		if err != nil || res.Total != 0 || len(res.Hits) != 0 {
			t.Errorf("got %v, %+v", err, res)
		}
	})
}

func titles(hits []search.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Title+h.Article)
	}
	return out
}
