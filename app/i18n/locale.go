package i18n

import (
	"fmt"
	"strings"
	"time"

	"planboard/domain"
)

// Locale words things in one language: a page's, a mail's or an export's.
type Locale struct {
	Lang string
	Cat  Catalog
}

// In is the catalogue's Locale for lang (a user's preference; unsupported
// ones fall back to the default language).
func (c Catalog) In(lang string) Locale { return Locale{Lang: Pick(lang), Cat: c} }

// T returns the text of a message key in the locale's language.
func (l Locale) T(key string, args ...any) string { return l.Cat.T(l.Lang, key, args...) }

// TE translates a message key that may carry one argument after a bar
// («evidence.too_big|10»), as field errors are stored.
func (l Locale) TE(key string) string {
	if k, arg, ok := strings.Cut(key, "|"); ok {
		return l.T(k, arg)
	}
	return l.T(key)
}

// Date formats a date for the locale's language ("" for none).
func (l Locale) Date(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	if l.Lang == "en" {
		return fmt.Sprintf("%d %s %d", d.Day, l.T(fmt.Sprintf("month.%d", d.Month))[:3], d.Year)
	}
	return fmt.Sprintf("%02d.%02d.%d", d.Day, d.Month, d.Year)
}

var romanNumerals = []string{"", "I", "II", "III", "IV"}

// Deadline formats a planned deadline as the official form prints it:
// «31.12.2026», «IV квартал 2026», «декабрь 2026», «постоянно».
func (l Locale) Deadline(d domain.Deadline) string {
	switch d.Kind {
	case domain.DeadlineDate:
		return l.Date(d.Due)
	case domain.DeadlineQuarter:
		q := romanNumerals[d.Quarter()]
		if l.Lang == "en" {
			q = fmt.Sprint(d.Quarter())
		}
		return l.T("deadline.quarter", q, d.Due.Year)
	case domain.DeadlineMonth:
		return l.T("deadline.month", l.T(fmt.Sprintf("month.%d", d.Due.Month)), d.Due.Year)
	case domain.DeadlineOngoing:
		return l.T("deadline.ongoing")
	}
	return "—"
}

// SectionTitle returns the heading of a plan section.
func (l Locale) SectionTitle(s domain.Section) string { return l.T("section." + string(s)) }

// Size formats a byte count for the locale's language.
func (l Locale) Size(n int64) string {
	switch {
	case n >= 1<<20:
		mb := fmt.Sprintf("%.1f", float64(n)/(1<<20))
		if l.Lang == "ru" {
			mb = strings.Replace(mb, ".", ",", 1) // Russian writes a decimal comma
		}
		return l.T("size.mb", mb)
	case n >= 1<<10:
		return l.T("size.kb", n>>10)
	}
	return l.T("size.b", n)
}

// When formats a moment (already in the zone to show it in).
func (l Locale) When(t time.Time) string {
	if l.Lang == "en" {
		return t.Format("2 Jan 2006 15:04")
	}
	return t.Format("02.01.2006 15:04")
}

// HistValue shows a history value: statuses in words, the rest as stored.
func (l Locale) HistValue(field, v string) string {
	if v == "" {
		return "—"
	}
	if field == "status" {
		return l.T("item.status." + v)
	}
	return v
}

// List returns its arguments, for ranging over fixed choices in templates.
func (l Locale) List(s ...string) []string { return s }

// KindLabel names a mail kind; kinds without a catalogue entry (e.g.
// invitations) show as they are stored.
func (l Locale) KindLabel(kind string) string {
	key := "mail.kind." + kind
	if s := l.T(key); s != key {
		return s
	}
	return kind
}
