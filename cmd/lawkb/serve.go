package main

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/indexer"
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
	checkFlag := fs.String("check", "full", "how a build is verified before it serves: full (every file's SHA-256) or sizes")
	dict := fs.String("dict", defaultDict, "legal dictionary for a build serve makes when there is no intact index; an index is served with its own copy")
	if err := fs.Parse(args); err != nil {
		return err
	}
	check, err := indexer.ParseCheck(*checkFlag)
	if err != nil {
		return err
	}
	start := time.Now()
	idx, err := openOrBuild(ctx, *indexDir, *corpusDir, *catalogDir, *dict, check)
	if err != nil {
		return err
	}
	st := idx.Status()
	slog.Info("index verified", "build", st.Build, "check", st.Check, "files", st.Files, "bytes", st.Bytes,
		"seconds", st.Took.Seconds(), "refused", len(st.Refused))
	cfg := api.Config{Index: idx, AdminKey: *adminKey}
	if *corpusDir != "" {
		cfg.Rebuild = func(ctx context.Context) error {
			// The live sources the served build imported are imported
			// again, and only what changed in them is re-indexed.
			src := idx.Meta().Sources
			_, err := runBuild(ctx, indexConfig{Corpus: *corpusDir, Catalog: *catalogDir, Standards: src.Standards,
				Handbooks: src.Handbooks, Crawls: src.Crawls, Questions: src.Questions, Index: *indexDir, Analyzer: idx.Meta().Analyzer}, nil)
			return err
		}
	}
	srv := api.New(cfg)
	errc := make(chan error, 1)
	go func() { errc <- srv.Listen(*addr) }()
	slog.Info("serving", "addr", *addr, "index", idx.Meta().Dir, "startup_seconds", time.Since(start).Seconds())
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
