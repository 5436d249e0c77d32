package crawler_test

import (
	"errors"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/crawler"
)

func lines(ss ...string) []crawler.Line {
	var out []crawler.Line
	for _, s := range ss {
		out = append(out, crawler.Line{Text: s})
	}
	return out
}

func TestNormalize(t *testing.T) {
	d2021 := corpus.NewDate(2021, time.March, 1)
	tests := []struct {
		name    string
		meta    crawler.Meta
		lines   []crawler.Line
		history []string
		blocks  []string // "## text" for headings
		date    string
	}{
		{
			name:  "labels normalised, items kept",
			meta:  crawler.Meta{Title: "某条例"},
			lines: lines("第 三十五 条　内容一。", "第20条之一：内容二。", "第１０１条内容三。", "第三条", "(一)甲；", "（ 二 ）乙。"),
			blocks: []string{"第三十五条 内容一。", "第二十条之一 内容二。", "第一百零一条 内容三。", "第三条",
				"(一)甲；", "（ 二 ）乙。"}, // items are the law's text: kept as written
		},
		{
			name:  "heading levels follow the structure used",
			meta:  crawler.Meta{Title: "某法典"},
			lines: lines("第一编　总　则", "第一章 基本规定", "第一节　一般规定", "第一条 甲。", "第二章 其他", "第二条 乙。"),
			blocks: []string{"## 第一编 总 则", "### 第一章 基本规定", "#### 第一节 一般规定", "第一条 甲。",
				"### 第二章 其他", "第二条 乙。"},
		},
		{
			name:   "a sentence starting with 第一章 is no heading",
			meta:   crawler.Meta{Title: "某办法"},
			lines:  lines("第一章规定的事项，依照本办法执行。", "第一条 甲。"),
			blocks: []string{"第一章规定的事项，依照本办法执行。", "第一条 甲。"},
		},
		{
			name: "history note split by date, 根据 dropped, Chinese dates read",
			meta: crawler.Meta{Title: "某规定", Date: d2021},
			lines: lines("某 规 定",
				"（二〇一九年十月三十日甲会议通过　根据2020年12月1日乙会议《关于修改的决定》修正）",
				"第一条 甲。"),
			history: []string{"2019年10月30日 甲会议通过", "2020年12月1日 乙会议《关于修改的决定》修正"},
			blocks:  []string{"第一条 甲。"},
			date:    "2021-03-01",
		},
		{
			name:    "no history: made from date and issuer, effective date added",
			meta:    crawler.Meta{Title: "某令", Date: d2021, Issuer: "某部", Effective: corpus.NewDate(2021, time.May, 1)},
			lines:   lines("第一条 甲。"),
			history: []string{"2021年3月1日 某部公布", "2021年5月1日 施行"},
			blocks:  []string{"第一条 甲。"},
			date:    "2021-03-01",
		},
		{
			name:    "file date from the history when the page gives none",
			meta:    crawler.Meta{Title: "某条例"},
			lines:   lines("(2018年1月2日通过 2018年3月4日批准 2018年5月6日起施行)", "第一条 甲。"),
			history: []string{"2018年1月2日 通过", "2018年3月4日 批准", "2018年5月6日 起施行"},
			blocks:  []string{"第一条 甲。"},
			date:    "2018-03-04",
		},
		{
			name:   "a parenthesised sentence without an event is body text",
			meta:   crawler.Meta{Title: "某通知"},
			lines:  lines("（2020年1月1日至12月31日）", "正文。"),
			blocks: []string{"（2020年1月1日至12月31日）", "正文。"},
		},
		{
			name:   "title from the first line, subtitle kept, hinted headings",
			lines:  []crawler.Line{{Text: "某某问答"}, {Text: "——执法手册"}, {Text: "一、什么是占道经营？", Heading: 3}, {Text: "答：……"}},
			blocks: []string{"## 一、什么是占道经营？", "答：……"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := crawler.Normalize(tt.meta, tt.lines)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.History, tt.history) {
				t.Errorf("history\n got %q\nwant %q", d.History, tt.history)
			}
			var blocks []string
			for _, b := range d.Blocks {
				if b.Heading > 0 {
					blocks = append(blocks, strings.Repeat("#", b.Heading)+" "+b.Text)
				} else {
					blocks = append(blocks, b.Text)
				}
			}
			if !reflect.DeepEqual(blocks, tt.blocks) {
				t.Errorf("blocks\n got %q\nwant %q", blocks, tt.blocks)
			}
			if got := d.Date.String(); got != tt.date {
				t.Errorf("date %q, want %q", got, tt.date)
			}
		})
	}
}

