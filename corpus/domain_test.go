package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func TestReadDomains(t *testing.T) {
	dt, err := corpus.LoadDomains(filepath.Join("testdata", "items", "domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if dt.Rows() != 5 {
		t.Errorf("rows = %d, want 5", dt.Rows())
	}
	tests := []struct {
		title string
		want  []string
	}{
		{"温州市街面秩序示范条例", []string{"城市管理"}},
		{"中华人民共和国示范道路运输条例", []string{"交通运输"}}, // the catalogue leaves out 中华人民共和国
		{"示范交通安全法", []string{"应急管理", "城市管理"}}, // listed twice, once with a date
		{"没有的条例", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range dt.Lookup(tt.title) {
			got = append(got, e.Domain)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Lookup(%s) = %v, want %v", tt.title, got, tt.want)
		}
	}
}

func TestReadDomainsBadLine(t *testing.T) {
	_, err := corpus.ReadDomains(strings.NewReader("domain\tsubdomain\ttitle\n城市管理 only one field\n"))
	if err == nil || corpus.ErrorCode(err) != corpus.CodeInvalid || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err = %v, want an invalid-input error naming line 2", err)
	}
	if _, err := corpus.LoadDomains(filepath.Join(t.TempDir(), "absent.tsv")); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestClassifyDomain(t *testing.T) {
	dt, err := corpus.LoadDomains(filepath.Join("testdata", "items", "domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title, enforcer, conduct string
		want, by                 string
	}{
		{"温州市街面秩序示范条例", "", "", "城市管理", "catalogue"},
		// Two catalogue domains: the enforcing body picks one.
		{"示范交通安全法", "城市管理综合执法部门", "", "城市管理", "catalogue"},
		{"示范交通安全法", "", "", "应急管理", "catalogue"},
		// Not in the catalogue: keywords of the title, then of the body.
		{"某市大气污染防治条例", "", "", "生态环境", "keywords"},
		{"某市管理办法", "市场监督管理部门", "销售过期食品", "市场监管", "keywords"},
		// An area of law is no enforcement domain: keywords instead.
		{"示范组织法", "", "", "", ""},
	}
	for _, tt := range tests {
		got, by := dt.ClassifyDomain(tt.title, tt.enforcer, tt.conduct)
		if got != tt.want || by != tt.by {
			t.Errorf("ClassifyDomain(%s, %s, %s) = %s by %s, want %s by %s", tt.title, tt.enforcer, tt.conduct, got, by, tt.want, tt.by)
		}
	}
	// A nil table classifies by keywords alone.
	var none *corpus.DomainTable
	if got, by := none.ClassifyDomain("某市城市市容和环境卫生管理条例", "", ""); got != "城市管理" || by != "keywords" {
		t.Errorf("nil table: %s by %s", got, by)
	}
}

func TestRealDomainCatalogue(t *testing.T) {
	path := filepath.Join(sharedDir(t), "catalog", "enforcement-domains.tsv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s absent", path)
	}
	dt, err := corpus.LoadDomains(path)
	if err != nil {
		t.Fatal(err)
	}
	if dt.Rows() < 1000 {
		t.Errorf("rows = %d, want the ~1,023 of the catalogue", dt.Rows())
	}
	if got, by := dt.ClassifyDomain("中华人民共和国环境影响评价法", "", ""); got != "生态环境" || by != "catalogue" {
		t.Errorf("环境影响评价法: %s by %s", got, by)
	}
	if got, _ := dt.ClassifyDomain("城市市容和环境卫生管理条例", "城市管理综合执法部门", ""); got != "城市管理" {
		t.Errorf("城市市容和环境卫生管理条例 with a city body: %s", got)
	}
}
