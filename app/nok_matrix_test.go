package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"planboard/app/nokimport"
	"planboard/domain"
)

// nokYear is the year the matrix's НОК rows write: far from the demo's, so
// that no proposal for the demo's years finds these assessments.
const nokYear = 2099

// nokMatrixCases are the authorisation rows of the НОК pages (docs/score.md):
// the founder's (and the admin's) import, hand entry, thresholds and ИНН;
// the director's proposal. The museum is the own tenant; founder2 and the
// library's people see nothing of it (404).
func nokMatrixCases() []matrixCase {
	const ok, see, bad, forbid, missing = 200, 303, 422, 403, 404
	get, post := http.MethodGet, http.MethodPost
	museumFounder := func(m *matrix) int64 { return m.e.institution(museum).FounderID }
	houseFounder := func(m *matrix) int64 {
		in, err := m.e.store.Institution(context.Background(), domain.Scope{All: true}, m.house)
		if err != nil {
			m.e.t.Fatal(err)
		}
		return in.FounderID
	}
	founderUpload := func(m *matrix) string {
		u := &domain.AssessmentUpload{UserID: m.e.userID("founder@example.org"), Year: nokYear, Filename: "nok.csv",
			Data: []byte("Код;1.1\n" + museum + ";80\n")}
		t, err := nokimport.Parse(bytes.NewReader(u.Data), nokimport.DefaultLimits()) // as the preview keeps it
		if err != nil {
			m.e.t.Fatal(err)
		}
		if u.Parsed, err = json.Marshal(t); err != nil {
			m.e.t.Fatal(err)
		}
		if err := m.e.store.SaveAssessmentUpload(context.Background(), u, time.Hour); err != nil {
			m.e.t.Fatal(err)
		}
		return fmt.Sprintf("/founder/assessments/uploads/%d", u.ID)
	}
	entry := func(inst func(*matrix) int64) func(*matrix) string {
		return func(m *matrix) string { return fmt.Sprintf("/institutions/%d/assessments/%d", inst(m), nokYear) }
	}
	entryForm := func(m *matrix) url.Values {
		v := "0"
		if a, err := m.e.store.AssessmentFor(context.Background(), domain.Scope{All: true}, m.museum, nokYear); err == nil {
			v = strconv.Itoa(a.Version)
		}
		return url.Values{"version": {v}, "value.1.1": {"80"}}
	}
	proposal := func(m *matrix) string {
		return fmt.Sprintf("/plans/new/proposal?institution=%d&year=%s", m.museum, nextYearS)
	}
	return []matrixCase{
		{get, "/founder/assessments", "import page", fixed("/founder/assessments"), nil, exp(see, ok, ok, ok, forbid, forbid, forbid, forbid), false},
		{post, "/founder/assessments", "no file", fixed("/founder/assessments"), nil, exp(unauth, bad, bad, bad, forbid, forbid, forbid, forbid), false},
		{post, "/founder/assessments/uploads/:id", "the founder's own upload", founderUpload, nil,
			exp(unauth, missing, see, missing, forbid, forbid, forbid, forbid), false},
		{post, "/founder/assessments/uploads/:id", "no such upload", fixed("/founder/assessments/uploads/999999"), nil,
			exp(unauth, missing, missing, missing, forbid, forbid, forbid, forbid), false},
		{get, "/founders/:id/thresholds", "museum's founder", func(m *matrix) string { return fmt.Sprintf("/founders/%d/thresholds", museumFounder(m)) }, nil,
			exp(see, ok, ok, missing, forbid, forbid, forbid, forbid), false},
		{get, "/founders/:id/thresholds", "culture house's founder", func(m *matrix) string { return fmt.Sprintf("/founders/%d/thresholds", houseFounder(m)) }, nil,
			exp(see, ok, missing, ok, missing, missing, missing, missing), false},
		{post, "/founders/:id/thresholds", "museum's founder", func(m *matrix) string { return fmt.Sprintf("/founders/%d/thresholds", museumFounder(m)) },
			func(*matrix) url.Values { return url.Values{"default": {"90"}} }, exp(unauth, see, see, missing, forbid, forbid, forbid, forbid), false},
		{get, "/institutions/:id/assessments/:year", "museum", entry(museumOf), nil, museumRead(ok), false},
		{get, "/institutions/:id/assessments/:year", "culture house", entry(func(m *matrix) int64 { return m.house }), nil,
			exp(see, ok, missing, ok, missing, missing, missing, missing), false},
		{get, "/institutions/:id/assessments/:year", "not a year", fixed("/institutions/1/assessments/x"), nil, signedIn(get, missing), false},
		{post, "/institutions/:id/assessments/:year", "museum", entry(museumOf), entryForm, exp(unauth, see, see, missing, forbid, forbid, missing, missing), false},
		{post, "/institutions/:id/inn", "clear the museum's ИНН", func(m *matrix) string { return fmt.Sprintf("/institutions/%d/inn", m.museum) }, nil, exp(unauth, see, see, missing, forbid, forbid, missing, missing), false},
		{get, "/plans/new/proposal", "museum without an assessment", proposal, nil, museumWrite(ok, see), false},
		{post, "/plans/new/proposal", "museum without an assessment", fixed("/plans/new/proposal"), func(m *matrix) url.Values {
			return url.Values{"institution": {strconv.FormatInt(m.museum, 10)}, "year": {nextYearS}, "keep": {"1"}}
		}, museumWrite(bad, unauth), false},
	}
}
