package penalty

import (
	"slices"
	"testing"
)

// TestSanctionRuleKinds holds the table of sanction rules to what it
// declares: a rule records only the kinds it lists, every kind of penalty
// is listed by some rule, and every kind listed is read from some body.
func TestSanctionRuleKinds(t *testing.T) {
	bodies := []string{
		"处五百元以上一千元以下罚款", "处十日以下拘留", "没收违法所得和非法经营的物品", "没收工具",
		"暂扣三个月机动车驾驶证", "吊销营业执照", "给予通报批评", "降低资质等级", "责令关闭",
		"限制开展生产经营活动", "暂停相关业务", "停止执业六个月", "五年内不得从事评价工作",
		"撤销其检验资格", "暂停其资质", "责令停产停业", "给予警告", "责令改正", "责令限期拆除",
		"责令其停止执业活动", "并限期拆除",
	}
	all := []Kind{KindWarning, KindCriticism, KindFine, KindConfiscateGains,
		KindConfiscateProperty, KindSuspendLicence, KindRevokeLicence, KindDemote,
		KindSuspendBusiness, KindClose, KindRestrict, KindBan, KindDetention,
		MeasureCorrect, MeasureDemolish}
	declared := map[Kind]bool{}
	for _, r := range sanctionRules {
		for _, k := range r.kinds {
			declared[k] = true
		}
	}
	read := map[Kind]bool{}
	for _, body := range bodies {
		s := newPenaltyScan(body)
		for _, r := range sanctionRules {
			n := len(s.read)
			s.run(r)
			for _, p := range s.read[n:] {
				read[p.p.Kind] = true
				if !slices.Contains(r.kinds, p.p.Kind) {
					t.Errorf("%s: the rule of %q %v read %s, which it does not list", body, r.word, r.re, p.p.Kind)
				}
			}
		}
	}
	for _, k := range all {
		if !declared[k] {
			t.Errorf("no rule lists %s", k)
		}
		if !read[k] {
			t.Errorf("%s read from none of the bodies", k)
		}
	}
}
