package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/lawkb/lawkb/corpus"
)

// Index is an opened build: the bleve index behind an alias, the corpus
// snapshot it was built from, and its Meta. A rebuilt index is swapped in
// with Swap while searches go on; a search sees one build from start to end.
type Index struct {
	root  string
	alias bleve.IndexAlias

	mu  sync.RWMutex
	gen *generation // nil once closed
}

// generation is one build as opened: what Swap exchanges as a whole.
type generation struct {
	bleve       bleve.Index
	corpus      *corpus.Corpus
	versions    []*corpus.Version
	standards   []*corpus.Standard
	docVersions []int32
	meta        Meta
	dir         string // the build directory
}

// View is a consistent look at the index during one search: the bleve index
// and the corpus and Meta of the same build.
type View struct {
	Index  bleve.Index // the alias; searches go through it
	Corpus *corpus.Corpus
	// Versions maps the vno field of a document to its version (see
	// Ordinals); nil where the ordinal is a standard's, or a version's
	// that an incremental build removed.
	Versions []*corpus.Version
	// Standards maps the vno field of a standard document to its
	// standard; nil elsewhere. It has the length of Versions.
	Standards []*corpus.Standard
	// DocVersions maps the internal number of every document in this
	// build's bleve index (IndexInternalID.Value()) to its version's
	// ordinal in Versions, -1 for none. The index is opened read-only, so
	// the numbers hold for as long as the build is open; search counts
	// facets with it instead of reading doc values hit by hit.
	DocVersions []int32
	Meta        Meta
	// Dir is the build directory, where the build's assets (the learned
	// model) are.
	Dir string
}

// Analyzer returns the named analyzer from the index's registry cache, or
// nil when it is not registered.
func (v *View) Analyzer(name string) analysis.Analyzer {
	return v.Index.Mapping().AnalyzerNamed(name)
}

// Open opens the build root/CURRENT points to. The segmenter must be in
// place (analysis.Use) before: opening validates the mapping, which builds
// the analyzers.
func Open(root string) (*Index, error) {
	name, err := readCurrent(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, corpus.Errorf(corpus.CodeNotFound, "indexer: no index in %s (no %s): build one first", root, CurrentFile)
		}
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w", root, err)
	}
	g, err := openGeneration(filepath.Join(root, name))
	if err != nil {
		return nil, err
	}
	return &Index{root: root, alias: bleve.NewIndexAlias(g.bleve), gen: g}, nil
}

// openGeneration opens the bleve index of a build directory read-only and
// decodes its snapshot; the two run concurrently because each takes a
// noticeable share of the start-up time.
func openGeneration(dir string) (*generation, error) {
	var meta Meta
	b, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open: %w", err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w", filepath.Join(dir, MetaFile), err)
	}
	if meta.Format != FormatVersion {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: format %d, this program reads %d: rebuild the index", dir, meta.Format, FormatVersion)
	}
	type snap struct {
		c   *corpus.Corpus
		err error
	}
	snapc := make(chan snap, 1)
	go func() {
		c, err := readSnapshotFile(filepath.Join(dir, SnapshotFile))
		snapc <- snap{c, err}
	}()
	idx, err := bleve.OpenUsing(filepath.Join(dir, IndexDir), map[string]any{"read_only": true})
	var docVersions []int32
	if err == nil {
		docVersions, err = readDocVersions(idx)
		if err != nil {
			idx.Close()
		}
	}
	s := <-snapc
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w", dir, err)
	}
	if s.err != nil {
		idx.Close()
		return nil, s.err
	}
	keys, err := readOrdinals(dir)
	switch {
	case isNotExist(err):
		// A build from before ordinal tables: those of a full build.
		keys = Ordinals(s.c)
	case err != nil:
		idx.Close()
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w", dir, err)
	}
	versions, standards, err := resolveOrdinals(s.c, keys)
	if err != nil {
		idx.Close()
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w: damaged build", dir, err)
	}
	for _, ord := range docVersions {
		if int(ord) >= len(versions) || (ord >= 0 && versions[ord] == nil && standards[ord] == nil) {
			idx.Close()
			return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: the index names facet ordinal %d, the snapshot has no such version or standard: damaged build", dir, ord)
		}
	}
	return &generation{bleve: idx, corpus: s.c, versions: versions, standards: standards, docVersions: docVersions, meta: meta, dir: dir}, nil
}

