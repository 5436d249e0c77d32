//go:build e2e

package web_test

// End-to-end tests over the whole corpus (../shared) in real headless
// Chromium at 360×740: what an officer in 温州 and a trainer see first.
// They need the corpus index; set LAWKB_E2E_INDEX to an index root built
// with the same dictionary (lawkb index --index DIR --full) to reuse one,
// otherwise the test builds it once (about two minutes). Without ../shared
// they skip.
//
//	go test -tags e2e -run Corpus ./web/ [-args -screenshots ../docs/screenshots]

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/lawkb/lawkb/internal/testshared"
)

// publicBase is the address the corpus server is told it is reached at.
const publicBase = "https://lawkb.example.gov.cn"

// corpusIndex builds the whole-corpus index once per run, unless
// LAWKB_E2E_INDEX names one.
var corpusIndex = sync.OnceValues(func() (string, error) {
	if dir := os.Getenv("LAWKB_E2E_INDEX"); dir != "" {
		return dir, nil
	}
	bin, err := lawkbBinary()
	if err != nil {
		return "", err
	}
	shared, err := sharedDir()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "lawkb-e2e-corpus-")
	if err != nil {
		return "", err
	}
	cmd := exec.Command(bin, "index", "--full", "--index", dir,
		"--corpus", filepath.Join(shared, "corpus", "lawrefbook"), "--catalog", filepath.Join(shared, "catalog"),
		"--dict", filepath.Join(shared, "dict", "THUOCL_law.txt"), "--standards", filepath.Join(shared, "corpus", "standards"),
		"--questions", filepath.Join(shared, "eval", "stard-train.jsonl"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("lawkb index: %v\n%s", err, out)
	}
	return dir, nil
})

func sharedDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, "shared", "corpus", "lawrefbook")); err == nil && fi.IsDir() {
			return filepath.Join(dir, "shared"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// startCorpusServer serves the whole-corpus index on a loopback port with
// a public URL configured, as an officer's service runs.
func startCorpusServer(t *testing.T) *lawkbServer {
	t.Helper()
	shared := testshared.Dir(t, "corpus/lawrefbook")
	idx, err := corpusIndex()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := lawkbBinary()
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	s := &lawkbServer{URL: "http://" + addr, done: make(chan error, 1), log: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, "serve", "--index", idx, "--addr", addr, "--public-url", publicBase,
		"--dict", filepath.Join(shared, "dict", "THUOCL_law.txt"))
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(s.stop)
	deadline := time.Now().Add(120 * time.Second)
	for {
		if res, err := http.Get(s.URL + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("lawkb serve exited: %v\n%s", err, s.log)
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("lawkb serve not healthy after 120s\n%s", s.log)
		}
	}
}

func getJSON(t *testing.T, u string, into any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: %d %s", u, res.StatusCode, b)
	}
	if err := json.NewDecoder(res.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// citeID resolves a citation through the API, as of a day ("" for today).
func citeID(t *testing.T, base, q, asOf string) (article, version string) {
	t.Helper()
	var r struct {
		Citation struct {
			VersionID  string   `json:"version_id"`
			ArticleIDs []string `json:"article_ids"`
		} `json:"citation"`
	}
	u := base + "/api/v1/cite?q=" + url.QueryEscape(q)
	if asOf != "" {
		u += "&as_of=" + asOf
	}
	getJSON(t, u, &r)
	if len(r.Citation.ArticleIDs) == 0 {
		t.Fatalf("%s resolves to no article", q)
	}
	return r.Citation.ArticleIDs[0], r.Citation.VersionID
}

// leadBox is the first result box as the phone lays it out.
type leadBox struct {
	Top, Bottom float64
	Type, Text  string
}

const leadJS = `(() => { const l = document.querySelector('section.lead'); if (!l) return null;
	const r = l.getBoundingClientRect(); const t = l.querySelector('.lead-title').getBoundingClientRect();
	return {Top: r.top + scrollY, Bottom: t.bottom + scrollY, Type: l.dataset.type, Text: l.innerText}; })()`

// TestE2ECorpusFirstScreen: the first box answers, within the first 600 px
// of a 360×740 phone, for the three searches of issue 11.
func TestE2ECorpusFirstScreen(t *testing.T) {
	srv := startCorpusServer(t)
	ctx := newBrowser(t)
	wz := url.QueryEscape("浙江/温州")
	// 浙江 fines 设摊经营 in 第十六条第三款; 温州's 第二十一条 sets the duty.
	stall := []string{"浙江省城市市容和环境卫生管理条例 第十六条", "温州市市容和环境卫生管理条例 第二十一条", "《浙江省城市市容和环境卫生管理条例》第十六条"}
	for _, tt := range []struct {
		q, region, shot string
		want            []string // the box holds one of these
	}{
		{"处罚法32", wz, "citation.png", []string{"中华人民共和国行政处罚法 第三十二条"}},
		{"占道经营", wz, "", stall},
		{"在人行道上摆摊卖水果", wz, "search.png", stall},
	} {
		t.Run(tt.q, func(t *testing.T) {
			must(t, ctx, chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape(tt.q)+"&region="+tt.region), chromedp.WaitVisible(chromedp.CSS(`form.search`)))
			l := eval[*leadBox](t, ctx, leadJS)
			if l == nil {
				t.Fatalf("no first box for %s: %s", tt.q, text(t, ctx, "main"))
			}
			if l.Bottom > 600 {
				t.Errorf("%s: the first box's title ends at y = %.0f, below the first 600 px", tt.q, l.Bottom)
			}
			flat := strings.ReplaceAll(strings.ReplaceAll(l.Text, "\n", " "), "  ", " ")
			ok := false
			for _, w := range tt.want {
				ok = ok || strings.Contains(flat, w)
			}
			if !ok {
				t.Errorf("%s: first box (%s) is not one of %q (ranking?):\n%s", tt.q, l.Type, tt.want, l.Text)
			}
			// Items, when listed, name their law and region in a line of their
			// own, never squeezed beside the name.
			squeezed := eval[[]string](t, ctx, `[...document.querySelectorAll('.rows li a')].filter(a => {
				const m = a.querySelector('.m'); return m && m.getBoundingClientRect().width < 0.8 * a.getBoundingClientRect().width; })
				.map(a => a.innerText)`)
			if len(squeezed) > 0 {
				t.Errorf("%s: item rows with their meta squeezed: %q", tt.q, squeezed)
			}
			rows := eval[[]string](t, ctx, `[...document.querySelectorAll('.rows .m')].map(m => m.innerText)`)
			for _, r := range rows {
				if !strings.Contains(r, "》第") || !regexp.MustCompile(`全国|浙江|温州`).MatchString(r) {
					t.Errorf("%s: item row %q does not name its law, provision and region", tt.q, r)
				}
			}
			if got := eval[string](t, ctx, `(document.querySelector('a[href^="/s?"]') || {}).href || ''`); !strings.Contains(got, url.QueryEscape(tt.q)) {
				t.Errorf("%s: no 案情找依据 link prefilled with the query (%q)", tt.q, got)
			}
			if tt.shot != "" {
				shoot(t, ctx, tt.shot)
			}
		})
	}
	// The facets are behind one 筛选 control, closed on arrival.
	if n := eval[int](t, ctx, `document.querySelectorAll('details.filter:not([open]) .chip').length`); n == 0 {
		t.Error("no facet chips inside the closed 筛选 panel")
	}
	must(t, ctx, chromedp.Click(chromedp.CSS(`details.filter > summary`)), chromedp.WaitVisible(chromedp.CSS(`.filter .chip`)))
	shoot(t, ctx, "filter.png")
}

// TestE2ECorpusNoCriminalItems: no item of /api/v1/items has the criminal
// law as its basis: every national item (the criminal law is national),
// and the searches that used to list them.
func TestE2ECorpusNoCriminalItems(t *testing.T) {
	srv := startCorpusServer(t)
	criminal := regexp.MustCompile(`《(中华人民共和国)?刑法(修正案[^》]*)?》`)
	type items struct {
		Total int `json:"total"`
		Items []struct {
			ID    string   `json:"id"`
			Name  string   `json:"name"`
			Basis []string `json:"basis"`
		} `json:"items"`
	}
	check := func(u string) int {
		var r items
		getJSON(t, u, &r)
		for _, it := range r.Items {
			for _, b := range it.Basis {
				if criminal.MatchString(b) {
					t.Errorf("item %s %q has a criminal-law basis %s (%s)", it.ID, it.Name, b, u)
				}
			}
		}
		return r.Total
	}
	seen := 0
	for p := 1; ; p++ {
		total := check(fmt.Sprintf("%s/api/v1/items?region=%s&size=100&page=%d", srv.URL, url.QueryEscape("全国"), p))
		seen += 100
		if seen >= total {
			t.Logf("checked %d national items", total)
			break
		}
	}
	for _, q := range []string{"在人行道上摆摊卖水果", "拐卖妇女儿童", "有期徒刑", "拘役", "罚金", "刑法", "盗窃", "偷越国边境"} {
		check(srv.URL + "/api/v1/items?size=100&q=" + url.QueryEscape(q))
	}
}

// tapTargetsJS lists the visible controls smaller than 44×44 px (a
// checkbox counts by its label) and the visible text under 14 px.
const tapTargetsJS = `(() => {
	const out = []; let checked = 0, texts = 0;
	const shown = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
		return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && s.pointerEvents !== 'none' && el.getAttribute('aria-hidden') !== 'true'; };
	document.querySelectorAll('a[href], button, select, input, textarea, summary').forEach(el => {
		if (el.type === 'hidden' || !shown(el)) return;
		const t = (el.type === 'checkbox' || el.type === 'radio') ? (el.closest('label') || el) : el;
		const r = t.getBoundingClientRect(); checked++;
		if (r.width < 44 || r.height < 44) out.push('tap ' + Math.round(r.width) + '×' + Math.round(r.height) + ' ' + t.tagName + ' ' + (t.innerText || t.value || t.name || '').slice(0, 30));
	});
	const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n; (n = w.nextNode());) {
		if (!n.textContent.trim() || !n.parentElement || !shown(n.parentElement)) continue;
		const fs = parseFloat(getComputedStyle(n.parentElement).fontSize); texts++;
		if (fs < 14) out.push('text ' + fs + 'px ' + n.textContent.trim().slice(0, 30));
	}
	return {Checked: checked, Texts: texts, Bad: out}; })()`

// tapReport is what tapTargetsJS finds.
type tapReport struct {
	Checked, Texts int
	Bad            []string
}

// personRead matches what no page or export may show a person: corpus
// file paths and loopback links.
var personRead = regexp.MustCompile(`\.(md|pdf|csv|xlsx)\b|DLC/|地方法规/|127\.0\.0\.1|localhost|\[::1\]`)

// TestE2ECorpusPages opens every kind of page over the real corpus and
// checks what a person sees: tap targets, text size, no file paths or
// loopback links; and the renumbered link, the font-size setting, the
// Chinese date field and the trainer's switches.
func TestE2ECorpusPages(t *testing.T) {
	srv := startCorpusServer(t)
	ctx := newBrowser(t)
	cpf32, _ := citeID(t, srv.URL, "行政处罚法第三十二条", "")
	// 统计法 2009 第七条 is 2024 第八条, word for word.
	old7, _ := citeID(t, srv.URL, "统计法第七条", "2015-01-01")
	new8, _ := citeID(t, srv.URL, "统计法第八条", "")
	_, mfd := citeID(t, srv.URL, "民法典第五十四条", "")
	var its struct {
		Items []struct{ ID string } `json:"items"`
	}
	getJSON(t, srv.URL+"/api/v1/items?size=1&q="+url.QueryEscape("占道经营")+"&in="+url.QueryEscape("浙江/温州"), &its)
	if len(its.Items) == 0 {
		t.Fatal("no item for 占道经营 in 温州")
	}
	item := its.Items[0].ID
	wz := url.QueryEscape("浙江/温州")
	pages := []struct{ name, path, open, shot string }{
		{"home", "/", "", ""},
		{"results with 筛选 open", "/?q=" + url.QueryEscape("噪声") + "&region=" + wz, "details.filter > summary", ""},
		{"results by title", "/?q=" + url.QueryEscape("市容") + "&field=title&region=" + wz, "", ""},
		{"results sorted by date, within", "/?q=" + url.QueryEscape("占道经营") + "&sort=date&within=" + url.QueryEscape("罚款") + "&region=", "", ""},
		{"article", "/a/" + url.PathEscape(cpf32), "", "article.png"},
		{"old article", "/a/" + url.PathEscape(old7), "", ""},
		{"item with calculator", "/i/" + url.PathEscape(item) + "?calc=1&refused=1", "", "item.png"},
		{"item of a factor table", "/i/it-guangdong-eco-fine-GD-2.3", "", ""},
		{"document", "/d/" + url.PathEscape(mfd), "details.toc > summary", ""},
		{"suggest", "/s?text=" + url.QueryEscape("在人行道上摆摊卖水果，劝阻后仍不离开") + "&region=" + wz, "", "suggest.png"},
		{"collection", "/c", "", ""},
		{"diff", "/a/" + url.PathEscape(old7) + "/diff/" + url.PathEscape(new8), "", ""},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			must(t, ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(`main`)))
			if p.open != "" {
				must(t, ctx, chromedp.Click(chromedp.CSS(p.open)))
			}
			r := eval[tapReport](t, ctx, tapTargetsJS)
			for _, bad := range r.Bad {
				t.Errorf("%s: %s", p.path, bad)
			}
			if r.Checked == 0 || r.Texts == 0 {
				t.Errorf("%s: no control or text measured", p.path)
			}
			t.Logf("%s: %d controls ≥ 44 px, %d texts ≥ 14 px", p.name, r.Checked, r.Texts)
			body := eval[string](t, ctx, `document.body.innerText + [...document.querySelectorAll('a[href]')].map(a => a.href.startsWith(location.origin) ? '' : a.href).join(' ')`)
			if m := personRead.FindString(body); m != "" {
				t.Errorf("%s shows %q", p.path, m)
			}
			if p.shot != "" {
				must(t, ctx, run(`scrollTo(0, 0)`))
				shoot(t, ctx, p.shot)
			}
		})
	}

	if *screenshots != "" {
		// The article in dark mode, as a phone set to dark shows it.
		must(t, ctx, chromedp.Navigate(srv.URL+"/a/"+url.PathEscape(cpf32)), chromedp.WaitVisible(chromedp.CSS(`#art h1`)), colorScheme("dark"))
		shoot(t, ctx, "article-dark.png")
		must(t, ctx, colorScheme(""))
	}

	// 2009 第七条 became 2024 第八条: the banner and the versions block
	// follow the provision, not the number.
	must(t, ctx, chromedp.Navigate(srv.URL+"/a/"+url.PathEscape(old7)), chromedp.WaitVisible(chromedp.CSS(`.banner`)))
	if href := eval[string](t, ctx, `(document.querySelector('.banner a') || {}).href || ''`); !strings.HasSuffix(href, "/a/"+url.PathEscape(new8)) {
		t.Errorf("查看现行版本 of 统计法 2009 第七条 leads to %q, want 2024 第八条", href)
	}
	if s := text(t, ctx, ".banner"); !strings.Contains(s, "第八条") {
		t.Errorf("banner %q does not name 第八条", s)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.links a[href$="/diff/`+url.PathEscape(new8)+`"]').length`); n != 1 {
		t.Errorf("the versions block does not compare with 2024 第八条")
	}

	// The font-size setting scales the page and is kept for the next one.
	must(t, ctx, chromedp.Navigate(srv.URL+"/a/"+url.PathEscape(cpf32)), chromedp.WaitVisible(chromedp.ID("fs")))
	before := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector('.atext')).fontSize)`)
	must(t, ctx, chromedp.Click(chromedp.ID("fs")))
	after := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector('.atext')).fontSize)`)
	if after <= before {
		t.Errorf("字号: text %.1f px → %.1f px", before, after)
	}
	must(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("fs")))
	if fs := eval[string](t, ctx, `document.documentElement.dataset.fs || ''`); fs != "l" {
		t.Errorf("font size after reload: %q, want l (the server renders the setting)", fs)
	}
	must(t, ctx, chromedp.Click(chromedp.ID("fs")), chromedp.Click(chromedp.ID("fs")))

	// The date field reads and writes Chinese dates.
	must(t, ctx, chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("占道经营")+"&region=&as_of=2019-06-01"), chromedp.WaitVisible(chromedp.CSS(`form.search`)))
	if v := eval[string](t, ctx, `document.querySelector('input[name=as_of][data-cn-date]').value`); v != "2019年6月1日" {
		t.Errorf("date field shows %q, want 2019年6月1日", v)
	}
	if s := text(t, ctx, ".meta"); !strings.Contains(s, "2019年6月1日时有效") {
		t.Errorf("results meta %q", s)
	}
}

