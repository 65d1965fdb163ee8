package app

import (
	"fmt"
	"strings"
	"time"

	"planboard/domain"
)

// TE returns the text of an error key that may carry one argument after a
// bar ("evidence.too_large|20").
func (p Page) TE(key string) string {
	if k, arg, ok := strings.Cut(key, "|"); ok {
		return p.T(k, arg)
	}
	return p.T(key)
}

// Size formats a byte count for the page's language.
func (p Page) Size(n int64) string {
	switch {
	case n >= 1<<20:
		mb := fmt.Sprintf("%.1f", float64(n)/(1<<20))
		if p.Lang == "ru" {
			mb = strings.Replace(mb, ".", ",", 1) // Russian writes a decimal comma
		}
		return p.T("size.mb", mb)
	case n >= 1<<10:
		return p.T("size.kb", n>>10)
	}
	return p.T("size.b", n)
}

// When formats a moment in Moscow-independent local form for the page's
// language (the server's zone is the institution's for display purposes).
func (p Page) When(t time.Time) string {
	if p.Lang == "en" {
		return t.Format("2 Jan 2006 15:04")
	}
	return t.Format("02.01.2006 15:04")
}

// HistValue shows a history value: statuses in words, the rest as stored.
func (p Page) HistValue(field, v string) string {
	if v == "" {
		return "—"
	}
	if field == "status" {
		return p.T("item.status." + v)
	}
	return v
}

// List returns its arguments, for ranging over fixed choices in templates.
func (p Page) List(s ...string) []string { return s }

// canPlan reports whether the actor may create plans somewhere.
func canPlan(a domain.Actor) bool {
	if a.IsAdmin {
		return true
	}
	for _, m := range a.Memberships {
		if m.Role == domain.RoleDirector {
			return true
		}
	}
	return false
}
