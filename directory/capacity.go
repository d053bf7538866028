package directory

import (
	"bytes"
	"encoding/json"
	"time"
)

// The rules that keep a capacity figure honest: a count within its maximum, a status that
// agrees with the count, and an age that the server, not the client, tells.

// ClockSkew is how far in the future a date or time from outside may lie and still be
// taken as now: a date has no time zone, so "today" somewhere is tomorrow in UTC, and
// clocks of other systems drift.
const ClockSkew = 24 * time.Hour

// ConsistentCapacityStatus returns the capacity status that agrees with the figures, given
// the status said (the handoff:capacity_status code, or "" when none was said):
//
//   - no figure has a count (available): the status said stands, whatever it is;
//   - some figure has a unit free (available > 0): "capacity", whatever was said;
//   - every counted figure is full (available == 0): "waitlist" or
//     "additional-assessment-required" when that was said (a full service may still
//     take names or assess), otherwise "no-capacity".
//
// A status that disagrees with the count is the count's to correct: the count is the
// figure staff update, and the one a peer reads as "3 beds free".
func ConsistentCapacityStatus(said string, caps []Capacity) string {
	counted := false
	for _, c := range caps {
		if c.Available == nil {
			continue
		}
		counted = true
		if *c.Available > 0 {
			return CapacityAvailable
		}
	}
	switch {
	case !counted:
		return said
	case said == CapacityWaitlist || said == CapacityAssessFirst:
		return said
	}
	return CapacityNone
}

// SettleCapacityStatus makes the service's handoff:capacity_status attribute agree with
// its capacity figures (see ConsistentCapacityStatus). An attribute that has to change is
// pointed at the vocabulary's term by taxonomy_term_id, so no term is rewritten; a second
// status attribute that would repeat the first is dropped. A service without a status
// attribute keeps none: CapacityStatus derives the status from the figures by the same rule.
func SettleCapacityStatus(s *Service) {
	first := -1
	for i := range s.Attributes {
		if capacityStatusCode(&s.Attributes[i]) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	said := capacityStatusCode(&s.Attributes[first])
	want := ConsistentCapacityStatus(said, s.Capacities)
	if want == said {
		return
	}
	v, _ := Vocab(TaxonomyCapacityStatus)
	kept := s.Attributes[:0]
	for i, a := range s.Attributes {
		switch {
		case i == first:
			a.TaxonomyTermID, a.TaxonomyTerm, a.LinkType = TermID(TaxonomyCapacityStatus, want), nil, v.LinkType
		case capacityStatusCode(&a) == want:
			continue // the first now says the same
		}
		kept = append(kept, a)
	}
	s.Attributes = kept
}

// capacityStatusCode is the capacity status an attribute says, or "" when it is not a
// handoff:capacity_status attribute. It reads the embedded term as TermCodes does, and
// also a bare reference to one of the vocabulary's terms.
func capacityStatusCode(a *Attribute) string {
	v, _ := Vocab(TaxonomyCapacityStatus)
	if t := a.TaxonomyTerm; t != nil && (t.Taxonomy == TaxonomyCapacityStatus || (t.Taxonomy == "" && a.LinkType == v.LinkType)) {
		return t.Code
	}
	for _, t := range v.Terms {
		if a.TaxonomyTermID == TermID(TaxonomyCapacityStatus, t.Code) {
			return t.Code
		}
	}
	return ""
}

// StampCapacities dates the figures of a service about to be written by a client through
// the API (source CapacitySourceAPI); see StampCapacitiesFrom.
func StampCapacities(caps, old []Capacity, now time.Time) {
	StampCapacitiesFrom(caps, old, now, CapacitySourceAPI)
}

// StampCapacitiesFrom dates the figures of a service about to be written by a client,
// which says what the counts are but not when: a figure that is new, or whose count,
// maximum or unit differs from the stored figure of the same id (old), is dated now and
// credited to source; a figure that did not change keeps the stored date and source, so
// that an unrelated edit does not make a stale count look fresh. The client's own
// "updated" and "source" are never kept. A stored date in the future (written before the
// server dated figures) is no date to keep, and becomes now.
func StampCapacitiesFrom(caps, old []Capacity, now time.Time, source string) {
	stamp := now.UTC().Format(time.RFC3339)
	for i := range caps {
		c := &caps[i]
		c.Updated, c.Source = stamp, source
		for _, o := range old {
			if o.ID == c.ID && sameFigure(c, &o) && !inFuture(o.Updated, now) {
				c.Updated, c.Source = o.Updated, o.Source
				break
			}
		}
	}
}

// sameFigure reports whether two figures give the same count of the same unit.
func sameFigure(a, b *Capacity) bool {
	return sameNumber(a.Available, b.Available) && sameNumber(a.Maximum, b.Maximum) &&
		a.UnitID == b.UnitID && sameRawJSON(a.Unit, b.Unit)
}

func sameNumber(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// sameRawJSON compares two JSON values ignoring insignificant space.
func sameRawJSON(a, b json.RawMessage) bool {
	var x, y bytes.Buffer
	if json.Compact(&x, a) != nil || json.Compact(&y, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// inFuture reports whether an RFC 3339 time or a date lies further ahead of now than
// ClockSkew. A value that does not parse is not in the future (validation reports it).
func inFuture(v string, now time.Time) bool {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, v); err != nil {
			return false
		}
	}
	return t.After(now.Add(ClockSkew))
}

// CapacitySum is a service's capacity figures added up, as search ranks and filters by
// them and the offline snapshot shows them: several figures (men's and women's beds) add
// up, and the newest update dates the sum.
type CapacitySum struct {
	// Available is the sum of the counts; nil when no figure has one. Maximum is the sum
	// of the counted figures' maximums; nil also when it comes to zero.
	Available, Maximum *float64
	// Updated and Source are the newest counted figure's.
	Updated, Source string
	// Counted are the figures with a count, in order, for what each caller reads of them
	// (their units, their ages).
	Counted []*Capacity
}

// SumCapacities adds up the figures that have a count; figures without one are left out.
func SumCapacities(caps []Capacity) CapacitySum {
	var sum CapacitySum
	for i := range caps {
		x := &caps[i]
		if x.Available == nil {
			continue
		}
		if sum.Available == nil {
			av, mx := *x.Available, 0.0
			sum.Available, sum.Maximum = &av, &mx
		} else {
			*sum.Available += *x.Available
		}
		if x.Maximum != nil {
			*sum.Maximum += *x.Maximum
		}
		if x.Updated > sum.Updated {
			sum.Updated, sum.Source = x.Updated, x.Source
		}
		sum.Counted = append(sum.Counted, x)
	}
	if sum.Maximum != nil && *sum.Maximum == 0 {
		sum.Maximum = nil
	}
	return sum
}