// resolveOrdinals turns an ordinal table into the versions and standards
// of the snapshot, index by index; an empty key is a removed one.
func resolveOrdinals(c *corpus.Corpus, keys []string) ([]*corpus.Version, []*corpus.Standard, error) {
	versions := make([]*corpus.Version, len(keys))
	standards := make([]*corpus.Standard, len(keys))
	for i, k := range keys {
		if k == "" {
			continue
		}
		if v := c.Version(k); v != nil {
			versions[i] = v
		} else if s := c.Standard(k); s != nil {
			standards[i] = s
		} else {
			return nil, nil, fmt.Errorf("ordinal %d names %q, which the snapshot lacks", i, k)
		}
	}
	return versions, standards, nil
}

// readDocVersions reads the vno doc value of every document once, in
// document order, which decodes each doc-value chunk once.
func readDocVersions(idx bleve.Index) (out []int32, err error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	dvr, err := r.DocValueReader([]string{FieldVersionNo})
	if err != nil {
		return nil, err
	}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer ids.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	out = make([]int32, 0, n)
	for {
		id, err := ids.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			return out, nil
		}
		if len(id) != 8 {
			return nil, fmt.Errorf("indexer: internal id of %d bytes, want 8", len(id))
		}
		num := id.Value()
		if num > 1<<31 {
			return nil, fmt.Errorf("indexer: internal id %d out of range", num)
		}
		for uint64(len(out)) <= num {
			out = append(out, -1)
		}
		err = dvr.VisitDocValues(id, func(_ string, term []byte) {
			if ord, ok := ParseVersionNo(string(term)); ok {
				out[num] = int32(ord)
			}
		})
		if err != nil {
			return nil, err
		}
	}
}

// View calls fn with a consistent view of the current build; Swap waits for
// running views to end before it closes the build they see.
func (x *Index) View(fn func(*View) error) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.gen == nil {
		return corpus.Errorf(corpus.CodeUnavailable, "indexer: index is closed")
	}
	return fn(&View{Index: x.alias, Corpus: x.gen.corpus, Versions: x.gen.versions, Standards: x.gen.standards,
		DocVersions: x.gen.docVersions, Meta: x.gen.meta, Dir: x.gen.dir})
}

// Corpus returns the corpus snapshot of the current build, nil once closed.
// Hold it only briefly: after a Swap it is the previous build's.
func (x *Index) Corpus() *corpus.Corpus {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.gen == nil {
		return nil
	}
	return x.gen.corpus
}

// Meta returns the Meta of the current build.
func (x *Index) Meta() Meta {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.gen == nil {
		return Meta{}
	}
	return x.gen.meta
}

// Root returns the index root the index was opened from.
func (x *Index) Root() string { return x.root }

// Swap puts the build held by next in place of the current one, without a
// moment when searches fail: searches already running finish on the old
// build, later ones run on the new one, then the old one is closed. next is
// emptied; closing it afterwards is a no-op.
func (x *Index) Swap(next *Index) error {
	if next == nil || next == x {
		return corpus.Errorf(corpus.CodeInvalid, "indexer: swap: no other index given")
	}
	next.mu.Lock()
	in := next.gen
	next.gen = nil
	next.mu.Unlock()
	if in == nil {
		return corpus.Errorf(corpus.CodeInvalid, "indexer: swap: the new index is closed")
	}
	x.mu.Lock()
	old := x.gen
	if old == nil {
		x.mu.Unlock()
		in.bleve.Close()
		return corpus.Errorf(corpus.CodeUnavailable, "indexer: swap: index is closed")
	}
	x.alias.Swap([]bleve.Index{in.bleve}, []bleve.Index{old.bleve})
	x.gen = in
	x.mu.Unlock()
	if err := old.bleve.Close(); err != nil {
		return fmt.Errorf("indexer: swap: close old build %s: %w", old.meta.Dir, err)
	}
	return nil
}

// Reload opens the build CURRENT now points to and swaps it in when it is
// not the one in use; it reports whether it swapped.
func (x *Index) Reload(ctx context.Context) (bool, error) {
	name, err := readCurrent(x.root)
	if err != nil {
		return false, corpus.Errorf(corpus.CodeUnavailable, "indexer: reload %s: %w", x.root, err)
	}
	if name == x.Meta().Dir {
		return false, nil
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	g, err := openGeneration(filepath.Join(x.root, name))
	if err != nil {
		return false, err
	}
	next := &Index{root: x.root, alias: bleve.NewIndexAlias(g.bleve), gen: g}
	if err := x.Swap(next); err != nil {
		return false, err
	}
	return true, nil
}

// Close closes the index; searches already running finish first.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.gen == nil {
		return nil
	}
	g := x.gen
	x.gen = nil
	aerr := x.alias.Close()
	if err := g.bleve.Close(); err != nil {
		return fmt.Errorf("indexer: close: %w", err)
	}
	return aerr
}
