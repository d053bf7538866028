package care

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"handoff/directory"
	"handoff/geo"
)

// Locate fills in where an encounter happened. A point given as lat/lon is kept and its
// town derived from the town boundaries; otherwise Address (a ZIP code, town name or
// anything the geocoder resolves) is geocoded and its point, town and precision kept;
// otherwise a Town alone is resolved to its inside point; otherwise a StreetAddress is
// geocoded when the geocoder knows streets, and else places the encounter by itself
// (PrecisionStreet); otherwise LocationUnknown gives PrecisionUnknown. Address is
// cleared afterwards (StreetAddress is kept, sealed by the store): the point is what
// the program needs, and a query kept in clear is more personal data than it needs.
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
	case e.StreetAddress != "":
		pl, err := gc.Geocode(ctx, e.StreetAddress)
		switch {
		case errors.Is(err, geo.ErrNotFound), err == nil && pl.Kind != geo.KindPoint:
			// The offline gazetteer knows no streets: the address itself places it, in
			// the town its text names, if any (so that 12 Main St of two towns differ).
			e.LocationPrecision = PrecisionStreet
			if e.Town == "" {
				e.Town = townInAddress(ctx, e.StreetAddress, gc)
			}
		case err != nil:
			return fmt.Errorf("care: locate encounter: %w", err)
		default:
			lat, lon := pl.Point[1], pl.Point[0]
			e.Lat, e.Lon = &lat, &lon
			e.LocationPrecision = PrecisionPoint
			e.Town = pl.Town
		}
	case e.LocationUnknown:
		e.LocationPrecision = PrecisionUnknown
	default:
		e.LocationPrecision = PrecisionNone
	}
	e.Address = ""
	return nil
}

// townInAddress finds the town a street address names after its street: a ZIP code
// ("…, 01040") or a town ("…, Holyoke, MA"), resolved by gc; "" when none is found.
func townInAddress(ctx context.Context, street string, gc geo.Geocoder) string {
	parts := strings.Split(street, ",")
	for _, f := range strings.Fields(strings.Join(parts[1:], " ")) {
		if len(f) >= 5 && strings.Trim(f[:5], "0123456789") == "" {
			if pl, err := gc.Geocode(ctx, f[:5]); err == nil && pl.Town != "" {
				return pl.Town
			}
		}
	}
	for _, p := range parts[1:] {
		p = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p), "MA")), ","))
		if p == "" {
			continue
		}
		if pl, err := gc.Geocode(ctx, p); err == nil && pl.Kind == geo.KindTown {
			return pl.Town
		}
	}
	return ""
}
