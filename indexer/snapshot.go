package indexer

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/zstd"
	"github.com/lawkb/lawkb/corpus"
)

// SnapshotFile is the name of the corpus snapshot inside a build directory.
const SnapshotFile = "corpus.gob.zst"

// WriteSnapshot encodes c as zstd-compressed gob. Only exported fields travel;
// ReadSnapshot relinks the back-pointers and lookup maps.
func WriteSnapshot(w io.Writer, c *corpus.Corpus) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		return fmt.Errorf("indexer: snapshot: %w", err)
	}
	bw := bufio.NewWriterSize(zw, 1<<16)
	if err := gob.NewEncoder(bw).Encode(c); err != nil {
		zw.Close()
		return fmt.Errorf("indexer: snapshot: encode: %w", err)
	}
	if err := bw.Flush(); err != nil {
		zw.Close()
		return fmt.Errorf("indexer: snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("indexer: snapshot: %w", err)
	}
	return nil
}

// ReadSnapshot decodes a snapshot written by WriteSnapshot and links it.
func ReadSnapshot(r io.Reader) (*corpus.Corpus, error) {
	zr, err := zstd.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("indexer: snapshot: %w", err)
	}
	defer zr.Close()
	var c corpus.Corpus
	if err := gob.NewDecoder(bufio.NewReaderSize(zr, 1<<16)).Decode(&c); err != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: snapshot: decode: %w", err)
	}
	c.Link()
	return &c, nil
}

// writeSnapshotFile writes the snapshot to path and syncs it, returning its
// size.
func writeSnapshotFile(path string, c *corpus.Corpus) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("indexer: snapshot: %w", err)
	}
	if err := WriteSnapshot(f, c); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, fmt.Errorf("indexer: snapshot: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, fmt.Errorf("indexer: snapshot: %w", err)
	}
	return st.Size(), f.Close()
}

// readSnapshotFile reads the snapshot at path.
func readSnapshotFile(path string) (*corpus.Corpus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: snapshot: %w", err)
	}
	defer f.Close()
	return ReadSnapshot(f)
}
