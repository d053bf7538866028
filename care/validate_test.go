package care

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/directory"
)

// fields returns the fields named by a validation error.
func fields(t *testing.T, err error) map[string]bool {
	t.Helper()
	var fe directory.FieldErrors
	if err != nil && !errors.As(err, &fe) {
		t.Fatalf("not field errors: %v", err)
	}
	out := map[string]bool{}
	for _, e := range fe {
		out[e.Field] = true
	}
	return out
}

func wantFields(t *testing.T, what string, err error, want ...string) {
	t.Helper()
	got := fields(t, err)
	for _, f := range want {
		if !got[f] {
			t.Errorf("%s: no error for %s in %v", what, f, err)
		}
		delete(got, f)
	}
	if len(got) > 0 {
		t.Errorf("%s: unexpected errors %v", what, got)
	}
}

func TestValidatePerson(t *testing.T) {
	p := Person{DisplayName: "  J.  R. ", Phone: "(413) 555-0100", PreferredLanguage: "ES"}
	NormalizePerson(&p)
	if p.DisplayName != "J. R." || p.PreferredLanguage != "es" {
		t.Errorf("normalized %+v", p)
	}
	wantFields(t, "valid person", ValidatePerson(&p))
	bad := Person{ID: "7", Phone: "call me", PreferredLanguage: "Spanish!"}
	wantFields(t, "bad person", ValidatePerson(&bad), "id", "display_name", "phone", "preferred_language")
}

func TestValidateEncounter(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	lat, lon := 42.2043, -72.6162
	e := Encounter{PersonID: directory.NewID(), OccurredAt: now.Add(-time.Hour), Source: "911_Coresponse",
		Lat: &lat, Lon: &lon, Responders: []string{directory.NewID()}, PresentingNeeds: []string{"Crisis", "housing", "crisis"},
		AssessedLevelOfCare: "living_room", Disposition: "resolved_on_scene", EDDiverted: true, Notes: " note "}
	NormalizeEncounter(&e)
	if len(e.PresentingNeeds) != 2 || e.Source != SourceCoResponse || e.Notes != "note" {
		t.Errorf("normalized %+v", e)
	}
	wantFields(t, "valid encounter", ValidateEncounter(&e, now))

	badLat := 95.0
	bad := Encounter{ID: "x", OccurredAt: now.Add(time.Hour), Source: "radio", Disposition: "arrest", ArrestDiverted: true,
		Lat: &badLat, Lon: &lon, Responders: []string{"bob"}, PresentingNeeds: []string{"snacks"}, AssessedLevelOfCare: "spa"}
	wantFields(t, "bad encounter", ValidateEncounter(&bad, now), "id", "occurred_at", "source", "lat", "responders[0]",
		"presenting_needs[0]", "assessed_level_of_care", "arrest_diverted")
	edBad := Encounter{OccurredAt: now, Source: SourceWalkIn, Disposition: DispositionEDTransport, EDDiverted: true, Lat: &lat}
	wantFields(t, "contradictions", ValidateEncounter(&edBad, now), "ed_diverted", "lat")
	wantFields(t, "empty", ValidateEncounter(&Encounter{}, now), "occurred_at", "source", "disposition")
}

func TestLocate(t *testing.T) {
	ctx := context.Background()
	lat, lon := 42.2043, -72.6162 // downtown Holyoke
	e := Encounter{Lat: &lat, Lon: &lon}
	if err := Locate(ctx, &e, nil, nil); err != nil || e.Town != "Holyoke" || e.LocationPrecision != PrecisionPoint {
		t.Errorf("point: %+v %v", e, err)
	}
	z := Encounter{Address: "01040"}
	if err := Locate(ctx, &z, nil, nil); err != nil || z.Lat == nil || z.Town != "Holyoke" || z.LocationPrecision != PrecisionZIP || z.Address != "" {
		t.Errorf("zip: %+v %v", z, err)
	}
	tw := Encounter{Town: "west springfield"}
	if err := Locate(ctx, &tw, nil, nil); err != nil || tw.Town != "West Springfield" || tw.LocationPrecision != PrecisionTown {
		t.Errorf("town: %+v %v", tw, err)
	}
	nowhere := Encounter{Address: "Xyzzyville"} // (Atlantis, FL is real)
	wantFields(t, "unknown place", Locate(ctx, &nowhere, nil, nil), "address")
	several := Encounter{Town: "Portland"}
	wantFields(t, "a name of several places", Locate(ctx, &several, nil, nil), "town")
	typo := Encounter{Town: "Holyok"}
	wantFields(t, "a typo", Locate(ctx, &typo, nil, nil), "town")
	none := Encounter{}
	if err := Locate(ctx, &none, nil, nil); err != nil || none.Lat != nil || none.LocationPrecision != PrecisionNone {
		t.Errorf("nowhere: %+v %v", none, err)
	}
}

