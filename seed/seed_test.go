package seed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"handoff/directory"
	"handoff/geo"
)

// services is built once: the tests only read it.
var services = Services()

func isBHN(s directory.Service) bool { return s.Organization.Name == BHNName }

func fictional() []directory.Service {
	var out []directory.Service
	for _, s := range services {
		if !isBHN(s) {
			out = append(out, s)
		}
	}
	return out
}

// terms returns the codes of the given taxonomy attached to s.
func terms(s directory.Service, taxonomy string) []string {
	var out []string
	for _, a := range s.Attributes {
		if a.TaxonomyTerm != nil && a.TaxonomyTerm.Taxonomy == taxonomy {
			out = append(out, a.TaxonomyTerm.Code)
		}
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, err := json.Marshal(Services())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(Services())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two calls to Services() differ")
	}
}

func TestCounts(t *testing.T) {
	bhn := len(services) - len(fictional())
	if bhn != 4 {
		t.Errorf("BHN services = %d, want 4", bhn)
	}
	if n := len(fictional()); n < 150 {
		t.Errorf("fictional services = %d, want at least 150", n)
	}
	t.Logf("services: %d (BHN %d, fictional %d)", len(services), bhn, len(fictional()))
}

func TestEveryNeedAndLevelOfCare(t *testing.T) {
	for _, taxonomy := range []string{directory.TaxonomyNeed, directory.TaxonomyLevelOfCare} {
		count := map[string]int{}
		for _, s := range fictional() {
			for _, c := range terms(s, taxonomy) {
				count[c]++
			}
		}
		v, _ := directory.Vocab(taxonomy)
		var line []string
		for _, term := range v.Terms {
			if count[term.Code] < 3 {
				t.Errorf("%s %q: %d fictional services, want at least 3", taxonomy, term.Code, count[term.Code])
			}
			line = append(line, fmt.Sprintf("%s=%d", term.Code, count[term.Code]))
		}
		t.Logf("%s (fictional): %s", taxonomy, strings.Join(line, " "))
	}
	for _, s := range services {
		if len(terms(s, directory.TaxonomyNeed)) == 0 || len(terms(s, directory.TaxonomyLevelOfCare)) != 1 {
			t.Errorf("%s: needs %v, level of care %v; want at least one need and exactly one level",
				s.Name, terms(s, directory.TaxonomyNeed), terms(s, directory.TaxonomyLevelOfCare))
		}
		for _, a := range s.Attributes {
			if !directory.HasTerm(a.TaxonomyTerm.Taxonomy, a.TaxonomyTerm.Code) {
				t.Errorf("%s: unknown term %s %q", s.Name, a.TaxonomyTerm.Taxonomy, a.TaxonomyTerm.Code)
			}
		}
	}
}

func TestLocationsInsideTheirTown(t *testing.T) {
	g := geo.Default()
	n := 0
	for _, s := range services {
		for _, sal := range s.ServiceAtLocations {
			l := sal.Location
			if l.Latitude == nil || l.Longitude == nil || len(l.Addresses) != 1 {
				t.Errorf("%s: location %s lacks a point or its address", s.Name, l.Name)
				continue
			}
			a := l.Addresses[0]
			town, ok := g.Town(a.City)
			if !ok {
				t.Errorf("%s: unknown town %q", l.Name, a.City)
				continue
			}
			p := orb.Point{*l.Longitude, *l.Latitude}
			if !town.Contains(p) {
				t.Errorf("%s: point %v is not in %s", l.Name, p, a.City)
			}
			if l.LocationType != "physical" || a.AddressType != "physical" || a.Country != "US" ||
				a.StateProvince != "MA" || !regexp.MustCompile(`^01\d{3}$`).MatchString(a.PostalCode) {
				t.Errorf("%s: bad location or address %+v", l.Name, a)
			}
			n++
		}
	}
	if n < 150 {
		t.Errorf("only %d service locations", n)
	}
}

