package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
)

// Reason says why Screen rejected a word of an extra dictionary; empty
// means the word is kept.
type Reason string

// Reasons for rejecting a word of an extra dictionary, in the order Screen
// tests them.
const (
	Kept          Reason = ""            // the word joins the dictionary
	RejectShape   Reason = "shape"       // not 2-16 Han characters
	RejectStop    Reason = "stoplist"    // on the curated noise list (dict/noise.txt)
	RejectPhrase  Reason = "phrase"      // a fragment: starts or ends with a function character, or holds a modal verb
	RejectPublish Reason = "publication" // a book, journal or column title
	RejectPlace   Reason = "place"       // a local organ or rule: starts with a place name (…省/市/县/旗/自治区)
	RejectLegal   Reason = "not_legal"   // holds no legal morpheme
)

// Extra dictionaries such as THUOCL_law are mined from the web: besides
// legal terms they carry people (苏格拉底, 谢雪梅), book titles (论犯罪与刑罚
// 及其他著作), local bodies (张家港市人民检察院) and sentence fragments
// (在合同履行中, 都服从国务院). A fragment in the dictionary does real harm:
// it swallows function words and makes gse cut ordinary sentences
// wrongly; a name or title only wastes memory. Screen keeps a word only
// when it passes every test below, cheapest first. It is lexical on purpose
// (no part-of-speech lookup: gse's tags call 许可证 and 解释权 person names),
// so a rejected word is easy to explain.

// minWordRunes and maxWordRunes bound the words kept: one character is
// gse's business, and longer entries are titles of books or local rules
// that the title field, not the segmenter, should match.
const (
	minWordRunes = 2
	maxWordRunes = 16
)

// phraseStart and phraseEnd are characters that start or end grammar,
// not terms: a word that begins 在/由/将 or ends 后/中/时 is a fragment of a
// sentence. 对, 被, 从, 和, 让, 向, 给, 使 and 并 are missing on purpose:
// they begin terms (对价, 被执行人, 从债务人, 和解协议, 让与, 给付性保险合同,
// 使用假币罪, 并存债务承担). A charge (…罪) is never a fragment.
const (
	phraseStart = "在都把将于由与及或的了也而又且"
	phraseEnd   = "后中时了着过上下里吗呢吧之与和及或"
)

// modals stay tokens of their own (a search for 不得 must find every
// 不得), so a word that holds one is a fragment (不得担任国家, 应当从重处罚).
// 禁止 is missing on purpose: it begins terms (竞业禁止, 禁止流通物).
var modals = []string{"不得", "应当", "可以", "必须"}

// publicationMarks identify book, journal and column titles.
var publicationMarks = []string{
	"研究", "导论", "概论", "概述", "手册", "范本", "必读", "释义", "解读", "汇编",
	"学报", "论坛", "专题", "读本", "教程", "文集", "全书", "大全", "指南", "评论",
	"新编", "掌中宝", "问答", "实务", "实录", "讲演", "讲录", "词典", "辞典", "图谱",
	"列传", "选编", "前沿", "之旅", "记忆通", "样本", "论文", "讲座", "丛书", "杂志",
	"律师事务所",
}

// placeSuffixes end an administrative division's name; a word whose first
// 3-10 characters end in one is a local organ or a local rule
// (北京市西城区地方税务局, 浙江省招标投标条例). 区 is left out: it also ends the
// common nouns a legal dictionary needs (自然保护区, 开发区, 风景名胜区).
var placeSuffixes = without(corpus.DivisionSuffixes, "区")

func without(words []string, drop string) []string {
	var out []string
	for _, w := range words {
		if w != drop {
			out = append(out, w)
		}
	}
	return out
}

// notPlace are the common words in which a place suffix is no suffix:
// 证券市场, 非上市公司, 国旗, 联盟, 省级.
var notPlace = []string{
	"上市", "城市", "都市", "超市", "股市", "楼市", "门市", "集市", "夜市", "早市", "开市", "退市", "罢市", "黑市", "车市",
	"市场", "市值", "市价", "市容", "市貌", "市面", "市民", "市井", "市政",
	"省级", "反省", "节省", "县级", "县域", "郡县", "州县",
	"国旗", "红旗", "党旗", "军旗", "旗帜", "旗舰", "联盟", "同盟", "加盟", "结盟", "盟约",
}

