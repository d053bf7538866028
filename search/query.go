package search

import (
	"errors"
	"time"

	"github.com/paulmach/orb"
)

// Sort orders.
const (
	SortRelevance = "relevance" // relevance blended with distance, lifted by hours, room and freshness
	SortDistance  = "distance"
	SortName      = "name"
)

// Limits of a query.
const (
	DefaultPerPage  = 20
	MaxPerPage      = 1000
	DefaultRadiusKm = 25.0
	MinRadiusKm     = 0.01 // ten metres: the smallest radius worth asking for; callers refuse less as a slip
	MaxRadiusKm     = 500.0
	maxWindow       = 10_000 // page × per_page: deeper paging is a scraper, not a peer
)

// Query is one search. The zero value finds every active listing.
type Query struct {
	Text string
	// Point and RadiusKm: listings within the radius, or whose service area contains the
	// point. RadiusKm 0 means DefaultRadiusKm.
	Point    *orb.Point
	RadiusKm float64
	// Bound limits results to a map rectangle (listings with a location only).
	Bound *orb.Bound

	Needs          []string // any of these handoff:need codes
	Levels         []string // any of these handoff:level_of_care codes
	Languages      []string // any of these language codes
	Free           bool
	WalkIn         bool
	OpenNow        bool
	Available      bool // capacity status "capacity", or a unit free, by a figure not expired
	Age            *float64
	Organization   string
	TaxonomyTermID string
	TaxonomyID     string
	// IncludeInactive also finds inactive, defunct and temporarily closed listings.
	IncludeInactive bool
	// At is the instant "open now" is asked about; zero means now.
	At time.Time
	// Lang is the language the explanations (Hit.Why) are written in: one of
	// i18n.Locales; empty means English.
	Lang string

	Sort    string // SortRelevance (default), SortDistance or SortName
	Page    int    // from 1
	PerPage int
	// ByService returns one result per service (its first location found), for lists of
	// services rather than of places.
	ByService bool
	// Explain adds why each result matched.
	Explain bool
	// NameObservers names the peer who heard a capacity by phone (a staff member's first
	// name); otherwise the result says "a peer". Set for signed-in staff only.
	NameObservers bool
	// SitesOnly leaves out services found only through their area or their text: lists
	// of places.
	SitesOnly bool
}

// ErrBadQuery wraps the reasons a query cannot run.
var ErrBadQuery = errors.New("search: bad query")

// normalized fills defaults and checks what the HTTP layer cannot know.
func (q Query) normalized(now time.Time) (Query, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = DefaultPerPage
	}
	if q.PerPage > MaxPerPage {
		q.PerPage = MaxPerPage
	}
	if q.Page*q.PerPage > maxWindow {
		return q, errors.Join(ErrBadQuery, errors.New("page is beyond the first 10,000 results"))
	}
	if q.Sort == "" {
		q.Sort = SortRelevance
	}
	if q.Sort == SortDistance && q.Point == nil {
		return q, errors.Join(ErrBadQuery, errors.New("sort=distance needs a place to measure from"))
	}
	if q.Point != nil && q.RadiusKm <= 0 {
		q.RadiusKm = DefaultRadiusKm
	}
	if q.RadiusKm > MaxRadiusKm {
		q.RadiusKm = MaxRadiusKm
	}
	if q.At.IsZero() {
		q.At = now
	}
	return q, nil
}
