package web

import (
	"planboard/domain"
)

// canPlan reports whether the actor may create plans somewhere.
func canPlan(a domain.Actor) bool {
	if a.IsAdmin {
		return true
	}
	for _, m := range a.Memberships {
		if m.Role == domain.RoleDirector {
			return true
		}
	}
	return false
}
