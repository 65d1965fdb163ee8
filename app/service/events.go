package service

import (
	"encoding/json"
	"fmt"
	"strings"

	"planboard/domain"
)

// The webhook events (docs/integrations.md) the use cases cause. Each use case puts
// its events into the domain.Notices it hands the store, which enqueues
// them in the transaction of the change: a change that fails emits
// nothing, and the dedupe key (the version the change was made from, or
// the id of what it created) makes a retried change emit once. The
// payloads are documented in docs/webhooks.md; they carry names, never
// e-mail addresses.

// eventData is the "data" of every event (the ids institution_id, plan_id
// and item_id are added by domain.WebhookEvent.Body). Fields that do not
// apply to a kind are left out.
type eventData struct {
	Institution string `json:"institution"`
	PlanYear    int    `json:"plan_year,omitempty"`
	PlanTitle   string `json:"plan_title,omitempty"`
	Title       string `json:"title,omitempty"` // the item's measure (column 2)

	Status    string `json:"status,omitempty"` // the item's or plan's status after the change
	OldStatus string `json:"old_status,omitempty"`
	NewStatus string `json:"new_status,omitempty"`

	Deadline     *eventDeadline `json:"deadline,omitempty"`
	OldDeadline  *eventDeadline `json:"old_deadline,omitempty"`
	NewDeadline  *eventDeadline `json:"new_deadline,omitempty"`
	Reason       string         `json:"reason,omitempty"` // of a deadline move, a return, a failure or cancellation
	Assignees    []eventPerson  `json:"assignees,omitempty"`
	OldAssignees []eventPerson  `json:"old_assignees,omitempty"`

	Comment *eventComment `json:"comment,omitempty"`
	Report  *eventReport  `json:"report,omitempty"`
	Version int           `json:"version,omitempty"` // the publication's
	Public  string        `json:"public_url,omitempty"`

	Actor eventPerson `json:"actor"`
	URL   string      `json:"url"` // the page of the item, plan or report
}

type eventPerson struct {
	ID   int64  `json:"id,omitempty"`
	Name string `json:"name"`
}

type eventDeadline struct {
	Kind string `json:"kind"`          // date, month, quarter, ongoing
	Due  string `json:"due,omitempty"` // the day it falls due (ISO), none for «постоянно»
	Text string `json:"text"`          // as the official form prints it: «II квартал 2027»
}

type eventComment struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

type eventReport struct {
	ID      int64  `json:"id"`
	Period  string `json:"period"`
	AsOf    string `json:"as_of"`
	Remarks string `json:"remarks,omitempty"`
}

func deadlineOf(d domain.Deadline) *eventDeadline {
	if d.Kind == domain.DeadlineNone {
		return nil
	}
	out := &eventDeadline{Kind: string(d.Kind), Text: d.OfficialText()}
	if d.HasDue() {
		out.Due = d.Due.String()
	}
	return out
}

// people names the item's responsible person and co-assignees (names
// only: an account without a name is listed by id).
func people(it domain.Item, members []domain.Member) []eventPerson {
	var out []eventPerson
	for _, id := range it.Assignees() {
		p := eventPerson{ID: id}
		for _, m := range members {
			if m.User.ID == id {
				p.Name = m.User.FullName
			}
		}
		out = append(out, p)
	}
	return out
}

func (s *Service) link(format string, args ...any) string {
	return strings.TrimRight(s.base, "/") + fmt.Sprintf(format, args...)
}

// event completes d with what every event carries and wraps it.
func (s *Service) event(who Caller, kind string, inst domain.Institution, planID, itemID int64, key string, d eventData) domain.WebhookEvent {
	d.Institution, d.Actor = inst.Name, eventPerson{ID: who.User.ID, Name: who.User.FullName}
	payload, err := json.Marshal(d)
	if err != nil {
		panic(err) // plain strings and numbers always marshal
	}
	return domain.WebhookEvent{Kind: kind, InstitutionID: inst.ID, PlanID: planID, ItemID: itemID, Payload: payload,
		At: s.now(), Key: key}
}

// itemData is what every item event tells of the item.
func (s *Service) itemData(it domain.Item, plan domain.Plan, members []domain.Member) eventData {
	return eventData{PlanYear: plan.Year, PlanTitle: plan.Title, Title: it.Measure, Status: string(it.Status),
		Deadline: deadlineOf(it.Deadline), Assignees: people(it, members), URL: s.link("/items/%d", it.ID)}
}

