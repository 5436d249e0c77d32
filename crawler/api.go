package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lawkb/lawkb/corpus"
)

// APIItem is one row of a list API answer, in the shape flk.npc.gov.cn used:
// publish is the 公布 date, expiry the 施行 date, office the 制定机关.
type APIItem struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Office  string `json:"office,omitempty"`
	Publish string `json:"publish,omitempty"`
	Expiry  string `json:"expiry,omitempty"`
	Type    string `json:"type,omitempty"`
	Status  string `json:"status,omitempty"`
}

type apiList struct {
	Success *bool `json:"success"`
	Result  struct {
		Data       []APIItem `json:"data"`
		TotalSizes int       `json:"totalSizes"`
	} `json:"result"`
}

// APIFile is one downloadable form of a text named by a detail answer.
type APIFile struct {
	Type string `json:"type"` // WORD, PDF, HTML
	Path string `json:"path"`
}

type apiDetail struct {
	Success *bool `json:"success"`
	Result  struct {
		Title string    `json:"title"`
		Body  []APIFile `json:"body"`
	} `json:"result"`
}

// apiStatus maps the API's validity codes (and plain words) to the four
// official statuses.
var apiStatus = map[string]corpus.Status{
	"1": corpus.StatusInForce, "有效": corpus.StatusInForce, "现行有效": corpus.StatusInForce,
	"5": corpus.StatusAmended, "已修改": corpus.StatusAmended,
	"9": corpus.StatusRepealed, "已废止": corpus.StatusRepealed, "废止": corpus.StatusRepealed,
	"3": corpus.StatusNotYet, "尚未生效": corpus.StatusNotYet,
}

func apiListURL(r APIRule, page int) string {
	sep := "?"
	if strings.Contains(r.List, "?") {
		sep = "&"
		if strings.HasSuffix(r.List, "?") || strings.HasSuffix(r.List, "&") {
			sep = ""
		}
	}
	return r.List + sep + "page=" + strconv.Itoa(page) + "&size=" + strconv.Itoa(r.PageSize)
}

// apiDocURL is the stable identity of an API document in the manifest.
func apiDocURL(r APIRule, id string) string {
	sep := "?"
	if strings.Contains(r.Detail, "?") {
		sep = "&"
	}
	return r.Detail + sep + "id=" + url.QueryEscape(id)
}

func (c *Crawler) handleAPIList(ctx context.Context, src *Source, t Task, interval time.Duration) error {
	resp, err := c.fetch.Fetch(ctx, Request{URL: t.URL, Interval: interval})
	if err != nil {
		return err
	}
	var list apiList
	if err := json.Unmarshal(resp.Body, &list); err != nil {
		return fmt.Errorf("list answer is not the expected JSON: %w", err)
	}
	if list.Success != nil && !*list.Success {
		return errors.New("list answer says success=false")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ss := c.state.Sources[src.Name]
	for i := range list.Result.Data {
		it := list.Result.Data[i]
		if strings.TrimSpace(it.ID) == "" || strings.TrimSpace(it.Title) == "" {
			ss.addError(fmt.Sprintf("api-list %s: row %d has no id or title", t.URL, i))
			continue
		}
		ss.push(Task{Kind: taskAPIDetail, URL: apiDocURL(src.API, it.ID), Item: &it})
	}
	if len(list.Result.Data) > 0 && t.Page*src.API.PageSize < list.Result.TotalSizes {
		ss.push(Task{Kind: taskAPIList, URL: apiListURL(src.API, t.Page+1), Page: t.Page + 1})
	}
	return nil
}

func (c *Crawler) handleAPIDetail(ctx context.Context, src *Source, t Task, interval time.Duration) (Status, error) {
	if t.Item == nil {
		return c.recordFailure(src, t.URL, invalidError{errors.New("queued without its list row")})
	}
	fail := func(err error) (Status, error) {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return c.recordFailure(src, t.URL, err)
	}
	resp, err := c.fetch.Fetch(ctx, Request{URL: src.API.Detail, Method: http.MethodPost,
		Form: url.Values{"id": {t.Item.ID}}, Interval: interval})
	if err != nil {
		return fail(err)
	}
	var det apiDetail
	if err := json.Unmarshal(resp.Body, &det); err != nil {
		return fail(invalidError{fmt.Errorf("detail answer is not the expected JSON: %w", err)})
	}
	if det.Success != nil && !*det.Success {
		return fail(invalidError{errors.New("detail answer says success=false")})
	}
	file := pickDOCX(det.Result.Body)
	if file == "" {
		return fail(invalidError{errors.New("detail names no DOCX file")})
	}
	dl, err := resolveDownload(src.API.Download, file)
	if err != nil {
		return fail(invalidError{err})
	}
	// The stored validators belong to the DOCX download, which is what changes.
	req := c.conditional(Request{URL: t.URL, Interval: interval})
	req.URL = dl
	got, err := c.fetch.Fetch(ctx, req)
	if err != nil {
		return fail(err)
	}
	if got.NotModified {
		return c.recordNotModified(src, t.URL, got)
	}
	lines, err := ReadDOCX(got.Body)
	if err != nil {
		return fail(invalidError{err})
	}
	meta := Meta{Title: t.Item.Title, Issuer: t.Item.Office}
	if det.Result.Title != "" {
		meta.Title = det.Result.Title
	}
	if d, ok := parseDate(t.Item.Publish); ok {
		meta.Date = d
	}
	if d, ok := parseDate(t.Item.Expiry); ok {
		meta.Effective = d
	}
	if meta.Issuer == "" {
		meta.Issuer = src.Issuer
	}
	doc, err := Normalize(meta, lines)
	if err != nil {
		return fail(invalidError{err})
	}
	facts := docFacts{validity: apiStatus[strings.TrimSpace(t.Item.Status)]}
	if k := corpus.Kind(strings.TrimSpace(t.Item.Type)); knownKinds[k] {
		facts.kind = k // a mixed list says per row what each text is
	}
	return c.store(src, t.URL, got, doc, facts)
}

// pickDOCX prefers the WORD file; official databases also offer PDF, which
// needs OCR-free text extraction we do not have.
func pickDOCX(files []APIFile) string {
	for _, f := range files {
		if strings.EqualFold(f.Type, "WORD") && f.Path != "" {
			return f.Path
		}
	}
	for _, f := range files {
		if strings.HasSuffix(strings.ToLower(f.Path), ".docx") {
			return f.Path
		}
	}
	return ""
}

func resolveDownload(base, p string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(p, "/") && !strings.Contains(p, "://") {
		p = "/" + p
	}
	if !strings.Contains(p, "://") {
		p = strings.TrimSuffix(b.Path, "/") + p
	}
	u, err := b.Parse(p)
	if err != nil {
		return "", fmt.Errorf("download path %q: %w", p, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("download path %q: not http", p)
	}
	return u.String(), nil
}
