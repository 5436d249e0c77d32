package search

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// DefaultCacheBytes is the memory the result cache of a Searcher may hold.
const DefaultCacheBytes = 64 << 20

// Cache keeps the results of recent searches and suggestions of one index
// generation, least recently used first out, within a byte budget. A key
// is the request in its canonical form and the generation that answered
// it, so a swap never serves an old answer: the first request of a new
// generation empties the cache. Results in it are shared and must not be
// modified. It is safe for concurrent use.
type Cache struct {
	budget int64

	mu    sync.Mutex
	gen   string
	bytes int64
	ll    *list.List // front: most recent
	items map[string]*list.Element

	hits, misses atomic.Int64
}

type cacheEntry struct {
	key   string
	value any
	size  int64
}

// NewCache returns a cache holding at most budget bytes (estimated);
// budget 0 or less disables it.
func NewCache(budget int64) *Cache {
	return &Cache{budget: budget, ll: list.New(), items: map[string]*list.Element{}}
}

// get returns the value of key computed by generation gen, if held.
func (c *Cache) get(gen, key string) (any, bool) {
	if c == nil || c.budget <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		c.reset(gen)
	}
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		c.hits.Add(1)
		return e.Value.(*cacheEntry).value, true
	}
	c.misses.Add(1)
	return nil, false
}

// put stores the value of key computed by generation gen, of about size
// bytes, evicting the least recently used entries beyond the budget.
func (c *Cache) put(gen, key string, value any, size int64) {
	if c == nil || c.budget <= 0 || size > c.budget/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		c.reset(gen)
	}
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		return
	}
	c.items[key] = c.ll.PushFront(&cacheEntry{key, value, size})
	c.bytes += size
	for c.bytes > c.budget {
		last := c.ll.Back()
		en := last.Value.(*cacheEntry)
		c.ll.Remove(last)
		delete(c.items, en.key)
		c.bytes -= en.size
	}
}

// reset empties the cache for generation gen; c.mu is held.
func (c *Cache) reset(gen string) {
	c.gen, c.bytes = gen, 0
	c.ll.Init()
	c.items = map[string]*list.Element{}
}

// CacheStats are a cache's counters, for /metrics.
type CacheStats struct {
	Hits, Misses int64
	Entries      int
	Bytes        int64
}

// Stats returns the counters.
func (c *Cache) Stats() CacheStats {
	if c == nil {
		return CacheStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: len(c.items), Bytes: c.bytes}
}

// resultSize estimates the memory a search result holds: its strings and
// a fixed share per hit and facet value.
func resultSize(r *Result) int64 {
	n := int64(512)
	for _, h := range r.Hits {
		n += 256 + int64(len(h.ID)+len(h.Title)+len(h.Article)+len(h.Snippet)+len(h.Source)+len(h.Kind)+len(h.Level)+len(h.Region))
	}
	for _, vs := range r.Facets {
		for _, v := range vs {
			n += 48 + int64(len(v.Value))
		}
	}
	return n
}

// suggestSize estimates the memory a suggest result holds.
func suggestSize(r *SuggestResult) int64 {
	n := int64(512)
	for _, s := range r.Suggestions {
		n += 512 + int64(len(s.Name))
		for _, a := range s.Articles {
			n += 128 + int64(len(a.Title)+len(a.Source))
		}
		for _, p := range s.Penalties {
			n += 96 + int64(len(p.Text)+len(p.Condition))
		}
	}
	return n
}
