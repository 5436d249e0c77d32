package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fetch errors, matched with errors.Is.
var (
	ErrDisallowed       = errors.New("disallowed by robots.txt")
	ErrTooLarge         = errors.New("response larger than the size limit")
	ErrTooManyRedirects = errors.New("too many redirects")
)

// HTTPError is an HTTP status the fetcher gave up on.
type HTTPError struct {
	Code int
	URL  string
}

// Error implements error.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// FetchOptions tune the fetcher; zero values take the defaults.
type FetchOptions struct {
	UserAgent     string            // default DefaultUserAgent
	Timeout       time.Duration     // per attempt, body included; default 30s
	Retries       int               // extra attempts on 5xx, 429, timeouts and network errors; default 3, -1 for none
	Backoff       time.Duration     // first retry delay, doubled each time; default 1s
	MaxBackoff    time.Duration     // cap on one delay, Retry-After included; default 1m
	MaxRedirects  int               // default 5
	MaxBytes      int64             // default 16 MiB
	Transport     http.RoundTripper // default http.DefaultTransport
	Logger        *slog.Logger
	IgnoreRobots  bool          // for sites the operator owns; never the default
	MinInterval   time.Duration // floor under every host's interval, whatever a source's rate
	RobotsMaxSize int64         // default 512 KiB
}

// DefaultUserAgent names lawkb and where to read about it, so a webmaster
// can find who is crawling and write robots.txt rules for it.
const DefaultUserAgent = "lawkb-crawler/1.0 (+https://github.com/lawkb/lawkb)"

func (o *FetchOptions) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Retries == 0 {
		o.Retries = 3
	}
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff == 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = time.Minute
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 16 << 20
	}
	if o.RobotsMaxSize == 0 {
		o.RobotsMaxSize = 512 << 10
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Fetcher gets pages politely: robots.txt first, one request at a time per
// host at the host's rate, retries with exponential backoff, conditional
// GET, and limits on redirects and size. It is safe for concurrent use.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client

	mu     sync.Mutex
	hosts  map[string]*hostState
	robots map[string]*robotsEntry
}

type hostState struct {
	mu   sync.Mutex // held while waiting for the slot, so requests to a host queue up
	next time.Time
}

type robotsEntry struct {
	once sync.Once
	r    *Robots
}

// NewFetcher builds a fetcher.
func NewFetcher(opts FetchOptions) *Fetcher {
	opts.defaults()
	tr := opts.Transport
	if tr == nil {
		tr = http.DefaultTransport
	}
	f := &Fetcher{opts: opts, hosts: map[string]*hostState{}, robots: map[string]*robotsEntry{}}
	f.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return fmt.Errorf("%w (%d) at %s", ErrTooManyRedirects, opts.MaxRedirects, req.URL)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: not http", req.URL)
			}
			return nil
		},
	}
	return f
}

// Request is one page to fetch; ETag and LastModified make it conditional.
type Request struct {
	URL          string
	Method       string     // GET when empty
	Form         url.Values // sent as an urlencoded POST body when Method is POST
	ETag         string
	LastModified string
	Interval     time.Duration // minimum gap between requests to the host
}

// Response is a fetched page; Body is raw bytes, not yet decoded.
type Response struct {
	URL          string // after redirects
	Status       int
	NotModified  bool
	ContentType  string
	ETag         string
	LastModified string
	Body         []byte
}

// Fetch gets one page. robots.txt is checked first (ErrDisallowed). A 304
// answers with NotModified set; other non-2xx statuses, once retries are
// spent, return a *HTTPError.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("url %q: %w", req.URL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("url %q: not http", req.URL)
	}
	interval := max(req.Interval, f.opts.MinInterval)
	if !f.opts.IgnoreRobots {
		rb := f.robotsFor(ctx, u, interval)
		if !rb.Allowed(u.RequestURI()) {
			return nil, ErrDisallowed
		}
		interval = max(interval, rb.CrawlDelay)
	}
	return f.do(ctx, req, u.Host, interval, f.opts.MaxBytes)
}

