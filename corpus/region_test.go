package corpus_test

import (
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func TestLookupRegion(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "全国", true}, {"全国", "全国", true},
		{"浙江", "浙江", true}, {"浙江省", "浙江", true}, {"北京市", "北京", true},
		{"广西壮族自治区", "广西", true}, {"新疆", "新疆", true},
		{"温州", "浙江/温州", true}, {"温州市", "浙江/温州", true}, {"深圳", "广东/深圳", true},
		{"平顶山市", "河南/平顶山", true}, {"浙江/温州", "浙江/温州", true}, {"浙江/", "浙江", true},
		{"浙江/深圳", "", false}, {"温州/浙江", "", false}, {"火星", "", false},
		{"义乌", "浙江/金华", true}, {"龙港", "浙江/温州", true}, {"鹿城区", "浙江/温州", true}, {"瑞安市", "浙江/温州", true},
		{"普陀", "", false},
	}
	for _, tt := range tests {
		r, ok := corpus.LookupRegion(tt.in)
		if ok != tt.ok || (ok && r.Path() != tt.want) {
			t.Errorf("LookupRegion(%q) = %s, %v; want %s, %v", tt.in, r.Path(), ok, tt.want, tt.ok)
		}
	}
}

func TestTitleRegion(t *testing.T) {
	tests := []struct {
		title, province, want string
	}{
		{"温州市养犬管理条例", "浙江", "浙江/温州"},
		{"杭州西湖文化景观保护管理条例", "浙江", "浙江/杭州"},
		{"浙江省消防条例", "浙江", "浙江"},
		{"义乌国际贸易综合改革试验区条例", "浙江", "浙江/金华"}, // a county-level city: where it applies
		{"景宁畲族自治县城市管理条例", "浙江", "浙江/丽水"},
		{"深圳经济特区数据条例", "广东", "广东/深圳"},
		{"北京市安全生产条例", "北京", "北京"},
		{"中关村国家自主创新示范区条例", "北京", "北京"},
		{"重庆市物业管理条例", "重庆", "重庆"},
		{"青岛市海上交通安全条例", "山东", "山东/青岛"},
		{"温州市养犬管理条例", "山东", "山东"}, // a city of another province is not taken
		// Outside DLC only full administrative names count.
		{"北京市新技术产业开发试验区暂行条例", "", "北京"},
		{"浙江省某条例", "", "浙江"},
		{"温州市某规定", "", "浙江/温州"},
		{"上海航运交易所管理规定", "", "全国"},
		{"中华人民共和国行政处罚法", "", "全国"},
	}
	for _, tt := range tests {
		if got := corpus.TitleRegion(tt.title, tt.province).Path(); got != tt.want {
			t.Errorf("TitleRegion(%q, %q) = %s, want %s", tt.title, tt.province, got, tt.want)
		}
	}
}
