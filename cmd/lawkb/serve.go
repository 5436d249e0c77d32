package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"time"

	"github.com/lawkb/lawkb/api"
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
	publicURL := fs.String("public-url", os.Getenv("LAWKB_PUBLIC_URL"), "the address people reach the service at (https://lawkb.example.gov.cn), for links in exported course material; default $LAWKB_PUBLIC_URL; empty: exports carry citations, no links")
	dict := dictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	public, err := web.ParsePublicURL(*publicURL)
	if err != nil {
		return err
	}
	start := time.Now()
	segLoaded := startSegmenter(*dict)
	idx, err := openOrBuild(ctx, *indexDir, *corpusDir, *catalogDir)
	if serr := segLoaded(); serr != nil {
		if err == nil {
			idx.Close()
		}
		return serr
	}
	if err != nil {
		return err
	}
	cfg := api.Config{Index: idx, AdminKey: *adminKey, PublicURL: public}
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
