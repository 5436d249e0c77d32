package corpus_test

import (
	"context"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

func TestRepealedByLaterLaw(t *testing.T) {
	for _, tc := range []struct {
		today  time.Time
		status corpus.Status
	}{
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), corpus.StatusInForce}, // repeal announced, not yet effective
		{time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), corpus.StatusRepealed},
	} {
		c, err := corpus.Load(context.Background(), "testdata/repeal", corpus.LoadOptions{Today: tc.today, Logger: discard})
		if err != nil {
			t.Fatal(err)
		}
		var old, repealer *corpus.Version
		for _, w := range c.Works {
			switch w.Title {
			case "中华人民共和国旧噪声管理法":
				old = w.Current()
			case "中华人民共和国新噪声管理法":
				repealer = w.Current()
			}
		}
		if old == nil || repealer == nil {
			t.Fatalf("fixture works missing: %+v", c.Works)
		}
		if old.Status != tc.status || old.ValidTo.String() != "2022-06-05" || old.RepealedBy != repealer.ID {
			t.Errorf("today %s: old law status %s valid_to %s repealed_by %q; want %s 2022-06-05 %s",
				tc.today.Format(time.DateOnly), old.Status, old.ValidTo, old.RepealedBy, tc.status, repealer.ID)
		}
		if repealer.RepealedBy != "" || !repealer.ValidTo.IsZero() {
			t.Errorf("the repealing law itself changed: %+v", repealer)
		}
	}
}
