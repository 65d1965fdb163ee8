package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type outboxRow struct {
	bun.BaseModel `bun:"table:mail_outbox,alias:mo"`
	ID            int64     `bun:"id,pk,autoincrement"`
	DedupeKey     string    `bun:"dedupe_key"`
	Kind          string    `bun:"kind"`
	SubjectID     int64     `bun:"subject_id"`
	RecipientID   int64     `bun:"recipient_id,nullzero"`
	InstitutionID int64     `bun:"institution_id,nullzero"`
	ToEmail       string    `bun:"to_email"`
	Subject       string    `bun:"subject"`
	BodyText      string    `bun:"body_text"`
	BodyHTML      string    `bun:"body_html"`
	MessageID     string    `bun:"message_id"`
	Status        string    `bun:"status"`
	NextAttemptAt time.Time `bun:"next_attempt_at,nullzero,default:now()"`
}

// EnqueueMail plans a mail in the ledger. A mail with the same dedupe key is
// planned once: the second call reports false and changes nothing.
func (s *Store) EnqueueMail(ctx context.Context, m domain.Mail, host string) (bool, error) {
	row := &outboxRow{DedupeKey: m.DedupeKey(), Kind: m.Kind, SubjectID: m.SubjectID, RecipientID: m.RecipientID,
		InstitutionID: m.InstitutionID, ToEmail: m.To, Subject: m.Subject, BodyText: m.Text, BodyHTML: m.HTML,
		MessageID: m.MessageID(host), Status: "planned"}
	res, err := s.db.NewInsert().Model(row).On("CONFLICT (dedupe_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, mapErr(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
