package analysis

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/go-ego/gse"
)

// Options configure the one segmenter of a process.
type Options struct {
	// Dicts are extra dictionaries of `word<TAB>freq` lines, screened by
	// Screen; cmd/lawkb passes ../shared/dict/THUOCL_law.txt.
	Dicts []string
	// Logger receives one line per load; nil means slog.Default().
	Logger *slog.Logger
}

// Stats describe a loaded dictionary.
type Stats struct {
	Words   int           `json:"words"`   // entries in the dictionary
	Curated int           `json:"curated"` // from dict/lawkb.txt
	Extra   []DictReport  `json:"extra"`   // one per Options.Dicts entry
	Load    time.Duration `json:"load_ns"` // wall time of New
}

// Segmenter is the one segmenter of a process: gse's dictionary plus
// ours, compiled for speed (see engine). It is read-only after New, so one
// Segmenter serves any number of goroutines.
type Segmenter struct {
	eng   *engine
	stats Stats
	extra [][]byte // the bytes of each extra dictionary, in Stats.Extra's order
}

// Dict is an extra dictionary as the segmenter loaded it.
type Dict struct {
	Path   string // as given in Options.Dicts
	SHA256 string
	Data   []byte
}

// Dicts returns the extra dictionaries the segmenter loaded, in load
// order, with their bytes: a build copies them into its directory so that
// a server loads exactly these, wherever it runs.
func (s *Segmenter) Dicts() []Dict {
	out := make([]Dict, len(s.extra))
	for i, d := range s.extra {
		out[i] = Dict{Path: s.stats.Extra[i].Path, SHA256: s.stats.Extra[i].SHA256, Data: d}
	}
	return out
}

// buildMu serialises New. Our segmenters never load gse's HMM model (the
// global state that makes concurrent building unsafe), since Segment does
// not use it; the lock keeps it that way if a later gse touches globals
// while loading, and keeps two large loads from running at once.
var buildMu sync.Mutex

// New loads gse's embedded dictionary, our curated terms and the extra
// dictionaries, and compiles them. It costs about 1.5 CPU seconds and
// 260 MB at its peak (gse's structures, freed before it returns); call it
// once, in cmd wiring or test setup, and hand the result to Use.
func New(opts Options) (*Segmenter, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	began := time.Now()
	g, stats, extra, err := load(opts, log)
	if err != nil {
		return nil, err
	}
	eng, err := compile(g)
	if err != nil {
		return nil, err
	}
	// g, with its 130 MB trie, is garbage from here on. Hand the pages
	// back now: New runs once, at start-up, and the index build that
	// follows wants the memory more than the runtime's free lists do.
	debug.FreeOSMemory()
	stats.Load = time.Since(began)
	args := []any{"words", stats.Words, "curated", stats.Curated, "took", stats.Load.Round(time.Millisecond)}
	for _, r := range stats.Extra {
		rejected := 0
		for _, n := range r.Rejected {
			rejected += n
		}
		args = append(args, "dict", r.Path, "kept", r.Kept, "rejected", rejected)
	}
	log.Info("analysis: dictionary loaded", args...)
	return &Segmenter{eng: eng, stats: stats, extra: extra}, nil
}

// load builds gse's segmenter with all the dictionaries.
func load(opts Options, log *slog.Logger) (*gse.Segmenter, Stats, [][]byte, error) {
	var (
		stats Stats
		extra [][]byte
	)
	g := &gse.Segmenter{NotLoadHMM: true, SkipLog: true}
	g.Dict = gse.NewDict()
	g.Init()

	curated, err := parseCurated(curatedDict)
	if err != nil {
		return nil, stats, nil, err
	}
	mined, err := parseCurated(corpusDict)
	if err != nil {
		return nil, stats, nil, err
	}
	for _, e := range append(curated, mined...) {
		if err := g.AddToken(e.word, e.freq, e.pos); err != nil {
			return nil, stats, nil, fmt.Errorf("analysis: add %q: %w", e.word, err)
		}
	}
	stats.Curated = g.Dict.NumTokens()
	for _, path := range opts.Dicts {
		entries, rep, data, err := readExtra(path)
		if err != nil {
			return nil, stats, nil, err
		}
		extra = append(extra, data)
		before := g.Dict.NumTokens()
		for _, e := range entries {
			if err := g.AddToken(e.word, e.freq, e.pos); err != nil {
				return nil, stats, nil, fmt.Errorf("analysis: add %q from %s: %w", e.word, path, err)
			}
		}
		// Kept counts the words new to the dictionary, not those a curated
		// term already holds.
		rep.Kept = g.Dict.NumTokens() - before
		stats.Extra = append(stats.Extra, rep)
		if rep.Malformed > 0 {
			log.Warn("analysis: malformed dictionary lines skipped (want word<TAB>frequency)", "path", path, "count", rep.Malformed, "lines", fmt.Sprint(rep.MalformedAt))
		}
	}
	// Last, so that the curated and extra words above take precedence; it
	// also computes every word's distance and sub-words in one pass.
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		return nil, stats, nil, fmt.Errorf("analysis: gse dictionary: %w", err)
	}
	stats.Words = g.Dict.NumTokens()
	return g, stats, extra, nil
}

