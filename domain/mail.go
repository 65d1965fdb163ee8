package domain

import "fmt"

// Mail is one e-mail as planned in the ledger (mail_outbox). A mail is
// identified by (Kind, SubjectID, RecipientID, Day): planning it twice is a
// no-op, which is what makes every mail go out once.
type Mail struct {
	Kind          string // e.g. "invitation", "reminder", "overdue", "digest"
	SubjectID     int64  // the item, plan, invitation… the mail is about
	RecipientID   int64  // user id; 0 for someone who has no account yet
	InstitutionID int64  // 0 when not about one institution
	To            string // recipient address
	Day           Date   // the day the mail belongs to (in the institution's zone)
	Subject       string
	Text          string // plain-text part (always)
	HTML          string // HTML part (optional)
	// ItemDeadline is the deadline an item mail was planned for; when the
	// item's deadline has moved by the time of sending, the mail is dropped.
	ItemDeadline Date
	// ListUnsubscribe is the List-Unsubscribe header value (digests only).
	ListUnsubscribe string
}

// DedupeKey is the ledger's unique key of the mail.
func (m Mail) DedupeKey() string {
	to := fmt.Sprint(m.RecipientID)
	if m.RecipientID == 0 {
		to = m.To
	}
	return fmt.Sprintf("%s:%d:%s:%s", m.Kind, m.SubjectID, to, m.Day)
}

// MessageID is a stable Message-ID derived from the dedupe key, so that a
// rare duplicate after a crash is recognisable as the same mail.
func (m Mail) MessageID(host string) string {
	to := fmt.Sprint(m.RecipientID)
	if m.RecipientID == 0 {
		to = "x"
	}
	return fmt.Sprintf("<%s.%d.%s.%s@%s>", m.Kind, m.SubjectID, to, m.Day, host)
}
