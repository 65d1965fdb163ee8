package app

import (
	"context"
	"fmt"
	"time"

	"planboard/domain"
)

// Notifier tells people by mail what happened in the workflow. Handlers call
// it after their change is saved; the mails go to the ledger (once per kind,
// subject, recipient and day) and are delivered by the mail worker, so a
// slow or broken SMTP server never blocks a request.
type Notifier interface {
	// NotifyItem: kind is domain.MailAssigned, MailReturned or MailAccepted;
	// note is the remark of a return ("" otherwise).
	NotifyItem(ctx context.Context, kind string, item domain.Item, inst domain.Institution, to []domain.User, note string, now time.Time) error
	// NotifyPlan: kind is domain.MailPlanSubmitted (to the founder's
	// people), MailPlanApproved or MailPlanReturned (to the directors).
	NotifyPlan(ctx context.Context, kind string, plan domain.Plan, inst domain.Institution, to []domain.User, note string, now time.Time) error
}

var _ Notifier = (*Mailer)(nil)

func recipient(u domain.User) domain.MailRecipient {
	return domain.MailRecipient{ID: u.ID, Email: u.Email, Name: u.FullName, Locale: u.Locale}
}

// NotifyItem plans one mail per recipient about an item event.
func (m *Mailer) NotifyItem(ctx context.Context, kind string, item domain.Item, inst domain.Institution, to []domain.User, note string, now time.Time) error {
	today := domain.Today(now, inst.Location())
	for _, u := range to {
		if u.ID == 0 || u.Email == "" {
			continue
		}
		c := domain.MailCandidate{Kind: kind, SubjectID: item.ID, Day: today, Today: today, Recipient: recipient(u),
			InstitutionID: inst.ID, Institution: inst.Name,
			Item: domain.MailItem{ID: item.ID, PlanID: item.PlanID, Section: item.Section, Measure: item.Measure,
				Due: item.Deadline.Due, Status: item.Status, CompletedOn: item.CompletedOn}}
		mail, err := m.itemMail(c, note)
		if err != nil {
			return err
		}
		if _, err := m.store.EnqueueMail(ctx, mail, m.host); err != nil {
			return err
		}
	}
	return nil
}

// NotifyPlan plans one mail per recipient about a plan event.
func (m *Mailer) NotifyPlan(ctx context.Context, kind string, plan domain.Plan, inst domain.Institution, to []domain.User, note string, now time.Time) error {
	today := domain.Today(now, inst.Location())
	for _, u := range to {
		if u.ID == 0 || u.Email == "" {
			continue
		}
		v := m.view(kind, recipient(u), inst.Name)
		v.Note, v.Link = note, fmt.Sprintf("%s/plans/%d", m.cfg.BaseURL, plan.ID)
		v.Lead = v.T("mail."+kind+".lead", inst.Name, plan.Year)
		text, html, err := m.render("plan", v)
		if err != nil {
			return err
		}
		mail := domain.Mail{Kind: kind, SubjectID: plan.ID, RecipientID: u.ID, InstitutionID: inst.ID, To: u.Email,
			Day: today, Subject: v.T("mail."+kind+".subject", shorten(inst.Name, 60), plan.Year), Text: text, HTML: html}
		if _, err := m.store.EnqueueMail(ctx, mail, m.host); err != nil {
			return err
		}
	}
	return nil
}
