package catalog

import (
	"sort"

	"github.com/lawkb/lawkb/corpus"
)

// AttachReport counts how catalogue items were joined to corpus items.
type AttachReport struct {
	Catalogue string   `json:"catalogue"`
	Entries   int      `json:"entries"`
	Attached  int      `json:"attached"` // entries joined to at least one corpus item
	Links     int      `json:"links"`    // (entry, corpus item) pairs
	Unmatched []string `json:"unmatched,omitempty"`
}

// Thresholds of AttachNoPenalty: an entry joins a corpus item of a law it
// cites when their names share this much wording (Dice of character
// bigrams), less when the item's duty article is one the entry cites.
const (
	attachByName = 0.55
	attachByDuty = 0.3
)

// AttachNoPenalty joins each no-penalty list item to the corpus items it
// names: in each law the entry cites, the item whose name is closest to the
// entry's, when close enough (attachByName, or attachByDuty when that
// item's duty article is one the entry cites). The joined corpus items get
// the entry's no-penalty rule; the list item gets their penalty bases,
// penalties and fine, so it stands as an item of its own.
func AttachNoPenalty(list, items []*corpus.Item) AttachReport {
	rep := AttachReport{Entries: len(list)}
	if len(list) > 0 {
		rep.Catalogue = list[0].Source.Catalogue
	}
	byWork := map[string][]*corpus.Item{}
	for _, it := range items {
		if it.Source.Origin != corpus.OriginClause || len(it.Basis) == 0 {
			continue
		}
		byWork[it.Basis[0].WorkID] = append(byWork[it.Basis[0].WorkID], it)
	}
	for _, l := range list {
		duty := map[string]bool{}
		var works []string
		seenWork := map[string]bool{}
		for _, c := range l.Duty {
			for _, id := range c.ArticleIDs {
				duty[id] = true
			}
			if c.WorkID != "" && !seenWork[c.WorkID] {
				seenWork[c.WorkID] = true
				works = append(works, c.WorkID)
			}
		}
		sort.Strings(works)
		joined := 0
		for _, w := range works {
			var best *corpus.Item
			bestScore := 0.0
			for _, it := range byWork[w] {
				sim := corpus.Similarity(l.Name, it.Name)
				need := attachByName
				if citesAny(it.Duty, duty) {
					need = attachByDuty
				}
				if sim >= need && sim > bestScore {
					best, bestScore = it, sim
				}
			}
			if best == nil {
				continue
			}
			best.NoPenalty = append(best.NoPenalty, l.NoPenalty...)
			l.Basis = append(l.Basis, best.Basis...)
			if len(l.Penalties) == 0 {
				l.Penalties, l.Fine, l.Enforcer = best.Penalties, best.Fine, best.Enforcer
			}
			joined++
		}
		if joined > 0 {
			rep.Attached++
			rep.Links += joined
			if l.Discretion == nil {
				l.Discretion = corpus.DeriveDiscretion(l)
			}
		} else {
			rep.Unmatched = append(rep.Unmatched, l.Code+" "+l.Name)
		}
	}
	return rep
}

func citesAny(cs []corpus.Citation, ids map[string]bool) bool {
	for _, c := range cs {
		for _, id := range c.ArticleIDs {
			if ids[id] {
				return true
			}
		}
	}
	return false
}

// AttachStandards puts each standard's discretion, and its no-penalty
// rules, on the corpus items whose penalty article is the one the standard
// cites (the same article, and the same 款 and 项 where the standard names
// them). An imported standard replaces derived bands.
func AttachStandards(std, items []*corpus.Item) AttachReport {
	rep := AttachReport{Entries: len(std)}
	if len(std) > 0 {
		rep.Catalogue = std[0].Source.Catalogue
	}
	byArticle := map[string][]*corpus.Item{}
	for _, it := range items {
		if it.Source.Origin != corpus.OriginClause {
			continue
		}
		for _, c := range it.Basis {
			for _, id := range c.ArticleIDs {
				byArticle[id] = append(byArticle[id], it)
			}
		}
	}
	for _, s := range std {
		if s.Discretion == nil && len(s.NoPenalty) == 0 {
			continue
		}
		joined := 0
		for _, sc := range s.Basis {
			for _, id := range sc.ArticleIDs {
				for _, it := range byArticle[id] {
					if !sameProvision(sc, it.Basis) {
						continue
					}
					if s.Discretion != nil && (it.Discretion == nil || it.Discretion.Derived) {
						it.Discretion = s.Discretion
					}
					it.NoPenalty = append(it.NoPenalty, s.NoPenalty...)
					joined++
				}
			}
		}
		if joined > 0 {
			rep.Attached++
			rep.Links += joined
		} else {
			rep.Unmatched = append(rep.Unmatched, s.Code+" "+s.Name)
		}
	}
	return rep
}

// sameProvision reports whether a citation names the provision of one of
// the bases: the same article, and the same 款 and 项 where it names them.
func sameProvision(c corpus.Citation, bases []corpus.Citation) bool {
	for _, b := range bases {
		same := false
		for _, id := range b.ArticleIDs {
			for _, cid := range c.ArticleIDs {
				if id == cid {
					same = true
				}
			}
		}
		if !same {
			continue
		}
		if c.Paragraph > 0 && b.Paragraph > 0 && c.Paragraph != b.Paragraph {
			continue
		}
		if c.Item > 0 && b.Item != c.Item {
			continue
		}
		return true
	}
	return false
}
