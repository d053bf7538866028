package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"handoff/care"
	"handoff/directory"
	"handoff/store"
)

// careFixture is a store with what care records point at: users (two peers, a
// clinician, a coordinator), two organizations each with a service, and a data key.
type careFixture struct {
	st                     *store.Store
	c                      *store.CareStore
	peer, peer2, clinician string
	coordinator            string
	orgA, orgB             string
	livingRoom, shelter    string // services of orgA and orgB
	shelterLat, shelterLon float64
	zone                   *time.Location
}

func testSealer(t testing.TB) *care.Sealer {
	t.Helper()
	s, err := care.NewSealer(bytes.Repeat([]byte{7}, care.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newCareFixture(t testing.TB, st *store.Store) *careFixture {
	t.Helper()
	ctx := context.Background()
	f := &careFixture{st: st, c: st.Care(testSealer(t)), zone: care.DefaultZone()}
	for _, u := range []struct {
		id   *string
		role string
	}{{&f.peer, "peer"}, {&f.peer2, "peer"}, {&f.clinician, "clinician"}, {&f.coordinator, "coordinator"}} {
		*u.id = directory.NewID()
		if err := st.CreateUser(ctx, store.User{ID: *u.id, Email: *u.id + "@example.org", Name: u.role, Role: u.role, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	f.orgA, f.orgB = directory.NewID(), directory.NewID()
	f.livingRoom, f.shelter = directory.NewID(), directory.NewID()
	f.shelterLat, f.shelterLon = 42.2043, -72.6162+25/(6378137*3.141592653589793/180*0.7405) // 25 m east of the test address
	lat, lon := f.shelterLat, f.shelterLon
	svcs := []directory.Service{
		{ID: f.livingRoom, Name: "The Living Room", Status: "active", Description: "Peer-run crisis alternative.",
			Organization: &directory.Organization{ID: f.orgA, Name: "Behavioral Health Network", Description: "BHN."},
			Attributes: []directory.Attribute{directory.VocabAttribute(f.livingRoom, directory.TaxonomyLevelOfCare, "living_room"),
				directory.VocabAttribute(f.livingRoom, directory.TaxonomyNeed, "crisis")}},
		{ID: f.shelter, Name: "Low-barrier Adult Shelter", Status: "active", Description: "Beds.",
			Organization: &directory.Organization{ID: f.orgB, Name: "Open Door (demo)", Description: "Shelter."},
			ServiceAtLocations: []directory.ServiceAtLocation{{Location: &directory.Location{ID: directory.NewID(), LocationType: "physical",
				Name: "Open Door", Latitude: &lat, Longitude: &lon}}},
			Attributes: []directory.Attribute{directory.VocabAttribute(f.shelter, directory.TaxonomyLevelOfCare, "community_support")}},
	}
	recs := make([]directory.Record, len(svcs))
	for i := range svcs {
		directory.NormalizeService(&svcs[i])
		recs[i] = directory.Record{Line: i + 1, Service: &svcs[i]}
	}
	if _, err := st.WriteAll(ctx, recs); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *careFixture) person(t testing.TB, name string) string {
	t.Helper()
	p := care.Person{DisplayName: name, Phone: "(413) 555-0100", PreferredLanguage: "es", CreatedBy: f.peer}
	if err := f.c.CreatePerson(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// holyoke returns a point n metres north and e metres east of a downtown Holyoke address.
func holyoke(n, e float64) (*float64, *float64) {
	const perDeg = 6378137 * 3.141592653589793 / 180
	lat, lon := 42.2043+n/perDeg, -72.6162+e/(perDeg*0.7405)
	return &lat, &lon
}

func (f *careFixture) encounter(t testing.TB, e care.Encounter) (care.Encounter, *care.FollowUp) {
	t.Helper()
	if e.Source == "" {
		e.Source = care.SourceCoResponse
	}
	if e.Disposition == "" {
		e.Disposition = care.DispositionResolved
	}
	if e.RecordedBy == "" {
		e.RecordedBy = f.peer
	}
	care.NormalizeEncounter(&e)
	if err := care.Locate(context.Background(), &e, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := care.ValidateEncounter(&e, time.Now()); err != nil {
		t.Fatal(err)
	}
	fu, err := f.c.CreateEncounter(context.Background(), &e)
	if err != nil {
		t.Fatal(err)
	}
	return e, fu
}

func (f *careFixture) consent(t testing.TB, personID string, orgs []string, any bool, expires time.Time) care.Consent {
	t.Helper()
	now := time.Now()
	k := care.Consent{PersonID: personID, Discloser: "Co-responder program", OrganizationIDs: orgs, AnyTreatingProvider: any,
		Information: "Name, phone and presenting needs", Purpose: "Referral", ExpiresAt: expires, Method: care.MethodVerbal,
		WitnessedBy: f.clinician, RecordedBy: f.peer, GivenAt: now.Add(-time.Minute)}
	care.NormalizeConsent(&k, now)
	if err := care.ValidateConsent(&k, now); err != nil {
		t.Fatal(err)
	}
	if err := f.c.CreateConsent(context.Background(), &k); err != nil {
		t.Fatal(err)
	}
	return k
}

func (f *careFixture) referral(t testing.TB, r care.Referral) (care.Referral, error) {
	t.Helper()
	if r.CreatedBy == "" {
		r.CreatedBy = f.peer
	}
	if r.Need == "" {
		r.Need = "crisis"
	}
	care.NormalizeReferral(&r)
	if err := care.ValidateReferral(&r); err != nil {
		t.Fatal(err)
	}
	err := f.c.CreateReferral(context.Background(), &r)
	return r, err
}
