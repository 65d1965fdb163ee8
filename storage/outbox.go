package storage

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type outboxRow struct {
	bun.BaseModel   `bun:"table:mail_outbox,alias:mo"`
	ID              int64      `bun:"id,pk,autoincrement"`
	DedupeKey       string     `bun:"dedupe_key"`
	Kind            string     `bun:"kind"`
	SubjectID       int64      `bun:"subject_id"`
	RecipientID     int64      `bun:"recipient_id,nullzero"`
	InstitutionID   int64      `bun:"institution_id,nullzero"`
	ToEmail         string     `bun:"to_email"`
	Subject         string     `bun:"subject"`
	BodyText        string     `bun:"body_text"`
	BodyHTML        string     `bun:"body_html"`
	MessageID       string     `bun:"message_id"`
	ItemDeadline    *time.Time `bun:"item_deadline"`
	ListUnsubscribe string     `bun:"list_unsubscribe"`
	Status          string     `bun:"status"`
	Attempts        int        `bun:"attempts,scanonly"`
	LastError       string     `bun:"last_error,scanonly"`
	DropReason      string     `bun:"drop_reason,scanonly"`
	CreatedAt       time.Time  `bun:"created_at,scanonly"`
	SentAt          *time.Time `bun:"sent_at,scanonly"`
	NextAttemptAt   time.Time  `bun:"next_attempt_at,nullzero,default:now()"`
}

func newOutboxRow(m domain.Mail, host string) outboxRow {
	return outboxRow{DedupeKey: m.DedupeKey(), Kind: m.Kind, SubjectID: m.SubjectID, RecipientID: m.RecipientID,
		InstitutionID: m.InstitutionID, ToEmail: m.To, Subject: m.Subject, BodyText: m.Text, BodyHTML: m.HTML,
		MessageID: m.MessageID(host), ItemDeadline: nullDate(m.ItemDeadline), ListUnsubscribe: m.ListUnsubscribe,
		Status: "planned"}
}

func (r *outboxRow) domain() domain.OutboxMail {
	m := domain.OutboxMail{ID: r.ID, Kind: r.Kind, SubjectID: r.SubjectID, RecipientID: r.RecipientID,
		InstitutionID: r.InstitutionID, To: r.ToEmail, Subject: r.Subject, Text: r.BodyText, HTML: r.BodyHTML,
		MessageID: r.MessageID, ListUnsubscribe: r.ListUnsubscribe, Status: r.Status, Attempts: r.Attempts,
		LastError: r.LastError, DropReason: r.DropReason, CreatedAt: r.CreatedAt, NextAttemptAt: r.NextAttemptAt}
	if r.SentAt != nil {
		m.SentAt = *r.SentAt
	}
	return m
}

// EnqueueMail plans a mail in the ledger. A mail with the same dedupe key is
// planned once: the second call reports false and changes nothing.
func (s *Store) EnqueueMail(ctx context.Context, m domain.Mail, host string) (bool, error) {
	keys, err := s.insertOutbox(ctx, []domain.Mail{m}, host, "planned")
	return len(keys) == 1, err
}

// planNotices plans the mails and webhook events of a change; called
// inside its transaction.
func (s *Store) planNotices(ctx context.Context, n domain.Notices) error {
	if _, err := s.EnqueueMails(ctx, n.Mails, n.Host); err != nil {
		return err
	}
	return s.enqueueEvents(ctx, n.Events)
}

// EnqueueMails plans many mails with one statement, whatever their number
// (rows already planned are skipped), and reports how many were new.
func (s *Store) EnqueueMails(ctx context.Context, mails []domain.Mail, host string) (int, error) {
	keys, err := s.insertOutbox(ctx, mails, host, "planned")
	return len(keys), err
}

// EnqueueGrouped plans grouped mails in one transaction: first a row of
// status 'grouped' for each of markers (one per subject and recipient, so
// each is taken once, whoever plans at the same time), then the mails that
// group returns for the markers that were new here (their indexes).
func (s *Store) EnqueueGrouped(ctx context.Context, markers []domain.Mail, host string, group func(fresh []int) ([]domain.Mail, error)) (int, error) {
	if len(markers) == 0 {
		return 0, nil
	}
	var n int
	err := s.InTx(ctx, func(tx *Store) error {
		keys, err := tx.insertOutbox(ctx, markers, host, "grouped")
		if err != nil || len(keys) == 0 {
			return err
		}
		taken := make(map[string]bool, len(keys))
		for _, k := range keys {
			taken[k] = true
		}
		var fresh []int
		for i, m := range markers {
			if taken[m.DedupeKey()] {
				fresh = append(fresh, i)
			}
		}
		mails, err := group(fresh)
		if err != nil {
			return err
		}
		n, err = tx.EnqueueMails(ctx, mails, host)
		return err
	})
	return n, err
}

