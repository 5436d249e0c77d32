package catalog

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// Sources names the catalogues to import; empty paths are skipped.
type Sources struct {
	Domains   string // enforcement-domains.tsv: domains by title
	Wuhan     string // traffic-wuhan.csv
	NoPenalty string // a no-penalty list in the Jiangmen Markdown form
	Guangdong bool   // attach the transcribed Guangdong fine tables (embedded in this package)
	// Catalogues in the generic format: name.xlsx, or name.items.csv with
	// name.discretion.csv beside it when there is one.
	Catalogues []string
}

// DefaultSources are the catalogues of ../shared/catalog in dir, the ones
// that exist there.
func DefaultSources(dir string) Sources {
	at := func(name string) string {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	return Sources{
		Domains:   at("enforcement-domains.tsv"),
		Wuhan:     at("traffic-wuhan.csv"),
		NoPenalty: at("jiangmen-eco-no-penalty-list.md"),
		Guangdong: true,
	}
}

// Summary reports what Assemble derived, imported and joined.
type Summary struct {
	Derived    corpus.ItemReport `json:"derived"`
	Catalogues []Report          `json:"catalogues"`
	Attached   []AttachReport    `json:"attached"`
	Items      int               `json:"items"`
	Seconds    float64           `json:"seconds"`
}

// Assemble derives the items of c's penalty clauses, imports the
// catalogues of src, joins standards and no-penalty lists to the items they
// name, and sets the result as c's items. c must have been through
// corpus.Link for duty articles to resolve. A catalogue that cannot be read
// is logged and skipped; the others go on.
func Assemble(c *corpus.Corpus, src Sources, log *slog.Logger) (Summary, error) {
	if log == nil {
		log = slog.Default()
	}
	start := time.Now()
	var sum Summary
	var domains *corpus.DomainTable
	if src.Domains != "" {
		d, err := corpus.LoadDomains(src.Domains)
		if err != nil {
			log.Warn("domain catalogue skipped", "path", src.Domains, "err", err)
		} else {
			domains = d
		}
	}
	derived, rep := corpus.DeriveItems(c, domains)
	sum.Derived = rep
	log.Info("items derived", "clauses", rep.Clauses, "parsed", rep.Parsed, "items", rep.Items,
		"duty_resolved", rep.DutyResolved, "duty_inferred", rep.DutyInferred)
	res, err := corpus.NewResolver(c)
	if err != nil {
		return sum, err
	}
	all := derived
	if src.Wuhan != "" {
		if items, r, err := readFile(src.Wuhan, func(f *os.File) ([]*corpus.Item, Report, error) { return ReadWuhan(f, res) }); err != nil {
			log.Warn("catalogue skipped", "path", src.Wuhan, "err", err)
		} else {
			sum.Catalogues = append(sum.Catalogues, r)
			all = append(all, items...)
		}
	}
	if src.NoPenalty != "" {
		f, err := os.Open(src.NoPenalty)
		if err != nil {
			log.Warn("no-penalty list skipped", "path", src.NoPenalty, "err", err)
		} else {
			name := strings.TrimSuffix(filepath.Base(src.NoPenalty), filepath.Ext(src.NoPenalty))
			if name == "jiangmen-eco-no-penalty-list" {
				name = JiangmenName
			}
			entries, probs, err := ReadNoPenaltyList(f, name)
			f.Close()
			if err != nil {
				log.Warn("no-penalty list skipped", "path", src.NoPenalty, "err", err)
			} else {
				region, domain := corpus.Region{}, ""
				if name == JiangmenName {
					region, domain = corpus.Region{Province: "广东", City: "江门"}, corpus.DomainEcology
				}
				list, r := NoPenaltyItems(entries, name, domain, region, res)
				r.Problems = append(r.Problems, probs...)
				sum.Catalogues = append(sum.Catalogues, r)
				sum.Attached = append(sum.Attached, AttachNoPenalty(list, derived))
				all = append(all, list...)
			}
		}
	}
	if src.Guangdong {
		std, r, err := Guangdong(res)
		if err != nil {
			log.Warn("Guangdong tables skipped", "err", err)
		} else {
			sum.Catalogues = append(sum.Catalogues, r)
			sum.Attached = append(sum.Attached, AttachStandards(std, derived))
			all = append(all, std...)
		}
	}
	for _, p := range src.Catalogues {
		items, r, err := readGeneric(p, res)
		if err != nil {
			log.Warn("catalogue skipped", "path", p, "err", err)
			continue
		}
		sum.Catalogues = append(sum.Catalogues, r)
		sum.Attached = append(sum.Attached, AttachStandards(items, derived))
		all = append(all, items...)
	}
	for _, r := range sum.Catalogues {
		log.Info("catalogue imported", "catalogue", r.Catalogue, "rows", r.Rows, "items", r.Items,
			"problems", len(r.Problems), "duty_resolved", r.DutyResolved, "basis_resolved", r.BasisResolved)
	}
	c.SetItems(all)
	sum.Items = len(all)
	sum.Seconds = time.Since(start).Seconds()
	return sum, nil
}

func readFile(path string, read func(*os.File) ([]*corpus.Item, Report, error)) ([]*corpus.Item, Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Report{}, err
	}
	defer f.Close()
	return read(f)
}

// readGeneric reads a catalogue in the generic format: an .xlsx workbook,
// or name.items.csv with an optional name.discretion.csv.
func readGeneric(path string, res *corpus.Resolver) ([]*corpus.Item, Report, error) {
	base := filepath.Base(path)
	if strings.HasSuffix(strings.ToLower(base), ".xlsx") {
		name := strings.TrimSuffix(base, filepath.Ext(base))
		return readFile(path, func(f *os.File) ([]*corpus.Item, Report, error) {
			return ReadXLSX(f, Options{Name: name, Resolver: res})
		})
	}
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".csv"), ".items")
	items, err := os.Open(path)
	if err != nil {
		return nil, Report{}, err
	}
	defer items.Close()
	var disc *os.File
	if f, err := os.Open(filepath.Join(filepath.Dir(path), name+".discretion.csv")); err == nil {
		disc = f
		defer f.Close()
	}
	if disc == nil {
		return ReadCSV(items, nil, Options{Name: name, Resolver: res})
	}
	return ReadCSV(items, disc, Options{Name: name, Resolver: res})
}
