package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"planboard/domain"
)

// Store is what the Deliverer needs from storage (storage.Store has it).
type Store interface {
	ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]domain.WebhookDelivery, error)
	RecordWebhookAttempt(ctx context.Context, o domain.WebhookOutcome) (domain.WebhookHealth, error)
	ReleaseWebhookDelivery(ctx context.Context, id int64, attempt int) error
	DisableWebhookEndpoint(ctx context.Context, id int64, at time.Time, reason string, mail *domain.Mail, host string) (bool, error)
}

// DefaultSchedule is the wait after each failed attempt: six attempts over
// about seven hours, then the delivery has failed for good.
var DefaultSchedule = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour}

// DefaultDisable disables an endpoint after 5 deliveries failed for good
// in a row, or 24 hours of failures without a success.
var DefaultDisable = domain.WebhookDisablePolicy{MaxFailed: 5, FailingFor: 24 * time.Hour}

// Config are the Deliverer's collaborators and settings.
type Config struct {
	Store  Store
	Clock  func() time.Time // the delivery clock: due times, backoff, webhook-timestamp
	Guard  Guard            // used to build the client when Client is nil
	Client *http.Client     // nil: Guard.NewClient(Timeout)
	// Timeout bounds each request; default 10 s.
	Timeout time.Duration
	// Lease is how long a claimed delivery is reserved for this sender; it
	// must outlast Timeout. Default 2 min.
	Lease    time.Duration
	Batch    int             // deliveries claimed at once; default 20
	Workers  int             // requests in flight at once; default 4
	Schedule []time.Duration // waits after failed attempts; default DefaultSchedule
	Disable  domain.WebhookDisablePolicy
	// Notice renders the mail that tells an endpoint's owner it was
	// disabled (nil: no mail, or an owner without an account).
	Notice   func(d domain.WebhookDelivery, reason string, at time.Time) *domain.Mail
	MailHost string // the host part of the mail's Message-ID
	Logger   *slog.Logger
}

// Deliverer sends due deliveries from the ledger. Several may run on one
// database (replicas): each delivery is claimed by one of them at a time.
type Deliverer struct {
	cfg    Config
	client *http.Client
}

