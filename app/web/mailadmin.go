package web

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type mailLedgerPage struct {
	Page
	Status   string // filter, "" for all
	Statuses []string
	Counts   map[string]int
	Mails    []domain.OutboxMail
	Keeping  bool // no SMTP server: mails are kept
}

type mailShowPage struct {
	Page
	Mail domain.OutboxMail
}

// checkAdmin asks the policy whether the user may administer.
func checkAdmin(c *fiber.Ctx) error {
	if !domain.Can(actor(c), domain.ActAdminister, domain.Resource{}) {
		return domain.ErrNotFound // the admin area does not exist for others
	}
	return nil
}

// adminMail lists the ledger, newest first, optionally by status.
func (a *App) adminMail(c *fiber.Ctx) error {
	if err := checkAdmin(c); err != nil {
		return err
	}
	status := c.Query("status")
	if !oneOf(status, domain.MailStatuses) {
		status = ""
	}
	mails, err := a.store.Mails(c.UserContext(), status, 200)
	if err != nil {
		return err
	}
	counts, err := a.store.MailCounts(c.UserContext())
	if err != nil {
		return err
	}
	p := a.page(c, "mail.admin.title")
	p.Nav = "admin_mail"
	return a.render(c, fiber.StatusOK, "admin_mail", mailLedgerPage{Page: p, Status: status, Statuses: domain.MailStatuses,
		Counts: counts, Mails: mails, Keeping: a.mailer.Keeping()})
}

// adminMailShow shows one mail with its text (kept mails are read here).
func (a *App) adminMailShow(c *fiber.Ctx) error {
	if err := checkAdmin(c); err != nil {
		return err
	}
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	m, err := a.store.Mail(c.UserContext(), id)
	if err != nil {
		return err
	}
	p := a.page(c, "mail.admin.title")
	p.Nav = "admin_mail"
	return a.render(c, fiber.StatusOK, "admin_mail_show", mailShowPage{Page: p, Mail: m})
}

// adminMailResend plans a failed mail again.
func (a *App) adminMailResend(c *fiber.Ctx) error {
	if err := checkAdmin(c); err != nil {
		return err
	}
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := a.store.ResendMail(c.UserContext(), id); err != nil {
		return err
	}
	return a.done(c, "/admin/mail", "mail.admin.resent")
}

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}
