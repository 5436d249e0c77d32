package analysis_test

import (
	"sync"
	"testing"

	"github.com/lawkb/lawkb/indexer/analysis"
)

// The default segmenter is loaded once for the whole test binary through
// analysis.Default, the path bleve's registry takes when nothing was set
// with Use.
var (
	segOnce sync.Once
	segDef  *analysis.Segmenter
	segErr  error
)

func segmenter(tb testing.TB) *analysis.Segmenter {
	tb.Helper()
	segOnce.Do(func() { segDef, segErr = analysis.Default() })
	if segErr != nil {
		tb.Fatalf("load segmenter: %v", segErr)
	}
	return segDef
}
