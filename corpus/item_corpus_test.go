//go:build corpus

package corpus

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus/penalty"
	"github.com/lawkb/lawkb/internal/testshared"
)

// sharedRoot finds ../shared by walking up from the working directory.
func sharedRoot(t *testing.T) string {
	t.Helper()
	return testshared.Dir(t, "corpus/lawrefbook")
}

// TestItemsCorpus derives the items of the whole corpus and reports the
// figures of docs/QUALITY.md "Enforcement items".
func TestItemsCorpus(t *testing.T) {
	shared := sharedRoot(t)
	start := time.Now()
	c, err := Load(context.Background(), filepath.Join(shared, "corpus", "lawrefbook"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Link(c); err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start)
	dt, err := LoadDomains(filepath.Join(shared, "catalog", "enforcement-domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	items, rep := DeriveItems(c, dt)
	t.Logf("load+link %s, derive %s", loaded.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	t.Logf("versions scanned %d, articles %d, paragraphs with a sanction word %d", rep.Versions, rep.Articles, rep.Paragraphs)
	t.Logf("penalty clauses %d, parsed %d (%.2f%%)", rep.Clauses, rep.Parsed, pct(rep.Parsed, rep.Clauses))
	t.Logf("offences %d, items %d, with a stated fine %d (%.1f%%)", rep.Offences, rep.Items, rep.WithFine, pct(rep.WithFine, rep.Items))
	t.Logf("duty cited %d (%.1f%%), resolved %d (%.1f%% of items, %.1f%% of cited), inferred %d (%.1f%%); resolved or inferred %.1f%%",
		rep.DutyCited, pct(rep.DutyCited, rep.Items), rep.DutyResolved, pct(rep.DutyResolved, rep.Items),
		pct(rep.DutyResolved, rep.DutyCited), rep.DutyInferred, pct(rep.DutyInferred, rep.Items),
		pct(rep.DutyResolved+rep.DutyInferred, rep.Items))
	t.Logf("domain by catalogue %d, by keywords %d, none %d", rep.DomainBy["catalogue"], rep.DomainBy["keywords"], rep.DomainBy[""])
	t.Logf("criminal law versions left out %d, criminal-sentence phrases left out %d, items with a referral note (移送司法机关) %d (%.1f%%)",
		rep.CriminalTexts, rep.Criminal, rep.Referrals, pct(rep.Referrals, rep.Items))
	for _, it := range items {
		if IsCriminalText(c.Article(it.Source.ArticleID).Version().Title) {
			t.Errorf("item %s derived from the criminal law", it.ID)
		}
		for _, p := range it.Penalties {
			if penalty.IsCriminalSentence(p.Text) {
				t.Errorf("item %s has a criminal penalty %q", it.ID, p.Text)
			}
		}
	}
	reasons := make([]string, 0, len(rep.UnparsedReason))
	for r := range rep.UnparsedReason {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool { return rep.UnparsedReason[reasons[i]] > rep.UnparsedReason[reasons[j]] })
	for _, r := range reasons {
		t.Logf("unparsed: %4d %s", rep.UnparsedReason[r], r)
	}
	for i, m := range rep.Unparsed {
		if i == 15 {
			break
		}
		t.Logf("example: %s %s: %s", m.Source, m.Label, m.Unparsed[0].Text)
	}
	if share := pct(rep.Parsed, rep.Clauses); share < 95 {
		t.Errorf("parsed share %.2f%% < 95%%", share)
	}
	if rep.Clauses < 9000 || len(items) < 12000 {
		t.Errorf("clauses %d, items %d: fewer than the corpus holds", rep.Clauses, len(items))
	}
	if share := pct(rep.DutyResolved, rep.DutyCited); share < 90 {
		t.Errorf("cited duties resolved %.1f%% < 90%%", share)
	}

	// How good is inference? Infer the duty of every item whose clause cites
	// a duty in another article, ignoring the citation, and compare.
	byVersion := map[*Version]*dutyIndex{}
	total, hits, above, aboveHits := 0, 0, 0, 0
	for _, it := range items {
		if it.DutyBy != "citation" || !anyResolved(it.Duty) {
			continue
		}
		a := c.Article(it.Source.ArticleID)
		truth := map[string]bool{}
		for _, d := range it.Duty {
			for _, id := range d.ArticleIDs {
				truth[id] = true
			}
		}
		if truth[a.ID] {
			continue // 违反本条第一款: no inference needed
		}
		v := a.Version()
		x := byVersion[v]
		if x == nil {
			x = newDutyIndex(v)
			byVersion[v] = x
		}
		var conduct string
		if cl := ParsePenaltyClause(a.Paragraphs[it.Source.Paragraph-1].Text, a.Paragraphs[it.Source.Paragraph-1].Items); cl != nil {
			for _, o := range cl.Offences {
				if o.Item == it.Source.ItemNo {
					conduct = o.Conduct
					break
				}
			}
		}
		top, score := x.best(conduct, a)
		if top.a == nil {
			continue
		}
		total++
		if truth[top.a.ID] {
			hits++
		}
		if score >= DutyInferenceThreshold {
			above++
			if truth[top.a.ID] {
				aboveHits++
			}
		}
	}
	t.Logf("inference check on %d items with a cited duty elsewhere: top-1 right %d (%.1f%%); at threshold %.2f: %d inferred, %d right (precision %.1f%%, recall %.1f%%)",
		total, hits, pct(hits, total), DutyInferenceThreshold, above, aboveHits, pct(aboveHits, above), pct(aboveHits, total))
	if p := pct(aboveHits, above); p < 90 {
		t.Errorf("inference precision %.1f%% < 90%%", p)
	}
}
