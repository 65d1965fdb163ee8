package domain

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Mail kinds. Item kinds are about one plan item; the planner computes the
// scheduled ones (reminder … summary), the workflow enqueues the events.
const (
	MailReminder         = "reminder"            // before the deadline, to the assignee
	MailOverdue          = "overdue"             // after the deadline, to the assignee, every few days
	MailEscalateDirector = "escalation_director" // overdue for N days, to the directors
	MailEscalateFounder  = "escalation_founder"  // overdue for M days, to the founder's people
	MailDigest           = "digest"              // weekly, to each director
	MailSummary          = "summary"             // monthly, to each founder user
	MailAssigned         = "assigned"            // an item was assigned to the recipient
	MailReturned         = "returned"            // a closed item was returned for rework
	MailAccepted         = "accepted"            // a closed item was accepted
	MailReview           = "review"              // an item was closed and awaits the directors' acceptance
	MailPlanSubmitted    = "plan_submitted"      // to the founder
	MailPlanApproved     = "plan_approved"       // to the directors
	MailPlanReturned     = "plan_returned"       // to the directors, with remarks
	MailReportAccepted   = "report_accepted"     // a progress report was accepted by the founder, to the directors
	MailReportReturned   = "report_returned"     // a progress report was returned with remarks, to the directors
	MailComment          = "comment"             // a comment on an item, to its assignees
	MailMention          = "mention"             // a comment names the recipient with @Фамилия
)

// MailKinds lists every kind the planner and the workflow produce (mails of
// other kinds, e.g. invitations, are delivered all the same).
var MailKinds = []string{MailReminder, MailOverdue, MailEscalateDirector, MailEscalateFounder, MailDigest, MailSummary,
	MailAssigned, MailReturned, MailAccepted, MailReview, MailPlanSubmitted, MailPlanApproved, MailPlanReturned,
	MailReportAccepted, MailReportReturned, MailComment, MailMention}

// MailStatuses are the states of a row in the ledger.
// A 'grouped' row is one item's escalation, sent within a grouped mail.
var MailStatuses = []string{"planned", "sent", "failed", "dropped", "kept", "grouped"}

// Grouped reports whether mails of kind go out grouped: escalations are
// for managers, who get one mail per sweep listing every newly escalated
// item instead of one mail per item.
func Grouped(kind string) bool { return kind == MailEscalateDirector || kind == MailEscalateFounder }

// DefaultRemindOffsets are the days before a deadline on which the assignee
// is reminded, when neither the institution nor the user chose others.
var DefaultRemindOffsets = []int{7, 3, 1, 0}

// MaxRemindOffset is the largest number of days before a deadline a reminder may go out.
const MaxRemindOffset = 366

