package search

import (
	"time"

	"handoff/directory"
)

// Result is one page of a search.
type Result struct {
	Total   int
	Page    int
	PerPage int
	Hits    []Hit
	Facets  Facets
	// Relaxed: no listing matched every word, so these match some of them.
	Relaxed bool
	// Plan is how the words were read: each group with the words it also matched.
	Plan []PlanGroup
}

// PlanGroup is one word or phrase of the query and what it was widened to.
type PlanGroup struct {
	Typed string   `json:"typed"`
	Also  []string `json:"also,omitempty"`
}

// Hit is one result: a service at a location (or in its area).
type Hit struct {
	Key       string
	ServiceID string
	// View is the pre-rendered JSON object {"service": …, "location": …}.
	View []byte
	// DistanceKm is the distance from the query's point to the location; nil without a
	// point, and for services found through their service area without a site.
	DistanceKm *float64
	// ServesArea: found because its service area contains the point.
	ServesArea bool
	Score      float64
	Open       directory.OpenState
	Capacity   *Capacity
	// Observation is what a peer heard by phone, while it holds; never part of Capacity.
	Observation *Observation
	Why         []string
}

// Capacity is a result's capacity with its age: a figure is never shown without it.
type Capacity struct {
	Status    string     `json:"status,omitempty"`
	Available *float64   `json:"available,omitempty"`
	Maximum   *float64   `json:"maximum,omitempty"`
	Unit      string     `json:"unit,omitempty"`
	Updated   *time.Time `json:"updated,omitempty"`
	// Expired: the count is past its time-to-live at the query's instant, so it is shown
	// as unknown (with what it said and when) and the available filter does not count it.
	// Status is then "", since the count decided it.
	Expired bool
	// Expires is when the count stops holding (nil when it has no time).
	Expires *time.Time
	// Source is who gave the newest figure (directory.CapacitySource*; "" not said).
	Source string
}

// Observation is a capacity a peer heard when they called the service: "2 beds left,
// said by phone to Ana 40 min ago". It expires with the service's capacity TTL.
type Observation struct {
	Available float64
	Maximum   *float64
	Unit      string
	// By is the observer's first name (a staff member, never a person served).
	By      string
	At      time.Time
	Expires time.Time
}
