package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Webhook event kinds: what an endpoint may subscribe to.
const (
	EventItemCreated       = "item.created"
	EventItemAssigned      = "item.assigned"
	EventItemStatusChanged = "item.status_changed"
	EventItemDeadlineMoved = "item.deadline_moved"
	EventItemCommentAdded  = "item.comment_added"
	EventPlanSubmitted     = "plan.submitted"
	EventPlanApproved      = "plan.approved"
	EventPlanReturned      = "plan.returned"
	EventPlanPublished     = "plan.published"
	EventReportSubmitted   = "report.submitted"
	EventReportAccepted    = "report.accepted"
	EventReportReturned    = "report.returned"
)

// WebhookEventKinds lists every kind, in the order the forms show them.
var WebhookEventKinds = []string{EventItemCreated, EventItemAssigned, EventItemStatusChanged, EventItemDeadlineMoved,
	EventItemCommentAdded, EventPlanSubmitted, EventPlanApproved, EventPlanReturned, EventPlanPublished,
	EventReportSubmitted, EventReportAccepted, EventReportReturned}

// ValidEventKind reports whether k is a known event kind.
func ValidEventKind(k string) bool {
	for _, x := range WebhookEventKinds {
		if x == k {
			return true
		}
	}
	return false
}

// MailWebhookDisabled is the mail kind telling an endpoint's owner that
// deliveries to it stopped.
const MailWebhookDisabled = "webhook_disabled"

// WebhookEvent is something that happened in an institution, to be sent to
// the endpoints subscribed to its kind: the institution's own and its
// founder's. The caller enqueues it in the transaction of the change.
type WebhookEvent struct {
	Kind          string // one of WebhookEventKinds
	InstitutionID int64
	PlanID        int64 // 0 when not about a plan
	ItemID        int64 // 0 when not about an item
	// Payload is the event's own data: a JSON object whose fields are sent
	// in "data" next to the ids above (nil: none).
	Payload json.RawMessage
	At      time.Time // when it happened; zero: the store's clock
	// Key identifies the change the event comes from among the changes of
	// its subject (e.g. the version the item was changed from, or the
	// comment's id): when set, it replaces the moment in the dedupe key, so
	// that a change retried at the same version emits once. Enqueueing an
	// event with the same kind, subject and key (no key: moment) again is a
	// no-op.
	Key string
}

// Check validates an event before it is enqueued.
func (e WebhookEvent) Check() error {
	if !ValidEventKind(e.Kind) {
		return Errorf(EInvalid, "webhook: unknown event kind %q", e.Kind)
	}
	if e.InstitutionID <= 0 {
		return Errorf(EInvalid, "webhook: event %s without an institution", e.Kind)
	}
	if p := bytes.TrimSpace(e.Payload); len(p) > 0 && (p[0] != '{' || !json.Valid(p)) {
		return Errorf(EInvalid, "webhook: payload of %s is not a JSON object", e.Kind)
	}
	return nil
}

// DedupeKey is the ledger's unique key of the event.
func (e WebhookEvent) DedupeKey() string {
	if e.Key != "" {
		return fmt.Sprintf("%s:%d:%d:%d:k:%s", e.Kind, e.InstitutionID, e.PlanID, e.ItemID, e.Key)
	}
	return fmt.Sprintf("%s:%d:%d:%d:%d:", e.Kind, e.InstitutionID, e.PlanID, e.ItemID, e.At.UnixNano())
}

// Body is the JSON document sent for the event, following the Standard
// Webhooks payload structure: {"type", "timestamp", "data"}, where data
// holds institution_id, plan_id and item_id (when set) and the fields of
// Payload. The ids win over payload fields of the same name.
func (e WebhookEvent) Body() ([]byte, error) {
	data := map[string]json.RawMessage{}
	if p := bytes.TrimSpace(e.Payload); len(p) > 0 {
		if err := json.Unmarshal(p, &data); err != nil {
			return nil, Errorf(EInvalid, "webhook: payload of %s: %v", e.Kind, err)
		}
	}
	ids := []struct {
		name string
		id   int64
	}{{"institution_id", e.InstitutionID}, {"plan_id", e.PlanID}, {"item_id", e.ItemID}}
	for _, f := range ids {
		if f.id != 0 {
			data[f.name] = json.RawMessage(strconv.FormatInt(f.id, 10))
		}
	}
	return json.Marshal(struct {
		Type      string                     `json:"type"`
		Timestamp string                     `json:"timestamp"`
		Data      map[string]json.RawMessage `json:"data"`
	}{e.Kind, e.At.UTC().Format(time.RFC3339Nano), data})
}

