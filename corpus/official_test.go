package corpus_test

import (
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func TestOfficial(t *testing.T) {
	tests := []struct {
		name, file, header string
		want               string // Official.Line
	}{
		{"national law, revised", "行政法/示范法(2021-01-22).md",
			"# 中华人民共和国示范法\n\n1996年3月17日 第八届全国人民代表大会第四次会议通过\n\n2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订\n",
			"全国人民代表大会常务委员会 · 2021年1月22日修订"},
		{"city regulation with its announcement", "DLC/浙江地方法规/地方性法规/浙江/台州市示范条例(2016-08-09).md",
			"# 台州市示范条例\n\n2016年5月31日 台州市第四届人民代表大会常务委员会第四十三次会议通过\n\n2016年7月29日 浙江省第十二届人民代表大会常务委员会第三十一次会议批准\n\n2016年8月9日 台州市第四届人民代表大会常务委员会公告第37号公布\n\n2016年10月1日 施行\n",
			"台州市人民代表大会常务委员会 · 2016年5月31日通过 · 2016年8月9日公布 · 2016年10月1日施行 · 台州市第四届人民代表大会常务委员会公告第37号"},
		{"state council decree", "行政法规/示范条例(2013-01-21).md",
			"# 示范条例\n\n2012年12月26日 国务院第228次常务会议通过\n\n2013年1月21日 中华人民共和国国务院令第631号公布\n\n2013年3月15日 施行\n",
			"国务院 · 2012年12月26日通过 · 2013年1月21日公布 · 2013年3月15日施行 · 国务院令第631号"},
		{"ministry rule", "部门规章/示范部/示范办法(2008-07-17).md",
			"# 示范办法\n\n2008年7月17日 经示范部第6次部务会议通过\n",
			"示范部 · 2008年7月17日通过"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, probs := corpus.ParseFile(tt.file, []byte(tt.header+"\n<!-- INFO END -->\n\n第一条 为了测试，制定本法。\n"))
			if v == nil {
				t.Fatalf("no version: %v", probs)
			}
			if got := v.Official().Line(); got != tt.want {
				t.Errorf("Line() = %q\nwant      %q", got, tt.want)
			}
		})
	}
	if got := corpus.ChineseDate(corpus.NewDate(2021, 1, 2)); got != "2021年1月2日" {
		t.Errorf("ChineseDate = %q", got)
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-01": "2024-05-01", "2024/5/1": "2024-05-01", "2024.5.1": "2024-05-01", "2024年5月1日": "2024-05-01",
		" 2021年12月31日 ": "2021-12-31", "二〇二一年三月一日": "2021-03-01",
	} {
		d, err := corpus.ParseDay(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDay(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"", "2024-02-30", "2024年13月1日", "明天", "2024年5月"} {
		if d, err := corpus.ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q) = %s, want an error", bad, d)
		}
	}
	if corpus.LevelRank("法律") >= corpus.LevelRank("设区的市地方性法规") || corpus.LevelRank("") != 99 {
		t.Error("LevelRank order")
	}
}
