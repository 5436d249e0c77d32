package corpus

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Levels (效力级别) that Load assigns to works.
const (
	LevelConstitution     = "宪法"
	LevelLaw              = "法律"
	LevelAdminRegulation  = "行政法规"
	LevelDeptRule         = "部门规章"
	LevelProvincial       = "省级地方性法规"
	LevelCity             = "设区的市地方性法规"
	LevelAutonomous       = "自治条例"
	LevelSeparate         = "单行条例"
	LevelJudicial         = "司法解释"
	LevelCase             = "案例"
	LevelOther            = "其他"
	folderMarker          = "_index.md"
	localRegulationFolder = "地方性法规"
)

// lawFolders hold national laws (法律); 宪法 is its own level.
var lawFolders = map[string]bool{
	"宪法相关法": true, "民法典": true, "民法商法": true, "行政法": true, "经济法": true,
	"社会法": true, "刑法": true, "诉讼与非诉讼程序法": true,
}

// LoadOptions tunes Load. The zero value is ready to use.
type LoadOptions struct {
	// Workers parse files concurrently; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called after each file with the files done and
	// the total, from one goroutine at a time, so a CLI can draw a bar.
	Progress func(done, total int)
	// Today decides which versions are 尚未生效; zero means time.Now().
	Today time.Time
	// Logger receives the summary (Info) and each problem (Debug); nil
	// means slog.Default().
	Logger *slog.Logger
	// Inputs are documents from outside the tree (crawled pages, handbook
	// pages), parsed and grouped into works with the tree's files: a
	// crawled newer text of a law becomes that work's newest version.
	Inputs []Input
	// Standards is a folder of standards catalogues (*.md, see
	// LoadStandards); empty for none. They are linked to the articles
	// that name them and set with Corpus.SetStandards.
	Standards string
}

// Load imports a LawRefBook tree: every *.md below root except the _index.md
// folder markers. Files are parsed concurrently; a bad file is reported in
// Corpus.Problems (path, line, reason) and never stops the import. Versions
// are grouped into works by title, the parts of a split law (民法典/) are
// merged into one version whose Source is the folder ("民法典/", each
// article's File names its part), copies of the same text in two folders
// are kept once, and validity is derived from the order of versions.
//
// Every file read is recorded with its SHA-256 in Corpus.Files.
//
// It fails only when root cannot be walked, holds no .md file (an empty
// root is allowed when there are inputs), or ctx ends.
func Load(ctx context.Context, root string, opts LoadOptions) (*Corpus, error) {
	start := time.Now()
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	var (
		files []string
		probs []Problem
	)
	if root != "" || len(opts.Inputs) == 0 {
		info, err := os.Stat(root)
		if err != nil {
			return nil, Errorf(CodeInvalid, "corpus: root %s: %w", root, err)
		}
		if !info.IsDir() {
			return nil, Errorf(CodeInvalid, "corpus: root %s is not a directory", root)
		}
		files, probs, err = listFiles(ctx, root)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 && len(opts.Inputs) == 0 {
			return nil, Errorf(CodeInvalid, "corpus: no .md files under %s", root)
		}
	}
	seen := map[string]bool{}
	for _, in := range opts.Inputs {
		if in.Path == "" || seen[in.Path] {
			return nil, Errorf(CodeInvalid, "corpus: input path %q is empty or not unique", in.Path)
		}
		seen[in.Path] = true
	}
	results, err := parseAll(ctx, root, files, opts)
	if err != nil {
		return nil, err
	}
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	works, more := assemble(results, NewDate(today.Date()))
	probs = append(probs, more...)
	markRepealed(works, NewDate(today.Date()))
	var (
		stds   []*Standard
		sfiles []File
	)
	if opts.Standards != "" {
		var sprobs []Problem
		stds, sprobs, sfiles, err = loadStandards(opts.Standards)
		if err != nil {
			// A missing catalogue costs the standards, not the import.
			sprobs = append(sprobs, Problem{Reason: "standard: " + err.Error(), Skipped: true})
		}
		for _, p := range sprobs {
			p.Path = PrefixStandards + p.Path
			probs = append(probs, p)
		}
	}
	slices.SortStableFunc(probs, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), strings.Compare(a.Reason, b.Reason))
	})
	c := New(root, works, probs)
	for _, r := range results {
		if r.sha != "" {
			c.Files = append(c.Files, File{Path: r.rel, SHA256: r.sha})
		}
	}
	c.Files = append(c.Files, sfiles...)
	slices.SortFunc(c.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	if opts.Standards != "" {
		links := c.SetStandards(stds)
		log.Info("standards loaded", "dir", opts.Standards, "standards", len(stds), "links", links)
	}
	for _, p := range probs {
		log.Debug("corpus problem", "path", p.Path, "line", p.Line, "reason", p.Reason, "skipped", p.Skipped)
	}
	st := c.Stats()
	log.Info("corpus loaded", "root", root, "files", len(files), "inputs", len(opts.Inputs), "works", st.Works, "versions", st.Versions,
		"articles", st.Articles, "sections", st.Sections, "problems", st.Problems, "took", time.Since(start).Round(time.Millisecond))
	return c, nil
}

