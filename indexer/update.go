package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/lawkb/lawkb/corpus"
)

// MaxListedFiles bounds Changes.Files: the counts are complete, the list
// shows the first paths.
const MaxListedFiles = 100

// Changes is what an incremental build changed against its base.
type Changes struct {
	FilesAdded   int          `json:"files_added"`
	FilesChanged int          `json:"files_changed"`
	FilesDeleted int          `json:"files_deleted"`
	Files        []FileChange `json:"files,omitempty"` // the first MaxListedFiles, sorted by path within each change
	Indexed      int          `json:"indexed"`         // documents added or re-indexed
	Deleted      int          `json:"deleted"`         // documents removed
	Unchanged    int          `json:"unchanged"`       // documents left as the base had them
}

// FileChange is one source file that differs from the base build.
type FileChange struct {
	Path   string `json:"path"`
	Change string `json:"change"` // added, changed or deleted
}

// Update makes a new build of c from the current one, re-indexing only
// what changed. The base build's index is copied into a new versioned
// directory; documents whose fields differ from the base's (by fingerprint,
// see Manifest) are re-indexed in bleve batches and documents that are gone
// are deleted, while the rest keep their place, ids and facet ordinals. The
// snapshot, manifest and meta.json are written anew and CURRENT flips only
// after the updated index holds exactly the documents of c; a failure
// removes the new directory and leaves the base serving.
//
// Because c is a whole corpus, loaded and linked afresh, a document whose
// file did not change is still re-indexed when something it is indexed
// with did: a new version that turns the old one into 已修改, an alias.
// Update builds in full, and says why in the log, when there is no current
// build, when it has no manifest, or when it was made with another format,
// analyzer, ranking model, mapping or dictionary.
func Update(ctx context.Context, c *corpus.Corpus, root string, opts BuildOptions) (*Meta, error) {
	start := time.Now()
	b, err := prepare(c, root, &opts)
	if err != nil {
		return nil, err
	}
	defer b.unlock()
	prev, err := readCurrent(root)
	if err != nil {
		b.log.Info("indexer: no current build to update; building in full", "root", root, "reason", err)
		return b.full(ctx, c, start)
	}
	mid, err := mappingID(b.im, b.opts.Analyzer)
	if err != nil {
		return nil, err
	}
	base, why := b.readBase(prev, mid)
	if why != "" {
		b.log.Info("indexer: building in full instead of updating", "base", prev, "reason", why)
		return b.full(ctx, c, start)
	}
	return b.incremental(ctx, c, start, base, mid)
}

// baseBuild is the build an update starts from.
type baseBuild struct {
	name string
	man  *Manifest
	keys []string // its ordinals
}

// readBase reads the manifest and ordinals of build prev; why says what
// makes it unfit as a base, "" when it is fit.
func (b *builder) readBase(prev, mid string) (*baseBuild, string) {
	dir := filepath.Join(b.root, prev)
	// A damaged base would carry its damage into the copy.
	if _, err := Verify(dir, CheckFull); err != nil {
		return nil, err.Error()
	}
	var meta Meta
	data, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err == nil {
		err = json.Unmarshal(data, &meta)
	}
	switch {
	case err != nil:
		return nil, fmt.Sprintf("unreadable %s: %v", MetaFile, err)
	case meta.Format != FormatVersion:
		return nil, fmt.Sprintf("format %d, this program writes %d", meta.Format, FormatVersion)
	case meta.Analyzer != b.opts.Analyzer:
		return nil, fmt.Sprintf("analyzer %s, this build uses %s", meta.Analyzer, b.opts.Analyzer)
	case meta.Scoring != b.opts.Scoring:
		return nil, fmt.Sprintf("scoring %s, this build uses %s", meta.Scoring, b.opts.Scoring)
	}
	man, err := ReadManifest(dir)
	switch {
	case isNotExist(err):
		return nil, "no manifest: built before incremental builds"
	case err != nil:
		return nil, err.Error()
	case man.Format != ManifestFormat:
		return nil, fmt.Sprintf("manifest format %d, this program writes %d", man.Format, ManifestFormat)
	case man.Mapping != mid:
		return nil, "the mapping, ranking model or dictionary changed"
	}
	keys, err := readOrdinals(dir)
	if err != nil {
		return nil, fmt.Sprintf("unreadable %s: %v", OrdinalsFile, err)
	}
	return &baseBuild{name: prev, man: man, keys: keys}, ""
}

// extendOrdinals keeps the base's ordinals of the keys c still has, blanks
// those it lost and appends its new ones, so that unchanged documents keep
// their vno.
func extendOrdinals(prev []string, c *corpus.Corpus) []string {
	want := Ordinals(c)
	present := make(map[string]bool, len(want))
	for _, k := range want {
		present[k] = true
	}
	out := make([]string, len(prev), len(prev)+len(want))
	have := make(map[string]bool, len(prev))
	for i, k := range prev {
		if present[k] && !have[k] {
			out[i] = k
			have[k] = true
		}
	}
	for _, k := range want {
		if !have[k] {
			out = append(out, k)
			have[k] = true
		}
	}
	return out
}