// insertOutbox inserts mails with the given status in one statement,
// skipping keys already taken, and returns the keys it inserted. The same
// statement applies each recipient's channel for the kind
// (user_notice_channels; both by default): a planned mail whose recipient
// chose the inbox only or nothing is written as dropped with the reason
// 'channel' (its key taken, so the planner does not find it again, and the
// admin sees why it was not sent), and the inbox notes of every mail newly
// inserted here go to the recipient's inbox when the channel includes it,
// keyed by the mail's key: a notice is in the inbox once, like its mail.
func (s *Store) insertOutbox(ctx context.Context, mails []domain.Mail, host, status string) ([]string, error) {
	if len(mails) == 0 {
		return nil, nil
	}
	n := len(mails)
	keys, kinds, tos, subjects, texts, htmls, mids, unsubs := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	subj, recip, inst := make([]int64, n), make([]int64, n), make([]int64, n)
	deadlines := make([]*time.Time, n)
	var noteMail, noteKey, noteText, noteLink []string
	var noteSubj []int64
	for i, m := range mails {
		r := newOutboxRow(m, host)
		keys[i], kinds[i], tos[i], subjects[i], texts[i], htmls[i], mids[i], unsubs[i] =
			r.DedupeKey, r.Kind, r.ToEmail, r.Subject, r.BodyText, r.BodyHTML, r.MessageID, r.ListUnsubscribe
		subj[i], recip[i], inst[i], deadlines[i] = r.SubjectID, r.RecipientID, r.InstitutionID, r.ItemDeadline
		if m.RecipientID == 0 {
			continue
		}
		for j, note := range m.Inbox {
			noteMail, noteKey, noteSubj = append(noteMail, r.DedupeKey), append(noteKey, m.InboxKey(j)), append(noteSubj, note.SubjectID)
			noteText, noteLink = append(noteText, shortText(note.Text, 1000)), append(noteLink, note.Link)
		}
	}
	var inserted []string
	err := s.db.NewRaw(`WITH u AS (
		SELECT u.*, coalesce(c.channel, 'both') AS ch
		FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],
			?::text[], ?::text[], ?::text[], ?::date[]) AS u(k, kd, sb, rc, ins, t, su, tx, h, mi, lu, dl)
		LEFT JOIN user_notice_channels c ON c.user_id = u.rc AND c.kind = u.kd AND u.kd = ANY(?::text[])),
	new_mail AS (
		INSERT INTO mail_outbox (dedupe_key, kind, subject_id, recipient_id, institution_id,
			to_email, subject, body_text, body_html, message_id, list_unsubscribe, item_deadline, status, drop_reason,
			created_at, next_attempt_at)
		SELECT k, kd, sb, NULLIF(rc, 0), NULLIF(ins, 0), t, su, tx, h, mi, lu, dl,
			CASE WHEN ?::text = 'planned' AND ch IN ('inbox', 'none') THEN 'dropped' ELSE ?::text END,
			CASE WHEN ?::text = 'planned' AND ch IN ('inbox', 'none') THEN 'channel' ELSE '' END,
			?::timestamptz, ?::timestamptz
		FROM u
		ON CONFLICT (dedupe_key) DO NOTHING
		RETURNING dedupe_key),
	note AS (
		SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) AS n(mk, nk, sb, tx, ln)),
	inbox AS (
		INSERT INTO inbox_notices (dedupe_key, recipient_id, kind, subject_id, institution_id, text, link, created_at)
		SELECT DISTINCT ON (n.nk) n.nk, u.rc, u.kd, n.sb, NULLIF(u.ins, 0), n.tx, n.ln, ?::timestamptz
		FROM note n JOIN new_mail nm ON nm.dedupe_key = n.mk JOIN u ON u.k = n.mk
		WHERE u.rc <> 0 AND u.ch IN ('inbox', 'both')
		ON CONFLICT (dedupe_key) DO NOTHING)
	SELECT dedupe_key FROM new_mail`,
		pgdialect.Array(keys), pgdialect.Array(kinds), pgdialect.Array(subj), pgdialect.Array(recip), pgdialect.Array(inst),
		pgdialect.Array(tos), pgdialect.Array(subjects), pgdialect.Array(texts), pgdialect.Array(htmls), pgdialect.Array(mids),
		pgdialect.Array(unsubs), pgdialect.Array(deadlines), pgdialect.Array(domain.NoticeKinds),
		status, status, status, s.now(), s.now(),
		pgdialect.Array(nonNilStrings(noteMail)), pgdialect.Array(nonNilStrings(noteKey)), pgdialect.Array(nonNil(noteSubj)),
		pgdialect.Array(nonNilStrings(noteText)), pgdialect.Array(nonNilStrings(noteLink)), s.now()).Scan(ctx, &inserted)
	if err != nil {
		return nil, mapErr(err)
	}
	return inserted, nil
}

