package indexer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/lawkb/lawkb/corpus"
)

// Files and directories of an index root.
const (
	CurrentFile = "CURRENT"   // names the build directory in use
	MetaFile    = "meta.json" // build facts, inside a build directory
	IndexDir    = "index"     // the bleve index, inside a build directory
	lockFile    = ".lock"
)

// FormatVersion changes when the layout of a build directory, the mapping
// or the format of an asset in it (the learned model) changes
// incompatibly; Open refuses builds of another format, and serve --corpus
// builds anew.
const FormatVersion = 6

// DefaultBatchSize is the number of documents per bleve batch. Larger batches
// mean fewer, larger segments to merge; past a few thousand the gain is lost
// to the memory the batch holds (measured in docs/PERFORMANCE.md).
const DefaultBatchSize = 2000

// buildName matches build directory names: UTC timestamp, dash, random hex.
var buildName = regexp.MustCompile(`^\d{8}T\d{6}(\.\d{6})?Z-[0-9a-f]{8}$`)

// BuildOptions tunes Build. The zero value builds with lawkb_zh.
type BuildOptions struct {
	// Analyzer for the text fields: AnalyzerZH (default) or AnalyzerCJK.
	Analyzer string
	// Scoring is the ranking model stored in the index: ScoringBM25
	// (default) or ScoringTFIDF, to compare the two on the same corpus.
	Scoring string
	// BatchSize is the number of documents per bleve batch (default
	// DefaultBatchSize).
	BatchSize int
	// Progress, when set, is called after every batch with the number of
	// documents indexed so far and the total.
	Progress func(done, total int)
	// Workers is the number of batches in flight (default 2; see
	// indexCorpus).
	Workers int
	// Logger receives the build's structured log (default slog.Default()).
	Logger *slog.Logger
	// Sources are recorded in Meta for the server (GET /api/v1/sources)
	// and for rebuilds; the build itself reads only the corpus it is given.
	Sources Sources
	// Asked gives the learned words of an article (what people asked
	// when it was the answer), indexed in FieldAsked; nil for none.
	Asked func(a *corpus.Article) string
	// Assets are files written into the build directory beside the index,
	// by name (the learned model): what the server needs of this build
	// besides the index and the snapshot.
	Assets map[string][]byte
	// Lock is the root's build lock when the caller took it already
	// (LockRoot), before the import that precedes the build; nil: the
	// build takes it itself.
	Lock *Lock
}

// Lock is the build lock of an index root: one build at a time writes
// into (and prunes) a root.
type Lock struct {
	root   string
	once   sync.Once
	unlock func()
}

// LockRoot takes the build lock of root, creating root if need be; a
// second holder fails at once with corpus.CodeConflict. Take it before the
// import so that a second build fails before it has done any work.
func LockRoot(root string) (*Lock, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("indexer: lock: %w", err)
	}
	unlock, err := lockRoot(filepath.Join(root, lockFile))
	if err != nil {
		return nil, err
	}
	return &Lock{root: root, unlock: unlock}, nil
}

// Unlock releases the lock; later calls do nothing.
func (l *Lock) Unlock() { l.once.Do(l.unlock) }

// holds reports whether l is the lock of root.
func (l *Lock) holds(root string) bool {
	a, err1 := filepath.Abs(l.root)
	b, err2 := filepath.Abs(root)
	return err1 == nil && err2 == nil && a == b
}

// Sources are the folders besides the corpus root that a build imported.
type Sources struct {
	Standards string   `json:"standards,omitempty"` // standards catalogues
	Handbooks []string `json:"handbooks,omitempty"` // handbook folders
	Crawls    []string `json:"crawls,omitempty"`    // crawl output directories (absolute)
	Questions []string `json:"questions,omitempty"` // question files the model learned from (absolute)
}

// Build modes, in Meta.Mode.
const (
	ModeFull        = "full"
	ModeIncremental = "incremental"
)

// Meta describes one build; it is written as meta.json next to the index.
type Meta struct {
	Format        int          `json:"format"`
	Dir           string       `json:"dir"` // build directory name, relative to the root
	BuiltAt       time.Time    `json:"built_at"`
	CorpusRoot    string       `json:"corpus_root"`
	Counts        corpus.Stats `json:"counts"`
	Documents     int          `json:"documents"` // bleve documents: versions, articles, sections, items, standards
	IndexBytes    int64        `json:"index_bytes"`
	SnapshotBytes int64        `json:"snapshot_bytes"`
	BuildSeconds  float64      `json:"build_seconds"`
	Analyzer      string       `json:"analyzer"`
	QueryAnalyzer string       `json:"query_analyzer"`
	Scoring       string       `json:"scoring"`
	// Mode is full, or incremental from the build Base, with Changes
	// saying what it changed.
	Mode    string   `json:"mode,omitempty"`
	Base    string   `json:"base,omitempty"`
	Changes *Changes `json:"changes,omitempty"`
	Sources Sources  `json:"sources"`
	// Dicts are the extra dictionaries of the build's segmenter, copied
	// into the build directory: a server loads these, never others.
	Dicts []DictFile `json:"dicts"`
}