// Stats describes the loaded dictionary.
func (s *Segmenter) Stats() Stats { return s.stats }

// Cut returns the exact-mode terms of text exactly as the query analyzer
// produces them before stop words are removed: lower-case, half-width,
// labels canonical (第32条), no punctuation or whitespace.
func (s *Segmenter) Cut(text string) []string {
	var out []string
	s.walk([]byte(text), false, func(term []byte, _, _, _ int) {
		out = append(out, string(term))
	})
	return out
}

var (
	useMu    sync.Mutex
	loading  *pending // a segmenter announced by Loading and not yet set
	current  *Segmenter
	lazyOnce sync.Once
	lazySeg  *Segmenter
	lazyErr  error
)

// Use makes s the segmenter that the registered tokenizers pick up when
// bleve builds them. Call it before opening or creating an index: an
// index keeps the segmenter its analyzers were built with, and an index
// must be searched with the dictionary it was built with.
func Use(s *Segmenter) {
	useMu.Lock()
	current = s
	useMu.Unlock()
}

// Default returns the segmenter set by Use. Without one it loads, once,
// a segmenter with the embedded dictionaries only, so that opening an
// index in a test just works.
func Default() (*Segmenter, error) {
	useMu.Lock()
	s := current
	useMu.Unlock()
	if s != nil {
		return s, nil
	}
	lazyOnce.Do(func() { lazySeg, lazyErr = New(Options{}) })
	if lazyErr != nil {
		return nil, lazyErr
	}
	useMu.Lock()
	defer useMu.Unlock()
	if current == nil {
		current = lazySeg
	}
	return current, nil
}

// pending is a segmenter that another goroutine is still loading.
type pending struct {
	done chan struct{}
	seg  *Segmenter // set before done is closed; nil when loading failed
}

// Loading announces that a segmenter is being loaded on another goroutine,
// so that an index can be opened in the meantime: the tokenizers bleve builds
// until then wait for the segmenter when they first tokenize. Call the
// returned function exactly once, with the loaded segmenter (which it Uses),
// or with nil when loading failed; tokenizers waiting on a failed load
// produce no tokens, so the caller must report the failure and stop.
func Loading() func(*Segmenter) {
	p := &pending{done: make(chan struct{})}
	useMu.Lock()
	loading = p
	useMu.Unlock()
	return func(s *Segmenter) {
		useMu.Lock()
		p.seg = s
		if s != nil {
			current = s
		}
		if loading == p {
			loading = nil
		}
		useMu.Unlock()
		close(p.done)
	}
}

// Loaded returns the segmenter in use, waiting for one that Loading
// announced; without either it is Default.
func Loaded() (*Segmenter, error) {
	if p := pendingLoad(); p != nil {
		<-p.done
		if p.seg == nil {
			return nil, fmt.Errorf("analysis: the segmenter failed to load")
		}
		return p.seg, nil
	}
	return Default()
}

// pendingLoad returns the segmenter being loaded, if any.
func pendingLoad() *pending {
	useMu.Lock()
	defer useMu.Unlock()
	return loading
}

// Rarity is how rare a dictionary word is in general language, in bits
// (-log2 of its share of the dictionary's frequencies): 上午 is common, 沟槽
// rare. ok is false for a word the dictionary does not hold. Search weighs a
// case text's words with it: a word common in general language but rare in
// the statutes (上午, 队员) tells the story, not the violation.
func (s *Segmenter) Rarity(word string) (bits float64, ok bool) {
	e := s.eng
	sc := e.pool.Get().(*scratch)
	defer e.pool.Put(sc)
	units := e.split([]byte(word), sc, false)
	if len(units) == 0 {
		return 0, false
	}
	at := e.fromRoot(units[0].id)
	for _, u := range units[1:] {
		if at == noChild {
			return 0, false
		}
		at = e.find(e.edges[at].first, e.edges[at].n, u.id)
	}
	if at == noChild || e.edges[at].word < 0 {
		return 0, false
	}
	return float64(e.dist[e.edges[at].word]), true
}
