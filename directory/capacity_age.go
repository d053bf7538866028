package directory

import (
	"math"
	"time"
)

// A capacity figure tells its age and expires: "3 beds free" from yesterday morning is
// not what a peer finds at 2 a.m. Past its time-to-live a figure is shown as unknown,
// with what it said and when ("unknown — 3 beds 2 days ago"), and search's available
// filter no longer counts it. The TTL is the figure's own ttl_hours (an extension member
// of the HSDS 3.1 service_capacity object, so a service sets it on its figures) or the
// server's default (serve --capacity-ttl, HANDOFF_CAPACITY_TTL).

// DefaultCapacityTTL is how long a figure holds when neither it nor the server says:
// shelters that keep a bed board update it at least daily.
const DefaultCapacityTTL = 24 * time.Hour

// MaxCapacityTTLHours bounds a figure's own ttl_hours: a year. A count that stays true
// longer is not a count anyone updates.
const MaxCapacityTTLHours = 24 * 366

// Where a capacity figure came from (Capacity.Source), stamped by the server.
const (
	CapacitySourcePortal = "portal" // agency staff in the agency portal
	CapacitySourceLink   = "link"   // the service's no-login update link
	CapacitySourceImport = "import" // a bulk import
	CapacitySourceAPI    = "api"    // a client of the listings API
	CapacitySourcePhone  = "phone"  // a peer's phone call: an observation, never a figure
)

// MarkImported credits the figures of an imported service that say no source to the
// import. A file's own "source" (an export of another Handoff) is kept.
func MarkImported(s *Service) {
	for i := range s.Capacities {
		if s.Capacities[i].Source == "" {
			s.Capacities[i].Source = CapacitySourceImport
		}
	}
}

// CapacityTTL is how long the figure holds: its own ttl_hours when it gives a usable one,
// else def (DefaultCapacityTTL when def is not positive).
func CapacityTTL(c *Capacity, def time.Duration) time.Duration {
	if h := c.TTLHours; h != nil && *h > 0 && *h <= MaxCapacityTTLHours && !math.IsNaN(*h) {
		return time.Duration(*h * float64(time.Hour))
	}
	if def <= 0 {
		return DefaultCapacityTTL
	}
	return def
}

// CapacityUpdated is the figure's time; ok is false when it has none, or none that
// parses. A figure without a time has no age to tell, and is never counted as current.
func CapacityUpdated(c *Capacity) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, c.Updated)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, c.Updated); err != nil {
			return time.Time{}, false
		}
	}
	return t, true
}

// CapacityCurrent reports whether a dated figure (updated) with the given TTL still
// holds at the instant at.
func CapacityCurrent(updated time.Time, ttl time.Duration, at time.Time) bool {
	return at.Before(updated.Add(ttl))
}

// checkCapacityTTL refuses a ttl_hours that is not a positive number of hours up to
// MaxCapacityTTLHours: a figure that expires at once, or never, is no figure.
func checkCapacityTTL(r *report, field string, h *float64) {
	if h != nil && (math.IsNaN(*h) || *h <= 0 || *h > MaxCapacityTTLHours) {
		r.errorf(field, "must be a number of hours above 0 and at most %d", MaxCapacityTTLHours)
	}
}
