package mail

import (
	"fmt"
	"strings"
	"time"

	"planboard/domain"
)

// Workflow notices: the handlers render the mails about a change before
// saving it and hand them to the store with the change, so both are saved
// in one transaction (or neither). The ledger delivers them later, so a
// slow or broken SMTP server never blocks a request. Each mail is keyed by
// (kind, subject, recipient, day): the same event twice a day is one mail.

func Recipient(u domain.User) domain.MailRecipient {
	return domain.MailRecipient{ID: u.ID, Email: u.Email, Name: u.FullName, Locale: u.Locale}
}

// notices wraps rendered mails with the ledger's Message-ID host.
func (m *Mailer) notices(mails []domain.Mail) domain.Notices {
	return domain.Notices{Host: m.host, Mails: mails}
}

// ItemNotices renders one mail per recipient about an event of one item:
// kind is domain.MailAssigned, MailReturned, MailAccepted or MailReview;
// note is the remark of a return or the report of a closing ("" otherwise).
func (m *Mailer) ItemNotices(kind string, item domain.Item, inst domain.Institution, to []domain.User, note string, now time.Time) (domain.Notices, error) {
	var mails []domain.Mail
	for _, u := range to {
		mail, err := m.itemsMail(kind, []domain.Item{item}, inst, u, note, now)
		if err != nil {
			return domain.Notices{}, err
		}
		mails = append(mails, mail)
	}
	return m.notices(mails), nil
}

// AssignedNotices renders the assignment notices of a bulk assignment: each
// assignee gets one mail listing all of their newly assigned items.
func (m *Mailer) AssignedNotices(byAssignee map[int64][]domain.Item, people map[int64]domain.User, inst domain.Institution, now time.Time) (domain.Notices, error) {
	var mails []domain.Mail
	for id, items := range byAssignee {
		mail, err := m.itemsMail(domain.MailAssigned, items, inst, people[id], "", now)
		if err != nil {
			return domain.Notices{}, err
		}
		mails = append(mails, mail)
	}
	return m.notices(mails), nil
}

// itemsMail renders a mail about one item (the item layout) or several (a
// list, keyed by the whole batch).
func (m *Mailer) itemsMail(kind string, items []domain.Item, inst domain.Institution, u domain.User, note string, now time.Time) (domain.Mail, error) {
	today := domain.Today(now, inst.Location())
	c := domain.MailCandidate{Kind: kind, Day: today, Today: today, Recipient: Recipient(u),
		InstitutionID: inst.ID, Institution: inst.Name}
	if len(items) == 1 {
		c.SubjectID, c.Item = items[0].ID, mailItem(items[0])
		mail, err := m.itemMail(c, note)
		mail.Event = int64(items[0].Version) // the version the change was made from: one notice per change, whatever storage numbers next
		return mail, err
	}
	v := m.view(kind, c.Recipient, inst.Name)
	v.Lead, v.Link = v.T("mail."+kind+".many.lead", len(items)), m.cfg.BaseURL+"/my"
	g := mailGroup{Heading: inst.Name}
	batch := make([]int64, len(items))
	notes := make([]domain.InboxNote, len(items))
	for i, it := range items {
		g.Items, batch[i] = append(g.Items, mailLine{Item: mailItem(it), Link: m.itemLink(it.ID)}), it.ID
		// the inbox lists each item of the batch, each with its own link
		notes[i] = domain.InboxNote{SubjectID: it.ID, Text: v.T("mail."+kind+".subject", shorten(it.Measure, 60), 0), Link: itemPath(it.ID)}
	}
	v.Groups = []mailGroup{g}
	text, html, err := m.render("digest", v)
	return domain.Mail{Kind: kind, SubjectID: batch[0], Batch: batch, RecipientID: u.ID, InstitutionID: inst.ID,
		To: u.Email, Day: today, Subject: v.T("mail."+kind+".many.subject", len(items)), Text: text, HTML: html, Inbox: notes}, err
}

func mailItem(it domain.Item) domain.MailItem {
	return domain.MailItem{ID: it.ID, PlanID: it.PlanID, Section: it.Section, Measure: it.Measure,
		Due: it.Deadline.Due, Status: it.Status, CompletedOn: it.CompletedOn}
}