// TestE2ECorpusLongDocument: 民法典's first load stays within the budget,
// its table of contents is closed, and 第五十四条 is one jump away, clear
// of the sticky header.
func TestE2ECorpusLongDocument(t *testing.T) {
	srv := startCorpusServer(t)
	_, mfd := citeID(t, srv.URL, "民法典第五十四条", "")
	ctx := newBrowser(t)
	proxy := newCountingProxy(t, strings.TrimPrefix(srv.URL, "http://"))
	base := "http://" + proxy.ln.Addr().String()
	loaded := chromedp.Events(ctx, page.LoadEventFired)
	must(t, ctx, chromedp.Navigate(base+"/d/"+url.PathEscape(mfd)))
	for _, err := range loaded {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	waitCached(t, ctx, base+"/offline")
	time.Sleep(500 * time.Millisecond)
	total := proxy.down.Load()
	t.Logf("民法典 first load: %d bytes over the wire with the service worker's precache (budget %d)", total, maxFirstLoad)
	if total > maxFirstLoad {
		t.Errorf("民法典 first load is %d bytes, budget %d", total, maxFirstLoad)
	}
	if open := eval[bool](t, ctx, `document.querySelector('details.toc').open`); open {
		t.Error("the table of contents is open on arrival")
	}
	if h := eval[float64](t, ctx, `document.documentElement.scrollHeight`); h > 40000 {
		t.Errorf("民法典 page is %.0f px tall on arrival", h)
	}
	// One jump: type 54, go.
	must(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`form.jump input[name=a]`), "54"),
		clickNav(`form.jump button`),
		chromedp.WaitVisible(chromedp.ID("a-54")),
	)
	top := eval[float64](t, ctx, `document.getElementById('a-54').getBoundingClientRect().top`)
	header := eval[float64](t, ctx, `document.querySelector('header.top').getBoundingClientRect().bottom`)
	if top < header || top > phoneH/2 {
		t.Errorf("第五十四条 lands at y = %.0f (header ends at %.0f)", top, header)
	}
	if s := text(t, ctx, "#a-54"); !strings.HasPrefix(s, "第五十四条") {
		t.Errorf("#a-54 reads %q", s)
	}
	shoot(t, ctx, "document.png")
	// Find in the document.
	must(t, ctx, chromedp.Navigate(srv.URL+"/d/"+url.PathEscape(mfd)+"?find="+url.QueryEscape("居住权")), chromedp.WaitVisible(chromedp.CSS(`.found`)))
	if n := eval[int](t, ctx, `document.querySelectorAll('.found li').length`); n < 5 {
		t.Errorf("find 居住权 in 民法典: %d articles", n)
	}
}

