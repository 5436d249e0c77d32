package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
)

func runCiteOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	old := citeStdout
	citeStdout = &buf
	t.Cleanup(func() { citeStdout = old })
	err := runCite(context.Background(), args)
	return buf.String(), err
}

func TestCiteCommand(t *testing.T) {
	tests := []struct {
		args     []string
		want     []string // lines that must appear
		wantCode corpus.Code
	}{
		{[]string{"--corpus", "testdata/cite", "示例执法法2"}, []string{"中华人民共和国示例执法法  [现行有效 · 2020-01-01 –]", "第二条", "  （一）责令改正；"}, ""},
		// The cited 项 is marked.
		{[]string{"--corpus", "testdata/cite", "《中华人民共和国示例执法法》第二条第一款第（二）项"}, []string{"  【（二）予以警告。】", "  （一）责令改正；"}, ""},
		// The cited 款 is marked.
		{[]string{"--corpus", "testdata/cite", "示例执法法第二条第二款"}, []string{"  【前款规定的措施，由示例机关书面作出。】"}, ""},
		{[]string{"--corpus", "testdata/cite", "示例执法法9"}, []string{"not found (no_such_article)", "candidates:", "第二条"}, corpus.CodeNotFound},
		{[]string{"--corpus", "testdata/cite", "--as-of", "2019-01-01", "示例执法法2"}, []string{"not found (no_version_in_force)"}, corpus.CodeNotFound},
		{[]string{"--corpus", "testdata/cite", "--as-of", "2019-13-01", "示例执法法2"}, nil, corpus.CodeInvalid},
		{[]string{"--corpus", "testdata/cite", "第二条"}, nil, corpus.CodeInvalid},
	}
	for _, tt := range tests {
		out, err := runCiteOut(t, tt.args...)
		if tt.wantCode == "" && err != nil || tt.wantCode != "" && corpus.ErrorCode(err) != tt.wantCode {
			t.Errorf("cite %v: err %v, want code %q", tt.args, err, tt.wantCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("cite %v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
	out, _ := runCiteOut(t, "--corpus", "testdata/cite", "示例执法法第二条第二款")
	if strings.Contains(out, "【当事人") || strings.Count(out, "【") != 1 {
		t.Errorf("only the cited 款 is marked:\n%s", out)
	}
}

func TestCiteCommandJSON(t *testing.T) {
	out, err := runCiteOut(t, "--corpus", "testdata/cite", "--json", "示例执法法2条1款1项")
	if err != nil {
		t.Fatal(err)
	}
	var got citeOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got.Articles) != 1 || got.Articles[0].Label != "第二条" || got.Citation.Paragraph != 1 || got.Citation.Item != 1 ||
		got.Status != corpus.StatusInForce || got.Source != "行政法/示例执法法(2020-01-01).md" {
		t.Errorf("cite --json = %+v", got)
	}
}