// New applies the defaults.
func New(c Config) *Deliverer {
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Timeout == 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Lease == 0 {
		c.Lease = 2 * time.Minute
	}
	if c.Batch == 0 {
		c.Batch = 20
	}
	if c.Workers == 0 {
		c.Workers = 4
	}
	if c.Schedule == nil {
		c.Schedule = DefaultSchedule
	}
	if c.Disable == (domain.WebhookDisablePolicy{}) {
		c.Disable = DefaultDisable
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Deliverer{cfg: c, client: c.Client}
	if d.client == nil {
		d.client = c.Guard.NewClient(c.Timeout)
	}
	return d
}

// Result counts what one run did.
type Result struct {
	Delivered int // answered 2xx
	Retried   int // failed, to be tried again
	Failed    int // failed for the last time
	Disabled  int // endpoints disabled
	Aborted   int // in flight when ctx was cancelled: left leased, sent again after the lease
}

// Deliver sends everything due until none is left. Each batch is leased
// and committed before any request; each outcome is recorded at once. When
// ctx is cancelled, requests in flight are abandoned without a record (as
// if the process had died: the lease expires and the delivery goes out
// again with the same webhook-id, so receivers can tell), and claimed
// deliveries not yet tried are given back.
func (d *Deliverer) Deliver(ctx context.Context) (Result, error) {
	var (
		r  Result
		mu sync.Mutex
	)
	for ctx.Err() == nil {
		batch, err := d.cfg.Store.ClaimWebhookDeliveries(ctx, d.cfg.Clock(), d.cfg.Lease, d.cfg.Batch)
		if err != nil || len(batch) == 0 {
			return r, err
		}
		var (
			wg    sync.WaitGroup
			first error
		)
		slots := make(chan struct{}, d.cfg.Workers)
		for _, dl := range batch {
			slots <- struct{}{}
			wg.Add(1)
			go func(dl domain.WebhookDelivery) {
				defer func() { <-slots; wg.Done() }()
				one, err := d.deliverOne(ctx, dl)
				mu.Lock()
				defer mu.Unlock()
				r.add(one)
				if err != nil && first == nil {
					first = err
				}
			}(dl)
		}
		wg.Wait()
		if first != nil {
			return r, first
		}
	}
	return r, nil
}

func (r *Result) add(o Result) {
	r.Delivered += o.Delivered
	r.Retried += o.Retried
	r.Failed += o.Failed
	r.Disabled += o.Disabled
	r.Aborted += o.Aborted
}

// deliverOne makes one attempt and records it.
func (d *Deliverer) deliverOne(ctx context.Context, dl domain.WebhookDelivery) (Result, error) {
	var r Result
	if ctx.Err() != nil {
		return r, d.cfg.Store.ReleaseWebhookDelivery(context.WithoutCancel(ctx), dl.ID, dl.Attempts)
	}
	at := d.cfg.Clock()
	code, retryAfter, err := d.send(ctx, dl, at)
	if err != nil && ctx.Err() != nil {
		r.Aborted++
		return r, nil
	}
	// Recorded even if ctx ends now: the receiver has answered.
	rec := context.WithoutCancel(ctx)
	o := domain.WebhookOutcome{DeliveryID: dl.ID, Attempt: dl.Attempts, At: d.cfg.Clock(), StatusCode: code}
	gone := code == http.StatusGone
	switch {
	case err == nil && code >= 200 && code < 300:
		o.Delivered = true
		r.Delivered++
	default:
		if err != nil {
			o.Error = err.Error()
		} else {
			o.Error = fmt.Sprintf("HTTP %d", code)
		}
		if !gone && dl.Attempts <= len(d.cfg.Schedule) {
			wait := d.cfg.Schedule[dl.Attempts-1]
			if retryAfter > wait {
				wait = min(retryAfter, d.cfg.Schedule[len(d.cfg.Schedule)-1])
			}
			o.Next = o.At.Add(wait)
			r.Retried++
		} else {
			r.Failed++
		}
		d.cfg.Logger.Info("webhook attempt failed", "delivery", dl.ID, "endpoint", dl.EndpointID, "attempt", dl.Attempts,
			"status", code, "err", o.Error, "next", o.Next)
	}
	h, err := d.cfg.Store.RecordWebhookAttempt(rec, o)
	if err != nil || !h.Recorded {
		return r, err
	}
	reason := ""
	switch {
	case gone:
		reason = "gone"
	case d.cfg.Disable.Disable(h, o.At):
		reason = "failing"
	}
	if reason == "" || !h.Enabled {
		return r, nil
	}
	var mail *domain.Mail
	if d.cfg.Notice != nil && dl.Owner.ID != 0 {
		mail = d.cfg.Notice(dl, reason, o.At)
	}
	done, err := d.cfg.Store.DisableWebhookEndpoint(rec, dl.EndpointID, o.At, reason, mail, d.cfg.MailHost)
	if done {
		r.Disabled++
		d.cfg.Logger.Warn("webhook endpoint disabled", "endpoint", dl.EndpointID, "reason", reason,
			"failed", h.FailedCount, "failing_since", h.FailingSince)
	}
	return r, err
}

// send POSTs the delivery, signed at at with every secret valid then. It
// returns the status code (0 without an answer) and the receiver's
// Retry-After, if it sent one in seconds.
func (d *Deliverer) send(ctx context.Context, dl domain.WebhookDelivery, at time.Time) (int, time.Duration, error) {
	ts := at.Unix()
	sig, err := Sign(dl.MsgID, ts, dl.Body, dl.Endpoint.Secrets(at)...)
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.Endpoint.URL, bytes.NewReader(dl.Body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Planboard-Webhooks/1")
	req.Header.Set("webhook-id", dl.MsgID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	res, err := d.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	var after time.Duration
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s > 0 {
		after = time.Duration(s) * time.Second
	}
	return res.StatusCode, after, nil
}
