package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

type webhookEndpointRow struct {
	bun.BaseModel   `bun:"table:webhook_endpoints,alias:we"`
	ID              int64      `bun:"id,pk,autoincrement"`
	InstitutionID   int64      `bun:"institution_id,nullzero"`
	FounderID       int64      `bun:"founder_id,nullzero"`
	OwnerName       string     `bun:"owner_name,scanonly"`
	URL             string     `bun:"url"`
	Events          []string   `bun:"events,array"`
	Enabled         bool       `bun:"enabled"`
	Secret          string     `bun:"secret"`
	PrevSecret      string     `bun:"prev_secret"`
	PrevSecretUntil *time.Time `bun:"prev_secret_until"`
	CreatedBy       int64      `bun:"created_by,nullzero"`
	CreatedAt       time.Time  `bun:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at"`
	DisabledAt      *time.Time `bun:"disabled_at"`
	DisabledReason  string     `bun:"disabled_reason"`
	FailingSince    *time.Time `bun:"failing_since"`
	FailedCount     int        `bun:"failed_count"`
}

func (r *webhookEndpointRow) domain() domain.WebhookEndpoint {
	return domain.WebhookEndpoint{ID: r.ID, InstitutionID: r.InstitutionID, FounderID: r.FounderID, OwnerName: r.OwnerName,
		URL: r.URL, Events: r.Events, Enabled: r.Enabled, Secret: r.Secret, PrevSecret: r.PrevSecret,
		PrevUntil: fromNullTime(r.PrevSecretUntil), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt,
		DisabledAt: fromNullTime(r.DisabledAt), DisabledWhy: r.DisabledReason, FailingSince: fromNullTime(r.FailingSince),
		FailedCount: r.FailedCount}
}

// ownedBy limits an endpoint query to the owner's endpoints.
func ownedBy(q *bun.SelectQuery, o domain.WebhookOwner) *bun.SelectQuery {
	switch {
	case o.InstitutionID != 0:
		return q.Where("we.institution_id = ?", o.InstitutionID)
	case o.AnyFounder:
		return q.Where("we.founder_id IS NOT NULL")
	}
	return q.Where("we.founder_id = ANY(?)", pgdialect.Array(nonNil(o.FounderIDs)))
}

func (s *Store) endpointQuery(rows any, o domain.WebhookOwner) *bun.SelectQuery {
	q := s.db.NewSelect().Model(rows).ColumnExpr("we.*, coalesce(i.name, f.name, '') AS owner_name").
		Join("LEFT JOIN institutions AS i ON i.id = we.institution_id").
		Join("LEFT JOIN founders AS f ON f.id = we.founder_id")
	return ownedBy(q, o)
}

// CreateWebhookEndpoint registers ep (an institution's or a founder's,
// with its secret) and sets its ID and CreatedAt. The caller has checked
// the URL and the right to register it; the events are validated here.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, ep *domain.WebhookEndpoint) error {
	if err := domain.CheckWebhookEvents(ep.Events); err != nil {
		return err
	}
	now := s.now()
	row := &webhookEndpointRow{InstitutionID: ep.InstitutionID, FounderID: ep.FounderID, URL: ep.URL, Events: ep.Events,
		Enabled: ep.Enabled, Secret: ep.Secret, CreatedBy: ep.CreatedBy, CreatedAt: now, UpdatedAt: now}
	if !ep.Enabled {
		row.DisabledAt = &now
	}
	owner, ownerID := "institution_id", ep.InstitutionID
	if ep.InstitutionID == 0 {
		owner, ownerID = "founder_id", ep.FounderID
	}
	err := s.InTx(ctx, func(tx *Store) error {
		// One owner's endpoints are counted and added one request at a time.
		if _, err := tx.db.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(? || ?, 0))", "webhooks:"+owner+":", ownerID); err != nil {
			return err
		}
		n, err := tx.db.NewSelect().Model((*webhookEndpointRow)(nil)).Where("? = ?", bun.Ident(owner), ownerID).Count(ctx)
		if err != nil {
			return err
		}
		if n >= domain.MaxWebhooksPerOwner {
			return &domain.Error{Code: domain.EInvalid, Field: "url", Message: fmt.Sprintf("webhooks.too_many|%d", domain.MaxWebhooksPerOwner)}
		}
		_, err = tx.db.NewInsert().Model(row).Returning("id").Exec(ctx)
		return err
	})
	if err != nil {
		return mapErr(err)
	}
	ep.ID, ep.CreatedAt = row.ID, now
	return nil
}

