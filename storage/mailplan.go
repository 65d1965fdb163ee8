package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// mailDayCTE computes, for every institution, its reminder rules (the
// defaults without a row in institution_mail_rules), its day at the sweep's
// moment (in its own zone) and whether it is a quiet day: a non-working day
// of its production calendar (weekends, the federal holidays and transfers,
// the admin's corrections, its region's holidays), unless the institution
// mails on days off too. cal numbers each calendar's days in the window of
// loadMailCalendar: ord counts the working days up to and including d, so
// "N working days after d" is the working day whose ord is ord(d) + N.
// The placeholders are mailCalendar.args: calendars, window, non-working
// days, then the moment.
const mailDayCTE = `cal_key AS (SELECT unnest(?::text[]) AS key),
cal AS (
	SELECT k.key, g.d::date AS d, nw.d IS NULL AS working,
		count(*) FILTER (WHERE nw.d IS NULL) OVER (PARTITION BY k.key ORDER BY g.d) AS ord
	FROM cal_key k
	CROSS JOIN generate_series(?::date, ?::date, interval '1 day') g(d)
	LEFT JOIN unnest(?::text[], ?::date[]) nw(key, d) ON nw.key = k.key AND nw.d = g.d::date),
inst AS (
	SELECT i.id, i.founder_id, i.name, (?::timestamptz AT TIME ZONE i.time_zone)::date AS today,
		coalesce((SELECT k.key FROM cal_key k WHERE k.key = i.region), '') AS cal,
		coalesce(r.remind_offsets, '{7,3,1,0}') AS remind_offsets, coalesce(r.overdue_every, 3) AS overdue_every,
		coalesce(r.escalate_director, 3) AS escalate_director, coalesce(r.escalate_founder, 14) AS escalate_founder,
		coalesce(r.mail_on_weekends, false) AS mail_on_weekends,
		coalesce(r.remind_working_days, false) AS remind_working_days, coalesce(r.escalate_working_days, true) AS escalate_working_days
	FROM institutions i LEFT JOIN institution_mail_rules r ON r.institution_id = i.id),
inst_day AS (
	SELECT inst.*, (NOT c.working AND NOT mail_on_weekends) AS quiet, c.ord AS today_ord, mc.ord AS month_ord
	FROM inst
	JOIN cal c ON c.key = inst.cal AND c.d = inst.today
	JOIN cal mc ON mc.key = inst.cal AND mc.d = date_trunc('month', inst.today)::date - 1),
wd AS (SELECT key, ord, d FROM cal WHERE working)`

