package indexer

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/klauspost/compress/zstd"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer/analysis"
)

// Files of a build directory that an incremental build reads.
const (
	ManifestFile = "manifest.json.zst" // source files and document fingerprints
	OrdinalsFile = "ordinals.txt"      // the facet key of each vno, one a line
)

// ManifestFormat changes when the manifest's meaning changes; an update
// from a build with another format rebuilds in full.
const ManifestFormat = 1

// Manifest records what a build indexed, so that the next build can change
// only what changed: every source file with its checksum and the documents
// read from it, and every document with a fingerprint of the fields it was
// indexed with.
type Manifest struct {
	Format int `json:"format"`
	// Mapping fingerprints the index mapping, the ranking model and the
	// segmenter's dictionary: documents indexed under another are not
	// comparable, so an update then rebuilds in full.
	Mapping string       `json:"mapping"`
	Files   []SourceFile `json:"files"` // sorted by path
	// Docs maps each document id to the fingerprint of its fields.
	Docs map[string]string `json:"docs"`
}

// SourceFile is one source file of a build and the documents read from it
// (for a law split over several files, every part lists the whole text's
// documents: changing one part changes the merged text).
type SourceFile struct {
	Path   string   `json:"path"`
	SHA256 string   `json:"sha256"`
	Docs   []string `json:"docs,omitempty"`
}

// ReadManifest reads the manifest of the build directory dir.
func ReadManifest(dir string) (*Manifest, error) {
	f, err := os.Open(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := zstd.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("indexer: manifest: %w", err)
	}
	defer zr.Close()
	var m Manifest
	if err := json.NewDecoder(bufio.NewReader(zr)).Decode(&m); err != nil {
		return nil, fmt.Errorf("indexer: manifest %s: %w", filepath.Join(dir, ManifestFile), err)
	}
	return &m, nil
}

// writeManifest writes m into dir, compressed, and syncs it.
func writeManifest(dir string, m *Manifest) error {
	var buf bytes.Buffer
	zw, err := zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		return fmt.Errorf("indexer: manifest: %w", err)
	}
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		zw.Close()
		return fmt.Errorf("indexer: manifest: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("indexer: manifest: %w", err)
	}
	return writeFileSync(filepath.Join(dir, ManifestFile), buf.Bytes())
}

// readOrdinals reads the ordinal table of a build directory; a build
// without one (written before tables existed) has the ordinals of a full
// build of its snapshot, which the caller derives.
func readOrdinals(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, OrdinalsFile))
	if err != nil {
		return nil, err
	}
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return []string{}, nil
	}
	return strings.Split(s, "\n"), nil
}

func writeOrdinals(dir string, keys []string) error {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('\n')
	}
	return writeFileSync(filepath.Join(dir, OrdinalsFile), []byte(b.String()))
}

func writeFileSync(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("indexer: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("indexer: %w", err)
	}
	return f.Close()
}

// mappingID fingerprints what makes two builds' documents comparable: the
// mapping (analyzers, fields, types, scoring) and, for lawkb_zh, the size
// of the segmenter's dictionary and the checksum of each extra dictionary,
// which change with --dict.
func mappingID(im mapping.IndexMapping, analyzer string) (string, error) {
	b, err := json.Marshal(im)
	if err != nil {
		return "", fmt.Errorf("indexer: mapping: %w", err)
	}
	h := sha256.New()
	h.Write(b)
	if analyzer == AnalyzerZH {
		seg, err := analysis.Default()
		if err != nil {
			return "", fmt.Errorf("indexer: segmenter: %w", err)
		}
		st := seg.Stats()
		fmt.Fprintf(h, "\x00words=%d curated=%d", st.Words, st.Curated)
		for _, d := range st.Extra {
			fmt.Fprintf(h, " %s=%d", d.SHA256, d.Kept)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// fingerprint hashes a document's fields in a canonical order: equal
// fingerprints mean the document would be indexed identically.
func fingerprint(fields map[string]any) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	var num [8]byte
	str := func(s string) {
		binary.LittleEndian.PutUint64(num[:], uint64(len(s)))
		h.Write(num[:])
		h.Write([]byte(s))
	}
	for _, k := range keys {
		str(k)
		switch v := fields[k].(type) {
		case string:
			h.Write([]byte{'s'})
			str(v)
		case []string:
			h.Write([]byte{'l'})
			binary.LittleEndian.PutUint64(num[:], uint64(len(v)))
			h.Write(num[:])
			for _, s := range v {
				str(s)
			}
		case float64:
			h.Write([]byte{'f'})
			binary.LittleEndian.PutUint64(num[:], math.Float64bits(v))
			h.Write(num[:])
		case time.Time:
			h.Write([]byte{'t'})
			binary.LittleEndian.PutUint64(num[:], uint64(v.UnixNano()))
			h.Write(num[:])
		default:
			// A type this function does not know: its printed form still
			// changes when the value does.
			h.Write([]byte{'?'})
			str(fmt.Sprintf("%T %v", v, v))
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// sourceFiles lists the files of c with the documents read from each:
// a version's own documents under its source file (for a split law, under
// each part's file), a standard under its catalogue.
func sourceFiles(c *corpus.Corpus) []SourceFile {
	docs := map[string][]string{}
	for _, w := range c.Works {
		for _, v := range w.Versions {
			ids := make([]string, 0, 1+len(v.Articles)+len(v.Sections))
			ids = append(ids, v.ID)
			files := map[string]bool{}
			for _, a := range v.Articles {
				ids = append(ids, a.ID)
				if a.File != "" {
					files[a.File] = true
				}
			}
			for _, s := range v.Sections {
				ids = append(ids, s.ID)
			}
			if len(files) == 0 {
				files[v.Source] = true
			}
			for f := range files {
				docs[f] = append(docs[f], ids...)
			}
		}
	}
	for _, s := range c.Standards {
		f := corpus.PrefixStandards + s.Source
		docs[f] = append(docs[f], s.ID)
	}
	out := make([]SourceFile, 0, len(c.Files))
	seen := map[string]bool{}
	for _, f := range c.Files {
		seen[f.Path] = true
		out = append(out, SourceFile{Path: f.Path, SHA256: f.SHA256, Docs: docs[f.Path]})
	}
	// Documents of a corpus built without file checksums (by hand, in
	// tests) still get their file, without a checksum.
	for p, ids := range docs {
		if !seen[p] {
			out = append(out, SourceFile{Path: p, Docs: ids})
		}
	}
	slices.SortFunc(out, func(a, b SourceFile) int { return strings.Compare(a.Path, b.Path) })
	for i := range out {
		slices.Sort(out[i].Docs)
	}
	return out
}

// FileChanges compares the files of two manifests: paths added, changed
// (another checksum) and deleted, each sorted.
func FileChanges(prev, next []SourceFile) (added, changed, deleted []string) {
	old := make(map[string]string, len(prev))
	for _, f := range prev {
		old[f.Path] = f.SHA256
	}
	now := make(map[string]bool, len(next))
	for _, f := range next {
		now[f.Path] = true
		sum, ok := old[f.Path]
		switch {
		case !ok:
			added = append(added, f.Path)
		case sum != f.SHA256:
			changed = append(changed, f.Path)
		}
	}
	for _, f := range prev {
		if !now[f.Path] {
			deleted = append(deleted, f.Path)
		}
	}
	return added, changed, deleted
}

// isNotExist reports a missing file in err's chain.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
