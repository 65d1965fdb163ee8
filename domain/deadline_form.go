package domain

// DeadlineKinds are the kinds the item form offers as a choice (issue
// 14.10), in the order shown: «к дате», «квартал», «месяц», «постоянно»,
// «без срока».
var DeadlineKinds = []DeadlineKind{DeadlineDate, DeadlineQuarter, DeadlineMonth, DeadlineOngoing, "none"}

// ReadDeadline reads a deadline as the item form sends it: the kind chosen
// and the words typed («30.06.2027», «до 30.06.2027», «II квартал 2027»,
// «июнь 2027»). «постоянно» and «без срока» need no words; the dated kinds
// need words that say a day, a month or a quarter. An empty kind reads
// the words alone (the API, older forms). Errors: EInvalid on "deadline".
func ReadDeadline(kind, text string) (Deadline, error) {
	switch DeadlineKind(kind) {
	case DeadlineOngoing:
		return Ongoing, nil
	case "none":
		if text != "" { // words typed but «без срока» left chosen: ask, never drop them
			return Deadline{}, FieldError("deadline", "deadline.kind_needed")
		}
		return Deadline{}, nil
	}
	d, err := ParseDeadline(text)
	if err != nil { // «до 30.06.2027», «в IV квартале 2027 г.»
		if d, err = ParseDeadline(stripDeadlineWords(foldDeadlineText(text))); err != nil {
			return Deadline{}, err
		}
	}
	if kind != "" && d.Kind == DeadlineNone {
		return Deadline{}, FieldError("deadline", "deadline.words_needed")
	}
	if kind != "" && !d.HasDue() { // «постоянно» typed under a dated kind
		return Deadline{}, FieldError("deadline", "deadline.kind_mismatch")
	}
	// A date typed under «квартал» (or the other way round) is taken as
	// written: the words say exactly what people mean.
	return d, nil
}

// FormKind is the kind the item form preselects for a deadline.
func (d Deadline) FormKind() string {
	if d.Kind == DeadlineNone {
		return "none"
	}
	return string(d.Kind)
}