// Build indexes c into a new build directory under root, writes the corpus
// snapshot, meta.json and what a later Update compares against (the
// manifest and the facet ordinals) beside it, and only then flips
// root/CURRENT to it.
// Older builds except the previous one are removed afterwards. A failed or
// cancelled build removes its own directory and leaves CURRENT alone, so the
// index in use keeps answering. Only one build runs in a root at a time; a
// second one fails with corpus.CodeConflict.
func Build(ctx context.Context, c *corpus.Corpus, root string, opts BuildOptions) (meta *Meta, err error) {
	start := time.Now()
	b, err := prepare(c, root, &opts)
	if err != nil {
		return nil, err
	}
	defer b.unlock()
	return b.full(ctx, c, start)
}

// builder is one build under a locked root.
type builder struct {
	root   string
	opts   BuildOptions
	im     *mapping.IndexMappingImpl
	log    *slog.Logger
	unlock func()
}

// prepare checks the options, makes the mapping and locks root.
func prepare(c *corpus.Corpus, root string, opts *BuildOptions) (*builder, error) {
	if c == nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "indexer: build: nil corpus")
	}
	if opts.Analyzer == "" {
		opts.Analyzer = AnalyzerZH
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	im, err := NewMapping(opts.Analyzer)
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "indexer: build: %w", err)
	}
	switch opts.Scoring {
	case "":
		opts.Scoring = im.ScoringModel
	case ScoringBM25, ScoringTFIDF:
		im.ScoringModel = opts.Scoring
	default:
		return nil, corpus.Errorf(corpus.CodeInvalid, "indexer: build: scoring %q: want %s or %s", opts.Scoring, ScoringBM25, ScoringTFIDF)
	}
	if opts.Lock != nil {
		if !opts.Lock.holds(root) {
			return nil, corpus.Errorf(corpus.CodeInvalid, "indexer: build: the lock given is %s's, not %s's", opts.Lock.root, root)
		}
		// The caller took it and releases it.
		return &builder{root: root, opts: *opts, im: im, log: log, unlock: func() {}}, nil
	}
	l, err := LockRoot(root)
	if err != nil {
		return nil, err
	}
	return &builder{root: root, opts: *opts, im: im, log: log, unlock: l.Unlock}, nil
}

// newDir makes the directory of a new build and returns its name; remove
// is to be deferred: it deletes the directory when the build failed.
func (b *builder) newDir(start time.Time, prev string) (name string, remove func(*error), err error) {
	name, err = newBuildName(start)
	if err != nil {
		return "", nil, err
	}
	dir := filepath.Join(b.root, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", nil, fmt.Errorf("indexer: build: %w", err)
	}
	return name, func(errp *error) {
		if *errp == nil {
			return
		}
		if rmErr := os.RemoveAll(dir); rmErr != nil {
			b.log.Error("indexer: cannot remove failed build", "dir", dir, "err", rmErr)
		}
		b.log.Warn("indexer: build failed, CURRENT unchanged", "dir", name, "current", prev, "err", *errp)
	}, nil
}

// snapshotWriter encodes the snapshot while the index is built: the two
// are independent and the encoder would otherwise idle one core. wait
// returns its outcome and may be called any number of times.
func snapshotWriter(dir string, c *corpus.Corpus) (wait func() (int64, error)) {
	type snapResult struct {
		size int64
		err  error
	}
	done := make(chan snapResult, 1)
	go func() {
		n, err := writeSnapshotFile(filepath.Join(dir, SnapshotFile), c)
		done <- snapResult{n, err}
	}()
	return func() (int64, error) { r := <-done; done <- r; return r.size, r.err }
}

