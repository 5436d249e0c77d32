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

	items    *ItemIndex
	works    map[string]*Work
	versions map[string]*Version
	articles map[string]*Article
	sections map[string]*Section
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
	Works    int `json:"works"`
	Versions int `json:"versions"`
	Articles int `json:"articles"`
	Sections int `json:"sections"`
	Problems int `json:"problems"`
	Items    int `json:"items"`
}

// Stats counts works, versions, articles, sections and problems.
func (c *Corpus) Stats() Stats {
	return Stats{Works: len(c.works), Versions: len(c.versions), Articles: len(c.articles),
		Sections: len(c.sections), Problems: len(c.Problems), Items: len(c.Items)}
}
