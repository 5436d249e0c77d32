//go:build overload

package api_test

// The overload test measures the server's capacity, then sends four times
// as many searches a second for 30 s, and checks that every answer is 200,
// 429 or 503 within a second, and that after the load stops the p99 of a
// single client is back to normal within 5 s. Loopback only, bounded in
// count and time.
//
//	lawkb serve --index /tmp/i12-idx --addr 127.0.0.1:18412 --address-rate -1 &
//	LAWKB_OVERLOAD_URL=http://127.0.0.1:18412 go test -tags overload -run TestOverloadLoopback -v -timeout 10m ./api
//
// Without LAWKB_OVERLOAD_URL it runs against an in-process server on the
// fixture index.

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lawkb/lawkb/api"
)

var overloadQueries = []string{"占道经营", "行政处罚", "罚款 责令改正", "噪声污染", "渣土", "违法建设 限期拆除", "处罚法32",
	"食品安全 许可证", "道路 交通 事故", "建筑垃圾"}

type sample struct {
	status int
	took   time.Duration
	at     time.Time
}

func overloadBase(t *testing.T) string {
	if u := os.Getenv("LAWKB_OVERLOAD_URL"); u != "" {
		host, _, _ := net.SplitHostPort(strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://"))
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			t.Fatalf("LAWKB_OVERLOAD_URL %s is not a loopback address", u)
		}
		return strings.TrimSuffix(u, "/")
	}
	s := newAPI(api.Config{Index: fixtureIndex(t), Limits: api.Limits{AddressRate: -1}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Shutdown(t.Context()) })
	return "http://" + ln.Addr().String()
}

func one(client *http.Client, base string, i int) sample {
	start := time.Now()
	resp, err := client.Get(base + "/api/v1/search?q=" + url.QueryEscape(overloadQueries[i%len(overloadQueries)]))
	s := sample{at: start}
	if err != nil {
		s.status = -1
	} else {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		s.status = resp.StatusCode
	}
	s.took = time.Since(start)
	return s
}

