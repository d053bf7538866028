package measures

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures/deid"
)

func repeatQuery() RepeatQuery {
	zone := care.DefaultZone()
	return RepeatQuery{From: time.Date(2026, 1, 1, 0, 0, 0, 0, zone), To: time.Date(2026, 4, 1, 0, 0, 0, 0, zone), MinCalls: 1, Zone: zone}
}

var feb = time.Date(2026, 2, 10, 14, 0, 0, 0, care.DefaultZone())

func TestRepeatStreetIsNotOnePlace(t *testing.T) {
	// Twenty calls 60 m apart along a street: single linkage made them the top place.
	var calls []Call
	for i := range 20 {
		calls = append(calls, call("s", "", feb.Add(time.Duration(i)*time.Hour), float64(i)*60, 0))
	}
	r := RepeatLocations(repeatQuery(), calls, nil, nil)
	if r.PlacesTotal != 20 || r.Places[0].Calls != 1 || r.DiameterM != DefaultDiameterM || r.RadiusM != DefaultDiameterM/2 {
		t.Fatalf("a street of calls 60 m apart: %d places, the largest of %d calls (diameter %v)", r.PlacesTotal, r.Places[0].Calls, r.DiameterM)
	}
	q := repeatQuery()
	q.MinCalls = 2
	if r := RepeatLocations(q, calls, nil, nil); r.RepeatCalls != 0 || len(r.Places) != 0 {
		t.Errorf("a street of single calls made repeat places: %+v", r.Places)
	}
}

func TestRepeatJitteredBuildingIsOnePlace(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var calls []Call
	for i := range 30 {
		calls = append(calls, call("b", "p", feb.Add(time.Duration(i)*time.Hour), (r.Float64()*2-1)*15, (r.Float64()*2-1)*15))
	}
	// Five decimals, as the encounter form keeps a phone's position, move no fix out.
	for i := range calls {
		calls[i].Lat, calls[i].Lon = round(calls[i].Lat, 5), round(calls[i].Lon, 5)
	}
	rep := RepeatLocations(repeatQuery(), calls, nil, nil)
	if rep.PlacesTotal != 1 || rep.Places[0].Calls != 30 {
		t.Fatalf("30 fixes of one building (±15 m) made %d places: %+v", rep.PlacesTotal, rep.Places)
	}
}

func TestRepeatAddressesAndNotPlaced(t *testing.T) {
	// One building by its address: "Apt 3", "#3B", "Unit 3" are one key (care.AddressKey);
	// one call has a point 40 m off, one has none. A second building 30 m away with
	// its own address stays apart only by address when the points would not join it.
	a := call("a1", "p1", feb, 0, 0)
	a.AddressKey, a.Address = "k1", "12 MAIN ST"
	b := call("a2", "p2", feb.Add(time.Hour), 40, 0)
	b.AddressKey, b.Address = "k1", "12 MAIN ST"
	c := Call{EncounterID: "a3", At: feb.Add(2 * time.Hour), Inexact: InexactTown, Town: "Holyoke", AddressKey: "k1", Address: "12 MAIN ST"}
	zip := Call{EncounterID: "z1", At: feb, Inexact: InexactZIP, Town: "Holyoke"}
	town := Call{EncounterID: "z2", At: feb, Inexact: InexactTown, Town: "Chicopee"}
	unknown := Call{EncounterID: "z3", At: feb, Inexact: InexactUnknown}
	r := RepeatLocations(repeatQuery(), []Call{a, b, c, zip, town, unknown}, nil, nil)
	if r.PlacesTotal != 1 || r.Places[0].Calls != 3 || r.Places[0].Address != "12 MAIN ST" || r.Calls != 3 {
		t.Fatalf("one address with three unit strings: %+v", r.Places)
	}
	np := r.NotPlacedExactly
	if np.Calls != 3 || np.ZIP != 1 || np.Town != 1 || np.Unknown != 1 || len(np.Towns) != 3 {
		t.Errorf("not placed exactly %+v", np)
	}
	// Under the one rule (JSON and CSV alike): the not-placed calls are their own table,
	// and a place of three calls loses its address with its count.
	var csv strings.Builder
	rep := r.Deid(time.UTC)
	deid.Rule{Min: deid.DefaultMin}.Apply(rep)
	if err := rep.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	out := csv.String()
	if !strings.Contains(out, "not_placed_exactly") || strings.Contains(out, "12 MAIN ST") {
		t.Errorf("suppressed CSV:\n%s", out)
	}
	csv.Reset()
	open := r.Deid(time.UTC)
	deid.Rule{}.Apply(open)
	if err := open.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv.String(), "12 MAIN ST") || !strings.Contains(csv.String(), "Chicopee") {
		t.Errorf("CSV without suppression:\n%s", csv.String())
	}
}

func TestInstitutionKind(t *testing.T) {
	tests := []struct {
		inpatient bool
		names     []string
		want      string
	}{
		{false, []string{"Overnight Shelter", "Friends of the Homeless"}, KindShelter},
		{false, []string{"Emergency Department", "Holyoke Medical Center"}, KindHospital},
		{false, []string{"Records", "Springfield Police Department"}, KindPolice},
		{false, []string{"Intake", "Hampden County House of Correction"}, KindJail},
		{true, []string{"Adult Unit", "Providence Behavioral Health"}, KindHospital},
		{false, []string{"Peer Recovery Center"}, ""},
	}
	for _, tt := range tests {
		if got := InstitutionKind(tt.inpatient, tt.names...); got != tt.want {
			t.Errorf("InstitutionKind(%v, %q) = %q, want %q", tt.inpatient, tt.names, got, tt.want)
		}
	}
}

// TestPlaceShownIgnoresThePreviousPeriod: whether a place is shown depends on the
// period's own counts only (the previous period's cells are in no relation the
// suppression follows), so the place check may skip reading and grouping it.
func TestPlaceShownIgnoresThePreviousPeriod(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	q := repeatQuery()
	q.MinCalls = 2
	span := q.To.Sub(q.From)
	gen := func(from time.Time, n int) []Call {
		var out []Call
		for i := range n {
			// Half the calls at six busy spots, half at many spots of a few calls each,
			// small enough to be withheld.
			spot := float64(r.IntN(6)) * 400
			if i%2 == 1 {
				spot = float64(6+r.IntN(n/4+1)) * 400
			}
			at := from.Add(time.Duration(r.Int64N(int64(span))))
			out = append(out, call(fmt.Sprint("c", i), fmt.Sprint("p", r.IntN(n/2+1)), at, spot+(r.Float64()*2-1)*10, (r.Float64()*2-1)*10))
		}
		return out
	}
	rule := deid.Rule{Min: deid.DefaultMin}
	for trial := range 20 {
		calls := gen(q.From, 30+r.IntN(200))
		prev := gen(q.From.Add(-span), r.IntN(300))
		with, without := RepeatLocations(q, calls, prev, nil), RepeatLocations(q, calls, nil, nil)
		shown := 0
		for _, p := range with.Places {
			a, b := with.PlaceShown(rule, q.Zone, p.Lat, p.Lon), without.PlaceShown(rule, q.Zone, p.Lat, p.Lon)
			if a != b {
				t.Fatalf("trial %d: the place at %v,%v (%d calls) shown %v with the previous period, %v without", trial, p.Lat, p.Lon, p.Calls, a, b)
			}
			if a {
				shown++
			}
		}
		if trial == 0 && (shown == 0 || shown == len(with.Places)) {
			t.Fatalf("the data shows %d of %d places: the test needs both kinds", shown, len(with.Places))
		}
	}
}
