package corpus

import "sort"

// Corpus is an imported collection of works with id lookups. Build one with
// Load (from source files) or New (from works already parsed, e.g. a
// snapshot), never by filling the struct by hand: New links the
// back-pointers and the lookup maps.
type Corpus struct {
	Root     string    `json:"root"`
	Works    []*Work   `json:"works"` // sorted by ID
	Problems []Problem `json:"problems,omitempty"`
	// Items are the enforcement items of the corpus (derived from its
	// penalty clauses and imported from catalogues); set them with SetItems.
	Items []*Item `json:"items,omitempty"`
	// Standards are the technical standards laws make binding, linked to
	// the articles that name them; set them with SetStandards.
	Standards []*Standard `json:"standards,omitempty"`
	// Files are the source files the import read, with their checksums,
	// sorted by path.
	Files []File `json:"files,omitempty"`

	items     *ItemIndex
	standards map[string]*Standard
	stdCiting map[string][]string // article id → ids of the standards it names
	works     map[string]*Work
	versions  map[string]*Version
	articles  map[string]*Article
	sections  map[string]*Section
}

// New links works into a Corpus: back-pointers, id maps, order by ID.
func New(root string, works []*Work, problems []Problem) *Corpus {
	c := &Corpus{Root: root, Works: works, Problems: problems}
	c.link()
	return c
}

// Link rebuilds back-pointers and lookup maps; call it after decoding a
// Corpus from a snapshot.
func (c *Corpus) Link() { c.link() }

func (c *Corpus) link() {
	c.items = NewItemIndex(c.Items)
	c.indexStandards()
	sort.Slice(c.Works, func(i, j int) bool { return c.Works[i].ID < c.Works[j].ID })
	c.works = make(map[string]*Work, len(c.Works))
	c.versions = make(map[string]*Version)
	c.articles = make(map[string]*Article)
	c.sections = make(map[string]*Section)
	for _, w := range c.Works {
		c.works[w.ID] = w
		for _, v := range w.Versions {
			v.work = w
			c.versions[v.ID] = v
			for _, a := range v.Articles {
				a.version = v
				c.articles[a.ID] = a
			}
			for _, s := range v.Sections {
				s.version = v
				c.sections[s.ID] = s
			}
		}
	}
}

// Work returns the work with the id, or nil.
func (c *Corpus) Work(id string) *Work { return c.works[id] }

// Version returns the version with the id, or nil.
func (c *Corpus) Version(id string) *Version { return c.versions[id] }

// Article returns the article with the id, or nil.
func (c *Corpus) Article(id string) *Article { return c.articles[id] }

// Section returns the section with the id, or nil.
func (c *Corpus) Section(id string) *Section { return c.sections[id] }

// SetItems replaces the corpus' enforcement items and indexes them.
func (c *Corpus) SetItems(items []*Item) {
	c.Items = items
	c.items = NewItemIndex(items)
}

// Item returns the enforcement item with the id, or nil.
func (c *Corpus) Item(id string) *Item {
	if c.items == nil {
		return nil
	}
	return c.items.Item(id)
}

// ItemsFor lists the ids of the items an article grounds, as their duty or
// their penalty article.
func (c *Corpus) ItemsFor(articleID string) []string {
	if c.items == nil {
		return nil
	}
	return c.items.ForArticle(articleID)
}

// Stats counts what the corpus holds.
type Stats struct {
	Works     int `json:"works"`
	Versions  int `json:"versions"`
	Articles  int `json:"articles"`
	Sections  int `json:"sections"`
	Problems  int `json:"problems"`
	Items     int `json:"items"`
	Standards int `json:"standards"`
}

// Stats counts works, versions, articles, sections, problems, items and
// standards.
func (c *Corpus) Stats() Stats {
	return Stats{Works: len(c.works), Versions: len(c.versions), Articles: len(c.articles),
		Sections: len(c.sections), Problems: len(c.Problems), Items: len(c.Items), Standards: len(c.Standards)}
}

// SetStandards replaces the corpus' standards, links each to the articles
// whose text names it (LinkStandards) and indexes both directions. It
// returns the number of links.
func (c *Corpus) SetStandards(stds []*Standard) int {
	sort.SliceStable(stds, func(i, j int) bool { return stds[i].ID < stds[j].ID })
	c.Standards = stds
	n := LinkStandards(stds, c)
	c.indexStandards()
	return n
}

// indexStandards builds the id map and the article → standards map from
// Standard.CitedBy, which the snapshot carries.
func (c *Corpus) indexStandards() {
	c.standards = make(map[string]*Standard, len(c.Standards))
	c.stdCiting = map[string][]string{}
	for _, s := range c.Standards {
		c.standards[s.ID] = s
		for _, a := range s.CitedBy {
			c.stdCiting[a] = append(c.stdCiting[a], s.ID)
		}
	}
}

// Standard returns the standard with the id, or nil.
func (c *Corpus) Standard(id string) *Standard { return c.standards[id] }

// StandardsFor lists the ids of the standards an article names, in id
// order.
func (c *Corpus) StandardsFor(articleID string) []string { return c.stdCiting[articleID] }
