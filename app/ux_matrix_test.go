package app_test

import "net/http"

// uxMatrixCases are the authorisation rows of the workflow routes: the
// withdraw step (the plan's editor only; the demo museum plan is a draft,
// so even its editor gets 409) and the review queue (directors and the
// admin; staff and founders have nothing to accept).
func uxMatrixCases() []matrixCase {
	const ok, forbid, conflict = 200, 403, http.StatusConflict
	get, post := http.MethodGet, http.MethodPost
	return []matrixCase{
		{get, "/plans/:id/withdraw", "draft museum plan", planPath("/plans/%d/withdraw", museumPlanOf), nil, museumWrite(conflict, http.StatusSeeOther), false},
		{get, "/plans/:id/withdraw", "approved library plan", planPath("/plans/%d/withdraw", libraryPlanOf), nil,
			exp(http.StatusSeeOther, conflict, forbid, http.StatusNotFound, http.StatusNotFound, http.StatusNotFound, conflict, forbid), false},
		{post, "/plans/:id/withdraw", "draft museum plan", planPath("/plans/%d/withdraw", museumPlanOf), nil, museumWrite(conflict, unauth), false},
		{get, "/review", "review queue", fixed("/review"), nil, exp(http.StatusSeeOther, ok, forbid, forbid, ok, forbid, ok, forbid), false},
	}
}
