package crawler_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lawkb/lawkb/corpus"
	"github.com/lawkb/lawkb/crawler"
)

// TestInputs crawls the fixture site and reads the output back as corpus
// inputs: one per file on disk, with the manifest's facts and provenance.
func TestInputs(t *testing.T) {
	parallel(t)
	s := newSite(t, filepath.Join("testdata", "site"))
	out := t.TempDir()
	crawl(t, mustConfig(t, siteConfig, strings.NewReplacer("SITE", s.URL)), out, testOptions())

	ins, probs, err := crawler.Inputs(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 {
		t.Errorf("problems %v", probs)
	}
	var paths []string
	for _, in := range ins {
		paths = append(paths, in.Path)
		if in.Kind != corpus.KindLocalRegulation || in.Region.Path() != "示例省/示例市" || in.Issuer == "" {
			t.Errorf("%s: kind %q region %q issuer %q", in.Path, in.Kind, in.Region.Path(), in.Issuer)
		}
		if in.Origin == nil || in.Origin.Source != "shili-rd" || !strings.HasPrefix(in.Origin.URL, s.URL+"/fg/") || !in.Origin.FetchedAt.Equal(fixedNow) {
			t.Errorf("%s: origin %+v", in.Path, in.Origin)
		}
		disk, err := os.ReadFile(filepath.Join(out, strings.TrimPrefix(in.Path, corpus.PrefixCrawl)))
		if err != nil || string(disk) != string(in.Data) {
			t.Errorf("%s: data differs from the file (%v)", in.Path, err)
		}
	}
	slices.Sort(paths)
	want := []string{
		"crawl:shili-rd/关于开展二〇二四年度行政执法培训的通知(2024-03-05).md",
		"crawl:shili-rd/示例市公园管理办法(2021-07-01).md",
		"crawl:shili-rd/示例市养犬管理规定(2022-03-01).md",
		"crawl:shili-rd/示例市市容和环境卫生管理条例(2023-10-12).md",
		"crawl:shili-rd/示例市户外广告设施管理办法(2020-08-15).md",
	}
	if !slices.Equal(paths, want) {
		t.Errorf("inputs\n got %q\nwant %q", paths, want)
	}

	// A file that went missing, and an entry pointing outside the output,
	// are reported and skipped.
	if err := os.Remove(filepath.Join(out, "shili-rd", "示例市公园管理办法(2021-07-01).md")); err != nil {
		t.Fatal(err)
	}
	mf := filepath.Join(out, crawler.ManifestFile)
	data, err := os.ReadFile(mf)
	if err != nil {
		t.Fatal(err)
	}
	evil := `{"url":"http://x.test/a","source":"shili-rd","fetched_at":"2024-05-06T07:08:09Z","path":"../secret.md","status":"new","kind":"地方性法规"}` + "\n"
	if err := os.WriteFile(mf, append(data, evil...), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, probs, err = crawler.Inputs(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 4 || len(probs) != 2 || !probs[0].Skipped || !probs[1].Skipped {
		t.Errorf("%d inputs, problems %v; want 4 and two skipped files", len(ins), probs)
	}

	if _, _, err := crawler.Inputs(t.TempDir()); corpus.ErrorCode(err) != corpus.CodeInvalid {
		t.Errorf("a directory without a manifest: err %v, want invalid", err)
	}
}
