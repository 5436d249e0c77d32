// Package crawler keeps lawkb's corpus current by fetching official sources
// itself: HTML list/detail sites described in a YAML file, and JSON list/detail
// APIs that serve DOCX texts. Every detail page becomes one Markdown file in the
// LawRefBook layout under OUT/<source>/, recorded with its provenance in
// OUT/manifest.jsonl. The crawler is polite (robots.txt, a per-host rate,
// backoff) and resumable (an atomically written state file).
package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/lawkb/lawkb/corpus"
	"go.yaml.in/yaml/v3"
)

// Config is a sources file: the sites and APIs to crawl.
type Config struct {
	Sources []*Source `yaml:"sources"`
}

// Source types.
const (
	TypeHTML = "html" // list pages with links to detail pages
	TypeAPI  = "api"  // a JSON list/detail API serving DOCX files (flk.npc.gov.cn style)
)

// Source is one site or API to crawl; its name is the provenance of what it
// yields and the folder its files are written to.
type Source struct {
	Name     string      `yaml:"name"`
	Type     string      `yaml:"type"` // html (default) or api
	Start    []string    `yaml:"start"`
	Allow    []string    `yaml:"allow"` // regexps on the URL path and query the crawler may follow
	List     ListRule    `yaml:"list"`
	Detail   DetailRule  `yaml:"detail"`
	API      APIRule     `yaml:"api"`
	Kind     corpus.Kind `yaml:"kind"`
	Region   string      `yaml:"region"` // 全国, 浙江, 浙江/温州
	Issuer   string      `yaml:"issuer"` // default 制定机关 when a page names none
	Rate     float64     `yaml:"rate"`   // requests per second to each host; default 1
	MaxPages int         `yaml:"max_pages"`

	allow []*regexp.Regexp
	hosts map[string]bool
}

// ListRule holds the CSS selectors of a listing page.
type ListRule struct {
	Links string `yaml:"links"` // anchors of detail pages
	Next  string `yaml:"next"`  // anchor of the next listing page
}

// DetailRule holds the CSS selectors of a detail page.
type DetailRule struct {
	Title  string `yaml:"title"`
	Body   string `yaml:"body"`
	Date   string `yaml:"date"`
	Issuer string `yaml:"issuer"`
}

// APIRule describes a JSON list/detail API: List is fetched with page and
// size appended, Detail is POSTed the form field id, and the DOCX file a
// detail names is fetched from Download plus its path.
type APIRule struct {
	List     string `yaml:"list"`
	Detail   string `yaml:"detail"`
	Download string `yaml:"download"`
	PageSize int    `yaml:"page_size"`
}

// DefaultMaxPages bounds a source whose config sets no max_pages.
const DefaultMaxPages = 1000

// LoadConfig reads and validates a sources file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "crawler: config: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "crawler: config %s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig decodes a sources file, rejecting unknown keys, fills defaults
// and validates every source; all problems are reported together.
func ParseConfig(data []byte) (*Config, error) {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, corpus.Errorf(corpus.CodeInvalid, "yaml: %w", err)
	}
	if err := cfg.validate(); err != nil {
		return nil, corpus.Errorf(corpus.CodeInvalid, "%w", err)
	}
	return &cfg, nil
}

// Source returns the source with the name, or nil.
func (c *Config) Source(name string) *Source {
	for _, s := range c.Sources {
		if s.Name == name {
			return s
		}
	}
	return nil
}

