package storage

import (
	"context"
	"time"

	"planboard/domain"
)

// demoOversight gives the library's approved plan its history with the
// founder: submitted by the director, approved by the founder (the
// «УТВЕРЖДАЮ» header), a first progress report awaiting the founder, and a
// published public report, so the dashboard and /p/… show real data at once.
func (s *Store) demoOversight(ctx context.Context, opt DemoOptions, library *domain.Institution) error {
	all := domain.Scope{All: true}
	director, err := s.UserByEmail(ctx, "director2@example.org")
	if err != nil {
		return err
	}
	founder, err := s.UserByEmail(ctx, "founder@example.org")
	if err != nil {
		return err
	}
	plans, err := s.Plans(ctx, domain.Scope{InstitutionIDs: []int64{library.ID}})
	if err != nil || len(plans) == 0 {
		return err
	}
	plan := plans[0].Plan
	// Approved on 3 February of the plan's year, or yesterday when the demo
	// starts earlier in the year, so that no step lies in the future.
	approvedOn := domain.NewDate(plan.Year, 2, 3)
	if today := domain.Today(s.now(), library.Location()); !approvedOn.Before(today) {
		approvedOn = today.AddDays(-1)
	}
	steps := []approvalRow{
		{Action: "submitted", ActorID: director.ID, ActorName: director.FullName, ActorPosition: director.Position, OnDate: approvedOn.AddDays(-8).Time(time.UTC)},
		{Action: "approved", ActorID: founder.ID, ActorName: founder.FullName, ActorPosition: founder.Position, OnDate: approvedOn.Time(time.UTC)},
	}
	for i := range steps {
		steps[i].PlanID, steps[i].InstitutionID, steps[i].At = plan.ID, library.ID, s.now()
	}
	if _, err := s.db.NewInsert().Model(&steps).Exec(ctx); err != nil {
		return mapErr(err)
	}
	// The report is of the quarter running today, frozen a week ago or on
	// the quarter's first day if that is later, so that its period has begun
	// at any date the demo starts and the director may report it again after
	// a recall (domain.ReportAsOf refuses a period not begun).
	today := domain.Today(opt.Now, library.Location())
	period := domain.DefaultReportPeriod(plan.Year, today)
	day := today.AddDays(-7)
	if day.Before(period.Start(plan.Year)) {
		day = period.Start(plan.Year)
	}
	asOf, err := domain.ReportAsOf(period, plan.Year, day)
	if err != nil {
		return err
	}
	report := &domain.ProgressReport{PlanID: plan.ID, Period: period, AsOf: asOf, SubmittedAt: opt.Now}
	if err := s.SubmitProgressReport(ctx, all, report, director.ID, domain.Notices{}); err != nil {
		return err
	}
	items, err := s.PlanItems(ctx, all, plan.ID)
	if err != nil {
		return err
	}
	members, err := s.InstitutionMembers(ctx, library.ID)
	if err != nil {
		return err
	}
	approved := steps[1].domain()
	in := domain.ReportInput{Plan: plan, Institution: *library, Items: items, People: map[int64]domain.User{},
		Approval: &approved, Now: opt.Now}
	for _, m := range members {
		in.People[m.User.ID] = m.User
	}
	_, err = s.Publish(ctx, all, plan.ID, director.ID, opt.Now, func(v int) (any, error) {
		in.Version = v
		return domain.BuildPublicReport(in), nil
	}, domain.Notices{})
	return err
}
