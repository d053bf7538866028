package care

import (
	"errors"
	"testing"
	"time"

	"handoff/directory"
)

func TestCovers(t *testing.T) {
	orgA, orgB := directory.NewID(), directory.NewID()
	given := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	expires := given.Add(30 * 24 * time.Hour)
	revoked := given.Add(10 * 24 * time.Hour)
	named := Consent{ID: "a", OrganizationIDs: []string{orgA}, GivenAt: given, ExpiresAt: expires}
	any := Consent{ID: "b", AnyTreatingProvider: true, GivenAt: given, ExpiresAt: expires}
	gone := Consent{ID: "c", OrganizationIDs: []string{orgA}, GivenAt: given, ExpiresAt: expires, RevokedAt: revoked}
	cases := []struct {
		name string
		c    Consent
		org  string
		at   time.Time
		want bool
	}{
		{"named org", named, orgA, given.Add(time.Hour), true},
		{"other org", named, orgB, given.Add(time.Hour), false},
		{"no org", named, "", given.Add(time.Hour), false},
		{"before given", named, orgA, given.Add(-time.Minute), false},
		{"at expiry", named, orgA, expires, false},
		{"expired", named, orgA, expires.Add(time.Hour), false},
		{"just before expiry", named, orgA, expires.Add(-time.Second), true},
		{"any treating provider", any, orgB, given.Add(time.Hour), true},
		{"any treating provider expired", any, orgB, expires.Add(time.Second), false},
		{"before revocation", gone, orgA, revoked.Add(-time.Second), true},
		{"at revocation", gone, orgA, revoked, false},
		{"after revocation", gone, orgA, revoked.Add(time.Hour), false},
	}
	for _, c := range cases {
		if got := c.c.Covers(c.org, c.at); got != c.want {
			t.Errorf("%s: Covers = %v, want %v", c.name, got, c.want)
		}
	}

	at := given.Add(time.Hour)
	if got, err := CoveringConsent([]Consent{any, named}, orgA, at); err != nil || got.ID != "a" {
		t.Errorf("CoveringConsent prefers the named organization: %v %v", got.ID, err)
	}
	if _, err := CoveringConsent([]Consent{gone}, orgA, revoked.Add(time.Hour)); !errors.Is(err, ErrNoConsent) {
		t.Errorf("revoked: %v", err)
	}
	live := &Referral{Mode: ModeLive, OrganizationID: orgB}
	if _, err := CheckReferralConsent(live, []Consent{named}, at); !errors.Is(err, ErrNoConsent) {
		t.Errorf("live referral to an organization the consent does not name: %v", err)
	}
	if _, err := CheckReferralConsent(&Referral{Mode: ModeLogged}, nil, at); err != nil {
		t.Errorf("a logged referral needs no consent: %v", err)
	}
}

func TestValidateConsent(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ok := Consent{PersonID: directory.NewID(), Discloser: "Co-responder program", OrganizationIDs: []string{directory.NewID()},
		Information: "Name, phone, presenting needs", Purpose: "Referral for crisis care", ExpiresAt: now.AddDate(0, 6, 0),
		Method: "Verbal", WitnessedBy: directory.NewID()}
	NormalizeConsent(&ok, now)
	if err := ValidateConsent(&ok, now); err != nil {
		t.Fatalf("valid consent: %v", err)
	}
	bad := Consent{AnyTreatingProvider: true, OrganizationIDs: []string{"x"}, ExpiresAt: now.Add(-time.Hour), Method: "verbal"}
	err := ValidateConsent(&bad, now)
	var fe directory.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("got %v", err)
	}
	want := map[string]bool{"person_id": true, "discloser": true, "organization_ids": true, "organization_ids[0]": true,
		"information": true, "purpose": true, "expires_at": true, "witnessed_by": true}
	for _, e := range fe {
		delete(want, e.Field)
	}
	if len(want) > 0 {
		t.Errorf("missing field errors %v in %v", want, fe)
	}
}
