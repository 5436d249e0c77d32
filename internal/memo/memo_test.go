package memo

import (
	"sync"
	"testing"
)

func TestMapRemembersAndStartsAgain(t *testing.T) {
	m := Map[string, int]{Limit: 2}
	made := 0
	get := func(k string) int {
		return m.Get(k, func() int { made++; return len(k) })
	}
	if get("a") != 1 || get("a") != 1 || made != 1 {
		t.Fatalf("a made %d times, want once", made)
	}
	get("bb")
	get("ccc") // past the limit: starts again with ccc alone
	if get("a"); made != 4 {
		t.Errorf("after the limit, a made %d times in all, want it made again (4)", made)
	}
}

func TestMapConcurrent(t *testing.T) {
	m := Map[int, int]{Limit: 64}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				k := (i + g) % 100
				if v := m.Get(k, func() int { return k * 2 }); v != k*2 {
					t.Errorf("Get(%d) = %d", k, v)
				}
			}
		}()
	}
	wg.Wait()
}