// itemMailsSQL finds every scheduled item mail that is due and not yet in
// the ledger, in one statement whatever the number of items:
//   - reminder: the latest offset (user's, else the institution's) that has
//     been reached before the deadline, keyed by the day it fell due, so a
//     mail missed while the server was down goes out once later, and an older
//     offset is superseded by a newer one; offsets count calendar days, or
//     working days (N > 0: the N-th working day before the deadline);
//   - overdue: on the day after the deadline, then every overdue_every days;
//   - escalations: once, after escalate_director / escalate_founder days,
//     calendar days or working days (the N-th working day after the
//     deadline, keyed by that day).
//
// Recipients must still belong to the institution (or its founder), so a
// mail lists only what its recipient may see. Non-urgent mail (all but the
// reminders of the last day and the day itself, see domain/mailkinds.go)
// waits on quiet days: it is not a candidate then, and on the next working
// day it is one with the day it fell due, so its key is the same and the
// NOT EXISTS below plans it once.
const itemMailsSQL = `WITH ` + mailDayCTE + `,
open_item AS (
	SELECT it.id, it.plan_id, it.section, it.measure, it.deadline_date AS due, it.status, it.assignee_id,
		it.institution_id, n.founder_id, n.name AS inst_name, n.today, n.quiet, n.remind_offsets,
		n.overdue_every, n.escalate_director, n.escalate_founder, it.deadline_date - n.today AS days_left,
		n.cal, n.today_ord, n.remind_working_days, n.escalate_working_days, dc.ord AS due_ord, pc.ord AS due_prev_ord
	FROM items it
	JOIN plans p ON p.id = it.plan_id AND p.status <> 'closed'
	JOIN inst_day n ON n.id = it.institution_id
	LEFT JOIN cal dc ON dc.key = n.cal AND dc.d = it.deadline_date
	LEFT JOIN cal pc ON pc.key = n.cal AND pc.d = it.deadline_date - 1
	WHERE it.status IN ('planned', 'in_progress') AND it.deadline_date IS NOT NULL),
cand AS (
	SELECT 'reminder' AS kind, o.*, u.id AS uid,
		CASE WHEN NOT o.remind_working_days OR r.off = 0 THEN o.due - r.off ELSE w.d END AS day
	FROM open_item o
	JOIN users u ON u.id = o.assignee_id
	JOIN memberships m ON m.user_id = u.id AND m.institution_id = o.institution_id
	LEFT JOIN user_mail_settings us ON us.user_id = u.id
	CROSS JOIN LATERAL (SELECT min(x) AS off FROM unnest(coalesce(us.remind_offsets, o.remind_offsets)) x
		WHERE CASE WHEN o.remind_working_days THEN (x = 0 AND o.days_left = 0) OR (x > 0 AND x > o.due_prev_ord - o.today_ord)
			ELSE x >= o.days_left END) r
	LEFT JOIN wd w ON o.remind_working_days AND r.off > 0 AND w.key = o.cal AND w.ord = o.due_prev_ord - r.off + 1
	WHERE o.days_left >= 0 AND r.off IS NOT NULL AND (NOT o.quiet OR o.days_left <= 1)
		AND (NOT o.remind_working_days OR r.off = 0 OR w.d IS NOT NULL)
	UNION ALL
	SELECT 'overdue', o.*, u.id, o.due + 1 + o.overdue_every * ((-o.days_left - 1) / o.overdue_every)
	FROM open_item o
	JOIN users u ON u.id = o.assignee_id
	JOIN memberships m ON m.user_id = u.id AND m.institution_id = o.institution_id
	WHERE o.days_left < 0 AND NOT o.quiet
	UNION ALL
	SELECT 'escalation_director', o.*, m.user_id, CASE WHEN o.escalate_working_days THEN w.d ELSE o.due + o.escalate_director END
	FROM open_item o
	JOIN memberships m ON m.institution_id = o.institution_id AND m.role = 'director'
	LEFT JOIN wd w ON o.escalate_working_days AND w.key = o.cal AND w.ord = o.due_ord + o.escalate_director
	WHERE o.days_left < 0 AND NOT o.quiet AND CASE WHEN o.escalate_working_days THEN w.d <= o.today
		ELSE -o.days_left >= o.escalate_director END
	UNION ALL
	SELECT 'escalation_founder', o.*, m.user_id, CASE WHEN o.escalate_working_days THEN w.d ELSE o.due + o.escalate_founder END
	FROM open_item o
	JOIN memberships m ON m.founder_id = o.founder_id AND m.role = 'founder'
	LEFT JOIN wd w ON o.escalate_working_days AND w.key = o.cal AND w.ord = o.due_ord + o.escalate_founder
	WHERE o.days_left < 0 AND NOT o.quiet AND CASE WHEN o.escalate_working_days THEN w.d <= o.today
		ELSE -o.days_left >= o.escalate_founder END)
SELECT c.kind, c.id AS item_id, c.plan_id, c.section, c.measure, c.due, c.status, c.institution_id, c.inst_name,
	c.today, c.day, u.id AS uid, u.email, u.full_name, u.locale, coalesce(a.full_name, '') AS assignee
FROM cand c
JOIN users u ON u.id = c.uid
LEFT JOIN users a ON a.id = c.assignee_id
WHERE NOT EXISTS (SELECT 1 FROM mail_outbox mo
	WHERE mo.dedupe_key = c.kind || ':' || c.id || ':' || c.uid || ':' || to_char(c.day, 'YYYY-MM-DD'))
ORDER BY c.institution_id, c.id, c.kind, u.id`

type candidateRow struct {
	Kind          string    `bun:"kind"`
	ItemID        int64     `bun:"item_id"`
	PlanID        int64     `bun:"plan_id"`
	Section       string    `bun:"section"`
	Measure       string    `bun:"measure"`
	Due           time.Time `bun:"due"`
	Status        string    `bun:"status"`
	InstitutionID int64     `bun:"institution_id"`
	InstName      string    `bun:"inst_name"`
	Today         time.Time `bun:"today"`
	Day           time.Time `bun:"day"`
	UID           int64     `bun:"uid"`
	Email         string    `bun:"email"`
	FullName      string    `bun:"full_name"`
	Locale        string    `bun:"locale"`
	Assignee      string    `bun:"assignee"`
	SubjectID     int64     `bun:"subject_id"`
}