func TestIDsUniqueAndUUIDs(t *testing.T) {
	// An id may appear many times only for the same entity (an organization or a
	// location shared by several services); two different entities never share one.
	// Taxonomy terms and the capacity unit are references, not entities, so they
	// repeat by design and are not collected.
	seen := map[string]string{}
	check := func(kind, id string, v any) {
		t.Helper()
		if !directory.IsUUID(id) {
			t.Errorf("%s id %q is not a UUID", kind, id)
			return
		}
		b, _ := json.Marshal(v)
		fp := kind + " " + string(b)
		if prev, ok := seen[id]; ok && prev != fp {
			t.Errorf("id %s is used by two different entities:\n%.200s\n%.200s", id, prev, fp)
		}
		seen[id] = fp
	}
	phones := func(ps []directory.Phone) {
		for _, p := range ps {
			check("phone", p.ID, p)
		}
	}
	for _, s := range services {
		check("service", s.ID, s)
		o := s.Organization
		check("organization", o.ID, o)
		phones(o.Phones)
		phones(s.Phones)
		for _, x := range s.Schedules {
			check("schedule", x.ID, x)
		}
		for _, x := range s.Languages {
			check("language", x.ID, x)
		}
		for _, x := range s.CostOptions {
			check("cost_option", x.ID, x)
		}
		for _, x := range s.ServiceAreas {
			check("service_area", x.ID, x)
		}
		for _, x := range s.Attributes {
			check("attribute", x.ID, x)
			if !directory.IsUUID(x.TaxonomyTermID) {
				t.Errorf("taxonomy term id %q", x.TaxonomyTermID)
			}
		}
		for _, x := range s.Capacities {
			check("capacity", x.ID, x)
			if !directory.IsUUID(x.UnitID) {
				t.Errorf("unit id %q", x.UnitID)
			}
		}
		for _, sal := range s.ServiceAtLocations {
			check("service_at_location", sal.ID, sal)
			check("location", sal.Location.ID, sal.Location)
			phones(sal.Location.Phones)
			for _, a := range sal.Location.Addresses {
				check("address", a.ID, a)
			}
		}
	}
	t.Logf("%d distinct ids", len(seen))
}

func TestParentIDs(t *testing.T) {
	for _, s := range services {
		bad := func(what string) { t.Errorf("%s: %s lacks its parent id", s.Name, what) }
		if s.Organization == nil || s.OrganizationID != s.Organization.ID {
			bad("organization")
		}
		for _, p := range s.Organization.Phones {
			if p.OrganizationID != s.OrganizationID {
				bad("organization phone")
			}
		}
		for _, p := range s.Phones {
			if p.ServiceID != s.ID {
				bad("phone")
			}
		}
		for _, x := range s.Schedules {
			if x.ServiceID != s.ID {
				bad("schedule")
			}
		}
		for _, x := range s.Languages {
			if x.ServiceID != s.ID {
				bad("language")
			}
		}
		for _, x := range s.CostOptions {
			if x.ServiceID != s.ID {
				bad("cost option")
			}
		}
		for _, x := range s.ServiceAreas {
			if x.ServiceID != s.ID {
				bad("service area")
			}
		}
		for _, x := range s.Attributes {
			if x.LinkID != s.ID || x.LinkEntity != "service" {
				bad("attribute")
			}
		}
		for _, x := range s.Capacities {
			if x.ServiceID != s.ID {
				bad("capacity")
			}
		}
		for _, sal := range s.ServiceAtLocations {
			l := sal.Location
			if sal.ServiceID != s.ID || sal.LocationID != l.ID || l.OrganizationID != s.OrganizationID {
				bad("service at location")
			}
			for _, a := range l.Addresses {
				if a.LocationID != l.ID {
					bad("address")
				}
			}
			for _, p := range l.Phones {
				if p.LocationID != l.ID {
					bad("location phone")
				}
			}
		}
	}
}

func TestBHN(t *testing.T) {
	var line *directory.Service
	names := map[string]bool{}
	for i, s := range services {
		if isBHN(s) {
			names[s.Name] = true
			if s.Name == BHNCrisisLine {
				line = &services[i]
			}
			if strings.Contains(s.Description, "Demo listing") {
				t.Errorf("%s: a real service is marked as demo", s.Name)
			}
		}
	}
	for _, n := range []string{BHNCrisisLine, "The Living Room", "Crisis Stabilization", "Mobile Crisis Intervention"} {
		if !names[n] {
			t.Errorf("BHN service %q missing", n)
		}
	}
	if line == nil {
		t.Fatal("no BHN 24/7 Crisis Line")
	}
	if len(line.Phones) == 0 || line.Phones[0].Number != "(413) 733-6661" {
		t.Errorf("crisis line phones = %+v", line.Phones)
	}
	if len(line.ServiceAtLocations) != 1 {
		t.Fatalf("crisis line locations = %d", len(line.ServiceAtLocations))
	}
	a := line.ServiceAtLocations[0].Location.Addresses[0]
	if a.Address1 != "417 Liberty Street" || a.Address2 != "Entrance B" || a.City != "Springfield" || a.PostalCode != "01104" {
		t.Errorf("crisis line address = %+v", a)
	}
	if len(line.Schedules) != 1 || line.Schedules[0].Description != "Open 24 hours" {
		t.Errorf("crisis line schedule = %+v", line.Schedules)
	}
	for _, s := range services {
		switch s.Name {
		case "The Living Room":
			if len(s.CostOptions) != 1 || s.CostOptions[0].Amount == nil || *s.CostOptions[0].Amount != 0 {
				t.Errorf("The Living Room should be free: %+v", s.CostOptions)
			}
		case "Mobile Crisis Intervention":
			got := map[string]bool{}
			for _, a := range s.ServiceAreas {
				got[a.Name] = a.ExtentType == "geojson" && a.Extent != ""
			}
			for _, town := range []string{"Springfield", "Holyoke", "Chicopee", "West Springfield", "Westfield", "Agawam", "Ludlow"} {
				if !got[town] {
					t.Errorf("mobile crisis does not cover %s", town)
				}
			}
		}
	}
}

