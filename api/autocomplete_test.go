package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAutocompleteHandler(t *testing.T) {
	s := newServer(t)
	type completion struct {
		Text, Kind, Match, ID, Title string
		Also                         []string
	}
	var res struct {
		Q           string       `json:"q"`
		Completions []completion `json:"completions"`
	}
	for _, tt := range []struct{ q, want, match string }{
		{"wzssrcstl", "温州市市容测试条例", "initials"},
		{"zdjy", "占道经营", "initials"},
		{"市容管", "市容管理法", "text"},
		{"shirongguanlifa", "市容管理法", "pinyin"},
	} {
		if status := get(t, s, "/api/v1/autocomplete?q="+url.QueryEscape(tt.q), &res); status != http.StatusOK {
			t.Fatalf("%s: status %d", tt.q, status)
		}
		if res.Q != tt.q || len(res.Completions) == 0 || res.Completions[0].Text != tt.want || res.Completions[0].Match != tt.match {
			t.Errorf("autocomplete %s = %+v, want %s by %s first", tt.q, res, tt.want, tt.match)
		}
	}
	if status := get(t, s, "/api/v1/autocomplete", &res); status != http.StatusOK || len(res.Completions) != 0 {
		t.Errorf("no q: status %d, %+v; want 200 and none", status, res)
	}
	var bad struct {
		Error struct{ Code string } `json:"error"`
	}
	for _, target := range []string{"/api/v1/autocomplete?q=zd&size=0", "/api/v1/autocomplete?q=zd&size=x", "/api/v1/autocomplete?q=" + strings.Repeat("z", 60)} {
		if status := get(t, s, target, &bad); status != http.StatusBadRequest || bad.Error.Code != "invalid" {
			t.Errorf("%s: status %d, %+v; want 400 invalid", target, status, bad)
		}
	}
}
