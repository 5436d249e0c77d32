package crawler

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// Robots is the part of a robots.txt (RFC 9309) that applies to one user
// agent: its allow and disallow rules and any Crawl-delay.
type Robots struct {
	rules      []robotsRule
	CrawlDelay time.Duration
	denyAll    bool
}

type robotsRule struct {
	allow   bool
	pattern string
}

// AllowAll is the policy of a host without a robots.txt (4xx).
var AllowAll = &Robots{}

// DenyAll is the policy of a host whose robots.txt could not be fetched (5xx
// or unreachable): RFC 9309 asks crawlers to assume a complete disallow.
var DenyAll = &Robots{denyAll: true}

// ParseRobots reads a robots.txt and keeps the group for agent (matched by
// product token, case-insensitively), or the '*' group when none names it.
// Unknown lines are ignored, as the RFC requires.
func ParseRobots(data []byte, agent string) *Robots {
	agent = strings.ToLower(productToken(agent))
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil || (key == "disallow" && val == "") {
				continue // an empty Disallow allows everything
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: normalizePath(val)})
		case "crawl-delay":
			inAgents = false
			if cur == nil {
				continue
			}
			if f, err := strconv.ParseFloat(val, 64); err == nil && f > 0 && f <= 60 {
				cur.delay = time.Duration(f * float64(time.Second))
			}
		default:
			inAgents = false
		}
	}
	var star, mine []*group
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				star = append(star, g)
			case agent != "" && a == agent:
				mine = append(mine, g)
			}
		}
	}
	if len(mine) == 0 {
		mine = star
	}
	r := &Robots{}
	for _, g := range mine {
		r.rules = append(r.rules, g.rules...)
		r.CrawlDelay = max(r.CrawlDelay, g.delay)
	}
	return r
}

// productToken cuts "lawkb-crawler/1.0 (+url)" to "lawkb-crawler".
func productToken(ua string) string {
	ua = strings.TrimSpace(ua)
	if i := strings.IndexAny(ua, "/ "); i >= 0 {
		ua = ua[:i]
	}
	return ua
}

// Allowed reports whether path (with its query) may be fetched: the longest
// matching rule wins, and allow wins a tie.
func (r *Robots) Allowed(path string) bool {
	if r.denyAll {
		return path == "/robots.txt"
	}
	if path == "" {
		path = "/"
	}
	path = normalizePath(path)
	best, allowed := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allowed = n, rule.allow
		}
	}
	return allowed
}

// normalizePath writes a path or a rule in one form so that the two
// compare octet by octet (RFC 9309 2.2.2): every octet outside printable
// US-ASCII percent-encoded, every escape in upper-case hex, and escapes of
// unreserved characters (A-Z a-z 0-9 - . _ ~) decoded. /法规/ and
// /%E6%B3%95%E8%A7%84/ and /%e6%b3%95%e8%a7%84/ are one path.
func normalizePath(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[v>>4])
				b.WriteByte(hex[v&15])
			}
			i += 2
			continue
		}
		if c <= ' ' || c >= 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// robotsMatch matches a robots pattern: a prefix match where '*' is any run
// of characters and a final '$' anchors the end.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return len(path)-pos >= len(part) && strings.HasSuffix(path, part)
		}
		j := strings.Index(path[pos:], part)
		if j < 0 {
			return false
		}
		pos += j + len(part)
	}
	return !anchored || pos == len(path)
}
