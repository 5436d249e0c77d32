package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
)

// functionWords are words of questions and case intakes that say nothing
// about what the text is about: question words, pronouns, connectives and
// intake boilerplate. They are not searched: a word every article has can
// only add noise to BM25 and to the coverage of a hit.
var functionWords = toSet(
	// questions
	"怎么", "怎样", "怎么样", "怎么办", "如何", "什么", "哪些", "哪个", "哪里", "多少", "多久", "多长", "几年", "几天",
	"能否", "可否", "可以", "是否", "能不能", "可不可以", "会不会", "是不是", "有没有", "应该", "需要", "请问", "咨询",
	"为什么", "要不要", "吗", "呢", "吧", "啊", "呀", "么",
	"不能", "不可以", "不会", "不用", "不要", "不必", "能够", "可能", "只能", "只要", "就是", "到底", "究竟", "一定",
	"肯定", "马上", "立刻", "随便", "真的", "比较", "非常", "特别", "本来", "原来", "还要", "还能", "还有", "合不合法",
	"合法吗", "算不算", "是否合法", "怎么算", "怎么处理", "如何处理", "该怎么办", "怎么解决",
	// pronouns and people in general
	"我", "我们", "你", "你们", "他", "她", "它", "他们", "她们", "自己", "别人", "对方", "本人", "有人", "某人",
	"任何", "所有", "一切", "各种", "各类", "每个", "每次", "多次", "一名", "一家", "一位",
	"这", "那", "这个", "那个", "这种", "那种", "这些", "那些", "这样", "那样", "此", "该", "其",
	// connectives and particles
	"的", "了", "着", "过", "和", "与", "及", "或", "或者", "而", "而且", "并且", "但", "但是", "如果", "假如", "的话",
	"因为", "所以", "因此", "还是", "就", "都", "也", "还", "又", "再", "才", "已", "已经", "正在", "一直", "一些",
	"一下", "一个", "一次", "之后", "以后", "之前", "以前", "时候", "现在", "当时", "后来", "然后", "同时", "另外",
	"知道", "觉得", "认为", "想", "想要", "打算", "情况", "问题", "事情", "东西", "这件", "那件", "怎么回事",
	"在", "上", "下", "中", "里", "内", "外", "是", "有", "没", "没有", "不", "被", "把", "对", "向", "从", "到",
	"为", "以", "于", "给", "让", "使", "由", "将", "等", "等等", "之", "所", "者", "某", "某某",
)

// intakeWords are the boilerplate of case intakes (当事人, 经查, 执法人员):
// not searched in a description, though a search for 执法 or 检查 means them.
var intakeWords = toSet(
	"当事人", "当事", "经查", "查明", "执法人员", "执法", "现场", "发现", "位于", "我局", "本局", "检查", "进行",
	"违法", "处罚", "规定", "有关", "相关", "事实", "罪名", "被告人", "公诉机关", "指控", "证据",
	"年", "月", "日", "时", "分", "许", "街道", "号", "人",
)

// contentSingles are the one-character words that name what a text is
// about; other single characters (上, 经, 不) are grammar and would match
// every article.
const contentSingles = "犬狗猫车船火烟酒枪刀毒赌药树林鱼鸟蛇水电气油砂沙土矿盐粮肉菜奶茶猪牛羊鸡鸭禽蛋房墙窗井桥路碑墓"

// questionCues mark a text that asks about a right, a duty or a procedure
// rather than describing a violation: its answer is an article, not an
// enforcement item.
var questionCues = []string{
	"？", "?", "吗", "呢", "怎么", "怎样", "如何", "什么", "哪些", "哪个", "多少", "多久", "多长时间", "几年", "几天",
	"能否", "可否", "能不能", "可不可以", "是否", "会不会", "是不是", "有没有", "应该", "请问", "为什么", "要不要",
	"权利", "程序", "期限", "时效",
}

// Answer kinds a text can ask for, besides its words (Plan.Asks).
const (
	AsksPeriod = "period" // a time limit or a duration: 多久, 期限
	AsksAmount = "amount" // a sum of money: 罚多少, 多少钱
)

// asksCues are the words that ask for an answer of a kind.
var asksCues = []struct {
	kind  string
	words []string
}{
	{AsksPeriod, []string{"多久", "多长时间", "多长", "几天", "几日", "几年", "几个月", "多少天", "多少日", "期限", "时限", "时效",
		"什么时候", "何时", "最长", "提前多"}},
	{AsksAmount, []string{"罚多少", "多少钱", "多少元", "多少块", "赔多少", "交多少", "罚几", "罚款多少", "罚款标准", "罚款金额", "怎么罚"}},
}

