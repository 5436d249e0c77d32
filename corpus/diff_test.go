package corpus_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lawkb/lawkb/corpus"
)

// wordCut is a stand-in for the segmenter: forward maximum matching over a
// few words, single characters otherwise, punctuation and spaces dropped —
// as the real Cut drops them — so that Diff must find the gaps itself.
func wordCut(s string) []string {
	dict := []string{"示例机关", "收缴", "罚款", "应当", "可以", "开具", "收据", "当事人", "拒绝", "缴纳", "二十元", "五十元", "以下"}
	var out []string
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if unicode.IsPunct(r) || unicode.IsSpace(r) {
			s = s[n:]
			continue
		}
		w := s[:n]
		for _, d := range dict {
			if strings.HasPrefix(s, d) && len(d) > len(w) {
				w = d
			}
		}
		out = append(out, w)
		s = s[len(w):]
	}
	return out
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []corpus.DiffOp
	}{
		{"same", "示例机关收缴罚款。", "示例机关收缴罚款。",
			[]corpus.DiffOp{{Kind: corpus.DiffEqual, Text: "示例机关收缴罚款。"}}},
		{"a word replaced, not characters", "示例机关应当开具收据。", "示例机关可以开具收据。",
			[]corpus.DiffOp{{Kind: corpus.DiffEqual, Text: "示例机关"}, {Kind: corpus.DiffDelete, Text: "应当"},
				{Kind: corpus.DiffInsert, Text: "可以"}, {Kind: corpus.DiffEqual, Text: "开具收据。"}}},
		{"amount changed", "收缴二十元以下罚款", "收缴五十元以下罚款",
			[]corpus.DiffOp{{Kind: corpus.DiffEqual, Text: "收缴"}, {Kind: corpus.DiffDelete, Text: "二十元"},
				{Kind: corpus.DiffInsert, Text: "五十元"}, {Kind: corpus.DiffEqual, Text: "以下罚款"}}},
		{"insertion with punctuation", "当事人拒绝缴纳。", "当事人有权拒绝缴纳，不受处罚。",
			[]corpus.DiffOp{{Kind: corpus.DiffEqual, Text: "当事人"}, {Kind: corpus.DiffInsert, Text: "有权"},
				{Kind: corpus.DiffEqual, Text: "拒绝缴纳"}, {Kind: corpus.DiffInsert, Text: "，不受处罚"}, {Kind: corpus.DiffEqual, Text: "。"}}},
		{"all new", "", "收据", []corpus.DiffOp{{Kind: corpus.DiffInsert, Text: "收据"}}},
		{"all gone", "收据", "", []corpus.DiffOp{{Kind: corpus.DiffDelete, Text: "收据"}}},
		{"both empty", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := corpus.Diff(tt.a, tt.b, wordCut)
			if len(got) != len(tt.want) {
				t.Fatalf("Diff = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("op %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
			checkSpells(t, tt.a, tt.b, got)
		})
	}
}

// checkSpells verifies that a diff spells both texts exactly and never puts
// two runs of one kind side by side.
func checkSpells(t *testing.T, a, b string, ops []corpus.DiffOp) {
	t.Helper()
	var old, neu strings.Builder
	for i, op := range ops {
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Errorf("runs %d and %d are both %s", i-1, i, op.Kind)
		}
		switch op.Kind {
		case corpus.DiffEqual:
			old.WriteString(op.Text)
			neu.WriteString(op.Text)
		case corpus.DiffDelete:
			old.WriteString(op.Text)
		case corpus.DiffInsert:
			neu.WriteString(op.Text)
		default:
			t.Errorf("unknown op %q", op.Kind)
		}
	}
	if old.String() != a || neu.String() != b {
		t.Errorf("diff spells %q → %q, want %q → %q", old.String(), neu.String(), a, b)
	}
}

func TestWords(t *testing.T) {
	// A tokenizer that normalises (第32条 for 第三十二条) leaves the written
	// form to the gap, character by character.
	norm := func(string) []string { return []string{"依照", "第32条", "处罚"} }
	got := corpus.Words("依照第三十二条处罚。", norm)
	want := []string{"依照", "第", "三", "十", "二", "条", "处罚", "。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("示例机关应当开具收据。", "示例机关可以开具收据，当事人拒绝缴纳。")
	f.Add("", "x")
	f.Add("\xff收据", "收据\xfe")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkSpells(t, a, b, corpus.Diff(a, b, wordCut))
	})
}

func BenchmarkDiff(b *testing.B) {
	a := strings.Repeat("示例机关收缴罚款，应当开具统一收据；当事人有权拒绝缴纳。", 20)
	c := strings.ReplaceAll(a, "应当", "可以")
	for b.Loop() {
		corpus.Diff(a, c, wordCut)
	}
}
