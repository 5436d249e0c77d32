//go:build corpus

package catalog_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/corpus/catalog"
)

// TestCataloguesCorpus imports the real catalogues against the whole
// corpus and reports the figures of docs/QUALITY.md "Enforcement items".
func TestCataloguesCorpus(t *testing.T) {
	shared := sharedDir(t)
	c, err := corpus.Load(context.Background(), filepath.Join(shared, "corpus", "lawrefbook"), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	res, err := corpus.NewResolver(c)
	if err != nil {
		t.Fatal(err)
	}
	dt, err := corpus.LoadDomains(filepath.Join(shared, "catalog", "enforcement-domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	derived, _ := corpus.DeriveItems(c, dt)
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }

	f, err := os.Open(filepath.Join(shared, "catalog", "traffic-wuhan.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wuhan, wr, err := catalog.ReadWuhan(f, res)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wuhan: rows %d, items %d, penalties read %d of %d rows with one (%.1f%%), with a structured penalty %d",
		wr.Rows, wr.Items, wr.PenaltyParsed, wr.PenaltyTexts, pct(wr.PenaltyParsed, wr.PenaltyTexts), wr.WithPenalty)
	t.Logf("wuhan: duty citations %d, resolved %d (%.1f%%); items with a duty resolved %d (%.1f%%)",
		wr.DutyCitations, wr.DutyResolved, pct(wr.DutyResolved, wr.DutyCitations), wr.ItemsDutyOK, pct(wr.ItemsDutyOK, wr.Items))
	t.Logf("wuhan: penalty-basis citations %d, resolved %d (%.1f%%); items with a basis resolved %d (%.1f%%)",
		wr.BasisCitations, wr.BasisResolved, pct(wr.BasisResolved, wr.BasisCitations), wr.ItemsBasisOK, pct(wr.ItemsBasisOK, wr.Items))
	unknown := map[string]int{}
	for _, it := range wuhan {
		for _, cs := range [][]corpus.Citation{it.Duty, it.Basis} {
			for _, c := range cs {
				if c.Unresolved != "" {
					unknown[string(c.Unresolved)]++
				}
			}
		}
	}
	t.Logf("wuhan: unresolved by reason %v", unknown)
	known := wr.DutyCitations + wr.BasisCitations - unknown[string(corpus.ReasonUnknownTitle)]
	t.Logf("wuhan: citations naming a law in the corpus %d, resolved %d (%.1f%%)", known,
		wr.DutyResolved+wr.BasisResolved, pct(wr.DutyResolved+wr.BasisResolved, known))
	for _, p := range wr.Problems {
		t.Logf("wuhan problem: row %d: %s", p.Row, p.Reason)
	}
	if pct(wr.PenaltyParsed, wr.PenaltyTexts) < 95 {
		t.Errorf("wuhan penalties read %.1f%% < 95%%", pct(wr.PenaltyParsed, wr.PenaltyTexts))
	}

	g, err := os.Open(filepath.Join(shared, "catalog", "jiangmen-eco-no-penalty-list.md"))
	if err != nil {
		t.Fatal(err)
	}
	entries, _, err := catalog.ReadNoPenaltyList(g, catalog.JiangmenName)
	g.Close()
	if err != nil {
		t.Fatal(err)
	}
	list, lr := catalog.NoPenaltyItems(entries, catalog.JiangmenName, corpus.DomainEcology, corpus.Region{Province: "广东", City: "江门"}, res)
	ar := catalog.AttachNoPenalty(list, derived)
	t.Logf("jiangmen: entries %d, duty citations %d, resolved %d (%.1f%%); attached to corpus items %d (%.1f%%), links %d",
		len(entries), lr.DutyCitations, lr.DutyResolved, pct(lr.DutyResolved, lr.DutyCitations), ar.Attached, pct(ar.Attached, len(entries)), ar.Links)
	for _, u := range ar.Unmatched {
		t.Logf("jiangmen unmatched: %s", u)
	}

	gd, gr, err := catalog.Guangdong(res)
	if err != nil {
		t.Fatal(err)
	}
	sr := catalog.AttachStandards(gd, derived)
	t.Logf("guangdong: items %d, basis resolved %d of %d; standards attached %d, links %d, unmatched %v",
		gr.Items, gr.BasisResolved, gr.BasisCitations, sr.Attached, sr.Links, sr.Unmatched)
	if sr.Attached != len(gd) {
		t.Errorf("guangdong standards attached %d of %d", sr.Attached, len(gd))
	}
}
