package catalog

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/lawkb/lawkb/corpus"
)

// Options tune a generic catalogue import.
type Options struct {
	Name     string           // the catalogue's name, part of every item id: zj-wz-cg
	Resolver *corpus.Resolver // resolves duty and penalty bases; nil keeps them as text
	Region   corpus.Region    // for rows without a region
}

// Sheet names of the XLSX form; the CSV form is two files.
var (
	itemSheets       = []string{"items", "事项"}
	discretionSheets = []string{"discretion", "裁量"}
)

// Column names of the items table, by canonical name with the Chinese
// headings a bureau may use instead (docs/catalog.md).
var itemColumns = map[string][]string{
	"code":             {"code", "编码", "事项编码"},
	"name":             {"name", "事项名称", "名称", "违法行为"},
	"domain":           {"domain", "执法领域"},
	"power_type":       {"power_type", "职权类别", "事项类型"},
	"region":           {"region", "区域", "地区"},
	"enforcer":         {"enforcer", "实施主体", "执法主体"},
	"duty":             {"duty", "违则", "违反条款"},
	"basis":            {"basis", "罚则", "处罚依据"},
	"penalty":          {"penalty", "处罚", "处罚种类和幅度", "处罚内容"},
	"fine_min":         {"fine_min", "罚款下限"},
	"fine_max":         {"fine_max", "罚款上限"},
	"fine_unit":        {"fine_unit", "罚款单位"},
	"fine_basis":       {"fine_basis", "罚款基数"},
	"fine_subject":     {"fine_subject", "处罚对象"},
	"points":           {"points", "记分"},
	"no_penalty":       {"no_penalty", "不予处罚情形", "不予处罚条件"},
	"no_penalty_kind":  {"no_penalty_kind", "不予处罚类型"},
	"no_penalty_basis": {"no_penalty_basis", "不予处罚依据"},
}

// Column names of the discretion table.
var discretionColumns = map[string][]string{
	"code":       {"code", "编码", "事项编码"},
	"kind":       {"kind", "类型"},
	"name":       {"name", "名称", "档次", "裁量要素"},
	"option":     {"option", "选项", "违法程度"},
	"value":      {"value", "值", "裁量权重", "百分比"},
	"condition":  {"condition", "适用情形", "条件"},
	"subject":    {"subject", "对象"},
	"fine_min":   {"fine_min", "罚款下限"},
	"fine_max":   {"fine_max", "罚款上限"},
	"fine_unit":  {"fine_unit", "罚款单位"},
	"amount":     {"amount", "金额"},
	"basis":      {"basis", "基数"},
	"multiplier": {"multiplier", "系数", "倍数"},
	"measures":   {"measures", "措施"},
	"standard":   {"standard", "基准名称"},
	"source":     {"source", "来源"},
}

// Discretion row kinds, with their Chinese names.
var discretionKinds = map[string]string{
	"band": "band", "档次": "band",
	"start": "start", "起点": "start", "裁量起点": "start",
	"factor": "factor", "要素": "factor", "裁量要素": "factor",
	"base": "base", "基数": "base", "计算基数": "base",
	"formula": "formula", "计算方法": "formula",
	"note": "note", "备注": "note",
}

// table is a header row and data rows.
type table struct {
	col  map[string]int
	rows [][]string
}

func newTable(rows [][]string, names map[string][]string, what string) (*table, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no header row", what)
	}
	t := &table{col: map[string]int{}, rows: rows[1:]}
	for i, h := range rows[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		for canon, aliases := range names {
			for _, a := range aliases {
				if h == strings.ToLower(a) {
					t.col[canon] = i
				}
			}
		}
	}
	for _, need := range []string{"code"} {
		if _, ok := t.col[need]; !ok {
			return nil, fmt.Errorf("%s: no %q column (or %s)", what, need, strings.Join(names[need][1:], ", "))
		}
	}
	return t, nil
}

func (t *table) get(row []string, name string) string {
	i, ok := t.col[name]
	if !ok || i >= len(row) {
		return ""
	}
	v := strings.TrimSpace(row[i])
	if missing(v) {
		return ""
	}
	return v
}

