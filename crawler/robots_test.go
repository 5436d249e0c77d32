package crawler_test

import (
	"testing"
	"time"

	"github.com/lawkb/lawkb/crawler"
)

const robotsTxt = `
# comments and unknown lines are ignored
Sitemap: https://example.com/sitemap.xml
User-agent: *
Disallow: /private/
Disallow: /*.pdf$
Allow: /private/public-notice.html
Crawl-delay: 2

User-agent: BadBot
User-agent: lawkb-crawler
Disallow: /search
Allow: /search/help
Disallow: /tmp*/cache
Crawl-delay: 0.5

User-agent: other
Disallow: /
`

func TestRobots(t *testing.T) {
	tests := []struct {
		agent string
		path  string
		want  bool
	}{
		// lawkb has its own group: '*' rules do not apply to it.
		{"lawkb-crawler/1.0 (+https://github.com/lawkb/lawkb)", "/private/x.html", true},
		{"lawkb-crawler/1.0", "/search?q=1", false},
		{"lawkb-crawler/1.0", "/search/help", true}, // longer allow wins
		{"LAWKB-CRAWLER", "/searching", false},      // prefix match, case-insensitive agent
		{"lawkb-crawler", "/tmp123/cache/x", false}, // wildcard
		{"lawkb-crawler", "/tmp123/other", true},
		{"somebot/2.0", "/private/x.html", false},
		{"somebot/2.0", "/private/public-notice.html", true},
		{"somebot/2.0", "/docs/a.pdf", false},
		{"somebot/2.0", "/docs/a.pdf?download=1", true}, // $ anchors the end
		{"somebot/2.0", "/", true},
		{"other", "/anything", false},
	}
	for _, tt := range tests {
		r := crawler.ParseRobots([]byte(robotsTxt), tt.agent)
		if got := r.Allowed(tt.path); got != tt.want {
			t.Errorf("%s %s: allowed = %v, want %v", tt.agent, tt.path, got, tt.want)
		}
	}
	if d := crawler.ParseRobots([]byte(robotsTxt), "lawkb-crawler").CrawlDelay; d != 500*time.Millisecond {
		t.Errorf("crawl delay = %v", d)
	}
	if d := crawler.ParseRobots([]byte(robotsTxt), "x").CrawlDelay; d != 2*time.Second {
		t.Errorf("crawl delay for * = %v", d)
	}
}

func TestRobotsEdgeCases(t *testing.T) {
	tests := []struct {
		name, txt, path string
		want            bool
	}{
		{"empty file", "", "/a", true},
		{"empty disallow allows", "User-agent: *\nDisallow:\n", "/a", true},
		{"rules before any agent are ignored", "Disallow: /\nUser-agent: *\nDisallow: /x\n", "/a", true},
		{"disallow all", "User-agent: *\nDisallow: /\n", "/a", false},
		{"tie: allow wins", "User-agent: *\nDisallow: /a\nAllow: /a\n", "/a", true},
		{"CRLF and spaces", "User-agent : * \r\nDisallow : /a \r\n", "/a/b", false},
		{"binary junk", "\x00\xff\xfe garbage\nUser-agent: *\nDisallow: /z\n", "/z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := crawler.ParseRobots([]byte(tt.txt), "lawkb").Allowed(tt.path); got != tt.want {
				t.Errorf("allowed = %v, want %v", got, tt.want)
			}
		})
	}
	if crawler.DenyAll.Allowed("/a") || !crawler.DenyAll.Allowed("/robots.txt") || !crawler.AllowAll.Allowed("/a") {
		t.Error("DenyAll / AllowAll wrong")
	}
}

// A rule written in Chinese characters, one written escaped (either case of
// hex) and a request URI as url.URL.RequestURI escapes it all meet in one
// form (RFC 9309 2.2.2).
func TestRobotsNormalisedPaths(t *testing.T) {
	const txt = `
User-agent: *
Disallow: /法规/草案/
Disallow: /%e5%85%ac%e5%91%8a/*.pdf$
Allow: /%7Epublic/
Disallow: /~public/x
`
	r := crawler.ParseRobots([]byte(txt), "lawkb-crawler")
	tests := []struct {
		path string
		want bool
	}{
		{"/法规/草案/1.html", false},
		{"/%E6%B3%95%E8%A7%84/%E8%8D%89%E6%A1%88/1.html", false}, // RequestURI of the same page
		{"/%e6%b3%95%e8%a7%84/%e8%8d%89%e6%a1%88/1.html", false},
		{"/法规/现行/1.html", true},
		{"/%E5%85%AC%E5%91%8A/2024/a.pdf", false},
		{"/公告/2024/a.pdf", false},
		{"/公告/2024/a.pdf?x=1", true},
		{"/~public/y", true},    // %7E is ~, an unreserved character
		{"/%7epublic/x", false}, // the longer rule, written with ~
	}
	for _, tt := range tests {
		if got := r.Allowed(tt.path); got != tt.want {
			t.Errorf("%s: allowed = %v, want %v", tt.path, got, tt.want)
		}
	}
}
