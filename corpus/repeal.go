package corpus

import (
	"regexp"
	"strings"
)

// A closing article such as 本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止。
// is the only statement of a repeal that the corpus itself carries: the
// repealed law keeps its own file, which says nothing about it.
var (
	repealTitle = regexp.MustCompile(`《([^《》]+)》`)
	repealStart = regexp.MustCompile(`自([0-9〇零一二三四五六七八九十]+年[0-9〇零一二三四五六七八九十]+月[0-9〇零一二三四五六七八九十]+日)起施行`)
)

// markRepealed finds 《X》同时废止 statements and closes the validity of the
// works they name: the version of X in force on the repeal date gets that
// date as valid_to, and the status 已废止 once the date has passed. A title
// that names no work, or more than one, is left alone; so is a target whose
// own versions start after the repeal date (a different law of the same name).
func markRepealed(works []*Work, today Date) {
	byTitle := make(map[string][]*Work, 2*len(works))
	for _, w := range works {
		for _, t := range []string{normTitle(w.Title), normTitle(strings.TrimPrefix(w.Title, nationPrefix))} {
			if !containsWork(byTitle[t], w) {
				byTitle[t] = append(byTitle[t], w)
			}
		}
	}
	for _, w := range works {
		for _, v := range w.Versions {
			for _, a := range v.Articles {
				for _, p := range a.Paragraphs {
					if !strings.Contains(p.Text, "同时废止") {
						continue
					}
					for _, sentence := range strings.Split(p.Text, "。") {
						head, _, ok := strings.Cut(sentence, "同时废止")
						if !ok {
							continue
						}
						date := repealDate(sentence, w)
						if date.IsZero() {
							continue
						}
						for _, m := range repealTitle.FindAllStringSubmatch(head, -1) {
							targets := byTitle[normTitle(m[1])]
							if len(targets) != 1 || targets[0] == w {
								continue
							}
							repeal(targets[0], v, date, today)
						}
					}
				}
			}
		}
	}
}

// repealDate is the date the repealing text took effect: the one written in
// the sentence (自2022年6月5日起施行), else the start of the repealing work's
// first version (本法自公布之日起施行 speaks of its first enactment).
func repealDate(sentence string, w *Work) Date {
	if m := repealStart.FindStringSubmatch(sentence); m != nil {
		if d, err := ParseChineseDate(m[1]); err == nil {
			return d
		}
	}
	if len(w.Versions) > 0 {
		if d := w.Versions[0].ValidFrom; !d.IsZero() {
			return d
		}
		return w.Versions[0].Date
	}
	return Date{}
}

func repeal(target *Work, by *Version, date, today Date) {
	var in *Version
	for _, tv := range target.Versions {
		if tv.ValidFrom.IsZero() || !date.Before(tv.ValidFrom) {
			in = tv
		}
	}
	if in == nil || in != target.Current() {
		// Versions of the target begin after the repeal: not the law meant.
		return
	}
	if !in.ValidTo.IsZero() && in.ValidTo.Before(date) {
		return
	}
	in.ValidTo = date
	in.RepealedBy = by.ID
	if !today.Before(date) && in.Status == StatusInForce {
		in.Status = StatusRepealed
	}
}

func containsWork(ws []*Work, w *Work) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}