// full builds every document of c into a new directory and flips CURRENT.
func (b *builder) full(ctx context.Context, c *corpus.Corpus, start time.Time) (meta *Meta, err error) {
	prev, err := readCurrent(b.root)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		// A damaged pointer is replaced by this build; say so.
		b.log.Warn("indexer: unreadable CURRENT, it will be replaced", "root", b.root, "err", err)
	}
	name, remove, err := b.newDir(start, prev)
	if err != nil {
		return nil, err
	}
	defer remove(&err)
	dir := filepath.Join(b.root, name)
	b.log.Info("indexer: build started", "dir", dir, "analyzer", b.opts.Analyzer, "batch", b.opts.BatchSize)

	mid, err := mappingID(b.im, b.opts.Analyzer)
	if err != nil {
		return nil, err
	}
	waitSnap := snapshotWriter(dir, c)
	defer func() { waitSnap() }() // never leave the encoder writing into a removed dir

	keys := Ordinals(c)
	man := &Manifest{Format: ManifestFormat, Mapping: mid, Files: sourceFiles(c), Docs: make(map[string]string, Count(c))}
	docs, err := indexCorpus(ctx, c, filepath.Join(dir, IndexDir), b.im, b.opts, b.log, newOrdinals(keys), man.Docs)
	if err != nil {
		return nil, err
	}
	snapSize, err := waitSnap()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("indexer: build cancelled: %w", err)
	}
	meta = b.meta(c, name, start, docs, snapSize)
	meta.Mode = ModeFull
	if err := b.finish(dir, name, prev, meta, man, keys); err != nil {
		return nil, err
	}
	b.log.Info("indexer: build done", "dir", name, "documents", docs, "index_bytes", meta.IndexBytes,
		"snapshot_bytes", snapSize, "seconds", meta.BuildSeconds)
	return meta, nil
}

// meta describes a finished build directory (its BuildSeconds up to now).
func (b *builder) meta(c *corpus.Corpus, name string, start time.Time, docs int, snapSize int64) *Meta {
	return &Meta{
		Format:        FormatVersion,
		Dir:           name,
		BuiltAt:       start.UTC(),
		CorpusRoot:    c.Root,
		Counts:        c.Stats(),
		Documents:     docs,
		SnapshotBytes: snapSize,
		Analyzer:      b.opts.Analyzer,
		QueryAnalyzer: QueryAnalyzerFor(b.opts.Analyzer),
		Scoring:       b.opts.Scoring,
		Sources:       b.opts.Sources,
	}
}

// finish writes the manifest, the ordinals and meta.json into dir, syncs
// it, flips CURRENT to it and prunes older builds.
func (b *builder) finish(dir, name, prev string, meta *Meta, man *Manifest, keys []string) error {
	indexBytes, err := dirSize(filepath.Join(dir, IndexDir))
	if err != nil {
		return fmt.Errorf("indexer: build: %w", err)
	}
	meta.IndexBytes = indexBytes
	meta.BuildSeconds = time.Since(meta.BuiltAt).Seconds()
	for name, data := range b.opts.Assets {
		if err := writeFileSync(filepath.Join(dir, name), data); err != nil {
			return fmt.Errorf("indexer: build: asset %s: %w", name, err)
		}
	}
	if err := writeDicts(dir, meta); err != nil {
		return err
	}
	if err := writeManifest(dir, man); err != nil {
		return err
	}
	if err := writeOrdinals(dir, keys); err != nil {
		return err
	}
	if err := writeJSONFile(filepath.Join(dir, MetaFile), meta); err != nil {
		return err
	}
	// Last: the checksums of everything above, which Open verifies.
	if err := writeIntegrity(dir, meta); err != nil {
		return err
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("indexer: build: %w", err)
	}
	if err := syncDir(filepath.Join(dir, IndexDir)); err != nil {
		return fmt.Errorf("indexer: build: %w", err)
	}
	if err := writeCurrent(b.root, name); err != nil {
		return err
	}
	prune(b.root, name, b.log)
	return nil
}

