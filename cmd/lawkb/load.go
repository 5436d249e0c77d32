package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

func init() {
	register(command{name: "load", summary: "load-test a running server with a fixed mix of officer queries, citations, items and suggest-basis", run: runLoad})
}

// loadRequest is one request of a mix.
type loadRequest struct {
	method, path, body string
}

// loadMixes are the fixed request mixes: what officers type (keywords,
// colloquial words, citations, items) for the search endpoints, case
// intakes for suggest-basis, and /healthz as the yardstick of the server
// and the machine.
var loadMixes = map[string][]loadRequest{
	"search": func() []loadRequest {
		var out []loadRequest
		for _, q := range []string{"占道经营", "行政处罚", "罚款 责令改正", "噪声污染", "渣土", "违法建设 限期拆除", "处罚法32",
			"食品安全 许可证", "道路 交通 事故", "建筑垃圾", "摆摊", "遛狗不牵绳", "乱搭乱建", "无证经营", "酒驾",
			"道交法第九十条", "温州养犬条例 第二十一条", "浙江市容条例第16条", "消防法 堵消防通道", "噪音扰民"} {
			out = append(out, loadRequest{"GET", "/api/v1/search?in=" + url.QueryEscape("温州") + "&q=" + url.QueryEscape(q), ""})
		}
		for _, q := range []string{"占道经营", "养犬", "餐饮油烟", "无照经营"} {
			out = append(out, loadRequest{"GET", "/api/v1/items?region=" + url.QueryEscape("温州") + "&q=" + url.QueryEscape(q), ""})
		}
		return out
	}(),
	"suggest": {
		{"POST", "/api/v1/suggest-basis", `{"text":"当事人在人行道上摆摊卖水果，经劝阻拒不改正","region":"温州"}`},
		{"POST", "/api/v1/suggest-basis", `{"text":"某餐馆未安装油烟净化设施，油烟直排影响周边居民","region":"温州"}`},
		{"POST", "/api/v1/suggest-basis", `{"text":"居民遛狗未束犬链，犬只咬伤路人","region":"温州"}`},
		{"POST", "/api/v1/suggest-basis", `{"text":"某公司未取得建设工程规划许可证擅自搭建钢棚","region":"温州"}`},
		{"POST", "/api/v1/suggest-basis", `{"text":"渣土车运输途中沿路遗撒建筑垃圾","region":"温州"}`},
	},
	"healthz": {{"GET", "/healthz", ""}},
}

func runLoad(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	addr := fs.String("addr", "http://127.0.0.1:8080", "base URL of the server")
	mix := fs.String("mix", "search", "request mix: search, suggest or healthz")
	duration := fs.Duration("duration", 20*time.Second, "how long to send")
	conns := fs.Int("connections", 16, "concurrent connections, each sending one request after the other")
	warm := fs.Bool("warm", true, "send the mix once before measuring (a warm result cache)")
	key := fs.String("key", "", "X-API-Key to send")
	if err := fs.Parse(args); err != nil {
		return err
	}
	reqs, ok := loadMixes[*mix]
	if !ok {
		return corpus.Errorf(corpus.CodeInvalid, "--mix %q: want search, suggest or healthz", *mix)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}}
	send := func(r loadRequest) (int, error) {
		var body io.Reader
		if r.body != "" {
			body = strings.NewReader(r.body)
		}
		req, err := http.NewRequestWithContext(ctx, r.method, *addr+r.path, body)
		if err != nil {
			return 0, err
		}
		if r.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if *key != "" {
			req.Header.Set("X-API-Key", *key)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	if *warm {
		for _, r := range reqs {
			if code, err := send(r); err != nil || code >= 400 {
				return fmt.Errorf("warm-up %s %s: status %d, %v", r.method, r.path, code, err)
			}
		}
	}
	type result struct {
		lat  []time.Duration
		errs map[string]int
	}
	results := make([]result, *conns)
	deadline := time.Now().Add(*duration)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := result{errs: map[string]int{}}
			for i := c; time.Now().Before(deadline); i++ {
				r := reqs[i%len(reqs)]
				t0 := time.Now()
				code, err := send(r)
				res.lat = append(res.lat, time.Since(t0))
				switch {
				case err != nil:
					res.errs["transport"]++
				case code >= 300:
					res.errs[fmt.Sprint(code)]++
				}
			}
			results[c] = res
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var lat []time.Duration
	errs := map[string]int{}
	for _, r := range results {
		lat = append(lat, r.lat...)
		for k, n := range r.errs {
			errs[k] += n
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	nerr := 0
	var kinds []string
	for k, n := range errs {
		nerr += n
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	byKind := ""
	for _, k := range kinds {
		byKind += fmt.Sprintf(" · %s %d", k, errs[k])
	}
	fmt.Fprintf(os.Stdout, "mix %s · %d connections · %s\n", *mix, *conns, elapsed.Round(time.Millisecond))
	fmt.Fprintf(os.Stdout, "requests %d · %.0f/s · p50 %s · p99 %s · p99.9 %s · max %s · errors %d%s\n", len(lat),
		float64(len(lat))/elapsed.Seconds(), pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		pct(0.999).Round(time.Microsecond), pct(1).Round(time.Microsecond), nerr, byKind)
	return nil
}
