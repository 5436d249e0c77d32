package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// Files of a build directory that make it verifiable.
const (
	// IntegrityFile lists every other file of the build with its size and
	// SHA-256, and the document counts; it is written last, just before
	// CURRENT flips, so a build without it never finished.
	IntegrityFile = "integrity.json"
	// DictDir holds copies of the extra dictionaries the build's segmenter
	// loaded; a server loads them from there (Meta.Dicts).
	DictDir = "dict"
)

// IntegrityFormat changes when the meaning of IntegrityFile changes.
const IntegrityFormat = 1

// KeepBuilds is how many finished builds a root keeps, the current one
// included: the older ones are what a server falls back to when the
// current one is damaged.
const KeepBuilds = 3

// Integrity is the content of IntegrityFile.
type Integrity struct {
	Format int    `json:"format"`
	Build  string `json:"build"` // the build directory's name
	// Documents is the number of bleve documents; Open compares it with the
	// index's own count.
	Documents int          `json:"documents"`
	Counts    corpus.Stats `json:"counts"`
	Files     []FileSum    `json:"files"` // sorted by path
}

// FileSum is one file of a build directory.
type FileSum struct {
	Path   string `json:"path"` // slash-separated, relative to the build directory
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Check is how deeply a build is verified before it is opened.
type Check int

// Checks, from the most thorough: CheckFull reads every file and compares
// its SHA-256 (the default); CheckSizes compares presence and sizes only,
// which misses bytes overwritten in place.
const (
	CheckFull Check = iota
	CheckSizes
)

// String names the check as the --verify flag spells it.
func (c Check) String() string {
	if c == CheckSizes {
		return "sizes"
	}
	return "full"
}

// ParseCheck reads a --verify value: full or sizes.
func ParseCheck(s string) (Check, error) {
	switch s {
	case "", "full":
		return CheckFull, nil
	case "sizes":
		return CheckSizes, nil
	}
	return 0, corpus.Errorf(corpus.CodeInvalid, "verify %q: want full or sizes", s)
}

// DamageError says which file of a build is damaged and how.
type DamageError struct {
	Build   string // the build directory's name
	File    string // relative to the build directory; "" for the build as a whole
	Problem string
}

// Error names the build, the file and the problem.
func (e *DamageError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("build %s is damaged: %s", e.Build, e.Problem)
	}
	return fmt.Sprintf("build %s is damaged: %s: %s", e.Build, e.File, e.Problem)
}

// damaged returns a DamageError as a corpus.CodeUnavailable error.
func damaged(dir, file, format string, args ...any) error {
	return corpus.Errorf(corpus.CodeUnavailable, "indexer: %w",
		&DamageError{Build: filepath.Base(dir), File: file, Problem: fmt.Sprintf(format, args...)})
}

// Verification is what Verify found in an intact build.
type Verification struct {
	Integrity *Integrity
	Check     Check
	Files     int
	Bytes     int64
	Took      time.Duration
}

// Verify checks the build directory dir against its IntegrityFile: every
// file listed is there with its size (and, with CheckFull, its SHA-256),
// and no other file is. A damaged build fails with a *DamageError (code
// unavailable) that names the first bad file.
func Verify(dir string, check Check) (*Verification, error) {
	start := time.Now()
	b, err := os.ReadFile(filepath.Join(dir, IntegrityFile))
	switch {
	case isNotExist(err):
		if _, serr := os.Stat(dir); serr != nil {
			return nil, damaged(dir, "", "%v", serr)
		}
		return nil, damaged(dir, IntegrityFile, "missing: the build never finished, or an older lawkb wrote it; rebuild with lawkb index --full")
	case err != nil:
		return nil, damaged(dir, IntegrityFile, "%v", err)
	}
	var in Integrity
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, damaged(dir, IntegrityFile, "unreadable: %v", err)
	}
	switch {
	case in.Format != IntegrityFormat:
		return nil, damaged(dir, IntegrityFile, "format %d, this program reads %d", in.Format, IntegrityFormat)
	case in.Build != filepath.Base(dir):
		return nil, damaged(dir, IntegrityFile, "written for build %q", in.Build)
	case len(in.Files) == 0:
		return nil, damaged(dir, IntegrityFile, "lists no files")
	}
	have, err := listFiles(dir)
	if err != nil {
		return nil, damaged(dir, "", "%v", err)
	}
	v := &Verification{Integrity: &in, Check: check, Files: len(in.Files)}
	// Presence and sizes of all first: a truncated file is named as such
	// even when another one is also overwritten.
	listed := make(map[string]bool, len(in.Files))
	for _, f := range in.Files {
		listed[f.Path] = true
		size, ok := have[f.Path]
		switch {
		case !ok:
			return nil, damaged(dir, f.Path, "missing")
		case size < f.Size:
			return nil, damaged(dir, f.Path, "%d bytes, the build wrote %d: truncated", size, f.Size)
		case size != f.Size:
			return nil, damaged(dir, f.Path, "%d bytes, the build wrote %d", size, f.Size)
		}
		v.Bytes += f.Size
	}
	for p := range have {
		if !listed[p] {
			return nil, damaged(dir, p, "not a file of this build")
		}
	}
	for _, name := range []string{MetaFile, SnapshotFile} {
		if !listed[name] {
			return nil, damaged(dir, IntegrityFile, "does not list %s", name)
		}
	}
	if check == CheckFull {
		for _, f := range in.Files {
			sum, err := fileSHA256(filepath.Join(dir, filepath.FromSlash(f.Path)))
			if err != nil {
				return nil, damaged(dir, f.Path, "%v", err)
			}
			if sum != f.SHA256 {
				return nil, damaged(dir, f.Path, "SHA-256 %s, the build wrote %s: overwritten", short(sum), short(f.SHA256))
			}
		}
	}
	v.Took = time.Since(start)
	return v, nil
}

