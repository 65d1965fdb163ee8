package app

import (
	"io/fs"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"planboard/views"
)

// routes is the one route table: every URL Planboard answers is here.
func (a *App) routes() {
	f := a.fiber
	f.Use(a.resolveForwarded, a.observe, withDeadline(a.cfg.RequestTimeout), a.securityHeaders, rejectBadText)

	// Operability: no session, no CSRF.
	f.Get("/healthz", a.healthz)
	f.Get("/readyz", a.readyz)
	f.Get("/metrics", a.serveMetrics)
	static, _ := fs.Sub(views.FS, "static")
	f.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 3600}))

	// Public report (embeddable: only these routes allow framing) and
	// calendar feeds (the secret token is the credential): no session.
	f.Get("/p/:slug", allowFraming, a.publicIndex)
	f.Get("/p/:slug/:file", allowFraming, a.publicReport)
	f.Get("/cal/:token", a.calendarFeed)
	// One-click unsubscribe from digests (RFC 8058): the signed link is the
	// credential, and a mail client posts it without a session or CSRF token.
	f.Get("/unsubscribe/:token", a.showUnsubscribe)
	f.Post("/unsubscribe/:token", a.unsubscribe)

	// The JSON API (issue 17): bearer tokens, problem+json; no session, no CSRF.
	a.api = a.mountAPI()

	// Everything below knows who is asking and checks CSRF on writes.
	f.Use(a.loadSession, a.checkCSRF)
	f.Get("/login", a.showLogin)
	f.Post("/login", a.login)
	f.Post("/logout", a.logout)
	f.Get("/password/forgot", a.showForgot)
	f.Post("/password/forgot", a.forgot)
	f.Get("/password/set/:token", a.showSetPassword)
	f.Post("/password/set/:token", a.setPassword)

	in := f.Group("", a.requireLogin)
	in.Get("/", a.home)
	in.Get("/plans/new", a.newPlan)
	// НОК results (issue 16): a plan drafted from the assessment (before /plans/:id).
	in.Get("/plans/new/proposal", a.showProposal)
	in.Post("/plans/new/proposal", a.createFromProposal)
	in.Get("/plans/:id", a.showPlan)
	// The inbox (issue 18): the signed-in user's own notices.
	in.Get("/notifications", a.showInbox)
	in.Get("/notifications/count", a.inboxCount)
	in.Post("/notifications/read", a.readAllNotices)
	in.Post("/notifications/:id/read", a.readNotice)
	in.Get("/settings/notifications", a.showMailSettings)
	in.Post("/settings/notifications", a.saveMailSettings)
	in.Get("/institutions/:id/mail-rules", a.showMailRules)
	in.Post("/institutions/:id/mail-rules", a.saveMailRules)
	in.Get("/admin/mail", a.adminMail)
	in.Get("/admin/mail/:id", a.adminMailShow)
	in.Post("/admin/mail/:id/resend", a.adminMailResend)
	in.Get("/profile", a.showProfile)
	in.Post("/profile", a.saveProfile)
	in.Post("/profile/password", a.changePassword)
	in.Get("/institutions", a.listInstitutions)
	in.Get("/institutions/:id/members", a.showMembers)
	in.Post("/institutions/:id/members", a.inviteMember)
	in.Post("/institutions/:id/members/:user/role", a.changeRole)
	in.Post("/institutions/:id/members/:user/remove", a.removeMember)
	// Invitations of existing accounts: answered by the invited person only (issue 13.1).
	in.Get("/invitations", a.showInvitations)
	in.Post("/invitations/:id/accept", a.acceptInvitation)
	in.Get("/invitations/:id/decline", a.askDeclineInvitation)
	in.Post("/invitations/:id/decline", a.declineInvitation)
	adm := in.Group("/admin", requireAdmin)
	adm.Get("", a.showAdmin)
	adm.Post("/founders", a.createFounder)
	adm.Post("/institutions", a.createInstitution)
	adm.Post("/invitations", a.inviteFounderUser)
	adm.Get("/audit", a.showAudit)
	// The production calendar (issue 18): corrections, a year's decree, regions.
	adm.Get("/calendar", a.showAdminCalendar)
	adm.Post("/calendar/days", a.saveCalendarDay)
	adm.Post("/calendar/days/delete", a.deleteCalendarDay)
	adm.Post("/calendar/years", a.saveCalendarYear)
	adm.Post("/calendar/holidays", a.saveRegionalHoliday)
	adm.Post("/calendar/holidays/delete", a.deleteRegionalHoliday)
	adm.Post("/calendar/regions", a.setInstitutionRegion)
	// Plan templates from files (issue 15).
	adm.Post("/templates/import", a.uploadTemplate)
	adm.Get("/templates/import/:iid", a.showTemplateImport)
	adm.Post("/templates/import/:iid", a.saveTemplateImport)
	// The plan board (issue 4): plans, items, workflow, evidence.
	in.Post("/plans", a.createPlan)
	in.Post("/plans/:id/edit", a.updatePlan)
	in.Post("/plans/:id/copy", a.copyPlan)
	in.Get("/plans/:id/board", a.showBoard)
	// Plans from and to Word and Excel files, and print (issue 15).
	in.Post("/plans/import", a.uploadNewPlan)
	in.Get("/plans/import/:iid", a.showNewPlanImport)
	in.Post("/plans/import/:iid", a.confirmNewPlanImport)
	in.Post("/plans/:id/update", a.uploadPlanUpdate)
	in.Get("/plans/:id/update/:iid", a.showPlanUpdate)
	in.Post("/plans/:id/update/:iid", a.applyPlanUpdate)
	in.Get("/plans/:id/print", a.printPlan)
	in.Get("/plans/:id/export.docx", a.exportPlan("docx"))
	in.Get("/plans/:id/export.xlsx", a.exportPlan("xlsx"))
	in.Get("/plans/:id/export.pdf", a.exportPlan("pdf"))
	in.Get("/plans/:id/export.csv", a.exportPlan("csv"))
	in.Post("/plans/:id/bulk", a.bulkAssign)
	in.Get("/plans/:id/items/new", a.newItem)
	in.Post("/plans/:id/items", a.createItem)
	in.Get("/my", a.myTasks)
	in.Get("/items/:id", a.showItem)
	in.Get("/items/:id/edit", a.editItem)
	in.Post("/items/:id/edit", a.updateItem)
	in.Get("/items/:id/delete", a.confirmDeleteItem) // issue 14: the confirmation page
	in.Post("/items/:id/delete", a.deleteItem)
	in.Post("/items/:id/move", a.moveItem)
	in.Post("/items/:id/status", a.changeStatus)
	in.Post("/items/:id/checklist/:pid", a.tickPoint)
	in.Post("/items/:id/comments", a.addComment)
	in.Post("/items/:id/attachments", a.addEvidence)
	in.Get("/items/:id/attachments/:aid", a.downloadAttachment)
	in.Post("/items/:id/occurrences/:oid", a.closeOccurrence)
	in.Post("/settings/lang", a.setLang)
	in.Get("/plans/:id/approval", a.showApproval)
	in.Get("/plans/:id/submit", a.confirmSubmitPlan)   // issue 14: the confirmation page
	in.Get("/plans/:id/approve", a.confirmApprovePlan) // issue 14: the confirmation page
	in.Post("/plans/:id/submit", a.submitPlan)
	in.Post("/plans/:id/approve", a.approvePlan)
	in.Post("/plans/:id/return", a.returnPlan)
	in.Post("/plans/:id/reapprove", a.reapprovePlan)
	in.Post("/plans/:id/reapproval", a.setReapproval)
	in.Post("/plans/:id/publish", a.publish)
	in.Post("/plans/:id/reports", a.submitReport)
	in.Get("/plans/:id/reports/:rid", a.showReport)
	in.Post("/plans/:id/reports/:rid/accept", a.acceptReport)
	in.Post("/plans/:id/reports/:rid/return", a.returnReport)
	// Issue 14 (UX): withdrawing a submitted plan, the director's review queue.
	in.Get("/plans/:id/withdraw", a.askWithdrawPlan)
	in.Post("/plans/:id/withdraw", a.withdrawPlan)
	in.Get("/review", a.showReview)
	in.Get("/founder", a.founderDashboard)
	in.Get("/founder.xlsx", a.founderXLSX)
	// НОК results (issue 16): the founder's import, hand entry, thresholds, ИНН.
	in.Get("/founder/assessments", a.showAssessments)
	in.Post("/founder/assessments", a.previewImport)
	in.Post("/founder/assessments/uploads/:id", a.confirmImport)
	in.Get("/founders/:id/thresholds", a.showThresholds)
	in.Post("/founders/:id/thresholds", a.saveThresholds)
	in.Get("/institutions/:id/assessments/:year", a.showAssessment)
	in.Post("/institutions/:id/assessments/:year", a.saveAssessment)
	in.Post("/institutions/:id/inn", a.saveINN)
	in.Get("/settings/calendar", a.showCalendar)
	in.Post("/settings/calendar", a.regenerateCalendar)
	// Personal access tokens and webhooks (issue 17); the JSON API is mounted above.
	in.Get("/settings/tokens", a.showTokens)
	in.Post("/settings/tokens", a.createToken)
	in.Get("/settings/tokens/:id/revoke", a.confirmRevoke(false))
	in.Post("/settings/tokens/:id/revoke", a.revokeToken(false))
	adm.Get("/tokens", a.adminTokens)
	adm.Get("/tokens/:id/revoke", a.confirmRevoke(true))
	adm.Post("/tokens/:id/revoke", a.revokeToken(true))
	ih := a.institutionHookPages()
	in.Get("/institutions/:id/webhooks", ih.list)
	in.Post("/institutions/:id/webhooks", ih.create)
	in.Get("/institutions/:id/webhooks/:wid", ih.show)
	in.Post("/institutions/:id/webhooks/:wid", ih.update)
	in.Post("/institutions/:id/webhooks/:wid/rotate", ih.rotate)
	in.Post("/institutions/:id/webhooks/:wid/deliveries/:did/resend", ih.resend)
	fh := a.founderHookPages()
	in.Get("/founder/webhooks", fh.list)
	in.Post("/founder/webhooks", fh.create)
	in.Get("/founder/webhooks/:wid", fh.show)
	in.Post("/founder/webhooks/:wid", fh.update)
	in.Post("/founder/webhooks/:wid/rotate", fh.rotate)
	in.Post("/founder/webhooks/:wid/deliveries/:did/resend", fh.resend)

	f.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
