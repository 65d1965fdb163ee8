package web

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// addComment stores a comment by anyone who may comment on the item; the
// members it mentions with «@Фамилия» and the item's assignees are told
// (service.AddComment). A mention that fits several members saves
// nothing: the form comes back (422) with the text and the names to
// choose from.
func (a *App) addComment(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	res, err := a.svc.AddComment(c.UserContext(), caller(c), id, domain.CleanMultiline(c.FormValue("body")))
	var amb *domain.AmbiguousMentionError
	switch {
	case errors.As(err, &amb):
		ic, lerr := a.itemInScope(c, domain.ActView)
		if lerr != nil {
			return lerr
		}
		c.Locals(localFlash, "comment.mention_check")
		p := a.page(c, "item.title")
		return a.renderItem(c, ic, fiber.StatusUnprocessableEntity, domain.FieldErrors{"body": mentionHint(p, amb)},
			map[string]string{"body": c.FormValue("body")}, "")
	case fieldErrors(err) != nil:
		ic, lerr := a.itemInScope(c, domain.ActView)
		if lerr != nil {
			return lerr
		}
		return a.itemFormError(c, ic, err, "", "body")
	case err != nil:
		return err
	}
	if n := len(res.Mentioned); n > 0 {
		return a.done(c, itemURL(id)+"#comments", "comment.added_mentioned", n)
	}
	return a.done(c, itemURL(id)+"#comments", "comment.added")
}

// mentionHint is the message next to the comment box for ambiguous
// mentions: «Уточните: несколько сотрудников с фамилией Иванов (Иванов
// Сергей Петрович, Иванов Пётр Ильич) — допишите имя: @Иванов Сергей».
// The field error shows it as is (it is not a catalogue key).
func mentionHint(p Page, e *domain.AmbiguousMentionError) string {
	var parts []string
	for _, m := range e.Mentions {
		example := "@" + m.Surname
		if f := strings.Fields(m.Names[0]); len(f) > 1 {
			example += " " + f[1]
		}
		parts = append(parts, p.T("comment.mention_ambiguous", m.Surname, strings.Join(m.Names, ", "), example))
	}
	return strings.Join(parts, " ")
}

// MentionNames lists, as JSON for the comment box's completion script,
// the names that «@» completes to: each member's «Фамилия», or «Фамилия
// Имя» where the surname is shared, and the full name to show.
func (p itemPage) MentionNames() string {
	type name struct {
		Insert string `json:"insert"`
		Full   string `json:"full"`
	}
	count := map[string]int{}
	for _, m := range p.Members {
		count[strings.ToLower(domain.Surname(m.User.FullName))]++
	}
	var out []name
	seen := map[int64]bool{}
	for _, m := range p.Members {
		s := domain.Surname(m.User.FullName)
		if s == "" || m.User.ID == p.User.ID || seen[m.User.ID] {
			continue
		}
		seen[m.User.ID] = true
		ins := s
		if f := strings.Fields(m.User.FullName); count[strings.ToLower(s)] > 1 && len(f) > 1 {
			ins += " " + f[1]
		}
		out = append(out, name{Insert: ins, Full: m.User.FullName})
	}
	b, _ := json.Marshal(out)
	return string(b)
}