func TestFictionalIsMarked(t *testing.T) {
	phone := regexp.MustCompile(`^\(413\) 555-01\d\d$`)
	for _, s := range fictional() {
		if !strings.HasSuffix(s.Description, demoNote) {
			t.Errorf("%s: description does not end with %q", s.Name, demoNote)
		}
		o := s.Organization
		if !strings.Contains(o.Description, "Demo listing") || !strings.HasSuffix(o.Name, "(demo)") {
			t.Errorf("organization %q is not marked as demo", o.Name)
		}
		for _, p := range append(append([]directory.Phone{}, o.Phones...), s.Phones...) {
			if !phone.MatchString(p.Number) {
				t.Errorf("%s: phone %q is not a 555-01xx number", s.Name, p.Number)
			}
		}
		for _, sal := range s.ServiceAtLocations {
			for _, p := range sal.Location.Phones {
				if !phone.MatchString(p.Number) {
					t.Errorf("%s: phone %q is not a 555-01xx number", sal.Location.Name, p.Number)
				}
			}
		}
	}
}

func TestScheduleShapes(t *testing.T) {
	hhmm := regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
	var allDay, overnight, split, monthly bool
	for _, s := range services {
		perDay := map[string]int{}
		for _, x := range s.Schedules {
			if !hhmm.MatchString(x.OpensAt) || !hhmm.MatchString(x.ClosesAt) || x.ByDay == "" {
				t.Errorf("%s: bad schedule %+v", s.Name, x)
			}
			switch x.Freq {
			case "WEEKLY":
				for _, d := range strings.Split(x.ByDay, ",") {
					perDay[d]++
				}
			case "MONTHLY":
				monthly = true
			default:
				t.Errorf("%s: freq %q", s.Name, x.Freq)
			}
			if x.OpensAt == "00:00" && x.ClosesAt == "23:59" && x.ByDay == everyDay && x.Description == "Open 24 hours" {
				allDay = true
			}
			if x.ClosesAt < x.OpensAt {
				overnight = true
			}
		}
		for _, n := range perDay {
			if n > 1 {
				split = true
			}
		}
	}
	if !allDay || !overnight || !split || !monthly {
		t.Errorf("schedule shapes: 24/7 %v, overnight %v, split day %v, monthly %v; want all", allDay, overnight, split, monthly)
	}
}

func TestLanguages(t *testing.T) {
	count := map[string]int{}
	for _, s := range services {
		if len(s.Languages) == 0 || s.Languages[0].Code != "en" {
			t.Errorf("%s: English is not offered first", s.Name)
		}
		for _, l := range s.Languages {
			count[l.Code]++
			if l.Name == "" {
				t.Errorf("%s: language %q has no name", s.Name, l.Code)
			}
		}
	}
	n := float64(len(services))
	t.Logf("languages: %v of %d services", count, len(services))
	if es := float64(count["es"]) / n; es < 0.3 || es > 0.5 {
		t.Errorf("Spanish on %.0f%% of services, want about 40%%", es*100)
	}
	if pt := float64(count["pt"]) / n; pt < 0.05 || pt > 0.15 {
		t.Errorf("Portuguese on %.0f%% of services, want about 10%%", pt*100)
	}
	for _, c := range []string{"vi", "ru", "ht"} {
		if count[c] == 0 {
			t.Errorf("no service offers %s", c)
		}
	}
}