func TestNormalizeMarkdown(t *testing.T) {
	d, err := crawler.Normalize(crawler.Meta{Title: "示例条例"}, []crawler.Line{
		{Text: "示例条例"}, {Text: "——副标题"}, {Text: "（2020年1月2日通过）"}, {Text: "第一章　总则"}, {Text: "第一条　甲。"}, {Text: "乙。"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "# 示例条例\n# ——副标题\n\n2020年1月2日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 甲。\n\n乙。\n\n"
	if got := string(d.Markdown()); got != want {
		t.Errorf("markdown\n%s\nwant\n%s", got, want)
	}
	if got := d.FileName(); got != "示例条例(2020-01-02).md" {
		t.Errorf("file name %q", got)
	}
}

func TestNormalizeEmpty(t *testing.T) {
	for _, ls := range [][]crawler.Line{nil, lines("  ", "\u3000"), lines("只有标题")} {
		if _, err := crawler.Normalize(crawler.Meta{}, ls); !errors.Is(err, crawler.ErrEmpty) {
			t.Errorf("%v: err = %v, want ErrEmpty", ls, err)
		}
	}
	if _, err := crawler.Normalize(crawler.Meta{Title: "标题"}, lines("标题")); !errors.Is(err, crawler.ErrEmpty) {
		t.Errorf("a body that only repeats the title: err = %v", err)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		title string
		date  corpus.Date
		want  string
	}{
		{"关于a/b:c*d?的\"通知\"", corpus.Date{}, "关于abcd的通知.md"},
		{"..", corpus.Date{}, "untitled.md"},
		{"某某 条例（试行）", corpus.NewDate(2020, 2, 3), "某某条例（试行）(2020-02-03).md"},
		{strings.Repeat("长", 100), corpus.Date{}, strings.Repeat("长", 80) + ".md"},
	}
	for _, tt := range tests {
		d := &crawler.Document{Title: tt.title, Date: tt.date}
		if got := d.FileName(); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestListLinks(t *testing.T) {
	page := `<html><head><base href="/fg/2024/"></head><body>
<ul class="list">
 <li><a href="a.html">A</a></li>
 <li><a href="a.html#p2">A again</a></li>
 <li><a href="javascript:void(0)">js</a></li>
 <li><a href="mailto:x@example.com">mail</a></li>
 <li><a>no href</a></li>
 <li><a href="https://other.example.com/b.html">B</a></li>
</ul>
<div class="pages"><span class="cur">1</span><span class="nx"><a href="?page=2">下一页</a></span></div>
</body></html>`
	base, _ := url.Parse("https://rd.example.com/fg/index.html")
	details, next, err := crawler.ListLinks(page, base, crawler.ListRule{Links: "ul.list a", Next: ".nx"})
	if err != nil {
		t.Fatal(err)
	}
	wantD := []string{"https://rd.example.com/fg/2024/a.html", "https://other.example.com/b.html"}
	wantN := []string{"https://rd.example.com/fg/2024/?page=2"}
	if !reflect.DeepEqual(details, wantD) || !reflect.DeepEqual(next, wantN) {
		t.Errorf("details %q next %q", details, next)
	}
}

func TestExtractDetail(t *testing.T) {
	rule := crawler.DetailRule{Title: "h1", Body: ".c", Date: ".d", Issuer: ".i"}
	tests := []struct {
		name, page string
		date       string
		issuer     string
		lines      []string
		err        string
	}{
		{name: "fields", page: `<h1> 标 题 </h1><span class="d">发布日期：2022年2月3日</span><span class="i">发布机关：某局</span>
<div class="c"><p>第一条 甲<br/>乙</p><script>x()</script><style>p{}</style><table><tr><td>a</td><td>b</td></tr></table></div>`,
			date: "2022-02-03", issuer: "某局", lines: []string{"第一条 甲", "乙", "a b"}},
		{name: "dotted date, no issuer", page: `<h1>T</h1><i class="d">2019.11.5</i><div class="c">x</div>`, date: "2019-11-05", lines: []string{"x"}},
		{name: "impossible date ignored", page: `<h1>T</h1><i class="d">2019-02-30</i><div class="c">x</div>`, lines: []string{"x"}},
		{name: "no title", page: `<div class="c">x</div>`, err: `title selector "h1"`},
		{name: "no body", page: `<h1>T</h1>`, err: `body selector ".c"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := crawler.ExtractDetail(tt.page, rule)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range d.Lines {
				got = append(got, l.Text)
			}
			if d.Meta.Date.String() != tt.date || d.Meta.Issuer != tt.issuer || !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("got date %q issuer %q lines %q", d.Meta.Date, d.Meta.Issuer, got)
			}
		})
	}
}

// TestHeadingHints checks how headings set without <h*> tags are found.
func TestHeadingHints(t *testing.T) {
	page := `<h1>T</h1><div class="c">
<p><strong>二、合同的履行</strong></p>
<p><b>第五条</b> 粗体标号后接正文。</p>
<p align="center">附　件</p>
<p style="TEXT-ALIGN: center">这是一个居中但很长的句子，它超过了四十个字，所以应当被当作正文段落而不是标题来处理，对吧。</p>
<h2>三、其他</h2>
<div><strong>整块加粗的div不是标题提示</strong></div>
</div>`
	det, err := crawler.ExtractDetail(page, crawler.DetailRule{Title: "h1", Body: ".c"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := crawler.Normalize(det.Meta, det.Lines)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, strings.Repeat("#", b.Heading)+"|"+b.Text)
	}
	want := []string{"##|二、合同的履行", "|第五条 粗体标号后接正文。", "##|附 件",
		"|这是一个居中但很长的句子，它超过了四十个字，所以应当被当作正文段落而不是标题来处理，对吧。", "##|三、其他", "|整块加粗的div不是标题提示"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks\n got %q\nwant %q", got, want)
	}
}

func FuzzExtractNormalize(f *testing.F) {
	for _, p := range []string{"testdata/site/fg/rongmao.html", "testdata/site/fg/malformed.html", "testdata/site/fg/notice.html"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	rule := crawler.DetailRule{Title: "h1", Body: "div.article", Date: ".pubdate", Issuer: ".issuer"}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _ := crawler.DecodeHTML(data, "")
		det, err := crawler.ExtractDetail(text, rule)
		if err != nil {
			return
		}
		doc, err := crawler.Normalize(det.Meta, det.Lines)
		if err != nil {
			return
		}
		md := doc.Markdown()
		if !strings.Contains(string(md), "<!-- INFO END -->") || !strings.HasPrefix(string(md), "# ") {
			t.Fatalf("not LawRefBook layout:\n%s", md)
		}
		_ = doc.FileName()
	})
}
