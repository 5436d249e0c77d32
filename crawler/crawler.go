package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// Options tune a crawl; zero values take the defaults.
type Options struct {
	Fetch           FetchOptions
	Parallel        int // sources crawled at once; default 2
	CheckpointEvery int // requests between state saves; default 20
	Logger          *slog.Logger
	Now             func() time.Time    // the clock of fetched_at; default time.Now
	Progress        func(ProgressEvent) // called after every request, never concurrently
}

// ProgressEvent tells a display what the crawler just did.
type ProgressEvent struct {
	Source string
	Kind   string // list, detail, api-list, api-detail
	URL    string
	Status Status // for document requests
	Err    error
	Pages  int // requests made for the source in this run
	Queued int // tasks left in the source's queue
}

// Crawler crawls the sources of a config into an output directory.
type Crawler struct {
	cfg   *Config
	out   string
	opts  Options
	fetch *Fetcher
	log   *slog.Logger

	mu    sync.Mutex // guards state and the files it points at
	state *State
	since int // requests since the last checkpoint

	progressMu sync.Mutex // serialises Progress calls across sources
}

// New prepares a crawl of cfg into out, loading the state of an earlier or
// interrupted run if there is one.
func New(cfg *Config, out string, opts Options) (*Crawler, error) {
	if cfg == nil || len(cfg.Sources) == 0 {
		return nil, corpus.Errorf(corpus.CodeInvalid, "crawler: no sources")
	}
	if opts.Parallel <= 0 {
		opts.Parallel = 2
	}
	if opts.CheckpointEvery <= 0 {
		opts.CheckpointEvery = 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Fetch.Logger == nil {
		opts.Fetch.Logger = opts.Logger
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "crawler: output dir: %w", err)
	}
	st, err := loadState(out)
	if err != nil {
		return nil, err
	}
	return &Crawler{cfg: cfg, out: out, opts: opts, fetch: NewFetcher(opts.Fetch), log: opts.Logger, state: st}, nil
}

// Run crawls every source. It resumes an interrupted run where it stopped;
// otherwise it starts a new one from the start URLs, revisiting known
// documents with conditional GETs. On cancellation it saves its state and
// returns the context's error; per-page failures are recorded, not returned.
func (c *Crawler) Run(ctx context.Context) ([]SourceReport, error) {
	c.mu.Lock()
	resume := c.state.Running
	if !resume {
		c.state.Running = true
		c.state.Started = c.opts.Now()
	}
	for _, src := range c.cfg.Sources {
		ss := c.state.Sources[src.Name]
		if resume && ss != nil {
			continue // crawlSource picks up its queue, or closes it if empty
		}
		ss = &SourceState{Started: c.opts.Now()}
		ss.index()
		switch src.Type {
		case TypeAPI:
			ss.push(Task{Kind: taskAPIList, URL: apiListURL(src.API, 1), Page: 1})
		default:
			for _, s := range src.Start {
				ss.push(Task{Kind: taskList, URL: strings.TrimSpace(s)})
			}
		}
		c.state.Sources[src.Name] = ss
	}
	if resume {
		c.log.Info("crawler: resuming an interrupted run", "out", c.out, "started", c.state.Started)
	}
	err := c.state.save(c.out, c.cfg)
	c.mu.Unlock()
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "crawler: save state: %w", err)
	}

	sem := make(chan struct{}, c.opts.Parallel)
	var wg sync.WaitGroup
	for _, src := range c.cfg.Sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			c.crawlSource(ctx, src)
		}()
	}
	wg.Wait()

	c.mu.Lock()
	defer c.mu.Unlock()
	if ctx.Err() == nil {
		c.state.Running = false
	}
	if err := c.state.save(c.out, c.cfg); err != nil {
		return nil, corpus.Errorf(corpus.CodeUnavailable, "crawler: save state: %w", err)
	}
	reps := c.state.reports(c.cfg)
	if ctx.Err() != nil {
		return reps, ctx.Err()
	}
	return reps, nil
}

