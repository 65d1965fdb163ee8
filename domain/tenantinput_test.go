package domain

import (
	"strings"
	"testing"
)

// An institution's form is checked field by field, names in characters.
func TestInstitutionInput(t *testing.T) {
	in := InstitutionInput{FounderID: 1, Name: strings.Repeat("М", MaxTenantNameLen), Kind: string(InstitutionKinds[0]),
		Slug: " museum-2 ", TimeZone: "Asia/Novokuznetsk"}
	inst, fe := in.Institution()
	if len(fe) != 0 || inst.Slug != "museum-2" {
		t.Fatalf("a good institution: %v %+v", fe, inst)
	}
	bad := InstitutionInput{Name: strings.Repeat("М", MaxTenantNameLen+1), Kind: "zoo", Slug: "Музей", TimeZone: "Mars/Base"}
	_, fe = bad.Institution()
	for _, k := range []string{"inst_founder", "inst_name", "inst_kind", "inst_slug", "inst_tz"} {
		if fe[k] == "" {
			t.Errorf("no error on %s: %v", k, fe)
		}
	}
	f := FounderInput{Name: "  "}
	if _, fe := f.Founder(); fe["founder_name"] == "" {
		t.Error("a founder without a name")
	}
}
