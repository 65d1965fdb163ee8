package web

import "sort"

// Every form with field errors shows them first in the
// page, each linking to its field, in the one partial "error_summary"
// (focused by /static/errors.js). Pages that keep their errors as formErrs
// get their .Summary from here.

// sorted lists the errors in the order of their fields' ids.
func (f formErrs) sorted() []*fieldErr {
	out := make([]*fieldErr, 0, len(f))
	for _, e := range f {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Summary is the errors of the admin page's forms for "error_summary".
func (p adminPage) Summary() []*fieldErr { return p.Errs.sorted() }

// Summary is the errors of the invitation form for "error_summary".
func (p membersPage) Summary() []*fieldErr { return p.Errs.sorted() }

// Summary is the errors of the profile forms for "error_summary".
func (p profilePage) Summary() []*fieldErr { return p.Errs.sorted() }

// Summary is the errors of the calendar forms for "error_summary".
func (p adminCalendarPage) Summary() []*fieldErr { return p.Errs.sorted() }

// Summary is the errors of the password form for "error_summary".
func (p setPasswordPage) Summary() []*fieldErr { return p.Errs.sorted() }

// Summary is the errors of the forgotten-password form for "error_summary".
func (p forgotPage) Summary() []*fieldErr { return p.Errs.sorted() }

// Summary is the errors of the mail rules form for "error_summary".
func (p mailRulesPage) Summary() []fieldLink { return errorLinks(p.Page, p.Errors, nil, nil) }

// Summary is the errors of the notification settings for "error_summary".
func (p mailSettingsPage) Summary() []fieldLink { return errorLinks(p.Page, p.Errors, nil, nil) }

// Summary is the errors of the approval page's forms for "error_summary".
func (p approvalPage) Summary() []fieldLink { return errorLinks(p.Page, p.Errors, nil, nil) }

// Summary is the errors of the new plan form for "error_summary".
func (p planFormPage) Summary() []fieldLink {
	return errorLinks(p.Page, p.Errors, []string{"institution", "year", "title", "template"}, nil)
}