// itemEvents are the events of an item saved from old to cur: its status
// changed, its responsible people changed (someone new among them), its
// deadline moved. reason is the step's or the move's reason. They are keyed
// by the version the change was made from.
func (s *Service) itemEvents(who Caller, inst domain.Institution, plan domain.Plan, members []domain.Member, old, cur domain.Item, reason string) []domain.WebhookEvent {
	key := fmt.Sprintf("v%d", old.Version)
	base := s.itemData(cur, plan, members)
	var out []domain.WebhookEvent
	add := func(kind string, d eventData) {
		out = append(out, s.event(who, kind, inst, cur.PlanID, old.ID, key, d))
	}
	if old.Status != cur.Status {
		d := base
		d.OldStatus, d.NewStatus, d.Reason = string(old.Status), string(cur.Status), reason
		add(domain.EventItemStatusChanged, d)
	}
	if newcomers(old.Assignees(), cur.Assignees()) {
		d := base
		d.OldAssignees = people(old, members)
		add(domain.EventItemAssigned, d)
	}
	if old.Deadline != cur.Deadline {
		d := base
		d.OldDeadline, d.NewDeadline, d.Reason = deadlineOf(old.Deadline), deadlineOf(cur.Deadline), reason
		add(domain.EventItemDeadlineMoved, d)
	}
	return out
}

// newcomers reports whether cur names someone was does not.
func newcomers(was, cur []int64) bool {
	seen := map[int64]bool{}
	for _, id := range was {
		seen[id] = true
	}
	for _, id := range cur {
		if !seen[id] {
			return true
		}
	}
	return false
}

// createdEvents builds the item.created events of items once the store
// has given them ids (in the order of items).
// plan is read when they are built: a plan created in the same
// transaction has its id by then.
func (s *Service) createdEvents(who Caller, inst domain.Institution, plan *domain.Plan, members []domain.Member, items []domain.Item) func([]int64) []domain.WebhookEvent {
	return func(ids []int64) []domain.WebhookEvent {
		out := make([]domain.WebhookEvent, 0, len(ids))
		for i, id := range ids {
			if i >= len(items) {
				break
			}
			it := items[i]
			it.ID = id
			out = append(out, s.event(who, domain.EventItemCreated, inst, plan.ID, id, "created", s.itemData(it, *plan, members)))
		}
		return out
	}
}

// commentEvents builds the item.comment_added event once the comment has its id.
func (s *Service) commentEvents(who Caller, ic *ItemContext, body string) func([]int64) []domain.WebhookEvent {
	return func(ids []int64) []domain.WebhookEvent {
		d := s.itemData(ic.Item, ic.Plan, ic.Members)
		d.Comment = &eventComment{ID: ids[0], Text: body}
		return []domain.WebhookEvent{s.event(who, domain.EventItemCommentAdded, ic.Inst, ic.Item.PlanID, ic.Item.ID,
			fmt.Sprintf("c%d", ids[0]), d)}
	}
}

// planEvents is the event of a plan step (submit, approve, return; other
// steps have none), keyed by the plan's version it was made from ("" for
// a re-approval, which does not change the version: keyed by its moment).
func (s *Service) planEvents(who Caller, t domain.PlanTransition, plan domain.Plan, inst domain.Institution, remarks, key string) []domain.WebhookEvent {
	kind := map[domain.PlanTransition]string{domain.PlanTrSubmit: domain.EventPlanSubmitted,
		domain.PlanTrApprove: domain.EventPlanApproved, domain.PlanTrReturn: domain.EventPlanReturned}[t]
	if kind == "" {
		return nil
	}
	next, err := t.Apply(plan.Status)
	if err != nil {
		next = plan.Status // a re-approval: approved again
	}
	d := eventData{PlanYear: plan.Year, PlanTitle: plan.Title, Status: string(next), OldStatus: string(plan.Status),
		NewStatus: string(next), Reason: remarks, URL: s.link("/plans/%d", plan.ID)}
	return []domain.WebhookEvent{s.event(who, kind, inst, plan.ID, 0, key, d)}
}

// reportEvent is a progress report's event (kind: submitted, accepted or
// returned), keyed by the report: each happens once to a report.
func (s *Service) reportEvent(who Caller, kind string, plan domain.Plan, inst domain.Institution, r domain.ProgressReport, remarks string) domain.WebhookEvent {
	d := eventData{PlanYear: plan.Year, PlanTitle: plan.Title, Status: r.Status,
		Report: &eventReport{ID: r.ID, Period: string(r.Period), AsOf: r.AsOf.String(), Remarks: remarks},
		URL:    s.link("/plans/%d/reports/%d", plan.ID, r.ID)}
	return s.event(who, kind, inst, plan.ID, 0, fmt.Sprintf("r%d", r.ID), d)
}

// publishedEvents builds the plan.published event once the snapshot has its version.
func (s *Service) publishedEvents(who Caller, plan domain.Plan, inst domain.Institution) func([]int64) []domain.WebhookEvent {
	return func(v []int64) []domain.WebhookEvent {
		d := eventData{PlanYear: plan.Year, PlanTitle: plan.Title, Status: string(plan.Status), Version: int(v[0]),
			Public: s.link("/p/%s/%d", inst.Slug, plan.Year), URL: s.link("/plans/%d", plan.ID)}
		return []domain.WebhookEvent{s.event(who, domain.EventPlanPublished, inst, plan.ID, 0, fmt.Sprintf("v%d", v[0]), d)}
	}
}
