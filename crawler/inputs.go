package crawler

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lawkb/lawkb/corpus"
)

// Inputs reads a crawl output directory as corpus inputs: one per manifest
// entry whose file is on disk, with what OUT/<source>/ cannot say taken
// from the entry: kind, region, issuer, the validity a source states, and
// the provenance (source, URL, fetched_at). Paths are crawl:<source>/<file>.
// An entry whose file is missing or unreadable, or that names a path
// outside out, is reported and skipped; only an unreadable manifest fails.
func Inputs(out string) ([]corpus.Input, []corpus.Problem, error) {
	entries, err := ReadManifest(out)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, corpus.Errorf(corpus.CodeInvalid, "crawler: %s has no %s: not a crawl output", out, ManifestFile)
		}
		return nil, nil, err
	}
	var (
		ins   []corpus.Input
		probs []corpus.Problem
	)
	for _, e := range entries {
		if e.Path == "" {
			continue // failed, gone or duplicate: no file of its own
		}
		name := corpus.PrefixCrawl + e.Path
		clean := filepath.Clean(filepath.FromSlash(e.Path))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			probs = append(probs, corpus.Problem{Path: name, Reason: corpus.ReasonUnreadable + ": path outside the crawl output", Skipped: true})
			continue
		}
		data, err := os.ReadFile(filepath.Join(out, clean))
		if err != nil {
			probs = append(probs, corpus.Problem{Path: name, Reason: corpus.ReasonUnreadable + ": " + err.Error(), Skipped: true})
			continue
		}
		ins = append(ins, corpus.Input{
			Path:   name,
			Data:   data,
			Kind:   e.Kind,
			Region: corpus.ParseRegion(e.Region),
			Issuer: e.Issuer,
			Status: e.Validity,
			Origin: &corpus.Origin{Source: e.Source, URL: e.URL, FetchedAt: e.FetchedAt},
		})
	}
	return ins, probs, nil
}
