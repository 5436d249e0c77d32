//go:build e2e

package web_test

// End-to-end tests in real headless Chromium against a real lawkb server
// (the cmd/lawkb binary, built and started on 127.0.0.1 by the test, over
// an index of testdata/corpus). Run them with
//
//	go test -tags e2e -run E2E ./web/
//
// and add -screenshots ../docs/screenshots to write the phone-size
// screenshots (360×740 at 2× scale) the README shows.

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var (
	screenshots = flag.String("screenshots", "", "write phone-size screenshots into this directory (e.g. ../docs/screenshots)")
	chromePath  = flag.String("chromium", "/usr/bin/chromium", "the Chromium binary the e2e tests drive")
)

// The phone the tests hold: 360×740 CSS pixels.
const phoneW, phoneH = 360, 740

// maxFirstLoad is the budget for the first visit of a search page, over
// the wire, service worker precache included.
const maxFirstLoad = 150 * 1024

// lawkbBinary builds cmd/lawkb once per test run.
var lawkbBinary = sync.OnceValues(func() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "lawkb-e2e-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "lawkb")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/lawkb")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/lawkb: %v\n%s", err, out)
	}
	return bin, nil
})

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// lawkbServer is one `lawkb serve` process on a free loopback port.
type lawkbServer struct {
	URL  string
	cmd  *exec.Cmd
	done chan error
	log  *bytes.Buffer
}

// startServer runs `lawkb serve --corpus testdata/corpus` (which builds the
// index on first start) and waits until /healthz answers.
func startServer(t *testing.T) *lawkbServer {
	t.Helper()
	bin, err := lawkbBinary()
	if err != nil {
		t.Fatal(err)
	}
	corpusDir, err := filepath.Abs("testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	s := &lawkbServer{URL: "http://" + addr, done: make(chan error, 1), log: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, "serve", "--corpus", corpusDir, "--index", filepath.Join(t.TempDir(), "index"), "--dict", "", "--addr", addr)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(s.stop)
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := http.Get(s.URL + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("lawkb serve exited: %v\n%s", err, s.log)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("lawkb serve not healthy after 90s\n%s", s.log)
		}
	}
}

// stop ends the server process this test started, and waits for it.
func (s *lawkbServer) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd.ProcessState = &os.ProcessState{}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// newBrowser starts a fresh headless Chromium (empty profile, phone-size
// viewport) and returns a tab context.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(*chromePath); err != nil {
		t.Skipf("Chromium not found at %s (apt-get install chromium): skipping the browser tests", *chromePath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(*chromePath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(phoneW, phoneH),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	tctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// Script errors and blocked resources (a CSP violation is one) fail the
	// test; a refused connection is what the offline test makes on purpose.
	var mu sync.Mutex
	var problems []string
	go func() {
		for m, err := range chromedp.Console(tctx) {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
				continue
			}
			if strings.Contains(m.Text, "ERR_CONNECTION_REFUSED") || strings.Contains(m.Text, "ERR_INTERNET_DISCONNECTED") {
				continue
			}
			mu.Lock()
			problems = append(problems, string(m.Type)+": "+m.Text+" ("+m.URL+")")
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser console: %s", p)
		}
	})
	return tctx
}

// must runs steps, each batch within 30 seconds, so a missing element
// fails the test quickly with the page's address.
func must(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("on %s: %v", loc, err)
	}
}

// colorScheme emulates prefers-color-scheme ("" resets it).
func colorScheme(v string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{}
		if v != "" {
			p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p)
		return err
	})
}

// run evaluates a script for its effect.
func run(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		return err
	})
}

// clickNav clicks sel and waits for the page it leads to to load.
func clickNav(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel))))
		return err
	})
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// shoot writes a viewport screenshot when -screenshots is given.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	// A toast is a moment, not the page: hide it for the picture.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById('toast') || {}).hidden = true`)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", filepath.Join(*screenshots, name), len(png))
}

// waitCached waits until the service worker controls the page and the
// Cache Storage holds url.
func waitCached(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	js := fmt.Sprintf(`navigator.serviceWorker.controller !== null && window.__cached === true ||
		(caches.match(%q).then(r => { window.__cached = !!r && navigator.serviceWorker.controller !== null; }), false)`, u)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("%s never reached the service worker's cache: %v", u, err)
	}
	must(t, ctx, run(`delete window.__cached`))
}

// download clicks sel, which submits an export form, and returns the file
// the browser saved.
func download(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	dir := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	must(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		yes := true
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &yes,
		})
		return err
	}), chromedp.Click(chromedp.CSS(sel)))
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download via %s: %v", sel, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatal(err)
			}
			return b
		case browser.DownloadProgressStateCanceled:
			t.Fatalf("download via %s was cancelled", sel)
		}
	}
	t.Fatalf("download via %s: no completed event", sel)
	return nil
}