func TestCostsCapacitiesAndAreas(t *testing.T) {
	var full, free, areas int
	for _, s := range services {
		for _, c := range s.CostOptions {
			switch c.Option {
			case "Free":
				if c.Amount == nil || *c.Amount != 0 {
					t.Errorf("%s: free without amount 0", s.Name)
				}
				free++
			case "Sliding scale", "MassHealth accepted":
				if c.Amount != nil {
					t.Errorf("%s: %s with an amount", s.Name, c.Option)
				}
			default:
				t.Errorf("%s: cost option %q", s.Name, c.Option)
			}
		}
		for _, c := range s.Capacities {
			var unit struct{ ID, Name string }
			if err := json.Unmarshal(c.Unit, &unit); err != nil || unit.Name != "bed" || unit.ID != c.UnitID {
				t.Errorf("%s: unit %s (%v)", s.Name, c.Unit, err)
			}
			// Taken in the day before the demo's Friday afternoon, so that the counts are
			// current then (directory.DefaultCapacityTTL) and expire a day later.
			up, err := time.Parse(time.RFC3339, c.Updated)
			demo := time.Date(2026, 12, 4, 14, 0, 0, 0, time.FixedZone("EST", -5*3600))
			if err != nil || up.After(demo) || demo.Sub(up) >= directory.DefaultCapacityTTL {
				t.Errorf("%s: updated %q", s.Name, c.Updated)
			}
			if c.Available == nil || c.Maximum == nil || *c.Available > *c.Maximum || *c.Maximum < 1 {
				t.Errorf("%s: capacity %v of %v", s.Name, c.Available, c.Maximum)
				continue
			}
			st := terms(s, directory.TaxonomyCapacityStatus)
			if *c.Available == 0 {
				full++
			}
			if len(st) != 1 || (st[0] == "capacity") != (*c.Available > 0) {
				t.Errorf("%s: capacity status %v with %v available", s.Name, st, *c.Available)
			}
		}
		for _, a := range s.ServiceAreas {
			areas++
			var g struct{ Type string }
			if a.ExtentType != "geojson" || json.Unmarshal([]byte(a.Extent), &g) != nil || g.Type != "MultiPolygon" {
				t.Errorf("%s: service area %s is not GeoJSON", s.Name, a.Name)
			}
			if _, ok := geo.Default().Town(a.Name); !ok {
				t.Errorf("%s: service area %q is not a town", s.Name, a.Name)
			}
		}
	}
	if full == 0 || free < 50 || areas < 50 {
		t.Errorf("full services %d, free %d, service areas %d: want some of each", full, free, areas)
	}
}

func TestFreshnessAndStatus(t *testing.T) {
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	stale := 0
	status := map[string]int{}
	for _, s := range services {
		status[s.Status]++
		d, err := time.Parse(time.DateOnly, s.AssuredDate)
		if err != nil || d.After(now) {
			t.Errorf("%s: assured date %q", s.Name, s.AssuredDate)
		}
		if now.Sub(d) > 365*24*time.Hour {
			stale++
		}
	}
	keys := make([]string, 0, len(status))
	for k := range status {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("statuses %v; %d assured more than a year ago", status, stale)
	if stale < 3 || status["inactive"] == 0 || status["temporarily closed"] == 0 || status["active"] < 150 {
		t.Errorf("want a few stale listings and a few inactive or temporarily closed ones")
	}
	for _, k := range keys {
		switch k {
		case "active", "inactive", "defunct", "temporarily closed":
		default:
			t.Errorf("status %q is not HSDS", k)
		}
	}
}

func TestResultIsNotShared(t *testing.T) {
	// Services at one site share a location, and services of one organization share it;
	// changing one service's copy must not change another's.
	a := Services()
	firstAt := map[string]int{} // location id -> first service using it
	checked := 0
	for i := range a {
		for _, sal := range a[i].ServiceAtLocations {
			j, ok := firstAt[sal.LocationID]
			if !ok {
				firstAt[sal.LocationID] = i
				continue
			}
			l := a[j].ServiceAtLocations[0].Location
			l.Addresses[0].Address1 = "changed"
			*l.Latitude = 0
			a[j].Organization.Phones[0].Number = "changed"
			if sal.Location.Addresses[0].Address1 == "changed" || *sal.Location.Latitude == 0 ||
				a[i].Organization.Phones[0].Number == "changed" {
				t.Fatalf("%s: changing %s changed it too", a[i].Name, a[j].Name)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no shared locations to check")
	}
}
