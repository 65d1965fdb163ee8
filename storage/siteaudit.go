package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"

	"planboard/domain"
)

// The site audit (migration 0150_site_audit.sql, docs/site-audit.md): the
// site on record, the runs and the director's marks. The page's reads and
// writes take the caller's scope; the runner's are the system's.

// Site returns the institution's site on record (ok false: none), scoped.
func (s *Store) Site(ctx context.Context, sc domain.Scope, institutionID int64) (domain.Site, bool, error) {
	var row struct {
		URL         string     `bun:"url"`
		UpdatedAt   time.Time  `bun:"updated_at"`
		RequestedAt *time.Time `bun:"requested_at"`
		LeaseUntil  *time.Time `bun:"lease_until"`
	}
	q := s.db.NewSelect().TableExpr("institution_sites").Column("url", "updated_at", "requested_at", "lease_until").
		Where("institution_id = ?", institutionID)
	if !sc.All {
		q = q.Where(scopeClause(sc, "institution_id"))
	}
	err := q.Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Site{InstitutionID: institutionID}, false, nil
	}
	if err != nil {
		return domain.Site{}, false, err
	}
	now := s.now()
	return domain.Site{InstitutionID: institutionID, URL: row.URL, UpdatedAt: row.UpdatedAt,
		Requested: row.RequestedAt != nil, Running: row.LeaseUntil != nil && row.LeaseUntil.After(now)}, true, nil
}

// SetSiteURL records the institution's site (scoped: a foreign id is
// ErrNotFound).
func (s *Store) SetSiteURL(ctx context.Context, sc domain.Scope, institutionID int64, url string, by int64) error {
	res, err := s.db.NewRaw(`INSERT INTO institution_sites (institution_id, url, updated_by, updated_at)
		SELECT i.id, ?, ?, ? FROM institutions i WHERE i.id = ? AND `+inScope+`
		ON CONFLICT (institution_id) DO UPDATE SET url = EXCLUDED.url, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
		append([]any{url, nullID(by), s.now(), institutionID}, scopeArgs(sc)...)...).Exec(ctx)
	return oneRow(res, err)
}

// RequestSiteAudit asks for a run of the institution's site (scoped); a
// pending request stays as it is. ErrNotFound: no site on record.
func (s *Store) RequestSiteAudit(ctx context.Context, sc domain.Scope, institutionID int64) error {
	q := s.db.NewUpdate().TableExpr("institution_sites").Set("requested_at = coalesce(requested_at, ?)", s.now()).
		Where("institution_id = ?", institutionID)
	res, err := scopedUpdate(q, sc, "institution_id").Exec(ctx)
	return oneRow(res, err)
}

// RequestDueSiteAudits asks for a run of every site not audited since
// before; the monthly schedule calls it. It reports how many it asked for.
func (s *Store) RequestDueSiteAudits(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.NewRaw(`UPDATE institution_sites AS st SET requested_at = ?
		WHERE requested_at IS NULL AND NOT EXISTS (
			SELECT 1 FROM site_audit_runs r WHERE r.institution_id = st.institution_id AND r.started_at >= ?)`, s.now(), before).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ClaimSiteAudit takes the oldest requested site no replica is running,
// with a lease until now+lease (ok false: none due).
func (s *Store) ClaimSiteAudit(ctx context.Context, now time.Time, lease time.Duration) (domain.SiteJob, bool, error) {
	var row struct {
		institutionRow `bun:",extend"`
		URL            string `bun:"site_url"`
	}
	err := s.db.NewRaw(`WITH c AS (
			UPDATE institution_sites SET lease_until = ? WHERE institution_id = (
				SELECT institution_id FROM institution_sites
				WHERE requested_at IS NOT NULL AND requested_at <= ? AND (lease_until IS NULL OR lease_until < ?)
				ORDER BY requested_at, institution_id LIMIT 1 FOR UPDATE SKIP LOCKED)
			RETURNING institution_id, url)
		SELECT i.id, i.founder_id, i.name, i.short_name, i.kind, i.slug, i.time_zone, i.inn, c.url AS site_url FROM c JOIN institutions i ON i.id = c.institution_id`, now.Add(lease), now, now).Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.SiteJob{}, false, nil
	}
	if err != nil {
		return domain.SiteJob{}, false, err
	}
	return domain.SiteJob{Institution: row.institutionRow.domain(), URL: row.URL}, true, nil
}

// FinishSiteAudit keeps a run, ends its site's lease and request, and plans
// its mails, in one transaction.
func (s *Store) FinishSiteAudit(ctx context.Context, run *domain.SiteRun, mails []domain.Mail, host string) error {
	report, err := json.Marshal(run.Report)
	if err != nil {
		return err
	}
	var est *domain.SiteEstimate
	if run.OK() {
		e := domain.EstimateSite(run.Found(nil))
		est = &e
	}
	return s.InTx(ctx, func(tx *Store) error {
		var e12 *float64
		var found, required *int
		var version *bool
		if est != nil {
			e12, found, required, version = &est.Ind12, &est.SiteFound, &est.SiteRequired, &est.SiteVersion
		}
		if err := tx.db.NewRaw(`INSERT INTO site_audit_runs (institution_id, url, started_at, duration_ms, pages, outcome, outcome_detail,
				estimate_12, site_found, site_required, site_version, report)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			run.InstitutionID, run.URL, run.StartedAt, run.Duration.Milliseconds(), run.Pages, run.Outcome, run.OutcomeDetail,
			e12, found, required, version, string(report)).Scan(ctx, &run.ID); err != nil {
			return err
		}
		if _, err := tx.db.NewRaw(`UPDATE institution_sites SET requested_at = NULL, lease_until = NULL WHERE institution_id = ?`,
			run.InstitutionID).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.EnqueueMails(ctx, mails, host)
		return err
	})
}