// closedLoop runs conns clients back to back for d.
func closedLoop(client *http.Client, base string, conns int, d time.Duration) []sample {
	var mu sync.Mutex
	var out []sample
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	var n atomic.Int64
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				s := one(client, base, int(n.Add(1)))
				mu.Lock()
				out = append(out, s)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

func pct(ss []sample, p float64) time.Duration {
	if len(ss) == 0 {
		return 0
	}
	d := make([]time.Duration, len(ss))
	for i, s := range ss {
		d[i] = s.took
	}
	slices.Sort(d)
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

func TestOverloadLoopback(t *testing.T) {
	base := overloadBase(t)
	tr := &http.Transport{MaxIdleConnsPerHost: 4096, MaxConnsPerHost: 0, IdleConnTimeout: 30 * time.Second}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	closedLoop(client, base, 4, 2*time.Second) // warm up
	baseline := closedLoop(client, base, 1, 5*time.Second)
	b99 := pct(baseline, 0.99)
	capRun := closedLoop(client, base, 16, 10*time.Second)
	ok := 0
	for _, s := range capRun {
		if s.status == 200 {
			ok++
		}
	}
	capacity := float64(ok) / 10
	t.Logf("baseline (1 client, 5 s): %d requests, p50 %v, p99 %v", len(baseline), pct(baseline, 0.5), b99)
	t.Logf("capacity (16 clients, 10 s): %.0f answers 200 a second (%d requests)", capacity, len(capRun))

	rate := 4 * capacity
	dur := 30 * time.Second
	interval := time.Duration(float64(time.Second) / rate)
	var mu sync.Mutex
	var load []sample
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; time.Since(start) < dur; i++ {
		next := start.Add(time.Duration(i) * interval)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := one(client, base, i)
			mu.Lock()
			load = append(load, s)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	stopped := time.Now()
	byStatus := map[int]int{}
	slow := 0
	for _, s := range load {
		byStatus[s.status]++
		if s.took > time.Second {
			slow++
		}
	}
	t.Logf("overload (%.0f requests a second = 4 × capacity, %v): %d requests, statuses %v, p50 %v, p99 %v, max %v, %d over 1 s",
		rate, dur, len(load), byStatus, pct(load, 0.5), pct(load, 0.99), pct(load, 1), slow)
	for st, n := range byStatus {
		if st != 200 && st != 429 && st != 503 {
			t.Errorf("%d answers with status %d", n, st)
		}
	}
	if slow > 0 {
		t.Errorf("%d of %d answers took more than 1 s", slow, len(load))
	}

	after := closedLoop(client, base, 1, 10*time.Second)
	normal := max(2*b99, b99+5*time.Millisecond)
	var windows []string
	recovered := time.Duration(-1)
	for w := 0; w < 10; w++ {
		var in []sample
		for _, s := range after {
			if s.at.Sub(stopped) >= time.Duration(w)*time.Second && s.at.Sub(stopped) < time.Duration(w+1)*time.Second {
				in = append(in, s)
			}
		}
		p := pct(in, 0.99)
		windows = append(windows, fmt.Sprintf("%ds: %v", w+1, p.Round(100*time.Microsecond)))
		if recovered < 0 && len(in) > 0 && p <= normal {
			recovered = time.Duration(w+1) * time.Second
		}
	}
	t.Logf("after the load, p99 of 1 client per second: %s (normal: ≤ %v)", strings.Join(windows, ", "), normal.Round(100*time.Microsecond))
	if recovered < 0 || recovered > 5*time.Second {
		t.Errorf("p99 back to normal after %v, want within 5 s", recovered)
	}
}

// TestReindexUnderLoad keeps 64 clients searching back to back (each
// waiting the second Retry-After asks after a 503) while the server builds
// and swaps in a new generation (POST /api/v1/admin/reindex), and counts
// the failed queries and the answers slower than 250 ms that are not 503.
//
//	lawkb serve --index /tmp/i12-idx --corpus ../shared/corpus/lawrefbook --admin-key K --addr 127.0.0.1:18413 --address-rate -1 &
//	LAWKB_OVERLOAD_URL=http://127.0.0.1:18413 LAWKB_ADMIN_KEY=K go test -tags overload -run TestReindexUnderLoad -v -timeout 15m ./api
func TestReindexUnderLoad(t *testing.T) {
	key := os.Getenv("LAWKB_ADMIN_KEY")
	if os.Getenv("LAWKB_OVERLOAD_URL") == "" || key == "" {
		t.Skip("needs LAWKB_OVERLOAD_URL and LAWKB_ADMIN_KEY of a lawkb serve started with --corpus")
	}
	base := overloadBase(t)
	tr := &http.Transport{MaxIdleConnsPerHost: 128}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	build := func() string {
		resp, err := client.Get(base + "/readyz")
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		s := string(b)
		if i := strings.Index(s, `"build":"`); i >= 0 {
			s = s[i+9:]
			return s[:strings.IndexByte(s, '"')]
		}
		return ""
	}
	before := build()
	var stop atomic.Bool
	var mu sync.Mutex
	var all []sample
	var wg sync.WaitGroup
	var n atomic.Int64
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				s := one(client, base, int(n.Add(1)))
				mu.Lock()
				all = append(all, s)
				mu.Unlock()
				if s.status == 503 || s.status == 429 {
					time.Sleep(time.Second) // as Retry-After says
				}
			}
		}()
	}
	time.Sleep(3 * time.Second)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/admin/reindex", nil)
	req.Header.Set("X-API-Key", key)
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != http.StatusAccepted {
		stop.Store(true)
		wg.Wait()
		t.Fatalf("reindex: %v %v", resp, err)
	}
	resp.Body.Close()
	started := time.Now()
	after := before
	for time.Since(started) < 10*time.Minute {
		time.Sleep(time.Second)
		if after = build(); after != before && after != "" {
			break
		}
	}
	swapped := time.Now()
	time.Sleep(5 * time.Second)
	stop.Store(true)
	wg.Wait()
	byStatus := map[int]int{}
	slow, failed := 0, 0
	for _, s := range all {
		byStatus[s.status]++
		if s.status != 200 && s.status != 503 {
			failed++
		}
		if s.status != 503 && s.took > 250*time.Millisecond {
			slow++
		}
	}
	t.Logf("build %s → %s in %v; %d queries by 64 clients: statuses %v, p50 %v, p99 %v; %d failed, %d not 503 and slower than 250 ms",
		before, after, swapped.Sub(started).Round(time.Second), len(all), byStatus, pct(all, 0.5), pct(all, 0.99), failed, slow)
	if after == before {
		t.Error("the new build never served")
	}
	if failed > 0 {
		t.Errorf("%d failed queries", failed)
	}
	if slow > 0 {
		t.Errorf("%d answers slower than 250 ms that are not 503", slow)
	}
}
