package access

import (
	"testing"

	"handoff/directory"
)

func TestMayCheckListing(t *testing.T) {
	own, other := directory.NewID(), directory.NewID()
	agency := &Principal{Role: Agency, OrganizationID: own}
	for _, c := range []struct {
		p      *Principal
		org    string
		method string
		want   bool
	}{
		{agency, own, directory.VerifySelfConfirm, true},
		{agency, own, directory.VerifyPhone, false},
		{agency, other, directory.VerifySelfConfirm, false},
		{agency, "", directory.VerifySelfConfirm, false},
		{&Principal{Role: Coordinator}, other, directory.VerifyPhone, true},
		{&Principal{Role: Admin}, other, directory.VerifySiteVisit, true},
		{&Principal{Role: Peer}, own, directory.VerifyPhone, false},
		{&Principal{Role: Clinician}, own, directory.VerifySelfConfirm, false},
		{nil, own, directory.VerifyPhone, false},
	} {
		if got := c.p.MayCheckListing(c.org, c.method); got != c.want {
			t.Errorf("%+v on %q by %s: %v, want %v", c.p, c.org, c.method, got, c.want)
		}
	}
	if agency.MayReadChecks(other) || !agency.MayReadChecks(own) || (&Principal{Role: Peer}).MayReadChecks(own) {
		t.Error("MayReadChecks")
	}
}
