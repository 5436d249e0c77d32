package web

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strings"

	"github.com/lawkb/lawkb/corpus"
)

//go:embed templates
var templateFS embed.FS

// pageTemplate is the layout plus one page's "content" block.
type pageTemplate struct{ t *template.Template }

func (p *pageTemplate) execute(w io.Writer, data page) error {
	return p.t.ExecuteTemplate(w, "layout", data)
}

// parsePages parses each page template together with the layout and the
// shared partials, so every page can use the same blocks (status badge,
// provenance line) and add its own.
func parsePages(a *assets) (map[string]*pageTemplate, error) {
	funcs := template.FuncMap{
		"asset":       a.URL,
		"statusClass": statusClass,
		"validity":    validity,
		"inc":         func(i int) int { return i + 1 },
		"join":        strings.Join,
		"cn":          chineseIndex,
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*pageTemplate{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, n); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		out[name] = &pageTemplate{t}
	}
	return out, nil
}

// statusClass names the colour of a status badge.
func statusClass(s corpus.Status) string {
	switch s {
	case corpus.StatusInForce:
		return "s-ok"
	case corpus.StatusAmended:
		return "s-warn"
	case corpus.StatusRepealed:
		return "s-bad"
	case corpus.StatusNotYet:
		return "s-info"
	}
	return ""
}

// validity renders a validity interval for the provenance line:
// "2021-06-01 起施行", "2015-03-01 至 2021-06-01".
func validity(from, to corpus.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return from.String() + " 起施行"
	case from.IsZero():
		return "至 " + to.String()
	}
	return from.String() + " 至 " + to.String()
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// chineseIndex writes small 1-based ordinals the way statutes do (第二款),
// falling back to digits past 99, where no article goes.
func chineseIndex(n int) string {
	switch {
	case n <= 0 || n > 99:
		return fmt.Sprint(n)
	case n <= 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnDigits[n-10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	}
	return cnDigits[n/10] + "十" + cnDigits[n%10]
}
