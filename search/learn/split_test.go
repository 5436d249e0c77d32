package learn_test

import (
	"fmt"
	"testing"

	"github.com/lawkb/lawkb/search/learn"
)

func TestFrozenShares(t *testing.T) {
	count := func(set string) int {
		n := 0
		for i := range 1000 {
			if learn.Frozen(set, fmt.Sprintf("r%04d", i)) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		set      string
		min, max int
	}{
		{"stard-train", 170, 230},
		{"officer2", 450, 550},
		{"cases2", 450, 550},
		{"queries", 0, 0},
		{"cases", 0, 0},
	} {
		if n := count(c.set); n < c.min || n > c.max {
			t.Errorf("%s: %d of 1000 frozen, want %d..%d", c.set, n, c.min, c.max)
		}
	}
	if learn.Frozen("stard-train", "stard-1") != learn.Frozen("stard-train", "stard-1") {
		t.Error("Frozen is not stable")
	}
}
