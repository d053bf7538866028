package directory

import (
	"math"
	"strings"
	"unicode/utf8"
)

// CapacityObservation is what a peer heard when they called a service: "two beds left".
// It is stored beside the agency's own figures and never overwrites them; search shows it
// as such ("2 beds left, said by phone to Ana 40 min ago") until it expires with the
// service's capacity TTL. The server stamps the time and the observer.
type CapacityObservation struct {
	ID        string   `json:"id" db:"id"`
	ServiceID string   `json:"service_id" db:"service_id"`
	Available *float64 `json:"available" db:"available"`
	Maximum   *float64 `json:"maximum,omitempty" db:"maximum"`
	Unit      string   `json:"unit,omitempty" db:"unit"`
	Note      string   `json:"note,omitempty" db:"note"`
	// ObserverID is the account that recorded it; Observer its first name, as shown.
	ObserverID string `json:"observer_id" db:"observer_id"`
	Observer   string `json:"observer" db:"observer"`
	// ObservedAt is the server's time of the recording, RFC 3339 UTC.
	ObservedAt string `json:"observed_at" db:"observed_at"`
	// Source is always CapacitySourcePhone: said so that a reader of the JSON knows.
	Source string `json:"source" db:"-"`
}

// Limits of an observation's free text.
const (
	maxObservationUnit = 40
	maxObservationNote = 500
	// maxObservedCount bounds a count: no service has a million beds, and a typo should
	// not rank a listing first.
	maxObservedCount = 100000
)

// NormalizeCapacityObservation trims the text fields.
func NormalizeCapacityObservation(o *CapacityObservation) {
	o.Unit = strings.TrimSpace(o.Unit)
	o.Note = strings.TrimSpace(o.Note)
}

// ValidateCapacityObservation checks what a peer sends: a count (required, a whole
// number from 0), an optional maximum not below it, a short unit and note. The errors
// name the fields as the request does.
func ValidateCapacityObservation(o *CapacityObservation) error {
	var errs FieldErrors
	bad := func(field, msg string) { errs = append(errs, FieldError{field, msg}) }
	count := func(field string, v *float64) bool {
		switch {
		case math.IsNaN(*v) || math.IsInf(*v, 0) || *v != math.Trunc(*v):
			bad(field, "must be a whole number")
		case *v < 0:
			bad(field, "must not be negative")
		case *v > maxObservedCount:
			bad(field, "is too large")
		default:
			return true
		}
		return false
	}
	okAvail := false
	if o.Available == nil {
		bad("available", "is required: how many are free, as you heard it")
	} else {
		okAvail = count("available", o.Available)
	}
	if o.Maximum != nil && count("maximum", o.Maximum) && okAvail && *o.Maximum < *o.Available {
		bad("available", "must not exceed maximum")
	}
	if utf8.RuneCountInString(o.Unit) > maxObservationUnit {
		bad("unit", "is too long")
	}
	if utf8.RuneCountInString(o.Note) > maxObservationNote {
		bad("note", "is too long")
	}
	if hasControl(o.Unit) {
		bad("unit", "must not contain control characters")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// hasControl reports control characters (a note may hold line breaks).
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// FirstName is how an observer is named on a result card: the first word of their
// display name, or "a peer" when there is none. Staff names only: no person served is
// ever named.
func FirstName(display string) string {
	if f := strings.Fields(display); len(f) > 0 {
		return f[0]
	}
	return "a peer"
}
