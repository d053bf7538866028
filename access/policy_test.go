package access

import "testing"

func TestDecide(t *testing.T) {
	peer := &Principal{Role: Peer}
	agency := &Principal{Role: Agency, OrganizationID: "a"}
	admin := &Principal{Role: Admin}
	restricted := Rule{Who: Restricted, Roles: []Role{Admin, Agency}}
	for _, c := range []struct {
		name    string
		rule    Rule
		p       *Principal
		private bool
		want    Decision
	}{
		{"public, anonymous", Rule{Who: Public}, nil, true, Allow},
		{"directory, anonymous", Rule{Who: Directory}, nil, false, Allow},
		{"private directory, anonymous", Rule{Who: Directory}, nil, true, NeedLogin},
		{"private directory, signed in", Rule{Who: Directory}, peer, true, Allow},
		{"signed in, anonymous", Rule{Who: SignedIn}, nil, false, NeedLogin},
		{"signed in", Rule{Who: SignedIn}, peer, false, Allow},
		{"restricted, anonymous", restricted, nil, false, NeedLogin},
		{"restricted, other role", restricted, peer, false, Deny},
		{"restricted, agency", restricted, agency, false, Allow},
		{"restricted, admin", restricted, admin, false, Allow},
		{"no audience", Rule{}, admin, false, Deny},
	} {
		if got := c.rule.Decide(c.p, c.private); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPrincipalScope(t *testing.T) {
	a := &Principal{Role: Agency, OrganizationID: "org-a"}
	for _, c := range []struct {
		p           *Principal
		org         string
		write, sees bool
	}{
		{a, "org-a", true, true},
		{a, "org-b", false, false},
		{a, "", false, false},
		{&Principal{Role: Admin}, "org-b", true, true},
		{&Principal{Role: Coordinator}, "org-b", false, true},
		{&Principal{Role: Peer}, "", false, true},
		{nil, "org-a", false, false},
	} {
		if got := c.p.MayWriteListing(c.org); got != c.write {
			t.Errorf("%+v MayWriteListing(%q) = %v", c.p, c.org, got)
		}
		if got := c.p.SeesOrganization(c.org); got != c.sees {
			t.Errorf("%+v SeesOrganization(%q) = %v", c.p, c.org, got)
		}
	}
}

func TestNewUserCheck(t *testing.T) {
	u := NewUser{Email: "  Ana@Example.ORG ", Name: " Ana ", Role: "Agency", OrganizationID: "6b1d2c3e-0000-4000-8000-00000000beef", Password: "long enough password"}
	if errs := u.Check(); len(errs) > 0 || u.Email != "ana@example.org" || u.Name != "Ana" || u.Role != "agency" {
		t.Fatalf("%v %+v", errs, u)
	}
	bad := NewUser{Email: "Ana <ana@example.org>", Role: "agency", OrganizationID: "x", Password: "short"}
	errs := bad.Check()
	fields := map[string]bool{}
	for _, e := range errs {
		fields[e.Field] = true
	}
	for _, f := range []string{"email", "name", "organization_id", "password"} {
		if !fields[f] {
			t.Errorf("no error for %s: %v", f, errs)
		}
	}
	if errs := (&NewUser{Email: "a@b.org", Name: "A", Role: "agency", Password: "long enough password"}).Check(); len(errs) != 1 || errs[0].Field != "organization_id" {
		t.Errorf("agency without organization: %v", errs)
	}
	if errs := (&NewUser{Email: "a@b.org", Name: "A", Role: "root", Password: "long enough password"}).Check(); len(errs) != 1 || errs[0].Field != "role" {
		t.Errorf("unknown role: %v", errs)
	}
}