var sourceName = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]*$`)

func (c *Config) validate() error {
	if len(c.Sources) == 0 {
		return errors.New("no sources")
	}
	var errs []error
	seen := map[string]bool{}
	for i, s := range c.Sources {
		if s == nil {
			errs = append(errs, fmt.Errorf("sources[%d]: empty", i))
			continue
		}
		where := fmt.Sprintf("sources[%d]", i)
		if s.Name != "" {
			where += " (" + s.Name + ")"
		}
		for _, err := range s.validate() {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
		if s.Name != "" && seen[s.Name] {
			errs = append(errs, fmt.Errorf("%s: name %q used twice", where, s.Name))
		}
		seen[s.Name] = true
	}
	return errors.Join(errs...)
}

var knownKinds = map[corpus.Kind]bool{
	corpus.KindLaw: true, corpus.KindAdminRegulation: true, corpus.KindDeptRule: true,
	corpus.KindLocalRegulation: true, corpus.KindJudicial: true, corpus.KindCase: true,
	corpus.KindStandard: true, corpus.KindHandbook: true, corpus.KindOther: true,
}

func (s *Source) validate() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	switch {
	case s.Name == "":
		add("name is required")
	case !sourceName.MatchString(s.Name):
		// The name becomes a directory, so no separators or leading dots.
		add("name %q: use letters, digits, '.', '_' and '-'", s.Name)
	}
	if s.Type == "" {
		s.Type = TypeHTML
	}
	if s.Kind == "" {
		add("kind is required")
	} else if !knownKinds[s.Kind] {
		add("kind %q: want one of 法律, 行政法规, 部门规章, 地方性法规, 司法解释, 案例, 标准, 手册, 其他", s.Kind)
	}
	if s.Rate == 0 {
		s.Rate = 1
	}
	if s.Rate < 0 || s.Rate > 100 {
		add("rate %v: want requests per second in (0, 100]", s.Rate)
	}
	if s.MaxPages == 0 {
		s.MaxPages = DefaultMaxPages
	}
	if s.MaxPages < 0 {
		add("max_pages %d: want a positive number", s.MaxPages)
	}
	s.hosts = map[string]bool{}
	switch s.Type {
	case TypeHTML:
		if len(s.Start) == 0 {
			add("start: at least one URL is required")
		}
		for _, raw := range s.Start {
			u, err := absURL(raw)
			if err != nil {
				add("start %q: %v", raw, err)
				continue
			}
			s.hosts[u.Host] = true
		}
		if s.List.Links == "" {
			add("list.links: a CSS selector is required")
		}
		if s.Detail.Title == "" {
			add("detail.title: a CSS selector is required")
		}
		if s.Detail.Body == "" {
			add("detail.body: a CSS selector is required")
		}
		for _, sel := range []struct{ key, v string }{
			{"list.links", s.List.Links}, {"list.next", s.List.Next}, {"detail.title", s.Detail.Title},
			{"detail.body", s.Detail.Body}, {"detail.date", s.Detail.Date}, {"detail.issuer", s.Detail.Issuer},
		} {
			if sel.v != "" {
				if err := checkSelector(sel.v); err != nil {
					add("%s %q: %v", sel.key, sel.v, err)
				}
			}
		}
		if s.API != (APIRule{}) {
			add("api: only for type api")
		}
	case TypeAPI:
		for _, f := range []struct{ key, v string }{{"api.list", s.API.List}, {"api.detail", s.API.Detail}, {"api.download", s.API.Download}} {
			if f.v == "" {
				add("%s: a URL is required", f.key)
				continue
			}
			u, err := absURL(f.v)
			if err != nil {
				add("%s %q: %v", f.key, f.v, err)
				continue
			}
			s.hosts[u.Host] = true
		}
		if s.API.PageSize == 0 {
			s.API.PageSize = 20
		}
		if s.API.PageSize < 0 {
			add("api.page_size %d: want a positive number", s.API.PageSize)
		}
		if len(s.Start) > 0 || s.List != (ListRule{}) || s.Detail != (DetailRule{}) {
			add("start, list and detail: only for type html")
		}
	default:
		add("type %q: want html or api", s.Type)
	}
	for _, pat := range s.Allow {
		re, err := regexp.Compile(pat)
		if err != nil {
			add("allow %q: %v", pat, err)
			continue
		}
		s.allow = append(s.allow, re)
	}
	if s.Region != "" && strings.Count(s.Region, "/") > 1 {
		add("region %q: want 全国, a province or province/city", s.Region)
	}
	return errs
}

// Allowed reports whether the crawler may follow u: it must be on a host of
// the source's start URLs and, when allow patterns are set, its path and
// query must match one of them.
func (s *Source) Allowed(u *url.URL) bool {
	if !s.hosts[u.Host] {
		return false
	}
	if len(s.allow) == 0 {
		return true
	}
	for _, re := range s.allow {
		if re.MatchString(u.RequestURI()) {
			return true
		}
	}
	return false
}

// RegionValue returns the source's region as a corpus.Region.
func (s *Source) RegionValue() corpus.Region { return corpus.ParseRegion(s.Region) }

func absURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, errors.New("want an absolute http or https URL")
	}
	if u.Host == "" {
		return nil, errors.New("no host")
	}
	return u, nil
}