func (c *Crawler) crawlSource(ctx context.Context, src *Source) {
	interval := time.Duration(float64(time.Second) / src.Rate)
	for ctx.Err() == nil {
		c.mu.Lock()
		ss := c.state.Sources[src.Name]
		if ss.Finished {
			c.mu.Unlock()
			return
		}
		if len(ss.Queue) == 0 || ss.Pages >= src.MaxPages {
			if len(ss.Queue) > 0 {
				ss.Truncated = true
				c.log.Warn("crawler: max_pages reached", "source", src.Name, "max_pages", src.MaxPages, "left", len(ss.Queue))
				ss.Queue, ss.queued = nil, map[string]bool{}
			}
			ss.Finished, ss.Ended = true, c.opts.Now()
			c.checkpointLocked(true)
			c.mu.Unlock()
			return
		}
		task := ss.Queue[0]
		ss.Pages++
		c.mu.Unlock()

		status, err := c.handle(ctx, src, task, interval)
		if ctx.Err() != nil {
			// Interrupted in flight: the task stays queued for the resume,
			// and the request is not counted twice.
			c.mu.Lock()
			ss.Pages--
			c.mu.Unlock()
			return
		}
		c.mu.Lock()
		ss.pop()
		if status != "" {
			ss.Counts[status]++
		}
		if err != nil {
			ss.addError(fmt.Sprintf("%s %s: %v", task.Kind, task.URL, err))
			c.log.Debug("crawler: page failed", "source", src.Name, "kind", task.Kind, "url", task.URL, "err", err)
		}
		ev := ProgressEvent{Source: src.Name, Kind: task.Kind, URL: task.URL, Status: status, Err: err,
			Pages: ss.Pages, Queued: len(ss.Queue)}
		c.checkpointLocked(false)
		c.mu.Unlock()
		if c.opts.Progress != nil {
			c.progressMu.Lock()
			c.opts.Progress(ev)
			c.progressMu.Unlock()
		}
	}
}

// checkpointLocked saves every CheckpointEvery requests, or now when forced.
func (c *Crawler) checkpointLocked(force bool) {
	c.since++
	if !force && c.since < c.opts.CheckpointEvery {
		return
	}
	c.since = 0
	if err := c.state.save(c.out, c.cfg); err != nil {
		c.log.Error("crawler: checkpoint failed", "out", c.out, "err", err)
	}
}

func (c *Crawler) handle(ctx context.Context, src *Source, t Task, interval time.Duration) (Status, error) {
	switch t.Kind {
	case taskList:
		return "", c.handleList(ctx, src, t, interval)
	case taskDetail:
		return c.handleDetail(ctx, src, t, interval)
	case taskAPIList:
		return "", c.handleAPIList(ctx, src, t, interval)
	case taskAPIDetail:
		return c.handleAPIDetail(ctx, src, t, interval)
	}
	return "", fmt.Errorf("unknown task kind %q", t.Kind)
}

func (c *Crawler) handleList(ctx context.Context, src *Source, t Task, interval time.Duration) error {
	resp, err := c.fetch.Fetch(ctx, Request{URL: t.URL, Interval: interval})
	if err != nil {
		return err
	}
	text, _ := DecodeHTML(resp.Body, resp.ContentType)
	base, err := url.Parse(resp.URL)
	if err != nil {
		return err
	}
	details, next, err := ListLinks(text, base, src.List)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ss := c.state.Sources[src.Name]
	for _, d := range details {
		if u, err := url.Parse(d); err == nil && src.Allowed(u) {
			ss.push(Task{Kind: taskDetail, URL: d})
		}
	}
	for _, n := range next {
		if u, err := url.Parse(n); err == nil && src.Allowed(u) {
			ss.push(Task{Kind: taskList, URL: n})
		}
	}
	return nil
}

