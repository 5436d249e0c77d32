package crawler

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// Status is the outcome of the last visit of a document URL.
type Status string

// Manifest statuses. A file is on disk exactly when an entry's Path is set:
// after a transient failure (error, too_large, invalid) the last good copy
// stays and keeps its path.
const (
	StatusNew         Status = "new"          // first copy written
	StatusUpdated     Status = "updated"      // content changed, file rewritten
	StatusUnchanged   Status = "unchanged"    // fetched again, same content
	StatusNotModified Status = "not_modified" // 304 to a conditional GET
	StatusDuplicate   Status = "duplicate"    // same content as another URL's file
	StatusGone        Status = "gone"         // 404/410 for a document we had: file removed
	StatusNotFound    Status = "not_found"    // 404/410, never had it
	StatusDisallowed  Status = "disallowed"   // robots.txt says no
	StatusTooLarge    Status = "too_large"    // over the size limit
	StatusInvalid     Status = "invalid"      // fetched, but no title or text found
	StatusError       Status = "error"        // 5xx after retries, timeout, redirect loop, network
)

// Entry is one line of OUT/manifest.jsonl: a document URL, where its file
// is and how the last visit went.
type Entry struct {
	URL          string        `json:"url"`
	Source       string        `json:"source"`
	FetchedAt    time.Time     `json:"fetched_at"` // the last visit: the "last verified" stamp
	ETag         string        `json:"etag,omitempty"`
	LastModified string        `json:"last_modified,omitempty"`
	SHA256       string        `json:"sha256,omitempty"` // of the Markdown file
	Path         string        `json:"path,omitempty"`   // relative to OUT, slash-separated
	Status       Status        `json:"status"`
	Error        string        `json:"error,omitempty"`
	Title        string        `json:"title,omitempty"`
	Date         string        `json:"date,omitempty"` // YYYY-MM-DD, the date in the file name
	Kind         corpus.Kind   `json:"kind,omitempty"`
	Region       string        `json:"region,omitempty"`
	Issuer       string        `json:"issuer,omitempty"`
	Validity     corpus.Status `json:"validity,omitempty"` // when the source states it (APIs do)
	Charset      string        `json:"charset,omitempty"`
	DuplicateOf  string        `json:"duplicate_of,omitempty"`
}

// Task kinds in the crawl queue.
const (
	taskList      = "list"
	taskDetail    = "detail"
	taskAPIList   = "api-list"
	taskAPIDetail = "api-detail"
)

// Task is one queued request of a source.
type Task struct {
	Kind string   `json:"kind"`
	URL  string   `json:"url"`
	Page int      `json:"page,omitempty"` // api-list
	Item *APIItem `json:"item,omitempty"` // api-detail
}

// SourceState is a source's progress in the current run and its last counts.
type SourceState struct {
	Queue     []Task          `json:"queue"`
	Done      map[string]bool `json:"done"`     // URLs handled in this run
	Pages     int             `json:"pages"`    // requests made in this run
	Finished  bool            `json:"finished"` // this run is through with the source
	Truncated bool            `json:"truncated,omitempty"`
	Started   time.Time       `json:"started"`
	Ended     time.Time       `json:"ended"`
	Counts    map[Status]int  `json:"counts"`
	Errors    []string        `json:"errors,omitempty"` // the last few, newest last

	queued map[string]bool
}

// State is what survives a crash or Ctrl-C: the queues of an unfinished run
// and every document's last entry. It is written atomically.
type State struct {
	Version int                     `json:"version"`
	Running bool                    `json:"running"` // a run started and has not finished
	Started time.Time               `json:"started"`
	Sources map[string]*SourceState `json:"sources"`
	Docs    map[string]*Entry       `json:"docs"`   // by URL
	Hashes  map[string]string       `json:"hashes"` // content sha256 → URL whose file holds it

	paths map[string]string // file path → URL, derived from Docs
}

const stateVersion = 1

// StateFile is the name of the state file inside OUT.
const StateFile = ".crawl-state.json"

// ManifestFile is the name of the manifest inside OUT.
const ManifestFile = "manifest.jsonl"

// SourcesFile is the name of the per-source report inside OUT.
const SourcesFile = "sources.json"

func newState() *State {
	return &State{Version: stateVersion, Sources: map[string]*SourceState{}, Docs: map[string]*Entry{},
		Hashes: map[string]string{}, paths: map[string]string{}}
}

// loadState reads OUT's state file; a missing file is a fresh state. A
// corrupt one is an error: the operator must decide (delete it to start over).
func loadState(out string) (*State, error) {
	data, err := os.ReadFile(filepath.Join(out, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, err
	}
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "crawler: state %s is corrupt (delete it to start over): %w",
			filepath.Join(out, StateFile), err)
	}
	if st.Version != stateVersion {
		return nil, corpus.Errorf(corpus.CodeInvalid, "crawler: state %s has version %d, want %d",
			filepath.Join(out, StateFile), st.Version, stateVersion)
	}
	if st.Sources == nil {
		st.Sources = map[string]*SourceState{}
	}
	if st.Docs == nil {
		st.Docs = map[string]*Entry{}
	}
	if st.Hashes == nil {
		st.Hashes = map[string]string{}
	}
	for u, e := range st.Docs {
		if e.Path != "" {
			st.paths[e.Path] = u
		}
	}
	for _, ss := range st.Sources {
		ss.index()
	}
	return st, nil
}

