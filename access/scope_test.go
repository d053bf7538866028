package access

import "testing"

const (
	orgA = "6b1d2c3e-0000-4000-8000-00000000000a"
	orgB = "6b1d2c3e-0000-4000-8000-00000000000b"
)

func TestOwnReferrals(t *testing.T) {
	peer := &Principal{UserID: "u1", Role: Peer}
	coord := &Principal{UserID: "c1", Role: Coordinator}
	for _, c := range []struct {
		name              string
		p                 *Principal
		person, createdBy string
		want              string
		ok                bool
	}{
		{"peer, no filter: their own", peer, "", "", "u1", true},
		{"peer, their own", peer, "", "u1", "u1", true},
		{"peer, a colleague's", peer, "", "u2", "", false},
		{"peer, one person's: everyone's", peer, "p1", "", "", true},
		{"peer, one person's by a colleague", peer, "p1", "u2", "u2", true},
		{"coordinator, no filter: everyone's", coord, "", "", "", true},
		{"coordinator, a colleague's", coord, "", "u2", "u2", true},
		{"no one", nil, "", "", "", false},
	} {
		got, ok := c.p.OwnReferrals(c.person, c.createdBy)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %q %v, want %q %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestOrganizationScopes(t *testing.T) {
	agency := &Principal{Role: Agency, OrganizationID: orgA}
	admin := &Principal{Role: Admin}
	if org, ok := agency.OrganizationScope(""); org != orgA || !ok {
		t.Errorf("agency, no organization asked: %q %v", org, ok)
	}
	if org, ok := agency.OrganizationScope(orgA); org != orgA || !ok {
		t.Errorf("agency, own organization: %q %v", org, ok)
	}
	if _, ok := agency.OrganizationScope(orgB); ok {
		t.Error("agency staff may list another organization's records")
	}
	if org, ok := admin.OrganizationScope(orgB); org != orgB || !ok {
		t.Errorf("admin, another organization: %q %v", org, ok)
	}
	if org, ok := agency.InboxOrganization(); org != orgA || !ok {
		t.Errorf("agency inbox: %q %v", org, ok)
	}
	for _, p := range []*Principal{admin, {Role: Coordinator}, {Role: Agency, OrganizationID: "x"}, nil} {
		if _, ok := p.InboxOrganization(); ok {
			t.Errorf("%+v has an agency inbox", p)
		}
		if _, ok := p.ListingsOrganization(); ok {
			t.Errorf("%+v has agency portal listings", p)
		}
	}
	if org, ok := agency.ListingsOrganization(); org != orgA || !ok {
		t.Errorf("agency listings: %q %v", org, ok)
	}
	if org, ok := agency.AdoptsListing(""); org != orgA || !ok {
		t.Errorf("agency, listing without owner: %q %v", org, ok)
	}
	if _, ok := agency.AdoptsListing(orgB); ok {
		t.Error("agency staff adopt a listing that names its owner")
	}
	if _, ok := admin.AdoptsListing(""); ok {
		t.Error("an admin's listing without owner is adopted")
	}
	if MemberOf("", "") || MemberOf(orgA, orgB) || !MemberOf(orgA, orgA) {
		t.Error("MemberOf")
	}
}

func TestRoleRules(t *testing.T) {
	for _, c := range []struct {
		role         Role
		people, note bool
	}{
		{Peer, true, true}, {Clinician, true, true}, {Coordinator, true, false}, {Agency, false, false}, {Admin, false, false},
	} {
		p := &Principal{Role: c.role}
		if p.MayChangeVocabulary() != (c.role == Admin) {
			t.Errorf("%s: MayChangeVocabulary %v", c.role, p.MayChangeVocabulary())
		}
		if p.MayReadPeople() != c.people || p.MayReadNotes() != c.note {
			t.Errorf("%s: people %v, notes %v", c.role, p.MayReadPeople(), p.MayReadNotes())
		}
		// The people rule and the rule of the people routes agree.
		if (CareWork.Decide(p, false) == Allow) != c.people {
			t.Errorf("%s: MayReadPeople disagrees with CareWork", c.role)
		}
	}
	admin := &Principal{UserID: "a1", Role: Admin}
	for _, c := range []struct {
		user     string
		role     Role
		disabled bool
		want     bool
	}{
		{"a1", Admin, false, false},
		{"a1", Admin, true, true},
		{"a1", Coordinator, false, true},
		{"a2", Coordinator, true, false},
	} {
		if got := admin.LocksOutSelf(c.user, c.role, c.disabled); got != c.want {
			t.Errorf("LocksOutSelf(%s, %s, %v) = %v", c.user, c.role, c.disabled, got)
		}
	}
}
