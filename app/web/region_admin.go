package web

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/app/service"
	"planboard/domain"
)

// The admin's oversight tree (docs/regions.md): regions and the federal
// level above them, founders attached under them, their people invited.

type regionAdminPage struct {
	Page
	Tree     service.RegionTree
	Founders []domain.Founder
	Locales  []string
	Node     domain.OverseerInput
	AttachF  int64 // the attach form's founder and node, as typed
	AttachN  int64
	InviteN  int64
	Invite   inviteForm
	Errs     formErrs
}

// Form is the invitation part of the region-invite form (partial "invite_fields").
func (p regionAdminPage) Form() inviteForm { return p.Invite }

// NodeName is the name of node id ("" for none).
func (p regionAdminPage) NodeName(id int64) string {
	for _, n := range p.Tree.Nodes {
		if n.ID == id {
			return n.Name
		}
	}
	return ""
}

// Indent is the visual depth of a node in the list.
func (p regionAdminPage) Indent(o domain.Overseer) int { return o.Depth() * 2 }

func (a *App) regionAdminPage(c *fiber.Ctx) regionAdminPage {
	p := a.page(c, "region.admin.title")
	p.Nav = "admin"
	return regionAdminPage{Page: p, Locales: domain.Locales, Errs: formErrs{}, Invite: inviteForm{Locale: "ru"}}
}

func (a *App) renderRegionAdmin(c *fiber.Ctx, status int, p regionAdminPage, err error) error {
	if err != nil {
		errs, ok := formErrors(p.Page, err)
		if !ok {
			return err
		}
		p.Errs = errs
	}
	var lerr error
	if p.Tree, lerr = a.svc.RegionTree(c.UserContext(), caller(c)); lerr != nil {
		return lerr
	}
	if p.Founders, lerr = a.store.Founders(c.UserContext(), domain.Scope{All: true}); lerr != nil {
		return lerr
	}
	return a.render(c, status, "admin_regions", p)
}

func (a *App) showRegionAdmin(c *fiber.Ctx) error {
	return a.renderRegionAdmin(c, fiber.StatusOK, a.regionAdminPage(c), nil)
}

// createRegion adds a node of the tree (a region, or a level above).
func (a *App) createRegion(c *fiber.Ctx) error {
	p := a.regionAdminPage(c)
	p.Node = domain.OverseerInput{ParentID: formID(c, "parent_id"), Name: c.FormValue("name"), ShortName: c.FormValue("short_name")}
	o, err := a.svc.CreateOverseer(c.UserContext(), caller(c), p.Node)
	if err == nil {
		a.audit(c, domain.AuditEntry{Action: domain.AuditRegionCreated, Detail: o.Name})
		return a.done(c, "/admin/regions", "region.flash.created", o.Name)
	}
	return a.renderRegionAdmin(c, fiber.StatusUnprocessableEntity, p, err)
}

// attachFounder puts a founder under a node (or takes it out: node 0).
func (a *App) attachFounder(c *fiber.Ctx) error {
	p := a.regionAdminPage(c)
	p.AttachF, p.AttachN = formID(c, "founder_id"), formID(c, "region_id")
	var err error = domain.FieldError("attach_region", "region.attach_unknown")
	if _, perr := strconv.ParseInt(c.FormValue("region_id"), 10, 64); perr == nil { // anything else is no node, not «none»
		err = a.svc.AttachFounder(c.UserContext(), caller(c), p.AttachF, p.AttachN)
	}
	if err == nil {
		a.audit(c, domain.AuditEntry{Action: domain.AuditRegionAttached, Detail: fmt.Sprintf("founder %d → region %d", p.AttachF, p.AttachN)})
		return a.done(c, "/admin/regions", "region.flash.attached")
	}
	return a.renderRegionAdmin(c, fiber.StatusUnprocessableEntity, p, err)
}

// inviteRegionUser invites a person to a node (role «регион»).
func (a *App) inviteRegionUser(c *fiber.Ctx) error {
	p := a.regionAdminPage(c)
	p.Invite, p.InviteN = readInviteForm(c), formID(c, "region_id")
	var res service.InviteResult
	var err error = domain.FieldError("region_id", "region.required")
	if p.InviteN > 0 {
		res, err = a.svc.Invite(c.UserContext(), caller(c), service.Invitation{Email: p.Invite.Email, FullName: p.Invite.FullName,
			Position: p.Invite.Position, Locale: p.Invite.Locale, Role: domain.RoleRegion, OverseerID: p.InviteN})
	}
	if err == nil {
		a.audit(c, domain.AuditEntry{Action: domain.AuditInvitation, TargetUserID: res.UserID, TargetEmail: p.Invite.Email, Detail: "region " + res.Where})
		return a.done(c, "/admin/regions", "flash.invitation_sent", p.Invite.Email)
	}
	return a.renderRegionAdmin(c, fiber.StatusUnprocessableEntity, p, err)
}

// Summary lists the form's errors for the summary at the top (errsummary.go).
func (p regionAdminPage) Summary() []*fieldErr { return p.Errs.sorted() }
