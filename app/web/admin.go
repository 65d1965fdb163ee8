package web

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

type founderForm struct{ Name, ShortName string }

type institutionForm struct {
	FounderID                             int64
	Name, ShortName, Kind, Slug, TimeZone string
}

type founderInviteForm struct {
	FounderID int64
	inviteForm
}

type adminPage struct {
	Page
	Founders     []domain.Founder
	Institutions []domain.Institution
	Kinds        []domain.InstitutionKind
	Locales      []string
	Founder      founderForm
	Inst         institutionForm
	Invite       founderInviteForm
	Errs         formErrs
	Backup       string // the daily backup's latest result; empty when backups are off
	Templates    []domain.Template
}

// requireAdmin lets only the administrator through. Everyone else gets
// 404, as for /admin/mail: the admin pages do not exist for them.
func requireAdmin(c *fiber.Ctx) error {
	if err := checkAdmin(c); err != nil {
		return err
	}
	return c.Next()
}

func (a *App) adminPage(c *fiber.Ctx) adminPage {
	p := a.page(c, "admin.title")
	p.Nav = "admin"
	return adminPage{Page: p, Kinds: domain.InstitutionKinds, Locales: domain.Locales, Errs: formErrs{},
		Inst:   institutionForm{TimeZone: "Asia/Novokuznetsk", Kind: string(domain.KindMuseum)},
		Invite: founderInviteForm{inviteForm: inviteForm{Locale: "ru"}}}
}

func (a *App) renderAdmin(c *fiber.Ctx, status int, p adminPage, err error) error {
	if err != nil {
		errs, ok := formErrors(p.Page, err)
		if !ok {
			return err
		}
		p.Errs = errs
	}
	ctx := c.UserContext()
	var lerr error
	if p.Founders, lerr = a.store.Founders(ctx, domain.Scope{All: true}); lerr != nil {
		return lerr
	}
	if p.Institutions, lerr = a.store.Institutions(ctx, domain.Scope{All: true}); lerr != nil {
		return lerr
	}
	if p.Backup, lerr = a.backupLine(c, p.Page); lerr != nil {
		return lerr
	}
	if p.Templates, lerr = a.store.Templates(ctx); lerr != nil {
		return lerr
	}
	return a.render(c, status, "admin", p)
}

// backupLine says how the latest daily backup went ("" when they are off).
func (a *App) backupLine(c *fiber.Ctx, p Page) (string, error) {
	if a.backups == nil {
		return "", nil
	}
	st, err := a.backups.BackupStatus(c.UserContext())
	if err != nil {
		return "", err
	}
	at := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
	r := st.Last
	switch {
	case r.StartedAt.IsZero():
		return p.T("admin.backup.none", a.cfg.BackupDir), nil
	case r.FinishedAt.IsZero():
		return p.T("admin.backup.running", at(r.StartedAt)), nil
	case r.Error != "":
		return p.T("admin.backup.failed", at(r.StartedAt), r.Error), nil
	}
	return p.T("admin.backup.ok", at(r.FinishedAt), r.File, humanBytes(r.Size)), nil
}

// humanBytes is a size for people: 1.5 MB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}

func (a *App) showAdmin(c *fiber.Ctx) error {
	return a.renderAdmin(c, fiber.StatusOK, a.adminPage(c), nil)
}

// createFounder adds a founder (учредитель).
func (a *App) createFounder(c *fiber.Ctx) error {
	p := a.adminPage(c)
	in := domain.FounderInput{Name: c.FormValue("name"), ShortName: c.FormValue("short_name")}
	f, err := a.svc.CreateFounder(c.UserContext(), caller(c), in)
	if err == nil {
		a.audit(c, domain.AuditEntry{Action: domain.AuditFounderCreated, Detail: f.Name})
		return a.done(c, "/admin", "flash.founder_created", f.Name)
	}
	p.Founder = founderForm{Name: in.Name, ShortName: in.ShortName}
	return a.renderAdmin(c, fiber.StatusUnprocessableEntity, p, err)
}

func formID(c *fiber.Ctx, field string) int64 {
	id, _ := strconv.ParseInt(c.FormValue(field), 10, 64)
	return id
}

// createInstitution adds an institution under a founder.
func (a *App) createInstitution(c *fiber.Ctx) error {
	p := a.adminPage(c)
	in := domain.InstitutionInput{FounderID: formID(c, "founder_id"), Name: c.FormValue("name"), ShortName: c.FormValue("short_name"),
		Kind: c.FormValue("kind"), Slug: c.FormValue("slug"), TimeZone: c.FormValue("time_zone")}
	inst, err := a.svc.CreateInstitution(c.UserContext(), caller(c), in)
	if err == nil {
		a.audit(c, domain.AuditEntry{Action: domain.AuditInstCreated, InstitutionID: inst.ID, Detail: inst.Name})
		return a.done(c, "/admin", "flash.institution_created", inst.Name)
	}
	p.Inst = institutionForm{FounderID: in.FounderID, Name: in.Name, ShortName: in.ShortName, Kind: in.Kind, Slug: in.Slug, TimeZone: in.TimeZone}
	return a.renderAdmin(c, fiber.StatusUnprocessableEntity, p, err)
}

// inviteFounderUser invites a person to act for a founder (role founder);
// an existing account gets a pending invitation it answers itself.
// Directors and staff are invited from an institution's staff list.
func (a *App) inviteFounderUser(c *fiber.Ctx) error {
	p := a.adminPage(c)
	f := readInviteForm(c)
	p.Invite = founderInviteForm{FounderID: formID(c, "founder_id"), inviteForm: f}
	var res service.InviteResult
	var err error = domain.FieldError("founder_id", "admin.founder_required")
	if p.Invite.FounderID > 0 {
		res, err = a.svc.Invite(c.UserContext(), caller(c), service.Invitation{Email: f.Email, FullName: f.FullName, Position: f.Position,
			Locale: f.Locale, Role: domain.RoleFounder, FounderID: p.Invite.FounderID})
	}
	if err == nil {
		detail := "founder " + res.Where
		if res.Pending {
			detail += " (pending)"
		}
		a.audit(c, domain.AuditEntry{Action: domain.AuditInvitation, TargetUserID: res.UserID, TargetEmail: f.Email, Detail: detail})
		return a.done(c, "/admin", "flash.invitation_sent", f.Email)
	}
	return a.renderAdmin(c, fiber.StatusUnprocessableEntity, p, err)
}

// Form is the invitation part of the founder-invite form (partial "invite_fields").
func (p adminPage) Form() inviteForm { return p.Invite.inviteForm }
