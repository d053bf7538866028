package care

import (
	"context"
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"handoff/directory"
	"handoff/geo"
)

// Locate fills in where an encounter happened. A point given as lat/lon is kept and its
// town derived from the town boundaries; otherwise Address (a street address, ZIP code or
// town name) is geocoded and its point, town and precision kept; otherwise a Town alone is
// resolved to its inside point. Address is cleared afterwards: the point is what the
// program needs, and an address kept in clear is more personal data than it needs.
//
// towns answers which town contains a point; gc resolves addresses (the gazetteer when
// nil). An address that cannot be resolved is a field error, not a server error.
func Locate(ctx context.Context, e *Encounter, towns *geo.Gazetteer, gc geo.Geocoder) error {
	if towns == nil {
		towns = geo.Default()
	}
	if gc == nil {
		gc = towns
	}
	switch {
	case e.Lat != nil && e.Lon != nil:
		if !validLatLon(*e.Lat, *e.Lon) {
			return nil // ValidateEncounter reports it
		}
		e.LocationPrecision = PrecisionPoint
		if t, ok := towns.TownAt(orb.Point{*e.Lon, *e.Lat}); ok {
			e.Town = t.Name
		}
	case e.Address != "" || e.Town != "":
		q := e.Address
		fieldName := "address"
		if q == "" {
			q, fieldName = e.Town, "town"
		}
		pl, err := gc.Geocode(ctx, q)
		var amb *geo.AmbiguousError
		var nf *geo.NotFoundError
		switch {
		case errors.As(err, &amb):
			return directory.FieldErrors{{Field: fieldName, Message: "more than one place: say which, with its state: " + geo.JoinCandidates(amb.Candidates, "; ")}}
		case errors.As(err, &nf) && len(nf.Suggestions) > 0:
			return directory.FieldErrors{{Field: fieldName, Message: "no such place; did you mean " + geo.JoinCandidates(nf.Suggestions, " or ") + "?"}}
		case errors.Is(err, geo.ErrNotFound):
			return directory.FieldErrors{{Field: fieldName, Message: "no such place: give lat/lon, a ZIP code or a US town or city"}}
		case err != nil:
			return fmt.Errorf("care: locate encounter: %w", err)
		}
		lat, lon := pl.Point[1], pl.Point[0]
		e.Lat, e.Lon = &lat, &lon
		e.Town = pl.Town
		switch pl.Kind {
		case geo.KindZIP:
			e.LocationPrecision = PrecisionZIP
		case geo.KindTown:
			e.LocationPrecision = PrecisionTown
		default:
			e.LocationPrecision = PrecisionPoint
		}
		if e.Town == "" {
			if t, ok := towns.TownAt(pl.Point); ok {
				e.Town = t.Name
			}
		}
	default:
		e.LocationPrecision = PrecisionNone
	}
	e.Address = ""
	return nil
}