// WebhookOwner is whose endpoints a page manages: one institution, or
// the founders the user belongs to (AnyFounder: every founder, the admin).
type WebhookOwner struct {
	InstitutionID int64
	FounderIDs    []int64
	AnyFounder    bool
}

// WebhookEndpoint is a URL that receives an institution's or a founder's
// events. Exactly one of InstitutionID and FounderID is set.
type WebhookEndpoint struct {
	ID            int64
	InstitutionID int64
	FounderID     int64
	OwnerName     string // the institution's or founder's name, for lists
	URL           string
	Events        []string
	Enabled       bool
	Secret        string    // whsec_…, signs every delivery
	PrevSecret    string    // the secret before the last rotation…
	PrevUntil     time.Time // …still signing until then
	CreatedBy     int64     // who registered it: told by mail when it is disabled
	CreatedAt     time.Time
	DisabledAt    time.Time
	DisabledWhy   string // "failing", "gone" (the receiver answered 410) or "" (by hand)
	FailingSince  time.Time
	FailedCount   int // deliveries failed for good since the last success
}

// Subscribed reports whether the endpoint wants events of kind.
func (e WebhookEndpoint) Subscribed(kind string) bool {
	for _, k := range e.Events {
		if k == kind {
			return true
		}
	}
	return false
}

// Secrets are the secrets that sign a delivery at now: the current one, and
// the previous one during the grace period after a rotation.
func (e WebhookEndpoint) Secrets(now time.Time) []string {
	if e.PrevSecret != "" && now.Before(e.PrevUntil) {
		return []string{e.Secret, e.PrevSecret}
	}
	return []string{e.Secret}
}

// WebhookSecretGrace is how long the previous secret still signs after a rotation.
const WebhookSecretGrace = 24 * time.Hour

// Delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// WebhookDelivery is one event to be sent to one endpoint, as the ledger
// holds it (and, when claimed, with what sending it needs).
type WebhookDelivery struct {
	ID            int64
	EventID       int64
	EndpointID    int64
	MsgID         string // webhook-id: the same for every attempt
	Kind          string
	Body          []byte
	Status        string
	Attempts      int // including the one in flight when claimed
	NextAttemptAt time.Time
	LastAttemptAt time.Time
	LastStatus    int // HTTP status of the last attempt (0: none)
	LastError     string
	DeliveredAt   time.Time
	CreatedAt     time.Time
	Endpoint      WebhookEndpoint // when claimed
	Owner         MailRecipient   // the endpoint's creator, when claimed (ID 0: gone)
}

// WebhookOutcome is what one attempt came to.
type WebhookOutcome struct {
	DeliveryID int64
	Attempt    int // the delivery's attempt number when claimed: a stale lease holder is ignored
	At         time.Time
	StatusCode int    // 0: no HTTP answer
	Error      string // why it failed ("" on success)
	Delivered  bool
	Next       time.Time // retry at; zero with !Delivered: failed for good
}

// WebhookHealth is an endpoint's record after an attempt.
type WebhookHealth struct {
	Recorded     bool // false: the lease had passed to someone else, nothing changed
	Enabled      bool
	FailingSince time.Time
	FailedCount  int
}

// WebhookDisablePolicy says when an endpoint that keeps failing is disabled.
type WebhookDisablePolicy struct {
	MaxFailed  int           // deliveries failed for good in a row
	FailingFor time.Duration // of failures without a success in between
}

// Disable reports whether an endpoint with health h is to be disabled at now.
func (p WebhookDisablePolicy) Disable(h WebhookHealth, now time.Time) bool {
	if !h.Enabled || h.FailingSince.IsZero() && h.FailedCount == 0 {
		return false
	}
	return (p.MaxFailed > 0 && h.FailedCount >= p.MaxFailed) ||
		(p.FailingFor > 0 && !h.FailingSince.IsZero() && now.Sub(h.FailingSince) >= p.FailingFor)
}

// MaxWebhooksPerOwner is how many endpoints one institution (or one
// founder) may register: each endpoint multiplies every event's
// deliveries. docs/security-hardening.md.
const MaxWebhooksPerOwner = 20

// MaxWebhookURL is the longest endpoint URL accepted.
const MaxWebhookURL = 2000

// CheckWebhookEvents validates the chosen event kinds (at least one, all
// known) for the form field "events".
func CheckWebhookEvents(kinds []string) error {
	if len(kinds) == 0 {
		return FieldError("events", "webhooks.events.required")
	}
	for _, k := range kinds {
		if !ValidEventKind(k) {
			return FieldError("events", "webhooks.events.unknown")
		}
	}
	return nil
}
