package indexer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

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
	status      Status
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

// OpenOptions tunes OpenWith.
type OpenOptions struct {
	// Check is how deeply each build is verified before it opens
	// (default CheckFull).
	Check Check
	// Logger receives one line per refused build (default slog.Default()).
	Logger *slog.Logger
	// Prepare, when set, is called with each build that verified, just
	// before it opens: cmd/lawkb starts loading the segmenter with the
	// build's own dictionaries there. An error refuses the build.
	Prepare func(dir string, meta Meta) error
}

// Status is how the served build was chosen and checked.
type Status struct {
	Build    string        `json:"build"`
	Check    string        `json:"check"` // full or sizes
	Files    int           `json:"files"`
	Bytes    int64         `json:"bytes"`
	Took     time.Duration `json:"verify_ns"`
	Verified time.Time     `json:"verified_at"`
	// Refused lists the newer builds that were damaged, CURRENT first,
	// when an older build serves instead.
	Refused []string `json:"refused,omitempty"`
}

// Open opens the build root/CURRENT points to, verified in full, or the
// newest intact older build when that one is damaged. The segmenter must
// be in place (analysis.Use, or analysis.Loading) with the build's
// dictionaries: opening validates the mapping, which builds the analyzers.
func Open(root string) (*Index, error) { return OpenWith(root, OpenOptions{}) }

// OpenWith opens the newest intact build under root: the one CURRENT
// names when it verifies, opens, and holds the documents its build
// recorded; else the newest older finished build that does, with a
// warning naming the damaged file. It fails with corpus.CodeNotFound when
// root has no CURRENT, and with corpus.CodeUnavailable, naming each
// damaged file, when no build is intact.
func OpenWith(root string, opts OpenOptions) (*Index, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	cands, err := candidates(root)
	if err != nil {
		return nil, err
	}
	var refused []error
	for _, name := range cands {
		g, err := openChecked(filepath.Join(root, name), opts)
		if err != nil {
			log.Warn("indexer: build refused", "build", filepath.Join(root, name), "err", err)
			refused = append(refused, err)
			continue
		}
		for _, r := range refused {
			g.status.Refused = append(g.status.Refused, r.Error())
		}
		if len(refused) > 0 {
			log.Warn("indexer: serving an older build: the newer ones are damaged", "build", name, "refused", len(refused))
		}
		return &Index{root: root, alias: bleve.NewIndexAlias(g.bleve), gen: g}, nil
	}
	if len(refused) == 0 {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: no build to open in %s", root)
	}
	return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: no intact build in %s: %w", root, errors.Join(refused...))
}

// candidates lists the builds OpenWith tries, in order: the one CURRENT
// names, then the older build directories, newest first. When CURRENT is
// unreadable every build directory is a candidate; builds that never
// finished fail their verification.
func candidates(root string) ([]string, error) {
	cur, err := readCurrent(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, corpus.Errorf(corpus.CodeNotFound, "indexer: no index in %s (no %s): build one first", root, CurrentFile)
	}
	entries, rerr := os.ReadDir(root)
	if rerr != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w", root, rerr)
	}
	var out []string
	if err == nil {
		out = append(out, cur)
	}
	for i := len(entries) - 1; i >= 0; i-- {
		name := entries[i].Name()
		if entries[i].IsDir() && buildName.MatchString(name) && (err != nil || name < cur) {
			out = append(out, name)
		}
	}
	if err != nil && len(out) == 0 {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "indexer: open %s: %w", root, err)
	}
	return out, nil
}

// Builds returns the build CURRENT names under root ("" when CURRENT is
// missing or unreadable) and every build directory, newest first.
func Builds(root string) (current string, builds []string, err error) {
	current, _ = readCurrent(root)
	entries, err := os.ReadDir(root)
	if err != nil {
		return "", nil, err
	}
	for i := len(entries) - 1; i >= 0; i-- {
		if name := entries[i].Name(); entries[i].IsDir() && buildName.MatchString(name) {
			builds = append(builds, name)
		}
	}
	return current, builds, nil
}

// openChecked verifies the build directory dir, then opens it.
func openChecked(dir string, opts OpenOptions) (*generation, error) {
	v, err := Verify(dir, opts.Check)
	if err != nil {
		return nil, err
	}
	meta, err := ReadMeta(dir)
	if err != nil {
		return nil, err
	}
	if opts.Prepare != nil {
		if err := opts.Prepare(dir, meta); err != nil {
			return nil, err
		}
	}
	g, err := openGeneration(dir)
	if err != nil {
		return nil, err
	}
	if err := checkDicts(dir, g.meta); err != nil {
		g.bleve.Close()
		return nil, err
	}
	g.status = Status{Build: filepath.Base(dir), Check: v.Check.String(), Files: v.Files, Bytes: v.Bytes, Took: v.Took, Verified: time.Now().UTC()}
	return g, nil
}

// openGeneration opens the bleve index of a build directory read-only and
// decodes its snapshot; the two run concurrently because each takes a
// noticeable share of the start-up time. The index must hold as many
// documents as the build recorded.
func openGeneration(dir string) (*generation, error) {
	meta, err := ReadMeta(dir)
	if err != nil {
		return nil, err
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
		if err == nil {
			err = checkDocCount(idx, meta)
		}
		if err != nil {
			idx.Close()
		}
	}
	s := <-snapc
	if err != nil {
		if isDamage(err) {
			return nil, err
		}
		return nil, damaged(dir, IndexDir, "bleve cannot open it: %v", err)
	}
	if s.err != nil {
		idx.Close()
		return nil, damaged(dir, SnapshotFile, "%v", s.err)
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

// checkDocCount compares the documents bleve counts with those the build
// wrote: a lost segment opens without an error but lacks documents.
func checkDocCount(idx bleve.Index, meta Meta) error {
	n, err := idx.DocCount()
	if err != nil {
		return err
	}
	if n != uint64(meta.Documents) {
		return damaged(meta.Dir, IndexDir, "holds %d documents, the build wrote %d", n, meta.Documents)
	}
	return nil
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

// Status says which build serves, how it was verified, and which newer
// builds were refused.
func (x *Index) Status() Status {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.gen == nil {
		return Status{}
	}
	return x.gen.status
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
	g, err := openChecked(filepath.Join(x.root, name), OpenOptions{})
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