// listFiles walks root for documents, sorted by path; unreadable
// directories are problems, not failures.
func listFiles(ctx context.Context, root string) ([]string, []Problem, error) {
	var files []string
	var probs []Problem
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, relErr := filepath.Rel(root, p)
		if relErr != nil {
			return relErr
		}
		rel = filepath.ToSlash(rel)
		if err != nil {
			if p == root {
				return err
			}
			probs = append(probs, skipped(rel, 0, ReasonUnreadable, "%v", err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".md") && d.Name() != folderMarker {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, nil, fmt.Errorf("corpus: load %s: %w", root, err)
		}
		return nil, nil, Errorf(CodeUnavailable, "corpus: walk %s: %w", root, err)
	}
	slices.Sort(files)
	return files, probs, nil
}

// fileResult is the parse of one file.
type fileResult struct {
	rel   string
	v     *Version
	probs []Problem
	sha   string // of the file's bytes; "" when unreadable
	in    *Input // the input it came from; nil for tree files
}

// parseAll reads and parses files on opts.Workers goroutines; results keep
// the order of files, so everything after is deterministic.
func parseAll(ctx context.Context, root string, files []string, opts LoadOptions) ([]fileResult, error) {
	total := len(files) + len(opts.Inputs)
	results := make([]fileResult, total)
	var mu sync.Mutex
	done := 0
	err := inParallel(ctx, total, opts.Workers, func(i int) {
		if i >= len(files) {
			results[i] = parseInput(&opts.Inputs[i-len(files)])
		} else {
			rel := files[i]
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			if err != nil {
				results[i] = fileResult{rel: rel, probs: []Problem{skipped(rel, 0, ReasonUnreadable, "%v", err)}}
			} else {
				// The buffer is ours and never written again: the
				// version's strings can share it instead of a copy.
				v, probs := parseFile(rel, unsafe.String(unsafe.SliceData(data), len(data)))
				results[i] = fileResult{rel: rel, v: v, probs: probs, sha: checksum(data)}
			}
		}
		if opts.Progress != nil {
			mu.Lock()
			done++
			opts.Progress(done, total)
			mu.Unlock()
		}
	})
	if err != nil {
		return nil, fmt.Errorf("corpus: load %s: %w", root, err)
	}
	return results, nil
}

// inParallel calls do(i) for every i in [0, n) on workers goroutines
// (GOMAXPROCS when workers ≤ 0) and returns when all have run, or ctx's
// error once it is cancelled (the calls not begun by then are not made).
// do writes its result at i, so results keep their order.
func inParallel(ctx context.Context, n, workers int, do func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				do(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// class is what the folder (and title) say about a document.
type class struct {
	kind   Kind
	level  string
	issuer string
	topic  string
	region Region
	known  bool
}

// classify reads kind, level, issuer and region from the path below the
// corpus root: 宪法/, the law folders, 行政法规/, 部门规章/<机关>/,
// 司法解释/, 案例/<主题>/, DLC/<X>地方法规/地方性法规/<省>/, 其他/.
func classify(rel, title string) class {
	parts := strings.Split(rel, "/")
	dirs := parts[:len(parts)-1]
	top := ""
	if len(dirs) > 0 {
		top = dirs[0]
	}
	c := class{known: true}
	switch {
	case top == "宪法":
		c.kind, c.level = KindLaw, LevelConstitution
	case lawFolders[top]:
		c.kind, c.level = KindLaw, LevelLaw
	case top == "行政法规":
		c.kind, c.level = KindAdminRegulation, LevelAdminRegulation
	case top == "部门规章":
		c.kind, c.level = KindDeptRule, LevelDeptRule
		if len(dirs) > 1 {
			c.issuer = dirs[1]
		}
	case top == "司法解释":
		c.kind, c.level, c.issuer = KindJudicial, LevelJudicial, judicialIssuer(title)
	case top == "案例":
		// A case's title names the parties' city, not where it binds.
		c.kind, c.level = KindCase, LevelCase
		if len(dirs) > 1 {
			c.topic = dirs[1]
		}
		return c
	case top == "DLC":
		c.kind = KindLocalRegulation
		prov := ""
		switch {
		case len(dirs) > 3 && dirs[2] == localRegulationFolder:
			prov = dirs[3]
		case len(dirs) > 1:
			prov = strings.TrimSuffix(dirs[1], "地方法规")
		}
		if r, ok := LookupRegion(prov); ok && r.City == "" && r.Province != "" {
			prov = r.Province
		}
		c.region = TitleRegion(title, prov)
		c.level = localLevel(title, c.region)
		return c
	case top == "其他":
		c.kind, c.level = KindOther, LevelOther
	default:
		c.kind, c.level, c.known = KindOther, LevelOther, false
	}
	c.region = TitleRegion(title, "")
	return c
}

// judicialIssuer names the court or procuratorate a judicial interpretation
// opens with, both when they issued it jointly.
func judicialIssuer(title string) string {
	head, _, _ := strings.Cut(title, "关于")
	court := strings.Contains(head, "最高人民法院")
	proc := strings.Contains(head, "最高人民检察院")
	switch {
	case court && proc:
		return "最高人民法院、最高人民检察院"
	case court:
		return "最高人民法院"
	case proc:
		return "最高人民检察院"
	}
	return ""
}

// parsed is one file's version with its classification.
type parsed struct {
	v      *Version
	class  class
	probs  []Problem
	stated Status // validity stated by an input's publisher
}

// assemble groups parsed files into works: merges split laws, drops
// duplicate copies, runs the numbering check, assigns ids and validity.
func assemble(results []fileResult, today Date) ([]*Work, []Problem) {
	var probs []Problem
	byTitle := map[string][]parsed{}
	var order []string
	for _, r := range results {
		if r.v == nil {
			probs = append(probs, r.probs...)
			continue
		}
		var c class
		switch {
		case r.in != nil:
			c = inputClass(r.in, r.v.Title)
			if !c.known {
				r.probs = append(r.probs, problemf(r.rel, 0, ReasonFolder, "kind %q is none of the known ones; kind %s", r.in.Kind, KindOther))
			}
		default:
			c = classify(r.rel, r.v.Title)
			if !c.known {
				r.probs = append(r.probs, problemf(r.rel, 0, ReasonFolder, "folder of %s is none of the known ones; kind %s", r.rel, KindOther))
			}
		}
		k := normTitle(r.v.Title)
		if _, ok := byTitle[k]; !ok {
			order = append(order, k)
		}
		p := parsed{v: r.v, class: c, probs: r.probs}
		if r.in != nil && knownStatus(r.in.Status) {
			p.stated = r.in.Status
		}
		byTitle[k] = append(byTitle[k], p)
	}
	works := make([]*Work, 0, len(order))
	for _, k := range order {
		group := byTitle[k]
		var versions []parsed
		for _, same := range groupByDate(group) {
			p, more := resolveSameDate(same)
			probs = append(probs, more...)
			versions = append(versions, p)
		}
		slices.SortFunc(versions, func(a, b parsed) int {
			return cmp.Or(cmp.Compare(a.v.Date.Compact(), b.v.Date.Compact()), strings.Compare(a.v.Source, b.v.Source))
		})
		newest := versions[len(versions)-1]
		w := &Work{
			ID:      WorkID(newest.v.Title),
			Title:   newest.v.Title,
			Kind:    newest.class.kind,
			Level:   newest.class.level,
			Issuer:  newest.class.issuer,
			Topic:   newest.class.topic,
			Region:  newest.class.region,
			Aliases: titleAliases(newest.v.Title),
		}
		for _, p := range versions {
			probs = append(probs, p.probs...)
			probs = append(probs, checkNumbering(p.v)...)
			assignIDs(p.v, w.ID)
			w.Versions = append(w.Versions, p.v)
		}
		setValidity(w.Versions, today)
		for _, p := range versions {
			if p.stated != "" {
				// The publisher's word on validity beats our inference.
				p.v.Status = p.stated
			}
		}
		works = append(works, w)
	}
	return works, probs
}

// groupByDate splits a title group by version date, keeping file order.
func groupByDate(group []parsed) [][]parsed {
	idx := map[string]int{}
	var out [][]parsed
	for _, p := range group {
		d := p.v.Date.Compact()
		i, ok := idx[d]
		if !ok {
			i = len(out)
			idx[d] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], p)
	}
	return out
}

// resolveSameDate turns files with one title and one date into one version:
// the parts of a split law (same folder, each with its own subtitle) are
// merged; other copies are duplicates, of which the fullest is kept.
func resolveSameDate(same []parsed) (parsed, []Problem) {
	if len(same) == 1 {
		return same[0], nil
	}
	if isSplitLaw(same) {
		return mergeParts(same), nil
	}
	keep := slices.MaxFunc(same, func(a, b parsed) int {
		return cmp.Or(cmp.Compare(len(a.v.Articles), len(b.v.Articles)),
			cmp.Compare(len(a.v.Sections), len(b.v.Sections)),
			cmp.Compare(len(a.v.Events), len(b.v.Events)),
			strings.Compare(b.v.Source, a.v.Source)) // the first path wins a tie
	})
	var probs []Problem
	for _, p := range same {
		if p.v == keep.v {
			continue
		}
		probs = append(probs, skipped(p.v.Source, 0, ReasonDuplicate,
			"same title and date as %s, which is kept", keep.v.Source))
	}
	return keep, probs
}

func isSplitLaw(same []parsed) bool {
	dir := path.Dir(same[0].v.Source)
	subs := map[string]bool{}
	for _, p := range same {
		if path.Dir(p.v.Source) != dir || p.v.Subtitle == "" || subs[p.v.Subtitle] {
			return false
		}
		subs[p.v.Subtitle] = true
	}
	return true
}

// mergeParts joins the parts of a split law in the order of their first
// article (总则 before 物权编 …); the part name heads each chapter path and
// each article records its file, since line numbers are per file.
func mergeParts(parts []parsed) parsed {
	slices.SortFunc(parts, func(a, b parsed) int {
		return cmp.Or(cmp.Compare(firstArticle(a.v), firstArticle(b.v)), strings.Compare(a.v.Source, b.v.Source))
	})
	first := parts[0]
	v := &Version{
		Title:  first.v.Title,
		Source: path.Dir(first.v.Source) + "/",
		Date:   first.v.Date,
	}
	seen := map[Event]bool{}
	var probs []Problem
	for _, p := range parts {
		for _, e := range p.v.Events {
			k := Event{Date: e.Date, Type: e.Type}
			if !seen[k] {
				seen[k] = true
				v.Events = append(v.Events, e)
			}
		}
		chapters := map[string][]string{}
		for _, a := range p.v.Articles {
			key := strings.Join(a.Chapter, "\x00")
			ch, ok := chapters[key]
			if !ok {
				ch = append([]string{p.v.Subtitle}, a.Chapter...)
				chapters[key] = ch
			}
			a.Chapter = ch
			a.File = p.v.Source
			v.Articles = append(v.Articles, a)
		}
		for _, s := range p.v.Sections {
			s.Path = append([]string{p.v.Subtitle}, s.Path...)
			v.Sections = append(v.Sections, s)
		}
		probs = append(probs, p.probs...)
	}
	v.ValidFrom = validFrom(v)
	return parsed{v: v, class: first.class, probs: probs}
}

func firstArticle(v *Version) int {
	if len(v.Articles) == 0 {
		return int(^uint(0) >> 1)
	}
	return v.Articles[0].Number
}

// setValidity chains the versions of a work (oldest first): each is valid
// until the next one takes effect. The newest version in effect today is
// 现行有效, the ones before it 已修改, those not yet in effect 尚未生效.
func setValidity(vs []*Version, today Date) {
	current := -1
	for i, v := range vs {
		v.ValidTo = Date{}
		if i+1 < len(vs) {
			v.ValidTo = vs[i+1].ValidFrom
		}
		if !today.Before(v.ValidFrom) {
			current = i
		}
	}
	for i, v := range vs {
		switch {
		case today.Before(v.ValidFrom):
			v.Status = StatusNotYet
		case i == current:
			v.Status = StatusInForce
		default:
			v.Status = StatusAmended
		}
	}
}

// titleAliases are the names a work is found by besides its title: without
// 中华人民共和国, and without the spaces some titles carry.
func titleAliases(title string) []string {
	var out []string
	add := func(s string) {
		if s != "" && s != title && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	short := strings.TrimPrefix(title, nationPrefix)
	add(short)
	add(normTitle(title))
	add(normTitle(short))
	return out
}

// Kind returns the reason's kind: the text before the first ": ".
func (p Problem) Kind() string {
	k, _, _ := strings.Cut(p.Reason, ": ")
	return k
}

// String renders path:line: reason, the form logs and CLIs print.
func (p Problem) String() string {
	s := p.Path
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
	}
	s += ": " + p.Reason
	if p.Skipped {
		s += " (skipped)"
	}
	return s
}

// ProblemCount is how many problems share a kind and how many of them
// skipped their file.
type ProblemCount struct {
	Kind    string `json:"kind"`
	Count   int    `json:"count"`
	Skipped int    `json:"skipped"`
}

// SummarizeProblems counts problems by kind, most frequent first, for the
// summary a CLI prints after an import.
func SummarizeProblems(ps []Problem) []ProblemCount {
	idx := map[string]int{}
	var out []ProblemCount
	for _, p := range ps {
		k := p.Kind()
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, ProblemCount{Kind: k})
		}
		out[i].Count++
		if p.Skipped {
			out[i].Skipped++
		}
	}
	slices.SortFunc(out, func(a, b ProblemCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Kind, b.Kind))
	})
	return out
}