func (ss *SourceState) index() {
	if ss.Done == nil {
		ss.Done = map[string]bool{}
	}
	if ss.Counts == nil {
		ss.Counts = map[Status]int{}
	}
	ss.queued = map[string]bool{}
	for _, t := range ss.Queue {
		ss.queued[t.key()] = true
	}
}

func (t Task) key() string { return t.Kind + " " + t.URL }

// push queues a task unless it was done or queued in this run.
func (ss *SourceState) push(t Task) bool {
	k := t.key()
	if ss.Done[k] || ss.queued[k] {
		return false
	}
	ss.queued[k] = true
	ss.Queue = append(ss.Queue, t)
	return true
}

// pop removes the head task once it is handled, so that a crash while it
// is in flight leaves it queued.
func (ss *SourceState) pop() {
	t := ss.Queue[0]
	ss.Queue = ss.Queue[1:]
	delete(ss.queued, t.key())
	ss.Done[t.key()] = true
}

const maxErrors = 20

func (ss *SourceState) addError(msg string) {
	ss.Errors = append(ss.Errors, msg)
	if len(ss.Errors) > maxErrors {
		ss.Errors = ss.Errors[len(ss.Errors)-maxErrors:]
	}
}

// save writes the state, the manifest and the sources report, each atomically.
func (st *State) save(out string, cfg *Config) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(out, StateFile), data); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(out, ManifestFile), st.manifest()); err != nil {
		return err
	}
	var rep bytes.Buffer
	enc := json.NewEncoder(&rep)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(st.reports(cfg)); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(out, SourcesFile), rep.Bytes())
}

// manifest renders one JSON line per document, ordered by source and URL so
// that reruns diff cleanly.
func (st *State) manifest() []byte {
	entries := make([]*Entry, 0, len(st.Docs))
	for _, e := range st.Docs {
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].Source != entries[j].Source {
			return entries[i].Source < entries[j].Source
		}
		return entries[i].URL < entries[j].URL
	})
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		_ = enc.Encode(e) // an Entry always encodes
	}
	return b.Bytes()
}

// SourceReport is a source's line in OUT/sources.json: its last crawl, its
// counts and its recent errors, for GET /api/v1/sources.
type SourceReport struct {
	Name      string         `json:"name"`
	Kind      corpus.Kind    `json:"kind"`
	Region    string         `json:"region,omitempty"`
	Started   time.Time      `json:"started"`
	Ended     time.Time      `json:"ended"` // zero while a crawl is unfinished
	Finished  bool           `json:"finished"`
	Truncated bool           `json:"truncated,omitempty"` // stopped at max_pages
	Pages     int            `json:"pages"`
	Queued    int            `json:"queued"`
	Documents int            `json:"documents"` // files on disk
	Counts    map[Status]int `json:"counts"`
	Errors    []string       `json:"errors,omitempty"`
}

func (st *State) reports(cfg *Config) []SourceReport {
	docs := map[string]int{}
	for _, e := range st.Docs {
		if e.Path != "" {
			docs[e.Source]++
		}
	}
	var out []SourceReport
	for _, src := range cfg.Sources {
		ss := st.Sources[src.Name]
		if ss == nil {
			out = append(out, SourceReport{Name: src.Name, Kind: src.Kind, Region: src.Region, Counts: map[Status]int{}})
			continue
		}
		r := SourceReport{Name: src.Name, Kind: src.Kind, Region: src.Region, Started: ss.Started, Finished: ss.Finished,
			Truncated: ss.Truncated, Pages: ss.Pages, Queued: len(ss.Queue), Documents: docs[src.Name],
			Counts: ss.Counts, Errors: ss.Errors}
		if ss.Finished {
			r.Ended = ss.Ended
		}
		out = append(out, r)
	}
	return out
}

// ReadManifest reads OUT/manifest.jsonl.
func ReadManifest(out string) ([]Entry, error) {
	data, err := os.ReadFile(filepath.Join(out, ManifestFile))
	if err != nil {
		return nil, err
	}
	var entries []Entry
	dec := json.NewDecoder(bytes.NewReader(data))
	for line := 1; dec.More(); line++ {
		var e Entry
		if err := dec.Decode(&e); err != nil {
			return entries, corpus.Errorf(corpus.CodeInvalid, "crawler: %s entry %d: %w", ManifestFile, line, err)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// ReadSources reads OUT/sources.json.
func ReadSources(out string) ([]SourceReport, error) {
	data, err := os.ReadFile(filepath.Join(out, SourcesFile))
	if err != nil {
		return nil, err
	}
	var reps []SourceReport
	if err := json.Unmarshal(data, &reps); err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "crawler: %s: %w", SourcesFile, err)
	}
	return reps, nil
}

// writeAtomic writes via a temporary file, fsync and rename, so that a crash
// leaves either the old file or the new one, never half of one.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	return nil
}