// incremental applies the difference between c and base to a copy of the
// base's index.
func (b *builder) incremental(ctx context.Context, c *corpus.Corpus, start time.Time, base *baseBuild, mid string) (meta *Meta, err error) {
	name, remove, err := b.newDir(start, base.name)
	if err != nil {
		return nil, err
	}
	defer remove(&err)
	dir := filepath.Join(b.root, name)
	b.log.Info("indexer: update started", "dir", dir, "base", base.name)
	if err := copyTree(filepath.Join(b.root, base.name, IndexDir), filepath.Join(dir, IndexDir)); err != nil {
		return nil, fmt.Errorf("indexer: update: copy the base index: %w", err)
	}
	waitSnap := snapshotWriter(dir, c)
	defer func() { waitSnap() }()

	keys := extendOrdinals(base.keys, c)
	man := &Manifest{Format: ManifestFormat, Mapping: mid, Files: sourceFiles(c), Docs: make(map[string]string, Count(c))}
	ch, err := b.apply(ctx, c, filepath.Join(dir, IndexDir), newOrdinals(keys), base.man, man)
	if err != nil {
		return nil, err
	}
	added, changed, deleted := FileChanges(base.man.Files, man.Files)
	ch.FilesAdded, ch.FilesChanged, ch.FilesDeleted = len(added), len(changed), len(deleted)
	for _, l := range []struct {
		change string
		paths  []string
	}{{"added", added}, {"changed", changed}, {"deleted", deleted}} {
		for _, p := range l.paths {
			if len(ch.Files) < MaxListedFiles {
				ch.Files = append(ch.Files, FileChange{Path: p, Change: l.change})
			}
		}
	}
	snapSize, err := waitSnap()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("indexer: update cancelled: %w", err)
	}
	meta = b.meta(c, name, start, len(man.Docs), snapSize)
	meta.Mode, meta.Base, meta.Changes = ModeIncremental, base.name, ch
	if err := b.finish(dir, name, base.name, meta, man, keys); err != nil {
		return nil, err
	}
	b.log.Info("indexer: update done", "dir", name, "base", base.name, "indexed", ch.Indexed, "deleted", ch.Deleted,
		"unchanged", ch.Unchanged, "files_added", ch.FilesAdded, "files_changed", ch.FilesChanged,
		"files_deleted", ch.FilesDeleted, "seconds", meta.BuildSeconds)
	return meta, nil
}

// apply opens the copied index at path for writing, indexes the documents
// of c whose fingerprint differs from prev's, deletes those prev had and c
// has not, and checks that the index then holds exactly c's documents.
// next.Docs receives every document's fingerprint.
func (b *builder) apply(ctx context.Context, c *corpus.Corpus, path string, ords ordinals, prev, next *Manifest) (ch *Changes, err error) {
	idx, err := bleve.Open(path)
	if err != nil {
		return nil, fmt.Errorf("indexer: update: open the copied index: %w", err)
	}
	defer func() {
		if cerr := idx.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("indexer: update: close index: %w", cerr)
		}
	}()
	ch = &Changes{}
	total := Count(c)
	batch := idx.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if err := idx.Batch(batch); err != nil {
			return fmt.Errorf("indexer: update: batch: %w", err)
		}
		// A new batch, never Reset: scorch may still read the one it was
		// given after Batch returns (its analysis goroutines on a
		// delete-only batch), and reusing it is a data race.
		batch = idx.NewBatch()
		if b.opts.Progress != nil {
			b.opts.Progress(ch.Indexed+ch.Deleted, total)
		}
		return nil
	}
	var ferr error
	documents(c, ords, b.opts.Asked, func(d Document) bool {
		if ferr = ctx.Err(); ferr != nil {
			return false
		}
		fp := fingerprint(d.Fields)
		if prev.Docs[d.ID] == fp {
			next.Docs[d.ID] = fp
			ch.Unchanged++
			return true
		}
		if e := batch.Index(d.ID, d.Fields); e != nil {
			// As in a full build: reported and skipped (and so deleted
			// below if the base had it).
			b.log.Warn("indexer: document skipped", "id", d.ID, "err", e)
			return true
		}
		next.Docs[d.ID] = fp
		ch.Indexed++
		if batch.Size() >= b.opts.BatchSize {
			ferr = flush()
		}
		return ferr == nil
	})
	if ferr != nil {
		return nil, ferr
	}
	for id := range prev.Docs {
		if _, ok := next.Docs[id]; !ok {
			batch.Delete(id)
			ch.Deleted++
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	n, err := idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("indexer: update: count: %w", err)
	}
	if n != uint64(len(next.Docs)) {
		return nil, corpus.Errorf(corpus.CodeInternal, "indexer: update: the index holds %d documents, the corpus %d: the base was damaged; build in full", n, len(next.Docs))
	}
	return ch, nil
}

// copyTree copies the regular files under src to dst, syncing each, so
// that the new build never shares a file the base keeps using.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			return copyFile(p, target)
		default:
			return fmt.Errorf("%s: not a regular file", p)
		}
	})
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}
