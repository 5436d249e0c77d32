package eval

import (
	"fmt"
	"io"
	"strings"
)

// WriteTable prints reports as a Markdown table: one row per set, system
// and kind (the set as a whole first), with recall@1/@5/@10 and MRR.
func WriteTable(w io.Writer, reports []*Report) error {
	var b strings.Builder
	b.WriteString("| set | system | kind | n | recall@1 | recall@5 | recall@10 | MRR |\n")
	b.WriteString("|---|---|---|---:|---:|---:|---:|---:|\n")
	row := func(r *Report, kind string, m *Metrics) {
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %.3f | %.3f | %.3f | %.3f |\n", r.Set, r.System, kind, m.N, m.R1, m.R5, m.R10, m.MRR)
	}
	for _, r := range reports {
		row(r, "all", &r.All)
		if len(r.ByKind) > 1 {
			for _, k := range r.Kinds() {
				row(r, k, r.ByKind[k])
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMisses prints up to n misses of a report, one line each.
func WriteMisses(w io.Writer, r *Report, n int) error {
	for i, m := range r.Misses {
		if i == n {
			_, err := fmt.Fprintf(w, "… and %d more\n", len(r.Misses)-n)
			return err
		}
		if _, err := fmt.Fprintf(w, "- %s (%s) %d/%d: %s → %s\n", m.ID, m.Kind, m.Found, m.Gold, m.Text, strings.Join(m.Top, "; ")); err != nil {
			return err
		}
	}
	return nil
}
