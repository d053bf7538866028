package directory

import (
	"strings"
	"time"
)

// The rules that read a service the way a peer asks about it: what it helps with, at
// what level of care, how one gets in, whether it is free, whether it has room, whether
// the listing is fresh. Search and matching use them; they live here so that every
// caller reads a listing the same way.

// TermCodes returns the codes of the service's attributes in a Handoff taxonomy, in
// order and without repeats. An attribute belongs to the taxonomy when its embedded term
// names it; attributes written without the term embedded fall back to their link_type.
func TermCodes(s *Service, taxonomy string) []string {
	v, _ := Vocab(taxonomy)
	var out []string
	for i := range s.Attributes {
		a := &s.Attributes[i]
		code := ""
		switch t := a.TaxonomyTerm; {
		case t != nil && t.Taxonomy == taxonomy:
			code = t.Code
		case t != nil && t.Taxonomy == "" && v.LinkType != "" && a.LinkType == v.LinkType:
			code = t.Code
		}
		if code == "" {
			continue
		}
		dup := false
		for _, c := range out {
			dup = dup || c == code
		}
		if !dup {
			out = append(out, code)
		}
	}
	return out
}

// IsFree reports whether a service costs nothing: a cost option with an amount of zero,
// or one named "Free". A service that says nothing of cost is not free: the "free"
// filter keeps only listings that say so.
func IsFree(s *Service) bool {
	for _, c := range s.CostOptions {
		if (c.Amount != nil && *c.Amount == 0) || strings.EqualFold(strings.TrimSpace(c.Option), "free") {
			return true
		}
	}
	return false
}

// HasFee reports whether a service says it charges: a cost option with an amount above
// zero, or a named option without an amount that is not "Free" ("Sliding scale",
// "MassHealth accepted"). A service with neither IsFree nor HasFee has an unknown cost,
// which is neither free nor "not free": a fee text alone (fees_description) is shown as
// the source wrote it, not read as either.
func HasFee(s *Service) bool {
	for _, c := range s.CostOptions {
		switch name := strings.TrimSpace(c.Option); {
		case c.Amount != nil && *c.Amount > 0:
			return true
		case c.Amount == nil && name != "" && !strings.EqualFold(name, "free"):
			return true
		}
	}
	return false
}

// Capacity statuses (Gravity SDOH IG draft codes).
const (
	CapacityAvailable   = "capacity"
	CapacityNone        = "no-capacity"
	CapacityWaitlist    = "waitlist"
	CapacityAssessFirst = "additional-assessment-required"
)

// CapacityStatus returns the service's capacity status: the handoff:capacity_status
// attribute as its capacity figures let it stand (see ConsistentCapacityStatus: a free
// unit means capacity, all full means no capacity unless a waitlist or an assessment was
// said), else "" when nothing is known. Reading it so holds for listings written before
// the API kept the attribute consistent, and for imported ones.
func CapacityStatus(s *Service) string {
	said := ""
	if codes := TermCodes(s, TaxonomyCapacityStatus); len(codes) > 0 {
		said = codes[0]
	}
	return ConsistentCapacityStatus(said, s.Capacities)
}

// HasRoom is the "available" filter: the status says capacity, or a unit is free.
func HasRoom(status string, available float64) bool {
	return status == CapacityAvailable || available > 0
}

// AgeAllowed reports whether a person of the given age is within the service's
// minimum and maximum ages (both inclusive; a missing bound does not limit).
func AgeAllowed(minAge, maxAge *float64, age float64) bool {
	return (minAge == nil || age >= *minAge) && (maxAge == nil || age <= *maxAge)
}

// DefaultStaleAfter is how long a listing stays fresh after a person last confirmed it
// (assured_date). DESIGN asks for a configurable time; a year is the common practice of
// 211 directories.
const DefaultStaleAfter = 365 * 24 * time.Hour

// AssuredTime parses assured_date (a date, or a date-time); ok is false when missing.
func AssuredTime(assured string) (time.Time, bool) {
	if len(assured) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, assured[:10])
	return t, err == nil
}

// Stale reports whether a listing confirmed at assured is older than staleAfter at now.
// A listing never confirmed is not called stale here: there is no date to show, and
// imported directories often lack the field entirely.
func Stale(assured string, now time.Time, staleAfter time.Duration) bool {
	t, ok := AssuredTime(assured)
	return ok && now.Sub(t) > staleAfter
}

// PhysicalAddress is the address a person would walk to: the location's physical one,
// else its first (nil: none).
func PhysicalAddress(l *Location) *Address {
	for i := range l.Addresses {
		if l.Addresses[i].AddressType == "physical" {
			return &l.Addresses[i]
		}
	}
	if len(l.Addresses) > 0 {
		return &l.Addresses[0]
	}
	return nil
}

// LocalHours picks the schedule rows that apply to a service at one location, most
// specific first: the service-at-location's own rows, else the service's, else the
// location's. A level whose rows give no opening hours (only a holiday closure, or "by
// appointment") does not hide the hours of a level below it; when no level gives hours,
// the most specific rows are kept for what they say.
func LocalHours(s *Service, sal *ServiceAtLocation) []Schedule {
	levels := make([][]Schedule, 0, 3)
	if sal != nil {
		levels = append(levels, sal.Schedules)
	}
	levels = append(levels, s.Schedules)
	if sal != nil && sal.Location != nil {
		levels = append(levels, sal.Location.Schedules)
	}
	var said []Schedule
	for _, rows := range levels {
		if len(rows) == 0 {
			continue
		}
		if CompileHours(rows).Known() {
			return rows
		}
		if said == nil {
			said = rows
		}
	}
	return said
}
