package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer/analysis"
)

func init() {
	register(command{name: "terms", summary: "mine the legal terms the dictionary splits (质|权, 保证|人) from the corpus into indexer/analysis/dict/corpus.txt", run: runTerms})
}

// Term mining limits: a term occurs at least minTermCount times, takes at
// least minTermShare of the occurrences of its rarer part, and neither
// opens nor closes with a grammatical character.
const (
	minTermCount = 40
	minTermShare = 0.15
	// minSuffixShare is the share for a word and a suffix (保证 → 保证人).
	minSuffixShare = 0.08
	maxTermRunes   = 4
	// minTermEntropy is the variety, in bits, of the characters a term is
	// found beside, on either side.
	minTermEntropy = 1.5
)

// grammarRunes open or close no term: particles, prepositions,
// conjunctions, pronouns, numerals and words of place and time.
const grammarRunes = "的地得了着过之其和与及或而也是在对于将把被等这那该此由以为向从到并且但则即如若所者每各本某不未无非" +
	"一二三四五六七八九十百千万两几零内外前后上下中间起止时日月年处应还都另报请较已曾当"

// suffixRunes make a word into the name of a party, a right or a thing in
// legal language (保证人, 质权, 承租方, 违约金): a word and one of them is a
// term.
const suffixRunes = "人权方费金物证书款品户"

func runTerms(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("terms", flag.ContinueOnError)
	corpusDir := fs.String("corpus", defaultCorpus, "corpus root")
	out := fs.String("out", "indexer/analysis/dict/corpus.txt", "where to write the terms")
	dict := dictFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := loadSegmenter(*dict, ""); err != nil {
		return err
	}
	seg, err := analysis.Default()
	if err != nil {
		return err
	}
	c, err := corpus.Load(ctx, *corpusDir, corpus.LoadOptions{Progress: progress("import")})
	if err != nil {
		return err
	}
	tokens := map[string]int{}
	seqs := map[string]int{}
	parts := map[string][2]string{} // a candidate's first and last token
	// the characters before and after each candidate: a fragment of a
	// longer word (筑物 of 建筑物, 长制 of 河长制) has one neighbour
	left, right := map[string]map[rune]int{}, map[string]map[rune]int{}
	note := func(m map[string]map[rune]int, k string, r rune) {
		if m[k] == nil {
			m[k] = map[rune]int{}
		}
		m[k][r]++
	}
	for _, w := range c.Works {
		v := w.Current()
		if v == nil {
			continue
		}
		for _, a := range v.Articles {
			for _, clause := range strings.FieldsFunc(a.Text(), func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
				toks := seg.Cut(clause)
				for i, t := range toks {
					tokens[t]++
					if i+1 < len(toks) && candidate(t, toks[i+1]) {
						joined := t + toks[i+1]
						seqs[joined]++
						parts[joined] = [2]string{t, toks[i+1]}
						l, r := rune(0), rune(0)
						if i > 0 {
							l, _ = utf8.DecodeLastRuneInString(toks[i-1])
						}
						if i+2 < len(toks) {
							r, _ = utf8.DecodeRuneInString(toks[i+2])
						}
						note(left, joined, l)
						note(right, joined, r)
					}
				}
			}
		}
	}
	type term struct {
		text  string
		count int
		share float64
	}
	var terms []term
	for s, n := range seqs {
		if n < minTermCount {
			continue
		}
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		if strings.ContainsRune(grammarRunes, first) || strings.ContainsRune(grammarRunes, last) {
			continue
		}
		p := parts[s]
		rarer := min(tokens[p[0]], tokens[p[1]])
		share := float64(n) / float64(max(rarer, 1))
		need := minTermShare
		if utf8.RuneCountInString(p[0]) > 1 {
			need = minSuffixShare // a common word takes many suffixes
		}
		if share < need || entropy(left[s]) < minTermEntropy || entropy(right[s]) < minTermEntropy {
			continue
		}
		terms = append(terms, term{s, n, share})
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].count != terms[j].count {
			return terms[i].count > terms[j].count
		}
		return terms[i].text < terms[j].text
	})
	var b strings.Builder
	b.WriteString("# Legal terms of the corpus that the dictionary splits (质|权, 保证|人), mined by\n")
	b.WriteString("# `lawkb terms` from the current articles of\n")
	b.WriteString("# ../shared/corpus/lawrefbook: two single characters, or a word and a suffix of legal names (人, 权, 方 …),\n")
	fmt.Fprintf(&b, "# four characters at most, seen %d times or more, making up %.0f%% (a word and a suffix: %.0f%%) or more\n", minTermCount, minTermShare*100, minSuffixShare*100)
	fmt.Fprintf(&b, "# of the occurrences of its rarer part, found beside varied characters (%.1f bits or more on each\n", minTermEntropy)
	b.WriteString("# side: not a piece of a longer word), opening and closing with no grammatical character.\n")
	b.WriteString("# Format: word freq (the count in the corpus). Regenerate with `lawkb terms`; do not edit.\n")
	for _, t := range terms {
		fmt.Fprintf(&b, "%s %d\n", t.text, t.count)
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Printf("%d terms written to %s\n", len(terms), *out)
	return nil
}

// entropy is the Shannon entropy of a count table, in bits.
func entropy(m map[rune]int) float64 {
	total := 0
	for _, n := range m {
		total += n
	}
	h := 0.0
	for _, n := range m {
		p := float64(n) / float64(total)
		h -= p * math.Log2(p)
	}
	return h
}

// candidate reports whether two adjacent words may be one term the
// dictionary splits: two single characters (质|权, 保|理), or a word and a
// legal suffix (保证|人, 抵押|人), four characters at most.
func candidate(a, b string) bool {
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	switch {
	case na+nb > maxTermRunes:
		return false
	case na == 1 && nb == 1:
		return b != "人" // 权|人, 派|人: the end of a longer name (所有权人), or a verb and its object
	case nb == 1 && na >= 2:
		return strings.Contains(suffixRunes, b)
	}
	return false
}