// TestE2ESearchArticleCollectionExport walks what a trainer does: search,
// open an article, keep it, collect it, and export the collection.
func TestE2ESearchArticleCollectionExport(t *testing.T) {
	ctx := newBrowser(t)
	srv := startServer(t)

	// Search from the home page's box; the region preference is a tap.
	must(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`form.search input[name=q]`)))
	must(t, ctx, chromedp.Click(chromedp.CSS(`.region a[data-region=""]`)), chromedp.WaitVisible(chromedp.CSS(`.region a.on[data-region=""]`)))
	if got := eval[string](t, ctx, `localStorage.getItem('lawkb.region')`); got != `""` {
		t.Errorf("region preference stored as %q, want the empty (不限) choice", got)
	}
	must(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`form.search input[name=q]`), "占道经营"),
		chromedp.Submit(chromedp.CSS(`form.search input[name=q]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.lead`)),
	)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if u, err := url.Parse(loc); err != nil || u.Query().Get("q") != "占道经营" {
		t.Errorf("search state is not in the URL: %s", loc)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('section.lead, li.hit').length`); n < 3 {
		t.Errorf("%d results for 占道经营, want at least 3", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('section.lead mark, li.hit mark').length`); n == 0 {
		t.Error("no highlighted words in the results")
	}
	if s := eval[string](t, ctx, `document.querySelector('details.filter').textContent`); !strings.Contains(s, "法律") {
		t.Errorf("facet chips %q lack 法律", s)
	}

	// Open the current 第二条 of the law.
	must(t, ctx,
		clickNav(`section.lead a.lead-title[href*="20210601-2"], li.hit a.hit-title[href*="20210601-2"]`),
		chromedp.WaitVisible(chromedp.CSS(`#art h1`)),
	)
	if h := text(t, ctx, `#art h1`); !strings.Contains(h, "第二条") {
		t.Fatalf("article page heading %q", h)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.atext .k').length`); n != 2 {
		t.Errorf("%d 款 shown, want 2", n)
	}
	must(t, ctx, chromedp.Click(chromedp.ID("fav")), chromedp.WaitVisible(chromedp.CSS(`#fav[aria-pressed=true]`)))
	must(t, ctx, chromedp.Click(chromedp.ID("add")), chromedp.WaitVisible(chromedp.ID("toast")))
	if s := text(t, ctx, "#toast"); !strings.Contains(s, "已加入") {
		t.Errorf("toast after adding: %q", s)
	}

	// The old version of the same article, from the versions block, via the
	// diff page: an amended text whose export must carry a flag.
	must(t, ctx,
		clickNav(`.links a[href*="/diff/"]`),
		chromedp.WaitVisible(chromedp.CSS(`.diff`)),
	)
	if n := eval[int](t, ctx, `document.querySelectorAll('.diff ins, .diff del').length`); n == 0 {
		t.Error("the diff page marks no change between the versions")
	}
	must(t, ctx,
		clickNav(`.actions a.btn[href*="20150301-2"]`),
		chromedp.WaitVisible(chromedp.CSS(`.banner.s-warn`)),
		chromedp.Click(chromedp.ID("add")),
		chromedp.WaitVisible(chromedp.ID("toast")),
	)

	// The collection page lists both, in order.
	must(t, ctx, chromedp.Navigate(srv.URL+"/c"), chromedp.WaitVisible(chromedp.CSS(`#coll-list .coll-entry`)))
	if n := eval[int](t, ctx, `document.querySelectorAll('#coll-list .coll-entry').length`); n != 2 {
		t.Fatalf("%d entries in the collection, want 2", n)
	}
	// A second, named collection: create it, then switch back.
	must(t, ctx,
		chromedp.SendKeys(chromedp.ID("coll-name"), "市容执法培训"),
		chromedp.Click(chromedp.CSS(`#coll-new button`)),
		chromedp.WaitVisible(chromedp.CSS(`#coll-list .empty`)),
		chromedp.SetValue(chromedp.ID("coll-pick"), "我的课件"),
		run(`document.getElementById('coll-pick').dispatchEvent(new Event('change'))`),
		chromedp.WaitVisible(chromedp.CSS(`#coll-list .coll-entry`)),
	)
	md := string(download(t, ctx, `form.export input[value=md] ~ button`))
	for _, w := range []string{"# 我的课件", "《中华人民共和国市容管理法》（2021-06-01 版）第二条", "《中华人民共和国市容管理法》（2015-03-01 版）第二条", "⚠ 此后已修改"} {
		if !strings.Contains(md, w) {
			t.Errorf("exported Markdown lacks %q:\n%s", w, md)
		}
	}
	if strings.Count(md, "⚠") != 1 {
		t.Errorf("want exactly one flag (the 2015 text):\n%s", md)
	}

	docx := download(t, ctx, `form.export input[value=docx] ~ button`)
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("exported DOCX is not a zip: %v", err)
	}
	var body string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			body = string(b)
		}
	}
	if !strings.Contains(body, "此后已修改") || !strings.Contains(body, "我的课件") {
		t.Errorf("DOCX document.xml lacks the flag or the title:\n%s", body)
	}

	must(t, ctx, clickNav(`form.export input[value=print] ~ button`), chromedp.WaitVisible(chromedp.CSS(`.print-bar`)))
	if s := text(t, ctx, "main"); !strings.Contains(s, "此后已修改") || !strings.Contains(s, "我的课件") {
		t.Errorf("print page: %q", s)
	}
}

