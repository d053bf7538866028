package measures

import (
	"math/rand/v2"
	"testing"
	"time"

	"handoff/care"
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
	tabs := r.Tables(Cells{Min: DefaultMinCell})
	last := tabs[len(tabs)-1]
	if last.Name != "not_placed_exactly" || len(last.Rows) != 1+3+3 || last.Rows[1][2] != "<5" {
		t.Errorf("CSV table %v", last)
	}
	// A suppressed place loses its address in JSON and CSV.
	if s := r.Suppress(Cells{Min: DefaultMinCell}); s.Places[0].Address != "" {
		t.Errorf("suppressed place keeps its address %q", s.Places[0].Address)
	}
	if row := tabs[1].Rows[1]; row[9] != "" {
		t.Errorf("suppressed CSV place keeps its address: %v", row)
	}
	if row := r.Tables(Cells{})[1].Rows[1]; row[9] != "12 MAIN ST" {
		t.Errorf("CSV place without suppression: %v", row)
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
