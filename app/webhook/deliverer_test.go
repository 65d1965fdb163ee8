package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"planboard/app/webhook"
	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// clock is the test's delivery clock, starting at the run's moment; the
// deliverer's workers read it concurrently.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// receiver is a webhook consumer in the test process: it verifies every
// request with verifySpec and counts the events it accepted.
type receiver struct {
	t        *testing.T
	srv      *httptest.Server
	secret   string
	clock    *clock
	mu       sync.Mutex
	status   int            // answer; 0: 204
	accepted map[string]int // webhook-id -> times accepted
	seen     map[string]int // webhook-id -> times received
	hold     func(r *http.Request)
}

func newReceiver(t *testing.T, c *clock) *receiver {
	rc := &receiver{t: t, clock: c, accepted: map[string]int{}, seen: map[string]int{}}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if err := verifySpec(r.Header, body, rc.secret, rc.clock.Now()); err != nil {
		rc.t.Errorf("receiver: %v", err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	id := r.Header.Get("webhook-id")
	rc.mu.Lock()
	rc.seen[id]++
	hold, status := rc.hold, rc.status
	rc.mu.Unlock()
	if hold != nil {
		hold(r)
	}
	if status == 0 {
		status = http.StatusNoContent
	}
	if status < 300 {
		rc.mu.Lock()
		rc.accepted[id]++
		rc.mu.Unlock()
	}
	w.WriteHeader(status)
}

func (rc *receiver) set(status int) { rc.mu.Lock(); rc.status = status; rc.mu.Unlock() }

// everyOnce checks that n events were accepted, each exactly once.
func (rc *receiver) everyOnce(n int) {
	rc.t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.accepted) != n {
		rc.t.Errorf("accepted %d events, want %d", len(rc.accepted), n)
	}
	for id, k := range rc.accepted {
		if k != 1 {
			rc.t.Errorf("event %s accepted %d times", id, k)
		}
	}
}

// world is an institution with one endpoint pointing at a receiver.
type world struct {
	dsn   string
	store *storage.Store
	clock *clock
	rc    *receiver
	ep    domain.WebhookEndpoint
	inst  int64
	owner domain.User
	mails []domain.Mail
	mu    sync.Mutex
}

func newWorld(t *testing.T) *world {
	t.Helper()
	c := &clock{t: pgtest.Now()}
	dsn := pgtest.DSN(t)
	w := &world{dsn: dsn, clock: c, rc: newReceiver(t, c)}
	w.store = openStore(t, dsn, c)
	ctx := context.Background()
	f := domain.Founder{Name: "Министерство"}
	if err := w.store.CreateFounder(ctx, &f); err != nil {
		t.Fatal(err)
	}
	inst := domain.Institution{FounderID: f.ID, Name: "Музей", Kind: domain.KindMuseum, Slug: "muzey", TimeZone: "Europe/Moscow"}
	if err := w.store.CreateInstitution(ctx, &inst); err != nil {
		t.Fatal(err)
	}
	w.inst = inst.ID
	w.owner = domain.User{Email: "director@example.org", FullName: "Директор", Locale: "ru"}
	if err := w.store.CreateUser(ctx, &w.owner); err != nil {
		t.Fatal(err)
	}
	secret, _ := webhook.NewSecret()
	w.rc.secret = secret
	w.ep = domain.WebhookEndpoint{InstitutionID: inst.ID, URL: w.rc.srv.URL + "/hook", Events: domain.WebhookEventKinds,
		Enabled: true, Secret: secret, CreatedBy: w.owner.ID}
	if err := w.store.CreateWebhookEndpoint(ctx, &w.ep); err != nil {
		t.Fatal(err)
	}
	return w
}

// openStore is a replica's own connection pool on the test database.
func openStore(t *testing.T, dsn string, c *clock) *storage.Store {
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return storage.New(db).WithClock(c.Now)
}

// events enqueues n item events, each in a transaction of its own, as the
// service layer will: the change and its event commit together.
func (w *world) events(t *testing.T, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := w.store.InTx(ctx, func(tx *storage.Store) error {
			_, err := tx.EnqueueEvent(ctx, domain.WebhookEvent{Kind: domain.EventItemStatusChanged, InstitutionID: w.inst,
				PlanID: 1, ItemID: int64(i + 1), Payload: []byte(`{"from":"planned","to":"in_progress"}`), Key: "v2"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// deliverer is one replica's deliverer over its own store.
func (w *world) deliverer(s *storage.Store, lease time.Duration) *webhook.Deliverer {
	return webhook.New(webhook.Config{Store: s, Clock: w.clock.Now, Guard: webhook.Guard{AllowPrivate: true},
		Timeout: 5 * time.Second, Lease: lease, MailHost: "test",
		Notice: func(d domain.WebhookDelivery, reason string, at time.Time) *domain.Mail {
			m := &domain.Mail{Kind: domain.MailWebhookDisabled, SubjectID: d.EndpointID, RecipientID: d.Owner.ID, To: d.Owner.Email,
				Day: domain.Today(at, time.UTC), Event: at.Unix(), Subject: "Webhook disabled: " + reason, Text: d.Endpoint.URL}
			w.mu.Lock()
			w.mails = append(w.mails, *m)
			w.mu.Unlock()
			return m
		}})
}

func (w *world) status(t *testing.T) map[string]int {
	t.Helper()
	var rows []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	if err := w.store.DB().NewRaw("SELECT status, count(*) AS n FROM webhook_deliveries GROUP BY status").Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out
}

// TestWebhookReceiverDownThenUp: nothing is lost while the receiver fails,
// and once it is back every event arrives once.
func TestWebhookReceiverDownThenUp(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.events(t, 5)
	d := w.deliverer(w.store, time.Minute)
	w.rc.set(http.StatusServiceUnavailable)
	r, err := d.Deliver(ctx)
	if err != nil || r.Retried != 5 || r.Delivered != 0 {
		t.Fatalf("receiver down: %+v, %v", r, err)
	}
	// Not due yet: a run now sends nothing.
	if r, _ := d.Deliver(ctx); r != (webhook.Result{}) {
		t.Errorf("run before the retry is due: %+v", r)
	}
	w.rc.set(0)
	w.clock.Add(30 * time.Second)
	r, err = d.Deliver(ctx)
	if err != nil || r.Delivered != 5 {
		t.Fatalf("receiver up: %+v, %v", r, err)
	}
	w.clock.Add(24 * time.Hour)
	if r, _ := d.Deliver(ctx); r != (webhook.Result{}) {
		t.Errorf("a later run sent again: %+v", r)
	}
	w.rc.everyOnce(5)
	if st := w.status(t); st[domain.DeliveryDelivered] != 5 {
		t.Errorf("ledger = %v", st)
	}
	var stat struct {
		Attempts   int    `bun:"attempts"`
		LastStatus int    `bun:"last_status"`
		LastError  string `bun:"last_error"`
	}
	if err := w.store.DB().NewRaw("SELECT max(attempts) AS attempts, max(last_status) AS last_status, max(last_error) AS last_error FROM webhook_deliveries").Scan(ctx, &stat); err != nil {
		t.Fatal(err)
	}
	if stat.Attempts != 2 || stat.LastStatus != 204 || stat.LastError != "" {
		t.Errorf("recorded = %+v", stat)
	}
}

// TestWebhookTwoReplicasDeliverOnce: two deliverers on one database, each
// with its own connection pool, working at the same time.
func TestWebhookTwoReplicasDeliverOnce(t *testing.T) {
	w := newWorld(t)
	const n = 40
	w.events(t, n)
	w.rc.hold = func(*http.Request) { time.Sleep(5 * time.Millisecond) } // overlap the replicas
	replicas := []*webhook.Deliverer{w.deliverer(openStore(t, w.dsn, w.clock), time.Minute), w.deliverer(openStore(t, w.dsn, w.clock), time.Minute)}
	var wg sync.WaitGroup
	results := make([]webhook.Result, len(replicas))
	for i, d := range replicas {
		wg.Add(1)
		go func(i int, d *webhook.Deliverer) {
			defer wg.Done()
			var err error
			if results[i], err = d.Deliver(context.Background()); err != nil {
				t.Error(err)
			}
		}(i, d)
	}
	wg.Wait()
	if got := results[0].Delivered + results[1].Delivered; got != n {
		t.Errorf("delivered %d (%+v), want %d", got, results, n)
	}
	w.rc.everyOnce(n)
	for id, k := range w.rc.seen {
		if k != 1 {
			t.Errorf("event %s received %d times", id, k)
		}
	}
}

// TestWebhookKilledMidDelivery: a deliverer that stops after the request
// was sent and before recording the answer loses nothing: after the lease
// another one sends it again, with the same webhook-id.
func TestWebhookKilledMidDelivery(t *testing.T) {
	w := newWorld(t)
	w.events(t, 1)
	ctx, kill := context.WithCancel(context.Background())
	var first sync.Once
	w.rc.hold = func(r *http.Request) {
		first.Do(func() {
			kill()               // the replica dies while the receiver handles its request
			<-r.Context().Done() // its connection is gone before the answer
		})
	}
	const lease = 1500 * time.Millisecond
	r, err := w.deliverer(w.store, lease).Deliver(ctx)
	if err != nil || r.Aborted != 1 || r.Delivered != 0 {
		t.Fatalf("killed run: %+v, %v", r, err)
	}
	if st := w.status(t); st[domain.DeliveryPending] != 1 {
		t.Fatalf("after the kill the ledger = %v, want the delivery pending", st)
	}
	other := w.deliverer(openStore(t, w.dsn, w.clock), lease)
	if r, _ := other.Deliver(context.Background()); r.Delivered != 0 {
		t.Fatalf("another replica took the delivery before the lease expired: %+v", r)
	}
	// The lease is the database's clock: wait for it, polling.
	deadline := time.After(10 * time.Second)
	for {
		r, err := other.Deliver(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r.Delivered == 1 {
			break
		}
		select {
		case <-deadline:
			t.Fatal("not delivered after the lease expired")
		case <-time.After(100 * time.Millisecond):
		}
	}
	// The receiver got the event twice under one webhook-id (it may well
	// have handled the first copy: its answer was lost), so it can tell.
	if len(w.rc.seen) != 1 {
		t.Errorf("received %d distinct webhook-ids, want 1", len(w.rc.seen))
	}
	for id, k := range w.rc.seen {
		if k != 2 {
			t.Errorf("event %s received %d times, want 2 (the lost answer, then the retry)", id, k)
		}
	}
	var attempts int
	if err := w.store.DB().NewRaw("SELECT attempts FROM webhook_deliveries WHERE status = 'delivered'").Scan(context.Background(), &attempts); err != nil || attempts != 2 {
		t.Errorf("delivered after %d attempts, %v; want 2", attempts, err)
	}
}

// TestWebhookBackoffThenDisabled: a receiver that always fails gets each
// delivery six times, 30 s, 2 min, 10 min, 1 h and 6 h apart; after the
// fifth delivery failed for good the endpoint is disabled and its owner
// gets one mail.
func TestWebhookBackoffThenDisabled(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.events(t, 5)
	w.rc.set(http.StatusInternalServerError)
	d := w.deliverer(w.store, time.Minute)
	start := w.clock.Now()
	waits := []time.Duration{0, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour}
	var total webhook.Result
	for i, wait := range waits {
		w.clock.Add(wait)
		if i > 0 {
			// A second too early nothing is due.
			var next time.Time
			if err := w.store.DB().NewRaw("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'").Scan(ctx, &next); err != nil {
				t.Fatal(err)
			}
			if !next.Equal(w.clock.Now()) {
				t.Errorf("attempt %d due at %v, want %v", i+1, next.Sub(start), w.clock.Now().Sub(start))
			}
		}
		r, err := d.Deliver(ctx)
		if err != nil {
			t.Fatal(err)
		}
		total.Retried += r.Retried
		total.Failed += r.Failed
		total.Disabled += r.Disabled
	}
	if total.Retried != 25 || total.Failed != 5 || total.Disabled != 1 {
		t.Errorf("runs = %+v, want 25 retries, 5 failures, 1 endpoint disabled", total)
	}
	ep, err := w.store.WebhookEndpoint(ctx, domain.WebhookOwner{InstitutionID: w.inst}, w.ep.ID)
	if err != nil || ep.Enabled || ep.DisabledWhy != "failing" || ep.FailedCount != 5 {
		t.Errorf("endpoint = %+v, %v", ep, err)
	}
	var mails []struct {
		To   string `bun:"to_email"`
		Kind string `bun:"kind"`
	}
	if err := w.store.DB().NewRaw("SELECT to_email, kind FROM mail_outbox").Scan(ctx, &mails); err != nil {
		t.Fatal(err)
	}
	if len(mails) != 1 || mails[0].To != "director@example.org" || mails[0].Kind != domain.MailWebhookDisabled {
		t.Errorf("mails = %+v", mails)
	}
	// A disabled endpoint gets nothing, even when something is due.
	w.events(t, 1)
	w.rc.set(0)
	if r, _ := d.Deliver(ctx); r != (webhook.Result{}) {
		t.Errorf("disabled endpoint got deliveries: %+v", r)
	}
}

// TestWebhookGoneDisables: 410 Gone means the receiver wants no more.
func TestWebhookGoneDisables(t *testing.T) {
	w := newWorld(t)
	w.events(t, 2)
	w.rc.set(http.StatusGone)
	d := webhook.New(webhook.Config{Store: w.store, Clock: w.clock.Now, Guard: webhook.Guard{AllowPrivate: true}, Workers: 1, Batch: 1})
	r, err := d.Deliver(context.Background())
	if err != nil || r.Failed != 1 || r.Disabled != 1 {
		t.Errorf("410: %+v, %v", r, err)
	}
	if st := w.status(t); st[domain.DeliveryPending] != 1 {
		t.Errorf("ledger = %v: the other delivery should wait", st)
	}
}

// TestWebhookPrivateTargetRefusedAtDelivery: without the allow flag the
// deliverer does not connect to 127.0.0.1 and records why.
func TestWebhookPrivateTargetRefusedAtDelivery(t *testing.T) {
	w := newWorld(t)
	w.events(t, 1)
	d := webhook.New(webhook.Config{Store: w.store, Clock: w.clock.Now})
	r, err := d.Deliver(context.Background())
	if err != nil || r.Retried != 1 {
		t.Fatalf("run = %+v, %v", r, err)
	}
	var lastErr string
	if err := w.store.DB().NewRaw("SELECT last_error FROM webhook_deliveries").Scan(context.Background(), &lastErr); err != nil {
		t.Fatal(err)
	}
	if len(w.rc.seen) != 0 || !strings.Contains(lastErr, "not a public address") {
		t.Errorf("received %d, last error %q", len(w.rc.seen), lastErr)
	}
}