func (f *Fetcher) do(ctx context.Context, req Request, host string, interval time.Duration, limit int64) (*Response, error) {
	var lastErr error
	for attempt := 0; ; attempt++ {
		if err := f.wait(ctx, host, interval); err != nil {
			return nil, err
		}
		resp, retryAfter, err := f.once(ctx, req, limit)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !retryable(err) || attempt >= f.opts.Retries {
			return nil, err
		}
		delay := f.opts.Backoff << attempt
		delay += rand.N(f.opts.Backoff/2 + 1) // jitter, so many crawlers don't retry in step
		delay = max(delay, retryAfter)
		delay = min(delay, f.opts.MaxBackoff)
		f.opts.Logger.Debug("crawler: retry", "url", req.URL, "attempt", attempt+1, "delay", delay, "err", lastErr)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
	}
}

// once makes one attempt; it also returns a Retry-After delay, if any.
func (f *Fetcher) once(ctx context.Context, req Request, limit int64) (*Response, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if method == http.MethodPost && req.Form != nil {
		body = strings.NewReader(req.Form.Encode())
	}
	hreq, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		return nil, 0, err
	}
	if body != nil {
		hreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	hreq.Header.Set("User-Agent", f.opts.UserAgent)
	hreq.Header.Set("Accept", "text/html,application/xhtml+xml,application/json,*/*;q=0.8")
	hreq.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	hresp, err := f.client.Do(hreq)
	if err != nil {
		// The caller knows the URL; keep the cause (timeout, refused, redirects).
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, 0, err
	}
	defer hresp.Body.Close()
	resp := &Response{
		URL:          hresp.Request.URL.String(),
		Status:       hresp.StatusCode,
		ContentType:  hresp.Header.Get("Content-Type"),
		ETag:         hresp.Header.Get("ETag"),
		LastModified: hresp.Header.Get("Last-Modified"),
	}
	switch {
	case hresp.StatusCode == http.StatusNotModified:
		resp.NotModified = true
		return resp, 0, nil
	case hresp.StatusCode < 200 || hresp.StatusCode > 299:
		// Drain a little so the connection can be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(hresp.Body, 64<<10))
		return nil, retryAfter(hresp.Header.Get("Retry-After")), &HTTPError{Code: hresp.StatusCode, URL: req.URL}
	}
	if hresp.ContentLength > limit {
		return nil, 0, fmt.Errorf("%w (%d > %d bytes)", ErrTooLarge, hresp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(hresp.Body, limit+1))
	if err != nil {
		return nil, 0, err
	}
	if int64(len(data)) > limit {
		return nil, 0, fmt.Errorf("%w (> %d bytes)", ErrTooLarge, limit)
	}
	resp.Body = data
	return resp, 0, nil
}

func retryable(err error) bool {
	var se *HTTPError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == http.StatusTooManyRequests || se.Code == http.StatusRequestTimeout
	}
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrTooManyRedirects) || errors.Is(err, ErrDisallowed) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	// Connection resets and early EOFs come as plain errors from the transport.
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "connection reset")
}

func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// wait blocks until the host's next request slot and books the one after.
func (f *Fetcher) wait(ctx context.Context, host string, interval time.Duration) error {
	f.mu.Lock()
	h := f.hosts[host]
	if h == nil {
		h = &hostState{}
		f.hosts[host] = h
	}
	f.mu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	if d := time.Until(h.next); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	h.next = time.Now().Add(interval)
	return nil
}

// robotsFor fetches and caches a host's robots.txt once per fetcher.
func (f *Fetcher) robotsFor(ctx context.Context, u *url.URL, interval time.Duration) *Robots {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	e := f.robots[key]
	if e == nil {
		e = &robotsEntry{}
		f.robots[key] = e
	}
	f.mu.Unlock()
	e.once.Do(func() {
		e.r = f.loadRobots(ctx, key+"/robots.txt", u.Host, interval)
	})
	return e.r
}

func (f *Fetcher) loadRobots(ctx context.Context, robotsURL, host string, interval time.Duration) *Robots {
	resp, err := f.do(ctx, Request{URL: robotsURL}, host, interval, f.opts.RobotsMaxSize)
	var se *HTTPError
	switch {
	case err == nil:
		return ParseRobots(resp.Body, f.opts.UserAgent)
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500:
		return AllowAll
	case errors.Is(err, ErrTooLarge):
		// RFC 9309: parse at least the first 500 KiB; a larger file is an
		// operator error, and we err on the side of staying out.
		f.opts.Logger.Warn("crawler: robots.txt too large, staying out", "url", robotsURL)
		return DenyAll
	default:
		f.opts.Logger.Warn("crawler: robots.txt unreachable, staying out", "url", robotsURL, "err", err)
		return DenyAll
	}
}
