package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/lawkb/lawkb/crawler"
	"github.com/schollz/progressbar/v3"
)

func init() {
	register(command{name: "crawl", summary: "fetch the configured sources into LawRefBook Markdown + manifest", run: runCrawl})
}

func runCrawl(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	config := fs.String("config", "", "sources file (YAML; see docs/sources.example.yaml)")
	out := fs.String("out", "crawl", "output directory: <source>/*.md, manifest.jsonl, sources.json and the resumable state")
	parallel := fs.Int("parallel", 2, "sources crawled at once (each host still gets one request at a time)")
	timeout := fs.Duration("timeout", 30*time.Second, "per-request timeout, body included")
	retries := fs.Int("retries", 3, "retries on 5xx, 429 and timeouts, with exponential backoff")
	maxBytes := fs.Int64("max-bytes", 16<<20, "largest page or file accepted")
	quiet := fs.Bool("quiet", false, "no progress display")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *config == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("--config is required and no arguments are taken")
	}
	cfg, err := crawler.LoadConfig(*config)
	if err != nil {
		return err
	}
	prog := newCrawlProgress(os.Stderr, *quiet)
	c, err := crawler.New(cfg, *out, crawler.Options{
		Fetch:    crawler.FetchOptions{Timeout: *timeout, Retries: *retries, MaxBytes: *maxBytes},
		Parallel: *parallel,
		Logger:   slog.Default(),
		Progress: prog.event,
	})
	if err != nil {
		return err
	}
	start := time.Now()
	reps, err := c.Run(ctx)
	prog.finish()
	if reps != nil {
		printCrawlSummary(os.Stdout, reps, *out, time.Since(start))
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted; the state in %s is saved: run the same command again to resume", *out)
	}
	return err
}

// crawlProgress shows a spinner with running counts: a crawl's total is
// unknown until its listing pages are read.
type crawlProgress struct {
	bar    *progressbar.ProgressBar
	pages  int
	counts map[crawler.Status]int
	errs   int
}

func newCrawlProgress(w io.Writer, quiet bool) *crawlProgress {
	p := &crawlProgress{counts: map[crawler.Status]int{}}
	if !quiet {
		p.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(w), progressbar.OptionSpinnerType(14),
			progressbar.OptionSetDescription("crawl"), progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	}
	return p
}

// event is called by the crawler after each request; the crawler never
// calls it concurrently, so the counters need no lock.
func (p *crawlProgress) event(ev crawler.ProgressEvent) {
	p.pages++
	if ev.Status != "" {
		p.counts[ev.Status]++
	}
	if ev.Err != nil {
		p.errs++
	}
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf("%s: %d queued · new %d · updated %d · unchanged %d · errors %d",
		ev.Source, ev.Queued, p.counts[crawler.StatusNew], p.counts[crawler.StatusUpdated],
		p.counts[crawler.StatusUnchanged]+p.counts[crawler.StatusNotModified], p.errs))
	_ = p.bar.Add(1)
}

func (p *crawlProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

func printCrawlSummary(w io.Writer, reps []crawler.SourceReport, out string, took time.Duration) {
	fmt.Fprintf(w, "crawled into %s in %s\n", out, took.Round(time.Millisecond))
	for _, r := range reps {
		state := "finished"
		switch {
		case !r.Finished:
			state = fmt.Sprintf("unfinished, %d queued", r.Queued)
		case r.Truncated:
			state = "stopped at max_pages"
		}
		var counts []string
		for s, n := range r.Counts {
			counts = append(counts, fmt.Sprintf("%s %d", s, n))
		}
		sort.Strings(counts)
		fmt.Fprintf(w, "  %-20s %s: %d requests, %d documents on disk; %s\n", r.Name, state, r.Pages, r.Documents, strings.Join(counts, ", "))
		for _, e := range r.Errors {
			fmt.Fprintf(w, "    ! %s\n", e)
		}
	}
}
