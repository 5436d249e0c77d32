package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func i(id string) string { return "/i/" + url.PathEscape(id) }

func TestItemCard(t *testing.T) {
	app := newApp(t)
	new2 := article(t, lawTitle, "2021-06-01", 2)
	new3 := article(t, lawTitle, "2021-06-01", 3)
	it := item(t, new3)
	tests := []struct {
		name   string
		path   string
		status int
		want   []string
		not    []string
	}{
		{name: "card", path: i(it.ID), status: 200, want: []string{
			"<h1>占道经营</h1>", "行政处罚", "城市管理部门", "法定罚款", "100元以上500元以下",
			"违则（设定义务的条款）", `href="` + a(new2.ID) + `"`, "罚则（处罚依据）", `href="` + a(new3.ID) + `"`,
			"情节严重：", "五百元以上二千元以下罚款", "裁量基准", "由法定罚款幅度推导", "<th>轻微</th>", "100元以上180元以下",
			`name="harm"`, `name="first"`, `id="add"`, "由罚则条款推导"},
			not: []string{`class="decision"`}},
		{name: "may waive a first minor violation corrected in time", path: i(it.ID) + "?calc=1&first=1&corrected=1&harm=minor", status: 200,
			want: []string{`class="decision"`, "可以不予处罚", "行政处罚法》第三十三条第一款", `name="first" value="1" checked`, `<option value="minor" selected>`}},
		{name: "serious and repeated goes to the top band", path: i(it.ID) + "?calc=1&harm=serious&repeat=3", status: 200,
			want: []string{"<strong>严重：420元以上500元以下</strong>", "推导档次", "建议罚款：420元至500元", "罚款依据：</strong>《中华人民共和国市容管理法》第三条"},
			not:  []string{"{420", "{100"}},
		{name: "band chosen by the officer", path: i(it.ID) + "?calc=1&band=" + url.QueryEscape("一般"), status: 200,
			want: []string{"<strong>一般：180元以上300元以下</strong>", "档次规则：</strong>推导规则（非官方基准）：一般档"}},
		// 情节严重 is a condition the clause writes: it raises the range to 500–2000.
		{name: "a condition of the clause raises the range", path: i(it.ID) + "?calc=1&serious=1", status: 200,
			want: []string{`name="serious" value="1" checked`, "情节严重的，处五百元以上二千元以下罚款", "建议罚款：800元至1250元"}},
		{name: "bad harm", path: i(it.ID) + "?calc=1&harm=huge", status: 400, want: []string{"huge"}},
		{name: "bad repeat", path: i(it.ID) + "?calc=1&repeat=-2", status: 400, want: []string{"违法次数"}},
		{name: "missing item", path: "/i/nope", status: 404, want: []string{"没有这个执法事项"}},
		{name: "article lists the items it grounds", path: a(new3.ID), status: 200,
			want: []string{"执法事项", `href="` + i(it.ID) + `">占道经营`, "100元以上500元以下"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, app, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tt.path, res.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tt.path, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("GET %s: body has %q", tt.path, n)
				}
			}
		})
	}
	// Items come with the corpus: a server without the optional hooks
	// shows them too.
	if res, _ := get(t, newBareApp(t), i(it.ID)); res.StatusCode != 200 {
		t.Errorf("bare server: item card status %d, want 200", res.StatusCode)
	}
}

// TestItemCardRefused: the local rule fines only after 拒不改正; a first
// offence gets an order to correct, not a fine.
func TestItemCardRefused(t *testing.T) {
	app := newApp(t)
	it := item(t, article(t, localTitle, "", 3))
	_, body := get(t, app, i(it.ID)+"?calc=1&first=1")
	for _, w := range []string{`name="refused" value="1">`, "拒不改正</label>", "<strong>不处罚款</strong>", "只在“拒不改正”时处以罚款"} {
		if !strings.Contains(body, w) {
			t.Errorf("first offence: body lacks %q", w)
		}
	}
	if strings.Contains(body, "建议罚款") {
		t.Error("a first offence is proposed a fine the clause sets only after 拒不改正")
	}
	_, body = get(t, app, i(it.ID)+"?calc=1&refused=1")
	for _, w := range []string{`name="refused" value="1" checked`, "建议罚款：140元至275元", "拒不改正的，处五十元以上五百元以下罚款"} {
		if !strings.Contains(body, w) {
			t.Errorf("refused: body lacks %q", w)
		}
	}
}

