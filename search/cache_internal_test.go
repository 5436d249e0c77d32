package search

import "testing"

func TestCacheGenerations(t *testing.T) {
	c := NewCache(1 << 20)
	c.put("gen1", "k", "old", 100)
	if v, ok := c.get("gen1", "k"); !ok || v != "old" {
		t.Fatalf("get = %v, %v", v, ok)
	}
	// a request answered by another generation never sees the old answer
	if _, ok := c.get("gen2", "k"); ok {
		t.Error("an answer of gen1 served for gen2")
	}
	if st := c.Stats(); st.Entries != 0 || st.Bytes != 0 {
		t.Errorf("after a swap: %+v, want empty", st)
	}
	var off *Cache
	off.put("g", "k", 1, 1)
	if _, ok := off.get("g", "k"); ok {
		t.Error("a nil cache holds answers")
	}
}
