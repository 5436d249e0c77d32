package corpus

import "strings"

// The rules of language that name legal texts and places, one copy each:
// the citation parser, the dictionary screen and the query planner all ask
// these.

// titleEndings are the last words of the names of legal texts.
var titleEndings = []string{"法典", "法", "条例", "规定", "办法", "细则", "规则", "决定", "解释",
	"通则", "准则", "章程", "意见", "通知", "批复", "答复", "纪要", "公约", "条约", "协定", "修正案"}

// HasTitleEnding reports whether s ends like the name of a legal text
// (…法, …条例, …办法, …的决定), with at least one character of name before
// the ending; a closing 》 and spaces are ignored.
func HasTitleEnding(s string) bool {
	s = strings.TrimRight(s, "》 ")
	for _, e := range titleEndings {
		if strings.HasSuffix(s, e) && len(s) > len(e) {
			return true
		}
	}
	return false
}

// DivisionSuffixes end the names of administrative divisions, longest
// first: 香港特别行政区, 广西壮族自治区, 延边朝鲜族自治州, 景宁畲族自治县, 浙江省,
// 温州市, 鹿城区, 文成县, 科尔沁右翼前旗, 锡林郭勒盟.
var DivisionSuffixes = []string{"特别行政区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "旗", "盟"}

// AddressSuffixes end the names of the places below a county that an
// intake mentions: 五马街道, 解放路, 南塘镇, 某村, 18号.
var AddressSuffixes = []string{"镇", "乡", "村", "街", "路", "巷", "弄", "号"}

// EndsWithDivision reports whether s ends with an administrative
// division's suffix (浙江省, 温州市, 鹿城区).
func EndsWithDivision(s string) bool {
	for _, p := range DivisionSuffixes {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

// EndsWithPlace reports whether s ends with a place: a division's suffix
// (浙江省, 温州市, 鹿城区) or the bare name of a province or city as
// officers write it (重庆, 温州, 北京), so that 重庆失业保险条例 is read as
// a 重庆 text and not as the national 失业保险条例 with a word glued on.
func EndsWithPlace(s string) bool {
	if EndsWithDivision(s) {
		return true
	}
	rs := []rune(s)
	for n := 2; n <= 4 && n <= len(rs); n++ {
		if r, ok := LookupRegion(string(rs[len(rs)-n:])); ok && r.Province != "" {
			return true
		}
	}
	return false
}