func TestValidateReferral(t *testing.T) {
	r := Referral{PersonID: directory.NewID(), ServiceID: directory.NewID(), OrganizationID: directory.NewID(), Need: "Crisis", Mode: "live"}
	NormalizeReferral(&r)
	if r.Status != StatusRequested {
		t.Errorf("default status %s", r.Status)
	}
	wantFields(t, "valid referral", ValidateReferral(&r))
	bad := Referral{Mode: "live", Need: "wishes", Status: StatusCompleted, LevelOfCare: "spa", Outcome: "fine"}
	wantFields(t, "bad referral", ValidateReferral(&bad), "person_id", "service_id", "need", "level_of_care", "status", "outcome")
	logged := Referral{EncounterID: directory.NewID(), ServiceID: directory.NewID(), Need: "food"}
	NormalizeReferral(&logged)
	wantFields(t, "anonymous logged referral", ValidateReferral(&logged))
}

func TestAgencyLink(t *testing.T) {
	at := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	r := Referral{}
	IssueAgencyLink(&r, at)
	if !TokenLooksValid(PrefixAgencyLink, r.AgencyLinkToken) || HashToken(r.AgencyLinkToken) != r.AgencyLinkHash {
		t.Fatalf("link %+v", r)
	}
	if !r.LinkUsable(at) || r.LinkUsable(at.Add(AgencyLinkTTL)) {
		t.Error("link expiry")
	}
	r.AgencyLinkRevokedAt = at
	if r.LinkUsable(at) {
		t.Error("revoked link usable")
	}
	if TokenLooksValid(PrefixResourceList, r.AgencyLinkToken) || TokenLooksValid(PrefixAgencyLink, "hl_short") {
		t.Error("token shapes")
	}
	if !LinkMayMove(StatusCompleted) || LinkMayMove(StatusCancelled) || !AgencyMayMove(StatusInProgress) || AgencyMayMove(StatusOnHold) {
		t.Error("agency moves")
	}
}

func TestResourceList(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	id := directory.NewID()
	l := ResourceList{ServiceIDs: []string{id, " " + id + " "}, Language: "es"}
	NewResourceList(&l, now)
	if len(l.ServiceIDs) != 1 || !l.ExpiresAt.Equal(now.Add(ResourceListTTL)) || !TokenLooksValid(PrefixResourceList, l.Token) {
		t.Errorf("list %+v", l)
	}
	wantFields(t, "valid list", ValidateResourceList(&l, now))
	bad := ResourceList{ServiceIDs: []string{"x"}, Language: "??", ExpiresAt: now.AddDate(2, 0, 0)}
	wantFields(t, "bad list", ValidateResourceList(&bad, now), "service_ids[0]", "language", "expires_at")
}

func TestShiftTakes(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	open := Shift{StartedAt: start}
	ended := Shift{StartedAt: start, EndedAt: start.Add(8 * time.Hour)}
	tests := []struct {
		s    Shift
		at   time.Time
		want bool
	}{
		{open, start.Add(-time.Minute), true},
		{open, start.Add(-ShiftLeadIn), true},
		{open, start.Add(-ShiftLeadIn - time.Second), false},
		{open, start.Add(3 * time.Hour), true},
		{ended, start.Add(-time.Minute), false},
		{ended, start.Add(8 * time.Hour), true},
		{ended, start.Add(8*time.Hour + time.Second), false},
	}
	for i, tt := range tests {
		if got := tt.s.Takes(tt.at); got != tt.want {
			t.Errorf("%d: Takes(%v) = %v, want %v", i, tt.at, got, tt.want)
		}
	}
}

func TestCheckPlace(t *testing.T) {
	e := Encounter{Source: SourceCoResponse}
	var rules RuleErrors
	if err := CheckPlace(&e); !errors.As(err, &rules) || rules[0].Field != "location" {
		t.Errorf("a 911 call without a place: %v", err)
	}
	for _, ok := range []Encounter{
		{Source: SourceCoResponse, LocationUnknown: true},
		{Source: SourceCoResponse, LocationPrecision: PrecisionStreet},
		{Source: SourceCoResponse, LocationPrecision: PrecisionZIP},
		{Source: SourceWalkIn},
	} {
		if err := CheckPlace(&ok); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}

func TestLocateStreetAddress(t *testing.T) {
	ctx := context.Background()
	tests := []struct{ street, town string }{
		{"12 Main St Apt 3, Holyoke", "Holyoke"},
		{"12 Main St, Holyoke, MA", "Holyoke"},
		{"12 Main St #3B, 01040", "Holyoke"},
		{"12 Main St", ""},
	}
	for _, tt := range tests {
		e := Encounter{StreetAddress: tt.street}
		if err := Locate(ctx, &e, nil, nil); err != nil || e.LocationPrecision != PrecisionStreet || e.Town != tt.town ||
			e.StreetAddress != tt.street || e.Lat != nil {
			t.Errorf("%q: %v, precision %q, town %q", tt.street, err, e.LocationPrecision, e.Town)
		}
	}
	// A point given wins; the street address is kept beside it.
	lat, lon := 42.2043, -72.6162
	e := Encounter{Lat: &lat, Lon: &lon, StreetAddress: "12 Main St"}
	if err := Locate(ctx, &e, nil, nil); err != nil || e.LocationPrecision != PrecisionPoint || e.StreetAddress == "" {
		t.Errorf("point and street: %v %+v", err, e)
	}
	u := Encounter{LocationUnknown: true}
	if err := Locate(ctx, &u, nil, nil); err != nil || u.LocationPrecision != PrecisionUnknown {
		t.Errorf("unknown: %v %q", err, u.LocationPrecision)
	}
}
