package search_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lawkb/lawkb/search"
)

// TestCacheSameAnswers checks that a cached answer is the answer: every
// request answered twice by a cached searcher (the second from the cache)
// equals the answer of a searcher without a cache.
func TestCacheSameAnswers(t *testing.T) {
	idx := suggestIndex(t)
	cached := search.New(idx, search.Options{})
	plain := search.New(idx, search.Options{CacheBytes: -1})
	reqs := []search.Request{
		{Query: "摆摊 罚款"}, {Query: "设摊经营", In: "温州"}, {Query: "处罚法33"}, {Query: ""},
		{Query: "饮酒后驾驶", Size: 3, Page: 2}, {Query: "占用人行道", Type: "item"},
	}
	answer := func(s *search.Searcher, r search.Request) string {
		res, err := s.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		res.Took = 0
		b, _ := json.Marshal(res)
		return string(b)
	}
	for _, r := range reqs {
		want := answer(plain, r)
		for i := range 2 {
			if got := answer(cached, r); got != want {
				t.Errorf("%+v (call %d): cached answer differs:\n got %s\nwant %s", r, i+1, got, want)
			}
		}
	}
	st := cached.CacheStats()
	if st.Hits != int64(len(reqs)) || st.Misses != int64(len(reqs)) || st.Entries != len(reqs) || st.Bytes <= 0 {
		t.Errorf("stats = %+v, want %d hits, %d misses, %d entries", st, len(reqs), len(reqs), len(reqs))
	}

	sg := search.NewSuggester(idx, search.SuggestOptions{})
	plainSg := search.NewSuggester(idx, search.SuggestOptions{Search: search.Options{CacheBytes: -1}})
	for _, r := range []search.SuggestRequest{{Text: "当事人在人行道上摆摊卖水果，经劝阻拒不改正", Region: "温州"}, {Text: "喝酒开车被查获"}} {
		want, _ := json.Marshal(mustSuggest(t, plainSg, r).Suggestions)
		for range 2 {
			got, _ := json.Marshal(mustSuggest(t, sg, r).Suggestions)
			if string(got) != string(want) {
				t.Errorf("%s: cached suggestions differ", r.Text)
			}
		}
	}
	if st := sg.CacheStats(); st.Hits != 2 {
		t.Errorf("suggest cache hits = %d, want 2", st.Hits)
	}
}

// TestCacheBudget checks that the cache keeps to its byte budget.
func TestCacheBudget(t *testing.T) {
	idx := suggestIndex(t)
	s := search.New(idx, search.Options{CacheBytes: 16 << 10})
	for _, q := range []string{"摆摊", "罚款", "设摊经营", "人行道", "饮酒", "驾驶", "建筑垃圾", "犬", "家禽", "广告"} {
		if _, err := s.Search(context.Background(), search.Request{Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	if st := s.CacheStats(); st.Bytes > 16<<10 || st.Entries == 0 || st.Entries == 10 {
		t.Errorf("stats = %+v: want some entries evicted to stay within 16 KB", st)
	}
}
