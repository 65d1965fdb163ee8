package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"

	"planboard/app/i18n"
	"planboard/domain"
	"planboard/views"
)

// mailLayouts are the mail bodies: each has NAME.html (inside layout.html)
// and NAME.txt in views/mail.
var mailLayouts = []string{"item", "digest", "summary", "plan"}

type mailTemplates struct {
	html map[string]*htmltemplate.Template
	text map[string]*texttemplate.Template
	cat  i18n.Catalog
}

func loadMailTemplates() (*mailTemplates, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	t := &mailTemplates{html: map[string]*htmltemplate.Template{}, text: map[string]*texttemplate.Template{}, cat: cat}
	for _, n := range mailLayouts {
		if t.html[n], err = htmltemplate.ParseFS(views.FS, "mail/layout.html", "mail/"+n+".html"); err != nil {
			return nil, fmt.Errorf("mail template %s: %w", n, err)
		}
		if t.text[n], err = texttemplate.ParseFS(views.FS, "mail/"+n+".txt"); err != nil {
			return nil, fmt.Errorf("mail template %s: %w", n, err)
		}
	}
	return t, nil
}

// mailView is what a mail template sees.
type mailView struct {
	i18n.Locale                             // T, Date and Deadline in the recipient's language
	Kind        string                      // mail kind
	Greeting    string                      // "Здравствуйте, …!"
	Lead        string                      // the first paragraph
	Note        string                      // a remark (return for rework, plan returned), a comment
	NoteKey     string                      // the catalogue key of the note's label ("": mail.field.note)
	Institution string                      // institution (or founder) name
	Item        domain.MailItem             // item mails
	Link        string                      // direct link to the task / plan / dashboard
	Groups      []mailGroup                 // digest sections
	Lines       []domain.InstitutionSummary // summary lines
	Settings    string                      // link to the mail settings page
	Unsubscribe string                      // one-click unsubscribe link (digests and summaries)
}

// NoteTitle is the label of the note: «Замечание», or «Комментарий».
func (v mailView) NoteTitle() string {
	if v.NoteKey != "" {
		return v.T(v.NoteKey)
	}
	return v.T("mail.field.note")
}

// mailGroup is one part of a digest: a heading and its items with links.
type mailGroup struct {
	Heading string
	Items   []mailLine
	More    int // items of the group not listed (a grouped mail lists a few per institution)
}

// Total is the number of items of the group, listed or not.
func (g mailGroup) Total() int { return len(g.Items) + g.More }

type mailLine struct {
	Item domain.MailItem
	Link string
}

func (m *Mailer) view(kind string, to domain.MailRecipient, inst string) mailView {
	p := m.tmpl.cat.In(to.Locale)
	v := mailView{Locale: p, Kind: kind, Institution: inst, Settings: m.cfg.BaseURL + "/settings/notifications"}
	if to.Name != "" {
		v.Greeting = p.T("mail.greeting", to.Name)
	} else {
		v.Greeting = p.T("mail.greeting.anon")
	}
	return v
}

// render executes the layout's text and HTML templates.
func (m *Mailer) render(layout string, v mailView) (text, html string, err error) {
	var tb, hb bytes.Buffer
	if err := m.tmpl.text[layout].Execute(&tb, v); err != nil {
		return "", "", fmt.Errorf("mail %s text: %w", layout, err)
	}
	if err := m.tmpl.html[layout].ExecuteTemplate(&hb, "layout", v); err != nil {
		return "", "", fmt.Errorf("mail %s html: %w", layout, err)
	}
	return tb.String(), hb.String(), nil
}

// itemLink is the direct link to an item's page.
func (m *Mailer) itemLink(id int64) string { return fmt.Sprintf("%s/items/%d", m.cfg.BaseURL, id) }

