package corpus

import "testing"

func TestStatesPeriodAndAmount(t *testing.T) {
	for _, tt := range []struct {
		name   string
		states func(string) bool
		text   string
		want   bool
	}{
		{"period", StatesPeriod, "查封、扣押的期限不得超过三十日；情况复杂的，经批准可以延长，但是延长期限不得超过三十日。", true},
		{"period", StatesPeriod, "应当自知道或者应当知道作出行政行为之日起六个月内提出。", true},
		{"period", StatesPeriod, "询问查证的时间不得超过八小时", true},
		{"period", StatesPeriod, "在15个工作日内作出决定", true},
		{"period", StatesPeriod, "违法行为在二年内未被发现的，不再给予行政处罚。", true},
		{"period", StatesPeriod, "本条例自2019年3月12日起施行。", false},
		{"period", StatesPeriod, "本法自二〇二一年七月十五日起施行。", false},
		{"period", StatesPeriod, "县级以上人民政府应当加强领导。", false},
		{"period", StatesPeriod, "处五千元以上二万元以下的罚款", false},
		{"amount", StatesAmount, "处五千元以上二万元以下的罚款", true},
		{"amount", StatesAmount, "罚款2000元", true},
		{"amount", StatesAmount, "单元楼的楼道", false},
		{"amount", StatesAmount, "多元化解纠纷", false},
	} {
		if got := tt.states(tt.text); got != tt.want {
			t.Errorf("%s of %q = %v, want %v", tt.name, tt.text, got, tt.want)
		}
	}
}
