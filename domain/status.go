package domain

// ItemStatus is the state of a plan item (docs/domain.md §8, states).
type ItemStatus string

// Item states. Open states are planned, in_progress and review.
const (
	StatusPlanned    ItemStatus = "planned"     // запланировано
	StatusInProgress ItemStatus = "in_progress" // в работе
	StatusReview     ItemStatus = "review"      // на проверке
	StatusDone       ItemStatus = "done"        // выполнено
	StatusNotDone    ItemStatus = "not_done"    // не выполнено
	StatusCancelled  ItemStatus = "cancelled"   // отменено
)

// ItemStatuses lists every item status; the first four are the board columns.
var ItemStatuses = []ItemStatus{StatusPlanned, StatusInProgress, StatusReview, StatusDone, StatusNotDone, StatusCancelled}

// BoardColumns are the statuses shown as columns on the board.
var BoardColumns = []ItemStatus{StatusPlanned, StatusInProgress, StatusReview, StatusDone}

// Valid reports whether s is a known status.
func (s ItemStatus) Valid() bool {
	for _, v := range ItemStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// Open reports whether work on the item is still expected.
func (s ItemStatus) Open() bool {
	return s == StatusPlanned || s == StatusInProgress || s == StatusReview
}

// Transition is a named move between item statuses.
type Transition string

// The item workflow. Who may perform each is decided by the policy.
const (
	TrStart   Transition = "start"   // planned → in_progress
	TrSubmit  Transition = "submit"  // planned|in_progress → review (closing report)
	TrAccept  Transition = "accept"  // review → done
	TrReturn  Transition = "return"  // review → in_progress, with a remark
	TrFail    Transition = "fail"    // open → not_done, with a reason
	TrCancel  Transition = "cancel"  // open → cancelled, with a reason
	TrReopen  Transition = "reopen"  // done|not_done|cancelled → in_progress
	TrUnstart Transition = "unstart" // in_progress → planned
)

var transitions = map[Transition]struct {
	from []ItemStatus
	to   ItemStatus
}{
	TrStart:   {[]ItemStatus{StatusPlanned}, StatusInProgress},
	TrUnstart: {[]ItemStatus{StatusInProgress}, StatusPlanned},
	TrSubmit:  {[]ItemStatus{StatusPlanned, StatusInProgress}, StatusReview},
	TrAccept:  {[]ItemStatus{StatusReview}, StatusDone},
	TrReturn:  {[]ItemStatus{StatusReview}, StatusInProgress},
	TrFail:    {[]ItemStatus{StatusPlanned, StatusInProgress, StatusReview}, StatusNotDone},
	TrCancel:  {[]ItemStatus{StatusPlanned, StatusInProgress, StatusReview}, StatusCancelled},
	TrReopen:  {[]ItemStatus{StatusDone, StatusNotDone, StatusCancelled}, StatusInProgress},
}

// Apply returns the status that transition t leads to from s, or an EConflict
// error when t is not allowed from s.
func (t Transition) Apply(s ItemStatus) (ItemStatus, error) {
	tr, ok := transitions[t]
	if !ok {
		return s, FieldError("transition", "status.unknown_transition")
	}
	for _, f := range tr.from {
		if f == s {
			return tr.to, nil
		}
	}
	return s, &Error{Code: EConflict, Message: "status.transition_not_allowed"}
}

// NeedsReason reports whether the transition requires a written reason or remark.
func (t Transition) NeedsReason() bool {
	return t == TrReturn || t == TrFail || t == TrCancel
}

// TransitionTo finds the transition that moves an item from one status to
// another, as a drag-and-drop between board columns asks for.
func TransitionTo(from, to ItemStatus) (Transition, bool) {
	for name, tr := range transitions {
		if tr.to != to {
			continue
		}
		for _, f := range tr.from {
			if f == from {
				return name, true
			}
		}
	}
	return "", false
}

// PlanStatus is the state of a plan.
type PlanStatus string

// Plan states (docs/domain.md §8, states).
const (
	PlanDraft     PlanStatus = "draft"     // черновик
	PlanSubmitted PlanStatus = "submitted" // на утверждении
	PlanApproved  PlanStatus = "approved"  // утверждён
	PlanClosed    PlanStatus = "closed"    // завершён
)

// PlanStatuses lists every plan status in lifecycle order.
var PlanStatuses = []PlanStatus{PlanDraft, PlanSubmitted, PlanApproved, PlanClosed}

// Valid reports whether s is a known plan status.
func (s PlanStatus) Valid() bool {
	for _, v := range PlanStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// DeadlinesFixed reports whether the plan's deadlines are the approved
// ones: moving one then needs a reason and is counted (docs/ux.md §4). A
// draft's and a submitted plan's deadlines change freely; an unknown
// status counts as fixed, the careful side.
func (s PlanStatus) DeadlinesFixed() bool {
	return s != PlanDraft && s != PlanSubmitted
}

// PlanTransition is a named move between plan statuses.
type PlanTransition string

// The plan workflow.
const (
	PlanTrSubmit  PlanTransition = "submit"  // draft → submitted (director)
	PlanTrApprove PlanTransition = "approve" // submitted → approved (founder)
	PlanTrReturn  PlanTransition = "return"  // submitted → draft, with remarks (founder)
	PlanTrClose   PlanTransition = "close"   // approved → closed (director)
	// PlanTrWithdraw takes a submitted plan back before the founder
	// decides (director; docs/ux.md §6).
	PlanTrWithdraw PlanTransition = "withdraw" // submitted → draft (director)
)

var planTransitions = map[PlanTransition]struct{ from, to PlanStatus }{
	PlanTrSubmit:   {PlanDraft, PlanSubmitted},
	PlanTrApprove:  {PlanSubmitted, PlanApproved},
	PlanTrReturn:   {PlanSubmitted, PlanDraft},
	PlanTrClose:    {PlanApproved, PlanClosed},
	PlanTrWithdraw: {PlanSubmitted, PlanDraft},
}

// Apply returns the plan status that t leads to from s, or an EConflict error.
func (t PlanTransition) Apply(s PlanStatus) (PlanStatus, error) {
	tr, ok := planTransitions[t]
	if !ok {
		return s, FieldError("transition", "status.unknown_transition")
	}
	if tr.from != s {
		return s, &Error{Code: EConflict, Message: "status.transition_not_allowed"}
	}
	return tr.to, nil
}