// ReleaseSiteAudit ends a site's lease without a run (the runner was
// stopped); its request stays.
func (s *Store) ReleaseSiteAudit(ctx context.Context, institutionID int64) error {
	_, err := s.db.NewRaw(`UPDATE institution_sites SET lease_until = NULL WHERE institution_id = ?`, institutionID).Exec(ctx)
	return err
}

type siteRunRow struct {
	ID            int64     `bun:"id"`
	InstitutionID int64     `bun:"institution_id"`
	URL           string    `bun:"url"`
	StartedAt     time.Time `bun:"started_at"`
	DurationMS    int64     `bun:"duration_ms"`
	Pages         int       `bun:"pages"`
	Outcome       string    `bun:"outcome"`
	OutcomeDetail string    `bun:"outcome_detail"`
	Report        []byte    `bun:"report"`
}

func (r siteRunRow) domain() (domain.SiteRun, error) {
	run := domain.SiteRun{ID: r.ID, InstitutionID: r.InstitutionID, URL: r.URL, StartedAt: r.StartedAt,
		Duration: time.Duration(r.DurationMS) * time.Millisecond, Pages: r.Pages, Outcome: r.Outcome, OutcomeDetail: r.OutcomeDetail}
	err := json.Unmarshal(r.Report, &run.Report)
	return run, err
}

// LastSiteRun is the institution's latest successful run (the runner's
// comparison; no scope: the system's).
func (s *Store) LastSiteRun(ctx context.Context, institutionID int64) (domain.SiteRun, bool, error) {
	var row siteRunRow
	err := s.db.NewRaw(`SELECT id, institution_id, url, started_at, duration_ms, pages, outcome, outcome_detail, report
		FROM site_audit_runs WHERE institution_id = ? AND outcome = 'ok' ORDER BY started_at DESC, id DESC LIMIT 1`, institutionID).Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.SiteRun{}, false, nil
	}
	if err != nil {
		return domain.SiteRun{}, false, err
	}
	run, err := row.domain()
	return run, err == nil, err
}

// SiteRuns lists the institution's latest runs, newest first (scoped).
func (s *Store) SiteRuns(ctx context.Context, sc domain.Scope, institutionID int64, limit int) ([]domain.SiteRun, error) {
	var rows []siteRunRow
	q := s.db.NewSelect().TableExpr("site_audit_runs").
		Column("id", "institution_id", "url", "started_at", "duration_ms", "pages", "outcome", "outcome_detail", "report").
		Where("institution_id = ?", institutionID).OrderExpr("started_at DESC, id DESC").Limit(int64(limit))
	if !sc.All {
		q = q.Where(scopeClause(sc, "institution_id"))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]domain.SiteRun, 0, len(rows))
	for _, r := range rows {
		run, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, run)
	}
	return out, nil
}

