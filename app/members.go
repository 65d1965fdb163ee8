package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type inviteForm struct {
	Email, FullName, Position, Role, Locale string
}

type membersPage struct {
	Page
	Institution domain.Institution
	Members     []domain.Member
	CanManage   bool          // change roles, remove, invite staff
	InviteRoles []domain.Role // roles this user may invite
	Locales     []string
	Form        inviteForm
	Errs        formErrs
	Invited     bool
}

// membersInScope loads the institution of the URL through the caller's
// scope (foreign: 404) and requires the right to manage staff or invite a
// director there (otherwise 403).
func (a *App) membersInScope(c *fiber.Ctx) (membersPage, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return membersPage{}, err
	}
	inst, err := a.store.Institution(c.UserContext(), actor(c).Scope(), id)
	if err != nil {
		return membersPage{}, err
	}
	p := membersPage{Page: a.page(c, "members.title"), Institution: inst, Locales: domain.Locales, Errs: formErrs{}}
	p.Nav = "institutions"
	p.CanManage = authorize(c, domain.ActManageStaff, inst) == nil
	if p.CanManage {
		p.InviteRoles = append(p.InviteRoles, domain.RoleStaff)
	}
	if authorize(c, domain.ActInviteDirect, inst) == nil {
		p.InviteRoles = append(p.InviteRoles, domain.RoleDirector)
	}
	if len(p.InviteRoles) == 0 {
		return p, authorize(c, domain.ActManageStaff, inst)
	}
	p.Form = inviteForm{Role: string(p.InviteRoles[0]), Locale: "ru"}
	return p, nil
}

func (a *App) renderMembers(c *fiber.Ctx, status int, p membersPage) error {
	members, err := a.store.InstitutionMembers(c.UserContext(), p.Institution.ID)
	if err != nil {
		return err
	}
	p.Members = members
	return a.render(c, status, "members", p)
}

// showMembers is the staff list of an institution.
func (a *App) showMembers(c *fiber.Ctx) error {
	p, err := a.membersInScope(c)
	if err != nil {
		return err
	}
	p.Invited = c.Query("invited") == "1"
	return a.renderMembers(c, fiber.StatusOK, p)
}

// readInviteForm reads the allow-listed fields of an invitation form and validates them.
func readInviteForm(c *fiber.Ctx) (inviteForm, error) {
	f := inviteForm{Email: normEmail(c.FormValue("email")), FullName: strings.TrimSpace(c.FormValue("full_name")),
		Position: strings.TrimSpace(c.FormValue("position")), Role: c.FormValue("role"), Locale: c.FormValue("locale")}
	var errs domain.FieldErrors
	if err := checkEmail("email", f.Email); err != nil {
		errs.Add("email", "form.email_invalid")
	}
	checkPerson(&errs, f.FullName, f.Position, f.Locale)
	return f, errs.Err()
}