// WebhookEndpoints lists the owner's endpoints, oldest first.
func (s *Store) WebhookEndpoints(ctx context.Context, o domain.WebhookOwner) ([]domain.WebhookEndpoint, error) {
	var rows []webhookEndpointRow
	if err := s.endpointQuery(&rows, o).OrderExpr("we.id").Scan(ctx); err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.WebhookEndpoint, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// WebhookEndpoint returns one of the owner's endpoints; anyone else's is ErrNotFound.
func (s *Store) WebhookEndpoint(ctx context.Context, o domain.WebhookOwner, id int64) (domain.WebhookEndpoint, error) {
	var row webhookEndpointRow
	if err := s.endpointQuery(&row, o).Where("we.id = ?", id).Scan(ctx); err != nil {
		return domain.WebhookEndpoint{}, mapErr(err)
	}
	return row.domain(), nil
}

// UpdateWebhookEndpoint changes the URL, events and enabled flag of one of
// the owner's endpoints (anyone else's is ErrNotFound). Enabling an
// endpoint forgets its failures; the deliveries that waited go out.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, o domain.WebhookOwner, ep domain.WebhookEndpoint) error {
	if err := domain.CheckWebhookEvents(ep.Events); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Store) error {
		cur, err := tx.WebhookEndpoint(ctx, o, ep.ID)
		if err != nil {
			return err
		}
		now := tx.now()
		q := tx.db.NewUpdate().Model((*webhookEndpointRow)(nil)).Set("url = ?", ep.URL).
			Set("events = ?", pgdialect.Array(ep.Events)).Set("enabled = ?", ep.Enabled).Set("updated_at = ?", now).
			Where("id = ?", cur.ID)
		switch {
		case ep.Enabled && !cur.Enabled:
			q = q.Set("disabled_at = NULL, disabled_reason = '', failing_since = NULL, failed_count = 0")
		case !ep.Enabled && cur.Enabled:
			q = q.Set("disabled_at = ?, disabled_reason = ''", now)
		}
		_, err = q.Exec(ctx)
		return mapErr(err)
	})
}

// RotateWebhookSecret gives one of the owner's endpoints the new secret;
// the current one keeps signing for domain.WebhookSecretGrace, so that
// receivers can switch without losing deliveries.
func (s *Store) RotateWebhookSecret(ctx context.Context, o domain.WebhookOwner, id int64, secret string) (domain.WebhookEndpoint, error) {
	var ep domain.WebhookEndpoint
	err := s.InTx(ctx, func(tx *Store) error {
		cur, err := tx.WebhookEndpoint(ctx, o, id)
		if err != nil {
			return err
		}
		now := tx.now()
		_, err = tx.db.NewUpdate().Model((*webhookEndpointRow)(nil)).Set("prev_secret = secret").Set("secret = ?", secret).
			Set("prev_secret_until = ?", now.Add(domain.WebhookSecretGrace)).Set("updated_at = ?", now).
			Where("id = ?", cur.ID).Exec(ctx)
		if err != nil {
			return mapErr(err)
		}
		ep, err = tx.WebhookEndpoint(ctx, o, id)
		return err
	})
	return ep, err
}

// EnqueueEvent plans the event's deliveries: one per enabled endpoint
// subscribed to its kind, the institution's own and its founder's. Call it
// on the Store of the transaction that makes the change (tx inside InTx),
// so that the change and its deliveries are saved together or not at all.
// The event is stored only when some endpoint wants it; enqueueing the same
// event (same domain.WebhookEvent.DedupeKey) again plans nothing. It
// reports how many deliveries were planned; a bad event is EInvalid.
func (s *Store) EnqueueEvent(ctx context.Context, ev domain.WebhookEvent) (int, error) {
	now := s.now()
	ev.At = s.stamp(ev.At)
	if err := ev.Check(); err != nil {
		return 0, err
	}
	body, err := ev.Body()
	if err != nil {
		return 0, err
	}
	var ids []int64
	err = s.db.NewRaw(`WITH ep AS (
		SELECT id FROM webhook_endpoints
		WHERE enabled AND ? = ANY(events)
		  AND (institution_id = ? OR founder_id = (SELECT founder_id FROM institutions WHERE id = ?))),
	ev AS (
		INSERT INTO webhook_events (dedupe_key, kind, institution_id, plan_id, item_id, body, occurred_at, created_at)
		SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM ep)
		ON CONFLICT (dedupe_key) DO NOTHING
		RETURNING id)
	INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)
	SELECT ev.id, ep.id, ?, ? FROM ev, ep
	ON CONFLICT (event_id, endpoint_id) DO NOTHING
	RETURNING id`,
		ev.Kind, ev.InstitutionID, ev.InstitutionID,
		ev.DedupeKey(), ev.Kind, ev.InstitutionID, nullID(ev.PlanID), nullID(ev.ItemID), body, ev.At, now,
		now, now).Scan(ctx, &ids)
	if err != nil {
		return 0, mapErr(err)
	}
	return len(ids), nil
}

