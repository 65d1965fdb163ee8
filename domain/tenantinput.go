package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxTenantNameLen is the longest founder or institution name, in characters.
const MaxTenantNameLen = 500

// FounderInput is a new founder (учредитель) as a form sends it.
type FounderInput struct{ Name, ShortName string }

// Founder checks the input (field keys founder_name, founder_short) and
// returns the founder to store.
func (in *FounderInput) Founder() (Founder, FieldErrors) {
	var fe FieldErrors
	in.Name, in.ShortName = fe.Line("founder_name", in.Name), fe.Line("founder_short", in.ShortName)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > MaxTenantNameLen {
		fe.Add("founder_name", "admin.name_required")
	}
	return Founder{Name: in.Name, ShortName: in.ShortName}, fe
}

// InstitutionInput is a new institution as a form sends it.
type InstitutionInput struct {
	FounderID                             int64
	Name, ShortName, Kind, Slug, TimeZone string
}

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Institution checks the input (field keys inst_founder, inst_name,
// inst_short, inst_kind, inst_slug, inst_tz) and returns the institution to
// store: a name of up to 500 characters, a known kind, a slug of small
// Latin letters, digits and hyphens, and a time zone the system knows.
func (in *InstitutionInput) Institution() (Institution, FieldErrors) {
	var fe FieldErrors
	in.Name, in.ShortName = fe.Line("inst_name", in.Name), fe.Line("inst_short", in.ShortName)
	in.Slug, in.TimeZone = strings.TrimSpace(in.Slug), strings.TrimSpace(in.TimeZone)
	if in.FounderID <= 0 {
		fe.Add("inst_founder", "admin.founder_required")
	}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > MaxTenantNameLen {
		fe.Add("inst_name", "admin.name_required")
	}
	known := false
	for _, k := range InstitutionKinds {
		known = known || string(k) == in.Kind
	}
	if !known {
		fe.Add("inst_kind", "error.invalid_value")
	}
	if !slugRe.MatchString(in.Slug) {
		fe.Add("inst_slug", "admin.slug_rule")
	}
	if _, err := time.LoadLocation(in.TimeZone); err != nil || in.TimeZone == "" {
		fe.Add("inst_tz", "admin.tz_invalid")
	}
	return Institution{FounderID: in.FounderID, Name: in.Name, ShortName: in.ShortName, Kind: InstitutionKind(in.Kind),
		Slug: in.Slug, TimeZone: in.TimeZone}, fe
}