func (c *Crawler) handleDetail(ctx context.Context, src *Source, t Task, interval time.Duration) (Status, error) {
	req := c.conditional(Request{URL: t.URL, Interval: interval})
	resp, err := c.fetch.Fetch(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return c.recordFailure(src, t.URL, err)
	}
	if resp.NotModified {
		return c.recordNotModified(src, t.URL, resp)
	}
	text, charset := DecodeHTML(resp.Body, resp.ContentType)
	det, err := ExtractDetail(text, src.Detail)
	if err != nil {
		return c.recordFailure(src, t.URL, invalidError{err})
	}
	if det.Meta.Issuer == "" {
		det.Meta.Issuer = src.Issuer
	}
	doc, err := Normalize(det.Meta, det.Lines)
	if err != nil {
		return c.recordFailure(src, t.URL, invalidError{err})
	}
	return c.store(src, t.URL, resp, doc, docFacts{charset: charset})
}

// invalidError marks a page that was fetched but held no usable document.
type invalidError struct{ err error }

func (e invalidError) Error() string { return e.err.Error() }
func (e invalidError) Unwrap() error { return e.err }

// conditional adds the validators of the document's last good copy, if its
// file is still on disk (a deleted file must be fetched in full).
func (c *Crawler) conditional(req Request) Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev := c.state.Docs[req.URL]
	if prev == nil || prev.Path == "" {
		return req
	}
	if _, err := os.Stat(filepath.Join(c.out, filepath.FromSlash(prev.Path))); err != nil {
		return req
	}
	req.ETag, req.LastModified = prev.ETag, prev.LastModified
	return req
}

func (c *Crawler) newEntry(src *Source, u string) *Entry {
	return &Entry{URL: u, Source: src.Name, FetchedAt: c.opts.Now().UTC(), Kind: src.Kind, Region: src.Region}
}