// claimRow is a claimed delivery with what sending it needs.
type claimRow struct {
	ID              int64      `bun:"id"`
	EventID         int64      `bun:"event_id"`
	EndpointID      int64      `bun:"endpoint_id"`
	Attempts        int        `bun:"attempts"`
	NextAttemptAt   time.Time  `bun:"next_attempt_at"`
	CreatedAt       time.Time  `bun:"created_at"`
	MsgID           string     `bun:"msg_id"`
	Kind            string     `bun:"kind"`
	Body            []byte     `bun:"body"`
	URL             string     `bun:"url"`
	Secret          string     `bun:"secret"`
	PrevSecret      string     `bun:"prev_secret"`
	PrevSecretUntil *time.Time `bun:"prev_secret_until"`
	InstitutionID   int64      `bun:"institution_id"`
	FounderID       int64      `bun:"founder_id"`
	CreatedBy       int64      `bun:"created_by"`
	OwnerEmail      string     `bun:"owner_email"`
	OwnerName       string     `bun:"owner_name"`
	OwnerLocale     string     `bun:"owner_locale"`
}

// ClaimWebhookDeliveries leases up to limit pending deliveries due at now
// (the app's clock) to enabled endpoints, counting an attempt, and commits
// before anything is sent: other replicas skip them (FOR UPDATE SKIP
// LOCKED, then the lease), and a sender that dies leaves a lease that
// expires, after which the delivery goes out again with the same webhook-id.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]domain.WebhookDelivery, error) {
	var rows []claimRow
	// The lease is judged by the database's clock, not the app's: it is
	// shared between replicas whose own clocks may disagree, and a lease
	// must not be taken over early because one replica's clock runs ahead.
	err := s.db.NewRaw(`WITH due AS (
		SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints we ON we.id = d.endpoint_id
		WHERE d.status = 'pending' AND we.enabled AND d.next_attempt_at <= ?
		  AND (d.locked_until IS NULL OR d.locked_until <= clock_timestamp())
		ORDER BY d.next_attempt_at, d.id LIMIT ?
		FOR UPDATE OF d SKIP LOCKED)
	UPDATE webhook_deliveries d SET locked_until = clock_timestamp() + make_interval(secs => ?), attempts = d.attempts + 1
	FROM due, webhook_events ev, webhook_endpoints we LEFT JOIN users u ON u.id = we.created_by
	WHERE d.id = due.id AND ev.id = d.event_id AND we.id = d.endpoint_id
	RETURNING d.id, d.event_id, d.endpoint_id, d.attempts, d.next_attempt_at, d.created_at, ev.msg_id, ev.kind, ev.body,
		we.url, we.secret, we.prev_secret, we.prev_secret_until, coalesce(we.institution_id, 0) AS institution_id,
		coalesce(we.founder_id, 0) AS founder_id, coalesce(u.id, 0) AS created_by, coalesce(u.email, '') AS owner_email,
		coalesce(u.full_name, '') AS owner_name, coalesce(u.locale, 'ru') AS owner_locale`,
		now, limit, lease.Seconds()).Scan(ctx, &rows)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.WebhookDelivery, len(rows))
	for i, r := range rows {
		out[i] = domain.WebhookDelivery{ID: r.ID, EventID: r.EventID, EndpointID: r.EndpointID, MsgID: r.MsgID, Kind: r.Kind,
			Body: r.Body, Status: domain.DeliveryPending, Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt, CreatedAt: r.CreatedAt,
			Endpoint: domain.WebhookEndpoint{ID: r.EndpointID, InstitutionID: r.InstitutionID, FounderID: r.FounderID, URL: r.URL,
				Enabled: true, Secret: r.Secret, PrevSecret: r.PrevSecret, PrevUntil: fromNullTime(r.PrevSecretUntil), CreatedBy: r.CreatedBy},
			Owner: domain.MailRecipient{ID: r.CreatedBy, Email: r.OwnerEmail, Name: r.OwnerName, Locale: r.OwnerLocale}}
	}
	return out, nil
}