// shorten cuts a long measure for a subject line.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// itemMail renders a mail about one item: scheduled (reminder, overdue,
// escalation) or an event (assigned, returned, accepted) with a note.
func (m *Mailer) itemMail(c domain.MailCandidate, note string) (domain.Mail, error) {
	v := m.view(c.Kind, c.Recipient, c.Institution)
	v.Item, v.Note, v.Link = c.Item, note, m.itemLink(c.Item.ID)
	days := c.Today.DaysUntil(c.Item.Due)
	if days < 0 {
		days = -days
	}
	key := "mail." + c.Kind
	if c.Kind == domain.MailReminder && days == 0 {
		key += ".today"
	}
	v.Lead = v.T(key+".lead", v.Deadline(domain.DateDeadline(c.Item.Due)), days)
	subject := v.T(key+".subject", shorten(c.Item.Measure, 60), days)
	text, html, err := m.render("item", v)
	mail := domain.Mail{Kind: c.Kind, SubjectID: c.Item.ID, RecipientID: c.Recipient.ID, InstitutionID: c.InstitutionID,
		To: c.Recipient.Email, Day: c.Day, Subject: subject, Text: text, HTML: html,
		Inbox: []domain.InboxNote{{SubjectID: c.Item.ID, Text: subject, Link: itemPath(c.Item.ID)}}}
	if scheduledItemKind(c.Kind) {
		mail.ItemDeadline = c.Item.Due
	}
	return mail, err
}

func scheduledItemKind(kind string) bool {
	switch kind {
	case domain.MailReminder, domain.MailOverdue, domain.MailEscalateDirector, domain.MailEscalateFounder:
		return true
	}
	return false
}

// unsubscribeLink is the recipient's one-click unsubscribe link.
func (m *Mailer) unsubscribeLink(key []byte, userID int64) string {
	return m.cfg.BaseURL + "/unsubscribe/" + UnsubscribeToken(key, userID)
}

// digestMail renders a director's weekly digest of an institution.
func (m *Mailer) digestMail(c domain.MailCandidate, items []domain.MailItem, key []byte) (domain.Mail, error) {
	v := m.view(c.Kind, c.Recipient, c.Institution)
	v.Unsubscribe = m.unsubscribeLink(key, c.Recipient.ID)
	v.Lead = v.T("mail.digest.lead", c.Institution)
	v.Link = m.cfg.BaseURL + "/"
	groups := map[string][]mailLine{}
	for _, it := range items {
		g := digestGroup(it, c.Today)
		groups[g] = append(groups[g], mailLine{Item: it, Link: m.itemLink(it.ID)})
	}
	for _, g := range []string{"overdue", "week", "review", "done"} {
		if len(groups[g]) > 0 {
			v.Groups = append(v.Groups, mailGroup{Heading: v.T("mail.digest." + g), Items: groups[g]})
		}
	}
	text, html, err := m.render("digest", v)
	return domain.Mail{Kind: c.Kind, SubjectID: c.InstitutionID, RecipientID: c.Recipient.ID, InstitutionID: c.InstitutionID,
		To: c.Recipient.Email, Day: c.Day, Subject: v.T("mail.digest.subject", shorten(c.Institution, 60), v.Date(c.Day)),
		Text: text, HTML: html, ListUnsubscribe: "<" + v.Unsubscribe + ">"}, err
}

// digestGroup sorts an item into a digest part (items come sorted by section).
func digestGroup(it domain.MailItem, today domain.Date) string {
	switch {
	case it.Status == domain.StatusDone:
		return "done"
	case it.Status == domain.StatusReview:
		return "review"
	case it.Due.Before(today):
		return "overdue"
	}
	return "week"
}

// summaryMail renders a founder's monthly summary over its institutions.
func (m *Mailer) summaryMail(c domain.MailCandidate, lines []domain.InstitutionSummary, key []byte) (domain.Mail, error) {
	v := m.view(c.Kind, c.Recipient, c.Institution)
	v.Unsubscribe = m.unsubscribeLink(key, c.Recipient.ID)
	v.Lead = v.T("mail.summary.lead", v.T(fmt.Sprintf("month.%d", c.Day.AddDays(-1).Month)), c.Day.AddDays(-1).Year)
	v.Lines, v.Link = lines, m.cfg.BaseURL+"/"
	text, html, err := m.render("summary", v)
	return domain.Mail{Kind: c.Kind, SubjectID: c.SubjectID, RecipientID: c.Recipient.ID, To: c.Recipient.Email,
		Day: c.Day, Subject: v.T("mail.summary.subject", v.T(fmt.Sprintf("month.%d", c.Day.Month)), c.Day.Year),
		Text: text, HTML: html, ListUnsubscribe: "<" + v.Unsubscribe + ">"}, err
}

// itemPath is an item's page, relative to the site.
func itemPath(id int64) string { return "/items/" + strconv.FormatInt(id, 10) }
