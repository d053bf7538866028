package care

import (
	"slices"
	"testing"

	"handoff/directory"
)

// TestCheckLiveTargets: a live referral needs an organization (when its service was
// found) and a person, after the references to nothing, in that order; a logged
// referral needs neither.
func TestCheckLiveTargets(t *testing.T) {
	unknown := directory.FieldErrors{{Field: "service_id", Message: "no service with this id"}}
	for _, c := range []struct {
		name string
		ref  Referral
		errs directory.FieldErrors
		want []string
	}{
		{"live, complete", Referral{Mode: ModeLive, OrganizationID: "o", PersonID: "p"}, nil, nil},
		{"live, no organization", Referral{Mode: ModeLive, PersonID: "p"}, nil, []string{"service_id"}},
		{"live, unknown service", Referral{Mode: ModeLive, PersonID: "p"}, unknown, []string{"service_id"}},
		{"live, nothing", Referral{Mode: ModeLive}, unknown, []string{"service_id", "person_id"}},
		{"logged, nothing", Referral{Mode: ModeLogged}, nil, nil},
	} {
		got := CheckLiveTargets(&c.ref, slices.Clone(c.errs))
		var fields []string
		for _, e := range got {
			fields = append(fields, e.Field)
		}
		if !slices.Equal(fields, c.want) {
			t.Errorf("%s: %v, want fields %v", c.name, got, c.want)
		}
	}
}
