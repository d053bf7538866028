package directory

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

// TestStampCapacitiesSource: a figure the server dates now is credited to the writer; an
// unchanged one keeps its stored source; the client's own source is never kept.
func TestStampCapacitiesSource(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 30, 0, 0, time.UTC)
	stale := "2026-11-20T06:00:00-05:00"
	old := []Capacity{
		{ID: "beds", Available: ptr(0), Updated: stale, Source: CapacitySourceImport},
		{ID: "chairs", Available: ptr(2), Updated: stale, Source: CapacitySourceImport},
	}
	caps := []Capacity{
		{ID: "beds", Available: ptr(0), Source: CapacitySourcePortal},
		{ID: "chairs", Available: ptr(3), Source: CapacitySourceImport},
		{ID: "new", Available: ptr(1), Source: CapacitySourcePhone},
	}
	StampCapacitiesFrom(caps, old, now, CapacitySourceLink)
	for i, want := range []string{CapacitySourceImport, CapacitySourceLink, CapacitySourceLink} {
		if caps[i].Source != want {
			t.Errorf("%s: source %q, want %q", caps[i].ID, caps[i].Source, want)
		}
	}
	StampCapacities(caps[2:], nil, now)
	if caps[2].Source != CapacitySourceAPI {
		t.Errorf("through the API: source %q", caps[2].Source)
	}
}

// TestCapacityTTL: a figure's own ttl_hours, else the default; expiry at updated + TTL.
func TestCapacityTTL(t *testing.T) {
	h := func(v float64) *float64 { return &v }
	for _, tt := range []struct {
		own  *float64
		def  time.Duration
		want time.Duration
	}{
		{nil, 0, DefaultCapacityTTL},
		{nil, 6 * time.Hour, 6 * time.Hour},
		{h(72), 6 * time.Hour, 72 * time.Hour},
		{h(0.5), 0, 30 * time.Minute},
		{h(-1), 6 * time.Hour, 6 * time.Hour},
		{h(math.NaN()), 0, DefaultCapacityTTL},
	} {
		if got := CapacityTTL(&Capacity{TTLHours: tt.own}, tt.def); got != tt.want {
			t.Errorf("ttl_hours %v, default %v: %v, want %v", tt.own, tt.def, got, tt.want)
		}
	}
	up := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	if !CapacityCurrent(up, 24*time.Hour, up.Add(23*time.Hour)) || CapacityCurrent(up, 24*time.Hour, up.Add(24*time.Hour)) {
		t.Error("a figure holds for its TTL and no longer")
	}
	if _, ok := CapacityUpdated(&Capacity{}); ok {
		t.Error("a figure without a time has one")
	}
}

// TestCapacityTTLValidated: a ttl_hours that is not a positive number of hours up to a
// year is refused, naming the field.
func TestCapacityTTLValidated(t *testing.T) {
	for _, v := range []float64{0, -3, MaxCapacityTTLHours + 1} {
		s := Service{ID: NewID(), Name: "Shelter", Status: "active",
			Capacities: []Capacity{{ID: NewID(), Available: ptr(1), TTLHours: &v}}}
		chk := ValidateService(&s)
		if !slices.ContainsFunc(chk.Errors, func(e FieldError) bool { return e.Field == "capacities[0].ttl_hours" }) {
			t.Errorf("ttl_hours %v: %v", v, chk.Errors)
		}
	}
	ok := 12.0
	s := Service{ID: NewID(), Name: "Shelter", Status: "active", Capacities: []Capacity{{ID: NewID(), Available: ptr(1), TTLHours: &ok}}}
	if chk := ValidateService(&s); len(chk.Errors) > 0 {
		t.Errorf("ttl_hours 12: %v", chk.Errors)
	}
}

// TestValidateCapacityObservation: what a peer heard is a whole count from 0, not above
// the maximum said, with a short unit and note; each error names its field.
func TestValidateCapacityObservation(t *testing.T) {
	long := func(n int) string { return string(make([]rune, n)) }
	for _, tt := range []struct {
		o     CapacityObservation
		field string
	}{
		{CapacityObservation{Available: ptr(2), Maximum: ptr(10), Unit: "bed", Note: "Called at 2 a.m."}, ""},
		{CapacityObservation{Available: ptr(0)}, ""},
		{CapacityObservation{}, "available"},
		{CapacityObservation{Available: ptr(-1)}, "available"},
		{CapacityObservation{Available: ptr(1.5)}, "available"},
		{CapacityObservation{Available: ptr(math.Inf(1))}, "available"},
		{CapacityObservation{Available: ptr(1e9)}, "available"},
		{CapacityObservation{Available: ptr(5), Maximum: ptr(3)}, "available"},
		{CapacityObservation{Available: ptr(1), Maximum: ptr(-3)}, "maximum"},
		{CapacityObservation{Available: ptr(1), Unit: "bedsbedsbedsbedsbedsbedsbedsbedsbedsbeds!"}, "unit"},
		{CapacityObservation{Available: ptr(1), Unit: "bed\n"}, "unit"},
		{CapacityObservation{Available: ptr(1), Note: "x" + long(500)}, "note"},
	} {
		err := ValidateCapacityObservation(&tt.o)
		var fe FieldErrors
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%+v refused: %v", tt.o, err)
		case tt.field != "" && (!errors.As(err, &fe) || !slices.ContainsFunc(fe, func(e FieldError) bool { return e.Field == tt.field })):
			t.Errorf("%+v: %v, want an error naming %s", tt.o, err, tt.field)
		}
	}
	if FirstName("  Ana  Lima ") != "Ana" || FirstName(" ") != "a peer" {
		t.Error("FirstName")
	}
}
