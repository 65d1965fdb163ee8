package storage_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage"
)

// hookWorld is two founders, three institutions and endpoints on them.
type hookWorld struct {
	s                      *storage.Store
	now                    *time.Time
	owner                  domain.User
	founder, founder2      int64
	museum, library, house int64
}

func newHookWorld(t *testing.T) *hookWorld {
	t.Helper()
	s, now := clockStore(t)
	ctx := context.Background()
	w := &hookWorld{s: s, now: now, owner: newUser(t, s, "hooks@example.org")}
	for _, f := range []*int64{&w.founder, &w.founder2} {
		fd := domain.Founder{Name: "Учредитель"}
		if err := s.CreateFounder(ctx, &fd); err != nil {
			t.Fatal(err)
		}
		*f = fd.ID
	}
	for i, in := range []struct {
		id      *int64
		founder int64
	}{{&w.museum, w.founder}, {&w.library, w.founder}, {&w.house, w.founder2}} {
		inst := domain.Institution{FounderID: in.founder, Name: "Учреждение", Kind: domain.KindMuseum, Slug: "inst-" + string(rune('a'+i)), TimeZone: "Europe/Moscow"}
		if err := s.CreateInstitution(ctx, &inst); err != nil {
			t.Fatal(err)
		}
		*in.id = inst.ID
	}
	return w
}

func (w *hookWorld) endpoint(t *testing.T, ep domain.WebhookEndpoint) domain.WebhookEndpoint {
	t.Helper()
	if ep.Secret == "" {
		ep.Secret = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"
	}
	if ep.URL == "" {
		ep.URL = "https://hooks.example.org/in"
	}
	ep.CreatedBy = w.owner.ID
	if err := w.s.CreateWebhookEndpoint(context.Background(), &ep); err != nil {
		t.Fatal(err)
	}
	return ep
}

