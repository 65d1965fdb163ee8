package api

import (
	"context"

	"planboard/app/apiauth"
)

// Me is who the token acts as: its user, the user's roles as of this
// request, and the token's scope.
type Me struct {
	ID          int64        `json:"id"`
	Email       string       `json:"email"`
	Name        string       `json:"name"`
	Position    string       `json:"position,omitempty"`
	Locale      string       `json:"locale" enum:"ru,en"`
	Admin       bool         `json:"admin"`
	Memberships []Membership `json:"memberships"`
	TokenScope  string       `json:"token_scope" enum:"read,write"`
}

// Membership is one role of the user.
type Membership struct {
	Role          string `json:"role" enum:"founder,director,staff"`
	InstitutionID int64  `json:"institution_id,omitempty"`
	FounderID     int64  `json:"founder_id,omitempty"`
}

func (a *API) getMe(ctx context.Context, in *struct{ Conditional }) (*Out[Me], error) {
	p, _ := ctx.Value(principalKey{}).(apiauth.Principal)
	me := Me{ID: p.User.ID, Email: p.User.Email, Name: p.User.FullName, Position: p.User.Position, Locale: p.User.Locale,
		Admin: p.Actor.IsAdmin, Memberships: []Membership{}, TokenScope: string(p.Token.Scope)}
	for _, m := range p.Actor.Memberships {
		me.Memberships = append(me.Memberships, Membership{Role: string(m.Role), InstitutionID: m.InstitutionID, FounderID: m.FounderID})
	}
	return tagged(in.Conditional, me)
}
