package domain

import (
	"fmt"
	"time"
)

// SurveyLimit is the short-window limit of answers per client address.
type SurveyLimit struct {
	Addr   []byte        // keyed hash of the client address; nil: no limit (paper forms)
	Nonce  string        // the form's one-time token; "" for paper forms
	Window time.Duration // e.g. 10 minutes
	Max    int           // answers per address within Window
	// TokenTTL is how long a form token is accepted: used nonces older
	// than that (and an hour) are forgotten.
	TokenTTL time.Duration
}

// SurveyRecord is one questionnaire as stored: the response, where it came
// from and, for paper forms, the batch and who typed it in.
type SurveyRecord struct {
	ID            int64
	InstitutionID int64
	At            time.Time
	Month         Date // first day of the month in the institution's zone
	Source        string
	Response      SurveyResponse
	Batch         string
	EnteredBy     int64
}

// SurveyCount is one monthly counter: part "" counts the forms.
type SurveyCount struct {
	Month       Date
	Source      string
	Part        string
	Respondents int
	Satisfied   int
}

// SurveySuggestion is a visitor's suggestion as the results list it.
type SurveySuggestion struct {
	ID     int64
	At     time.Time
	Source string
	Text   string
	// ItemID and ItemNumber are the plan item made from it (0, "": none),
	// its number as the plan prints it («V.3»).
	ItemID     int64
	ItemNumber string
}

// MonthOf is the first day of t's month in loc.
func MonthOf(t time.Time, loc *time.Location) Date {
	d := Today(t, loc)
	return NewDate(d.Year, d.Month, 1)
}

// ItemNumber is an item's number as the plan prints it: the section in
// Roman numerals and the item's place in it («V.3»; «0.1» outside the five
// criteria).
func ItemNumber(s Section, nth int) string {
	num := s.Roman()
	if num == "" {
		num = "0"
	}
	return fmt.Sprintf("%s.%d", num, nth)
}
