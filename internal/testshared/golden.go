package testshared

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// Golden compares got with the golden file at path, rewriting the file
// first when update is set (the -update flag of the calling test), and
// reports the first differing line.
func Golden(tb testing.TB, path string, got []byte, update bool) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(got) {
		tb.Errorf("output differs from %s; rerun with -update if the change is intended and review the diff\n%s", path, FirstDiff(string(want), string(got)))
	}
}

// FirstDiff shows the first differing line of two texts.
func FirstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n\twant " + wl + "\n\tgot  " + gl
		}
	}
	return "the texts are equal"
}
