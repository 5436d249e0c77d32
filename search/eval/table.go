package eval

import (
	"fmt"
	"io"
	"strings"
)

// WriteTable prints reports as a Markdown table: per set and system the
// frozen part first (never tuned on), then the tuned part and the whole
// set, then each kind of record, with hit@1/@10, recall@5/@10/@100 and MRR.
func WriteTable(w io.Writer, reports []*Report) error {
	var b strings.Builder
	b.WriteString("| set | system | part | n | hit@1 | hit@10 | recall@5 | recall@10 | recall@100 | MRR |\n")
	b.WriteString("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	row := func(r *Report, part string, m *Metrics) {
		if m.N == 0 {
			return
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
			r.Set, r.System, part, m.N, m.Hit1, m.Hit10, m.R5, m.R10, m.R100, m.MRR)
	}
	for _, r := range reports {
		row(r, "**frozen**", &r.Frozen)
		if r.Frozen.N > 0 {
			row(r, "tuned", &r.Tuned)
		}
		row(r, "all", &r.All)
		if len(r.ByKind) > 1 {
			for _, k := range r.Kinds() {
				row(r, "kind "+k, r.ByKind[k])
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// TunedMisses returns r with only the misses of its tuned part: what
// lawkb eval --json prints unless the frozen part's are asked for.
func TunedMisses(r *Report) *Report {
	cp := *r
	cp.Misses = nil
	for _, m := range r.Misses {
		if !m.Frozen {
			cp.Misses = append(cp.Misses, m)
		}
	}
	return &cp
}

// WriteMisses prints up to n misses of a report's tuned part, one line
// each: the frozen part's misses are not for reading while tuning (frozen
// adds them).
func WriteMisses(w io.Writer, r *Report, n int, frozen bool) error {
	i := 0
	for _, m := range r.Misses {
		if m.Frozen && !frozen {
			continue
		}
		if i == n {
			_, err := fmt.Fprintln(w, "… and more")
			return err
		}
		i++
		part := ""
		if m.Frozen {
			part = ", frozen"
		}
		if _, err := fmt.Fprintf(w, "- %s (%s%s) %d/%d: %s → %s\n", m.ID, m.Kind, part, m.Found, m.Gold, m.Text, strings.Join(m.Top, "; ")); err != nil {
			return err
		}
	}
	return nil
}
