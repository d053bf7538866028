package directory

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// The change agency staff make to one capacity figure in the agency portal: its count,
// its maximum and the service's capacity status, in one save. The rules of capacity.go
// hold as for every write: the server dates the figure (credited to the portal), the
// count stays within its maximum, and the status follows the count.

// CapacityChange is what the portal sends for one figure; a nil field is left as it is.
type CapacityChange struct {
	Available *float64
	Maximum   *float64
	// Status is a handoff:capacity_status code, "" to leave it. A status the counts
	// contradict ("capacity" with every bed taken) is settled by the counts.
	Status string
}

// SetCapacity applies ch to the service's figure capID, dated now and credited to the
// agency portal (CapacitySourcePortal), and makes the status agree with the counts. A
// count or maximum that is not a whole number from 0 to 100,000, a count above the
// maximum, an unknown status or a figure the service does not have is refused with the
// field named, and the service is left as it was.
func SetCapacity(s *Service, capID string, ch CapacityChange, now time.Time) error {
	i := capacityIndex(s, capID)
	if i < 0 {
		return FieldErrors{{Field: "capacity", Message: "is not one of this service's figures"}}
	}
	var errs FieldErrors
	count := func(field string, v *float64) {
		switch {
		case v == nil:
		case math.IsNaN(*v) || math.IsInf(*v, 0) || *v != math.Trunc(*v):
			errs = append(errs, FieldError{Field: field, Message: "must be a whole number"})
		case *v < 0:
			errs = append(errs, FieldError{Field: field, Message: "cannot be below zero"})
		case *v > maxObservedCount:
			errs = append(errs, FieldError{Field: field, Message: "is too large"})
		}
	}
	count("available", ch.Available)
	count("maximum", ch.Maximum)
	if ch.Status != "" && !slices.Contains(CapacityStatuses, ch.Status) {
		errs = append(errs, FieldError{Field: "status", Message: "must be one of capacity, no-capacity, waitlist, additional-assessment-required"})
	}
	if len(errs) > 0 {
		return errs
	}
	c := s.Capacities[i]
	if ch.Available != nil {
		v := *ch.Available
		c.Available = &v
	}
	if ch.Maximum != nil {
		v := *ch.Maximum
		c.Maximum = &v
	}
	if c.Available != nil && c.Maximum != nil && *c.Available > *c.Maximum {
		return FieldErrors{{Field: "available", Message: fmt.Sprintf("cannot be more than the maximum, %s", FormatCount(*c.Maximum))}}
	}
	old := append([]Capacity(nil), s.Capacities...)
	s.Capacities[i] = c
	StampCapacitiesFrom(s.Capacities, old, now, CapacitySourcePortal)
	if ch.Status != "" {
		setCapacityStatus(s, ch.Status)
	}
	SettleCapacityStatus(s)
	return nil
}

// CapacityStatuses are the handoff:capacity_status codes, in the order a form offers them.
var CapacityStatuses = []string{CapacityAvailable, CapacityNone, CapacityWaitlist, CapacityAssessFirst}

// setCapacityStatus points the service's status attribute at code, adding one when the
// service has none. The vocabulary's term is referred to by id, never rewritten.
func setCapacityStatus(s *Service, code string) {
	v, _ := Vocab(TaxonomyCapacityStatus)
	for i := range s.Attributes {
		if capacityStatusCode(&s.Attributes[i]) != "" {
			a := &s.Attributes[i]
			a.TaxonomyTermID, a.TaxonomyTerm, a.LinkType = TermID(TaxonomyCapacityStatus, code), nil, v.LinkType
			return
		}
	}
	a := VocabAttribute(s.ID, TaxonomyCapacityStatus, code)
	a.TaxonomyTerm = nil
	s.Attributes = append(s.Attributes, a)
}
