package api

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/time/rate"

	"github.com/lawkb/lawkb/corpus"
)

// Key is the API key of one client system (the case-handling system, a
// bureau's portal). Only the key's SHA-256 is kept.
type Key struct {
	Name   string
	SHA256 [sha256.Size]byte
	// Rate is the requests per minute the key may make (default
	// DefaultKeyRate).
	Rate int
	// Endpoints are the route templates the key may call
	// (/api/v1/search, /api/v1/items/:id), "*" for every one.
	Endpoints []string
}

// allows reports whether the key may call the route template route.
func (k *Key) allows(route string) bool {
	for _, e := range k.Endpoints {
		if e == "*" || e == route {
			return true
		}
	}
	return false
}

// Defaults of Limits and Key.
const (
	DefaultKeyRate       = 1200 // per minute
	DefaultAddressRate   = 1200 // per minute, per client address without a key
	DefaultQueueWait     = 200 * time.Millisecond
	DefaultDeadline      = time.Second
	DefaultAdminAttempts = 5 // failed admin-key attempts per address per adminWindow
	adminWindow          = 10 * time.Minute
	maxKeyNameLen        = 64
)

// Limits bound the work of the server. The zero value takes the defaults.
type Limits struct {
	// Concurrent bounds the searches, item lists, suggestions and search
	// pages answered at once (default 2 × GOMAXPROCS): past the cores, more
	// at once only makes each slower.
	Concurrent int
	// Queue is how many more wait for a slot (default 2 × Concurrent), each
	// at most QueueWait (default 200 ms: a search admitted after the wait still answers within about 250 ms); beyond either the answer is 503
	// with Retry-After, at once.
	Queue     int
	QueueWait time.Duration
	// AddressRate is the requests per minute of one client address without
	// a key (default DefaultAddressRate; negative: unlimited). Static files
	// are not counted.
	AddressRate int
	// AdminAttempts is how many wrong admin keys one address may send per
	// 10 minutes before it gets 429 (default DefaultAdminAttempts).
	AdminAttempts int
	// Deadline bounds the time of an admitted search from its arrival,
	// the wait included (default 1 s): a search still running then stops
	// and answers 503, so that every answer comes within the deadline.
	Deadline time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.Concurrent <= 0 {
		l.Concurrent = 2 * runtime.GOMAXPROCS(0)
	}
	if l.Queue <= 0 {
		l.Queue = 2 * l.Concurrent
	}
	if l.QueueWait <= 0 {
		l.QueueWait = DefaultQueueWait
	}
	if l.AddressRate == 0 {
		l.AddressRate = DefaultAddressRate
	}
	if l.AdminAttempts <= 0 {
		l.AdminAttempts = DefaultAdminAttempts
	}
	if l.Deadline <= 0 {
		l.Deadline = DefaultDeadline
	}
	return l
}

// ParseKeys reads a keys file: one key a line, `name sha256 rate
// endpoints`, blank-separated; rate in requests per minute (0 or - for the
// default); endpoints comma-separated route templates or *; '#' starts a
// comment. The SHA-256 is of the key as the client sends it, in hex
// (printf %s KEY | sha256sum).
func ParseKeys(path string) ([]Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "keys: %w", err)
	}
	defer f.Close()
	var keys []Key
	names := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		bad := func(format string, args ...any) error {
			return corpus.Errorf(corpus.CodeInvalid, "keys: %s line %d: %s", path, n, fmt.Sprintf(format, args...))
		}
		if len(fields) != 4 {
			return nil, bad("want `name sha256 rate endpoints`, got %d fields", len(fields))
		}
		k := Key{Name: fields[0]}
		if len(k.Name) > maxKeyNameLen || names[k.Name] {
			return nil, bad("name %q is longer than %d bytes or given twice", k.Name, maxKeyNameLen)
		}
		names[k.Name] = true
		sum, err := hex.DecodeString(fields[1])
		if err != nil || len(sum) != sha256.Size {
			return nil, bad("%q is not a SHA-256 in hex (64 digits)", fields[1])
		}
		copy(k.SHA256[:], sum)
		if fields[2] != "-" {
			if k.Rate, err = strconv.Atoi(fields[2]); err != nil || k.Rate < 0 {
				return nil, bad("rate %q: want requests per minute", fields[2])
			}
		}
		for _, e := range strings.Split(fields[3], ",") {
			if e = strings.TrimSpace(e); e != "" {
				k.Endpoints = append(k.Endpoints, e)
			}
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "keys: %s: %w", path, err)
	}
	if len(keys) == 0 {
		return nil, corpus.Errorf(corpus.CodeInvalid, "keys: %s holds no key", path)
	}
	return keys, nil
}

