package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
	"github.com/lawkb/lawkb/indexer/analysis"
	"github.com/lawkb/lawkb/search"
	"github.com/lawkb/lawkb/web"
)

// The fixture index is built once for the package from testdata/corpus,
// our own small texts in the LawRefBook layout.
var (
	fixIdx       *indexer.Index
	fixSearcher  *search.Searcher
	fixCorpus    *corpus.Corpus
	fixItems     *corpus.ItemIndex
	fixSuggester *search.Suggester
	fixComplete  *search.Autocompleter
)

// fixedNow pins the clock so that validity banners and export dates are
// the same on every run.
var fixedNow = func() time.Time { return time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC) }

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "lawkb-web-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := buildFixture(dir); err != nil {
		fmt.Fprintln(os.Stderr, "web tests: fixture index:", err)
		return 1
	}
	defer fixIdx.Close()
	return m.Run()
}

func buildFixture(dir string) error {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	seg, err := analysis.New(analysis.Options{})
	if err != nil {
		return err
	}
	analysis.Use(seg)
	c, err := corpus.Load(ctx, "testdata/corpus", corpus.LoadOptions{Today: fixedNow(), Logger: quiet, Standards: "testdata/standards"})
	if err != nil {
		return err
	}
	// Resolve the citations as the import pipeline does, so the article
	// pages have their cites, cited-by and counterpart links.
	if _, err := corpus.Link(c); err != nil {
		return err
	}
	// Items derived from the fixture's penalty clauses, kept in the corpus
	// as the import pipeline keeps them.
	items, _ := corpus.DeriveItems(c, nil)
	c.SetItems(items)
	if _, err := indexer.Build(ctx, c, dir, indexer.BuildOptions{Logger: quiet}); err != nil {
		return err
	}
	if fixIdx, err = indexer.Open(dir); err != nil {
		return err
	}
	fixCorpus = fixIdx.Corpus()
	fixSearcher = search.New(fixIdx, search.Options{})
	fixItems = corpus.NewItemIndex(fixCorpus.Items)
	src := func(*corpus.Corpus) *corpus.ItemIndex { return fixItems }
	fixSuggester = search.NewSuggester(fixIdx, search.SuggestOptions{})
	fixComplete = search.NewAutocompleter(fixIdx, search.AutocompleteOptions{Items: src})
	return nil
}

// newApp mounts the UI on a fresh fiber app over the fixture index, with
// every optional hook (suggest, autocomplete) wired.
func newApp(t testing.TB) *fiber.App {
	t.Helper()
	return mountApp(web.Deps{
		Suggest:   fixSuggester.Suggest,
		Complete:  fixComplete.Complete,
		PublicURL: publicURL,
	})
}

// publicURL is the address the fixture server is configured to be reached
// at: exported links use it, never the request's Host.
const publicURL = "https://lawkb.example.org"

// newBareApp mounts the UI with the required dependencies only, as a
// server without suggestions or autocomplete has it.
func newBareApp(t testing.TB) *fiber.App {
	t.Helper()
	return mountApp(web.Deps{})
}

func mountApp(d web.Deps) *fiber.App {
	app := fiber.New(fiber.Config{Immutable: true, DisableStartupMessage: true})
	d.Corpus, d.Search = fixIdx.Corpus, fixSearcher.Search
	d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	d.Now = fixedNow
	web.Mount(app, d)
	return app
}

// item finds the fixture item derived from the article.
func item(t testing.TB, a *corpus.Article) *corpus.Item {
	t.Helper()
	for _, id := range fixItems.ForArticle(a.ID) {
		if it := fixItems.Item(id); it != nil && it.Source.ArticleID == a.ID {
			return it
		}
	}
	t.Fatalf("no item derived from %s %s", a.Version().Title, a.Label)
	return nil
}

// get requests path from app and returns the status and body.
func get(t testing.TB, app *fiber.App, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, app, req)
}

func do(t testing.TB, app *fiber.App, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// fixture lookups by title, version date and article number, so tests name
// texts the way a reader does rather than by id.
func version(t testing.TB, title, date string) *corpus.Version {
	t.Helper()
	for _, w := range fixCorpus.Works {
		for _, v := range w.Versions {
			if v.Title == title && (date == "" || v.Date.String() == date) {
				return v
			}
		}
	}
	t.Fatalf("fixture has no version %s %s", title, date)
	return nil
}

func article(t testing.TB, title, date string, n int) *corpus.Article {
	t.Helper()
	for _, a := range version(t, title, date).Articles {
		if a.Number == n {
			return a
		}
	}
	t.Fatalf("fixture %s %s has no article %d", title, date, n)
	return nil
}

func section(t testing.TB, title, heading string) *corpus.Section {
	t.Helper()
	for _, s := range version(t, title, "").Sections {
		if strings.Contains(s.Heading, heading) {
			return s
		}
	}
	t.Fatalf("fixture %s has no section %s", title, heading)
	return nil
}

const (
	lawTitle   = "中华人民共和国市容管理法"
	localTitle = "温州市市容测试条例"
	noiseTitle = "测试噪声管理条例"
	dogTitle   = "测试养犬管理条例"
	caseTitle  = "在城市道路上擅自摆摊经营，经责令改正拒不改正的，可以依法处以罚款。"
)
