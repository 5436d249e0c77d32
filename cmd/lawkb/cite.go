package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lawkb/lawkb/corpus"
)

// citeStdout is where cite prints; tests replace it.
var citeStdout io.Writer = os.Stdout

func init() {
	register(command{name: "cite", summary: "look up the article a citation names (处罚法32)", run: runCite})
}

// runCite resolves one citation against the corpus of an index, or of the
// source files when --corpus is given, and prints the article.
func runCite(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("cite", flag.ContinueOnError)
	indexDir := fs.String("index", defaultIndex, "index root (its corpus snapshot answers)")
	corpusDir := fs.String("corpus", "", "read the source files here instead of an index")
	asOf := fs.String("as-of", "", "the version in force on this day (YYYY-MM-DD); default the current one")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	ignoredDictFlag(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: lawkb cite [flags] CITATION\n\nCITATION is any common form: 处罚法32, 行政处罚法 32条, 《中华人民共和国行政处罚法》第三十二条第一款第（二）项\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if query == "" {
		fs.Usage()
		return corpus.Errorf(corpus.CodeInvalid, "no citation given")
	}
	var day corpus.Date
	if *asOf != "" {
		d, err := corpus.ParseDate(*asOf)
		if err != nil {
			return err
		}
		day = d
	}
	c, closeFn, err := citeCorpus(ctx, *indexDir, *corpusDir)
	if err != nil {
		return err
	}
	defer closeFn()
	r, err := corpus.NewResolver(c)
	if err != nil {
		return err
	}
	res, err := r.Resolve(query, day)
	var nf *corpus.NotFoundError
	if errors.As(err, &nf) {
		if *asJSON {
			printJSON(citeStdout, nf)
		} else {
			printNotFound(citeStdout, nf)
		}
		return err
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(citeStdout, citeJSON(res, day))
	}
	printCite(citeStdout, res)
	return nil
}

// citeCorpus opens the corpus to answer from: the source tree when
// corpusDir is set, else the snapshot of the index (which needs the
// segmenter, as opening an index builds its analyzers).
func citeCorpus(ctx context.Context, indexDir, corpusDir string) (*corpus.Corpus, func(), error) {
	if corpusDir != "" {
		c, err := corpus.Load(ctx, corpusDir, corpus.LoadOptions{})
		return c, func() {}, err
	}
	idx, err := openIndex(indexDir)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (or pass --corpus DIR to read the source files)", err)
	}
	return idx.Corpus(), func() { idx.Close() }, nil
}

// citeOut is the JSON form of a resolution.
type citeOut struct {
	Query     string          `json:"query"`
	AsOf      corpus.Date     `json:"as_of"`
	Citation  corpus.Citation `json:"citation"`
	Title     string          `json:"title"`
	VersionID string          `json:"version_id"`
	Source    string          `json:"source"`
	Status    corpus.Status   `json:"status"`
	ValidFrom corpus.Date     `json:"valid_from"`
	ValidTo   corpus.Date     `json:"valid_to"`
	Amended   bool            `json:"amended"`
	Articles  []citeArticle   `json:"articles"`
}

type citeArticle struct {
	ID         string             `json:"id"`
	Label      string             `json:"label"`
	Paragraphs []corpus.Paragraph `json:"paragraphs"`
}

func citeJSON(res *corpus.Resolution, day corpus.Date) citeOut {
	v := res.Version
	out := citeOut{Query: res.Citation.Text, AsOf: day, Citation: res.Citation, Title: v.Title, VersionID: v.ID,
		Source: v.Source, Status: v.Status, ValidFrom: v.ValidFrom, ValidTo: v.ValidTo, Amended: res.Amended,
		Articles: []citeArticle{}}
	for _, a := range res.Articles {
		out.Articles = append(out.Articles, citeArticle{ID: a.ID, Label: a.Label, Paragraphs: a.Paragraphs})
	}
	for _, sec := range res.Sections {
		out.Articles = append(out.Articles, citeArticle{ID: sec.ID, Label: sec.Heading, Paragraphs: []corpus.Paragraph{{Text: sec.Text}}})
	}
	return out
}

// printCite prints the version line and the article, the cited 款 and 项
// marked with 【】.
func printCite(w io.Writer, res *corpus.Resolution) {
	v := res.Version
	valid := v.ValidFrom.String()
	if !v.ValidTo.IsZero() {
		valid += " – " + v.ValidTo.String()
	} else if valid != "" {
		valid += " –"
	}
	fmt.Fprintf(w, "%s  [%s · %s]\n%s\n", v.Title, v.Status, valid, v.Source)
	if res.Amended {
		fmt.Fprintln(w, "note: a newer version of this text exists")
	}
	ct := res.Citation
	for _, sec := range res.Sections {
		fmt.Fprintf(w, "\n%s  (%s)\n  %s\n", sec.Heading, sec.ID, strings.ReplaceAll(sec.Text, "\n", "\n  "))
	}
	for _, a := range res.Articles {
		fmt.Fprintf(w, "\n%s  (%s)\n", a.Label, a.ID)
		item := 0
		for pi, p := range a.Paragraphs {
			markP := inRange(pi+1, ct.Paragraph, ct.ParagraphTo) && ct.Item == 0
			fmt.Fprintf(w, "  %s\n", mark(p.Text, markP))
			for ii, it := range p.Items {
				item++
				// 项 count within the 款 when one is cited, else across the article.
				n := item
				if ct.Paragraph > 0 {
					n = ii + 1
				}
				markI := ct.Item > 0 && (ct.Paragraph == 0 || ct.Paragraph == pi+1) && inRange(n, ct.Item, ct.ItemTo)
				fmt.Fprintf(w, "  %s\n", mark(it, markI))
			}
		}
	}
}

func inRange(n, from, to int) bool {
	if from == 0 {
		return false
	}
	if to == 0 {
		to = from
	}
	return n >= from && n <= to
}

func mark(s string, on bool) string {
	if on {
		return "【" + s + "】"
	}
	return s
}

func printNotFound(w io.Writer, nf *corpus.NotFoundError) {
	fmt.Fprintf(w, "not found (%s): %s\n", nf.Reason, nf.Detail)
	if len(nf.Candidates) == 0 {
		return
	}
	fmt.Fprintln(w, "candidates:")
	for _, c := range nf.Candidates {
		line := "  " + c.Title
		if c.Label != "" {
			line += " " + c.Label
		}
		if c.Status != "" {
			line += fmt.Sprintf("  [%s · %s]", c.Status, c.ValidFrom)
		}
		id := c.ArticleID
		if id == "" {
			id = c.VersionID
		}
		if id == "" {
			id = c.WorkID
		}
		fmt.Fprintf(w, "%s  (%s)\n", line, id)
	}
}