// RecordWebhookAttempt records how a claimed attempt went and updates the
// endpoint's health in one transaction: a success clears its failures, a
// failure starts (or continues) its run of failures, a delivery failed for
// good counts. An outcome whose attempt no longer holds the delivery (its
// lease passed to another sender, or it was resent) changes nothing and
// reports Recorded false.
func (s *Store) RecordWebhookAttempt(ctx context.Context, o domain.WebhookOutcome) (domain.WebhookHealth, error) {
	var h domain.WebhookHealth
	err := s.InTx(ctx, func(tx *Store) error {
		status, next, delivered := domain.DeliveryPending, nullTime(o.Next), (*time.Time)(nil)
		switch {
		case o.Delivered:
			status, next, delivered = domain.DeliveryDelivered, nil, &o.At
		case o.Next.IsZero():
			status = domain.DeliveryFailed
		}
		var endpoint []int64
		err := tx.db.NewRaw(`UPDATE webhook_deliveries SET status = ?, locked_until = NULL, last_attempt_at = ?,
			last_status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), delivered_at = ?
		WHERE id = ? AND attempts = ? AND status = 'pending'
		RETURNING endpoint_id`, status, o.At, o.StatusCode, truncate(o.Error, 1000), next, delivered, o.DeliveryID, o.Attempt).
			Scan(ctx, &endpoint)
		if err != nil || len(endpoint) == 0 {
			return mapErr(err)
		}
		var set string
		switch status {
		case domain.DeliveryDelivered:
			set = "failing_since = NULL, failed_count = 0"
		case domain.DeliveryPending:
			set = "failing_since = coalesce(failing_since, ?0)"
		default:
			set = "failing_since = coalesce(failing_since, ?0), failed_count = failed_count + 1"
		}
		var row struct {
			Enabled      bool       `bun:"enabled"`
			FailingSince *time.Time `bun:"failing_since"`
			FailedCount  int        `bun:"failed_count"`
		}
		err = tx.db.NewRaw(`UPDATE webhook_endpoints SET `+set+` WHERE id = ?1
			RETURNING enabled, failing_since, failed_count`, o.At, endpoint[0]).Scan(ctx, &row)
		if err != nil {
			return mapErr(err)
		}
		h = domain.WebhookHealth{Recorded: true, Enabled: row.Enabled, FailingSince: fromNullTime(row.FailingSince), FailedCount: row.FailedCount}
		return nil
	})
	return h, err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// ReleaseWebhookDelivery gives back a claimed delivery that was not tried
// (the sender is stopping): due at once again, the attempt not counted.
func (s *Store) ReleaseWebhookDelivery(ctx context.Context, id int64, attempt int) error {
	_, err := s.db.NewRaw(`UPDATE webhook_deliveries SET locked_until = NULL, attempts = attempts - 1
		WHERE id = ? AND attempts = ? AND status = 'pending'`, id, attempt).Exec(ctx)
	return mapErr(err)
}

// DisableWebhookEndpoint stops deliveries to an endpoint at at for reason
// ("failing", "gone") and, in the same transaction, plans mail to its
// owner (nil: none). Only the first of concurrent callers disables it and
// plans the mail: it reports whether this call did.
func (s *Store) DisableWebhookEndpoint(ctx context.Context, id int64, at time.Time, reason string, mail *domain.Mail, host string) (bool, error) {
	var done bool
	err := s.InTx(ctx, func(tx *Store) error {
		var ids []int64
		err := tx.db.NewRaw(`UPDATE webhook_endpoints SET enabled = false, disabled_at = ?, disabled_reason = ?, updated_at = ?
			WHERE id = ? AND enabled RETURNING id`, at, reason, at, id).Scan(ctx, &ids)
		if err != nil || len(ids) == 0 {
			return mapErr(err)
		}
		done = true
		if mail == nil {
			return nil
		}
		_, err = tx.EnqueueMail(ctx, *mail, host)
		return err
	})
	return done, err
}

type deliveryRow struct {
	ID            int64      `bun:"id"`
	EventID       int64      `bun:"event_id"`
	EndpointID    int64      `bun:"endpoint_id"`
	MsgID         string     `bun:"msg_id"`
	Kind          string     `bun:"kind"`
	Body          []byte     `bun:"body"`
	Status        string     `bun:"status"`
	Attempts      int        `bun:"attempts"`
	NextAttemptAt time.Time  `bun:"next_attempt_at"`
	LastAttemptAt *time.Time `bun:"last_attempt_at"`
	LastStatus    int        `bun:"last_status"`
	LastError     string     `bun:"last_error"`
	DeliveredAt   *time.Time `bun:"delivered_at"`
	CreatedAt     time.Time  `bun:"created_at"`
}

// WebhookDeliveries is the delivery log of one of the owner's endpoints,
// newest first, at most limit rows; anyone else's endpoint is ErrNotFound.
func (s *Store) WebhookDeliveries(ctx context.Context, o domain.WebhookOwner, endpointID int64, limit int) ([]domain.WebhookDelivery, error) {
	ep, err := s.WebhookEndpoint(ctx, o, endpointID)
	if err != nil {
		return nil, err
	}
	var rows []deliveryRow
	err = s.db.NewRaw(`SELECT d.id, d.event_id, d.endpoint_id, ev.msg_id, ev.kind, ev.body, d.status, d.attempts,
		d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at
	FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
	WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT ?`, ep.ID, limit).Scan(ctx, &rows)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]domain.WebhookDelivery, len(rows))
	for i, r := range rows {
		out[i] = domain.WebhookDelivery{ID: r.ID, EventID: r.EventID, EndpointID: r.EndpointID, MsgID: r.MsgID, Kind: r.Kind,
			Body: r.Body, Status: r.Status, Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt,
			LastAttemptAt: fromNullTime(r.LastAttemptAt), LastStatus: r.LastStatus, LastError: r.LastError,
			DeliveredAt: fromNullTime(r.DeliveredAt), CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// ResendWebhookDelivery plans a delivery of one of the owner's endpoints
// again, due now at the store's clock, with a fresh retry schedule and the
// same webhook-id. A delivery of anyone else's endpoint is ErrNotFound.
func (s *Store) ResendWebhookDelivery(ctx context.Context, o domain.WebhookOwner, endpointID, deliveryID int64) error {
	ep, err := s.WebhookEndpoint(ctx, o, endpointID)
	if err != nil {
		return err
	}
	res, err := s.db.NewRaw(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
		delivered_at = NULL WHERE id = ? AND endpoint_id = ?`, s.now(), deliveryID, ep.ID).Exec(ctx)
	return affectedOne(res, err)
}

// enqueueEvents enqueues the events of a change (EnqueueEvent each), on
// the Store of its transaction. The kinds some enabled endpoint of each
// institution wants are read once, so that a change nobody listens to (a
// bulk edit of many items, most often) costs one query.
func (s *Store) enqueueEvents(ctx context.Context, evs []domain.WebhookEvent) error {
	wanted := map[int64]map[string]bool{}
	for _, ev := range evs {
		if err := ev.Check(); err != nil {
			return err // a bug in the use case: the change is refused
		}
		kinds, ok := wanted[ev.InstitutionID]
		if !ok {
			var list []string
			err := s.db.NewRaw(`SELECT DISTINCT k FROM webhook_endpoints, unnest(events) AS k
				WHERE enabled AND (institution_id = ? OR founder_id = (SELECT founder_id FROM institutions WHERE id = ?))`,
				ev.InstitutionID, ev.InstitutionID).Scan(ctx, &list)
			if err != nil {
				return mapErr(err)
			}
			kinds = map[string]bool{}
			for _, k := range list {
				kinds[k] = true
			}
			wanted[ev.InstitutionID] = kinds
		}
		if !kinds[ev.Kind] {
			continue
		}
		if _, err := s.EnqueueEvent(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

func itemIDs(items []domain.Item) []int64 {
	ids := make([]int64, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	return ids
}
