package domain

import (
	"strconv"
	"time"
)

// The inbox: every notice that goes by mail is also shown at
// /notifications to its recipient. A notice is written with its mail, in
// the same statement, keyed by the mail's dedupe key, so it appears once
// whoever plans it and however often. Each user chooses, per kind, whether
// notices come by mail, to the inbox, both (the default) or not at all.

// Channel is where notices of one kind reach a user.
type Channel string

const (
	ChannelBoth  Channel = "both"
	ChannelMail  Channel = "mail"
	ChannelInbox Channel = "inbox"
	ChannelNone  Channel = "none"
)

// Channels lists the choices in the order a form offers them.
var Channels = []Channel{ChannelBoth, ChannelMail, ChannelInbox, ChannelNone}

// ParseChannel reads a form value; anything else is ok == false.
func ParseChannel(s string) (Channel, bool) {
	for _, c := range Channels {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}

// Mail reports whether the channel sends mail; Inbox whether it shows the
// notice in the inbox.
func (c Channel) Mail() bool  { return c == ChannelBoth || c == ChannelMail }
func (c Channel) Inbox() bool { return c == ChannelBoth || c == ChannelInbox }

// NoticeKinds are the kinds a user chooses a channel for, in the order the
// settings page lists them. Invitations and password resets are not among
// them (always mail), nor are digests and summaries (mail only, switched
// off with their own setting).
var NoticeKinds = []string{MailAssigned, MailReview, MailReturned, MailAccepted, MailComment, MailMention,
	MailReminder, MailOverdue, MailEscalateDirector, MailEscalateFounder,
	MailPlanSubmitted, MailPlanApproved, MailPlanReturned, MailReportAccepted, MailReportReturned}

// IsNoticeKind reports whether kind is one of NoticeKinds.
func IsNoticeKind(kind string) bool {
	for _, k := range NoticeKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// ChannelOf is the user's channel for kind (ChannelBoth when not chosen).
func (s MailSettings) ChannelOf(kind string) Channel {
	if c, ok := s.Channels[kind]; ok {
		return c
	}
	return ChannelBoth
}

// InboxNote is what a mail shows in its recipient's inbox: a short text in
// the recipient's language and the site-relative link to what it is about.
// A mail about several items (a bulk assignment) has a note per item.
type InboxNote struct {
	SubjectID int64
	Text      string
	Link      string // e.g. /items/12; always starts with one "/"
}

// InboxKey is the inbox's unique key of the mail's note i: the mail's
// dedupe key, with the note's subject appended when the mail has several.
func (m Mail) InboxKey(i int) string {
	if len(m.Inbox) == 1 {
		return m.DedupeKey()
	}
	return m.DedupeKey() + "/" + strconv.FormatInt(m.Inbox[i].SubjectID, 10)
}

// InboxNotice is one row of a user's inbox.
type InboxNotice struct {
	ID            int64
	Kind          string
	SubjectID     int64
	InstitutionID int64
	Text          string
	Link          string
	CreatedAt     time.Time
	ReadAt        time.Time // zero: unread
	TimeZone      string    // the institution's zone, to show the time in ("": UTC)
}

// Unread reports whether the notice is still unread.
func (n InboxNotice) Unread() bool { return n.ReadAt.IsZero() }

// InboxKeep is how long notices are kept: the planner's sweep deletes older ones.
const InboxKeep = 90 * 24 * time.Hour

// InboxCountCap is where the unread count stops counting: the navigation
// shows "99+" beyond it, and counting stays cheap however many there are.
const InboxCountCap = 99
