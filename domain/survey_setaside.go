package domain

import "time"

// SurveySelection picks the answers a director sets aside: a paper batch
// by its label, or the answers of a source (or of any, Source "") sent on
// the days From to To in the institution's zone.
type SurveySelection struct {
	Source   string
	From, To Date
	Batch    string
}

// SurveySetAside is a batch of answers out of the figures, with who, when
// and why; Restored is set once it counts again.
type SurveySetAside struct {
	ID         int64
	At         time.Time
	ByName     string
	Reason     string
	Selection  SurveySelection
	Answers    int
	Restored   bool
	RestoredAt time.Time
}
