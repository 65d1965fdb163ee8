package service

import (
	"context"

	"planboard/domain"
)

// ItemWorkStore is what the smaller steps on one item need: deleting and
// moving it, evidence, checklist ticks and occurrences. Every write carries
// the caller's scope.
type ItemWorkStore interface {
	DeleteItem(ctx context.Context, sc domain.Scope, it domain.Item, by domain.User) error
	MoveItem(ctx context.Context, sc domain.Scope, it domain.Item, dir int) error
	AddAttachment(ctx context.Context, sc domain.Scope, it domain.Item, by domain.User, a *domain.Attachment) error
	SetChecklistPoint(ctx context.Context, sc domain.Scope, it domain.Item, pointID int64, done bool, by domain.User) error
	Occurrences(ctx context.Context, it domain.Item) ([]domain.Occurrence, error)
	UpdateOccurrence(ctx context.Context, sc domain.Scope, it domain.Item, o domain.Occurrence, by domain.User, note string) error
}

// DeleteItem removes an item at the version the page showed (the plan's
// editor's); the history keeps the deletion. It returns the item as it
// was, with its plan.
func (s *Service) DeleteItem(ctx context.Context, who Caller, itemID int64, version int) (*ItemContext, error) {
	ic, err := s.Item(ctx, who, itemID, domain.ActEditPlan)
	if err != nil {
		return nil, err
	}
	if version != ic.Item.Version {
		return nil, domain.ErrStale
	}
	if err := s.store.DeleteItem(ctx, who.Scope(), ic.Item, who.User); err != nil {
		return nil, err
	}
	return ic, nil
}

// MoveItem moves an item one place up (dir < 0) or down within its section.
func (s *Service) MoveItem(ctx context.Context, who Caller, itemID int64, dir int) (*ItemContext, error) {
	ic, err := s.Item(ctx, who, itemID, domain.ActEditPlan)
	if err != nil {
		return nil, err
	}
	if dir < 0 {
		dir = -1
	} else {
		dir = 1
	}
	return ic, s.store.MoveItem(ctx, who.Scope(), ic.Item, dir)
}

// Evidence is what a surface read from an upload: files and links, already
// checked (type, size, link form). Read returns field errors as
// *domain.ValidationError or domain.FieldError.
type Evidence func() ([]domain.Attachment, error)

// AddEvidence attaches files or links to an item (the assignee's work or the
// director's). The upload is read only once the step is allowed.
func (s *Service) AddEvidence(ctx context.Context, who Caller, itemID int64, read Evidence) (*ItemContext, error) {
	ic, err := s.Item(ctx, who, itemID, domain.ActWorkItem)
	if err != nil {
		return nil, err
	}
	ev, err := read()
	if err != nil {
		return ic, err
	}
	if len(ev) == 0 {
		return ic, domain.FieldError("evidence", "evidence.empty")
	}
	for i := range ev {
		if err := s.store.AddAttachment(ctx, who.Scope(), ic.Item, who.User, &ev[i]); err != nil {
			return ic, err
		}
	}
	return ic, nil
}

// TickPoint ticks or unticks one of an item's checklist points.
func (s *Service) TickPoint(ctx context.Context, who Caller, itemID, pointID int64, done bool) error {
	ic, err := s.Item(ctx, who, itemID, domain.ActWorkItem)
	if err != nil {
		return err
	}
	return s.store.SetChecklistPoint(ctx, who.Scope(), ic.Item, pointID, done, who.User)
}

// OccurrenceChange assigns one occurrence of a recurring item (Assignee
// nil keeps it; 0 is nobody) and, with Implemented, closes it.
type OccurrenceChange struct {
	ItemID, OccurrenceID int64
	Assignee             *int64
	Implemented          string
}

// ChangeOccurrence assigns or closes one occurrence of a recurring item,
// loaded through the item. An assignee who is not a member is ignored.
func (s *Service) ChangeOccurrence(ctx context.Context, who Caller, in OccurrenceChange) error {
	ic, err := s.Item(ctx, who, in.ItemID, domain.ActWorkItem)
	if err != nil {
		return err
	}
	occs, err := s.store.Occurrences(ctx, ic.Item)
	if err != nil {
		return err
	}
	for _, o := range occs {
		if o.ID != in.OccurrenceID {
			continue
		}
		if in.Assignee != nil && (*in.Assignee == 0 || ic.Name(*in.Assignee) != "") {
			o.AssigneeID = *in.Assignee
		}
		note := "assigned"
		if impl := domain.StripLine(in.Implemented); impl != "" {
			o.Done, o.Implemented, o.CompletedOn, note = true, impl, domain.Today(s.now(), ic.Inst.Location()), impl
		}
		if err := s.store.UpdateOccurrence(ctx, who.Scope(), ic.Item, o, who.User, note); err != nil {
			return err
		}
		return nil
	}
	return domain.ErrNotFound
}