func (r *candidateRow) domain() domain.MailCandidate {
	c := domain.MailCandidate{Kind: r.Kind, SubjectID: r.SubjectID, Day: fromNullDate(&r.Day), Today: fromNullDate(&r.Today),
		Recipient:     domain.MailRecipient{ID: r.UID, Email: r.Email, Name: r.FullName, Locale: r.Locale},
		InstitutionID: r.InstitutionID, Institution: r.InstName}
	if r.ItemID != 0 {
		c.SubjectID = r.ItemID
		c.Item = domain.MailItem{ID: r.ItemID, PlanID: r.PlanID, Section: domain.Section(r.Section), Measure: r.Measure,
			Due: fromNullDate(&r.Due), Status: domain.ItemStatus(r.Status), Assignee: r.Assignee}
	}
	return c
}

func candidates(rows []candidateRow) []domain.MailCandidate {
	out := make([]domain.MailCandidate, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out
}

// DueItemMails returns the scheduled item mails (reminders, overdue notices,
// escalations) due at now and not yet planned, in one query.
func (s *Store) DueItemMails(ctx context.Context, now time.Time) ([]domain.MailCandidate, error) {
	cal, err := s.loadMailCalendar(ctx, now)
	if err != nil {
		return nil, err
	}
	var rows []candidateRow
	if err := s.db.NewRaw(itemMailsSQL, cal.args(now)...).Scan(ctx, &rows); err != nil {
		return nil, mapErr(err)
	}
	return candidates(rows), nil
}

// digestsSQL finds the weekly digests due: one per director who wants
// digests, keyed by the Monday of the institution's current week, sent on
// the first working day of that week the sweep runs.
const digestsSQL = `WITH ` + mailDayCTE + `,
cand AS (
	SELECT n.id AS institution_id, n.name AS inst_name, n.today, n.today - (extract(isodow FROM n.today)::int - 1) AS day,
		u.id AS uid, u.email, u.full_name, u.locale
	FROM inst_day n
	JOIN memberships m ON m.institution_id = n.id AND m.role = 'director'
	JOIN users u ON u.id = m.user_id
	LEFT JOIN user_mail_settings us ON us.user_id = u.id
	WHERE NOT n.quiet AND coalesce(us.mail_digests, true))
SELECT 'digest' AS kind, c.institution_id AS subject_id, c.* FROM cand c
WHERE NOT EXISTS (SELECT 1 FROM mail_outbox mo
	WHERE mo.dedupe_key = 'digest:' || c.institution_id || ':' || c.uid || ':' || to_char(c.day, 'YYYY-MM-DD'))
ORDER BY c.institution_id, c.uid`

// digestItemsSQL reads what the due digests list, for all their
// institutions at once: overdue, due within a week, awaiting acceptance,
// done in the last seven days.
const digestItemsSQL = `WITH ` + mailDayCTE + `
SELECT it.id, it.plan_id, it.section, it.measure, it.deadline_date AS due, it.status, it.completed_on,
	it.institution_id, coalesce(a.full_name, '') AS assignee
FROM items it
JOIN plans p ON p.id = it.plan_id AND p.status <> 'closed'
JOIN inst_day n ON n.id = it.institution_id
LEFT JOIN users a ON a.id = it.assignee_id
WHERE it.institution_id = ANY(?) AND (
	(it.status IN ('planned', 'in_progress') AND it.deadline_date <= n.today + 7)
	OR it.status = 'review'
	OR (it.status = 'done' AND it.completed_on > n.today - 7))
ORDER BY it.institution_id, it.section, it.position, it.id`

type digestItemRow struct {
	ID            int64      `bun:"id"`
	PlanID        int64      `bun:"plan_id"`
	Section       string     `bun:"section"`
	Measure       string     `bun:"measure"`
	Due           *time.Time `bun:"due"`
	Status        string     `bun:"status"`
	CompletedOn   *time.Time `bun:"completed_on"`
	InstitutionID int64      `bun:"institution_id"`
	Assignee      string     `bun:"assignee"`
}

// DueDigests returns the weekly digests due at now and not yet planned, and
// the items they list by institution: two queries in all.
func (s *Store) DueDigests(ctx context.Context, now time.Time) ([]domain.MailCandidate, map[int64][]domain.MailItem, error) {
	cal, err := s.loadMailCalendar(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	var rows []candidateRow
	if err := s.db.NewRaw(digestsSQL, cal.args(now)...).Scan(ctx, &rows); err != nil || len(rows) == 0 {
		return nil, nil, mapErr(err)
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.InstitutionID)
	}
	var items []digestItemRow
	if err := s.db.NewRaw(digestItemsSQL, append(cal.args(now), pgdialect.Array(ids))...).Scan(ctx, &items); err != nil {
		return nil, nil, mapErr(err)
	}
	by := map[int64][]domain.MailItem{}
	for _, it := range items {
		by[it.InstitutionID] = append(by[it.InstitutionID], domain.MailItem{ID: it.ID, PlanID: it.PlanID,
			Section: domain.Section(it.Section), Measure: it.Measure, Due: fromNullDate(it.Due),
			Status: domain.ItemStatus(it.Status), Assignee: it.Assignee, CompletedOn: fromNullDate(it.CompletedOn)})
	}
	return candidates(rows), by, nil
}

// summariesSQL finds the monthly summaries due: one per founder user, keyed
// by the first of the month in the zone of the founder's first institution,
// sent on the first working day the sweep runs; one missed in the first
// five working days of the month (the New Year holidays do not count) is no
// longer sent.
const summariesSQL = `WITH ` + mailDayCTE + `,
fz AS (
	SELECT DISTINCT ON (founder_id) founder_id, today, quiet, today_ord - month_ord AS working_days FROM inst_day ORDER BY founder_id, id),
cand AS (
	SELECT fz.founder_id AS subject_id, f.name AS inst_name, fz.today, date_trunc('month', fz.today)::date AS day,
		u.id AS uid, u.email, u.full_name, u.locale
	FROM fz
	JOIN founders f ON f.id = fz.founder_id
	JOIN memberships m ON m.founder_id = fz.founder_id AND m.role = 'founder'
	JOIN users u ON u.id = m.user_id
	LEFT JOIN user_mail_settings us ON us.user_id = u.id
	WHERE coalesce(us.mail_digests, true) AND NOT fz.quiet AND fz.working_days <= 5)
SELECT 'summary' AS kind, c.* FROM cand c
WHERE NOT EXISTS (SELECT 1 FROM mail_outbox mo
	WHERE mo.dedupe_key = 'summary:' || c.subject_id || ':' || c.uid || ':' || to_char(c.day, 'YYYY-MM-DD'))
ORDER BY c.subject_id, c.uid`

// summaryRowsSQL aggregates, for the founders of the due summaries, each
// institution's progress: items, done, overdue, changes last month.
const summaryRowsSQL = `WITH ` + mailDayCTE + `,
hist AS (
	SELECT h.institution_id, count(*) AS n
	FROM item_history h JOIN inst_day n ON n.id = h.institution_id
	WHERE n.founder_id = ANY(?) AND h.at >= (date_trunc('month', n.today) - interval '1 month')
		AND h.at < date_trunc('month', n.today)
	GROUP BY h.institution_id)
SELECT n.id AS institution_id, n.founder_id, n.name,
	count(it.id) FILTER (WHERE it.status NOT IN ('cancelled')) AS total,
	count(it.id) FILTER (WHERE it.status = 'done') AS done,
	count(it.id) FILTER (WHERE it.status IN ('planned', 'in_progress', 'review') AND it.deadline_date < n.today) AS overdue,
	coalesce(max(hist.n), 0) AS changes
FROM inst_day n
LEFT JOIN plans p ON p.institution_id = n.id AND p.status <> 'closed'
LEFT JOIN items it ON it.plan_id = p.id
LEFT JOIN hist ON hist.institution_id = n.id
WHERE n.founder_id = ANY(?)
GROUP BY n.id, n.founder_id, n.name, n.today
ORDER BY n.founder_id, n.name`

type summaryRow struct {
	InstitutionID int64  `bun:"institution_id"`
	FounderID     int64  `bun:"founder_id"`
	Name          string `bun:"name"`
	Total         int    `bun:"total"`
	Done          int    `bun:"done"`
	Overdue       int    `bun:"overdue"`
	Changes       int    `bun:"changes"`
}

// DueSummaries returns the monthly founder summaries due at now and not yet
// planned, and their lines by founder: two queries in all.
func (s *Store) DueSummaries(ctx context.Context, now time.Time) ([]domain.MailCandidate, map[int64][]domain.InstitutionSummary, error) {
	cal, err := s.loadMailCalendar(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	var rows []candidateRow
	if err := s.db.NewRaw(summariesSQL, cal.args(now)...).Scan(ctx, &rows); err != nil || len(rows) == 0 {
		return nil, nil, mapErr(err)
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.SubjectID)
	}
	var lines []summaryRow
	if err := s.db.NewRaw(summaryRowsSQL, append(cal.args(now), pgdialect.Array(ids), pgdialect.Array(ids))...).Scan(ctx, &lines); err != nil {
		return nil, nil, mapErr(err)
	}
	by := map[int64][]domain.InstitutionSummary{}
	for _, l := range lines {
		by[l.FounderID] = append(by[l.FounderID], domain.InstitutionSummary{InstitutionID: l.InstitutionID,
			FounderID: l.FounderID, Name: l.Name, Total: l.Total, Done: l.Done, Overdue: l.Overdue, Changes: l.Changes})
	}
	return candidates(rows), by, nil
}