// TestE2EOffline views two articles, keeps one as a favourite, stops the
// server, and reloads: viewed articles and favourites come from the
// service worker, an unseen article gets the offline page.
func TestE2EOffline(t *testing.T) {
	ctx := newBrowser(t)
	srv := startServer(t)
	fav := srv.URL + "/a/" + url.PathEscape(article(t, lawTitle, "2021-06-01", 3).ID)
	viewed := srv.URL + "/a/" + url.PathEscape(article(t, noiseTitle, "", 4).ID)
	unseen := srv.URL + "/a/" + url.PathEscape(article(t, localTitle, "", 3).ID)

	must(t, ctx, chromedp.Navigate(fav), chromedp.WaitVisible(chromedp.ID("fav")))
	waitCached(t, ctx, fav)
	must(t, ctx, chromedp.Click(chromedp.ID("fav")), chromedp.WaitVisible(chromedp.CSS(`#fav[aria-pressed=true]`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`caches.open('favs').then(c => c.match(location.href)).then(r => window.__fav = !!r), window.__fav === true`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("favourite never reached the favourites cache: %v", err)
	}
	must(t, ctx, chromedp.Navigate(viewed), chromedp.WaitVisible(chromedp.CSS(`#art h1`)))
	waitCached(t, ctx, viewed)
	want := text(t, ctx, `.atext`)

	srv.stop()
	if _, err := http.Get(srv.URL + "/healthz"); err == nil {
		t.Fatal("server still answers after stop")
	}

	must(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#art h1`)))
	if got := text(t, ctx, `.atext`); got != want {
		t.Errorf("offline reload shows %q, want %q", got, want)
	}
	must(t, ctx, chromedp.Navigate(fav), chromedp.WaitVisible(chromedp.CSS(`#art h1`)))
	if h := text(t, ctx, `#art h1`); !strings.Contains(h, "第三条") {
		t.Errorf("favourite offline: heading %q", h)
	}
	must(t, ctx, chromedp.Navigate(unseen), chromedp.WaitVisible(chromedp.CSS(`main`)))
	if s := text(t, ctx, "main"); !strings.Contains(s, "现在离线") || !strings.Contains(s, "第三条") {
		t.Errorf("unseen article offline: want the offline page listing the favourite, got %q", s)
	}
	must(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("favs")))
	if s := text(t, ctx, "#favs"); !strings.Contains(s, "中华人民共和国市容管理法 第三条") {
		t.Errorf("home page offline lists favourites %q", s)
	}
}

// countingProxy forwards TCP to the server and counts the bytes that go
// to the browser: the real weight over the wire, headers and all.
type countingProxy struct {
	ln     net.Listener
	target string
	down   atomic.Int64
}

func newCountingProxy(t *testing.T, target string) *countingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &countingProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
	return p
}

type countWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n.Add(int64(n))
	return n, err
}

func (p *countingProxy) pipe(c net.Conn) {
	defer c.Close()
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer up.Close()
	go func() { _, _ = io.Copy(up, c); up.(*net.TCPConn).CloseWrite() }()
	_, _ = io.Copy(countWriter{c, &p.down}, up)
}

