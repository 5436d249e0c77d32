package analysis

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The segmenter's dictionary is built from these sources, in this order,
// because the first entry of a word wins in gse (later duplicates are
// ignored):
//  1. dict/lawkb.txt, our own enforcement terms, and dict/corpus.txt, the
//     legal terms gse splits that `lawkb terms` mined from the corpus
//     (质权, 保证人), embedded;
//  2. extra dictionaries given at run time (../shared/dict/THUOCL_law.txt),
//     each word screened by Screen;
//  3. gse's embedded simplified-Chinese dictionary (LoadDictEmbed "zh_s";
//     the corpus is simplified Chinese, and leaving out the traditional
//     half saves 40% of the load time and 70 MB).

//go:embed dict/lawkb.txt
var curatedDict string

//go:embed dict/corpus.txt
var corpusDict string

//go:embed dict/noise.txt
var noiseDict string

// noiseWords is the stoplist of extra-dictionary words that pass the
// lexical rules of Screen but are not legal terms.
var noiseWords = readWordSet(noiseDict)

// curatedFreq is the frequency given to a curated term without one. It is
// low next to common words (经营 is in the tens of thousands), so a term
// never captures characters that belong to a frequent neighbour, yet any
// frequency beats the split of a term into two words.
const curatedFreq = 1000

// Frequencies of extra-dictionary words are clamped: THUOCL's counts are
// document frequencies on the web (有关部门: 1,346,085), and left as they
// are a compound would outweigh the common words it overlaps.
const (
	extraMinFreq = 10
	extraMaxFreq = 5000
)

// entry is one dictionary word with its frequency and part of speech.
type entry struct {
	word string
	freq float64
	pos  string
}

// DictReport tells what became of one extra dictionary.
type DictReport struct {
	Path      string `json:"path"`
	SHA256    string `json:"sha256"` // of the file's bytes as loaded
	Size      int64  `json:"size"`
	Lines     int    `json:"lines"`     // entries read: lines neither blank nor comments
	Kept      int    `json:"kept"`      // words added to the dictionary
	Malformed int    `json:"malformed"` // lines that are not word<TAB>freq
	// MalformedAt are the 1-based line numbers of the first malformed
	// lines (at most five), for the warning that names them.
	MalformedAt []int          `json:"malformed_at,omitempty"`
	Rejected    map[Reason]int `json:"rejected"` // words dropped by Screen, by reason
}

// readWordSet reads one word a line; '#' starts a comment.
func readWordSet(s string) map[string]struct{} {
	set := make(map[string]struct{})
	for _, line := range strings.Split(s, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if w := strings.TrimSpace(line); w != "" {
			set[w] = struct{}{}
		}
	}
	return set
}

// parseCurated reads the embedded dictionary: `word [freq [pos]]` a line,
// '#' comments. It is our own file, so a bad line is a bug and an error.
func parseCurated(s string) ([]entry, error) {
	var out []entry
	for i, line := range strings.Split(s, "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		e := entry{word: f[0], freq: curatedFreq, pos: "n"}
		if len(f) > 1 {
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil || v <= 0 {
				return nil, fmt.Errorf("analysis: dict/lawkb.txt line %d: bad frequency %q", i+1, f[1])
			}
			e.freq = v
		}
		if len(f) > 2 {
			e.pos = f[2]
		}
		if len(f) > 3 || utf8.RuneCountInString(e.word) < 2 {
			return nil, fmt.Errorf("analysis: dict/lawkb.txt line %d: want `word [freq [pos]]` with a word of 2+ characters", i+1)
		}
		out = append(out, e)
	}
	return out, nil
}

// readExtra reads an extra dictionary of `word<TAB>freq` lines (THUOCL's
// format; any run of blanks separates; '#' lines are comments), screening
// every word. Malformed
// lines are counted and skipped, never fatal: the file is not ours.
// The file is read whole, once: its bytes are what the segmenter loaded,
// and a build copies them into its directory (Segmenter.Dicts).
func readExtra(path string) ([]entry, DictReport, []byte, error) {
	rep := DictReport{Path: path, Rejected: make(map[Reason]int)}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, rep, nil, fmt.Errorf("analysis: extra dictionary: %w", err)
	}
	sum := sha256.Sum256(data)
	rep.SHA256, rep.Size = hex.EncodeToString(sum[:]), int64(len(data))
	entries, err := scanExtra(bytes.NewReader(data), &rep)
	if err != nil {
		return nil, rep, nil, fmt.Errorf("analysis: extra dictionary %s: %w", path, err)
	}
	return entries, rep, data, nil
}

func scanExtra(r io.Reader, rep *DictReport) ([]entry, error) {
	var out []entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	malformed := func(n int) {
		rep.Malformed++
		if len(rep.MalformedAt) < 5 {
			rep.MalformedAt = append(rep.MalformedAt, n)
		}
	}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rep.Lines++
		f := strings.Fields(line)
		if len(f) != 2 || !utf8.ValidString(f[0]) {
			malformed(n)
			continue
		}
		freq, err := strconv.ParseFloat(f[1], 64)
		if err != nil || freq <= 0 {
			malformed(n)
			continue
		}
		if why := Screen(f[0]); why != Kept {
			rep.Rejected[why]++
			continue
		}
		rep.Kept++
		out = append(out, entry{word: f[0], freq: min(max(freq, extraMinFreq), extraMaxFreq), pos: "n"})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", rep.Lines+1, err)
	}
	return out, nil
}
