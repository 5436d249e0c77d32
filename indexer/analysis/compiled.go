package analysis

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"
	"unsafe"
)

// The compiled segmenter: gse's dictionary and ours turned into the
// engine's tables takes 1.5 CPU seconds; the tables themselves read back
// in a few tens of milliseconds. A compiled file is named after a hash of
// everything the tables come from (the embedded dictionaries, the extra
// dictionaries' bytes, the gse module's version and this format), so a
// changed input never loads stale tables.

// compiledFormat changes when the layout of the tables or of the file
// changes.
const compiledFormat = 1

// compiledMagic opens every compiled file.
var compiledMagic = [8]byte{'L', 'K', 'S', 'E', 'G', 0, 0, compiledFormat}

// InputsHash fingerprints what a segmenter built with opts is made of.
func InputsHash(opts Options) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "format %d\ngse %s\n", compiledFormat, gseVersion())
	h.Write([]byte(curatedDict))
	h.Write([]byte{0})
	h.Write([]byte(corpusDict))
	for _, p := range opts.Dicts {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("analysis: extra dictionary: %w", err)
		}
		h.Write([]byte{0})
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// gseVersion is the version of the gse module linked in, whose embedded
// dictionary is part of the tables.
func gseVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/go-ego/gse" {
				return d.Version
			}
		}
	}
	return "unknown"
}

// CompiledName is the file name of the compiled segmenter for an inputs
// hash.
func CompiledName(hash string) string { return "segmenter-" + hash + ".bin" }

// NewCached returns the segmenter of opts, reading its compiled tables from
// dir when a file for the same inputs is there, and building them and
// writing the file otherwise (a write that fails is logged: the
// segmenter built is as good).
func NewCached(opts Options, dir string) (*Segmenter, error) {
	log := opts.Logger
	hash, err := InputsHash(opts)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, CompiledName(hash))
	began := time.Now()
	if s, err := ReadCompiled(path); err == nil && s.adopt(opts.Dicts) == nil {
		if log != nil {
			log.Info("analysis: compiled dictionary read", "path", path, "words", s.stats.Words, "took", time.Since(began).Round(time.Millisecond))
		}
		return s, nil
	} else if !errors.Is(err, os.ErrNotExist) && log != nil {
		log.Warn("analysis: compiled dictionary unreadable; compiling again", "path", path, "err", err)
	}
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		err = s.WriteCompiled(path)
		if err != nil && log != nil {
			log.Warn("analysis: compiled dictionary not written", "path", path, "err", err)
		}
		// the tables of other dictionaries are stale: only one set is used
		old, _ := filepath.Glob(filepath.Join(dir, CompiledName("*")))
		for _, o := range old {
			if o != path {
				os.Remove(o)
			}
		}
	}
	return s, nil
}

// adopt gives a segmenter read from compiled tables the extra
// dictionaries it was compiled from, as paths (which may have moved since)
// and bytes, so that Dicts reports what a fresh load would.
func (s *Segmenter) adopt(paths []string) error {
	if len(paths) != len(s.stats.Extra) {
		return fmt.Errorf("analysis: compiled tables of %d extra dictionaries, %d given", len(s.stats.Extra), len(paths))
	}
	s.extra = make([][]byte, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != s.stats.Extra[i].SHA256 {
			return fmt.Errorf("analysis: %s differs from the dictionary the tables were compiled from", p)
		}
		s.extra[i], s.stats.Extra[i].Path = b, p
	}
	return nil
}

// WriteCompiled writes the segmenter's tables to path (through a temporary
// file, renamed when complete).
func (s *Segmenter) WriteCompiled(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = s.writeTables(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("analysis: write compiled dictionary: %w", err)
	}
	return os.Rename(tmp, path)
}