// TestWebhookEnqueueInTransaction: an event goes to the institution's and
// its founder's subscribed, enabled endpoints, in the change's own
// transaction, once.
func TestWebhookEnqueueInTransaction(t *testing.T) {
	w := newHookWorld(t)
	ctx := context.Background()
	all := domain.WebhookEventKinds
	museumEP := w.endpoint(t, domain.WebhookEndpoint{InstitutionID: w.museum, Events: all, Enabled: true})
	founderEP := w.endpoint(t, domain.WebhookEndpoint{FounderID: w.founder, Events: []string{domain.EventItemStatusChanged}, Enabled: true})
	w.endpoint(t, domain.WebhookEndpoint{InstitutionID: w.library, Events: all, Enabled: true})                               // another institution
	w.endpoint(t, domain.WebhookEndpoint{FounderID: w.founder2, Events: all, Enabled: true})                                  // another founder
	w.endpoint(t, domain.WebhookEndpoint{InstitutionID: w.museum, Events: []string{domain.EventPlanApproved}, Enabled: true}) // not subscribed
	w.endpoint(t, domain.WebhookEndpoint{InstitutionID: w.museum, Events: all, Enabled: false})                               // disabled

	ev := domain.WebhookEvent{Kind: domain.EventItemStatusChanged, InstitutionID: w.museum, PlanID: 7, ItemID: 42,
		Payload: json.RawMessage(`{"from":"planned","to":"in_progress","item_id":999}`), Key: "v3"}
	// A change that fails takes its event with it.
	boom := errors.New("boom")
	err := w.s.InTx(ctx, func(tx *storage.Store) error {
		if n, err := tx.EnqueueEvent(ctx, ev); err != nil || n != 2 {
			t.Fatalf("enqueue in the failing transaction = %d, %v", n, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if n := count(t, w.s, "SELECT count(*) FROM webhook_deliveries"); n != 0 {
		t.Fatalf("rolled back change left %d deliveries", n)
	}
	err = w.s.InTx(ctx, func(tx *storage.Store) error {
		n, err := tx.EnqueueEvent(ctx, ev)
		if err == nil && n != 2 {
			t.Errorf("planned %d deliveries, want 2 (museum's and founder's)", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.s.EnqueueEvent(ctx, ev); err != nil || n != 0 {
		t.Errorf("the same event again planned %d, %v", n, err)
	}
	if n := count(t, w.s, "SELECT count(*) FROM webhook_events"); n != 1 {
		t.Errorf("%d events stored, want 1", n)
	}
	// An event nobody subscribed to is not stored at all.
	if n, err := w.s.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventReportAccepted, InstitutionID: w.library, PlanID: 1}); err != nil || n != 1 {
		t.Errorf("library event = %d, %v (the library's endpoint takes everything)", n, err)
	}
	if n, err := w.s.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventItemCreated, InstitutionID: w.museum, At: demoNow.Add(time.Second)}); err != nil || n != 1 {
		t.Errorf("item.created = %d, %v (only the museum's own endpoint)", n, err)
	}
	if _, err := w.s.EnqueueEvent(ctx, domain.WebhookEvent{Kind: "item.exploded", InstitutionID: w.museum}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := w.s.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventItemCreated, InstitutionID: w.museum, Payload: json.RawMessage(`[1]`)}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("array payload: %v", err)
	}

	// What is claimed carries the body, the stable id and the owner.
	got, err := w.s.ClaimWebhookDeliveries(ctx, demoNow, time.Minute, 10)
	if err != nil || len(got) != 4 {
		t.Fatalf("claimed %d, %v", len(got), err)
	}
	byEndpoint := map[int64]domain.WebhookDelivery{}
	for _, d := range got {
		if d.Kind == domain.EventItemStatusChanged {
			byEndpoint[d.EndpointID] = d
		}
	}
	m, f := byEndpoint[museumEP.ID], byEndpoint[founderEP.ID]
	if m.MsgID == "" || m.MsgID != f.MsgID || !strings.HasPrefix(m.MsgID, "msg_") {
		t.Errorf("webhook-ids %q and %q: want one msg_ id per event", m.MsgID, f.MsgID)
	}
	var body struct {
		Type      string         `json:"type"`
		Timestamp time.Time      `json:"timestamp"`
		Data      map[string]any `json:"data"`
	}
	if err := json.Unmarshal(m.Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Type != "item.status_changed" || !body.Timestamp.Equal(demoNow) || body.Data["item_id"] != 42.0 || body.Data["to"] != "in_progress" {
		t.Errorf("body = %s", m.Body)
	}
	if m.Owner.Email != "hooks@example.org" || m.Attempts != 1 || m.Endpoint.Secret == "" {
		t.Errorf("claimed = %+v", m)
	}
	// Leased: nobody else gets them.
	if again, err := w.s.ClaimWebhookDeliveries(ctx, demoNow, time.Minute, 10); err != nil || len(again) != 0 {
		t.Errorf("claimed again: %d, %v", len(again), err)
	}
}

// TestWebhookAttemptsAndHealth: outcomes update the delivery and the
// endpoint's run of failures; a stale lease holder changes nothing.
func TestWebhookAttemptsAndHealth(t *testing.T) {
	w := newHookWorld(t)
	ctx := context.Background()
	ep := w.endpoint(t, domain.WebhookEndpoint{InstitutionID: w.museum, Events: domain.WebhookEventKinds, Enabled: true})
	for i := 0; i < 2; i++ {
		if _, err := w.s.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventItemCreated, InstitutionID: w.museum, ItemID: int64(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := w.s.ClaimWebhookDeliveries(ctx, demoNow, time.Minute, 10)
	if err != nil || len(ds) != 2 {
		t.Fatalf("claimed %d, %v", len(ds), err)
	}
	a, b := ds[0], ds[1]
	h, err := w.s.RecordWebhookAttempt(ctx, domain.WebhookOutcome{DeliveryID: a.ID, Attempt: 1, At: demoNow, StatusCode: 500, Error: "HTTP 500", Next: demoNow.Add(30 * time.Second)})
	if err != nil || !h.Recorded || !h.FailingSince.Equal(demoNow) || h.FailedCount != 0 {
		t.Fatalf("retry: %+v, %v", h, err)
	}
	h, err = w.s.RecordWebhookAttempt(ctx, domain.WebhookOutcome{DeliveryID: b.ID, Attempt: 1, At: demoNow.Add(time.Second), Error: "refused"})
	if err != nil || !h.FailingSince.Equal(demoNow) || h.FailedCount != 1 {
		t.Fatalf("failed for good: %+v, %v", h, err)
	}
	// The same attempt again (a stale lease holder) is ignored.
	if h, err := w.s.RecordWebhookAttempt(ctx, domain.WebhookOutcome{DeliveryID: b.ID, Attempt: 1, At: demoNow, Delivered: true, StatusCode: 200}); err != nil || h.Recorded {
		t.Errorf("stale outcome recorded: %+v, %v", h, err)
	}
	// Not due before its retry time.
	if got, _ := w.s.ClaimWebhookDeliveries(ctx, demoNow.Add(29*time.Second), time.Minute, 10); len(got) != 0 {
		t.Errorf("claimed %d before the retry is due", len(got))
	}
	got, err := w.s.ClaimWebhookDeliveries(ctx, demoNow.Add(30*time.Second), time.Minute, 10)
	if err != nil || len(got) != 1 || got[0].ID != a.ID || got[0].Attempts != 2 {
		t.Fatalf("retry claim = %+v, %v", got, err)
	}
	h, err = w.s.RecordWebhookAttempt(ctx, domain.WebhookOutcome{DeliveryID: a.ID, Attempt: 2, At: demoNow.Add(31 * time.Second), Delivered: true, StatusCode: 204})
	if err != nil || !h.FailingSince.IsZero() || h.FailedCount != 0 {
		t.Errorf("success clears failures: %+v, %v", h, err)
	}
	log, err := w.s.WebhookDeliveries(ctx, domain.WebhookOwner{InstitutionID: w.museum}, ep.ID, 50)
	if err != nil || len(log) != 2 {
		t.Fatalf("log = %+v, %v", log, err)
	}
	if log[1].Status != domain.DeliveryDelivered || log[1].LastStatus != 204 || log[0].Status != domain.DeliveryFailed || log[0].LastError != "refused" {
		t.Errorf("log = %+v", log)
	}
	// Resend: pending again with the same id; a foreign owner cannot.
	if err := w.s.ResendWebhookDelivery(ctx, domain.WebhookOwner{InstitutionID: w.library}, ep.ID, b.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("foreign resend: %v", err)
	}
	if err := w.s.ResendWebhookDelivery(ctx, domain.WebhookOwner{InstitutionID: w.museum}, ep.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = w.s.ClaimWebhookDeliveries(ctx, demoNow.Add(time.Minute), time.Minute, 10)
	if len(got) != 1 || got[0].ID != b.ID || got[0].MsgID != b.MsgID || got[0].Attempts != 1 {
		t.Errorf("resent = %+v", got)
	}

	// Disabling happens once, with one mail to the owner.
	mail := &domain.Mail{Kind: domain.MailWebhookDisabled, SubjectID: ep.ID, RecipientID: w.owner.ID, To: w.owner.Email,
		Day: domain.NewDate(2026, 11, 23), Subject: "s", Text: "t"}
	for i, want := range []bool{true, false} {
		done, err := w.s.DisableWebhookEndpoint(ctx, ep.ID, demoNow, "failing", mail, "test")
		if err != nil || done != want {
			t.Errorf("disable #%d = %v, %v", i+1, done, err)
		}
	}
	if n := count(t, w.s, "SELECT count(*) FROM mail_outbox WHERE kind = 'webhook_disabled'"); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
	// A disabled endpoint gets nothing new; its pending deliveries wait.
	if n, _ := w.s.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventItemCreated, InstitutionID: w.museum, ItemID: 9}); n != 0 {
		t.Errorf("disabled endpoint got %d deliveries", n)
	}
	cur, _ := w.s.WebhookEndpoint(ctx, domain.WebhookOwner{InstitutionID: w.museum}, ep.ID)
	if cur.Enabled || cur.DisabledWhy != "failing" {
		t.Errorf("endpoint = %+v", cur)
	}
	cur.Enabled = true
	if err := w.s.UpdateWebhookEndpoint(ctx, domain.WebhookOwner{InstitutionID: w.museum}, cur); err != nil {
		t.Fatal(err)
	}
	cur, _ = w.s.WebhookEndpoint(ctx, domain.WebhookOwner{InstitutionID: w.museum}, ep.ID)
	if !cur.Enabled || cur.DisabledWhy != "" || cur.FailedCount != 0 {
		t.Errorf("re-enabled = %+v", cur)
	}
}

// TestWebhookOwnersAndRotation: owners see only their endpoints; rotation
// keeps the previous secret for a day.
func TestWebhookOwnersAndRotation(t *testing.T) {
	w := newHookWorld(t)
	ctx := context.Background()
	ep := w.endpoint(t, domain.WebhookEndpoint{FounderID: w.founder, Events: []string{domain.EventPlanSubmitted}, Enabled: true})
	for _, o := range []domain.WebhookOwner{{InstitutionID: w.museum}, {FounderIDs: []int64{w.founder2}}, {}} {
		if _, err := w.s.WebhookEndpoint(ctx, o, ep.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("owner %+v sees the endpoint: %v", o, err)
		}
	}
	for _, o := range []domain.WebhookOwner{{FounderIDs: []int64{w.founder}}, {AnyFounder: true}} {
		if list, err := w.s.WebhookEndpoints(ctx, o); err != nil || len(list) != 1 || list[0].OwnerName != "Учредитель" {
			t.Errorf("owner %+v: %+v, %v", o, list, err)
		}
	}
	*w.now = demoNow.Add(time.Hour)
	old := ep.Secret
	got, err := w.s.RotateWebhookSecret(ctx, domain.WebhookOwner{FounderIDs: []int64{w.founder}}, ep.ID, "whsec_bmV3LW5ldy1uZXctbmV3LW5ldy1uZXctbmV3LW5ldw==")
	if err != nil {
		t.Fatal(err)
	}
	if s := got.Secrets(demoNow.Add(2 * time.Hour)); len(s) != 2 || s[1] != old {
		t.Errorf("secrets during the grace period = %v", s)
	}
	if s := got.Secrets(demoNow.Add(25 * time.Hour)); len(s) != 1 || s[0] == old {
		t.Errorf("secrets after the grace period = %v", s)
	}
	if _, err := w.s.RotateWebhookSecret(ctx, domain.WebhookOwner{FounderIDs: []int64{w.founder2}}, ep.ID, "whsec_eA=="); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("foreign rotation: %v", err)
	}
}

func count(t *testing.T, s *storage.Store, q string) int {
	t.Helper()
	var n int
	if err := s.DB().NewRaw(q).Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}