// indexCorpus writes every document of c into a new bleve index at path and
// returns how many it wrote. Batches are filled by one goroutine and
// executed by opts.Workers others: scorch analyses a batch in parallel but
// then builds its segment on one core, so a second batch in flight keeps
// the other core busy meanwhile.
func indexCorpus(ctx context.Context, c *corpus.Corpus, path string, im mapping.IndexMapping, opts BuildOptions, log *slog.Logger,
	ords ordinals, prints map[string]string) (n int, err error) {
	idx, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return 0, fmt.Errorf("indexer: build: create index: %w", err)
	}
	defer func() {
		if cerr := idx.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("indexer: build: close index: %w", cerr)
		}
	}()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	total := Count(c)
	batches := make(chan *bleve.Batch)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // serialises Progress and counts
		done int
	)
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if ctx.Err() != nil {
					continue // drain without work once cancelled
				}
				if err := idx.Batch(b); err != nil {
					cancel(fmt.Errorf("indexer: build: batch: %w", err))
					continue
				}
				mu.Lock()
				done += b.Size()
				if opts.Progress != nil && ctx.Err() == nil {
					opts.Progress(done, total)
				}
				mu.Unlock()
			}
		}()
	}

	batch := idx.NewBatch()
	send := func() bool {
		if batch.Size() == 0 {
			return true
		}
		select {
		case batches <- batch:
			batch = idx.NewBatch()
			return true
		case <-ctx.Done():
			return false
		}
	}
	documents(c, ords, opts.Asked, func(d Document) bool {
		if ctx.Err() != nil {
			return false
		}
		if e := batch.Index(d.ID, d.Fields); e != nil {
			// A document bleve cannot map is reported and skipped.
			log.Warn("indexer: document skipped", "id", d.ID, "err", e)
			return true
		}
		prints[d.ID] = fingerprint(d.Fields)
		n++
		if batch.Size() >= opts.BatchSize {
			return send()
		}
		return true
	})
	send()
	close(batches)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil {
		if ctx.Err() != nil && errors.Is(cause, ctx.Err()) {
			return n, fmt.Errorf("indexer: build cancelled after %d of %d documents: %w", done, total, cause)
		}
		return n, cause
	}
	return n, nil
}

// newBuildName names a build directory after its start time plus random
// bits, so that names sort by age and never collide.
func newBuildName(t time.Time) (string, error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("indexer: build: %w", err)
	}
	return t.UTC().Format("20060102T150405.000000Z") + "-" + hex.EncodeToString(b[:]), nil
}

// readCurrent returns the build directory name CURRENT points to.
func readCurrent(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, CurrentFile))
	if err != nil {
		return "", err
	}
	name := string(bytes.TrimSpace(b))
	if !buildName.MatchString(name) {
		return "", fmt.Errorf("indexer: %s: %q is not a build directory name", filepath.Join(root, CurrentFile), name)
	}
	return name, nil
}

// writeCurrent points CURRENT at name atomically: write a temporary file,
// sync it, rename it over CURRENT and sync the directory, so a crash leaves
// either the old pointer or the new one.
func writeCurrent(root, name string) error {
	tmp, err := os.CreateTemp(root, CurrentFile+".tmp-*")
	if err != nil {
		return fmt.Errorf("indexer: flip CURRENT: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.WriteString(name + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("indexer: flip CURRENT: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("indexer: flip CURRENT: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("indexer: flip CURRENT: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(root, CurrentFile)); err != nil {
		return fmt.Errorf("indexer: flip CURRENT: %w", err)
	}
	if err := syncDir(root); err != nil {
		return fmt.Errorf("indexer: flip CURRENT: %w", err)
	}
	return nil
}

// prune keeps the current build keep and the newest KeepBuilds-1 other
// finished builds (those with an IntegrityFile: the fallbacks of a server
// whose current build is damaged), and removes the other build
// directories and temporary pointer files left by a crash. It runs under
// the root's lock, so no build is in progress. Failures are logged: the
// new build is already current and stays so.
func prune(root, keep string, log *slog.Logger) {
	entries, err := os.ReadDir(root)
	if err != nil {
		log.Warn("indexer: prune", "root", root, "err", err)
		return
	}
	kept := map[string]bool{keep: true}
	for i := len(entries) - 1; i >= 0 && len(kept) < KeepBuilds; i-- { // ReadDir sorts by name: oldest first
		name := entries[i].Name()
		if entries[i].IsDir() && buildName.MatchString(name) && name < keep {
			if _, err := os.Stat(filepath.Join(root, name, IntegrityFile)); err == nil {
				kept[name] = true
			}
		}
	}
	for _, e := range entries {
		name := e.Name()
		stale := e.IsDir() && buildName.MatchString(name) && !kept[name]
		tmpPtr := !e.IsDir() && len(name) > len(CurrentFile+".tmp-") && name[:len(CurrentFile+".tmp-")] == CurrentFile+".tmp-"
		if !stale && !tmpPtr {
			continue
		}
		if err := os.RemoveAll(filepath.Join(root, name)); err != nil {
			log.Warn("indexer: prune", "path", filepath.Join(root, name), "err", err)
			continue
		}
		log.Info("indexer: removed old build", "dir", name)
	}
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("indexer: %s: %w", filepath.Base(path), err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("indexer: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("indexer: %w", err)
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// dirSize is the total size of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}
