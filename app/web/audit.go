package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// audit appends an entry to the audit log with the time, the acting user
// and the client address filled in. A failure is logged, never shown: the
// action it records has already happened.
func (a *App) audit(c *fiber.Ctx, e domain.AuditEntry) {
	e.At = a.now()
	e.IP = c.IP()
	if u, ok := c.Locals(localUser).(domain.User); ok && e.ActorID == 0 {
		e.ActorID, e.ActorEmail = u.ID, u.Email
	}
	if err := a.store.AddAudit(c.UserContext(), e); err != nil {
		a.log.Error("audit log", "err", err, "action", e.Action, "request_id", requestID(c))
	}
}

const auditPageSize = 100

type auditPage struct {
	Page
	Entries []domain.AuditEntry
	Older   int64 // id to continue from, 0 when this is the last page
}

// showAudit lists the audit log, newest first, a page at a time.
func (a *App) showAudit(c *fiber.Ctx) error {
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	entries, err := a.store.AuditLog(c.UserContext(), before, auditPageSize)
	if err != nil {
		return err
	}
	p := auditPage{Page: a.page(c, "audit.title"), Entries: entries}
	p.Nav = "admin"
	if len(entries) == auditPageSize {
		p.Older = entries[len(entries)-1].ID
	}
	return a.render(c, fiber.StatusOK, "audit", p)
}

// AuditTime formats an audit time in UTC, to the second.
func (p auditPage) AuditTime(e domain.AuditEntry) string {
	return e.At.UTC().Format("2006-01-02 15:04:05") + " UTC"
}
