package catalog

import (
	"encoding/csv"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/lawkb/lawkb/corpus"
)

// WuhanName names the Wuhan traffic catalogue in item ids and sources.
const WuhanName = "traffic-wuhan"

// wuhanColumns are the columns the Wuhan catalogue must have.
var wuhanColumns = []string{"CODE", "ACT", "LAW", "PUNISH_BASIS", "SCORE", "PUNISH", "OTHER_PENALTIES",
	"ENFORCEMENT", "ENFORCEMENT_BASIS", "OTHER_MEASURES", "OTHER_MEASURES_BASIS"}

var (
	reWuhanFine    = regexp.MustCompile(`^罚款(.*)元$`)
	reWuhanAmount  = regexp.MustCompile(`^[0-9.]+(?:[—\-－～~][0-9.]+)?$`)
	reWuhanSubject = regexp.MustCompile(`（对([^）]+)）`)
	reWuhanScore   = regexp.MustCompile(`^记([0-9]+)分$`)
)

// ReadWuhan reads the Wuhan traffic catalogue (CSV with the header CODE,
// ACT, LAW, PUNISH_BASIS, SCORE, PUNISH, OTHER_PENALTIES, ENFORCEMENT…;
// #### marks an empty cell): ACT becomes the name, LAW the duty basis,
// PUNISH_BASIS the penalty basis, PUNISH and OTHER_PENALTIES the penalties,
// SCORE the points, ENFORCEMENT and OTHER_MEASURES the measures with their
// bases. res resolves the citations (nil: kept as text). A row without a
// code or a name is reported and skipped; a missing header column fails
// the read.
func ReadWuhan(r io.Reader, res *corpus.Resolver) ([]*corpus.Item, Report, error) {
	rep := Report{Catalogue: WuhanName}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, rep, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: header: %w", WuhanName, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range wuhanColumns {
		if _, ok := col[c]; !ok {
			return nil, rep, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: no column %s", WuhanName, c)
		}
	}
	region := corpus.Region{Province: "湖北", City: "武汉"}
	var items []*corpus.Item
	seen := map[string]int{}
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			rep.Problems = append(rep.Problems, Problem{Row: row, Reason: err.Error()})
			continue
		}
		rep.Rows++
		get := func(name string) string {
			i := col[name]
			if i >= len(rec) || missing(rec[i]) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		code, name := get("CODE"), get("ACT")
		if code == "" || name == "" {
			rep.Problems = append(rep.Problems, Problem{Row: row, Reason: "no code or no violation (ACT): skipped"})
			continue
		}
		seen[code]++
		id := "it-" + WuhanName + "-" + slug(code)
		if seen[code] > 1 {
			id += "-" + strconv.Itoa(seen[code])
		}
		it := &corpus.Item{
			ID: id, Code: code, Name: name, PowerType: corpus.PowerPenalty, Region: region,
			Enforcer: "公安机关交通管理部门",
			Duty:     Resolve(res, get("LAW")),
			Basis:    Resolve(res, get("PUNISH_BASIS")),
			Source: corpus.ItemSource{Origin: corpus.OriginCatalogue, Catalogue: WuhanName, Row: row,
				Text: strings.Join(rec, ",")},
		}
		if m := reWuhanScore.FindStringSubmatch(get("SCORE")); m != nil {
			it.Points, _ = strconv.Atoi(m[1])
		}
		texts := wuhanPenaltyTexts(get("PUNISH"), get("OTHER_PENALTIES"))
		if len(texts) > 0 {
			rep.PenaltyTexts++
		}
		clean := true
		for _, t := range texts {
			ps, un := corpus.ParsePenalties(t.text)
			for i := range ps {
				if t.subject != "" && ps[i].Subject == "" {
					ps[i].Subject = t.subject
					if ps[i].Fine != nil {
						ps[i].Fine.Subject = t.subject
					}
				}
			}
			it.Penalties = append(it.Penalties, ps...)
			if len(un) > 0 || len(ps) == 0 {
				clean = false
				rep.Problems = append(rep.Problems, Problem{Row: row, Reason: "penalty not read: " + t.text})
			}
		}
		if len(texts) > 0 && clean {
			rep.PenaltyParsed++
		}
		it.Fine = corpus.MainFine(it.Penalties)
		for _, m := range []struct {
			text, basis string
			kind        corpus.PowerType
		}{
			{get("ENFORCEMENT"), get("ENFORCEMENT_BASIS"), corpus.PowerCoercion},
			{get("OTHER_MEASURES"), get("OTHER_MEASURES_BASIS"), corpus.PowerOther},
		} {
			if m.text != "" {
				it.Measures = append(it.Measures, corpus.Measure{Text: m.text, Kind: m.kind, Basis: Resolve(res, m.basis)})
			}
		}
		it.Discretion = corpus.DeriveDiscretion(it)
		rep.count(it)
		items = append(items, it)
	}
	return items, rep, nil
}

type penaltyText struct{ text, subject string }

// wuhanPenaltyTexts turns the PUNISH cell (罚款200元, 罚款####元,
// 罚款没收产品，可并处产品价值3～5倍罚款元, 罚款100（对教练员或随车指导人员）元)
// and OTHER_PENALTIES into texts ParsePenalties reads.
func wuhanPenaltyTexts(punish, other string) []penaltyText {
	var out []penaltyText
	if punish != "" {
		subject := ""
		if m := reWuhanSubject.FindStringSubmatch(punish); m != nil {
			subject = m[1]
			punish = reWuhanSubject.ReplaceAllString(punish, "")
		}
		if m := reWuhanFine.FindStringSubmatch(punish); m != nil {
			inner := strings.TrimSpace(m[1])
			switch {
			case inner == "####" || inner == "0" || inner == "":
				// No amount (the catalogue writes 罚款0元 where only a warning applies).
			case reWuhanAmount.MatchString(inner):
				out = append(out, penaltyText{text: "罚款" + inner + "元", subject: subject})
			case strings.Contains(inner, "刑事责任"):
				// 追究刑事责任: a matter for the courts, no administrative fine.
			case !corpus.HasSanctionWord(inner):
				// 最低限额保费的2倍: an amount with a basis, the word 罚款 cut off.
				out = append(out, penaltyText{text: "处" + inner + "罚款", subject: subject})
			default:
				out = append(out, penaltyText{text: inner, subject: subject})
			}
		} else {
			out = append(out, penaltyText{text: punish, subject: subject})
		}
	}
	if other != "" {
		other = strings.TrimRight(other, "、，, ")
		other = strings.ReplaceAll(other, " ", "、")
		out = append(out, penaltyText{text: other})
	}
	return out
}