func (s *Segmenter) writeTables(w io.Writer) error {
	e := s.eng
	stats, err := json.Marshal(s.stats)
	if err != nil {
		return err
	}
	var alnum bytes.Buffer
	for k, v := range e.alnum {
		binary.Write(&alnum, binary.LittleEndian, uint32(len(k)))
		alnum.WriteString(k)
		binary.Write(&alnum, binary.LittleEndian, v)
	}
	parts := [][]byte{
		stats,
		raw(e.rootTab[:]),
		raw([]uint32{e.rootFirst, e.rootN}),
		raw(e.edges),
		raw(e.dist),
		raw(e.subOff),
		raw(e.subs),
		alnum.Bytes(),
	}
	if _, err := w.Write(compiledMagic[:]); err != nil {
		return err
	}
	for _, p := range parts {
		if err := binary.Write(w, binary.LittleEndian, uint64(len(p))); err != nil {
			return err
		}
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// ReadCompiled reads a segmenter written by WriteCompiled.
func ReadCompiled(path string) (*Segmenter, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < len(compiledMagic) || !bytes.Equal(b[:len(compiledMagic)], compiledMagic[:]) {
		return nil, fmt.Errorf("analysis: %s is not a compiled dictionary of format %d", path, compiledFormat)
	}
	b = b[len(compiledMagic):]
	var parts [][]byte
	for range 8 {
		if len(b) < 8 {
			return nil, fmt.Errorf("analysis: %s is truncated", path)
		}
		n := binary.LittleEndian.Uint64(b)
		b = b[8:]
		if n > uint64(len(b)) {
			return nil, fmt.Errorf("analysis: %s is truncated", path)
		}
		parts = append(parts, b[:n])
		b = b[n:]
	}
	s := &Segmenter{eng: &engine{alnum: map[string]uint32{}}}
	e := s.eng
	if err := json.Unmarshal(parts[0], &s.stats); err != nil {
		return nil, fmt.Errorf("analysis: %s: %w", path, err)
	}
	if err := fill(e.rootTab[:], parts[1]); err != nil {
		return nil, fmt.Errorf("analysis: %s: root table: %w", path, err)
	}
	var root [2]uint32
	if err := fill(root[:], parts[2]); err != nil {
		return nil, fmt.Errorf("analysis: %s: %w", path, err)
	}
	e.rootFirst, e.rootN = root[0], root[1]
	e.edges = make([]edge, len(parts[3])/int(unsafe.Sizeof(edge{})))
	e.dist = make([]float32, len(parts[4])/4)
	e.subOff = make([]uint32, len(parts[5])/4)
	e.subs = make([]span16, len(parts[6])/int(unsafe.Sizeof(span16{})))
	for i, dst := range []struct {
		fill func([]byte) error
	}{
		{func(p []byte) error { return fill(e.edges, p) }},
		{func(p []byte) error { return fill(e.dist, p) }},
		{func(p []byte) error { return fill(e.subOff, p) }},
		{func(p []byte) error { return fill(e.subs, p) }},
	} {
		if err := dst.fill(parts[3+i]); err != nil {
			return nil, fmt.Errorf("analysis: %s: table %d: %w", path, 3+i, err)
		}
	}
	for a := parts[7]; len(a) > 0; {
		if len(a) < 4 {
			return nil, fmt.Errorf("analysis: %s: letter runs truncated", path)
		}
		n := int(binary.LittleEndian.Uint32(a))
		if len(a) < 8+n {
			return nil, fmt.Errorf("analysis: %s: letter runs truncated", path)
		}
		e.alnum[string(a[4:4+n])] = binary.LittleEndian.Uint32(a[4+n:])
		a = a[8+n:]
	}
	if len(e.subOff) != len(e.dist)+1 || int(e.rootFirst+e.rootN) > len(e.edges) {
		return nil, fmt.Errorf("analysis: %s: inconsistent tables", path)
	}
	e.pool.New = func() any { return new(scratch) }
	return s, nil
}

// raw views a slice of fixed-size values as its bytes (the machine's
// order: the file is read back by the same build of lawkb's code).
func raw[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

// fill copies the bytes of p into dst, which must have room for exactly
// that many.
func fill[T any](dst []T, p []byte) error {
	if len(raw(dst)) != len(p) {
		return fmt.Errorf("%d bytes for %d values", len(p), len(dst))
	}
	copy(raw(dst), p)
	return nil
}
