package service

import (
	"context"
	"strings"
	"time"

	"planboard/domain"
)

// ReportStore is what progress reports and publication need.
type ReportStore interface {
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error)
	InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error)
	PlanApprovals(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Approval, error)
	SubmitProgressReport(ctx context.Context, sc domain.Scope, r *domain.ProgressReport, by int64, n domain.Notices) error
	ProgressReport(ctx context.Context, sc domain.Scope, planID, reportID int64) (domain.ProgressReport, error)
	DecideProgressReport(ctx context.Context, sc domain.Scope, planID, reportID int64, status, remarks string, by int64, at time.Time, n domain.Notices) error
	Publish(ctx context.Context, sc domain.Scope, planID int64, by int64, at time.Time, build func(version int) (any, error), n domain.Notices) (domain.Publication, error)
	LatestAssessment(ctx context.Context, sc domain.Scope, institutionID int64, year int) (domain.Assessment, error)
}

// SubmitReport records the director's progress report of an approved plan
// for period, columns 5а/5б frozen as of the period's end (or today, for a
// period still running). Errors: ENotFound, EForbidden, EConflict (the plan
// is not approved; a report of that period exists), EInvalid ("period").
func (s *Service) SubmitReport(ctx context.Context, who Caller, planID int64, period domain.ReportPeriod) (domain.ProgressReport, error) {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return domain.ProgressReport{}, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return domain.ProgressReport{}, err
	}
	if plan.Status != domain.PlanApproved {
		return domain.ProgressReport{}, &domain.Error{Code: domain.EConflict, Message: "report.plan_not_approved"}
	}
	now := s.now()
	asOf, err := domain.ReportAsOf(period, plan.Year, domain.Today(now, inst.Location()))
	if err != nil {
		return domain.ProgressReport{}, err
	}
	r := domain.ProgressReport{PlanID: plan.ID, Period: period, AsOf: asOf, SubmittedAt: now}
	submitted := func(ids []int64) []domain.WebhookEvent {
		rr := r
		rr.ID, rr.Status = ids[0], domain.ReportSubmitted
		return []domain.WebhookEvent{s.reportEvent(who, domain.EventReportSubmitted, plan, inst, rr, "")}
	}
	if err := s.store.SubmitProgressReport(ctx, who.Scope(), &r, who.User.ID, domain.Notices{EventsFor: submitted}); err != nil {
		return domain.ProgressReport{}, err
	}
	return r, nil
}

// DecideReport: the founder accepts a progress report or returns it with
// remarks; the institution's directors are told, with the remarks.
// Errors: ENotFound, EForbidden, EInvalid ("remarks"), EConflict.
func (s *Service) DecideReport(ctx context.Context, who Caller, planID, reportID int64, status, remarks string) error {
	plan, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return err
	}
	if err := who.authorize(domain.ActApprovePlan, inst); err != nil {
		return err
	}
	remarks = strings.TrimSpace(domain.CleanMultiline(remarks))
	if status == domain.ReportReturned && remarks == "" {
		return domain.FieldError("remarks", "approval.remarks_required")
	}
	report, err := s.store.ProgressReport(ctx, who.Scope(), planID, reportID)
	if err != nil {
		return err
	}
	members, err := s.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return err
	}
	kind := domain.MailReportAccepted
	if status == domain.ReportReturned {
		kind = domain.MailReportReturned
	}
	n, err := s.notices.ReportNotices(kind, plan, report, inst, DirectorsOf(members, who.User.ID), remarks, s.now())
	if err != nil {
		return err
	}
	event, decided := domain.EventReportAccepted, report
	if decided.Status = status; status == domain.ReportReturned {
		event = domain.EventReportReturned
	}
	n.Events = []domain.WebhookEvent{s.reportEvent(who, event, plan, inst, decided, remarks)}
	if err := s.store.DecideProgressReport(ctx, who.Scope(), planID, reportID, status, remarks, who.User.ID, s.now(), n); err != nil {
		return err
	}
	return nil
}

// ReportInput gathers what the official form of a plan shows now (its
// items, people and latest approval), read through sc: for publishing and
// for the live files and print view of any plan.
func (s *Service) ReportInput(ctx context.Context, sc domain.Scope, plan domain.Plan, inst domain.Institution) (domain.ReportInput, error) {
	items, err := s.store.PlanItems(ctx, sc, plan.ID)
	if err != nil {
		return domain.ReportInput{}, err
	}
	members, err := s.store.InstitutionMembers(ctx, inst.ID)
	if err != nil {
		return domain.ReportInput{}, err
	}
	approvals, err := s.store.PlanApprovals(ctx, sc, plan.ID)
	if err != nil {
		return domain.ReportInput{}, err
	}
	in := domain.ReportInput{Plan: plan, Institution: inst, Items: items, People: map[int64]domain.User{},
		Approval: domain.LatestApproval(approvals), Now: s.now()}
	for _, m := range members {
		in.People[m.User.ID] = m.User
	}
	// The НОК the plan answers is frozen with a snapshot, as the table is.
	switch a, err := s.store.LatestAssessment(ctx, sc, inst.ID, plan.Year); {
	case err == nil:
		in.Assessment = &a
	case domain.ErrorCode(err) != domain.ENotFound:
		return domain.ReportInput{}, err
	}
	return in, nil
}

// Publish stores a new snapshot of an approved (or closed) plan's public
// report: chosen fields only, never e-mails or comments. It returns the plan
// and institution (for the report's address). Errors: ENotFound, EForbidden,
// EConflict (not approved).
func (s *Service) Publish(ctx context.Context, who Caller, planID int64) (domain.Plan, domain.Institution, error) {
	sc := who.Scope()
	plan, inst, err := s.store.PlanWithInstitution(ctx, sc, planID)
	if err != nil {
		return plan, inst, err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return plan, inst, err
	}
	if plan.Status != domain.PlanApproved && plan.Status != domain.PlanClosed {
		return plan, inst, &domain.Error{Code: domain.EConflict, Message: "publish.not_approved"}
	}
	in, err := s.ReportInput(ctx, sc, plan, inst)
	if err != nil {
		return plan, inst, err
	}
	_, err = s.store.Publish(ctx, sc, plan.ID, who.User.ID, in.Now, func(v int) (any, error) {
		in.Version = v
		return domain.BuildPublicReport(in), nil
	}, domain.Notices{EventsFor: s.publishedEvents(who, plan, inst)})
	if err != nil {
		return plan, inst, err
	}
	return plan, inst, nil
}

// RecallReport takes a submitted progress report back before the founder
// decides: the plan's editor only; the report is kept as recalled and its
// period may be reported again. Errors: ENotFound, EForbidden, EConflict
// (the founder has decided already).
func (s *Service) RecallReport(ctx context.Context, who Caller, planID, reportID int64) error {
	_, inst, err := s.store.PlanWithInstitution(ctx, who.Scope(), planID)
	if err != nil {
		return err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return err
	}
	return s.store.DecideProgressReport(ctx, who.Scope(), planID, reportID, domain.ReportRecalled, "", who.User.ID, s.now(), domain.Notices{})
}