func (c *Crawler) recordFailure(src *Source, u string, err error) (Status, error) {
	var se *HTTPError
	status := StatusError
	switch {
	case errors.Is(err, ErrDisallowed):
		status = StatusDisallowed
	case errors.Is(err, ErrTooLarge):
		status = StatusTooLarge
	case errors.As(err, &se) && (se.Code == http.StatusNotFound || se.Code == http.StatusGone):
		status = StatusNotFound
	case errors.As(err, new(invalidError)):
		status = StatusInvalid
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.newEntry(src, u)
	e.Status, e.Error = status, err.Error()
	if prev := c.state.Docs[u]; prev != nil && prev.Path != "" {
		if status == StatusNotFound || status == StatusDisallowed {
			// The publisher withdrew it (or asks us to stay away): drop our copy
			// so the next index removes it.
			c.removeFileLocked(prev)
			if status == StatusNotFound {
				e.Status = StatusGone
			}
		} else {
			// A transient failure keeps the last good copy.
			keep := *prev
			keep.FetchedAt, keep.Status, keep.Error = e.FetchedAt, e.Status, e.Error
			e = &keep
		}
	}
	c.state.Docs[u] = e
	return e.Status, err
}

func (c *Crawler) recordNotModified(src *Source, u string, resp *Response) (Status, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev := c.state.Docs[u]
	if prev == nil {
		// We sent no validators, so a 304 is the server's bug.
		e := c.newEntry(src, u)
		e.Status, e.Error = StatusError, "304 Not Modified to an unconditional request"
		c.state.Docs[u] = e
		return e.Status, errors.New(e.Error)
	}
	e := *prev
	e.FetchedAt, e.Status, e.Error = c.opts.Now().UTC(), StatusNotModified, ""
	if resp.ETag != "" {
		e.ETag = resp.ETag
	}
	if resp.LastModified != "" {
		e.LastModified = resp.LastModified
	}
	c.state.Docs[u] = &e
	return e.Status, nil
}

// store writes a normalised document unless its content is unchanged or
// already held under another URL.
// docFacts are what a source knows of a document beyond its text.
type docFacts struct {
	charset  string
	validity corpus.Status
	kind     corpus.Kind // overrides the source's kind when set
}

func (c *Crawler) store(src *Source, u string, resp *Response, doc *Document, facts docFacts) (Status, error) {
	md := doc.Markdown()
	sum := sha256.Sum256(md)
	hash := hex.EncodeToString(sum[:])

	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.newEntry(src, u)
	e.ETag, e.LastModified, e.SHA256, e.Charset, e.Validity = resp.ETag, resp.LastModified, hash, facts.charset, facts.validity
	if facts.kind != "" {
		e.Kind = facts.kind
	}
	e.Title, e.Issuer = doc.Title, doc.Issuer
	if !doc.Date.IsZero() {
		e.Date = doc.Date.String()
	}
	prev := c.state.Docs[u]
	prevOnDisk := prev != nil && prev.Path != "" && c.fileExists(prev.Path)

	if prevOnDisk && prev.SHA256 == hash {
		e.Path, e.Status = prev.Path, StatusUnchanged
		c.state.Docs[u] = e
		c.state.Hashes[hash] = u
		return e.Status, nil
	}
	if owner, ok := c.state.Hashes[hash]; ok && owner != u {
		if o := c.state.Docs[owner]; o != nil && o.Path != "" && c.fileExists(o.Path) {
			if prev != nil && prev.Path != "" {
				c.removeFileLocked(prev)
			}
			e.SHA256, e.Status, e.DuplicateOf = hash, StatusDuplicate, owner
			c.state.Docs[u] = e
			return e.Status, nil
		}
	}
	rel := c.pathFor(src, u, doc)
	if err := writeAtomic(filepath.Join(c.out, filepath.FromSlash(rel)), md); err != nil {
		// The disk is the crawler's own: failing to write is fatal to the page
		// but the crawl goes on and reports it.
		e.Status, e.Error, e.SHA256 = StatusError, "write: "+err.Error(), ""
		if prev != nil {
			keep := *prev
			keep.FetchedAt, keep.Status, keep.Error = e.FetchedAt, e.Status, e.Error
			e = &keep
		}
		c.state.Docs[u] = e
		return e.Status, err
	}
	e.Status = StatusNew
	if prev != nil && prev.Path != "" {
		e.Status = StatusUpdated
		if prev.Path != rel {
			c.removeFileLocked(prev)
		} else if c.state.Hashes[prev.SHA256] == u {
			delete(c.state.Hashes, prev.SHA256)
		}
	}
	e.Path = rel
	c.state.paths[rel] = u
	c.state.Hashes[hash] = u
	c.state.Docs[u] = e
	return e.Status, nil
}

// pathFor names the file OUT/<source>/<title>(<date>).md; when another URL
// already owns that name, a short hash of the URL keeps both.
func (c *Crawler) pathFor(src *Source, u string, doc *Document) string {
	name := doc.FileName()
	rel := path.Join(src.Name, name)
	if owner, ok := c.state.paths[rel]; !ok || owner == u {
		return rel
	}
	sum := sha256.Sum256([]byte(u))
	stem := strings.TrimSuffix(name, ".md")
	date := ""
	if i := strings.LastIndex(stem, "("); i > 0 && strings.HasSuffix(stem, ")") {
		stem, date = stem[:i], stem[i:]
	}
	return path.Join(src.Name, stem+"_"+hex.EncodeToString(sum[:4])+date+".md")
}

func (c *Crawler) fileExists(rel string) bool {
	_, err := os.Stat(filepath.Join(c.out, filepath.FromSlash(rel)))
	return err == nil
}

// removeFileLocked deletes an entry's file and forgets what pointed at it.
func (c *Crawler) removeFileLocked(e *Entry) {
	if err := os.Remove(filepath.Join(c.out, filepath.FromSlash(e.Path))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		c.log.Warn("crawler: remove file", "path", e.Path, "err", err)
	}
	if c.state.paths[e.Path] == e.URL {
		delete(c.state.paths, e.Path)
	}
	if c.state.Hashes[e.SHA256] == e.URL {
		delete(c.state.Hashes, e.SHA256)
	}
}
