package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

func postJSON(t *testing.T, target, body string) *http.Request {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

func keys(m map[string]json.RawMessage) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestSuggestBasis(t *testing.T) {
	s := newServer(t)
	var raw map[string]json.RawMessage
	status := do(t, s, postJSON(t, "/api/v1/suggest-basis",
		`{"text":"当事人在主要街道两侧占道经营，经劝阻拒不改正","region":"浙江/温州","date":"2021-03-01","size":3}`), &raw)
	if status != http.StatusOK {
		t.Fatalf("status %d: %v", status, raw)
	}
	// the shape of issue 5, and the intent the text was read with
	if got := keys(raw); got != "intent,suggestions" {
		t.Fatalf("top-level keys = %s, want intent,suggestions", got)
	}
	var sugs []map[string]json.RawMessage
	if err := json.Unmarshal(raw["suggestions"], &sugs); err != nil || len(sugs) == 0 {
		t.Fatalf("suggestions = %s (%v)", raw["suggestions"], err)
	}
	if got := keys(sugs[0]); got != "articles,band,fine,id,kind,name,penalties,score,why" {
		t.Errorf("suggestion keys = %s", got)
	}
	var arts []map[string]json.RawMessage
	if err := json.Unmarshal(sugs[0]["articles"], &arts); err != nil || len(arts) != 2 {
		t.Fatalf("articles = %s (%v)", sugs[0]["articles"], err)
	}
	if got := keys(arts[0]); got != "article,article_no,id,role,source,title,valid_from,valid_to" {
		t.Errorf("article keys = %s", got)
	}
	var first struct {
		Kind     string `json:"kind"`
		Articles []struct {
			Title, Article, Role, Source string
			ArticleNo                    int `json:"article_no"`
		} `json:"articles"`
		Fine *struct {
			Min, Max float64
			Unit     string
		} `json:"fine"`
		Why struct {
			Terms []string `json:"terms"`
		} `json:"why"`
	}
	if err := json.Unmarshal(mustJSON(t, sugs[0]), &first); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, a := range first.Articles {
		got = append(got, a.Title+" "+a.Article+" "+a.Role)
	}
	want := []string{"温州市市容测试条例 第二条 duty", "温州市市容测试条例 第三条 penalty"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("first suggestion = %v, want %v", got, want)
	}
	if first.Articles[0].Source != "DLC/浙江地方法规/地方性法规/浙江/温州市市容测试条例(2020-01-01).md" {
		t.Errorf("source = %s, want the path relative to the corpus root", first.Articles[0].Source)
	}
	if first.Fine == nil || first.Fine.Min != 50 || first.Fine.Max != 500 || first.Fine.Unit != "元" {
		t.Errorf("fine = %+v, want 50–500 元", first.Fine)
	}
	if len(first.Why.Terms) == 0 {
		t.Errorf("why has no terms")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSuggestBasisBadInput(t *testing.T) {
	s := newServer(t)
	for _, tt := range []struct{ name, body string }{
		{"not JSON", `text=摆摊`},
		{"empty text", `{"text":"  "}`},
		{"bad date", `{"text":"摆摊","date":"2021-13-01"}`},
		{"unknown field", `{"text":"摆摊","when":"today"}`},
		{"size", `{"text":"摆摊","size":99}`},
		{"region", `{"text":"摆摊","region":"浙江//温州"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var body struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if status := do(t, s, postJSON(t, "/api/v1/suggest-basis", tt.body), &body); status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", status)
			}
			if body.Error.Code != "invalid" || body.Error.Message == "" {
				t.Errorf("error = %+v", body.Error)
			}
		})
	}
	var none struct {
		Suggestions []any `json:"suggestions"`
	}
	if status := do(t, s, postJSON(t, "/api/v1/suggest-basis", `{"text":"量子纠缠实验"}`), &none); status != http.StatusOK || none.Suggestions == nil || len(none.Suggestions) != 0 {
		t.Errorf("unrelated text: status %d, suggestions %v; want 200 and []", status, none.Suggestions)
	}
}
