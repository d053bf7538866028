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
	Label string // e.g. "Holyoke" or "01040"
	Town  string // the MA town containing Point, if any
}

// Place kinds, so callers can say how precise a match was ("near 01040" vs
// "in Holyoke") without comparing free strings.
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
// callers can answer 404/"try a ZIP" rather than 500. Test with errors.Is.
var ErrNotFound = errors.New("geo: place not found")

var _ Geocoder = (*Gazetteer)(nil)

// Geocode resolves a ZIP code first, then a Massachusetts town name; a
// "lat,lon" pair (as a phone's location share gives it) is also accepted and
// returned as Kind "point". Something shaped like a ZIP that is not a known
// ZCTA is not retried as a town name. The context is honoured only for
// cancellation, since the lookup itself is in memory.
func (g *Gazetteer) Geocode(ctx context.Context, q string) (Place, error) {
	if err := ctx.Err(); err != nil {
		return Place{}, err
	}
	q = strings.TrimSpace(q)
	if z, ok := normalizeZIP(q); ok {
		p, ok := g.zips[z]
		if !ok {
			return Place{}, fmt.Errorf("%w: ZIP %s", ErrNotFound, z)
		}
		return g.place(p, KindZIP, z), nil
	}
	if t, ok := g.Town(q); ok {
		return Place{Point: t.Centroid, Kind: KindTown, Label: t.Name, Town: t.Name}, nil
	}
	if p, ok := parseLatLon(q); ok {
		label := strconv.FormatFloat(p[1], 'f', -1, 64) + "," + strconv.FormatFloat(p[0], 'f', -1, 64)
		return g.place(p, KindPoint, label), nil
	}
	return Place{}, fmt.Errorf("%w: %q", ErrNotFound, q)
}

func (g *Gazetteer) place(p orb.Point, kind, label string) Place {
	pl := Place{Point: p, Kind: kind, Label: label}
	if t, ok := g.TownAt(p); ok {
		pl.Town = t.Name
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
