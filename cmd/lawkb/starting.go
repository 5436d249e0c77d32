package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// boot is what the process is doing before it serves: loading its index,
// or building the first one, with the stage's progress (fed by progress).
var boot = &startup{began: time.Now(), stage: "load"}

// startup is the state a starting server reports.
type startup struct {
	mu          sync.Mutex
	began       time.Time
	stage       string // load, import, index, …
	done, total int
}

func (s *startup) set(stage string, done, total int) {
	s.mu.Lock()
	s.stage, s.done, s.total = stage, done, total
	s.mu.Unlock()
}

// startupStatus is the body of /healthz while the server starts.
type startupStatus struct {
	Status  string  `json:"status"` // starting
	Stage   string  `json:"stage"`
	Done    int     `json:"done"`
	Total   int     `json:"total"`
	Percent int     `json:"percent"`
	Seconds float64 `json:"seconds"`
}

func (s *startup) status() startupStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := startupStatus{Status: "starting", Stage: s.stage, Done: s.done, Total: s.total,
		Seconds: float64(time.Since(s.began).Milliseconds()) / 1000}
	if s.total > 0 {
		st.Percent = s.done * 100 / s.total
	}
	return st
}

// describe says in a line what the server is doing, for people.
func (st startupStatus) describe() string {
	if st.Total == 0 {
		return fmt.Sprintf("lawkb is starting (%s)", st.Stage)
	}
	return fmt.Sprintf("lawkb is starting: %s %d of %d (%d%%)", st.Stage, st.Done, st.Total, st.Percent)
}

// serveStarting answers on addr until the real server is ready: /healthz
// and /readyz with 503 and the progress, the API with a 503 JSON error,
// pages with a page that reloads itself; every answer carries Retry-After.
// It returns the address it listens on; stop closes the listener, so that
// the real server can take the address.
func serveStarting(addr string) (bound string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		st := boot.status()
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Cache-Control", "no-store")
		switch {
		case r.URL.Path == "/healthz" || r.URL.Path == "/readyz":
			writeJSON(w, st)
		case strings.HasPrefix(r.URL.Path, "/api/"):
			writeJSON(w, map[string]any{"error": st.describe(), "code": "unavailable", "startup": st})
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">`+
				`<meta http-equiv="refresh" content="5"><title>执法e助理 正在启动</title>`+
				`<p style="font:18px/1.6 sans-serif;margin:2em 1em">执法e助理正在启动（%s），页面会自动刷新。</p></html>`,
				html.EscapeString(st.describe()))
		}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Warn("starting server stopped", "addr", addr, "err", err)
		}
	}()
	return ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	_ = json.NewEncoder(w).Encode(v)
}