// asksOf is the kind of answer a text asks for, "" when it asks for none
// in particular.
func asksOf(q string) string {
	for _, c := range asksCues {
		if containsAny(q, c.words) {
			return c.kind
		}
	}
	return ""
}

// violationCues mark a text that describes conduct an officer acts on.
var violationCues = []string{
	"未经", "未按", "未取得", "未办理", "未依法", "擅自", "违规", "违章", "违法", "非法", "无证", "无照", "乱",
	"拒不", "逾期", "私自", "偷", "超标", "超限", "超载", "占用", "当事人", "经查", "某公司", "某店", "某",
}

func toSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// searchable reports whether an analysed word may be searched: not a
// function word, not a number or a quantity (一艘, 两顶, 十几种), at least
// one letter, and one character only when it names a thing (犬, 车).
func searchable(t string) bool {
	if functionWords[t] || strings.TrimSpace(t) == "" || strings.ContainsFunc(t, unicode.IsDigit) ||
		!strings.ContainsFunc(t, unicode.IsLetter) || quantity(t) {
		return false
	}
	if utf8.RuneCountInString(t) == 1 {
		return strings.Contains(contentSingles, t)
	}
	return true
}

// numeralRunes open a quantity; measureRunes close it; unitRunes may
// stand between them in a measure of more than one character (平方米,
// 个月, 公里).
const (
	numeralRunes = "一二两三四五六七八九十百千万几多半每数余来"
	measureRunes = "个只条辆艘顶台张件把次种名位家处层米吨斤元块根支头匹口间套批箱袋瓶盒桶包份本部项起例场趟遍回天年月日周号栋座亩克升度元角分秒里户人岁"
	unitRunes    = "个平方立公千毫厘"
)

// quantity reports whether a word is a number and a measure (一艘, 两顶,
// 十几种, 三次, 十平方米, 三个月, 二十多名): it says how many, not what.
func quantity(t string) bool {
	rs := []rune(t)
	i := 0
	for i < len(rs) && strings.ContainsRune(numeralRunes, rs[i]) {
		i++
	}
	if i == 0 || i == len(rs) || !strings.ContainsRune(measureRunes, rs[len(rs)-1]) {
		return false
	}
	for _, r := range rs[i : len(rs)-1] {
		if !strings.ContainsRune(unitRunes, r) {
			return false
		}
	}
	return true
}

// containsAny reports whether s contains one of the words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// placeSuffixes end the names of places an intake mentions (鹿城区, 五马街,
// 解放路); common nouns with the same endings are listed in placeNouns.
var placeSuffixes = append(append([]string{}, corpus.DivisionSuffixes...), corpus.AddressSuffixes...)

// placeNouns end words that look like places but name kinds of place a
// rule can be about (风景区, 高速公路, 住宅小区).
var placeNouns = []string{"景区", "园区", "社区", "城区", "小区", "辖区", "市区", "山区", "林区", "矿区", "库区",
	"护区", "养区", "宅区", "民区", "发区", "业区", "范区", "游区", "鸣区", "禁区", "校区", "厂区", "牧区", "渔区",
	"公路", "道路", "铁路", "马路", "线路", "街区", "城市", "都市", "超市", "夜市", "集市", "门市", "农村", "城乡"}

// placeOrPerson reports whether an intake word names a place (温州市, 鹿城区)
// or a person (张某), or stands for one left unnamed (某村): such words would pull in every regulation with that
// place in its title.
func placeOrPerson(t string) bool {
	n := utf8.RuneCountInString(t)
	if n >= 2 && (strings.HasSuffix(t, "某") || strings.HasPrefix(t, "某")) {
		return true // 张某; 某村, 某厂: who or where, kept unnamed
	}
	if _, ok := placeOf(t); ok {
		return true
	}
	if n < 3 {
		return false
	}
	for _, s := range placeNouns {
		if strings.HasSuffix(t, s) {
			return false
		}
	}
	for _, s := range placeSuffixes {
		if strings.HasSuffix(t, s) {
			return true
		}
	}
	return false
}

// placeOf resolves a word that names a province or a city (浙江, 温州市,
// 浙江省) to its region.
func placeOf(t string) (corpus.Region, bool) {
	if utf8.RuneCountInString(t) < 2 {
		return corpus.Region{}, false
	}
	r, ok := corpus.LookupRegion(strings.TrimRight(t, "省市"))
	if !ok || r.Province == "" {
		return corpus.Region{}, false
	}
	return r, true
}
