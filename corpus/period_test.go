package corpus

import "testing"

func TestStatesPeriod(t *testing.T) {
	for text, want := range map[string]bool{
		"查封、扣押的期限不得超过三十日；情况复杂的，经批准可以延长，但是延长期限不得超过三十日。": true,
		"应当自知道或者应当知道作出行政行为之日起六个月内提出。":                  true,
		"询问查证的时间不得超过八小时":                               true,
		"在15个工作日内作出决定":                                 true,
		"违法行为在二年内未被发现的，不再给予行政处罚。":                      true,
		"本条例自2019年3月12日起施行。":                           false,
		"本法自二〇二一年七月十五日起施行。":                            false,
		"县级以上人民政府应当加强领导。":                              false,
		"处五千元以上二万元以下的罚款":                               false,
	} {
		if got := StatesPeriod(text); got != want {
			t.Errorf("StatesPeriod(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestStatesAmount(t *testing.T) {
	for text, want := range map[string]bool{
		"处五千元以上二万元以下的罚款": true,
		"罚款2000元": true,
		"单元楼的楼道":  false,
		"多元化解纠纷":  false,
	} {
		if got := StatesAmount(text); got != want {
			t.Errorf("StatesAmount(%q) = %v, want %v", text, got, want)
		}
	}
}