// client is who made a request: a key's name, or anonymous.
const anonymous = "anonymous"

// guard holds the access control, rate limits and admission control of a
// server.
type guard struct {
	keys     []Key
	keyLim   []*rate.Limiter // by index in keys
	addrs    *addressLimits
	admin    *addressLimits // failed admin attempts
	adminH   [sha256.Size]byte
	hasAdm   bool
	slots    chan struct{}
	queue    chan struct{}
	wait     time.Duration
	deadline time.Duration
	metrics  *metrics
}

func newGuard(keys []Key, adminKey string, l Limits, m *metrics) *guard {
	l = l.withDefaults()
	g := &guard{keys: keys, metrics: m, wait: l.QueueWait, deadline: l.Deadline,
		slots: make(chan struct{}, l.Concurrent), queue: make(chan struct{}, l.Queue)}
	for _, k := range keys {
		r := k.Rate
		if r <= 0 {
			r = DefaultKeyRate
		}
		g.keyLim = append(g.keyLim, perMinute(r))
	}
	if l.AddressRate > 0 {
		g.addrs = newAddressLimits(l.AddressRate, time.Minute)
	}
	g.admin = newAddressLimits(l.AdminAttempts, adminWindow)
	if adminKey != "" {
		g.adminH, g.hasAdm = sha256.Sum256([]byte(adminKey)), true
	}
	return g
}

// perMinute is a token bucket of n requests a minute with a burst of ten
// seconds' worth (at least 5): a client may click quickly, not flood.
func perMinute(n int) *rate.Limiter {
	return rate.NewLimiter(rate.Limit(float64(n)/60), max(5, n/6))
}

// heavyRoutes are the routes that search: they wait for an admission
// slot. The rest answer from memory in microseconds.
var heavyRoutes = map[string]bool{
	"/api/v1/search": true, "/api/v1/items": true, "/api/v1/suggest-basis": true,
	"/": true, "/s": true, "/d/:id": true,
}

// freeRoutes are never limited: a page's own files, and the probes of
// operators.
var freeRoutes = map[string]bool{
	"/static/:name": true, "/sw.js": true, "/manifest.webmanifest": true, "/offline": true,
}

