package search

import (
	"math"
	"time"

	"handoff/directory"
)

// A capacity figure expires (directory/capacity_age.go). The index is written when a
// listing changes but a figure expires while nothing changes, so the index stores what
// expiry needs (the oldest figure's time and the TTL the service gives) and each search
// compares it with the query's instant: no database read, no reindex at midnight.

// age folds one counted figure into the sum's expiry facts.
func (c *capFacts) age(x *directory.Capacity, first bool) {
	t, ok := directory.CapacityUpdated(x)
	switch {
	case !ok:
		c.undated = true // an undated part: the sum is never current
		c.Oldest = ""
	case c.undated:
	case first:
		c.Oldest = t.UTC().Format(time.RFC3339)
	default:
		if s := t.UTC().Format(time.RFC3339); s < c.Oldest {
			c.Oldest = s
		}
	}
	if x.TTLHours != nil {
		ttl := int64(directory.CapacityTTL(x, time.Hour) / time.Second)
		if c.TTL == 0 || ttl < c.TTL {
			c.TTL = ttl
		}
	}
}

// observationFacts keeps what a result shows of a peer's observation.
func observationFacts(o *directory.CapacityObservation) *obsFacts {
	if o == nil || o.Available == nil {
		return nil
	}
	return &obsFacts{Available: *o.Available, Maximum: o.Maximum, Unit: o.Unit, At: o.ObservedAt, By: o.Observer}
}

// observation is a peer's phone call in memory.
type observation struct {
	available, maximum float32 // maximum NaN: not said
	unit, by           string
	at                 int64 // Unix seconds
}

// capSources are the figure sources as entry bytes (0: not said).
var capSources = []string{"", directory.CapacitySourcePortal, directory.CapacitySourceLink,
	directory.CapacitySourceImport, directory.CapacitySourceAPI}

func sourceByte(s string) uint8 {
	for i, x := range capSources {
		if x == s && i > 0 {
			return uint8(i)
		}
	}
	return 0
}

// capTTL is the entry's TTL: its own, or the engine's default.
func (rk *ranker) capTTL(e *entry) time.Duration {
	if e.capTTL > 0 {
		return time.Duration(e.capTTL) * time.Second
	}
	return rk.defaultTTL
}

// capExpired reports whether the entry's counted figures are past their TTL at the
// query's instant: then the count and the status it decides are unknown. A status said
// without any count has no age and does not expire.
func (rk *ranker) capExpired(e *entry) bool {
	if math.IsNaN(float64(e.capAvail)) {
		return false
	}
	if e.capOldest == 0 {
		return true
	}
	return !directory.CapacityCurrent(unixTime(e.capOldest), rk.capTTL(e), rk.q.At)
}

// hasRoom is the available filter at the query's instant: room, by a figure not expired.
func (rk *ranker) hasRoom(e *entry) bool {
	return e.hasRoom() && !rk.capExpired(e)
}

// observationOf is the hit's observation while it holds (it expires with the service's
// TTL, as the agency's figures do), else nil.
func (rk *ranker) observationOf(e *entry) *Observation {
	o := e.obs
	if o == nil {
		return nil
	}
	at := unixTime(o.at)
	ttl := rk.capTTL(e)
	if !directory.CapacityCurrent(at, ttl, rk.q.At) {
		return nil
	}
	out := &Observation{Available: float64(o.available), Unit: o.unit, At: at, Expires: at.Add(ttl)}
	if rk.q.NameObservers {
		out.By = o.by
	}
	if out.Unit == "" {
		out.Unit = e.capUnit
	}
	if !math.IsNaN(float64(o.maximum)) {
		m := float64(o.maximum)
		out.Maximum = &m
	}
	return out
}

// capacityOf is the hit's capacity as of the query's instant.
func (rk *ranker) capacityOf(e *entry) *Capacity {
	if e.capStatus == capUnknown && math.IsNaN(float64(e.capAvail)) {
		return nil
	}
	c := &Capacity{Status: capCodes[e.capStatus], Unit: e.capUnit, Source: capSources[e.capSource]}
	if !math.IsNaN(float64(e.capAvail)) {
		v := float64(e.capAvail)
		c.Available = &v
		if e.capOldest != 0 {
			x := unixTime(e.capOldest).Add(rk.capTTL(e))
			c.Expires = &x
		}
		if rk.capExpired(e) {
			c.Expired, c.Status = true, ""
		}
	}
	if !math.IsNaN(float64(e.capMax)) {
		v := float64(e.capMax)
		c.Maximum = &v
	}
	if e.capUpdate != 0 {
		t := unixTime(e.capUpdate)
		c.Updated = &t
	}
	return c
}
