package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// Collection is a trainer's named list of texts. app.js keeps it in the
// phone's localStorage and posts it here to export it; the server keeps
// nothing.
type Collection struct {
	Name    string  `json:"name"`
	Entries []Entry `json:"entries"`
}

// Entry is one text of a collection as it was when the trainer added it:
// the id freezes the version, the rest is a snapshot for when the id is no
// longer in the index.
type Entry struct {
	Type        string `json:"type"` // article, section, case, document
	ID          string `json:"id"`
	Title       string `json:"title"`
	Label       string `json:"label"`
	URL         string `json:"url,omitempty"`
	VersionDate string `json:"version_date,omitempty"`
	Status      string `json:"status,omitempty"` // status when added
	Text        string `json:"text,omitempty"`
	Added       string `json:"added,omitempty"`
}

// Export limits: a course is dozens of texts, not thousands.
const (
	maxEntries     = 500
	maxNameRunes   = 100
	maxSnapshotLen = 50000 // bytes of one entry's text snapshot
)

// exportView is a collection resolved against the index, ready to render
// as Markdown, DOCX or a print page.
type exportView struct {
	Name     string
	Exported string
	Entries  []exportEntry
}

type exportEntry struct {
	Heading    string   // 中华人民共和国市容管理法 第二条
	Citation   string   // 《…》（2021-06-01 版）第二条: frozen at the version
	Paragraphs []string // 款 and 项 lines
	Flag       string   // amended, repealed or missing since: "" when current
	Official   string   // the official source line: 制定机关 · 公布/施行日期 · 文号
	URL        string   // at the configured public URL; "" without one
}

func (u *ui) handleCollection(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return u.render(c, fiber.StatusOK, page{Title: "课件", Name: "collection", NoIndex: true})
}

func (u *ui) handleOffline(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return u.render(c, fiber.StatusOK, page{Title: "离线", Name: "offline", NoIndex: true})
}

// handleExport renders a posted collection as Markdown, DOCX or a print
// page. The form posts format and collection (JSON); a JSON body
// {"format","collection"} works too.
func (u *ui) handleExport(c *fiber.Ctx) error {
	format, raw := strings.Clone(c.FormValue("format")), []byte(c.FormValue("collection"))
	if strings.HasPrefix(string(c.Request().Header.ContentType()), fiber.MIMEApplicationJSON) {
		var body struct {
			Format     string          `json:"format"`
			Collection json.RawMessage `json:"collection"`
		}
		if err := json.Unmarshal(c.Body(), &body); err != nil {
			return u.renderError(c, fiber.StatusBadRequest, "导出请求不是有效的 JSON："+err.Error())
		}
		format, raw = body.Format, body.Collection
	}
	col, err := parseCollection(raw)
	if err != nil {
		return u.renderErr(c, err)
	}
	_, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	ex := u.resolve(cp, col)
	c.Set(fiber.HeaderCacheControl, "no-store")
	switch format {
	case "md", "markdown":
		setAttachment(c, ex.Name, ".md")
		c.Set(fiber.HeaderContentType, "text/markdown; charset=utf-8")
		return c.Send(ex.markdown())
	case "docx":
		b, err := ex.docx()
		if err != nil {
			return u.renderErr(c, err)
		}
		setAttachment(c, ex.Name, ".docx")
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		return c.Send(b)
	case "print", "html", "":
		return u.render(c, fiber.StatusOK, page{Title: ex.Name, Name: "export", NoIndex: true, Body: ex})
	}
	return u.renderError(c, fiber.StatusBadRequest, fmt.Sprintf("不支持的导出格式 %q：可选 md、docx、print", format))
}

// parseCollection decodes and checks a posted collection.
func parseCollection(raw []byte) (Collection, error) {
	var col Collection
	if len(strings.TrimSpace(string(raw))) == 0 {
		return col, corpus.Errorf(corpus.CodeInvalid, "没有收到课件内容")
	}
	if err := json.Unmarshal(raw, &col); err != nil {
		return col, corpus.Errorf(corpus.CodeInvalid, "课件内容不是有效的 JSON：%v", err)
	}
	col.Name = strings.TrimSpace(col.Name)
	switch {
	case col.Name == "":
		col.Name = "课件"
	case !utf8.ValidString(col.Name):
		return col, corpus.Errorf(corpus.CodeInvalid, "课件名称不是有效的 UTF-8")
	case utf8.RuneCountInString(col.Name) > maxNameRunes:
		return col, corpus.Errorf(corpus.CodeInvalid, "课件名称超过 %d 个字", maxNameRunes)
	}
	if len(col.Entries) == 0 {
		return col, corpus.Errorf(corpus.CodeInvalid, "课件是空的")
	}
	if len(col.Entries) > maxEntries {
		return col, corpus.Errorf(corpus.CodeInvalid, "课件有 %d 条，一次最多导出 %d 条", len(col.Entries), maxEntries)
	}
	for i, e := range col.Entries {
		if e.ID == "" {
			return col, corpus.Errorf(corpus.CodeInvalid, "第 %d 条没有 id", i+1)
		}
		if len(e.Text) > maxSnapshotLen {
			col.Entries[i].Text = e.Text[:maxSnapshotLen]
		}
	}
	return col, nil
}

