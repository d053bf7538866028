package directory

import (
	"encoding/json"
	"testing"
	"time"
)

// TestSetAvailable: a count within the maximum is set, dated now, and the status follows
// it; one above the maximum, below zero or of a figure the service does not have is
// refused naming the field, and the service is left as it was.
func TestSetAvailable(t *testing.T) {
	now := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	old := now.Add(-72 * time.Hour).Format(time.RFC3339)
	svc := func() Service {
		a, m := 3.0, 15.0
		return Service{Name: "Beds", Attributes: []Attribute{{TaxonomyTermID: TermID(TaxonomyCapacityStatus, CapacityAvailable)}},
			Capacities: []Capacity{{ID: "c1", Available: &a, Maximum: &m, Unit: json.RawMessage(`{"name":"bed"}`), Updated: old}}}
	}
	s := svc()
	if err := SetAvailable(&s, "c1", 0, now); err != nil {
		t.Fatal(err)
	}
	if *s.Capacities[0].Available != 0 || s.Capacities[0].Updated != now.Format(time.RFC3339) || CapacityStatus(&s) != CapacityNone ||
		s.Capacities[0].Source != CapacitySourceLink {
		t.Errorf("0 free: %+v, status %s", s.Capacities[0], CapacityStatus(&s))
	}
	for _, c := range []struct {
		id    string
		n     float64
		field string
	}{{"c1", 16, "capacities[0].available"}, {"c1", -1, "capacities[0].available"}, {"c1", 2.5, "capacities[0].available"},
		{"other", 2, "capacity"}} {
		s := svc()
		err := SetAvailable(&s, c.id, c.n, now)
		fe, ok := err.(FieldErrors)
		if !ok || len(fe) != 1 || fe[0].Field != c.field {
			t.Errorf("%s = %v: %v, want a refusal naming %s", c.id, c.n, err, c.field)
		}
		if *s.Capacities[0].Available != 3 || s.Capacities[0].Updated != old {
			t.Errorf("the refused %v changed the figure: %+v", c.n, s.Capacities[0])
		}
	}
	// A figure without a maximum still has a sane bound.
	s = svc()
	s.Capacities[0].Maximum = nil
	if err := SetAvailable(&s, "c1", 1e9, now); err == nil || *s.Capacities[0].Available != 3 {
		t.Errorf("a billion beds free: %v, %v", err, *s.Capacities[0].Available)
	}
	if err := SetAvailable(&s, "c1", 40, now); err != nil || *s.Capacities[0].Available != 40 {
		t.Errorf("40 free without a maximum: %v", err)
	}
	s = svc()
	ConfirmCapacities(&s, now)
	if *s.Capacities[0].Available != 3 || s.Capacities[0].Updated != now.Format(time.RFC3339) || s.Capacities[0].Source != CapacitySourceLink {
		t.Errorf("confirmed: %+v, want 3 dated now", s.Capacities[0])
	}
}
