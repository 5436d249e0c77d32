package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/search"
)

func init() {
	register(command{name: "suggest", summary: "suggest the legal basis (items, duty and penalty articles) for a case", run: runSuggest})
}

func runSuggest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	indexDir := fs.String("index", defaultIndex, "index root")
	asJSON := fs.Bool("json", false, "print the answer as JSON, as POST /api/v1/suggest-basis does")
	var req search.SuggestRequest
	fs.StringVar(&req.Region, "region", "", "where the conduct happened: 全国, 浙江 or 浙江/温州 (its rules and those above it apply)")
	date := fs.String("date", "", "day of the conduct (YYYY-MM-DD): the versions in force then; default today's")
	fs.IntVar(&req.Size, "size", search.DefaultSuggestions, "suggestions to print")
	fs.BoolVar(&req.Explain, "explain", false, "print the plan: the case's concepts with their weights and the terms searched")
	ignoredDictFlag(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: lawkb suggest [flags] CASE TEXT…   (or the case text on standard input)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	req.Text = strings.Join(fs.Args(), " ")
	if strings.TrimSpace(req.Text) == "" {
		b, err := readStdin()
		if err != nil {
			return err
		}
		req.Text = b
	}
	if *date != "" {
		d, err := corpus.ParseDate(*date)
		if err != nil {
			return err
		}
		req.Date = d
	}
	if err := req.WithDefaults().Validate(); err != nil {
		return err
	}
	idx, err := openIndex(*indexDir)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := search.NewSuggester(idx, search.SuggestOptions{}).Suggest(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(os.Stdout, res)
	}
	printSuggestions(res)
	if res.Plan != nil {
		fmt.Println()
		printPlan(res.Plan)
	}
	return nil
}

// readStdin reads the case text when it is piped in, and refuses a
// terminal so the command does not hang waiting.
func readStdin() (string, error) {
	if isTerminal(os.Stdin) {
		return "", corpus.Errorf(corpus.CodeInvalid, "no case text: give it as arguments or on standard input")
	}
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := os.Stdin.Read(buf)
		b.Write(buf[:n])
		if err != nil || b.Len() > 64<<10 {
			break
		}
	}
	return b.String(), nil
}

func printSuggestions(res *search.SuggestResult) {
	fmt.Printf("%d suggestions in %s; searched: %s\n", len(res.Suggestions), res.Took.Round(100_000), strings.Join(res.Terms, " "))
	for _, e := range res.Expansions {
		fmt.Printf("also searched: %s → %s\n", e.Term, strings.Join(e.Also, "、"))
	}
	for i, s := range res.Suggestions {
		fmt.Printf("\n%2d. [%s] %s  (score %.3f)\n", i+1, s.Kind, s.Name, s.Score)
		for _, a := range s.Articles {
			to := "至今"
			if !a.ValidTo.IsZero() {
				to = a.ValidTo.String()
			}
			fmt.Printf("    %-7s 《%s》%s  [%s · %s–%s]\n", a.Role, a.Title, a.Article, a.Region, a.ValidFrom, to)
		}
		if s.Fine != nil {
			fmt.Printf("    罚款 %s\n", fineText(s.Fine))
		}
		if s.Band != nil {
			derived := ""
			if s.Band.Derived {
				derived = "，推导"
			}
			fine := ""
			if s.Band.Fine != nil {
				fine = " " + fineText(s.Band.Fine)
			}
			fmt.Printf("    裁量 %s%s（%s%s）\n", s.Band.Level, fine, s.Band.Because, derived)
		}
		if len(s.Why.Terms) > 0 {
			fmt.Printf("    why: %s\n", strings.Join(s.Why.Terms, " "))
		}
		for _, n := range s.Why.Notes {
			fmt.Printf("    note: %s\n", n)
		}
	}
}

func fineText(f *search.FineRange) string {
	if f.Max == 0 {
		return fmt.Sprintf("%g%s以上", f.Min, f.Unit)
	}
	if f.Min == f.Max {
		return fmt.Sprintf("%g%s", f.Min, f.Unit)
	}
	return fmt.Sprintf("%g–%g%s", f.Min, f.Max, f.Unit)
}
