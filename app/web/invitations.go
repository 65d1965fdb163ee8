package web

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// Invitations of existing accounts (docs/accounts.md): the invited person sees
// them when signed in (on the home page and at /invitations) and accepts
// or declines; only they can, anyone else's id is 404.

type invitationsPage struct {
	Page
	Invitations []domain.PendingInvitation
}

type declineInvitationPage struct {
	Page
	Invitation domain.PendingInvitation
}

// showInvitations lists the invitations addressed to the signed-in person.
func (a *App) showInvitations(c *fiber.Ctx) error {
	list, err := a.svc.Invitations(c.UserContext(), caller(c))
	if err != nil {
		return err
	}
	p := a.page(c, "invitations.title")
	p.Nav = "invitations"
	return a.render(c, fiber.StatusOK, "invitations", invitationsPage{Page: p, Invitations: list})
}

// acceptInvitation makes the signed-in person a member as their invitation says.
func (a *App) acceptInvitation(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	inv, err := a.svc.AcceptInvitation(c.UserContext(), caller(c), id)
	if err != nil {
		return err
	}
	u := currentUser(c)
	a.audit(c, domain.AuditEntry{Action: domain.AuditInviteAccepted, TargetUserID: u.ID, TargetEmail: u.Email,
		InstitutionID: inv.InstitutionID, Detail: string(inv.Role) + " " + inv.Where})
	return a.done(c, "/", "invitations.accepted")
}

// askDeclineInvitation asks before declining: the step cannot be undone
// (only a new invitation brings it back).
func (a *App) askDeclineInvitation(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	inv, err := a.svc.Invitation(c.UserContext(), caller(c), id)
	if err != nil {
		return err
	}
	p := a.page(c, "invitations.decline_title")
	p.Nav = "invitations"
	return a.render(c, fiber.StatusOK, "invitation_decline", declineInvitationPage{Page: p, Invitation: inv})
}

// declineInvitation removes the signed-in person's invitation.
func (a *App) declineInvitation(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	inv, err := a.svc.DeclineInvitation(c.UserContext(), caller(c), id)
	if err != nil {
		return err
	}
	u := currentUser(c)
	a.audit(c, domain.AuditEntry{Action: domain.AuditInviteDeclined, TargetUserID: u.ID, TargetEmail: u.Email,
		InstitutionID: inv.InstitutionID, Detail: string(inv.Role) + " " + inv.Where})
	return a.done(c, "/", "invitations.declined")
}
