package corpus_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/internal/testshared"
)

const live = "testdata/live"

// checkLiveGolden compares v as indented JSON with testdata/live/name, or
// rewrites it under -update.
func checkLiveGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join(live, name)
	if updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; run with -update and review the diff\n%s", path, testshared.FirstDiff(string(want), string(got)))
	}
}

func TestParseHandbookGolden(t *testing.T) {
	rel := "城市管理/占道经营问答.md"
	data, err := os.ReadFile(filepath.Join(live, "handbooks", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	v, probs := corpus.ParseHandbook(corpus.PrefixHandbook+rel, data)
	if v == nil {
		t.Fatalf("no version; problems %v", probs)
	}
	checkLiveGolden(t, "handbook.golden.json", parsedFile{Version: v, Problems: probs})
}

func TestParseHandbook(t *testing.T) {
	type sec struct{ heading, path, text string }
	tests := []struct {
		name      string
		rel, data string
		title     string
		date      string
		sections  []sec
		problems  []string // reason kinds
		nilResult bool
	}{
		{
			name:  "questions under a 问题 heading",
			rel:   "问答.md",
			data:  "# 执法问答\n\n## 问题\n\n### 问：甲？\n答：乙。\n第一条 仍是答案。\n\n### 问：丙？\n答：一、丁；\n二、戊。\n",
			title: "执法问答",
			sections: []sec{
				{"问：甲？", "问题", "答：乙。\n第一条 仍是答案。"},
				{"问：丙？", "问题", "答：一、丁；\n二、戊。"},
			},
		},
		{
			name:     "text before the first heading is a section of its own",
			rel:      "说明.md",
			data:     "# 说明\n引言。\n## 一节\n正文。\n",
			title:    "说明",
			sections: []sec{{"", "", "引言。"}, {"一节", "", "正文。"}},
		},
		{
			name:     "front matter title and date, no '# ' line",
			rel:      "x.md",
			data:     "---\ntitle: \"问答汇编\"\ndate: 2022-02-03\n---\n## 甲\n乙\n",
			title:    "问答汇编",
			date:     "2022-02-03",
			sections: []sec{{"甲", "", "乙"}},
		},
		{
			name:     "file name as the title",
			rel:      "dir/噪声问答(2021-05-06).md",
			data:     "## 问\n答\n",
			title:    "噪声问答",
			date:     "2021-05-06",
			sections: []sec{{"问", "", "答"}},
			problems: []string{corpus.ReasonNoTitle},
		},
		{
			name:     "a crawled page in the LawRefBook layout",
			rel:      "crawl:site/问答(2024-03-05).md",
			data:     "# 问答\n\n2024年3月5日 示例局公布\n\n<!-- INFO END -->\n\n## 一、对象\n\n执法人员。\n",
			title:    "问答",
			date:     "2024-03-05",
			sections: []sec{{"一、对象", "", "执法人员。"}},
		},
		{
			name:     "no text",
			rel:      "空.md",
			data:     "# 空的问答\n",
			title:    "空的问答",
			problems: []string{corpus.ReasonNoText},
		},
		{name: "empty file", rel: "零.md", data: " \n", problems: []string{corpus.ReasonEmpty}, nilResult: true},
		{name: "not UTF-8", rel: "乱码.md", data: "# \xb0\xa1\n", problems: []string{corpus.ReasonEncoding}, nilResult: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, probs := corpus.ParseHandbook(tt.rel, []byte(tt.data))
			var kinds []string
			for _, p := range probs {
				kinds = append(kinds, p.Kind())
			}
			if !slices.Equal(kinds, tt.problems) {
				t.Errorf("problems %v, want kinds %v", probs, tt.problems)
			}
			if tt.nilResult {
				if v != nil {
					t.Errorf("version %+v, want none", v)
				}
				return
			}
			if v == nil {
				t.Fatal("no version")
			}
			if v.Title != tt.title || v.Date.String() != tt.date || len(v.Articles) != 0 {
				t.Errorf("title %q date %q articles %d; want %q %q 0", v.Title, v.Date, len(v.Articles), tt.title, tt.date)
			}
			var got []sec
			for _, s := range v.Sections {
				got = append(got, sec{s.Heading, strings.Join(s.Path, "/"), s.Text})
				if !strings.HasPrefix(s.ID, v.ID+"-s") {
					t.Errorf("section id %q outside version %q", s.ID, v.ID)
				}
			}
			if !slices.Equal(got, tt.sections) {
				t.Errorf("sections\n got %q\nwant %q", got, tt.sections)
			}
		})
	}
}

func TestReadHandbooks(t *testing.T) {
	ins, probs, err := corpus.ReadHandbooks(context.Background(), filepath.Join(live, "handbooks"))
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 {
		t.Errorf("problems %v", probs)
	}
	type in struct{ path, region, issuer, topic string }
	var got []in
	for _, x := range ins {
		if x.Kind != corpus.KindHandbook || len(x.Data) == 0 {
			t.Errorf("%s: kind %q, %d bytes", x.Path, x.Kind, len(x.Data))
		}
		got = append(got, in{x.Path, x.Region.Path(), x.Issuer, x.Topic})
	}
	want := []in{
		{"handbook:城市管理/占道经营问答.md", "浙江/温州", "示例市综合行政执法局", "城市管理"},
		{"handbook:无标题问答.md", "全国", "", ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("inputs\n got %v\nwant %v", got, want)
	}
	if _, _, err := corpus.ReadHandbooks(context.Background(), filepath.Join(live, "missing")); corpus.ErrorCode(err) != corpus.CodeInvalid {
		t.Errorf("missing folder: err %v, want invalid", err)
	}
}

// crawledNoise is a crawled newer text of the fixture law, as the crawler
// writes it.
const crawledNoise = `# 示例噪声管理法

2019年12月1日 示例人民代表大会常务委员会通过

2023年6月1日 示例人民代表大会常务委员会修正

<!-- INFO END -->

第一条 为了防治噪声污染，保障公众健康，制定本法。

第二条 排放噪声的单位应当遵守国家和地方规定的排放标准。

第五条 违反本法第二条规定的，处二万元以上二十万元以下的罚款。
`

// loadLive imports the fixture tree with the standards, the handbooks and
// three crawled inputs, and links it.
func loadLive(t *testing.T) *corpus.Corpus {
	t.Helper()
	ctx := context.Background()
	hbs, probs, err := corpus.ReadHandbooks(ctx, filepath.Join(live, "handbooks"))
	if err != nil || len(probs) > 0 {
		t.Fatalf("handbooks: %v %v", probs, err)
	}
	fetched := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	inputs := append(hbs,
		corpus.Input{Path: "crawl:npc/示例噪声管理法(2023-06-01).md", Data: []byte(crawledNoise), Kind: corpus.KindLaw,
			Origin: &corpus.Origin{Source: "npc", URL: "http://npc.test/law/1", FetchedAt: fetched}},
		corpus.Input{Path: "crawl:wz/示例市养犬规定(2022-03-01).md", Kind: corpus.KindLocalRegulation,
			Region: corpus.Region{Province: "浙江", City: "温州"}, Issuer: "示例市人大常委会", Status: corpus.StatusRepealed,
			Data:   []byte("# 示例市养犬规定\n\n<!-- INFO END -->\n\n第一条 携犬出户应当束牵引绳。\n"),
			Origin: &corpus.Origin{Source: "wz", URL: "http://wz.test/fg/2", FetchedAt: fetched}},
		corpus.Input{Path: "crawl:wz/示例执法手册.md", Kind: corpus.KindHandbook,
			Data:   []byte("# 示例执法手册\n\n<!-- INFO END -->\n\n## 第一条以外的问题\n\n第一条 仍是文字。\n"),
			Origin: &corpus.Origin{Source: "wz", URL: "http://wz.test/sc/3", FetchedAt: fetched}},
	)
	c, err := corpus.Load(ctx, filepath.Join(live, "lawrefbook"), corpus.LoadOptions{
		Logger: discard, Today: day("2024-06-01"), Inputs: inputs, Standards: filepath.Join(live, "standards"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Link(c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadInputs(t *testing.T) {
	c := loadLive(t)
	noise := c.Work(corpus.WorkID("示例噪声管理法"))
	if noise == nil || len(noise.Versions) != 2 {
		t.Fatalf("示例噪声管理法: %+v, want the tree's version and the crawled one", noise)
	}
	old, cur := noise.Versions[0], noise.Versions[1]
	if old.Origin != nil || old.Status != corpus.StatusAmended || old.ValidTo.String() != "2023-06-01" {
		t.Errorf("tree version: origin %v status %s valid_to %s", old.Origin, old.Status, old.ValidTo)
	}
	if cur.Source != "crawl:npc/示例噪声管理法(2023-06-01).md" || cur.Status != corpus.StatusInForce ||
		cur.Origin == nil || cur.Origin.URL != "http://npc.test/law/1" || cur.Origin.FetchedAt.IsZero() {
		t.Errorf("crawled version: source %q status %s origin %+v", cur.Source, cur.Status, cur.Origin)
	}

	dog := c.Work(corpus.WorkID("示例市养犬规定"))
	if dog == nil {
		t.Fatal("crawled local regulation missing")
	}
	if dog.Kind != corpus.KindLocalRegulation || dog.Level != corpus.LevelCity || dog.Region.Path() != "浙江/温州" ||
		dog.Issuer != "示例市人大常委会" || dog.Current().Status != corpus.StatusRepealed {
		t.Errorf("crawled regulation: kind %s level %s region %s issuer %s status %s; want the manifest's, status stated 已废止",
			dog.Kind, dog.Level, dog.Region.Path(), dog.Issuer, dog.Current().Status)
	}

	manual := c.Work(corpus.WorkID("示例执法手册"))
	if manual == nil || manual.Kind != corpus.KindHandbook || manual.Level != corpus.LevelHandbook {
		t.Fatalf("crawled handbook: %+v", manual)
	}
	if v := manual.Current(); len(v.Articles) != 0 || len(v.Sections) != 1 || v.Sections[0].Text != "第一条 仍是文字。" {
		t.Errorf("crawled handbook read as articles: %+v %+v", v.Articles, v.Sections)
	}
	hb := c.Work(corpus.WorkID("城市管理执法问答（占道经营）"))
	if hb == nil || hb.Kind != corpus.KindHandbook || hb.Topic != "城市管理" || hb.Region.Path() != "浙江/温州" ||
		hb.Issuer != "示例市综合行政执法局" || len(hb.Current().Sections) != 4 {
		t.Errorf("handbook page: %+v", hb)
	}
	if w := c.Work(corpus.WorkID("无标题问答")); w == nil || w.Kind != corpus.KindHandbook {
		t.Errorf("untitled handbook page: %+v", w)
	}

	var files []string
	for _, f := range c.Files {
		if len(f.SHA256) != 64 {
			t.Errorf("file %s: checksum %q", f.Path, f.SHA256)
		}
		files = append(files, f.Path)
	}
	wantFiles := []string{
		"crawl:npc/示例噪声管理法(2023-06-01).md", "crawl:wz/示例市养犬规定(2022-03-01).md", "crawl:wz/示例执法手册.md",
		"handbook:城市管理/占道经营问答.md", "handbook:无标题问答.md",
		"standards:示例标准目录.md", "案例/环境保护/示例噪声扰民案.md", "行政法/示例噪声管理法(2020-01-01).md",
	}
	if !slices.Equal(files, wantFiles) {
		t.Errorf("files\n got %q\nwant %q", files, wantFiles)
	}
	if st := c.Stats(); st.Standards != 3 {
		t.Errorf("stats %+v, want 3 standards", st)
	}
}

func TestLoadInputsOnly(t *testing.T) {
	ctx := context.Background()
	in := corpus.Input{Path: "crawl:s/甲条例.md", Kind: corpus.KindAdminRegulation, Data: []byte("# 甲条例\n<!-- INFO END -->\n第一条 甲。\n")}
	c, err := corpus.Load(ctx, "", corpus.LoadOptions{Logger: discard, Inputs: []corpus.Input{in}})
	if err != nil {
		t.Fatal(err)
	}
	if st := c.Stats(); st.Works != 1 || st.Articles != 1 || c.Works[0].Level != corpus.LevelAdminRegulation {
		t.Errorf("stats %+v level %q", st, c.Works[0].Level)
	}
	bad := []struct {
		name   string
		inputs []corpus.Input
	}{
		{"no root and no inputs", nil},
		{"duplicate paths", []corpus.Input{in, in}},
		{"empty path", []corpus.Input{{Kind: corpus.KindLaw, Data: []byte("# 乙\n")}}},
	}
	for _, b := range bad {
		if _, err := corpus.Load(ctx, "", corpus.LoadOptions{Logger: discard, Inputs: b.inputs}); corpus.ErrorCode(err) != corpus.CodeInvalid {
			t.Errorf("%s: err %v, want invalid", b.name, err)
		}
	}
	// A bad input is a problem, never a failure of the import.
	c, err = corpus.Load(ctx, "", corpus.LoadOptions{Logger: discard, Inputs: []corpus.Input{in,
		{Path: "crawl:s/坏.md", Kind: "公告", Data: []byte{0xb0, 0xa1}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 1 || c.Problems[0].Path != "crawl:s/坏.md" || !c.Problems[0].Skipped {
		t.Errorf("problems %v", c.Problems)
	}
	// A missing standards folder costs the standards only.
	c, err = corpus.Load(ctx, "", corpus.LoadOptions{Logger: discard, Inputs: []corpus.Input{in}, Standards: filepath.Join(live, "missing")})
	if err != nil || len(c.Standards) != 0 || len(c.Problems) != 1 || !strings.HasPrefix(c.Problems[0].Path, corpus.PrefixStandards) {
		t.Errorf("missing standards: err %v problems %v", err, c.Problems)
	}
}

func TestStandardsAndCasesOfArticles(t *testing.T) {
	c := loadLive(t)
	v := c.Version(corpus.WorkID("示例噪声管理法") + "-20200101")
	if v == nil {
		t.Fatal("tree version missing")
	}
	art := func(n int) string { return v.ID + "-" + string(rune('0'+n)) }
	tests := []struct {
		article   string
		standards []string
		cases     []corpus.CaseRef
	}{
		{art(1), nil, nil},
		{art(3), []string{"std-gb12523-2011"}, nil}, // GB 12523 without a year: the one standard of that number
		{art(4), []string{"std-db33-888-2019", "std-gb3096-2008"}, nil},
	}
	for _, tt := range tests {
		if got := c.StandardsFor(tt.article); !slices.Equal(got, tt.standards) {
			t.Errorf("StandardsFor(%s) = %v, want %v", tt.article, got, tt.standards)
		}
		if got := c.CasesCiting(tt.article); len(got) != 0 {
			t.Errorf("CasesCiting(%s) = %v, want none", tt.article, got)
		}
	}
	if s := c.Standard("std-gb3096-2008"); s == nil || !slices.Equal(s.CitedBy, []string{art(4)}) || s.Level() != corpus.StandardNational {
		t.Errorf("GB 3096-2008: %+v", s)
	}
	if s := c.Standard("std-db33-888-2019"); s == nil || s.Region.Path() != "浙江" || s.Level() != corpus.StandardLocal || s.Status != corpus.StatusRepealed {
		t.Errorf("DB 33/888-2019: %+v", s)
	}

	// The case cites 第五条 and 第二条 of the law as it stood: the tree's
	// version (the case has no date, so the version in force today is the
	// crawled one; both resolve to articles that exist there).
	caseID := corpus.WorkID("示例噪声扰民案") + "-0"
	found := map[string][]corpus.CaseRef{}
	for _, w := range c.Works {
		for _, ver := range w.Versions {
			for _, a := range ver.Articles {
				if cs := c.CasesCiting(a.ID); len(cs) > 0 {
					found[a.Label] = append(found[a.Label], cs...)
				}
			}
		}
	}
	want := map[string][]corpus.CaseRef{
		"第五条": {{ID: caseID, SectionID: caseID + "-s2", Title: "示例噪声扰民案", Heading: "裁判结果", Topic: "环境保护"}},
		"第二条": {{ID: caseID, SectionID: caseID + "-s3", Title: "示例噪声扰民案", Heading: "典型意义", Topic: "环境保护"}},
	}
	for label, w := range want {
		if !slices.Equal(found[label], w) {
			t.Errorf("cases citing %s: %+v, want %+v", label, found[label], w)
		}
	}
	if len(found) != len(want) {
		t.Errorf("cases found under %d articles, want %d: %+v", len(found), len(want), found)
	}
	if got := c.CasesCiting("no-such-article"); got != nil {
		t.Errorf("CasesCiting(unknown) = %v", got)
	}
}

// TestSnapshotKeepsLiveFields round-trips the corpus through gob, as the
// index snapshot does, and checks that the lookups come back.
func TestSnapshotKeepsLiveFields(t *testing.T) {
	c := loadLive(t)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		t.Fatal(err)
	}
	var back corpus.Corpus
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	back.Link()
	a := corpus.WorkID("示例噪声管理法") + "-20200101-4"
	if got := back.StandardsFor(a); len(got) != 2 || back.Standard(got[0]) == nil {
		t.Errorf("StandardsFor after a snapshot: %v", got)
	}
	v := back.Work(corpus.WorkID("示例噪声管理法")).Current()
	if v.Origin == nil || v.Origin.Source != "npc" || !v.Origin.FetchedAt.Equal(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)) {
		t.Errorf("origin after a snapshot: %+v", v.Origin)
	}
	if len(back.Files) != len(c.Files) || back.Stats() != c.Stats() {
		t.Errorf("files %d/%d stats %+v/%+v", len(back.Files), len(c.Files), back.Stats(), c.Stats())
	}
}

func FuzzParseHandbook(f *testing.F) {
	data, err := os.ReadFile(filepath.Join(live, "handbooks", "城市管理", "占道经营问答.md"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("handbook:城市管理/占道经营问答.md", data)
	f.Add("handbook:x.md", []byte("---\ntitle: t\n---\n## 问题\n### 问\n答\n"))
	f.Add("crawl:s/问答(2024-03-05).md", []byte("# 问答\n2024年3月5日 公布\n<!-- INFO END -->\n## 一\n甲\n"))
	f.Add("y.md", []byte("---\n---\n# \n"))
	f.Fuzz(func(t *testing.T, rel string, data []byte) {
		v, probs := corpus.ParseHandbook(rel, data)
		if v == nil {
			if len(probs) != 1 || !probs[0].Skipped || probs[0].Reason == "" {
				t.Fatalf("nil version with problems %v, want one skipped problem", probs)
			}
			return
		}
		if v.Title == "" || len(v.Articles) != 0 || v.ID == "" {
			t.Fatalf("version %+v: want a title, an id and no articles", v)
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		ids := map[string]bool{}
		for _, s := range v.Sections {
			if s.Text == "" || s.Line < 1 || s.Line > lines || ids[s.ID] {
				t.Fatalf("section %+v is inconsistent", s)
			}
			ids[s.ID] = true
		}
		for _, p := range probs {
			if p.Skipped || p.Path != rel {
				t.Fatalf("problem %+v of a parsed page", p)
			}
		}
	})
}
