//go:build probe

package api_test

// The probe suite sends what an attacker or a careless client sends —
// overflowing pages, huge and broken text, bad JSON, paths that climb out
// — to a real server over loopback, and checks that each is answered with
// a 4xx in the shape of its route (JSON on the API, HTML on pages), that
// no answer is 5xx, and that nothing panicked.
//
//	go test -tags probe -run TestProbe -v ./api                       # a server on the fixture index
//	LAWKB_PROBE_URL=http://127.0.0.1:8080 go test -tags probe ./api   # a running lawkb serve

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/search"
)

// probe is one request and the answer it must get.
type probe struct {
	method, path string
	body         string
	ctype        string // the content type of the error: json, html, or "" for either
	status       int    // 0: any 4xx
}

func probes() []probe {
	long := func(r string, n int) string { return url.QueryEscape(strings.Repeat(r, n)) }
	var ps []probe
	get := func(path, ctype string, status int) { ps = append(ps, probe{"GET", path, "", ctype, status}) }
	post := func(path, body, ctype string, status int) { ps = append(ps, probe{"POST", path, body, ctype, status}) }

	// Search: pages and sizes (page×size overflowed to a 500 or a wrong page).
	for _, p := range []string{
		"page=4611686018427387905&size=2", "page=4611686018427387905&size=4", "page=9223372036854775807&size=100",
		"page=9223372036854775808", "page=99999999999999999999999", "page=-1", "page=0", "page=abc", "page=1.5",
		"page=1002&size=10", "page=10002&size=1", "size=0", "size=-5", "size=101", "size=1e3", "size=%00",
	} {
		get("/api/v1/search?q=罚款&"+p, "json", 400)
		if !strings.HasPrefix(p, "size=") { // the page has no size
			get("/?q=罚款&"+p, "html", 400)
		}
	}
	// Free text and filters.
	for _, p := range []string{
		"q=" + long("罚", search.MaxQueryRunes+1), "q=" + long("a", 5000), "q=%ff%fe", "q=罚款%ff",
		"kind=小说", "kind=" + long("法", 65), "level=" + long("级", 65), "status=有效", "status=%ff",
		"type=xyz", "type=item&level=法律", "domain=城管", "region=浙江//温州", "region=火星", "in=火星",
		"in=" + long("浙", 65), "as_of=2020-13-45", "as_of=yesterday", "explain=2",
		"type=item&as_of=2020-01-01", "type=item&kind=法律",
	} {
		if !strings.HasPrefix(p, "q=") {
			p = "q=罚款&" + p
		}
		get("/api/v1/search?"+p, "json", 400)
	}
	for _, p := range []string{"q=" + long("罚", search.MaxQueryRunes+1), "q=%ff%fe", "q=罚款&kind=小说", "q=罚款&region=火星", "q=罚款&area=火星",
		"q=罚款&as_of=2020-13-45", "q=罚款&status=有效", "q=罚款&level=" + long("级", 65), "kind=小说"} {
		get("/?"+p, "html", 400)
	}
	// Items: q had no cap (1,700 characters took seconds for everyone).
	for _, p := range []string{
		"q=" + long("占道经营", 425), "q=%ff", "page=0", "page=10001", "page=4611686018427387905&size=2",
		"size=0", "size=101", "size=x", "power_type=小说", "domain=" + long("城", 65), "in=火星", "region=火星", "status=有效",
	} {
		get("/api/v1/items?"+p, "json", 400)
	}
	// Citations.
	for _, p := range []string{"", "q=", "q=" + long("法", 200), "q=处罚法32&as_of=2020-02-30", "q=处罚法32&in=火星", "q=%ff"} {
		get("/api/v1/cite?"+p, "json", 0)
	}
	// Autocomplete, on the API and for the search box.
	for _, p := range []string{"q=" + long("罚", 51), "q=x&size=-1", "q=x&size=51", "q=x&size=abc", "q=%ff"} {
		get("/api/v1/autocomplete?"+p, "json", 400)
	}
	get("/ac?q="+long("罚", 51), "json", 400)
	// Ids: unknown, climbing out, huge, broken.
	for _, id := range []string{"nope", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", long("x", 4000), "%ff", "%00"} {
		for _, p := range []string{"/api/v1/articles/", "/api/v1/items/", "/api/v1/documents/", "/api/v1/standards/"} {
			get(p+id, "json", 404)
		}
		get("/api/v1/documents/"+id+"/versions", "json", 404)
		for _, p := range []string{"/a/", "/d/", "/i/", "/std/"} {
			get(p+id, "html", 404)
		}
		get("/a/"+id+"/diff/"+id, "html", 404)
	}
	get("/a/../../etc/passwd", "", 404)
	get("/no/such/page", "", 404)
	get("/api/v1/nowhere", "json", 404)
	// Suggest-basis bodies.
	for _, b := range []string{
		"", "not json", "[]", "null", `{"text":""}`, `{"text":"   "}`, `{"text":` + strconv.Quote(strings.Repeat("摆摊", 2001)) + `}`,
		`{"text":"摆摊","size":-1}`, `{"text":"摆摊","size":21}`, `{"text":"摆摊","size":1e9}`, `{"text":"摆摊","date":"2020-13-01"}`,
		`{"text":"摆摊","region":"火星"}`, `{"text":"摆摊","extra":1}`, `{"text":1}`, `{"text":"摆摊"`, /* cut */
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	} {
		post("/api/v1/suggest-basis", b, "json", 400)
	}
	post("/api/v1/items/nope/discretion", `{"first_violation":true}`, "json", 404)
	post("/api/v1/admin/reindex", "", "json", 0)
	// The case page.
	for _, f := range []string{"text=摆摊&region=火星", "text=摆摊&date=2020-13-01"} {
		get("/s?"+f, "html", 400)
	}
	// Too long for a URL: refused before any handler runs (431).
	get("/s?text="+long("摆摊", 2001), "", 0)
	ps = append(ps, probe{"POST", "/s", "text=" + long("摆摊", 2001), "html", 400})
	return ps
}

