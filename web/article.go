package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// articleView is the article page. Cites, CitedBy, Items, Standards and
// Cases are blocks that render only when they have rows.
type articleView struct {
	Type, ID, Href, Title, Label string
	Chapter                      []string
	Paras                        []paraView
	Numbered                     bool   // more than one 款: show their numbers
	Text                         string // a section's text, shown as written
	versionInfo
	DocHref    string
	Prev, Next *link
	Versions   linkList
	Cites      linkList
	CitedBy    linkList
	Items      linkList
	Standards  linkList
	Cases      linkList
}

// versionInfo is the provenance and validity shown with any text.
type versionInfo struct {
	VersionDate        string
	Status             corpus.Status
	Kind               corpus.Kind
	Level              string
	Region             string
	Issuer             string
	ValidFrom, ValidTo corpus.Date
	Official           string // 制定机关 · 通过/修订 · 公布 · 施行 · 文号
	Origin             *originView
	Banner             *bannerView
}

// originView is where a crawled text was fetched: an official site.
type originView struct{ Name, Href string }

type paraView struct {
	N      int
	Anchor string // k2: the 款, for links such as 第三条第二款
	Text   string
	Items  []itemLine
}

type itemLine struct {
	Anchor string // k1-x2: the 项
	Text   string
}

type link struct{ Href, Text, Note string }

type linkList struct {
	Title string
	Rows  []link
}

// bannerView warns that a text is not the one in force.
type bannerView struct {
	Class, Head, Text, Href, LinkText string
}

func articleHref(id string) string  { return "/a/" + url.PathEscape(id) }
func documentHref(id string) string { return "/d/" + url.PathEscape(id) }

