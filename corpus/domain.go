package corpus

import (
	"bufio"
	"io"
	"os"
	"regexp"
	"strings"
)

// Enforcement domains (执法领域) as the catalogue of ../shared names them;
// keyword classification uses the same names so both sources agree.
const (
	DomainCityManagement = "城市管理"
	DomainMarket         = "市场监管"
	DomainEcology        = "生态环境"
	DomainTransport      = "交通运输"
	DomainHousing        = "住建"
	DomainAgriculture    = "农业农村"
	DomainHealth         = "卫生健康"
	DomainCommerce       = "商务"
	DomainEmergency      = "应急管理"
	DomainCulture        = "文化市场"
	DomainNatural        = "自然资源"
	DomainTax            = "税务"
	DomainPublicSecurity = "公安"
	// Domains of our own keyword list for texts the catalogue has no
	// domain for.
	DomainFinance   = "金融监管"
	DomainJustice   = "司法行政"
	DomainCustoms   = "海关"
	DomainEducation = "教育"
	DomainWater     = "水利"
	DomainLabour    = "人力资源社会保障"
	DomainCivil     = "民政"
	DomainTelecom   = "通信网信"
	DomainEnergy    = "能源"
	DomainGrain     = "粮食和物资储备"
	DomainTobacco   = "烟草专卖"
	DomainFinancial = "财政"
	DomainDefence   = "国防动员"
	DomainSecrecy   = "国家安全保密"
	DomainStats     = "统计"
	DomainReligion  = "民族宗教"
	DomainMedical   = "医疗保障"
)

// nonEnforcement are catalogue domains that are areas of law, not
// enforcement domains; items fall back to keywords there.
var nonEnforcement = map[string]bool{"宪法": true, "宪法相关法": true, "刑法": true, "民法典": true, "公共法律": true}

// DomainEntry is one row of the domain catalogue: a title and where it
// belongs.
type DomainEntry struct {
	Domain    string `json:"domain"`
	Subdomain string `json:"subdomain,omitempty"`
	Title     string `json:"title"`
}

// DomainTable maps titles of laws to enforcement domains. A title can sit
// in several domains (道路交通安全法 is 城市管理, 应急管理 and 农业农村);
// the order of the source is kept.
type DomainTable struct {
	byKey map[string][]DomainEntry
	rows  int
}

// LoadDomains reads the domain catalogue (domain, subdomain, title; tab
// separated, with a header line) from path. It is read at run time, never
// copied into the repository.
func LoadDomains(path string) (*DomainTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Errorf(CodeUnavailable, "corpus: domains: %w", err)
	}
	defer f.Close()
	return ReadDomains(f)
}