// SiteMarks are the checks the director marked as present, with the
// address given (the runner's; no scope).
func (s *Store) SiteMarks(ctx context.Context, institutionID int64) (map[string]string, error) {
	var rows []struct {
		Key string `bun:"check_key"`
		URL string `bun:"url"`
	}
	if err := s.db.NewRaw(`SELECT check_key, url FROM site_check_overrides WHERE institution_id = ?`, institutionID).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Key] = r.URL
	}
	return out, nil
}

// SetSiteMark marks a check as present at url, or ("" url) removes the
// mark; scoped (a foreign institution is ErrNotFound).
func (s *Store) SetSiteMark(ctx context.Context, sc domain.Scope, institutionID int64, key, url string, by int64) error {
	if url == "" {
		q := s.db.NewDelete().TableExpr("site_check_overrides").Where("institution_id = ? AND check_key = ?", institutionID, key)
		_, err := scopedDelete(q, sc, "institution_id").Exec(ctx)
		return err
	}
	res, err := s.db.NewRaw(`INSERT INTO site_check_overrides (institution_id, check_key, url, created_by, created_at)
		SELECT i.id, ?, ?, ?, ? FROM institutions i WHERE i.id = ? AND `+inScope+`
		ON CONFLICT (institution_id, check_key) DO UPDATE SET url = EXCLUDED.url, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at`,
		append([]any{key, url, nullID(by), s.now(), institutionID}, scopeArgs(sc)...)...).Exec(ctx)
	return oneRow(res, err)
}

// inScope is the condition "institution i is in sc" for statements that
// select the institution row (inserts guarded by the scope).
const inScope = "(? OR i.id = ANY(?) OR i.founder_id = ANY(?))"

func scopeArgs(sc domain.Scope) []any {
	return []any{sc.All, pgdialect.Array(nonNil(sc.InstitutionIDs)), pgdialect.Array(nonNil(sc.FounderIDs))}
}

func oneRow(res sql.Result, err error) error {
	if err != nil {
		return mapErr(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// ScopeSiteSummaries reads every institution's site summary in sc, in one
// statement whatever their number (the founder dashboard).
func (s *Store) ScopeSiteSummaries(ctx context.Context, sc domain.Scope) (map[int64]domain.SiteSummary, error) {
	var rows []struct {
		InstitutionID int64      `bun:"institution_id"`
		LastRun       time.Time  `bun:"last_run"`
		Estimate12    *float64   `bun:"estimate_12"`
		SiteFound     *int       `bun:"site_found"`
		SiteRequired  *int       `bun:"site_required"`
		SiteVersion   *bool      `bun:"site_version"`
		OKAt          *time.Time `bun:"ok_at"`
	}
	q := s.db.NewSelect().TableExpr("institution_sites AS st").
		ColumnExpr("st.institution_id, last.started_at AS last_run, ok.estimate_12, ok.site_found, ok.site_required, ok.site_version, ok.started_at AS ok_at").
		Join(`JOIN LATERAL (SELECT started_at FROM site_audit_runs r WHERE r.institution_id = st.institution_id
			ORDER BY started_at DESC, id DESC LIMIT 1) AS last ON true`).
		Join(`LEFT JOIN LATERAL (SELECT started_at, estimate_12, site_found, site_required, site_version FROM site_audit_runs r
			WHERE r.institution_id = st.institution_id AND r.outcome = 'ok' ORDER BY started_at DESC, id DESC LIMIT 1) AS ok ON true`)
	if !sc.All {
		q = q.Where(scopeClause(sc, "st.institution_id"))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make(map[int64]domain.SiteSummary, len(rows))
	for _, r := range rows {
		sum := domain.SiteSummary{LastRun: r.LastRun}
		if r.OKAt != nil && r.Estimate12 != nil && r.SiteFound != nil && r.SiteRequired != nil && r.SiteVersion != nil {
			sum.Known = true
			sum.Estimate = domain.SiteEstimate{Ind12: *r.Estimate12, SiteFound: *r.SiteFound, SiteRequired: *r.SiteRequired, SiteVersion: *r.SiteVersion}
			if *r.SiteRequired > 0 {
				sum.Estimate.SiteHalf = float64(*r.SiteFound) / float64(*r.SiteRequired) * 100
			}
		}
		out[r.InstitutionID] = sum
	}
	return out, nil
}
