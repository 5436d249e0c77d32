package corpus

import (
	"regexp"
	"strings"
)

// Official is what a text's header says of its making, as the national
// database of laws shows it: the body that made it (制定机关), the latest
// act that gave it its wording (通过, 修正 or 修订, with its day), the day it
// was promulgated (公布) and took effect (施行), and the document number
// (文号: 国务院令第306号, …公告第37号) where the header gives one.
type Official struct {
	Issuer      string    `json:"issuer,omitempty"`
	Act         EventType `json:"act,omitempty"` // 通过, 修正 or 修订
	ActDate     Date      `json:"act_date"`
	Promulgated Date      `json:"promulgated"`
	Effective   Date      `json:"effective"`
	DocNo       string    `json:"doc_no,omitempty"`
}

var (
	// reDocNo is a document number in a history line: 国务院令第306号,
	// 台州市第四届人民代表大会常务委员会公告第37号, 京政发〔1985〕167号.
	reDocNo = regexp.MustCompile(`[\p{Han}]{0,40}?(?:令|公告|通告|决定)第[0-9０-９一二三四五六七八九十百千零〇]+号|[\p{Han}]{1,12}〔[0-9]{4}〕[0-9]+号`)
	// reOrdinal is the session ordinal of a congress or a meeting: 第十三届,
	// 第二十五次会议, 第6次部务会议.
	reSession = regexp.MustCompile(`第[0-9一二三四五六七八九十百零〇]+届`)
	reMeeting = regexp.MustCompile(`(?:第[0-9一二三四五六七八九十百零〇]+次)?(?:全体|常务|部务|委务|局务|署务|主任|行长|办公|审判委员会|检察委员会)?会议.*$`)
)

// issuerBodies end the name of a body that makes texts; a history line's
// issuer is cut after the last of them.
var issuerBodies = []string{"人民代表大会常务委员会", "人民代表大会", "人民政府", "国务院", "最高人民法院", "最高人民检察院", "政务院",
	"委员会", "部", "总局", "局", "署", "银行", "办公厅", "政府"}

// Official reads the official metadata of v from its history lines, with
// the work's issuer (the ministry of a 部门规章) where the lines name none.
func (v *Version) Official() Official {
	o := Official{}
	for _, e := range v.Events {
		if e.Type == EventEffective && e.Date == v.ValidFrom {
			o.Effective = v.ValidFrom
		}
	}
	if v.ValidFrom != v.Date {
		// Read from the text's closing articles (本法自…起施行), not assumed.
		o.Effective = v.ValidFrom
	}
	for _, e := range v.Events {
		switch e.Type {
		case EventAdopted, EventAmended, EventRevised:
			if !e.Date.Before(o.ActDate) {
				o.Act, o.ActDate = e.Type, e.Date
				if is := issuerOf(e.Text); is != "" {
					o.Issuer = is
				}
			}
		case EventPromulgated:
			if !e.Date.Before(o.Promulgated) {
				o.Promulgated = e.Date
				if o.Issuer == "" {
					o.Issuer = issuerOf(e.Text)
				}
			}
		}
	}
	if o.Promulgated.Before(o.ActDate) {
		// The original text's promulgation: not this wording's.
		o.Promulgated = Date{}
	}
	for _, e := range v.Events {
		// The number of the act that made this version: its promulgation,
		// else any line of the version's own day.
		if !o.Promulgated.IsZero() && e.Type == EventPromulgated && e.Date == o.Promulgated || o.DocNo == "" && e.Date == o.ActDate && !e.Date.IsZero() ||
			o.ActDate.IsZero() && e.Type == EventPromulgated {
			if !strings.Contains(e.Text, "号") {
				continue
			}
			if m := reDocNo.FindString(e.Text); m != "" {
				o.DocNo = strings.TrimPrefix(strings.TrimPrefix(m, "经"), nationPrefix)
			}
		}
	}
	if o.Issuer == "" {
		if w := v.Work(); w != nil {
			o.Issuer = w.Issuer
		}
	}
	return o
}

// issuerOf reads the body from a history line: 2021年1月22日 第十三届全国人民代表大会
// 常务委员会第二十五次会议修订 → 全国人民代表大会常务委员会; 台州市第四届人民代表大会常务委员会
// 第四十三次会议通过 → 台州市人民代表大会常务委员会; 中华人民共和国国务院令第306号公布 → 国务院.
// "" when the line names no body.
func issuerOf(line string) string {
	s := line
	if ds := findDates(s); len(ds) > 0 {
		// The body follows the first date.
		s = s[ds[0].start:]
		if i := strings.Index(s, "日"); i >= 0 {
			s = s[i+len("日"):]
		}
	}
	s = strings.TrimSpace(strings.TrimFunc(s, isBlank))
	s = strings.TrimPrefix(s, "经")
	if i := strings.IndexAny(s, "《，,（("); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "令第"); i >= 0 {
		s = s[:i]
	} else if i := strings.Index(s, "公告第"); i >= 0 {
		s = s[:i]
	}
	s = reMeeting.ReplaceAllString(s, "")
	s = reSession.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, nationPrefix, "")
	if s == "" {
		return ""
	}
	best := -1
	for _, b := range issuerBodies {
		if i := strings.LastIndex(s, b); i >= 0 && i+len(b) > best {
			best = i + len(b)
		}
	}
	if best < 0 {
		return ""
	}
	s = s[:best]
	if s == "主席" || strings.HasSuffix(s, "主席") {
		return ""
	}
	return s
}

// ChineseDate writes a day the way official texts do: 2021年1月22日.
func ChineseDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	t := d.Time()
	return itoa(t.Year()) + "年" + itoa(int(t.Month())) + "月" + itoa(t.Day()) + "日"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// Line is the official source line of a text, as a citation shows it:
// 全国人民代表大会常务委员会 · 2021年1月22日修订 · 2021年7月15日施行 · 主席令第七十号.
func (o Official) Line() string {
	var parts []string
	if o.Issuer != "" {
		parts = append(parts, o.Issuer)
	}
	if !o.ActDate.IsZero() && o.Act != "" {
		parts = append(parts, ChineseDate(o.ActDate)+string(o.Act))
	}
	if !o.Promulgated.IsZero() && o.Promulgated != o.ActDate {
		parts = append(parts, ChineseDate(o.Promulgated)+"公布")
	}
	if !o.Effective.IsZero() {
		parts = append(parts, ChineseDate(o.Effective)+"施行")
	}
	if o.DocNo != "" {
		parts = append(parts, o.DocNo)
	}
	return strings.Join(parts, " · ")
}
