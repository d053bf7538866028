package api

import (
	"context"
	"errors"

	"github.com/paulmach/orb"

	"handoff/geo"
	"handoff/search"
)

// placeInput is where a person is, as a request gives it: a place to look up (near, a
// ZIP or a town) or a point (lat and lon), and how far to look. /api/v1/search reads it
// from the query string, /api/v1/match from its body; both resolve it with readPlace,
// so that the two answer the same place the same way.
type placeInput struct {
	Near     string
	Lat, Lon *float64
	RadiusKm *float64 // nil: the search package's default
	// Required: the request must say where (a match does; a search need not).
	Required bool
}

// The bounds of the place fields. The radius comes from the search package, which
// caps it.
const (
	maxNearLen = 100
	minLat     = -90.0
	maxLat     = 90.0
	minLon     = -180.0
	maxLon     = 180.0
)

// readPlace checks in, geocodes near with g, and sets the query's point and radius. It
// returns the place near resolved to (nil for a point or no place), and names every bad
// field in errs.
func readPlace(ctx context.Context, g geo.Geocoder, in placeInput, q *search.Query, errs *fieldErrs) *geo.Place {
	if in.RadiusKm != nil && errs.inRange("radius_km", *in.RadiusKm, search.MinRadiusKm, search.MaxRadiusKm) {
		q.RadiusKm = *in.RadiusKm
	}
	hasLat, hasLon := in.Lat != nil, in.Lon != nil
	if hasLat != hasLon {
		errs.fail("lat", "lat and lon go together")
	}
	switch {
	case in.Near != "" && (hasLat || hasLon):
		errs.fail("near", "give either near or lat and lon, not both")
	case in.Near != "":
		if len(in.Near) > maxNearLen {
			errs.fail("near", "is too long")
			return nil
		}
		pl, err := g.Geocode(ctx, in.Near)
		var amb *geo.AmbiguousError
		var nf *geo.NotFoundError
		switch {
		case errors.As(err, &amb):
			errs.unprocessable("near", map[string]any{"candidates": candidates(amb.Candidates)},
				"%q is more than one place: say which, with its state: %s", in.Near, geo.JoinCandidates(amb.Candidates, "; "))
			return nil
		case errors.As(err, &nf) && len(nf.Suggestions) > 0:
			errs.unprocessable("near", map[string]any{"suggestions": candidates(nf.Suggestions)},
				"%q is not a known ZIP code or US place; did you mean %s?", in.Near, geo.JoinCandidates(nf.Suggestions, " or "))
			return nil
		case errors.Is(err, geo.ErrNotFound):
			errs.fail("near", "%q is not a known ZIP code or US place", in.Near)
			return nil
		case err != nil:
			errs.fail("near", "could not be looked up: %v", err)
			return nil
		}
		pt := pl.Point
		q.Point = &pt
		return &pl
	case hasLat && hasLon:
		okLat := errs.inRange("lat", *in.Lat, minLat, maxLat)
		okLon := errs.inRange("lon", *in.Lon, minLon, maxLon)
		if okLat && okLon {
			q.Point = &orb.Point{*in.Lon, *in.Lat}
		}
	case in.Required && !hasLat && !hasLon:
		errs.fail("near", "say where the person is: near (a ZIP or a town) or lat and lon")
	}
	return nil
}

// placeChoice is one place a 422 offers for near=: what to send back (label) and where
// it is, so that a page can list the choices or put them on a map.
type placeChoice struct {
	Label      string  `json:"label"`
	Name       string  `json:"name"`
	State      string  `json:"state"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Population *int    `json:"population,omitempty"`
}

func candidates(cs []geo.Candidate) []placeChoice {
	out := make([]placeChoice, len(cs))
	for i, c := range cs {
		out[i] = placeChoice{Label: c.String(), Name: c.Name, State: c.State, Lat: c.Point.Lat(), Lon: c.Point.Lon()}
		if c.Population > 0 {
			out[i].Population = &cs[i].Population
		}
	}
	return out
}
