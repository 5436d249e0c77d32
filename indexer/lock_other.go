//go:build !unix

package indexer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/lawkb/lawkb/corpus"
)

// lockRoot creates path exclusively so that two builds never write into the
// same root at once. Unlike the flock of unix systems, a crash leaves the
// file behind and it must be removed by hand.
func lockRoot(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, corpus.Errorf(corpus.CodeConflict, "indexer: another build is running in %s (remove it if none is)", path)
		}
		return nil, fmt.Errorf("indexer: lock: %w", err)
	}
	return func() { f.Close(); os.Remove(path) }, nil
}
