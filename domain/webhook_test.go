package domain

import (
	"encoding/json"
	"testing"
	"time"
)

func TestWebhookPolicy(t *testing.T) {
	dir := Actor{UserID: 1, Memberships: []Membership{{Role: RoleDirector, InstitutionID: 10}}}
	staff := Actor{UserID: 2, Memberships: []Membership{{Role: RoleStaff, InstitutionID: 10}}}
	fnd := Actor{UserID: 3, Memberships: []Membership{{Role: RoleFounder, FounderID: 100}}}
	inst := Resource{InstitutionID: 10, FounderID: 100}
	own := Resource{FounderID: 100}
	for _, tc := range []struct {
		name string
		a    Actor
		r    Resource
		want bool
	}{
		{"director, own institution", dir, inst, true},
		{"staff, own institution", staff, inst, false},
		{"founder, an institution's endpoints", fnd, inst, false},
		{"founder, its own endpoints", fnd, own, true},
		{"founder, another founder", fnd, Resource{FounderID: 200}, false},
		{"director, founder endpoints", dir, own, false},
		{"admin", Actor{UserID: 4, IsAdmin: true}, own, true},
	} {
		if got := Can(tc.a, ActManageWebhooks, tc.r); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWebhookEventBody(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 5000, time.FixedZone("NOVT", 7*3600))
	e := WebhookEvent{Kind: EventItemDeadlineMoved, InstitutionID: 1, PlanID: 2, ItemID: 3, At: at,
		Payload: json.RawMessage(`{"from":"2026-12-01","to":"2026-12-15","plan_id":99}`)}
	b, err := e.Body()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"item.deadline_moved","timestamp":"2026-11-23T02:00:00.000005Z","data":{"from":"2026-12-01","institution_id":1,"item_id":3,"plan_id":2,"to":"2026-12-15"}}`
	if string(b) != want {
		t.Errorf("body\n got %s\nwant %s", b, want)
	}
	other := e
	other.Key = "v2"
	if e.DedupeKey() == other.DedupeKey() {
		t.Error("Key does not tell events apart")
	}
	// A change retried at the same version is the same event, whenever.
	retried := other
	retried.At = at.Add(time.Minute)
	if retried.DedupeKey() != other.DedupeKey() {
		t.Error("the same key at another moment is another event")
	}
	unkeyed := e
	unkeyed.At = at.Add(time.Second)
	if unkeyed.DedupeKey() == e.DedupeKey() {
		t.Error("without a key the moment does not tell events apart")
	}
	if err := (WebhookEvent{Kind: EventPlanApproved}).Check(); err == nil {
		t.Error("an event without an institution passes")
	}
}

func TestWebhookDisablePolicy(t *testing.T) {
	p := WebhookDisablePolicy{MaxFailed: 5, FailingFor: 24 * time.Hour}
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		h    WebhookHealth
		now  time.Time
		want bool
	}{
		{WebhookHealth{Enabled: true}, t0, false},
		{WebhookHealth{Enabled: true, FailingSince: t0, FailedCount: 4}, t0.Add(23 * time.Hour), false},
		{WebhookHealth{Enabled: true, FailingSince: t0, FailedCount: 5}, t0, true},
		{WebhookHealth{Enabled: true, FailingSince: t0, FailedCount: 1}, t0.Add(24 * time.Hour), true},
		{WebhookHealth{Enabled: false, FailingSince: t0, FailedCount: 9}, t0.Add(48 * time.Hour), false},
	} {
		if got := p.Disable(tc.h, tc.now); got != tc.want {
			t.Errorf("%+v at +%v: %v, want %v", tc.h, tc.now.Sub(t0), got, tc.want)
		}
	}
}
