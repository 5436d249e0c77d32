// Package memo remembers computed values under their keys, for values that
// are costly to make and asked for again and again (a filter's table of
// versions, what a made-up short name was taken to mean).
package memo

import "sync"

// Map is a concurrency-safe memo of at most Limit entries: past it, it
// starts again empty, so keys that never repeat (dates, typed titles)
// cannot grow it without bound. The zero value with a Limit is ready.
type Map[K comparable, V any] struct {
	Limit int
	mu    sync.Mutex
	m     map[K]V
}

// Get returns the value remembered under k, made by build the first time.
// Two callers asking at once for a new key may both make it; values must
// not depend on which of them is kept.
func (m *Map[K, V]) Get(k K, build func() V) V {
	m.mu.Lock()
	v, ok := m.m[k]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = build()
	m.mu.Lock()
	if m.m == nil || len(m.m) >= m.Limit {
		m.m = map[K]V{}
	}
	m.m[k] = v
	m.mu.Unlock()
	return v
}