// ReadCSV reads a catalogue in the generic format from its items table and
// its discretion table (nil when there is none), both CSV with a header.
func ReadCSV(items, discretion io.Reader, opt Options) ([]*corpus.Item, Report, error) {
	ir, err := readCSVRows(items)
	if err != nil {
		return nil, Report{Catalogue: opt.Name}, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: items: %w", opt.Name, err)
	}
	var dr [][]string
	if discretion != nil {
		if dr, err = readCSVRows(discretion); err != nil {
			return nil, Report{Catalogue: opt.Name}, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: discretion: %w", opt.Name, err)
		}
	}
	return build(ir, dr, opt)
}

func readCSVRows(r io.Reader) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	return cr.ReadAll()
}

// ReadXLSX reads a catalogue in the generic format from a workbook with an
// items sheet (items or 事项) and optionally a discretion sheet (discretion
// or 裁量).
func ReadXLSX(r io.Reader, opt Options) ([]*corpus.Item, Report, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, Report{Catalogue: opt.Name}, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: not a workbook: %w", opt.Name, err)
	}
	defer f.Close()
	sheet := func(names []string) string {
		for _, s := range f.GetSheetList() {
			for _, n := range names {
				if strings.EqualFold(strings.TrimSpace(s), n) {
					return s
				}
			}
		}
		return ""
	}
	is := sheet(itemSheets)
	if is == "" {
		return nil, Report{Catalogue: opt.Name}, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: no sheet named items or 事项 (sheets: %s)",
			opt.Name, strings.Join(f.GetSheetList(), ", "))
	}
	ir, err := f.GetRows(is)
	if err != nil {
		return nil, Report{Catalogue: opt.Name}, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: %w", opt.Name, err)
	}
	var dr [][]string
	if ds := sheet(discretionSheets); ds != "" {
		if dr, err = f.GetRows(ds); err != nil {
			return nil, Report{Catalogue: opt.Name}, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: %w", opt.Name, err)
		}
	}
	return build(ir, dr, opt)
}

