package domain

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

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
	// Batch lists the subjects of a mail about a group of them (items
	// assigned at once, escalations of a sweep); SubjectID is then the first
	// of them. Two different batches on one day are two mails.
	Batch []int64
	// Event tells apart two events of one subject on one day (the version
	// of the item or plan the change was made from, which a change at a
	// stale version cannot reuse): a task returned and closed again the
	// same day is two notices, a repeated request is one.
	Event int64
	// Inbox is what the recipient's inbox shows of the mail, written with
	// it (none: mail only, as invitations, digests and the grouped
	// escalation mail, whose items have notes of their own).
	Inbox []InboxNote
}

// Notices are the mails and webhook events a change plans in the ledgers in
// its own transaction: the change and its notices are saved together or not
// at all.
type Notices struct {
	Host  string // the host part of the Message-IDs
	Mails []Mail
	// Events are the change's webhook events (docs/integrations.md), enqueued in its
	// transaction for the endpoints subscribed to them.
	Events []WebhookEvent
	// EventsFor builds the events that need what the store assigns while
	// writing: the ids of the items created (in order), of the comment or
	// report, or the publication's version (nil: none).
	EventsFor func(ids []int64) []WebhookEvent
}

// Assigned returns the notices with the events EventsFor builds from the
// ids the store has just assigned.
func (n Notices) Assigned(ids ...int64) Notices {
	if n.EventsFor != nil {
		n.Events = append(append([]WebhookEvent(nil), n.Events...), n.EventsFor(ids)...)
		n.EventsFor = nil
	}
	return n
}

// DedupeKey is the ledger's unique key of the mail.
func (m Mail) DedupeKey() string {
	to := fmt.Sprint(m.RecipientID)
	if m.RecipientID == 0 {
		to = m.To
	}
	return fmt.Sprintf("%s:%s:%s:%s", m.Kind, m.subjects(), to, m.Day)
}

// subjects is the subject part of the key: the subject id, or for a batch
// its size, first id and a hash of all its ids (a key must stay short).
func (m Mail) subjects() string {
	if m.Event != 0 {
		return fmt.Sprintf("%d@%d", m.SubjectID, m.Event)
	}
	if len(m.Batch) == 0 {
		return strconv.FormatInt(m.SubjectID, 10)
	}
	h := fnv.New64a()
	for _, id := range m.Batch {
		h.Write(strconv.AppendInt(nil, id, 10))
		h.Write([]byte{','})
	}
	return fmt.Sprintf("[%d+%d#%x]", m.Batch[0], len(m.Batch), h.Sum64())
}

// MessageID is a stable Message-ID derived from the dedupe key, so that a
// rare duplicate after a crash is recognisable as the same mail.
func (m Mail) MessageID(host string) string {
	to := fmt.Sprint(m.RecipientID)
	if m.RecipientID == 0 {
		to = "x"
	}
	subj := strconv.FormatInt(m.SubjectID, 10)
	if m.Event != 0 || len(m.Batch) > 0 {
		subj = strings.NewReplacer("@", "-", "[", "", "]", "", "+", "-", "#", "-").Replace(m.subjects())
	}
	return fmt.Sprintf("<%s.%s.%s.%s@%s>", m.Kind, subj, to, m.Day, host)
}
