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