// TestE2ECorpusExports: a trainer collects an article, an item and a
// document and exports them; no export carries a corpus path or a loopback
// link, links go to the public URL.
func TestE2ECorpusExports(t *testing.T) {
	srv := startCorpusServer(t)
	ctx := newBrowser(t)
	cpf32, _ := citeID(t, srv.URL, "行政处罚法第三十二条", "")
	old7, _ := citeID(t, srv.URL, "统计法第七条", "2015-01-01")
	var its struct {
		Items []struct{ ID string } `json:"items"`
	}
	getJSON(t, srv.URL+"/api/v1/items?size=1&q="+url.QueryEscape("占道经营")+"&in="+url.QueryEscape("浙江/温州"), &its)
	for _, p := range []string{"/a/" + url.PathEscape(cpf32), "/a/" + url.PathEscape(old7), "/i/" + url.PathEscape(its.Items[0].ID)} {
		must(t, ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible(chromedp.ID("add")), chromedp.Click(chromedp.ID("add")), chromedp.WaitVisible(chromedp.ID("toast")))
	}
	must(t, ctx, chromedp.Navigate(srv.URL+"/c"), chromedp.WaitVisible(chromedp.CSS(`#coll-list .coll-entry`)))
	shoot(t, ctx, "collection.png")
	md := string(download(t, ctx, `form.export input[value=md] ~ button`))
	docx := download(t, ctx, `form.export input[value=docx] ~ button`)
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var doc strings.Builder
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		doc.Write(b)
	}
	must(t, ctx, clickNav(`form.export input[value=print] ~ button`), chromedp.WaitVisible(chromedp.CSS(`.print-bar`)))
	// What the page says, and where its links to other sites lead (its own
	// navigation is relative and stays on the server it came from).
	print := eval[string](t, ctx, `document.body.innerText + [...document.querySelectorAll('a[href]')].map(a => a.href.startsWith(location.origin) ? '' : a.href).join(' ')`)
	for name, body := range map[string]string{"markdown": md, "docx": doc.String(), "print": print} {
		if m := personRead.FindString(body); m != "" {
			t.Errorf("%s export shows %q", name, m)
		}
		if !strings.Contains(body, publicBase+"/a/") {
			t.Errorf("%s export has no link at the public URL", name)
		}
	}
	// The 2009 text's warning follows the renumbering.
	if !strings.Contains(md, "本条改为第八条，文字未变") {
		t.Errorf("export warning of 统计法 2009 第七条 does not name 第八条:\n%s", md)
	}
	for _, w := range []string{"来源：全国人民代表大会常务委员会", "《浙江省城市市容和环境卫生管理条例》"} {
		if !strings.Contains(md, w) {
			t.Errorf("markdown export lacks %q", w)
		}
	}
}
