package service_test

import (
	"context"
	"testing"

	"planboard/app/service"
	"planboard/domain"
	"planboard/storage"
)

// racingStore answers an item's save as a concurrent change would: the
// row's version moved between the use case's check and its statement.
type racingStore struct{ *storage.Store }

func (racingStore) UpdateItem(context.Context, domain.ItemUpdate) error {
	return &domain.Error{Code: domain.EConflict, Message: "version"}
}

// An edit whose save meets a concurrent change is the stale form
// (domain.ErrStale), as for a workflow step; a foreign tenant's item is
// not found.
func TestUpdateItemStaleOnConflict(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	director := e.as("director@example.org")
	plans, err := e.store.Plans(e.ctx, director.Scope())
	if err != nil || len(plans) == 0 {
		t.Fatal(err)
	}
	items, err := e.store.PlanItems(e.ctx, director.Scope(), plans[0].Plan.ID)
	if err != nil || len(items) == 0 {
		t.Fatal(err)
	}
	it := items[0]
	in := domain.ItemInput{Section: string(it.Section), Deficiency: it.Deficiency, Measure: it.Measure + " (уточнено)",
		Deadline: it.Deadline.Spec(), DeadlineReason: "уточнение", Priority: "2"}
	if err := e.svc.UpdateItem(e.ctx, e.as("director2@example.org"), it.ID, it.Version, in, nil); code(err) != domain.ENotFound {
		t.Errorf("a foreign tenant's item: %v", err)
	}
	if err := e.svc.UpdateItem(e.ctx, director, it.ID, it.Version+1, in, nil); err != domain.ErrStale {
		t.Errorf("an older version: %v", err)
	}
	if err := e.racing(t).UpdateItem(e.ctx, director, it.ID, it.Version, in, nil); err != domain.ErrStale {
		t.Errorf("a concurrent change: %v, want domain.ErrStale", err)
	}
	if err := e.svc.UpdateItem(e.ctx, director, it.ID, it.Version, in, nil); err != nil {
		t.Fatalf("the edit itself: %v", err)
	}
}

// racing is the env's service over a store whose item saves conflict.
func (e *env) racing(t *testing.T) *service.Service {
	mailer := e.mailer(t)
	return service.New(service.Deps{Store: racingStore{e.store}, Notices: mailer, Now: e.store.Now})
}

// Changing a member's role: a foreign tenant's institution is not found.
func TestChangeRoleScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	staff := e.as("staff@example.org")
	if err := e.svc.ChangeRole(e.ctx, e.as("director2@example.org"), e.museum.ID, staff.User.ID, domain.RoleDirector); code(err) != domain.ENotFound {
		t.Errorf("from another tenant: %v", err)
	}
	if err := e.svc.ChangeRole(e.ctx, e.as("director@example.org"), e.museum.ID, staff.User.ID, domain.RoleDirector); err != nil {
		t.Errorf("own institution: %v", err)
	}
}
