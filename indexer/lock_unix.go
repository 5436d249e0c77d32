//go:build unix

package indexer

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/lawkb/lawkb/corpus"
)

// lockRoot takes an exclusive advisory lock on path so that two builds never
// write into (and prune) the same root at once. The lock dies with the
// process, so a crashed build never blocks the next one.
func lockRoot(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("indexer: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, corpus.Errorf(corpus.CodeConflict, "indexer: another build is running in %s", path)
		}
		return nil, fmt.Errorf("indexer: lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
