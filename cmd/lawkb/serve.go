package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/gofiber/fiber/v2"
	"github.com/lawkb/lawkb/crawler"
	"github.com/lawkb/lawkb/indexer/analysis"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/web"
)

func init() {
	register(command{name: "serve", summary: "serve the API (and web UI) from an index", run: runServe})
}

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	indexDir := fs.String("index", defaultIndex, "index root")
	corpusDir := fs.String("corpus", "", "corpus root: build the index first when there is none, and rebuild from it on POST /api/v1/admin/reindex")
	addr := fs.String("addr", ":8080", "listen address")
	adminKey := fs.String("admin-key", "", "X-API-Key for POST /api/v1/admin/reindex (empty: disabled)")
	catalogDir := fs.String("catalog", defaultCatalog, "folder of enforcement catalogues used when building")
	cacheMB := fs.Int("cache-mb", 64, "memory of each result cache (search, suggest-basis) in MB; 0 for none")
	checkFlag := fs.String("check", "full", "how a build is verified before it serves: full (every file's SHA-256) or sizes")
	dict := fs.String("dict", defaultDict, "legal dictionary for a build serve makes when there is no intact index; an index is served with its own copy")
	keysFile := fs.String("keys", "", "API keys of client systems, one a line: name sha256-of-key rate-per-minute endpoints (comma-separated route templates or *); with keys /api/v1 needs one, the web UI never does; empty: open mode")
	var limits api.Limits
	fs.IntVar(&limits.Concurrent, "max-concurrent", 0, "searches, suggestions and search pages answered at once (0: 2 × cores)")
	fs.IntVar(&limits.Queue, "queue", 0, "requests that may wait for a slot (0: 2 × max-concurrent); beyond, 503 with Retry-After")
	fs.DurationVar(&limits.QueueWait, "queue-wait", 0, "longest wait for a slot before 503 (0: 200ms)")
	fs.DurationVar(&limits.Deadline, "deadline", 0, "longest time of a search from its arrival, the wait included, before it stops with 503 (0: 1s)")
	fs.IntVar(&limits.AddressRate, "address-rate", 0, "requests a minute per client address without a key (0: 1200; -1: unlimited)")
	publicURL := fs.String("public-url", os.Getenv("LAWKB_PUBLIC_URL"), "the address people reach the service at (https://lawkb.example.gov.cn), for links in exported course material; default $LAWKB_PUBLIC_URL; empty: exports carry citations, no links")
	if err := fs.Parse(args); err != nil {
		return err
	}
	public, err := web.ParsePublicURL(*publicURL)
	if err != nil {
		return err
	}
	check, err := indexer.ParseCheck(*checkFlag)
	if err != nil {
		return err
	}
	var keys []api.Key
	if *keysFile != "" {
		if keys, err = api.ParseKeys(*keysFile); err != nil {
			return err
		}
	}
	start := time.Now()
	// Until the index is open (or, on a fresh machine, built) the address
	// answers 503 with the progress.
	_, stopStarting, err := serveStarting(*addr)
	if err != nil {
		return err
	}
	idx, err := openOrBuild(ctx, *indexDir, *corpusDir, *catalogDir, *dict, check)
	stopStarting()
	if err != nil {
		return err
	}
	st := idx.Status()
	slog.Info("index verified", "build", st.Build, "check", st.Check, "files", st.Files, "bytes", st.Bytes,
		"seconds", st.Took.Seconds(), "refused", len(st.Refused))
	cfg := api.Config{Index: idx, AdminKey: *adminKey, Keys: keys, Limits: limits, CacheBytes: int64(*cacheMB) << 20,
		Sources: crawlReports}
	if seg, err := analysis.Default(); err == nil {
		cfg.Words = seg.Cut
	}
	cfg.Pages = func(r fiber.Router, d api.PageDeps) api.ErrorPage {
		return api.ErrorPage(web.Mount(r, web.Deps{Corpus: d.Corpus, Search: d.Search, Suggest: d.Suggest, Complete: d.Complete, Guard: d.Guard,
			Logger: d.Logger, PublicURL: public, Words: cfg.Words}))
	}
	if *cacheMB <= 0 {
		cfg.CacheBytes = -1
	}
	if *corpusDir != "" {
		cfg.Rebuild = func(ctx context.Context) error {
			return rebuildChild(ctx, idx.Root(), *corpusDir, *catalogDir, idx.Meta())
		}
	}
	srv := api.New(cfg)
	errc := make(chan error, 1)
	go func() { errc <- srv.Listen(*addr) }()
	mode := "open"
	if len(keys) > 0 {
		mode = "keys"
	}
	slog.Info("serving", "addr", *addr, "index", idx.Meta().Dir, "mode", mode, "keys", len(keys), "startup_seconds", time.Since(start).Seconds())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	_ = idx.Close()
	return err
}

// rebuildNice is the niceness of the build a server runs: searches keep
// the cores they need while it runs.
const rebuildNice = 10

// rebuildChild runs lawkb index in a child process at a lower priority, so
// that a reindex does not slow the searches it serves meanwhile, and its
// peak memory is given back when it ends. The live sources the served
// build imported are imported again and only what changed is re-indexed;
// the dictionary is the served build's own copy, so the analyzer stays the
// same.
func rebuildChild(ctx context.Context, root, corpusDir, catalogDir string, served indexer.Meta) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	src := served.Sources
	args := []string{"index", "--index", root, "--corpus", corpusDir, "--catalog", catalogDir,
		"--standards", src.Standards, "--analyzer", served.Analyzer, "--dict", ""}
	if d := indexer.DictPaths(filepath.Join(root, served.Dir), served); len(d) > 0 {
		args[len(args)-1] = d[0]
	}
	for _, h := range src.Handbooks {
		args = append(args, "--handbooks", h)
	}
	for _, c := range src.Crawls {
		args = append(args, "--crawl", c)
	}
	for _, q := range src.Questions {
		args = append(args, "--questions", q)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := setNice(cmd.Process.Pid, rebuildNice); err != nil {
		slog.Warn("reindex: cannot lower the build's priority", "pid", cmd.Process.Pid, "err", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("reindex: lawkb index: %w", err)
	}
	return nil
}

// crawlReports reads the reports of a crawl directory for /api/v1/sources.
func crawlReports(dir string) ([]api.SourceReport, error) {
	reps, err := crawler.ReadSources(dir)
	if err != nil {
		return nil, err
	}
	out := make([]api.SourceReport, len(reps))
	for i, r := range reps {
		out[i] = api.SourceReport{Name: r.Name, Report: r}
	}
	return out, nil
}
