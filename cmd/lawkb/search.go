package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

func init() {
	register(command{name: "search", summary: "search an index from the command line", run: runSearch})
}

func runSearch(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	indexDir := fs.String("index", defaultIndex, "index root")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	var req search.Request
	fs.StringVar(&req.Kind, "kind", "", "filter: kind (法律, 行政法规, 部门规章, 地方性法规, 司法解释, 案例 …)")
	fs.StringVar(&req.Level, "level", "", "filter: level (效力级别)")
	fs.StringVar(&req.Region, "region", "", "filter: region path (全国, 浙江, 浙江/温州), hierarchical")
	fs.StringVar(&req.In, "in", "", "the officer's place (温州, 浙江/温州): its texts and those of the regions above it")
	fs.StringVar(&req.Status, "status", "", "filter: status (default 现行有效)")
	fs.StringVar(&req.Type, "type", "", "hits of one type: article, section, version, standard or item (default: all but items)")
	asOf := fs.String("as-of", "", "versions in force on this day (YYYY-MM-DD)")
	fs.IntVar(&req.Page, "page", 1, "result page")
	fs.IntVar(&req.Size, "size", 10, "hits per page")
	fs.BoolVar(&req.Explain, "explain", false, "print the plan and each hit's ranking features")
	ignoredDictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	req.Query = strings.Join(fs.Args(), " ")
	if *asOf != "" {
		d, err := corpus.ParseDate(*asOf)
		if err != nil {
			return err
		}
		req.AsOf = d
	}
	if err := req.Validate(); err != nil {
		return err
	}
	idx, err := openIndex(*indexDir)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := search.New(idx, search.Options{}).Search(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(os.Stdout, res)
	}
	printResult(res)
	return nil
}

var markTag = regexp.MustCompile(`</?mark>`)

func printResult(res *search.Result) {
	fmt.Printf("%d hits in %s\n", res.Total, res.Took)
	for _, e := range res.Expansions {
		fmt.Printf("also searched: %s → %s\n", e.Term, strings.Join(e.Also, "、"))
	}
	for i, h := range res.Hits {
		snip := markTag.ReplaceAllStringFunc(h.Snippet, func(t string) string {
			if t == "<mark>" {
				return "【"
			}
			return "】"
		})
		fmt.Printf("\n%2d. %s %s  [%s · %s · %s]\n    %s\n    %s\n", i+1, h.Title, h.Article,
			h.Kind, h.Region, h.Status, html.UnescapeString(snip), h.Source)
		if len(h.Explain) > 0 {
			fmt.Printf("    %s\n", explainLine(h.Explain))
		}
	}
	if p := res.Explain; p != nil {
		fmt.Println()
		printPlan(p)
	}
	for _, name := range []string{"kind", "level", "region", "status", "year"} {
		vals := res.Facets[name]
		if len(vals) == 0 {
			continue
		}
		parts := make([]string, 0, len(vals))
		for _, v := range vals {
			parts = append(parts, fmt.Sprintf("%s %d", v.Value, v.Count))
		}
		fmt.Printf("\n%s: %s", name, strings.Join(parts, " · "))
	}
	fmt.Println()
}

// printPlan prints what a search looked for: the intent, the place, the
// texts named, the concepts with their weights and the terms searched.
func printPlan(p *search.Plan) {
	var concepts []string
	for _, c := range p.Concepts {
		concepts = append(concepts, fmt.Sprintf("%s %.1f", c.Text, c.Weight))
	}
	var terms []string
	for _, t := range p.Terms {
		terms = append(terms, fmt.Sprintf("%s(%s %.2f)", t.Text, t.Source, t.Weight))
	}
	fmt.Printf("intent %s · place %s · works %v · concepts %s\nterms %s\n", p.Intent, p.Place.Path(), p.Works, strings.Join(concepts, ", "), strings.Join(terms, " "))
}

// explainLine prints a hit's ranking features, score first.
func explainLine(f map[string]float64) string {
	names := make([]string, 0, len(f))
	for k := range f {
		if k != "score" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	parts := []string{fmt.Sprintf("score %.3f", f["score"])}
	for _, k := range names {
		parts = append(parts, fmt.Sprintf("%s %.2f", k, f[k]))
	}
	return strings.Join(parts, " · ")
}
