package siteaudit

import (
	"context"
	"log/slog"
	"time"

	"planboard/domain"
)

// Store is what the runner needs: claiming a due site (one replica at a
// time: a lease), the previous run and the director's marks to compare
// with, the directors to tell, and keeping the run with its mails in one
// transaction (which also ends the lease).
type Store interface {
	ClaimSiteAudit(ctx context.Context, now time.Time, lease time.Duration) (domain.SiteJob, bool, error)
	LastSiteRun(ctx context.Context, institutionID int64) (domain.SiteRun, bool, error)
	SiteMarks(ctx context.Context, institutionID int64) (map[string]string, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
	FinishSiteAudit(ctx context.Context, run *domain.SiteRun, mails []domain.Mail, host string) error
	ReleaseSiteAudit(ctx context.Context, institutionID int64) error
}

// Notice renders the mails telling directors that a run found less than
// the previous one.
type Notice func(job domain.SiteJob, run domain.SiteRun, changes []domain.SiteChange, to []domain.User, now time.Time) []domain.Mail

// RunnerConfig builds a Runner.
type RunnerConfig struct {
	Store    Store
	Crawler  Config
	Clock    func() time.Time
	BaseURL  string // Planboard's public URL: its /q/ links count as a questionnaire
	Notice   Notice // nil: no mails
	MailHost string // the Message-ID host of the mails
	Logger   *slog.Logger
}

// Runner runs the due audits, one at a time.
type Runner struct {
	cfg     RunnerConfig
	crawler *Crawler
}

// NewRunner returns a runner.
func NewRunner(c RunnerConfig) *Runner {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return &Runner{cfg: c, crawler: NewCrawler(c.Crawler)}
}

// lease is how long a claimed site stays with this replica: the run's
// limit and a margin, so a replica that died frees it.
func (r *Runner) lease() time.Duration { return r.crawler.cfg.RunTimeout + 2*time.Minute }

// RunDue runs every due audit, one after the other, and reports how many
// ran. A failing site is a run with its outcome, not an error; errors are
// the store's.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		job, ok, err := r.cfg.Store.ClaimSiteAudit(ctx, r.cfg.Clock(), r.lease())
		if err != nil || !ok {
			return n, err
		}
		if err := r.run(ctx, job); err != nil {
			return n, err
		}
		n++
	}
	return n, ctx.Err()
}

// run audits one site and keeps the run; when it found less than the
// previous successful run, the directors are mailed (once: the mail's key
// is the run's moment).
func (r *Runner) run(ctx context.Context, job domain.SiteJob) error {
	start := r.cfg.Clock()
	an := NewAnalyzer(job.Institution.Name, r.cfg.BaseURL)
	c := r.crawler.Run(ctx, job.URL, an.Visit)
	if ctx.Err() != nil {
		// Stopping (the server shuts down): not the site's fault. The
		// request stays and the lease ends, so the next runner takes it.
		return r.cfg.Store.ReleaseSiteAudit(context.WithoutCancel(ctx), job.Institution.ID)
	}
	run := domain.SiteRun{InstitutionID: job.Institution.ID, URL: job.URL, StartedAt: start, Duration: r.cfg.Clock().Sub(start),
		Pages: c.Pages, Outcome: c.Outcome, OutcomeDetail: c.Detail}
	if run.OK() {
		run.Report = an.Report(c)
	}
	var mails []domain.Mail
	if run.OK() && r.cfg.Notice != nil {
		prev, had, err := r.cfg.Store.LastSiteRun(ctx, job.Institution.ID)
		if err != nil {
			return err
		}
		marks, err := r.cfg.Store.SiteMarks(ctx, job.Institution.ID)
		if err != nil {
			return err
		}
		if changes := domain.DiffSite(prev.Found(marks), run.Found(marks)); had && domain.Worse(changes) {
			members, err := r.cfg.Store.InstitutionMembers(ctx, job.Institution.ID)
			if err != nil {
				return err
			}
			var to []domain.User
			for _, m := range members {
				if m.Role == domain.RoleDirector {
					to = append(to, m.User)
				}
			}
			mails = r.cfg.Notice(job, run, changes, to, start)
		}
	}
	// The run is kept even when the caller is stopping: its lease ends here.
	if err := r.cfg.Store.FinishSiteAudit(context.WithoutCancel(ctx), &run, mails, r.cfg.MailHost); err != nil {
		return err
	}
	r.cfg.Logger.Info("site audit", "institution", job.Institution.ID, "outcome", run.Outcome, "pages", run.Pages)
	return nil
}
