package domain

// AuditPlanDeleted is the audit log's action for a deleted draft plan.
const AuditPlanDeleted = "plan_deleted"

// PlanContents is what goes with a plan when it is deleted, for the
// confirmation: its measures and what hangs off them.
type PlanContents struct {
	Items     int
	Points    int // checklist points
	Comments  int
	Evidence  int
	Reports   int // progress reports
	Approvals int // steps of «Журнал плана» (sent, returned…)
}

// PlanDeletable says whether a plan may be deleted: only a draft, never
// one sent to or approved by the founder. The reason is a message key.
func PlanDeletable(p Plan) (bool, string) {
	switch p.Status {
	case PlanDraft:
		return true, ""
	case PlanSubmitted:
		return false, "plandelete.submitted"
	}
	return false, "plandelete.approved"
}