func (u *ui) handleArticle(c *fiber.Ctx) error {
	_, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	id := param(c, "id")
	var v *articleView
	if a := cp.Article(id); a != nil {
		v = u.articleOf(cp, a)
	} else if s := cp.Section(id); s != nil {
		v = u.sectionOf(cp, s)
	} else {
		return u.renderError(c, fiber.StatusNotFound, "没有这一条："+id+"。可能是链接有误，或索引已更新。")
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return u.render(c, fiber.StatusOK, page{Title: v.Title + " " + v.Label, Name: "article", Canonical: v.Href, Body: v})
}

func (u *ui) articleOf(cp *corpus.Corpus, a *corpus.Article) *articleView {
	ver := a.Version()
	v := &articleView{
		Type: "article", ID: a.ID, Href: articleHref(a.ID), Title: ver.Title, Label: a.Label, Chapter: a.Chapter,
		Numbered: len(a.Paragraphs) > 1, versionInfo: u.infoOf(ver, func(cur *corpus.Version) (string, string) {
			// The same provision in the version in force, followed when
			// it was renumbered (2019 第三十六条 → 2022 第三十七条).
			if same, _ := counterpart(cp, cur, a); same != nil {
				return articleHref(same.ID), " " + same.Label
			}
			return documentHref(cur.ID), ""
		}),
		DocHref: documentHref(ver.ID) + "#a-" + a.NumberString(),
	}
	for i, p := range a.Paragraphs {
		pv := paraView{N: i + 1, Anchor: "k" + strconv.Itoa(i+1), Text: p.Text}
		for j, it := range p.Items {
			pv.Items = append(pv.Items, itemLine{Anchor: pv.Anchor + "-x" + strconv.Itoa(j+1), Text: it})
		}
		v.Paras = append(v.Paras, pv)
	}
	for i, x := range ver.Articles {
		if x != a {
			continue
		}
		if i > 0 {
			v.Prev = &link{Href: articleHref(ver.Articles[i-1].ID), Text: ver.Articles[i-1].Label}
		}
		if i+1 < len(ver.Articles) {
			v.Next = &link{Href: articleHref(ver.Articles[i+1].ID), Text: ver.Articles[i+1].Label}
		}
		break
	}
	v.Versions = versionsOf(cp, a)
	v.Cites = citesOf(cp, a.Cites)
	v.CitedBy = citedBy(cp, a.CitedBy)
	v.Cases = casesCiting(cp, a.ID)
	v.Items = itemsFor(cp, a.ID)
	v.Standards = standardsFor(cp, a.ID)
	return v
}

// versionsOf lists the same article in every version of its work, with a
// link to the diff against the version shown. The citation linker's
// counterparts follow renumbered articles; without them the article of the
// same number stands in.
func versionsOf(cp *corpus.Corpus, a *corpus.Article) linkList {
	ver := a.Version()
	w := ver.Work()
	l := linkList{Title: "其他版本"}
	if w == nil || len(w.Versions) < 2 {
		return l
	}
	for _, o := range w.Versions {
		name := versionName(o)
		if o == ver {
			l.Rows = append(l.Rows, link{Href: articleHref(a.ID), Text: name + " " + a.Label, Note: string(o.Status) + " · 本页"})
			continue
		}
		same, by := counterpart(cp, o, a)
		if same == nil {
			l.Rows = append(l.Rows, link{Href: documentHref(o.ID), Text: name, Note: string(o.Status) + " · 无对应条文"})
			continue
		}
		note := string(o.Status) + " · 对比"
		if by == corpus.MatchText && same.Number != a.Number {
			note = string(o.Status) + " · 条号有变动 · 对比"
		}
		l.Rows = append(l.Rows, link{Href: articleHref(a.ID) + "/diff/" + url.PathEscape(same.ID), Text: name + " " + same.Label, Note: note})
	}
	return l
}

// counterpart finds a's article in version o: the linker's match when it
// made one, else the article with a's number.
func counterpart(cp *corpus.Corpus, o *corpus.Version, a *corpus.Article) (*corpus.Article, corpus.MatchBy) {
	for _, c := range a.Counterparts {
		if c.VersionID == o.ID {
			if x := cp.Article(c.ArticleID); x != nil {
				return x, c.By
			}
		}
	}
	if len(a.Counterparts) > 0 {
		// The linker compared the texts and found none here.
		return nil, ""
	}
	return sameArticle(o, a), corpus.MatchNumber
}

// maxLinks bounds a block of links: a much-cited article (宪法, 行政处罚法)
// is cited by thousands.
const maxLinks = 30

// citesOf lists where the citations of a text lead, each target once; the
// 款 and 项 cited are anchors on the target page.
func citesOf(cp *corpus.Corpus, cites []corpus.Citation) linkList {
	l := linkList{Title: "本条引用"}
	seen := map[string]bool{}
	for _, c := range cites {
		if len(l.Rows) >= maxLinks {
			break
		}
		note := c.Text
		if c.Amended {
			note += " · 所引版本此后已修改"
		}
		switch {
		case len(c.ArticleIDs) > 0:
			for i, id := range c.ArticleIDs {
				t := cp.Article(id)
				if t == nil || seen[id] || i >= 5 {
					continue
				}
				seen[id] = true
				href := articleHref(id)
				if len(c.ArticleIDs) == 1 && c.Paragraph > 0 {
					href += "#k" + strconv.Itoa(c.Paragraph)
					if c.Item > 0 {
						href += "-x" + strconv.Itoa(c.Item)
					}
				}
				l.Rows = append(l.Rows, link{Href: href, Text: t.Version().Title + " " + t.Label, Note: note})
			}
		case c.WorkID != "" && c.Unresolved == "":
			w := cp.Work(c.WorkID)
			if w == nil || seen[c.WorkID] {
				continue
			}
			seen[c.WorkID] = true
			href := documentHref(w.ID)
			if c.VersionID != "" {
				href = documentHref(c.VersionID)
			}
			l.Rows = append(l.Rows, link{Href: href, Text: "《" + w.Title + "》", Note: note})
		case c.Title != "" && c.Unresolved == corpus.ReasonUnknownTitle:
			if seen["?"+c.Text] {
				continue
			}
			seen["?"+c.Text] = true
			l.Rows = append(l.Rows, link{Text: c.Text, Note: "库中未收录"})
		}
	}
	return l
}

// citedBy lists the texts citing an article other than cases, which have
// their own block (casesCiting): articles, and sections of texts that are
// not cases (a handbook's answer).
func citedBy(cp *corpus.Corpus, ids []string) linkList {
	l := linkList{Title: "被引用"}
	n := 0
	for _, id := range ids {
		if x := cp.Article(id); x != nil {
			n++
			if len(l.Rows) < maxLinks {
				l.Rows = append(l.Rows, link{Href: articleHref(id), Text: x.Version().Title + " " + x.Label, Note: string(x.Version().Status)})
			}
			continue
		}
		s := cp.Section(id)
		if s == nil || s.Version() == nil || isCase(s.Version()) {
			continue
		}
		n++
		if len(l.Rows) < maxLinks {
			l.Rows = append(l.Rows, link{Href: articleHref(id), Text: s.Version().Title, Note: s.Heading})
		}
	}
	if n > len(l.Rows) {
		l.Title = "被引用（共 " + strconv.Itoa(n) + " 处，列出前 " + strconv.Itoa(len(l.Rows)) + " 处）"
	}
	return l
}

func isCase(v *corpus.Version) bool { w := v.Work(); return w != nil && w.Kind == corpus.KindCase }

// casesCiting lists the typical cases whose sections cite the article,
// with the section that cites it and the case's topic.
func casesCiting(cp *corpus.Corpus, articleID string) linkList {
	l := linkList{Title: "相关案例"}
	for _, cr := range cp.CasesCiting(articleID) {
		if len(l.Rows) >= maxLinks {
			break
		}
		note := cr.Heading
		if cr.Topic != "" {
			note = cr.Topic + " · " + note
		}
		l.Rows = append(l.Rows, link{Href: articleHref(cr.SectionID), Text: cr.Title, Note: note})
	}
	return l
}

// versionName names a version by its date for lists of versions.
func versionName(v *corpus.Version) string {
	if v.Date.IsZero() {
		return "未注明日期的版本"
	}
	return v.Date.String() + " 版"
}

// sameArticle finds the article with a's number in version v. Matching by
// number is what the corpus offers today; renumbered articles need the
// citation package's matching.
func sameArticle(v *corpus.Version, a *corpus.Article) *corpus.Article {
	if v == a.Version() {
		return a
	}
	for _, x := range v.Articles {
		if x.Number == a.Number && x.Suffix == a.Suffix {
			return x
		}
	}
	return nil
}

func (u *ui) sectionOf(cp *corpus.Corpus, s *corpus.Section) *articleView {
	ver := s.Version()
	typ := "section"
	if w := ver.Work(); w != nil && w.Kind == corpus.KindCase {
		typ = "case"
	}
	return &articleView{
		Type: typ, ID: s.ID, Href: articleHref(s.ID), Title: ver.Title, Label: s.Heading, Chapter: s.Path, Text: s.Text,
		versionInfo: u.infoOf(ver, wholeDocument),
		DocHref:     documentHref(ver.ID),
		Cites:       citesOf(cp, s.Cites),
	}
}

// wholeDocument links a version in force as a whole, for texts without
// articles to match.
func wholeDocument(cur *corpus.Version) (string, string) { return documentHref(cur.ID), "" }

// today is the date the banner compares validity with.
func (u *ui) today() corpus.Date {
	now := time.Now
	if u.now != nil {
		now = u.now
	}
	y, m, d := now().Date()
	return corpus.NewDate(y, m, d)
}

// effectiveStatus corrects a stored 现行有效 whose valid_from is still ahead.
func effectiveStatus(v *corpus.Version, today corpus.Date) corpus.Status {
	if v.Status == corpus.StatusInForce && !v.ValidFrom.IsZero() && today.Before(v.ValidFrom) {
		return corpus.StatusNotYet
	}
	return v.Status
}

// infoOf gathers the provenance of a version and, when the version is not
// the one in force, the banner that says so; currentHref links to the
// matching text in the version in force.
func (u *ui) infoOf(ver *corpus.Version, currentHref func(*corpus.Version) (href, label string)) versionInfo {
	today := u.today()
	info := versionInfo{
		VersionDate: ver.Date.String(), Status: effectiveStatus(ver, today),
		ValidFrom: ver.ValidFrom, ValidTo: ver.ValidTo, Region: corpus.National, Official: ver.Official().Line(),
	}
	if o := ver.Origin; o != nil {
		info.Origin = &originView{Name: o.Source}
		if strings.HasPrefix(o.URL, "https://") || strings.HasPrefix(o.URL, "http://") {
			info.Origin.Href = o.URL
		}
	}
	w := ver.Work()
	if w != nil {
		info.Kind, info.Level, info.Region, info.Issuer = w.Kind, w.Level, w.Region.Path(), w.Issuer
		if info.Level == string(info.Kind) {
			info.Level = ""
		}
	}
	var cur *corpus.Version
	if w != nil {
		for _, o := range w.Versions {
			if o != ver && o.InForceOn(today) && effectiveStatus(o, today) == corpus.StatusInForce {
				cur = o
			}
		}
	}
	switch info.Status {
	case corpus.StatusAmended:
		b := &bannerView{Class: "s-warn", Head: "已修改：", Text: "这是历史版本。"}
		if !ver.ValidTo.IsZero() {
			b.Text = "这是历史版本，" + ver.ValidTo.String() + " 起已被新版本取代。"
		}
		if cur != nil {
			href, label := currentHref(cur)
			b.Href, b.LinkText = href, "查看现行版本（"+versionName(cur)+label+"）"
		}
		info.Banner = b
	case corpus.StatusRepealed:
		b := &bannerView{Class: "s-bad", Head: "已废止：", Text: "本文本已失效，不能作为执法依据。"}
		if !ver.ValidTo.IsZero() {
			b.Text = ver.ValidTo.String() + " 起失效，不能作为执法依据。"
		}
		info.Banner = b
	case corpus.StatusNotYet:
		b := &bannerView{Class: "s-info", Head: "尚未生效：", Text: "本文本尚未施行。"}
		if !ver.ValidFrom.IsZero() {
			b.Text = "将于 " + ver.ValidFrom.String() + " 起施行，此前仍适用旧版本。"
		}
		if cur != nil {
			href, label := currentHref(cur)
			b.Href, b.LinkText = href, "查看现行版本（"+versionName(cur)+label+"）"
		}
		info.Banner = b
	}
	return info
}
