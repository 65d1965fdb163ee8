package mail

import (
	"context"
	"time"

	"planboard/domain"
)

// DeliveryResult counts what one delivery run did.
type DeliveryResult struct {
	Sent    int // accepted by the SMTP server
	Kept    int // no SMTP server: kept in the ledger
	Retried int // failed, to be tried again later
	Failed  int // failed for the last time
}

// Deliver sends every mail that is due until none is left: it claims a batch
// (lease committed before sending, so other senders skip it and a crash
// only delays it), sends each mail and records the outcome at once. A
// failure is retried with exponential backoff, then marked failed with the
// server's error. Cancelling ctx stops after the mail in flight; the rest of
// the batch is released.
func (m *Mailer) Deliver(ctx context.Context) (DeliveryResult, error) {
	var r DeliveryResult
	for ctx.Err() == nil {
		batch, err := m.store.ClaimMails(ctx, m.cfg.Clock(), m.cfg.Lease, m.cfg.Batch)
		if err != nil || len(batch) == 0 {
			return r, err
		}
		if m.cfg.Sender == nil {
			ids := make([]int64, len(batch))
			for i, b := range batch {
				ids[i] = b.ID
			}
			if err := m.store.MarkMailsKept(ctx, ids); err != nil {
				return r, err
			}
			r.Kept += len(batch)
			continue
		}
		for i, b := range batch {
			if ctx.Err() != nil {
				m.release(batch[i:])
				break
			}
			if err := m.deliverOne(ctx, b, &r); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

func (m *Mailer) deliverOne(ctx context.Context, b domain.OutboxMail, r *DeliveryResult) error {
	err := m.cfg.Sender.Send(ctx, Envelope{To: b.To, Subject: b.Subject, Text: b.Text, HTML: b.HTML,
		MessageID: b.MessageID, ListUnsubscribe: b.ListUnsubscribe})
	if err == nil {
		r.Sent++
		return m.store.MarkMailSent(context.WithoutCancel(ctx), b.ID, m.cfg.Clock())
	}
	msg := err.Error()
	if b.Attempts >= m.cfg.MaxAttempts {
		r.Failed++
		m.cfg.Logger.Warn("mail failed", "id", b.ID, "to", b.To, "attempts", b.Attempts, "err", msg)
		return m.store.MarkMailFailed(context.WithoutCancel(ctx), b.ID, msg)
	}
	r.Retried++
	next := m.cfg.Clock().Add(m.cfg.Backoff << (b.Attempts - 1))
	m.cfg.Logger.Info("mail deferred", "id", b.ID, "attempts", b.Attempts, "next", next.Format(time.RFC3339), "err", msg)
	return m.store.MarkMailRetry(context.WithoutCancel(ctx), b.ID, next, msg)
}

// release gives back mails claimed but not tried (shutdown): due at once.
func (m *Mailer) release(rest []domain.OutboxMail) {
	for _, b := range rest {
		_ = m.store.MarkMailRetry(context.Background(), b.ID, m.cfg.Clock(), b.LastError)
	}
}
