package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/lawkb/lawkb/corpus"
)

// diffView is the version comparison page of one article.
type diffView struct {
	Title, Label     string
	OldName, NewName string
	OldHref, NewHref string
	Same             bool
	Ops              []corpus.DiffOp
}

func (u *ui) handleDiff(c *fiber.Ctx) error {
	_, cp, err := u.backend()
	if err != nil {
		return u.renderErr(c, err)
	}
	a, b := cp.Article(param(c, "id")), cp.Article(param(c, "other"))
	if a == nil || b == nil {
		return u.renderError(c, fiber.StatusNotFound, "要对比的条文不存在。")
	}
	if a.Version().WorkID != b.Version().WorkID {
		return u.renderError(c, fiber.StatusBadRequest, "只能对比同一部法规不同版本的条文。")
	}
	// Older version on the left, whichever order the link gave.
	if b.Version().Date.Before(a.Version().Date) {
		a, b = b, a
	}
	v := &diffView{
		Title: b.Version().Title, Label: b.Label,
		OldName: versionName(a.Version()) + " " + a.Label, NewName: versionName(b.Version()) + " " + b.Label,
		OldHref: articleHref(a.ID), NewHref: articleHref(b.ID),
		Ops: corpus.Diff(a.Text(), b.Text(), u.words),
	}
	v.Same = a.Text() == b.Text()
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return u.render(c, fiber.StatusOK, page{Title: v.Title + " " + v.Label + " 对比", Name: "diff", NoIndex: true, Body: v})
}
