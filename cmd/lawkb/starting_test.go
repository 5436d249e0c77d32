package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestServeStarting checks what a server answers while its first index
// builds: 503 everywhere with Retry-After, the progress on /healthz, a JSON
// error on the API, a page that reloads itself elsewhere; and that stop
// frees the address.
func TestServeStarting(t *testing.T) {
	boot.set("index", 50, 200)
	t.Cleanup(func() { boot.set("load", 0, 0) })
	addr, stop, err := serveStarting("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: %d, Retry-After %q", path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		return resp, string(b)
	}
	_, body := get("/healthz")
	var st startupStatus
	if err := json.Unmarshal([]byte(body), &st); err != nil || st.Status != "starting" || st.Stage != "index" || st.Percent != 25 {
		t.Errorf("healthz %s (%v)", body, err)
	}
	resp, body := get("/api/v1/search?q=噪声")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, "index 50 of 200 (25%)") {
		t.Errorf("api answer %q %s", resp.Header.Get("Content-Type"), body)
	}
	resp, body = get("/?q=噪声")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, `http-equiv="refresh"`) || !strings.Contains(body, "正在启动") {
		t.Errorf("page %q %s", resp.Header.Get("Content-Type"), body)
	}
	stop()
	if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("the address still answers after stop")
	}
}
