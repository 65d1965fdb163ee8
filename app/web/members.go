package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
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
	Pending     []domain.PendingInvitation // invitations of existing accounts: the address typed only
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
	ctx := c.UserContext()
	members, err := a.store.InstitutionMembers(ctx, p.Institution.ID)
	if err != nil {
		return err
	}
	if p.Pending, err = a.store.PendingInvitationsOf(ctx, p.Institution.ID, a.now()); err != nil {
		return err
	}
	// A member invited as a new address who has not set a password is
	// listed with the invitations, as an existing account's invitation is:
	// the inviter cannot tell the two apart (docs/security-hardening.md).
	invited := map[int64]bool{}
	for _, pi := range p.Pending {
		if pi.ID == 0 {
			invited[pi.UserID] = true
		}
	}
	for _, m := range members {
		if !invited[m.User.ID] {
			p.Members = append(p.Members, m)
		}
	}
	return a.render(c, status, "members", p)
}

// showMembers is the staff list of an institution.
func (a *App) showMembers(c *fiber.Ctx) error {
	p, err := a.membersInScope(c)
	if err != nil {
		return err
	}
	return a.renderMembers(c, fiber.StatusOK, p)
}

// readInviteForm reads the allow-listed fields of an invitation form;
// the service validates them.
func readInviteForm(c *fiber.Ctx) inviteForm {
	return inviteForm{Email: normEmail(c.FormValue("email")), FullName: strings.TrimSpace(c.FormValue("full_name")),
		Position: strings.TrimSpace(c.FormValue("position")), Role: c.FormValue("role"), Locale: c.FormValue("locale")}
}

// inviteMember invites someone to the institution as staff (director) or as
// director (founder, admin): a new address gets an account and a link, an
// existing account a pending invitation it answers itself (service.Invite).
func (a *App) inviteMember(c *fiber.Ctx) error {
	p, err := a.membersInScope(c)
	if err != nil {
		return err
	}
	f := readInviteForm(c)
	p.Form = f
	inst := p.Institution
	res, err := a.svc.Invite(c.UserContext(), caller(c), service.Invitation{Email: f.Email, FullName: f.FullName, Position: f.Position,
		Locale: f.Locale, Role: domain.Role(f.Role), InstitutionID: inst.ID})
	if err == nil {
		detail := f.Role
		if res.Pending {
			detail += " (pending)"
		}
		if res.Refused {
			detail += " (refused: not invitable, answered as sent)"
		}
		a.audit(c, domain.AuditEntry{Action: domain.AuditInvitation, TargetUserID: res.UserID, TargetEmail: f.Email,
			InstitutionID: inst.ID, Detail: detail})
		return a.done(c, c.Path(), "members.invited")
	}
	errs, ok := formErrors(p.Page, err)
	if !ok {
		return err
	}
	p.Errs = errs
	return a.renderMembers(c, fiber.StatusUnprocessableEntity, p)
}

// memberParams reads the institution and member ids of the URL.
func memberParams(c *fiber.Ctx) (int64, int64, error) {
	inst, err := paramID(c, "id")
	if err != nil {
		return 0, 0, err
	}
	uid, err := paramID(c, "user")
	return inst, uid, err
}

// changeRole switches a member between staff and director; the new role
// applies to the member's live sessions from their next request.
func (a *App) changeRole(c *fiber.Ctx) error {
	inst, uid, err := memberParams(c)
	if err != nil {
		return err
	}
	role := domain.Role(c.FormValue("role"))
	if err := a.svc.ChangeRole(c.UserContext(), caller(c), inst, uid, role); err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditRoleChanged, TargetUserID: uid, TargetEmail: a.emailOf(c, uid),
		InstitutionID: inst, Detail: string(role)})
	return a.done(c, membersPath(inst), "members.role_changed")
}

// removeMember takes a member out of the institution (their sessions end
// only when no membership is left).
func (a *App) removeMember(c *fiber.Ctx) error {
	inst, uid, err := memberParams(c)
	if err != nil {
		return err
	}
	email := a.emailOf(c, uid)
	if err := a.svc.Remove(c.UserContext(), caller(c), inst, uid); err != nil {
		return err
	}
	a.audit(c, domain.AuditEntry{Action: domain.AuditMemberRemoved, TargetUserID: uid, TargetEmail: email, InstitutionID: inst})
	return a.done(c, membersPath(inst), "members.removed")
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