// legalChars and legalWords are the morphemes of law and administration;
// a word holding none of them (冷静, 双面打印, 卢梭) is not a legal term.
// The lists are deliberately broad: a legal term wrongly dropped costs
// more than a general word kept.
const legalChars = "法律规则章例令罪刑犯狱囚诉讼审判裁罚权责证税费监管许批执违侵赔偿契约押债婚嗣遗" +
	"诈贿贪赃赌毒盗窃抢骗禁警检察侦案纠仲司政拘捕赦伪冒欺劫绑拐杀害质担保抵租赁征拆迁劳险" +
	"污疫照营垄议委局署厅院庭官宪选票股券贷财产鉴申告控辩护援听查封扣冻撤销吊免职务制序据籍赡抚"

var legalWords = []string{
	"安全", "行为", "能力", "故意", "过失", "笔录", "专利", "商标", "著作", "交易", "决定", "民事", "刑事",
	"当事", "勘验", "募集", "缺席", "期限", "平等", "人权", "义务", "主体", "客体", "效力", "无效", "条约",
	"公约", "协定", "国家", "主席", "干部", "公务", "收养", "监护", "代理", "委托", "授权", "信用", "审计",
	"会计", "统计", "档案", "保密", "秘密", "标准", "程序", "合同", "协议", "承诺", "协商", "市场", "交通",
	"道路", "运输", "消防", "环境", "资源", "土地", "建设", "规划", "工程", "企业", "公司", "单位", "机关",
	"机构", "部门", "政府", "人大", "人民", "公民", "合伙", "破产", "清算", "上市", "价格", "广告", "招标",
	"投标", "拍卖", "采购", "补偿", "补贴", "救济", "救助", "福利", "养老", "医疗", "食品", "药品", "卫生",
	"教育", "文物", "登记", "备案", "资格", "资质", "考试", "许可", "军人", "军队", "武装", "海关", "外汇",
	"金融", "银行", "货币", "期货", "基金", "信托", "贸易", "进出口", "知识产权", "不正当", "虚假",
	"擅自", "占有", "给付", "未遂", "既遂", "生效", "公积金", "农田", "耕地", "工会", "国有", "佣金",
	"挂失", "代位", "人事", "加工区", "开发区", "父母", "子女", "配偶", "殴打", "出资", "妨碍", "时效",
	"名誉", "允诺", "承包", "竞争", "原状", "移转", "董事", "居所", "扭送", "下岗", "扶贫",
}

// Screen decides whether a word of an extra dictionary may join the
// segmenter's dictionary; it returns Kept or the first reason to reject.
func Screen(word string) Reason {
	n := 0
	for _, r := range word {
		if !unicode.Is(unicode.Han, r) {
			return RejectShape
		}
		n++
	}
	if n < minWordRunes || n > maxWordRunes {
		return RejectShape
	}
	if _, ok := noiseWords[word]; ok {
		return RejectStop
	}
	first, _ := utf8.DecodeRuneInString(word)
	last, _ := utf8.DecodeLastRuneInString(word)
	if last != '罪' && (strings.ContainsRune(phraseStart, first) || strings.ContainsRune(phraseEnd, last)) {
		return RejectPhrase
	}
	for _, m := range modals {
		if strings.Contains(word, m) {
			return RejectPhrase
		}
	}
	if strings.HasPrefix(word, "论") {
		return RejectPublish
	}
	for _, m := range publicationMarks {
		if strings.Contains(word, m) {
			return RejectPublish
		}
	}
	if startsWithPlace(word) {
		return RejectPlace
	}
	if strings.ContainsAny(word, legalChars) {
		return Kept
	}
	for _, m := range legalWords {
		if strings.Contains(word, m) {
			return Kept
		}
	}
	return RejectLegal
}

// startsWithPlace reports whether a prefix of 3 to 10 characters ends in
// an administrative suffix preceded by at least two characters of a name.
// The word as a whole is exempt (a bare place name is harmless), and so
// are suffixes inside the common words of notPlace.
func startsWithPlace(word string) bool {
	i, n := 0, 0
	for i < len(word) && n < 10 {
		_, size := utf8.DecodeRuneInString(word[i:])
		i += size
		n++
		if n < 3 || i == len(word) {
			continue
		}
		for _, s := range placeSuffixes {
			if !strings.HasSuffix(word[:i], s) || n < utf8.RuneCountInString(s)+2 {
				continue
			}
			if !inCommonWord(word, i-len(s), i) {
				return true
			}
		}
	}
	return false
}

// inCommonWord reports whether the suffix at word[st:en] is part of one of
// the words of notPlace.
func inCommonWord(word string, st, en int) bool {
	for _, w := range notPlace {
		for from := max(0, st-len(w)); from <= en && from+len(w) <= len(word); from++ {
			if word[from:from+len(w)] == w && from < en && from+len(w) > st {
				return true
			}
		}
	}
	return false
}