// probeServer starts a server on the fixture index on a loopback port, or
// returns LAWKB_PROBE_URL.
func probeServer(t *testing.T) (base string, s *api.Server) {
	if u := os.Getenv("LAWKB_PROBE_URL"); u != "" {
		return strings.TrimSuffix(u, "/"), nil
	}
	s = newAPI(api.Config{Index: fixtureIndex(t), Limits: api.Limits{AddressRate: -1}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Shutdown(t.Context()) })
	return "http://" + ln.Addr().String(), s
}

func TestProbe(t *testing.T) {
	base, s := probeServer(t)
	client := &http.Client{Timeout: 30 * time.Second}
	n, failed := 0, 0
	for _, p := range probes() {
		req, err := http.NewRequest(p.method, base+p.path, bytes.NewReader([]byte(p.body)))
		if err != nil {
			// A path Go cannot even send (the server never sees it).
			continue
		}
		if p.method == "POST" {
			req.Header.Set("Content-Type", "application/json")
			if !strings.HasPrefix(p.path, "/api/") {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("%s %.120s: %v", p.method, p.path, err)
			failed++
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		n++
		ctype := resp.Header.Get("Content-Type")
		ok := resp.StatusCode >= 400 && resp.StatusCode < 500 && (p.status == 0 || resp.StatusCode == p.status)
		switch p.ctype {
		case "json":
			ok = ok && strings.HasPrefix(ctype, "application/json") && bytes.Contains(body, []byte(`"error"`))
		case "html":
			ok = ok && strings.HasPrefix(ctype, "text/html")
		}
		if !ok {
			failed++
			t.Errorf("%s %.120s %.60s: %d %s %.200s; want %d %s", p.method, p.path, p.body, resp.StatusCode, ctype, body, p.status, p.ctype)
		}
	}
	t.Logf("%d probes answered, %d not as they should", n, failed)
	if s == nil {
		return
	}
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), "lawkb_http_panics_total 0") {
		t.Errorf("panics: %s", regexp.MustCompile(`lawkb_http_panics_total \d+`).Find(m))
	}
	if five := regexp.MustCompile(`lawkb_http_requests_total\{[^}]*status="5\d\d"\} \d+`).FindAll(m, -1); len(five) > 0 {
		t.Errorf("5xx answers: %s", bytes.Join(five, []byte("\n")))
	}
}