// slowNetwork are the parameters of Network.emulateNetworkConditions,
// written out here: the command cdproto types for it
// (emulateNetworkConditionsByRule) lacks the offline flag that Chromium 148
// requires.
type slowNetwork struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetwork = cdp.Command[slowNetwork, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// TestE2EFirstLoadWeight opens a search result page in a fresh profile and
// counts every byte the server sends until the service worker has cached
// the shell.
func TestE2EFirstLoadWeight(t *testing.T) {
	ctx := newBrowser(t)
	srv := startServer(t)
	proxy := newCountingProxy(t, strings.TrimPrefix(srv.URL, "http://"))
	base := "http://" + proxy.ln.Addr().String()
	loaded := chromedp.Events(ctx, page.LoadEventFired)
	must(t, ctx, chromedp.Navigate(base+"/?q="+url.QueryEscape("占道经营")+"&region="))
	for _, err := range loaded {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	pageBytes := proxy.down.Load()
	waitCached(t, ctx, base+"/offline")
	// Let the last precache responses finish.
	time.Sleep(500 * time.Millisecond)
	total := proxy.down.Load()
	t.Logf("first load: %d bytes until load, %d bytes with the service worker's precache (budget %d)", pageBytes, total, maxFirstLoad)
	if total > maxFirstLoad {
		t.Errorf("first load is %d bytes over the wire, budget %d", total, maxFirstLoad)
	}
	if pageBytes < 2000 {
		t.Errorf("only %d bytes counted before load: is the proxy in the path?", pageBytes)
	}

	// The same first visit on DevTools' "Slow 3G" profile (2 s round trip,
	// 400 kbit/s each way), in a fresh profile. Timed, not asserted: the
	// figure goes into the report.
	slow := newBrowser(t)
	must(t, slow, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return fmt.Errorf("Network.enable: %w", err)
		}
		_, err := chromedp.Call(ctx, emulateNetwork, slowNetwork{Latency: 2000, DownloadThroughput: 50000, UploadThroughput: 50000})
		return err
	}))
	loaded = chromedp.Events(slow, page.LoadEventFired)
	start := time.Now()
	must(t, slow, chromedp.Navigate(base+"/?q="+url.QueryEscape("占道经营")+"&region="), chromedp.WaitVisible(chromedp.CSS(`section.lead`)))
	visible := time.Since(start)
	for _, err := range loaded {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	t.Logf("slow 3G: results visible after %.1fs, load event after %.1fs", visible.Seconds(), time.Since(start).Seconds())
}

// serveInProcess serves the UI with every optional hook wired (suggest
// with items, autocomplete) on a loopback port, over the fixture index
// with its derived items.
func serveInProcess(t *testing.T) string {
	t.Helper()
	app := newApp(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// TestE2EItemCardSuggest opens the item an article grounds, runs the
// discretion calculator, collects the item, and asks for the legal basis
// of a case description.
func TestE2EItemCardSuggest(t *testing.T) {
	ctx := newBrowser(t)
	base := serveInProcess(t)
	new3 := article(t, lawTitle, "2021-06-01", 3)
	it := item(t, new3)

	must(t, ctx, chromedp.Navigate(base+"/a/"+url.PathEscape(new3.ID)), chromedp.WaitVisible(chromedp.CSS(`#art h1`)))
	must(t, ctx, clickNav(`.links a[href^="/i/"]`), chromedp.WaitVisible(chromedp.CSS(`#calc form`)))
	if h := text(t, ctx, "h1"); h != it.Name {
		t.Errorf("item card heading %q, want %q", h, it.Name)
	}
	must(t, ctx,
		chromedp.Click(chromedp.CSS(`input[name=first]`)),
		chromedp.Click(chromedp.CSS(`input[name=corrected]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=harm]`), "minor"),
		clickNav(`#calc button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`.decision`)),
	)
	if s := text(t, ctx, ".decision"); !strings.Contains(s, "可以不予处罚") {
		t.Errorf("calculator for a first, minor, corrected violation: %q", s)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "calc=1") || !strings.Contains(loc, "harm=minor") {
		t.Errorf("calculator state is not in the URL: %s", loc)
	}
	must(t, ctx, chromedp.Click(chromedp.ID("add")), chromedp.WaitVisible(chromedp.ID("toast")))

	must(t, ctx, chromedp.Navigate(base+"/c"), chromedp.WaitVisible(chromedp.CSS(`#coll-list .coll-entry`)))
	md := string(download(t, ctx, `form.export input[value=md] ~ button`))
	if !strings.Contains(md, "执法事项："+it.Name) || !strings.Contains(md, "罚款：100元以上500元以下") {
		t.Errorf("exported item:\n%s", md)
	}

	must(t, ctx, chromedp.Navigate(base+"/s"), chromedp.WaitVisible(chromedp.CSS(`form.suggest textarea`)))
	must(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`form.suggest textarea`), "有人在人行道上摆摊卖水果，劝阻后仍不离开"),
		chromedp.SetValue(chromedp.CSS(`form.suggest select[name=region]`), "浙江/温州"),
		clickNav(`form.suggest button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`ol.hits`)),
	)
	if s := text(t, ctx, "ol.hits li:first-child"); !strings.Contains(s, "违则") || !strings.Contains(s, "罚则") {
		t.Errorf("first suggestion lacks its duty and penalty articles: %q", s)
	}
}