// ClaimMails takes up to limit planned mails that are due at now and not
// leased by another sender: it leases them until now+lease (counting an
// attempt) and drops, with the reason, those about an item that was closed,
// reassigned or moved since they were planned. The transaction commits
// before anything is sent, so a sender that dies leaves a lease that expires.
func (s *Store) ClaimMails(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]domain.OutboxMail, error) {
	var rows []outboxRow
	err := s.InTx(ctx, func(tx *Store) error {
		err := tx.db.NewRaw(`WITH due AS (
			SELECT id FROM mail_outbox
			WHERE status = 'planned' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
			ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
		UPDATE mail_outbox mo SET locked_until = ?, attempts = mo.attempts + 1
		FROM due WHERE mo.id = due.id
		RETURNING `+outboxColumns("mo"),
			now, now, limit, now.Add(lease)).Scan(ctx, &rows)
		if err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		var dropped []int64
		if err := tx.db.NewRaw(dropObsoleteSQL, pgdialect.Array(ids), pgdialect.Array(itemMailKinds)).Scan(ctx, &dropped); err != nil {
			return err
		}
		rows = withoutIDs(rows, dropped)
		return nil
	})
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.OutboxMail, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// itemMailKinds are the scheduled kinds that lose their point when the item changes.
var itemMailKinds = []string{domain.MailReminder, domain.MailOverdue, domain.MailEscalateDirector, domain.MailEscalateFounder}

// dropObsoleteSQL drops the given item mails whose item is gone, closed,
// given to someone else (assignee kinds) or moved to another deadline.
// Grouped mails (no single deadline) are sent as planned.
const dropObsoleteSQL = `WITH why AS (
	SELECT mo.id, CASE
		WHEN it.id IS NULL THEN 'deleted'
		WHEN it.status NOT IN ('planned', 'in_progress') THEN 'closed'
		WHEN mo.kind IN ('reminder', 'overdue') AND it.assignee_id IS DISTINCT FROM mo.recipient_id THEN 'reassigned'
		WHEN it.deadline_date IS DISTINCT FROM mo.item_deadline THEN 'deadline_moved'
	END AS reason
	FROM mail_outbox mo LEFT JOIN items it ON it.id = mo.subject_id
	WHERE mo.id = ANY(?) AND mo.kind = ANY(?) AND mo.item_deadline IS NOT NULL)
UPDATE mail_outbox mo SET status = 'dropped', drop_reason = why.reason, locked_until = NULL
FROM why WHERE mo.id = why.id AND why.reason IS NOT NULL
RETURNING mo.id`

// outboxColumns lists the columns outboxRow reads, qualified by alias.
func outboxColumns(alias string) string {
	cols := []string{"id", "dedupe_key", "kind", "subject_id", "recipient_id", "institution_id", "to_email", "subject",
		"body_text", "body_html", "message_id", "item_deadline", "list_unsubscribe", "status", "attempts", "last_error",
		"drop_reason", "created_at", "sent_at", "next_attempt_at"}
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

func withoutIDs(rows []outboxRow, ids []int64) []outboxRow {
	if len(ids) == 0 {
		return rows
	}
	gone := map[int64]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	kept := rows[:0]
	for _, r := range rows {
		if !gone[r.ID] {
			kept = append(kept, r)
		}
	}
	return kept
}

// MarkMailSent records that the SMTP server accepted a leased mail.
func (s *Store) MarkMailSent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.NewRaw(`UPDATE mail_outbox SET status = 'sent', sent_at = ?, locked_until = NULL, last_error = ''
		WHERE id = ? AND status = 'planned'`, at, id).Exec(ctx)
	return mapErr(err)
}

// MarkMailsKept records that leased mails were kept in the ledger because
// no SMTP server is configured; they stay readable in the admin view.
func (s *Store) MarkMailsKept(ctx context.Context, ids []int64) error {
	_, err := s.db.NewRaw(`UPDATE mail_outbox SET status = 'kept', locked_until = NULL
		WHERE id = ANY(?) AND status = 'planned'`, pgdialect.Array(ids)).Exec(ctx)
	return mapErr(err)
}

// MarkMailRetry releases a leased mail after a failed attempt, to be tried
// again at next.
func (s *Store) MarkMailRetry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	_, err := s.db.NewRaw(`UPDATE mail_outbox SET next_attempt_at = ?, locked_until = NULL, last_error = ?
		WHERE id = ? AND status = 'planned'`, next, lastErr, id).Exec(ctx)
	return mapErr(err)
}

// MarkMailFailed gives up on a leased mail, keeping the SMTP error.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, lastErr string) error {
	_, err := s.db.NewRaw(`UPDATE mail_outbox SET status = 'failed', locked_until = NULL, last_error = ?
		WHERE id = ? AND status = 'planned'`, lastErr, id).Exec(ctx)
	return mapErr(err)
}
