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

// prefectureCities lists the prefecture-level cities (设区的市) of every
// province (public knowledge). 莱芜 was merged into 济南 in 2019 but its
// regulations still carry its name.
var prefectureCities = map[string][]string{
	"广东": {"广州", "深圳", "珠海", "汕头", "佛山", "韶关", "湛江", "肇庆", "江门", "茂名", "惠州",
		"梅州", "汕尾", "河源", "阳江", "清远", "东莞", "中山", "潮州", "揭阳", "云浮"},
	"浙江": {"杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水"},
	"河南": {"郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河",
		"三门峡", "南阳", "商丘", "信阳", "周口", "驻马店"},
	"山东": {"济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照",
		"临沂", "德州", "聊城", "滨州", "菏泽", "莱芜"},
	"江苏": {"南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁"},
	"安徽": {"合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "黄山", "滁州", "阜阳", "宿州",
		"六安", "亳州", "池州", "宣城"},
	"福建": {"福州", "厦门", "莆田", "三明", "泉州", "漳州", "南平", "龙岩", "宁德"},
	"江西": {"南昌", "景德镇", "萍乡", "九江", "新余", "鹰潭", "赣州", "吉安", "宜春", "抚州", "上饶"},
	"河北": {"石家庄", "唐山", "秦皇岛", "邯郸", "邢台", "保定", "张家口", "承德", "沧州", "廊坊", "衡水"},
	"山西": {"太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾", "吕梁"},
	"辽宁": {"沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新", "辽阳", "盘锦", "铁岭",
		"朝阳", "葫芦岛"},
	"吉林": {"长春", "吉林", "四平", "辽源", "通化", "白山", "松原", "白城"},
	"黑龙江": {"哈尔滨", "齐齐哈尔", "鸡西", "鹤岗", "双鸭山", "大庆", "伊春", "佳木斯", "七台河", "牡丹江",
		"黑河", "绥化"},
	"湖北": {"武汉", "黄石", "十堰", "宜昌", "襄阳", "鄂州", "荆门", "孝感", "荆州", "黄冈", "咸宁", "随州"},
	"湖南": {"长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州",
		"怀化", "娄底"},
	"海南": {"海口", "三亚", "三沙", "儋州"},
	"四川": {"成都", "自贡", "攀枝花", "泸州", "德阳", "绵阳", "广元", "遂宁", "内江", "乐山", "南充", "眉山",
		"宜宾", "广安", "达州", "雅安", "巴中", "资阳"},
	"贵州":  {"贵阳", "六盘水", "遵义", "安顺", "毕节", "铜仁"},
	"云南":  {"昆明", "曲靖", "玉溪", "保山", "昭通", "丽江", "普洱", "临沧"},
	"陕西":  {"西安", "铜川", "宝鸡", "咸阳", "渭南", "延安", "汉中", "榆林", "安康", "商洛"},
	"甘肃":  {"兰州", "嘉峪关", "金昌", "白银", "天水", "武威", "张掖", "平凉", "酒泉", "庆阳", "定西", "陇南"},
	"青海":  {"西宁", "海东"},
	"内蒙古": {"呼和浩特", "包头", "乌海", "赤峰", "通辽", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔", "乌兰察布"},
	"广西": {"南宁", "柳州", "桂林", "梧州", "北海", "防城港", "钦州", "贵港", "玉林", "百色", "贺州", "河池",
		"来宾", "崇左"},
	"西藏": {"拉萨", "日喀则", "昌都", "林芝", "山南", "那曲"},
	"宁夏": {"银川", "石嘴山", "吴忠", "固原", "中卫"},
	"新疆": {"乌鲁木齐", "克拉玛依", "吐鲁番", "哈密"},
}

// countyCities maps the county-level divisions (districts, counties and
// county-level cities) of 浙江 to their prefecture-level city, so that an
// officer in 龙港 or 鹿城区 is placed in 浙江/温州. Names two provinces share
// (普陀, 江北, 西湖 …) are left out: they would place an officer wrongly.
var countyCities = map[string][2]string{}

func init() {
	for city, counties := range map[string][]string{
		"杭州": {"上城", "拱墅", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安", "桐庐", "淳安", "建德"},
		"宁波": {"海曙", "北仑", "镇海", "鄞州", "奉化", "余姚", "慈溪", "象山", "宁海"},
		"温州": {"鹿城", "龙湾", "瓯海", "洞头", "瑞安", "乐清", "龙港", "永嘉", "平阳", "苍南", "文成", "泰顺"},
		"嘉兴": {"秀洲", "海宁", "平湖", "桐乡", "嘉善", "海盐"},
		"湖州": {"吴兴", "南浔", "德清", "长兴", "安吉"},
		"绍兴": {"越城", "柯桥", "上虞", "诸暨", "嵊州", "新昌"},
		"金华": {"婺城", "金东", "兰溪", "义乌", "东阳", "永康", "武义", "浦江", "磐安"},
		"衢州": {"柯城", "衢江", "江山", "常山", "开化", "龙游"},
		"舟山": {"定海", "岱山", "嵊泗"},
		"台州": {"椒江", "黄岩", "路桥", "临海", "温岭", "玉环", "三门", "天台", "仙居"},
		"丽水": {"莲都", "龙泉", "青田", "缙云", "遂昌", "松阳", "云和", "庆元", "景宁"},
	} {
		for _, c := range counties {
			countyCities[c] = [2]string{"浙江", city}
		}
	}
	for _, p := range provinces {
		for _, c := range prefectureCities[p.short] {
			if _, dup := cityByName[c]; !dup {
				cityByName[c] = Region{Province: p.short, City: c}
			}
		}
	}
}

// cityByName finds a prefecture-level city by its short name (the first
// province in table order wins a name two would share).
var cityByName = map[string]Region{}

// Places lists every place LookupRegion knows as a path, provinces first
// (全国 not included): the values a region parameter may take.
func Places() []string {
	var out []string
	for _, p := range provinces {
		out = append(out, p.short)
	}
	for _, p := range provinces {
		for _, c := range prefectureCities[p.short] {
			out = append(out, p.short+"/"+c)
		}
	}
	return out
}

// LookupRegion resolves a place name as officers write it (浙江, 浙江省,
// 温州, 温州市, 北京市, 浙江/温州, 龙港, 鹿城区) to a Region; ok is false for
// names the tables don't hold. A county-level name gives its city.
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
	if r, ok := cityByName[strings.TrimSuffix(name, "市")]; ok {
		return r, true
	}
	for _, suffix := range []string{"", "区", "县", "市"} {
		if pc, ok := countyCities[strings.TrimSuffix(name, suffix)]; ok && (suffix == "" || strings.HasSuffix(name, suffix)) {
			return Region{Province: pc[0], City: pc[1]}, true
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
		// A county's text (景宁畲族自治县城市管理条例) applies in its county,
		// which lies in a city: not across the province.
		for county, pc := range countyCities {
			if pc[0] == provinceName && strings.HasPrefix(title, county) {
				return Region{Province: provinceName, City: pc[1]}
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
