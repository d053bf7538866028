package geo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Place is a resolved location.
type Place struct {
	Point orb.Point
	Kind  string // "zip", "town" or "point"
	Label string // "Holyoke" (a home town), "Hialeah, FL" (elsewhere) or "01040"
	Town  string // the home region's town containing Point, if any
	State string // the state code, when known ("MA", "FL")
}

// Place kinds, so callers can say how precise a match was ("near 01040" vs
// "in Holyoke") without comparing free strings. A named place of any kind (a home
// town, a Census place, a post-office name, a county) is KindTown.
const (
	KindZIP   = "zip"
	KindTown  = "town"
	KindPoint = "point"
)

// Geocoder turns what a user typed ("01040", "Holyoke", "Holyoke, MA") into
// a point. It is an interface so production deployments can plug in a street
// address geocoder while tests and offline installs use the Gazetteer.
type Geocoder interface {
	Geocode(ctx context.Context, query string) (Place, error)
}

// ErrNotFound is returned (wrapped) by Geocode when nothing matches, so
// callers can answer 404/"try a ZIP" rather than 500. Test with errors.Is;
// errors.As with *NotFoundError gives the suggestions, if any.
var ErrNotFound = errors.New("geo: place not found")

// ErrAmbiguous is returned (wrapped in *AmbiguousError) when a bare name is several
// places and none stands out: the caller should ask which.
var ErrAmbiguous = errors.New("geo: place name is ambiguous")

// Candidate is a place a query may have meant: one of an ambiguous name's namesakes,
// or a suggestion for a name that was not found.
type Candidate struct {
	Name       string
	State      string
	Point      orb.Point
	Population int // 0: unknown
}

// String is "Springfield, IL", the form people and the API show.
func (c Candidate) String() string { return c.Name + ", " + c.State }

// NotFoundError is a query that matched nothing, with the closest names (by edit
// distance) when some are close enough: "did you mean Holyoke, MA?".
type NotFoundError struct {
	Query       string
	Suggestions []Candidate
}

func (e *NotFoundError) Error() string {
	if len(e.Suggestions) == 0 {
		return fmt.Sprintf("%v: %q", ErrNotFound, e.Query)
	}
	return fmt.Sprintf("%v: %q; did you mean %s?", ErrNotFound, e.Query, JoinCandidates(e.Suggestions, " or "))
}

// Unwrap makes errors.Is(err, ErrNotFound) hold.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// AmbiguousError is a bare name with several places, best ranked first (the largest
// population first; places of unknown population after them).
type AmbiguousError struct {
	Query      string
	Candidates []Candidate
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%v: %q is %s", ErrAmbiguous, e.Query, JoinCandidates(e.Candidates, "; "))
}

// Unwrap makes errors.Is(err, ErrAmbiguous) hold.
func (e *AmbiguousError) Unwrap() error { return ErrAmbiguous }

// maxListed bounds the candidates a message names ("Washington County" is in 30
// states); the error keeps them all.
const maxListed = 8

// JoinCandidates renders candidates for a message, the first few of a long list and
// how many more.
func JoinCandidates(cs []Candidate, sep string) string {
	var parts []string
	for i, c := range cs {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("%d more", len(cs)-maxListed))
			break
		}
		parts = append(parts, c.String())
	}
	return strings.Join(parts, sep)
}

var _ Geocoder = (*Gazetteer)(nil)

// Geocode resolves a ZIP code first, then a place name (Resolve); a "lat,lon" pair
// (as a phone's location share gives it) is also accepted and returned as Kind
// "point". A ZIP code is answered with its Census ZCTA point, or, for a ZIP that is
// not a ZCTA (a PO box), with GeoNames' rough point. Something shaped like a ZIP that
// is not a known one is not retried as a name. The context is honoured only for
// cancellation, since the lookup itself is in memory.
func (g *Gazetteer) Geocode(ctx context.Context, q string) (Place, error) {
	if err := ctx.Err(); err != nil {
		return Place{}, err
	}
	q = strings.TrimSpace(q)
	if z, ok := normalizeZIP(q); ok {
		return g.zipPlace(z)
	}
	if p, ok := parseLatLon(q); ok {
		label := strconv.FormatFloat(p[1], 'f', -1, 64) + "," + strconv.FormatFloat(p[0], 'f', -1, 64)
		return g.place(p, KindPoint, label, ""), nil
	}
	// "…, Springfield MA 01104": an address's trailing ZIP says more than its town.
	if f := strings.Fields(q); len(f) > 1 {
		if z, ok := normalizeZIP(f[len(f)-1]); ok {
			if pl, err := g.zipPlace(z); err == nil {
				return pl, nil
			}
		}
	}
	return g.Resolve(q)
}

func (g *Gazetteer) zipPlace(z string) (Place, error) {
	info, ok := g.nat.zips[z]
	if !ok {
		return Place{}, &NotFoundError{Query: "ZIP " + z}
	}
	return g.place(info.Point, KindZIP, z, info.State), nil
}

func (g *Gazetteer) place(p orb.Point, kind, label, state string) Place {
	pl := Place{Point: p, Kind: kind, Label: label, State: state}
	if t, ok := g.TownAt(p); ok {
		pl.Town = t.Name
		if pl.State == "" {
			pl.State = g.home
		}
	}
	return pl
}

// parseLatLon reads "42.2,-72.6" in the latitude-first order people and map
// apps use, and returns it in orb's [lon, lat] order.
func parseLatLon(s string) (orb.Point, bool) {
	latS, lonS, ok := strings.Cut(s, ",")
	if !ok {
		return orb.Point{}, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(latS), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(lonS), 64)
	if err1 != nil || err2 != nil || !validLonLat(lon, lat) {
		return orb.Point{}, false
	}
	return orb.Point{lon, lat}, true
}