func TestSuggestPage(t *testing.T) {
	app := newApp(t)
	it := item(t, article(t, lawTitle, "2021-06-01", 3))
	text := url.QueryEscape("在人行道上摆摊卖水果，劝阻后不改正")
	tests := []struct {
		name   string
		path   string
		status int
		want   []string
	}{
		{"form", "/s", 200, []string{`<form class="suggest" action="/s" method="post"`, `name="text"`, `name="date"`}},
		{"suggestions", "/s?text=" + text + "&region=" + url.QueryEscape("浙江/温州"), 200,
			[]string{`class="hits"`, `href="` + i(it.ID) + `">占道经营</a>`, `<span class="badge s-info">违则</span>`,
				`<span class="badge s-warn">罚则</span>`, "罚款：", "100元以上500元以下", `<option value="浙江/温州" selected>`}},
		{"bad date", "/s?text=" + text + "&date=2021-02-30", 400, []string{"请写成 2024年5月1日"}},
		{"date in Chinese", "/s?text=" + text + "&date=" + url.QueryEscape("2021年6月1日"), 200, []string{`value="2021年6月1日"`, `class="hits"`}},
	}
	for _, tt := range tests {
		res, body := get(t, app, tt.path)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.name, res.StatusCode, tt.status)
		}
		if regexp.MustCompile(`款第[一二三四五六七八九十]+款`).MatchString(body) {
			t.Errorf("%s: a 款 label written twice", tt.name)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: body lacks %q\n%s", tt.name, w, body)
			}
		}
	}
	// The form posts, so descriptions longer than a URL can carry work.
	for _, tt := range []struct {
		name, text string
		status     int
		want       string
	}{
		{"posted", strings.Repeat("有人在人行道上摆摊卖水果，占道经营，劝阻后不改正。", 20), 200, `href="` + i(it.ID) + `"`},
		{"too long", strings.Repeat("摆", 5000), 400, "longer than"},
		{"empty", "   ", 200, `name="text"`},
	} {
		form := url.Values{"text": {tt.text}, "region": {"浙江/温州"}}
		req := httptest.NewRequest(http.MethodPost, "/s", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, body := do(t, app, req)
		if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("POST /s %s: status %d, want %d with %q", tt.name, res.StatusCode, tt.status, tt.want)
		}
	}
	if res, _ := get(t, newBareApp(t), "/s"); res.StatusCode != 404 {
		t.Errorf("bare server: /s status %d, want 404", res.StatusCode)
	}
}

func TestAutocomplete(t *testing.T) {
	var out struct {
		Completions []struct {
			Text, Kind, Title string
		} `json:"completions"`
	}
	for _, tt := range []struct {
		name, q  string
		bare     bool
		wantText string
	}{
		{"pinyin initials of an alias", "srf", false, "市容法"},
		{"prefix of a title", "温州市", false, "温州市市容测试条例"},
		{"no hook", "srf", true, ""},
		{"empty", "", false, ""},
	} {
		app := newApp(t)
		if tt.bare {
			app = newBareApp(t)
		}
		res, body := get(t, app, "/ac?q="+url.QueryEscape(tt.q))
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %s", tt.name, res.StatusCode, res.Header.Get("Content-Type"))
		}
		out.Completions = nil
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("%s: %v: %s", tt.name, err, body)
		}
		if tt.wantText == "" {
			if len(out.Completions) != 0 {
				t.Errorf("%s: %d completions, want none", tt.name, len(out.Completions))
			}
			continue
		}
		found := false
		for _, c := range out.Completions {
			found = found || c.Text == tt.wantText
		}
		if !found {
			t.Errorf("%s: %q not among %s", tt.name, tt.wantText, body)
		}
	}
	// The search box asks for completions only where the server has them.
	if _, body := get(t, newApp(t), "/"); !strings.Contains(body, `data-ac="/ac"`) || !strings.Contains(body, `href="/s"`) {
		t.Error("home page with hooks: no autocomplete endpoint or suggest link")
	}
	if _, body := get(t, newBareApp(t), "/"); strings.Contains(body, `data-ac=`) || strings.Contains(body, `href="/s"`) {
		t.Error("bare home page offers autocomplete or suggest")
	}
}