// inviteMember invites someone to the institution as staff (director) or as
// director (founder, admin) and plans the invitation mail.
func (a *App) inviteMember(c *fiber.Ctx) error {
	p, err := a.membersInScope(c)
	if err != nil {
		return err
	}
	f, ferr := readInviteForm(c)
	p.Form = f
	role := domain.Role(f.Role)
	if !roleIn(role, p.InviteRoles) {
		return &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	inst := p.Institution
	inv := domain.Invitation{Email: f.Email, FullName: f.FullName, Position: f.Position, Locale: f.Locale,
		Role: role, InstitutionID: inst.ID, InvitedBy: p.User.ID}
	if ferr == nil {
		token := randomToken()
		mail := a.invitationMail(f.Locale, inviterName(p.User), inst.Name, role, token, inst.Location(), inst.ID)
		var u domain.User
		u, ferr = a.store.Invite(c.UserContext(), inv, token, a.now(), mail, a.mailHost())
		if ferr == nil {
			a.audit(c, domain.AuditEntry{Action: domain.AuditInvitation, TargetUserID: u.ID, TargetEmail: u.Email,
				InstitutionID: inst.ID, Detail: string(role)})
			return c.Redirect(c.Path()+"?invited=1", fiber.StatusSeeOther)
		}
	}
	errs, ok := formErrors(p.Page, ferr)
	if !ok {
		return ferr
	}
	p.Errs = errs
	return a.renderMembers(c, fiber.StatusUnprocessableEntity, p)
}

// inviterName is the inviter as the mail names them, on one line whatever
// was stored before the text rule (a line break would add lines to the
// plain-text mail).
func inviterName(u domain.User) string {
	if n := domain.StripLine(u.FullName); n != "" {
		return n
	}
	return u.Email
}

func roleIn(r domain.Role, roles []domain.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// memberTarget checks the right to manage staff in the URL's institution
// and reads the member id; the member is looked up inside that institution
// by storage, so a member of another institution is 404. Nobody changes or
// removes themselves here.
func (a *App) memberTarget(c *fiber.Ctx) (membersPage, int64, error) {
	p, err := a.membersInScope(c)
	if err == nil && !p.CanManage {
		err = &domain.Error{Code: domain.EForbidden, Message: "error.forbidden"}
	}
	if err != nil {
		return p, 0, err
	}
	uid, err := paramID(c, "user")
	if err != nil {
		return p, 0, err
	}
	if uid == p.User.ID {
		return p, 0, &domain.Error{Code: domain.EInvalid, Message: "members.not_self"}
	}
	return p, uid, nil
}

// changeRole switches a member between staff and director; the member's
// sessions end at once so the new role applies to the next request.
func (a *App) changeRole(c *fiber.Ctx) error {
	p, uid, err := a.memberTarget(c)
	if err != nil {
		return err
	}
	role := domain.Role(c.FormValue("role"))
	if role != domain.RoleStaff && role != domain.RoleDirector {
		return domain.FieldError("role", "error.invalid_value")
	}
	if err := a.store.SetMemberRole(c.UserContext(), p.Institution.ID, uid, role); err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditRoleChanged, TargetUserID: uid, TargetEmail: a.emailOf(c, uid),
		InstitutionID: p.Institution.ID, Detail: string(role)})
	return c.Redirect(membersPath(p.Institution.ID), fiber.StatusSeeOther)
}

// removeMember takes a member out of the institution and ends their sessions.
func (a *App) removeMember(c *fiber.Ctx) error {
	p, uid, err := a.memberTarget(c)
	if err != nil {
		return err
	}
	email := a.emailOf(c, uid)
	if err := a.store.RemoveMember(c.UserContext(), p.Institution.ID, uid); err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditMemberRemoved, TargetUserID: uid, TargetEmail: email, InstitutionID: p.Institution.ID})
	return c.Redirect(membersPath(p.Institution.ID), fiber.StatusSeeOther)
}

// emailOf is the address of a user for the audit log ("" when unknown).
func (a *App) emailOf(c *fiber.Ctx, id int64) string {
	u, err := a.store.UserByID(c.UserContext(), id)
	if err != nil {
		return ""
	}
	return u.Email
}

func membersPath(id int64) string { return "/institutions/" + itoa(int(id)) + "/members" }

type institutionsPage struct {
	Page
	Institutions []institutionLink
}

type institutionLink struct {
	Institution domain.Institution
	CanMembers  bool
}

// listInstitutions lists the institutions in the user's scope, with a link
// to the staff list where the user may manage it.
func (a *App) listInstitutions(c *fiber.Ctx) error {
	insts, err := a.store.Institutions(c.UserContext(), actor(c).Scope())
	if err != nil {
		return err
	}
	p := institutionsPage{Page: a.page(c, "institutions.title")}
	p.Nav = "institutions"
	for _, in := range insts {
		can := authorize(c, domain.ActManageStaff, in) == nil || authorize(c, domain.ActInviteDirect, in) == nil
		p.Institutions = append(p.Institutions, institutionLink{Institution: in, CanMembers: can})
	}
	return a.render(c, fiber.StatusOK, "institutions", p)
}