// presentedKey is the key a request carries: X-API-Key, or a bearer token.
func presentedKey(c *fiber.Ctx) string {
	if k := c.Get("X-API-Key"); k != "" {
		return k
	}
	if a := c.Get(fiber.HeaderAuthorization); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

// lookup finds the key whose hash matches presented, comparing with every
// key in constant time, so that the time taken says nothing about which
// key, or how much of one, matched.
func (g *guard) lookup(presented string) int {
	h := sha256.Sum256([]byte(presented))
	found := -1
	for i := range g.keys {
		if subtle.ConstantTimeCompare(h[:], g.keys[i].SHA256[:]) == 1 {
			found = i
		}
	}
	return found
}

// handler is the first handler of every route: it names the client,
// checks its key and rate, and admits heavy work to a bounded number of
// slots, so that overload is answered at once with 503 instead of piling
// up.
func (g *guard) handler(c *fiber.Ctx) error {
	route := c.Route().Path
	c.Locals(routeLocal, route)
	if freeRoutes[route] {
		return c.Next()
	}
	client := anonymous
	api := strings.HasPrefix(route, "/api/")
	var lim *rate.Limiter
	if len(g.keys) > 0 {
		if p := presentedKey(c); p != "" && route != "/api/v1/admin/reindex" {
			i := g.lookup(p)
			if i < 0 {
				g.reject("key", client)
				return fiber.NewError(fiber.StatusUnauthorized, "unknown API key")
			}
			k := &g.keys[i]
			client, lim = k.Name, g.keyLim[i]
			c.Locals(clientLocal, client)
			if api && !k.allows(route) {
				g.reject("endpoint", client)
				return fiber.NewError(fiber.StatusForbidden, fmt.Sprintf("key %s may not call %s", k.Name, route))
			}
		} else if api && route != "/api/v1/admin/reindex" {
			// The phone UI needs no key: its pages are not under /api.
			g.reject("key", client)
			return fiber.NewError(fiber.StatusUnauthorized, "this server answers client systems with an API key: send it in X-API-Key")
		}
	}
	c.Locals(clientLocal, client)
	if lim != nil {
		if r := lim.Reserve(); r.Delay() > 0 {
			r.Cancel()
			g.reject("rate", client)
			return tooMany(c, time.Second, fmt.Sprintf("key %s is over its rate of %.0f requests a minute", client, float64(lim.Limit())*60))
		}
	} else if g.addrs != nil {
		if ok, retry := g.addrs.allow(c.IP()); !ok {
			g.reject("ip_rate", client)
			return tooMany(c, retry, "too many requests from this address; slow down")
		}
	}
	if !heavyRoutes[route] {
		return c.Next()
	}
	arrived := time.Now()
	release, ok := g.admit()
	if !ok {
		g.reject("overload", client)
		c.Set(fiber.HeaderRetryAfter, "1")
		return fiber.NewError(fiber.StatusServiceUnavailable, "the server is busy; retry in a second")
	}
	defer release()
	// The search stops at the deadline (search answers 503, code
	// unavailable, when its context ends).
	ctx, cancel := context.WithDeadline(c.UserContext(), arrived.Add(g.deadline))
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// admit takes a slot, waiting in the queue at most g.wait; ok is false
// when the queue is full or the wait ran out.
func (g *guard) admit() (release func(), ok bool) {
	release = func() { <-g.slots; g.metrics.inFlight.Dec() }
	select {
	case g.slots <- struct{}{}:
		g.metrics.inFlight.Inc()
		return release, true
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, false // the queue is full: answer now
	}
	g.metrics.queued.Inc()
	defer func() { <-g.queue; g.metrics.queued.Dec() }()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		g.metrics.inFlight.Inc()
		return release, true
	case <-t.C:
		return nil, false
	}
}

func (g *guard) reject(reason, client string) {
	g.metrics.rejected.WithLabelValues(reason, client).Inc()
}

// checkAdmin compares the admin key in constant time and limits the wrong
// attempts of an address.
func (g *guard) checkAdmin(c *fiber.Ctx) error {
	ip := c.IP()
	if g.admin.exhausted(ip) {
		g.reject("admin_attempts", anonymous)
		return tooMany(c, adminWindow, "too many wrong admin keys from this address; wait 10 minutes")
	}
	h := sha256.Sum256([]byte(c.Get("X-API-Key")))
	if !g.hasAdm || subtle.ConstantTimeCompare(h[:], g.adminH[:]) != 1 {
		g.admin.allow(ip) // counts the failure
		return fiber.NewError(fiber.StatusUnauthorized, "missing or wrong X-API-Key")
	}
	return nil
}

func tooMany(c *fiber.Ctx, retry time.Duration, msg string) error {
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(max(retry, time.Second).Seconds()))))
	return fiber.NewError(fiber.StatusTooManyRequests, msg)
}

// addressLimits is a token bucket per client address, n per window; the
// table forgets idle addresses so that it stays small.
type addressLimits struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	m      map[string]*addrEntry
	swept  time.Time
}

type addrEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxAddresses bounds the table; past it, idle entries are swept first.
const maxAddresses = 100_000

func newAddressLimits(n int, window time.Duration) *addressLimits {
	return &addressLimits{n: n, window: window, m: map[string]*addrEntry{}, swept: time.Now()}
}

func (a *addressLimits) entry(ip string, now time.Time) *addrEntry {
	e := a.m[ip]
	if e == nil {
		if len(a.m) >= maxAddresses || now.Sub(a.swept) > a.window {
			for k, v := range a.m {
				if now.Sub(v.seen) > a.window {
					delete(a.m, k)
				}
			}
			a.swept = now
		}
		e = &addrEntry{lim: rate.NewLimiter(rate.Limit(float64(a.n)/a.window.Seconds()), a.burst())}
		a.m[ip] = e
	}
	e.seen = now
	return e
}

// burst is ten seconds' worth of a per-minute rate, the whole allowance of
// a longer window (the admin attempts).
func (a *addressLimits) burst() int {
	if a.window == time.Minute {
		return max(5, a.n/6)
	}
	return a.n
}

// allow takes a token of ip's bucket; when there is none it answers how
// long until one.
func (a *addressLimits) allow(ip string) (bool, time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	r := a.entry(ip, now).lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// exhausted reports whether ip has no token left, without taking one.
func (a *addressLimits) exhausted(ip string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	return a.entry(ip, now).lim.TokensAt(now) < 1
}
