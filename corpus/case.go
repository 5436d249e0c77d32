package corpus

import "slices"

// CaseRef is a typical case that cites an article: the case document, the
// section the citation stands in (案例分析, 裁判结果 …) and its topic, for the
// list of cases under the article.
type CaseRef struct {
	ID        string `json:"id"`         // the case document (version) id
	SectionID string `json:"section_id"` // the citing section
	Title     string `json:"title"`
	Heading   string `json:"heading"`         // the citing section's heading
	Topic     string `json:"topic,omitempty"` // from 案例/<主题>/
}

// CasesCiting lists the case sections whose citations resolved to the
// article (Link fills Article.CitedBy), one entry per citing section, in
// the order of CitedBy.
func (c *Corpus) CasesCiting(articleID string) []CaseRef {
	a := c.Article(articleID)
	if a == nil {
		return nil
	}
	var out []CaseRef
	for _, id := range a.CitedBy {
		s := c.Section(id)
		if s == nil || s.Version() == nil {
			continue
		}
		v := s.Version()
		w := v.Work()
		if w == nil || w.Kind != KindCase {
			continue
		}
		out = append(out, CaseRef{ID: v.ID, SectionID: s.ID, Title: v.Title, Heading: s.Heading, Topic: w.Topic})
	}
	return slices.Clip(out)
}
