package corpus

import "strings"

// province is a provincial-level division: the short name used in Region
// and the full name titles open with.
type province struct{ short, full string }

// provinces are China's provincial-level divisions (public knowledge).
var provinces = []province{
	{"北京", "北京市"}, {"天津", "天津市"}, {"上海", "上海市"}, {"重庆", "重庆市"},
	{"河北", "河北省"}, {"山西", "山西省"}, {"辽宁", "辽宁省"}, {"吉林", "吉林省"}, {"黑龙江", "黑龙江省"},
	{"江苏", "江苏省"}, {"浙江", "浙江省"}, {"安徽", "安徽省"}, {"福建", "福建省"}, {"江西", "江西省"},
	{"山东", "山东省"}, {"河南", "河南省"}, {"湖北", "湖北省"}, {"湖南", "湖南省"}, {"广东", "广东省"},
	{"海南", "海南省"}, {"四川", "四川省"}, {"贵州", "贵州省"}, {"云南", "云南省"}, {"陕西", "陕西省"},
	{"甘肃", "甘肃省"}, {"青海", "青海省"}, {"台湾", "台湾省"},
	{"内蒙古", "内蒙古自治区"}, {"广西", "广西壮族自治区"}, {"西藏", "西藏自治区"},
	{"宁夏", "宁夏回族自治区"}, {"新疆", "新疆维吾尔自治区"},
	{"香港", "香港特别行政区"}, {"澳门", "澳门特别行政区"},
}

// municipalities are cities at province level: 北京市… is the province itself.
var municipalities = map[string]bool{"北京": true, "天津": true, "上海": true, "重庆": true}

// prefectureCities lists the prefecture-level cities (设区的市) of the
// provinces whose local regulations the corpus holds. 莱芜 was merged into
// 济南 in 2019 but its regulations still carry its name.
var prefectureCities = map[string][]string{
	"广东": {"广州", "深圳", "珠海", "汕头", "佛山", "韶关", "湛江", "肇庆", "江门", "茂名", "惠州",
		"梅州", "汕尾", "河源", "阳江", "清远", "东莞", "中山", "潮州", "揭阳", "云浮"},
	"浙江": {"杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水"},
	"河南": {"郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河",
		"三门峡", "南阳", "商丘", "信阳", "周口", "驻马店"},
	"山东": {"济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照",
		"临沂", "德州", "聊城", "滨州", "菏泽", "莱芜"},
}

// LookupRegion resolves a place name as officers write it (浙江, 浙江省,
// 温州, 温州市, 北京市, 浙江/温州) to a Region; ok is false for names the
// tables don't hold.
func LookupRegion(name string) (Region, bool) {
	name = strings.TrimSpace(name)
	if name == "" || name == National {
		return Region{}, true
	}
	if p, c, ok := strings.Cut(name, "/"); ok {
		pr, ok1 := LookupRegion(p)
		if !ok1 || pr.City != "" {
			return Region{}, false
		}
		if c == "" {
			return pr, true
		}
		for _, city := range prefectureCities[pr.Province] {
			if city == strings.TrimSuffix(c, "市") {
				return Region{Province: pr.Province, City: city}, true
			}
		}
		return Region{}, false
	}
	for _, p := range provinces {
		if name == p.short || name == p.full {
			return Region{Province: p.short}, true
		}
	}
	short := strings.TrimSuffix(name, "市")
	for prov, cities := range prefectureCities {
		for _, c := range cities {
			if c == short {
				return Region{Province: prov, City: c}, true
			}
		}
	}
	return Region{}, false
}

// TitleRegion infers the region of a document from its title. With the
// province known from the folder (DLC/<省>), a title opening with one of its
// cities (温州市…, 杭州西湖…, 深圳经济特区…) gives the city, and a municipality
// stays a province (北京市… → 北京). Without it (documents outside DLC) only
// a full administrative name counts (北京市…, 浙江省…, 温州市…), because a
// national regulation may well open with a place (上海航运交易所管理规定).
func TitleRegion(title, provinceName string) Region {
	title = strings.TrimSpace(title)
	if provinceName != "" {
		if municipalities[provinceName] {
			return Region{Province: provinceName}
		}
		for _, c := range prefectureCities[provinceName] {
			if strings.HasPrefix(title, c) {
				return Region{Province: provinceName, City: c}
			}
		}
		return Region{Province: provinceName}
	}
	for _, p := range provinces {
		if strings.HasPrefix(title, p.full) {
			return Region{Province: p.short}
		}
	}
	for prov, cities := range prefectureCities {
		for _, c := range cities {
			if strings.HasPrefix(title, c+"市") {
				return Region{Province: prov, City: c}
			}
		}
	}
	return Region{}
}

// localLevel is the 效力级别 of a local regulation: 自治条例 and 单行条例 of
// autonomous areas as such, else by whether a city made it.
func localLevel(title string, r Region) string {
	switch {
	case strings.HasSuffix(title, "自治条例"):
		return LevelAutonomous
	case strings.Contains(title, "自治县") || strings.Contains(title, "自治州"):
		return LevelSeparate
	case r.City != "":
		return LevelCity
	default:
		return LevelProvincial
	}
}