func short(sum string) string { return sum[:min(12, len(sum))] }

// listFiles maps every regular file under dir but IntegrityFile to its
// size; any other kind of entry is an error.
func listFiles(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == IntegrityFile {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", rel)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[rel] = info.Size()
		return nil
	})
	return out, err
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeIntegrity hashes every file of the finished build directory dir
// and writes IntegrityFile, synced.
func writeIntegrity(dir string, meta *Meta) error {
	have, err := listFiles(dir)
	if err != nil {
		return fmt.Errorf("indexer: integrity: %w", err)
	}
	in := Integrity{Format: IntegrityFormat, Build: filepath.Base(dir), Documents: meta.Documents, Counts: meta.Counts,
		Files: make([]FileSum, 0, len(have))}
	for p, size := range have {
		sum, err := fileSHA256(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return fmt.Errorf("indexer: integrity: %w", err)
		}
		in.Files = append(in.Files, FileSum{Path: p, Size: size, SHA256: sum})
	}
	slices.SortFunc(in.Files, func(a, b FileSum) int { return strings.Compare(a.Path, b.Path) })
	return writeJSONFile(filepath.Join(dir, IntegrityFile), in)
}

// DictFile is a copy of an extra dictionary inside a build directory.
type DictFile struct {
	Path   string `json:"path"`   // relative to the build directory: dict/THUOCL_law.txt
	Source string `json:"source"` // where the building process loaded it from
	SHA256 string `json:"sha256"`
}

// writeDicts copies the extra dictionaries of the segmenter the build
// used into dir/DictDir and records them in meta, so that the build's
// analyzer travels with it.
func writeDicts(dir string, meta *Meta) error {
	meta.Dicts = []DictFile{}
	if meta.Analyzer != AnalyzerZH {
		return nil
	}
	seg, err := analysis.Default()
	if err != nil {
		return fmt.Errorf("indexer: segmenter: %w", err)
	}
	dicts := seg.Dicts()
	if len(dicts) == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(dir, DictDir), 0o755); err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	used := map[string]bool{}
	for i, d := range dicts {
		name := filepath.Base(d.Path)
		if used[name] {
			name = fmt.Sprintf("%d-%s", i+1, name)
		}
		used[name] = true
		rel := DictDir + "/" + name
		if err := writeFileSync(filepath.Join(dir, DictDir, name), d.Data); err != nil {
			return fmt.Errorf("indexer: dictionary %s: %w", d.Path, err)
		}
		meta.Dicts = append(meta.Dicts, DictFile{Path: rel, Source: d.Path, SHA256: d.SHA256})
	}
	return nil
}

// checkDicts fails when the segmenter in use did not load the dictionaries
// the build in dir was made with: its queries would be cut differently
// from its texts.
func checkDicts(dir string, meta Meta) error {
	if meta.Analyzer != AnalyzerZH {
		return nil
	}
	seg, err := analysis.Loaded()
	if err != nil {
		return corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w", dir, err)
	}
	var want, have []string
	for _, d := range meta.Dicts {
		want = append(want, d.SHA256)
	}
	for _, d := range seg.Dicts() {
		have = append(have, d.SHA256)
	}
	if slices.Equal(want, have) {
		return nil
	}
	return corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: built with the dictionaries %s, the segmenter in use loaded %s: "+
		"load the build's own copies (lawkb serve does) before opening it", dir, dictNames(meta.Dicts), segDictNames(seg))
}

func dictNames(ds []DictFile) string {
	if len(ds) == 0 {
		return "[built-in only]"
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.Path+" "+short(d.SHA256))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func segDictNames(s *analysis.Segmenter) string {
	var ds []DictFile
	for _, d := range s.Dicts() {
		ds = append(ds, DictFile{Path: d.Path, SHA256: d.SHA256})
	}
	return dictNames(ds)
}

// DictPaths returns the paths of the dictionaries a build in dir was made
// with, to load a segmenter from (analysis.Options.Dicts).
func DictPaths(dir string, meta Meta) []string {
	var out []string
	for _, d := range meta.Dicts {
		out = append(out, filepath.Join(dir, filepath.FromSlash(d.Path)))
	}
	return out
}

// ReadMeta reads meta.json of the build directory dir.
func ReadMeta(dir string) (Meta, error) {
	var meta Meta
	b, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		return meta, damaged(dir, MetaFile, "%v", err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, damaged(dir, MetaFile, "unreadable: %v", err)
	}
	return meta, nil
}

// isDamage reports a DamageError in err's chain.
func isDamage(err error) bool {
	var d *DamageError
	return errors.As(err, &d)
}
