package api

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"handoff/geo"
	"handoff/search"
)

// TestReadPlace: the one reading of a place that /api/v1/search and /api/v1/match share.
func TestReadPlace(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		name   string
		in     placeInput
		fields string // the fields named, sorted; "" for none
		point  bool
		where  string
		radius float64
	}{
		{name: "nothing: a search may say no place", in: placeInput{}},
		{name: "nothing: a match must say where", in: placeInput{Required: true}, fields: "near"},
		{name: "a town", in: placeInput{Near: "Holyoke", RadiusKm: f(15)}, point: true, where: "Holyoke", radius: 15},
		{name: "a point", in: placeInput{Lat: f(42.2), Lon: f(-72.6)}, point: true},
		{name: "lat without lon", in: placeInput{Lat: f(42.2), Required: true}, fields: "lat"},
		{name: "near and lat", in: placeInput{Near: "Holyoke", Lat: f(42.2), Lon: f(-72.6)}, fields: "near"},
		{name: "an unknown place", in: placeInput{Near: "Xyzzyville"}, fields: "near"},
		{name: "a place in another state", in: placeInput{Near: "Springfield, IL"}, point: true, where: "Springfield, IL"},
		{name: "several places", in: placeInput{Near: "Portland"}, fields: "near"},
		{name: "a typo", in: placeInput{Near: "Holyok"}, fields: "near"},
		{name: "a place too long to look up", in: placeInput{Near: strings.Repeat("a", maxNearLen+1)}, fields: "near"},
		{name: "out of the world", in: placeInput{Lat: f(91), Lon: f(-181)}, fields: "lat,lon"},
		{name: "radius beyond the search's limit", in: placeInput{Near: "Holyoke", RadiusKm: f(search.MaxRadiusKm + 1)}, fields: "radius_km", point: true, where: "Holyoke"},
		{name: "radius at the limit", in: placeInput{Near: "01040", RadiusKm: f(search.MaxRadiusKm)}, point: true, where: "01040", radius: search.MaxRadiusKm},
		{name: "radius too small", in: placeInput{Lat: f(42.2), Lon: f(-72.6), RadiusKm: f(search.MinRadiusKm / 2)}, fields: "radius_km", point: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var q search.Query
			var errs fieldErrs
			where := readPlace(context.Background(), geo.Default(), c.in, &q, &errs)
			var fields []string
			for _, e := range errs.errs {
				fields = append(fields, e.Field)
			}
			sort.Strings(fields)
			if got := strings.Join(fields, ","); got != c.fields {
				t.Errorf("fields %q, want %q: %v", got, c.fields, errs.errs)
			}
			if (q.Point != nil) != c.point {
				t.Errorf("point %v, want one: %v", q.Point, c.point)
			}
			label := ""
			if where != nil {
				label = where.Label
			}
			if label != c.where || q.RadiusKm != c.radius {
				t.Errorf("near %q radius %v, want %q %v", label, q.RadiusKm, c.where, c.radius)
			}
		})
	}
}

// TestStrictJSON: a strict body names a member it does not take; a plain one ignores it.
func TestStrictJSON(t *testing.T) {
	var v struct {
		Near string `json:"near"`
	}
	if err := decodeJSONObject([]byte(`{"near":"Holyoke","surprise":1}`), &v, false); err != nil || v.Near != "Holyoke" {
		t.Errorf("plain: %v %q", err, v.Near)
	}
	err := decodeJSONObject([]byte(`{"near":"Holyoke","surprise":1}`), &v, true)
	var p *Problem
	if !errors.As(err, &p) || !strings.Contains(p.Detail, `"surprise"`) || len(p.Errors) != 1 || p.Errors[0].Field != "body" {
		t.Errorf("strict: %v", err)
	}
}