// PlanNotices renders one mail per recipient about a plan event: kind is
// domain.MailPlanSubmitted (to the founder's people), MailPlanApproved or
// MailPlanReturned (to the directors); note is the founder's remarks.
func (m *Mailer) PlanNotices(kind string, plan domain.Plan, inst domain.Institution, to []domain.User, note string, now time.Time) (domain.Notices, error) {
	today := domain.Today(now, inst.Location())
	var mails []domain.Mail
	for _, u := range to {
		v := m.view(kind, Recipient(u), inst.Name)
		path := fmt.Sprintf("/plans/%d/approval", plan.ID)
		v.Note, v.Link = note, m.cfg.BaseURL+path
		v.Lead = v.T("mail."+kind+".lead", inst.Name, plan.Year)
		text, html, err := m.render("plan", v)
		if err != nil {
			return domain.Notices{}, err
		}
		subject := v.T("mail."+kind+".subject", subjectName(inst), plan.Year)
		mails = append(mails, domain.Mail{Kind: kind, SubjectID: plan.ID, RecipientID: u.ID, InstitutionID: inst.ID, To: u.Email,
			Day: today, Subject: subject, Text: text, HTML: html, Event: int64(plan.Version),
			Inbox: []domain.InboxNote{{SubjectID: plan.ID, Text: subject, Link: path}}})
	}
	return m.notices(mails), nil
}

// ReportNotices renders one mail per recipient (the directors) about the
// founder's decision on a progress report: kind is
// domain.MailReportAccepted or MailReportReturned; note is the remarks.
func (m *Mailer) ReportNotices(kind string, plan domain.Plan, r domain.ProgressReport, inst domain.Institution, to []domain.User, note string, now time.Time) (domain.Notices, error) {
	today := domain.Today(now, inst.Location())
	path := fmt.Sprintf("/plans/%d/reports/%d", plan.ID, r.ID)
	var mails []domain.Mail
	for _, u := range to {
		v := m.view(kind, Recipient(u), inst.Name)
		period := v.T("report.period."+string(r.Period)) + " " + fmt.Sprint(plan.Year)
		v.Note, v.Link = note, m.cfg.BaseURL+path
		v.Lead = v.T("mail."+kind+".lead", inst.Name, period)
		text, html, err := m.render("plan", v)
		if err != nil {
			return domain.Notices{}, err
		}
		subject := v.T("mail."+kind+".subject", subjectName(inst), period)
		mails = append(mails, domain.Mail{Kind: kind, SubjectID: r.ID, RecipientID: u.ID, InstitutionID: inst.ID, To: u.Email,
			Day: today, Subject: subject, Text: text, HTML: html,
			Inbox: []domain.InboxNote{{SubjectID: r.ID, Text: subject, Link: path}}})
	}
	return m.notices(mails), nil
}

// CommentNotices renders the notices of a new comment on an item: the
// members it mentions get a "mention", the item's other assignees a
// "comment"; nobody gets both, and the author neither. Storage keys them
// by the comment once it is saved.
func (m *Mailer) CommentNotices(item domain.Item, inst domain.Institution, author domain.User, body string, assignees, mentioned []domain.User, now time.Time) (domain.Notices, error) {
	var mails []domain.Mail
	told := map[int64]bool{author.ID: true}
	add := func(kind string, u domain.User) error {
		if told[u.ID] {
			return nil
		}
		told[u.ID] = true
		mail, err := m.commentMail(kind, item, inst, author, body, u, now)
		mails = append(mails, mail)
		return err
	}
	for _, u := range mentioned {
		if err := add(domain.MailMention, u); err != nil {
			return domain.Notices{}, err
		}
	}
	for _, u := range assignees {
		if err := add(domain.MailComment, u); err != nil {
			return domain.Notices{}, err
		}
	}
	return m.notices(mails), nil
}

func (m *Mailer) commentMail(kind string, item domain.Item, inst domain.Institution, author domain.User, body string, u domain.User, now time.Time) (domain.Mail, error) {
	today := domain.Today(now, inst.Location())
	v := m.view(kind, Recipient(u), inst.Name)
	name := author.FullName
	if name == "" {
		name = author.Email
	}
	v.Item, v.Note, v.NoteKey, v.Link = mailItem(item), body, "mail.field.comment", m.cfg.BaseURL+itemPath(item.ID)+"#comments"
	v.Lead = v.T("mail."+kind+".lead", name)
	text, html, err := m.render("item", v)
	subject := v.T("mail."+kind+".subject", shorten(item.Measure, 60), name)
	return domain.Mail{Kind: kind, SubjectID: item.ID, RecipientID: u.ID, InstitutionID: inst.ID, To: u.Email,
		Day: today, Subject: subject, Text: text, HTML: html,
		Inbox: []domain.InboxNote{{SubjectID: item.ID, Text: subject + " — «" + shorten(body, 120) + "»", Link: itemPath(item.ID) + "#comments"}}}, err
}

// subjectName names the institution in a subject line: its short name
// («МБУК «Краеведческий музей»»), else its full name whole: a name cut
// mid-way loses what tells institutions apart.
func subjectName(inst domain.Institution) string {
	if s := strings.TrimSpace(inst.ShortName); s != "" {
		return s
	}
	return inst.Name
}
