package service

import (
	"context"

	"planboard/domain"
)

// RecommendationStore is what the regional recommendations need
// (docs/regions.md).
type RecommendationStore interface {
	CreateRecommendation(ctx context.Context, r *domain.Recommendation) error
	NodeRecommendations(ctx context.Context, sc domain.Scope) ([]domain.Recommendation, error)
	InstitutionRecommendations(ctx context.Context, sc domain.Scope, institutionID int64) ([]domain.Recommendation, error)
	PlanAnswers(ctx context.Context, sc domain.Scope, planID int64) (map[int64][]int64, error)
	SavePlanAnswers(ctx context.Context, sc domain.Scope, planID int64, answers map[int64][]int64) error
	RecommendationCells(ctx context.Context, sc domain.Scope, year int) ([]domain.RecommendationCell, error)
	PlanWithInstitution(ctx context.Context, sc domain.Scope, id int64) (domain.Plan, domain.Institution, error)
	PlanItems(ctx context.Context, sc domain.Scope, planID int64) ([]domain.Item, error)
}

// Recommend records a recommendation of node in.OverseerID. Errors:
// ENotFound (a node outside the caller's subtree), EForbidden,
// *domain.ValidationError (rec_title, rec_text, rec_criteria).
func (s *Service) Recommend(ctx context.Context, who Caller, in domain.RecommendationInput) (domain.Recommendation, error) {
	node, err := s.store.Overseer(ctx, who.Scope(), in.OverseerID)
	if err != nil {
		return domain.Recommendation{}, err
	}
	if !domain.Can(who.Actor, domain.ActRecommend, node.Resource()) {
		return domain.Recommendation{}, ErrForbidden
	}
	r, fe := in.Recommendation()
	if len(fe) > 0 {
		return domain.Recommendation{}, fe.Err()
	}
	if err := s.store.CreateRecommendation(ctx, &r); err != nil {
		return domain.Recommendation{}, err
	}
	return r, nil
}

// PlanRecommendations is what a plan's page of recommendations shows: the
// recommendations that concern its institution, its items, the items
// marked as answering each, and Planboard's proposals.
type PlanRecommendations struct {
	Plan            domain.Plan
	Institution     domain.Institution
	Recommendations []domain.Recommendation
	Items           []domain.Item
	Marked          map[int64][]int64 // item → recommendations
	Proposed        map[int64][]int64 // recommendation → items proposed from the texts
	CanEdit         bool
}

// Answers reports whether item answers recommendation rec (marked).
func (p PlanRecommendations) Answers(item, rec int64) bool {
	for _, r := range p.Marked[item] {
		if r == rec {
			return true
		}
	}
	return false
}

// IsProposed reports whether Planboard proposes item for rec.
func (p PlanRecommendations) IsProposed(item, rec int64) bool {
	for _, i := range p.Proposed[rec] {
		if i == item {
			return true
		}
	}
	return false
}

// Missing lists the recommendations no item answers.
func (p PlanRecommendations) Missing() []domain.Recommendation {
	var out []domain.Recommendation
	for _, r := range p.Recommendations {
		covered := false
		for _, recs := range p.Marked {
			for _, id := range recs {
				covered = covered || id == r.ID
			}
		}
		if !covered {
			out = append(out, r)
		}
	}
	return out
}

// PlanRecommendations loads a plan's recommendations page (anyone who
// reads the plan). Errors: ENotFound.
func (s *Service) PlanRecommendations(ctx context.Context, who Caller, planID int64) (PlanRecommendations, error) {
	sc := who.Scope()
	plan, inst, err := s.store.PlanWithInstitution(ctx, sc, planID)
	if err != nil {
		return PlanRecommendations{}, err
	}
	if err := who.authorize(domain.ActView, inst); err != nil {
		return PlanRecommendations{}, err
	}
	out := PlanRecommendations{Plan: plan, Institution: inst, CanEdit: who.can(domain.ActEditPlan, inst), Proposed: map[int64][]int64{}}
	if out.Recommendations, err = s.store.InstitutionRecommendations(ctx, sc, inst.ID); err != nil {
		return out, err
	}
	if len(out.Recommendations) == 0 {
		return out, nil
	}
	if out.Items, err = s.store.PlanItems(ctx, sc, planID); err != nil {
		return out, err
	}
	if out.Marked, err = s.store.PlanAnswers(ctx, sc, planID); err != nil {
		return out, err
	}
	for _, r := range out.Recommendations {
		out.Proposed[r.ID] = domain.ProposeAnswers(r, out.Items)
	}
	return out, nil
}

// SavePlanAnswers replaces which items answer which recommendation (the
// director's). answers maps item ids to recommendation ids; marks of
// items outside the plan or recommendations that do not concern it are
// dropped. Errors: ENotFound, EForbidden.
func (s *Service) SavePlanAnswers(ctx context.Context, who Caller, planID int64, answers map[int64][]int64) error {
	sc := who.Scope()
	_, inst, err := s.store.PlanWithInstitution(ctx, sc, planID)
	if err != nil {
		return err
	}
	if err := who.authorize(domain.ActEditPlan, inst); err != nil {
		return err
	}
	return s.store.SavePlanAnswers(ctx, sc, planID, answers)
}

// RecommendationMatrix is the region's view of its recommendations: each
// recommendation × each institution below the viewer's node.
type RecommendationMatrix struct {
	Recommendations []domain.Recommendation
	Cells           map[int64]map[int64]domain.RecommendationCell // recommendation → institution → cell
}

// Cell returns the cell of a recommendation and an institution.
func (m RecommendationMatrix) Cell(rec, inst int64) domain.RecommendationCell {
	return m.Cells[rec][inst]
}

// RecommendationMatrix reads the recommendations of the caller's nodes
// and how the year's plans in sc answer them: two statements whatever the
// number of institutions. Errors: EForbidden for callers without a node
// (and not the admin).
func (s *Service) RecommendationMatrix(ctx context.Context, who Caller, sc domain.Scope, year int) (RecommendationMatrix, error) {
	own := who.Scope()
	if !own.All && len(own.OverseerIDs) == 0 {
		return RecommendationMatrix{}, ErrForbidden
	}
	recs, err := s.store.NodeRecommendations(ctx, own)
	if err != nil {
		return RecommendationMatrix{}, err
	}
	cells, err := s.store.RecommendationCells(ctx, sc, year)
	if err != nil {
		return RecommendationMatrix{}, err
	}
	m := RecommendationMatrix{Recommendations: recs, Cells: map[int64]map[int64]domain.RecommendationCell{}}
	for _, c := range cells {
		if m.Cells[c.RecommendationID] == nil {
			m.Cells[c.RecommendationID] = map[int64]domain.RecommendationCell{}
		}
		m.Cells[c.RecommendationID][c.InstitutionID] = c
	}
	return m, nil
}