// WriteXLSX writes the two tables of a catalogue in the generic format as a
// workbook, the form a bureau edits (items and discretion sheets).
func WriteXLSX(w io.Writer, items, discretion [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", itemSheets[0]); err != nil {
		return err
	}
	write := func(sheet string, rows [][]string) error {
		for r, row := range rows {
			for c, v := range row {
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return err
				}
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := write(itemSheets[0], items); err != nil {
		return err
	}
	if len(discretion) > 0 {
		if _, err := f.NewSheet(discretionSheets[0]); err != nil {
			return err
		}
		if err := write(discretionSheets[0], discretion); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

// build turns the two tables into items. Rows with problems are reported
// and skipped; a table without a code column fails the import.
func build(itemRows, discRows [][]string, opt Options) ([]*corpus.Item, Report, error) {
	rep := Report{Catalogue: opt.Name}
	it, err := newTable(itemRows, itemColumns, "items")
	if err != nil {
		return nil, rep, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: %w", opt.Name, err)
	}
	var items []*corpus.Item
	byCode := map[string]*corpus.Item{}
	for i, row := range it.rows {
		n := i + 1
		if emptyRow(row) {
			continue
		}
		rep.Rows++
		code, name := it.get(row, "code"), it.get(row, "name")
		if code == "" || name == "" {
			rep.Problems = append(rep.Problems, Problem{Row: n, Reason: "no code or no name: skipped"})
			continue
		}
		if byCode[code] != nil {
			rep.Problems = append(rep.Problems, Problem{Row: n, Reason: "code " + code + " repeated: skipped"})
			continue
		}
		item, probs := buildItem(it, row, n, code, name, opt)
		rep.Problems = append(rep.Problems, probs...)
		if t := it.get(row, "penalty"); t != "" {
			rep.PenaltyTexts++
			if len(probs) == 0 || !hasPenaltyProblem(probs) {
				rep.PenaltyParsed++
			}
		}
		byCode[code] = item
		items = append(items, item)
	}
	if len(discRows) > 0 {
		dt, err := newTable(discRows, discretionColumns, "discretion")
		if err != nil {
			return nil, rep, corpus.Errorf(corpus.CodeInvalid, "catalog: %s: %w", opt.Name, err)
		}
		rep.Problems = append(rep.Problems, buildDiscretion(dt, items, byCode)...)
	}
	for _, item := range items {
		if item.Discretion == nil {
			item.Discretion = corpus.DeriveDiscretion(item)
		}
		rep.count(item)
	}
	return items, rep, nil
}

func emptyRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

const penaltyProblem = "penalty not read: "

func hasPenaltyProblem(ps []Problem) bool {
	for _, p := range ps {
		if strings.HasPrefix(p.Reason, penaltyProblem) {
			return true
		}
	}
	return false
}

func buildItem(t *table, row []string, n int, code, name string, opt Options) (*corpus.Item, []Problem) {
	var probs []Problem
	item := &corpus.Item{
		ID:        "it-" + slug(opt.Name) + "-" + slug(code),
		Code:      code,
		Name:      name,
		Domain:    t.get(row, "domain"),
		PowerType: corpus.PowerType(t.get(row, "power_type")),
		Region:    opt.Region,
		Enforcer:  t.get(row, "enforcer"),
		Duty:      Resolve(opt.Resolver, t.get(row, "duty")),
		Basis:     Resolve(opt.Resolver, t.get(row, "basis")),
		Source:    corpus.ItemSource{Origin: corpus.OriginCatalogue, Catalogue: opt.Name, Row: n},
	}
	if item.Domain != "" {
		item.DomainBy = "catalogue"
	}
	if item.PowerType == "" {
		item.PowerType = corpus.PowerPenalty
	}
	if r := t.get(row, "region"); r != "" {
		item.Region = corpus.ParseRegion(r)
	}
	if p := t.get(row, "points"); p != "" {
		if v, err := strconv.Atoi(p); err == nil {
			item.Points = v
		} else {
			probs = append(probs, Problem{Row: n, Reason: "points " + p + ": not a whole number"})
		}
	}
	if text := t.get(row, "penalty"); text != "" {
		ps, un := corpus.ParsePenalties(text)
		item.Penalties = ps
		if len(un) > 0 || len(ps) == 0 {
			probs = append(probs, Problem{Row: n, Reason: penaltyProblem + text})
		}
	}
	item.Fine = corpus.MainFine(item.Penalties)
	if lo, hi := t.get(row, "fine_min"), t.get(row, "fine_max"); lo != "" || hi != "" {
		f, err := explicitFine(lo, hi, t.get(row, "fine_unit"), t.get(row, "fine_basis"), t.get(row, "fine_subject"))
		if err != nil {
			probs = append(probs, Problem{Row: n, Reason: err.Error()})
		} else {
			item.Fine = f
			if corpus.MainFine(item.Penalties) == nil {
				item.Penalties = append(item.Penalties, corpus.Penalty{Kind: corpus.PenaltyFine, Text: corpus.FormatFine(f), Subject: f.Subject, Fine: f})
			}
		}
	}
	if conds := splitList(t.get(row, "no_penalty")); len(conds) > 0 {
		item.NoPenalty = append(item.NoPenalty, corpus.NoPenalty{
			Kind: t.get(row, "no_penalty_kind"), Conditions: conds,
			Basis: firstNonEmpty(t.get(row, "no_penalty_basis"), opt.Name+" "+code),
		})
	}
	return item, probs
}

// explicitFine builds a fine from the fine_* columns; 5万 and 50000 are both
// read, unit defaults to 元.
func explicitFine(lo, hi, unit, basis, subject string) (*corpus.Fine, error) {
	f := &corpus.Fine{Unit: firstNonEmpty(unit, corpus.UnitYuan), Basis: basis, Subject: subject}
	var err error
	if lo != "" {
		if f.Min, err = parseNumber(lo); err != nil {
			return nil, fmt.Errorf("fine_min %q: %v", lo, err)
		}
	}
	if hi != "" {
		if f.Max, err = parseNumber(hi); err != nil {
			return nil, fmt.Errorf("fine_max %q: %v", hi, err)
		}
	}
	if f.Max > 0 && f.Min > f.Max {
		return nil, fmt.Errorf("fine_min %s above fine_max %s", lo, hi)
	}
	if per, ok := strings.CutPrefix(f.Unit, corpus.UnitYuan+"/"); ok {
		f.Per = per
	}
	return f, nil
}

// parseNumber reads 20, 20%, 0.05, 20万, 200000元.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "元")
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "%"):
		s = strings.TrimSuffix(s, "%")
	case strings.HasSuffix(s, "万"):
		s, mult = strings.TrimSuffix(s, "万"), 1e4
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf("not a number")
	}
	return v * mult, nil
}

// splitList cuts a cell at ； ; and line breaks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '；' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// buildDiscretion reads the discretion rows into the items they name by code.
func buildDiscretion(t *table, items []*corpus.Item, byCode map[string]*corpus.Item) []Problem {
	var probs []Problem
	for i, row := range t.rows {
		n := i + 1
		if emptyRow(row) {
			continue
		}
		code := t.get(row, "code")
		item := byCode[code]
		if item == nil {
			probs = append(probs, Problem{Row: n, Reason: "discretion row for unknown code " + code + ": skipped"})
			continue
		}
		kind, ok := discretionKinds[strings.ToLower(t.get(row, "kind"))]
		if !ok {
			probs = append(probs, Problem{Row: n, Reason: fmt.Sprintf("discretion kind %q: want band, start, factor, base, formula or note", t.get(row, "kind"))})
			continue
		}
		d := item.Discretion
		if d == nil {
			d = &corpus.Discretion{}
			item.Discretion = d
		}
		if s := t.get(row, "standard"); s != "" && d.Standard == "" {
			d.Standard = s
		}
		if s := t.get(row, "source"); s != "" && d.Source == "" {
			d.Source = s
		}
		factors := func() *corpus.FactorModel {
			if d.Factors == nil {
				d.Factors = &corpus.FactorModel{}
			}
			return d.Factors
		}
		switch kind {
		case "band":
			b := corpus.Band{Level: corpus.BandLevel(t.get(row, "name")), Conditions: splitList(t.get(row, "condition")),
				Measures: splitList(t.get(row, "measures"))}
			if b.Level == "" {
				probs = append(probs, Problem{Row: n, Reason: "band without a name: skipped"})
				continue
			}
			if lo, hi := t.get(row, "fine_min"), t.get(row, "fine_max"); lo != "" || hi != "" {
				f, err := explicitFine(lo, hi, t.get(row, "fine_unit"), "", t.get(row, "subject"))
				if err != nil {
					probs = append(probs, Problem{Row: n, Reason: err.Error()})
					continue
				}
				b.Fine = f
			}
			d.Bands = append(d.Bands, b)
		case "start":
			v, err := parseNumber(t.get(row, "value"))
			if err != nil {
				probs = append(probs, Problem{Row: n, Reason: "start " + t.get(row, "value") + ": " + err.Error()})
				continue
			}
			factors().Start = v
		case "factor":
			name, label := t.get(row, "name"), t.get(row, "option")
			v, err := parseNumber(t.get(row, "value"))
			if name == "" || label == "" || err != nil {
				probs = append(probs, Problem{Row: n, Reason: "factor row needs name, option and a value: skipped"})
				continue
			}
			m := factors()
			k := -1
			for j := range m.Factors {
				if m.Factors[j].Name == name {
					k = j
				}
			}
			if k < 0 {
				m.Factors = append(m.Factors, corpus.Factor{Name: name})
				k = len(m.Factors) - 1
			}
			m.Factors[k].Options = append(m.Factors[k].Options, corpus.Option{Label: label, Percent: v})
		case "base":
			b := corpus.FineBase{Condition: t.get(row, "condition"), Subject: t.get(row, "subject"), Basis: t.get(row, "basis"), Multiplier: 1}
			if a := t.get(row, "amount"); a != "" {
				v, err := parseNumber(a)
				if err != nil {
					probs = append(probs, Problem{Row: n, Reason: "base amount " + a + ": " + err.Error()})
					continue
				}
				b.Amount = v
			}
			if m := t.get(row, "multiplier"); m != "" {
				v, err := parseNumber(m)
				if err != nil {
					probs = append(probs, Problem{Row: n, Reason: "multiplier " + m + ": " + err.Error()})
					continue
				}
				if strings.HasSuffix(m, "%") {
					v /= 100
				}
				b.Multiplier = v
			}
			if b.Amount == 0 && b.Basis == "" {
				probs = append(probs, Problem{Row: n, Reason: "base needs an amount or a basis: skipped"})
				continue
			}
			factors().Bases = append(factors().Bases, b)
		case "formula":
			factors().Formula = firstNonEmpty(t.get(row, "value"), t.get(row, "condition"), t.get(row, "name"))
		case "note":
			d.Notes = append(d.Notes, firstNonEmpty(t.get(row, "value"), t.get(row, "condition"), t.get(row, "name")))
		}
	}
	for _, item := range items {
		if d := item.Discretion; d != nil && d.Factors != nil && len(d.Factors.Factors) == 0 {
			probs = append(probs, Problem{Reason: "item " + item.Code + ": factor model without factors"})
		}
	}
	return probs
}
