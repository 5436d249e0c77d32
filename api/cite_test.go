package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/api"
	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/indexer"
)

// citeServer serves an index of testdata/corpus built after corpus.Link, as
// lawkb index builds it, so that articles carry their links.
func citeServer(tb testing.TB) *api.Server {
	tb.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	c, err := corpus.Load(context.Background(), "testdata/corpus", corpus.LoadOptions{Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	if _, err := indexer.Build(context.Background(), c, dir, indexer.BuildOptions{}); err != nil {
		tb.Fatal(err)
	}
	idx, err := indexer.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	return api.New(api.Config{Index: idx, Logger: quiet})
}

// citeGet runs GET target and decodes the JSON body into into.
func citeGet(t *testing.T, s *api.Server, target string, into any) int {
	t.Helper()
	resp, err := s.App().Test(httptest.NewRequest(http.MethodGet, target, nil), -1)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET %s: content type %q, body %s", target, resp.Header.Get("Content-Type"), body)
	}
	if err := json.Unmarshal(body, into); err != nil {
		t.Fatalf("GET %s: decode %s: %v", target, body, err)
	}
	return resp.StatusCode
}

func citeURL(q, asOf string) string {
	v := url.Values{"q": {q}}
	if asOf != "" {
		v.Set("as_of", asOf)
	}
	return "/api/v1/cite?" + v.Encode()
}

type citeBody struct {
	Citation corpus.Citation `json:"citation"`
	Amended  bool            `json:"amended"`
	Version  struct {
		VersionID string `json:"version_id"`
		Status    string `json:"status"`
		ValidFrom string `json:"valid_from"`
		Source    string `json:"source"`
	} `json:"version"`
	Article *struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"article"`
	Range []string `json:"range"`
}

type citeErrBody struct {
	Error struct {
		Code       string             `json:"code"`
		Message    string             `json:"message"`
		Reason     corpus.Reason      `json:"reason"`
		Candidates []corpus.Candidate `json:"candidates"`
	} `json:"error"`
}

const szTitle = "中华人民共和国市容管理法"

func szID(date, num string) string { return corpus.WorkID(szTitle) + "-" + date + "-" + num }

func TestCite(t *testing.T) {
	s := citeServer(t)
	tests := []struct {
		q, asOf   string
		id        string
		para, itm int
		amended   bool
		status    string
	}{
		{q: "市容管理法3", id: szID("20210601", "3"), status: "现行有效"},
		{q: "市容管理法 第三条", id: szID("20210601", "3"), status: "现行有效"},
		{q: "《中华人民共和国市容管理法》第二条第二款第（一）项", id: szID("20210601", "2"), para: 2, itm: 1, status: "现行有效"},
		{q: "市容管理法第三条", asOf: "2016-01-01", id: szID("20150301", "3"), amended: true, status: "已修改"},
	}
	for _, tt := range tests {
		var body citeBody
		if code := citeGet(t, s, citeURL(tt.q, tt.asOf), &body); code != http.StatusOK {
			t.Errorf("cite %s as of %s: status %d", tt.q, tt.asOf, code)
			continue
		}
		if body.Article == nil || body.Article.ID != tt.id || body.Citation.Paragraph != tt.para || body.Citation.Item != tt.itm ||
			body.Amended != tt.amended || body.Version.Status != tt.status || body.Article.Text == "" || body.Version.Source == "" {
			t.Errorf("cite %s as of %s = %+v, want %s 款%d 项%d amended=%v %s", tt.q, tt.asOf, body, tt.id, tt.para, tt.itm, tt.amended, tt.status)
		}
	}
}

func TestCiteErrors(t *testing.T) {
	s := citeServer(t)
	tests := []struct {
		q, asOf string
		code    int
		reason  corpus.Reason
		cand    string // an id the candidates must hold
	}{
		{q: "市容管理法第四条", asOf: "2016-01-01", code: 404, reason: corpus.ReasonNoArticle, cand: szID("20210601", "4")},
		{q: "市容管理法第三条", asOf: "2010-01-01", code: 404, reason: corpus.ReasonNoVersion, cand: corpus.WorkID(szTitle) + "-20150301"},
		{q: "市容管理办法3", code: 404, reason: corpus.ReasonUnknownTitle, cand: corpus.WorkID(szTitle)},
		{q: "", code: 400},
		{q: "第三条", code: 400},
		{q: "市容管理法3", asOf: "2021-13-01", code: 400},
		{q: strings.Repeat("法", 200), code: 400},
	}
	for _, tt := range tests {
		var body citeErrBody
		code := citeGet(t, s, citeURL(tt.q, tt.asOf), &body)
		if code != tt.code || body.Error.Message == "" {
			t.Errorf("cite %q as of %s: %d %+v, want %d", tt.q, tt.asOf, code, body, tt.code)
			continue
		}
		if tt.code != 404 {
			if body.Error.Code != string(corpus.CodeInvalid) {
				t.Errorf("cite %q: code %s, want invalid", tt.q, body.Error.Code)
			}
			continue
		}
		if body.Error.Code != string(corpus.CodeNotFound) || body.Error.Reason != tt.reason ||
			!slices.ContainsFunc(body.Error.Candidates, func(c corpus.Candidate) bool {
				return c.ArticleID == tt.cand || c.VersionID == tt.cand || c.WorkID == tt.cand
			}) {
			t.Errorf("cite %q as of %s: %+v, want reason %s with candidate %s", tt.q, tt.asOf, body.Error, tt.reason, tt.cand)
		}
	}
}

type linksBody struct {
	ID    string `json:"id"`
	Cites []struct {
		Text    string `json:"text"`
		Targets []struct {
			ID, Type, Article string
		} `json:"targets"`
	} `json:"cites"`
	CitedBy []struct {
		ID, Type string
	} `json:"cited_by"`
	Versions []struct {
		ID         string         `json:"id"`
		By         corpus.MatchBy `json:"by"`
		Similarity float64        `json:"similarity"`
		VersionID  string         `json:"version_id"`
		Diff       []corpus.DiffOp
	} `json:"versions"`
}

func TestArticleLinks(t *testing.T) {
	s := citeServer(t)
	var a linksBody
	if code := citeGet(t, s, "/api/v1/articles/"+szID("20210601", "3"), &a); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if len(a.Cites) != 1 || a.Cites[0].Text != "本法第二条" || len(a.Cites[0].Targets) != 1 || a.Cites[0].Targets[0].ID != szID("20210601", "2") {
		t.Errorf("cites = %+v, want 本法第二条 → %s", a.Cites, szID("20210601", "2"))
	}
	if len(a.Versions) != 1 || a.Versions[0].ID != szID("20150301", "3") || a.Versions[0].By != corpus.MatchNumber {
		t.Fatalf("versions = %+v, want the 2015 第三条 by number", a.Versions)
	}
	// The diff runs from 2015 to 2021 and spells both texts.
	var old, neu strings.Builder
	changed := false
	for _, op := range a.Versions[0].Diff {
		if op.Kind != corpus.DiffInsert {
			old.WriteString(op.Text)
		}
		if op.Kind != corpus.DiffDelete {
			neu.WriteString(op.Text)
		}
		changed = changed || op.Kind != corpus.DiffEqual
	}
	var o, n struct{ Text string }
	citeGet(t, s, "/api/v1/articles/"+szID("20150301", "3"), &o)
	citeGet(t, s, "/api/v1/articles/"+szID("20210601", "3"), &n)
	if old.String() != o.Text || neu.String() != n.Text || !changed {
		t.Errorf("diff spells %q → %q, want %q → %q", old.String(), neu.String(), o.Text, n.Text)
	}

	var b linksBody
	citeGet(t, s, "/api/v1/articles/"+szID("20210601", "2"), &b)
	if !slices.ContainsFunc(b.CitedBy, func(r struct{ ID, Type string }) bool { return r.ID == szID("20210601", "3") && r.Type == "article" }) {
		t.Errorf("cited_by of 第二条 = %+v, want %s", b.CitedBy, szID("20210601", "3"))
	}
	var fresh linksBody
	citeGet(t, s, "/api/v1/articles/"+szID("20210601", "4"), &fresh)
	if fresh.Cites == nil || fresh.CitedBy == nil || fresh.Versions == nil || len(fresh.Versions) != 0 {
		t.Errorf("an article new in 2021 = %+v, want empty lists, not null", fresh)
	}
}

func TestDocumentVersions(t *testing.T) {
	s := citeServer(t)
	var body struct {
		WorkID        string   `json:"work_id"`
		Aliases       []string `json:"aliases"`
		ImplementedBy []string `json:"implemented_by"`
		Versions      []struct {
			VersionID string `json:"version_id"`
			Status    string `json:"status"`
			ValidFrom string `json:"valid_from"`
			ValidTo   string `json:"valid_to"`
			Articles  int    `json:"articles"`
			Changes   *struct {
				Matched, Renumbered, Added, Dropped int
			} `json:"changes"`
		} `json:"versions"`
	}
	for _, id := range []string{corpus.WorkID(szTitle), corpus.WorkID(szTitle) + "-20150301"} {
		if code := citeGet(t, s, "/api/v1/documents/"+id+"/versions", &body); code != http.StatusOK {
			t.Fatalf("%s: status %d", id, code)
		}
		if body.WorkID != corpus.WorkID(szTitle) || len(body.Versions) != 2 {
			t.Fatalf("%s: %+v", id, body)
		}
		v0, v1 := body.Versions[0], body.Versions[1]
		if v0.Status != "已修改" || v0.ValidTo != v1.ValidFrom || v0.Changes != nil || v1.Changes == nil ||
			v1.Changes.Matched+v1.Changes.Renumbered != 3 || v1.Changes.Added != 1 || v1.Changes.Dropped != 0 {
			t.Errorf("%s: versions %+v / %+v", id, v0, v1.Changes)
		}
		if !slices.Contains(body.Aliases, "市容管理法") || len(body.ImplementedBy) != 1 {
			t.Errorf("%s: aliases %v, implemented by %v", id, body.Aliases, body.ImplementedBy)
		}
	}
	var e citeErrBody
	if code := citeGet(t, s, "/api/v1/documents/nope/versions", &e); code != http.StatusNotFound || e.Error.Code != "not_found" {
		t.Errorf("unknown document: %d %+v", code, e)
	}
}

// BenchmarkCiteHandler measures GET /api/v1/cite through fiber in-process
// on the small fixture (the whole-corpus resolver figures are
// corpus.BenchmarkResolveCorpus).
func BenchmarkCiteHandler(b *testing.B) {
	s := citeServer(b)
	req := citeURL("《中华人民共和国市容管理法》第二条第二款第（一）项", "")
	for b.Loop() {
		resp, err := s.App().Test(httptest.NewRequest(http.MethodGet, req, nil), -1)
		if err != nil {
			b.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
		resp.Body.Close()
	}
}