// ReadDomains reads a domain catalogue. Lines with fewer than three fields
// are bad input and fail the read with their line number.
func ReadDomains(r io.Reader) (*DomainTable, error) {
	t := &DomainTable{byKey: map[string][]DomainEntry{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.Split(text, "\t")
		if line == 1 && len(f) >= 3 && f[0] == "domain" {
			continue // header
		}
		if len(f) < 3 || strings.TrimSpace(f[0]) == "" || strings.TrimSpace(f[2]) == "" {
			return nil, Errorf(CodeInvalid, "corpus: domains line %d: want domain<TAB>subdomain<TAB>title, got %q", line, text)
		}
		e := DomainEntry{Domain: strings.TrimSpace(f[0]), Subdomain: strings.TrimSpace(f[1]), Title: strings.TrimSpace(f[2])}
		k := domainKey(e.Title)
		dup := false
		for _, o := range t.byKey[k] {
			if o.Domain == e.Domain {
				dup = true
				break
			}
		}
		if !dup {
			t.byKey[k] = append(t.byKey[k], e)
		}
		t.rows++
	}
	if err := sc.Err(); err != nil {
		return nil, Errorf(CodeInvalid, "corpus: domains: %w", err)
	}
	return t, nil
}

// Rows is the number of catalogue rows read.
func (t *DomainTable) Rows() int { return t.rows }

var reTitleDate = regexp.MustCompile(`[0-9]{8}$|[0-9]{4}年(?:修订|修正)?$`)

// domainKey is the lookup key of a title: TitleKey without 中华人民共和国
// and without a trailing date (道路交通安全法(2021-04-29)).
func domainKey(title string) string {
	k := TitleKey(title)
	k = strings.TrimPrefix(k, nationPrefix)
	return reTitleDate.ReplaceAllString(k, "")
}

// Lookup returns the catalogue entries of a title.
func (t *DomainTable) Lookup(title string) []DomainEntry {
	if t == nil {
		return nil
	}
	return t.byKey[domainKey(title)]
}

// domainKeywords classify what the catalogue does not list. They are
// matched against a title first, then against the enforcing body and the
// conduct; the first domain with a hit wins, so specific words come first.
var domainKeywords = []struct {
	domain string
	words  []string
}{
	{DomainEcology, []string{"环境保护", "生态环境", "污染", "环境影响评价", "排污", "固体废物", "危险废物", "噪声", "辐射", "放射性",
		"自然保护区", "海洋环境", "机动车排气", "扬尘", "土壤", "臭氧层", "环保"}},
	{DomainCityManagement, []string{"市容", "环境卫生", "城市管理", "综合行政执法", "城管", "生活垃圾", "建筑垃圾", "餐厨垃圾", "户外广告",
		"城市绿化", "园林绿化", "违法建设", "违法建筑", "城乡规划", "城市规划", "市政设施", "城市道路", "燃气", "供水", "排水",
		"城市照明", "殡葬", "文明行为", "城市容貌", "古树名木", "公园", "市政工程", "城镇管理"}},
	{DomainMarket, []string{"市场监督管理", "市场监管", "工商行政管理", "产品质量", "食品安全", "食品", "广告", "价格", "计量", "标准化",
		"商标", "专利", "特种设备", "药品", "医疗器械", "化妆品", "不正当竞争", "反垄断", "消费者权益", "市场主体", "企业登记", "认证认可",
		"网络交易", "电子商务", "直销", "传销", "质量技术监督"}},
	{DomainTransport, []string{"交通运输", "道路运输", "民用机场", "民用航空", "铁路", "城市公共交通", "无人驾驶航空器", "公路", "港口", "航道", "水路运输", "出租汽车", "网络预约", "轨道交通", "海事", "船舶",
		"船员", "客运", "货运", "超限"}},
	{DomainPublicSecurity, []string{"公安", "治安", "道路交通安全", "交通管理部门", "机动车驾驶", "驾驶证", "居民身份证", "户口", "出境入境",
		"枪支", "禁毒", "养犬"}},
	{DomainEmergency, []string{"应急管理", "安全生产", "消防", "危险化学品", "烟花爆竹", "矿山安全", "煤矿", "防震减灾", "地震", "防汛"}},
	{DomainHousing, []string{"住房和城乡建设", "住房城乡建设", "建设行政主管", "建筑市场", "建筑工程", "建设工程", "物业", "房地产",
		"招标投标", "勘察设计", "工程质量", "建筑节能"}},
	{DomainHealth, []string{"卫生健康", "卫生行政", "医疗机构", "传染病", "职业病", "母婴", "献血", "疫苗", "公共场所卫生", "医师",
		"护士", "中医药", "精神卫生", "控制吸烟", "计划生育"}},
	{DomainAgriculture, []string{"农业农村", "农业", "畜牧", "兽医", "兽药", "动物防疫", "动物检疫", "种子", "农药", "肥料", "饲料",
		"渔业", "农产品", "农机", "拖拉机", "生猪屠宰", "植物检疫", "耕地"}},
	{DomainNatural, []string{"自然资源", "国土资源", "土地管理", "矿产资源", "测绘", "地质", "林业", "森林", "草原", "野生动物",
		"野生植物", "湿地", "海域", "海岛", "不动产登记", "风景名胜区", "风景区", "松材线虫", "海洋观测", "山保护"}},
	{DomainCulture, []string{"文化", "旅游", "文物", "新闻出版", "出版", "著作权", "广播电视", "电影", "娱乐场所", "互联网上网服务",
		"演出", "体育", "导游", "旅行社", "非物质文化遗产"}},
	{DomainCommerce, []string{"商务", "对外贸易", "拍卖", "典当", "再生资源", "成品油", "酒类", "单用途商业预付卡", "外商投资"}},
	{DomainTax, []string{"税务", "税收", "发票", "纳税"}},
	{DomainCustoms, []string{"海关", "进出口", "进出境"}},
	{DomainFinance, []string{"证券", "期货", "银行", "基金", "保险", "支付", "外汇", "反洗钱", "征信", "融资担保", "金融", "信托",
		"小额贷款", "典当行"}},
	{DomainJustice, []string{"司法鉴定", "律师", "公证", "法律援助", "人民调解", "司法行政"}},
	{DomainEducation, []string{"学前教育", "教育", "学校", "幼儿园", "职业培训", "学位"}},
	{DomainWater, []string{"水利", "河道", "水库", "水资源", "节水", "河长", "调水", "水土保持", "防洪", "水文", "取水", "河湖",
		"名泉", "堤防"}},
	{DomainLabour, []string{"人力资源", "劳动保障", "劳动合同", "社会保险", "失业保险", "工伤", "工资支付", "就业", "职业介绍"}},
	{DomainCivil, []string{"民政", "慈善", "社会团体", "民办非企业", "社会组织", "养老机构", "婚姻登记", "地名"}},
	{DomainTelecom, []string{"电信", "网络安全", "网信", "数据安全", "个人信息", "邮政", "快递", "无线电", "密码", "电信网络诈骗",
		"关键信息基础设施"}},
	{DomainEnergy, []string{"电力", "供用电", "天然气", "石油", "煤炭", "能源", "供热", "节约能源", "可再生能源", "管道保护"}},
	{DomainGrain, []string{"粮食", "储备粮", "物资储备"}},
	{DomainTobacco, []string{"烟草"}},
	{DomainFinancial, []string{"财政", "会计", "政府采购", "彩票", "资产评估", "国有资产", "审计"}},
	{DomainDefence, []string{"人民防空", "征兵", "兵役", "国防", "民兵", "军事设施"}},
	{DomainSecrecy, []string{"保守国家秘密", "保密", "反间谍", "国家安全"}},
	{DomainStats, []string{"统计"}},
	{DomainReligion, []string{"宗教", "民族"}},
	{DomainMedical, []string{"医疗保障", "医疗保险", "医保"}},
}

// ClassifyDomain names the enforcement domain of a provision of the work
// titled title: from the catalogue when it lists the title (the entry
// whose keywords best fit the enforcing body and conduct when it lists
// several), else from keywords in the title, the body and the conduct.
// by says which: "catalogue", "keywords", or "" when nothing fits.
func (t *DomainTable) ClassifyDomain(title, enforcer, conduct string) (domain, by string) {
	var es []DomainEntry
	for _, e := range t.Lookup(title) {
		if !nonEnforcement[e.Domain] {
			es = append(es, e)
		}
	}
	if len(es) > 0 {
		if len(es) > 1 {
			for _, text := range []string{enforcer, conduct} {
				if d := keywordDomain(text); d != "" {
					for _, e := range es {
						if e.Domain == d {
							return d, "catalogue"
						}
					}
				}
			}
		}
		return es[0].Domain, "catalogue"
	}
	for _, text := range []string{title, enforcer, conduct} {
		if d := keywordDomain(text); d != "" {
			return d, "keywords"
		}
	}
	return "", ""
}

// keywordDomain is the first domain one of whose keywords text contains.
func keywordDomain(text string) string {
	if text == "" {
		return ""
	}
	for _, dk := range domainKeywords {
		for _, w := range dk.words {
			if strings.Contains(text, w) {
				return dk.domain
			}
		}
	}
	return ""
}

// WorkDomains lists the catalogue domains of a title, or the keyword
// domain of the title when the catalogue does not list it.
func (t *DomainTable) WorkDomains(title string) []string {
	var out []string
	for _, e := range t.Lookup(title) {
		out = append(out, e.Domain)
	}
	if len(out) == 0 {
		if d := keywordDomain(title); d != "" {
			out = append(out, d)
		}
	}
	return out
}