// setAttachment names the download after the collection, with an ASCII
// fallback for clients that ignore filename*.
func setAttachment(c *fiber.Ctx, name, ext string) {
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="lawkb-collection%s"; filename*=UTF-8''%s`,
		ext, url.PathEscape(name+ext)))
}

// resolve freezes each entry at the version its id names and flags what
// changed since: a newer version in force whose article reads differently,
// no longer has it, or a repeal.
func (u *ui) resolve(cp *corpus.Corpus, col Collection) *exportView {
	today := u.today()
	ex := &exportView{Name: oneLine(col.Name), Exported: today.String()}
	for _, e := range col.Entries {
		ex.Entries = append(ex.Entries, u.resolveEntry(cp, e, today))
	}
	return ex
}

func (u *ui) resolveEntry(cp *corpus.Corpus, e Entry, today corpus.Date) exportEntry {
	if it := cp.Item(e.ID); it != nil {
		return u.itemEntry(cp, it)
	}
	if a := cp.Article(e.ID); a != nil {
		v := a.Version()
		out := exportEntry{
			Heading: v.Title + " " + a.Label, Citation: citation(v, a.Label),
			Official: v.Official().Line(), URL: u.publicLink(articleHref(a.ID)),
		}
		for _, p := range a.Paragraphs {
			out.Paragraphs = append(out.Paragraphs, p.Text)
			out.Paragraphs = append(out.Paragraphs, p.Items...)
		}
		out.Flag = changedSince(v, today, func(cur *corpus.Version) string {
			// The same provision in the version in force, renumbered or not.
			same, _ := counterpart(cp, cur, a)
			switch {
			case same == nil:
				return "现行版本（" + versionName(cur) + "）中已没有对应条文。"
			case same.Text() != a.Text() && same.Number != a.Number:
				return "现行版本（" + versionName(cur) + "）中本条改为" + same.Label + "，文字已有改动。"
			case same.Text() != a.Text():
				return "现行版本（" + versionName(cur) + "）" + same.Label + "的文字已有改动。"
			case same.Number != a.Number:
				return "现行版本（" + versionName(cur) + "）中本条改为" + same.Label + "，文字未变。"
			}
			return "所在法规已有新版本（" + versionName(cur) + "），本条文字未变。"
		})
		return out
	}
	if s := cp.Section(e.ID); s != nil {
		v := s.Version()
		out := exportEntry{
			Heading: v.Title + " " + s.Heading, Citation: citation(v, s.Heading),
			Paragraphs: splitLines(s.Text), Official: v.Official().Line(), URL: u.publicLink(articleHref(s.ID)),
		}
		out.Flag = changedSince(v, today, func(cur *corpus.Version) string {
			return "所在文件已有新版本（" + versionName(cur) + "）。"
		})
		return out
	}
	if v := cp.Version(e.ID); v != nil {
		out := exportEntry{Heading: v.Title, Citation: citation(v, ""), Official: v.Official().Line(), URL: u.publicLink(documentHref(v.ID))}
		out.Flag = changedSince(v, today, func(cur *corpus.Version) string {
			return "已有新版本（" + versionName(cur) + "）。"
		})
		return out
	}
	// The index no longer has this id: keep what the trainer saw. What was
	// posted is text, never a link: no URL of the post is written out.
	out := exportEntry{
		Heading: oneLine(e.Title + " " + e.Label), Paragraphs: splitLines(e.Text),
		Flag: "当前索引中找不到这一条（可能已随更新删除），以下是加入课件时的文字。",
	}
	if d, err := corpus.ParseDate(e.VersionDate); err == nil {
		out.Citation = oneLine("《" + e.Title + "》（" + d.String() + " 版）" + e.Label)
	}
	return out
}

// oneLine folds a posted one-line field (a title, a label) onto one line,
// so that it cannot open a heading or a block of its own in an export.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// itemEntry exports an enforcement item: its duty and penalty articles,
// each cited at the version the item was derived from, and its fine.
func (u *ui) itemEntry(cp *corpus.Corpus, it *corpus.Item) exportEntry {
	out := exportEntry{Heading: "执法事项：" + it.Name, URL: u.publicLink(itemHref(it.ID))}
	if it.Source.Origin == corpus.OriginCatalogue {
		out.Official = "目录：" + it.Source.Catalogue
	} else if a := cp.Article(it.Source.ArticleID); a != nil {
		out.Official = a.Version().Official().Line()
	}
	cite := func(role string, cs []corpus.Citation) {
		for _, c := range cs {
			line := role + "：" + c.Text
			if len(c.ArticleIDs) > 0 {
				if a := cp.Article(c.ArticleIDs[0]); a != nil {
					line = role + "：" + citation(a.Version(), a.Label)
				}
			}
			out.Paragraphs = append(out.Paragraphs, line)
		}
	}
	cite("违则", it.Duty)
	cite("罚则", it.Basis)
	if it.Fine != nil {
		out.Paragraphs = append(out.Paragraphs, "罚款："+corpus.FormatFine(it.Fine))
	}
	for _, p := range it.Penalties {
		if p.Condition != "" {
			out.Paragraphs = append(out.Paragraphs, p.Condition+"："+p.Text)
		}
	}
	if it.Referral != nil {
		out.Paragraphs = append(out.Paragraphs, "涉嫌犯罪的，"+corpus.ReferralAction+"："+it.Referral.Text)
	}
	return out
}

// citation writes the frozen form of a reference: 《title》（date 版）label.
func citation(v *corpus.Version, label string) string {
	ver := "未注明日期的版本"
	if !v.Date.IsZero() {
		ver = v.Date.String() + " 版"
	}
	if !v.ValidFrom.IsZero() && v.ValidFrom.String() != v.Date.String() {
		ver += "，" + v.ValidFrom.String() + " 起施行"
	}
	return "《" + v.Title + "》（" + ver + "）" + label
}

// changedSince returns "" while v is in force, and otherwise what changed:
// the caller's note on the version in force, or the repeal.
func changedSince(v *corpus.Version, today corpus.Date, note func(cur *corpus.Version) string) string {
	st := effectiveStatus(v, today)
	if st == corpus.StatusInForce {
		return ""
	}
	var cur *corpus.Version
	if w := v.Work(); w != nil {
		for _, o := range w.Versions {
			if o != v && effectiveStatus(o, today) == corpus.StatusInForce {
				cur = o
			}
		}
	}
	switch {
	case st == corpus.StatusRepealed:
		if !v.ValidTo.IsZero() {
			return "此后已废止（" + v.ValidTo.String() + " 起失效）。"
		}
		return "此后已废止。"
	case st == corpus.StatusNotYet:
		return "本版本尚未生效。"
	case cur != nil:
		return "此后已修改：" + note(cur)
	}
	return "此后已修改（" + string(st) + "）。"
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// markdown renders the export as Markdown, escaping line starts that
// Markdown would read as syntax.
func (ex *exportView) markdown() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n导出于 %s · 共 %d 条 · 条文按所注版本冻结\n", mdEscape(ex.Name), ex.Exported, len(ex.Entries))
	for i, e := range ex.Entries {
		fmt.Fprintf(&b, "\n## %d. %s\n\n", i+1, mdEscape(e.Heading))
		if e.Citation != "" {
			fmt.Fprintf(&b, "*%s*\n\n", mdEscape(e.Citation))
		}
		for _, p := range e.Paragraphs {
			b.WriteString(mdEscape(p))
			b.WriteString("\n\n")
		}
		if e.Flag != "" {
			fmt.Fprintf(&b, "> ⚠ %s\n\n", mdEscape(e.Flag))
		}
		var src []string
		if e.Official != "" {
			src = append(src, "来源："+mdEscape(e.Official))
		}
		if e.URL != "" {
			src = append(src, mdLink("链接", e.URL))
		}
		if len(src) > 0 {
			b.WriteString(strings.Join(src, " · "))
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

// mdSpecial escapes every ASCII character Markdown (CommonMark and GFM)
// reads as syntax inside a line: emphasis, code, links and images, HTML
// and entities, tables, strikethrough.
var mdSpecial = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"(", `\(`, ")", `\)`, "!", `\!`, "&", `\&`, "|", `\|`, "~", `\~`, "#", `\#`)

// mdEscape makes text of the corpus or of a posted collection plain text
// in Markdown: syntax characters escaped, every line start that would open
// a block (heading, quote, list, rule, table) escaped too.
func mdEscape(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
	for i, l := range lines {
		l = mdSpecial.Replace(strings.TrimLeft(l, " \t"))
		if l != "" && strings.ContainsRune("-+=", rune(l[0])) {
			l = `\` + l
		}
		// 1. at a line start would begin an ordered list (1) is escaped above).
		if j := strings.IndexFunc(l, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && j+1 < len(l) && l[j] == '.' {
			l = l[:j] + `\` + l[j:]
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// mdLink writes a link to one of the UI's own pages at the public URL. The
// destination is percent-encoded wherever Markdown would read it otherwise,
// and only http and https links are written at all.
func mdLink(text, href string) string {
	if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
		return mdEscape(text)
	}
	dest := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\\", "%5C", "\n", "", "\r", "").Replace(href)
	return "[" + mdEscape(text) + "](" + dest + ")"
}