// ParseRemindOffsets reads a list of days before the deadline such as
// "7, 3, 1, 0": at most 10 whole numbers from 0 to 366, duplicates removed,
// largest first. Bad input is an EInvalid error on field.
func ParseRemindOffsets(field, s string) ([]int, error) {
	seen := map[int]bool{}
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 || n > MaxRemindOffset {
			return nil, FieldError(field, "mail.offsets.invalid")
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	if len(out) == 0 || len(out) > 10 {
		return nil, FieldError(field, "mail.offsets.invalid")
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out, nil
}

// FormatRemindOffsets writes offsets as a form shows them: "7, 3, 1, 0".
func FormatRemindOffsets(offsets []int) string {
	parts := make([]string, len(offsets))
	for i, n := range offsets {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// MailRecipient is who a planned mail goes to.
type MailRecipient struct {
	ID     int64
	Email  string
	Name   string
	Locale string
}

// MailItem is what a mail shows of a plan item.
type MailItem struct {
	ID          int64
	PlanID      int64
	Section     Section
	Measure     string
	Due         Date
	Status      ItemStatus
	Assignee    string
	CompletedOn Date
}

// MailCandidate is a mail the planner found due: who gets which kind about
// what, for which day. Storage computes them set-based; the app renders them.
type MailCandidate struct {
	Kind          string
	SubjectID     int64 // item, institution (digest) or founder (summary)
	Day           Date  // the day the mail fell due, in the institution's zone
	Today         Date  // the sweep's day in the institution's zone
	Recipient     MailRecipient
	InstitutionID int64
	Institution   string
	Item          MailItem // item kinds only
}

// InstitutionSummary is one line of a founder's monthly summary.
type InstitutionSummary struct {
	InstitutionID int64
	FounderID     int64
	Name          string
	Total         int
	Done          int
	Overdue       int
	Changes       int // history entries in the previous month
}

// Percent is the share of done items, rounded down.
func (s InstitutionSummary) Percent() int {
	if s.Total == 0 {
		return 0
	}
	return s.Done * 100 / s.Total
}

// OutboxMail is a row of the ledger as the admin view and the sender see it.
type OutboxMail struct {
	ID              int64
	Kind            string
	SubjectID       int64
	RecipientID     int64
	InstitutionID   int64
	To              string
	Subject         string
	Text            string
	HTML            string
	MessageID       string
	ListUnsubscribe string
	Status          string
	Attempts        int
	LastError       string
	DropReason      string
	CreatedAt       time.Time
	NextAttemptAt   time.Time
	SentAt          time.Time
}

// MailSettings are a user's own mail choices.
type MailSettings struct {
	Digests       bool
	RemindOffsets []int // nil: the institution's
	// Channels is the channel of each notice kind (NoticeKinds) the user
	// chose; a kind missing is ChannelBoth.
	Channels map[string]Channel
}

// MailRules are an institution's reminder rules.
type MailRules struct {
	RemindOffsets    []int // days before the deadline
	OverdueEvery     int   // days between overdue notices to the assignee
	EscalateDirector int   // days overdue before the directors are told
	EscalateFounder  int   // days overdue before the founder is told
	Weekends         bool  // send non-urgent mail on non-working days too (weekends and holidays)
	// RemindWorkingDays counts RemindOffsets in working days of the
	// institution's calendar (default: calendar days).
	RemindWorkingDays bool
	// EscalateWorkingDays counts EscalateDirector and EscalateFounder in
	// working days (the default); false counts calendar days.
	EscalateWorkingDays bool
}

// Which mail waits for a working day. The planner holds non-urgent mail
// that falls on a non-working day of the institution's calendar (its
// region's holidays included, unless its rules send on days off too) and
// plans it on the next working day under the day it fell due, so the
// ledger's key (kind, subject, recipient, day) stays the one it would have
// had and a held mail is planned once:
//   - urgent, never held: the reminders of the last day before the deadline
//     and of the day itself (the task may still be saved), and every mail
//     that answers an action just taken: workflow notices (assigned,
//     review, returned, accepted, plan submitted/approved/returned, report
//     accepted/returned, comments and mentions), invitations and password
//     resets;
//   - non-urgent, held: the earlier reminders, overdue notices, escalations
//     to directors and founders, weekly digests and monthly summaries.

// Validate checks the rules; each bad field gets its message.
func (r MailRules) Validate() error {
	var fe FieldErrors
	if len(r.RemindOffsets) == 0 {
		fe.Add("offsets", "mail.offsets.invalid")
	}
	if r.OverdueEvery < 1 || r.OverdueEvery > 60 {
		fe.Add("overdue_every", "mail.rules.overdue_every.invalid")
	}
	if r.EscalateDirector < 1 || r.EscalateDirector > 365 {
		fe.Add("escalate_director", "mail.rules.escalate.invalid")
	}
	if r.EscalateFounder < 1 || r.EscalateFounder > 365 {
		fe.Add("escalate_founder", "mail.rules.escalate.invalid")
	} else if r.EscalateFounder < r.EscalateDirector {
		fe.Add("escalate_founder", "mail.rules.escalate_founder.before_director")
	}
	return fe.Err()
}
