package geo

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestGeocodeUS: the examples across the United States, in the Massachusetts
// deployment (the embedded towns).
func TestGeocodeUS(t *testing.T) {
	tests := []struct {
		q           string
		label, town string
		state       string
		near        orb.Point
		withinKm    float64
	}{
		{"Holyoke", "Holyoke", "Holyoke", "MA", orb.Point{-72.62, 42.20}, 5},
		{"Springfield", "Springfield", "Springfield", "MA", orb.Point{-72.54, 42.11}, 5}, // the home region wins
		{"Springfield, MA", "Springfield", "Springfield", "MA", orb.Point{-72.54, 42.11}, 5},
		{"Hialeah", "Hialeah, FL", "", "FL", orb.Point{-80.28, 25.86}, 5},
		{"hialeah city", "Hialeah, FL", "", "FL", orb.Point{-80.28, 25.86}, 5}, // a Census suffix
		{"Washington, DC", "Washington, DC", "", "DC", orb.Point{-77.04, 38.90}, 5},
		{"Washington DC", "Washington, DC", "", "DC", orb.Point{-77.04, 38.90}, 5},
		{"Washington, D.C.", "Washington, DC", "", "DC", orb.Point{-77.04, 38.90}, 5},
		{"Washington", "Washington", "Washington", "MA", orb.Point{-73.14, 42.36}, 10}, // a Berkshire town
		{"Springfield, IL", "Springfield, IL", "", "IL", orb.Point{-89.65, 39.80}, 5},
		{"Springfield, Illinois", "Springfield, IL", "", "IL", orb.Point{-89.65, 39.80}, 5},
		{"springfield il", "Springfield, IL", "", "IL", orb.Point{-89.65, 39.80}, 5},
		{"Springfield, MO", "Springfield, MO", "", "MO", orb.Point{-93.29, 37.21}, 5},
		{"Pensacola FL", "Pensacola, FL", "", "FL", orb.Point{-87.22, 30.42}, 5},
		{"Pensacola, Florida, USA", "Pensacola, FL", "", "FL", orb.Point{-87.22, 30.42}, 5},
		{"Pensacola", "Pensacola, FL", "", "FL", orb.Point{-87.22, 30.42}, 5}, // unique
		{"33012", "33012", "", "FL", orb.Point{-80.30, 25.87}, 3},
		{"01101", "01101", "Chicopee", "MA", orb.Point{-72.60, 42.17}, 3},  // a PO box: GeoNames' point
		{"Houston", "Houston, TX", "", "TX", orb.Point{-95.37, 29.76}, 15}, // 2.3 million, every other under 15,000
		{"New York", "New York, NY", "", "NY", orb.Point{-73.94, 40.66}, 5},
		{"Brooklyn, NY", "Brooklyn, NY", "", "NY", orb.Point{-73.95, 40.65}, 10}, // a post-office name, not a Census place
		{"Saint Louis, MO", "St. Louis, MO", "", "MO", orb.Point{-90.24, 38.64}, 5},
		{"Nashville", "Nashville, TN", "", "TN", orb.Point{-86.78, 36.17}, 5},          // "Nashville-Davidson metropolitan government (balance)"
		{"Honolulu", "Honolulu, HI", "", "HI", orb.Point{-157.85, 21.32}, 5},           // "Urban Honolulu CDP"
		{"Florence", "Florence, MA", "Northampton", "MA", orb.Point{-72.67, 42.33}, 5}, // a village of Northampton: MA wins
		{"Escambia County, FL", "Escambia County, FL", "", "FL", orb.Point{-87.35, 30.65}, 40},
		{"Hampden County", "Hampden County, MA", "West Springfield", "MA", orb.Point{-72.6, 42.15}, 30},
		{"Espanola, NM", "Española, NM", "", "NM", orb.Point{-106.07, 36.0}, 10},
		{"Española", "Española, NM", "", "NM", orb.Point{-106.07, 36.0}, 10},
		{"1 Main St, Springfield MA 01104", "01104", "Springfield", "MA", orb.Point{-72.57, 42.13}, 3},
	}
	g := Default()
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, err := g.Geocode(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Geocode(%q): %v", tt.q, err)
			}
			if got.Label != tt.label || got.Town != tt.town || got.State != tt.state {
				t.Errorf("Geocode(%q) = label %q town %q state %q; want %q %q %q", tt.q, got.Label, got.Town, got.State, tt.label, tt.town, tt.state)
			}
			if d := DistanceKm(got.Point, tt.near); d > tt.withinKm {
				t.Errorf("Geocode(%q) point %v is %.1f km from %v", tt.q, got.Point, d, tt.near)
			}
		})
	}
}

// TestGeocodeAmbiguous: a bare name with several places and no clear winner is a
// question back, listing them with their states, largest first.
func TestGeocodeAmbiguous(t *testing.T) {
	tests := []struct {
		g     *Gazetteer
		q     string
		first []string // the first candidates, in order
	}{
		{Default(), "Portland", []string{"Portland, OR", "Portland, ME"}},
		{Default(), "Columbus", []string{"Columbus, OH", "Columbus, GA"}},
		{Default(), "Fort Washington", []string{"Fort Washington, CA", "Fort Washington, MD", "Fort Washington, PA"}},
		{Default(), "Bethesda", []string{"Bethesda, OH"}}, // 1,205 people; Bethesda, MD (a CDP) has no estimate, so no guess
		{pensacolaRegion(t, "DC"), "Springfield", []string{"Springfield, MO", "Springfield, MA", "Springfield, IL"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, err := tt.g.Geocode(context.Background(), tt.q)
			var amb *AmbiguousError
			if !errors.As(err, &amb) || !errors.Is(err, ErrAmbiguous) || errors.Is(err, ErrNotFound) {
				t.Fatalf("Geocode(%q) err = %v, want an AmbiguousError", tt.q, err)
			}
			if len(amb.Candidates) < len(tt.first) {
				t.Fatalf("candidates %v, want at least %v", amb.Candidates, tt.first)
			}
			for i, want := range tt.first {
				if got := amb.Candidates[i].String(); got != want {
					t.Errorf("candidate %d = %q, want %q (all: %v)", i, got, want, amb.Candidates)
				}
			}
			if !strings.Contains(err.Error(), tt.first[0]) {
				t.Errorf("message %q does not name %s", err, tt.first[0])
			}
		})
	}
}

// TestGeocodeTypos: a typo is never resolved to another place; it gets the closest
// names, home-region towns first.
func TestGeocodeTypos(t *testing.T) {
	tests := []struct {
		q     string
		first string // "" means no suggestion at all
	}{
		{"Holyok", "Holyoke, MA"},
		{"holyoak", "Holyoke, MA"},
		{"Hialea", "Hialeah, FL"},
		{"Hialea, FL", "Hialeah, FL"},
		{"Springfeld, IL", "Springfield, IL"},
		{"Pensacolla", "Pensacola, FL"},
		{"Westt Springfield", "West Springfield, MA"},
		{"Xq", ""},                     // too short to guess at
		{"Qwxzvbnmlk", ""},             // nothing close
		{"Hialeah, GA", "Hialeah, FL"}, // a real name in the wrong state
	}
	g := Default()
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			pl, err := g.Geocode(context.Background(), tt.q)
			var nf *NotFoundError
			if !errors.As(err, &nf) || !errors.Is(err, ErrNotFound) {
				t.Fatalf("Geocode(%q) = %+v, %v; want a NotFoundError", tt.q, pl, err)
			}
			if tt.first == "" {
				if len(nf.Suggestions) > 0 {
					t.Errorf("suggestions %v, want none", nf.Suggestions)
				}
				return
			}
			if len(nf.Suggestions) == 0 || nf.Suggestions[0].String() != tt.first {
				t.Fatalf("suggestions %v, want %s first", nf.Suggestions, tt.first)
			}
			if !strings.Contains(err.Error(), "did you mean "+tt.first) {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestParseName(t *testing.T) {
	tests := []struct {
		in   string
		want []query
	}{
		{"Holyoke", []query{{Words: []string{"holyoke"}}}},
		{"Springfield, IL", []query{{Words: []string{"springfield"}, State: "IL"}, {Words: []string{"springfield", "il"}}}},
		{"Albany New York", []query{{Words: []string{"albany"}, State: "NY"}, {Words: []string{"albany", "new", "york"}}}},
		{"Fort Washington", []query{{Words: []string{"ft"}, State: "WA"}, {Words: []string{"ft", "washington"}}}},
		{"Springfield, Gotham", []query{{Words: []string{"springfield", "gotham"}}}},
		{", ,", nil},
		{"O'Fallon, MO, USA", []query{{Words: []string{"ofallon"}, State: "MO"}, {Words: []string{"ofallon", "mo"}}}},
	}
	for _, tt := range tests {
		got := parseName(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("parseName(%q) = %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i].Key() != tt.want[i].Key() || got[i].State != tt.want[i].State {
				t.Errorf("parseName(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestEmbeddedHomeIsDerived(t *testing.T) {
	if st, ok := Embedded().HomeStateOf(); !ok || st != "MA" || Embedded().Home() != "MA" {
		t.Errorf("embedded towns derive %q %v, home %q; want MA", st, ok, Embedded().Home())
	}
}

// pensacolaRegion is a deployment with its own boundaries (testdata/pensacola.geojson);
// home "" derives the state from them.
func pensacolaRegion(t testing.TB, home string) *Gazetteer {
	t.Helper()
	g, err := LoadBoundaries("testdata/pensacola.geojson", BoundaryOptions{NameProperty: "NAME", HomeState: home})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestOwnBoundaries: a region's own GeoJSON replaces the Massachusetts towns for town
// names and points-in-towns; the national layer stays.
func TestOwnBoundaries(t *testing.T) {
	g := pensacolaRegion(t, "")
	if g.Home() != "FL" {
		t.Errorf("home %q, want FL (derived from the ZIP codes inside)", g.Home())
	}
	if n := len(g.Towns()); n != 3 {
		t.Errorf("%d towns, want 3 (Perdido Key's two features are one town)", n)
	}
	pk, ok := g.Town("perdido key, fl")
	if !ok || pk.Name != "Perdido Key" || len(pk.Geometry) != 2 {
		t.Errorf("Town(perdido key) = %q %v with %d parts", pk.Name, ok, len(pk.Geometry))
	}
	if _, ok := g.Town("Holyoke"); ok {
		t.Error("Holyoke is a town of the Pensacola region")
	}
	for _, tt := range []struct{ q, label, town string }{
		{"Pensacola", "Pensacola", "Pensacola"},
		{"Warrington", "Warrington", "Warrington"},
		{"32501", "32501", "Pensacola"},
		{"Springfield", "Springfield, FL", ""}, // the home state wins
		{"Holyoke", "Holyoke, MA", ""},         // now one place among others
		{"Hialeah", "Hialeah, FL", ""},
	} {
		pl, err := g.Geocode(context.Background(), tt.q)
		if err != nil || pl.Label != tt.label || pl.Town != tt.town {
			t.Errorf("Geocode(%q) = %q in %q, %v; want %q in %q", tt.q, pl.Label, pl.Town, err, tt.label, tt.town)
		}
	}
	if _, err := g.Geocode(context.Background(), "Warington"); err == nil || !strings.Contains(err.Error(), "Warrington, FL") {
		t.Errorf("typo: %v", err)
	}
}

// TestBadBoundaries: a file that cannot be a region's towns says what is wrong with it.
func TestBadBoundaries(t *testing.T) {
	poly := `{"type":"Polygon","coordinates":[[[-87.25,30.40],[-87.15,30.40],[-87.15,30.55],[-87.25,30.40]]]}`
	tests := []struct {
		name, file, prop, home, want string
	}{
		{"not JSON", `{"type":`, "NAME", "", "not GeoJSON"},
		{"a geometry", poly, "NAME", "", "not a FeatureCollection"},
		{"no features", `{"type":"FeatureCollection","features":[]}`, "NAME", "", "no features"},
		{"wrong property", `{"type":"FeatureCollection","features":[{"properties":{"TOWN":"A","GEOID":"1"},"geometry":` + poly + `}]}`,
			"NAME", "", `no property "NAME" to name the town (its properties: GEOID, TOWN)`},
		{"empty name", `{"type":"FeatureCollection","features":[{"properties":{"NAME":" "},"geometry":` + poly + `}]}`, "NAME", "", "empty"},
		{"a point", `{"type":"FeatureCollection","features":[{"properties":{"NAME":"A"},"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
			"NAME", "", `feature 1 (A): unsupported geometry type "Point"`},
		{"projected", `{"type":"FeatureCollection","features":[{"properties":{"NAME":"A"},"geometry":{"type":"Polygon","coordinates":[[[-9712000,3560000],[-9700000,3560000],[-9700000,3570000],[-9712000,3560000]]]}}]}`,
			"NAME", "", "not longitude/latitude"},
		{"outside the US", `{"type":"FeatureCollection","features":[{"properties":{"NAME":"Null Island"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`,
			"NAME", "", "--home-state"},
		{"bad home state", `{"type":"FeatureCollection","features":[{"properties":{"NAME":"A"},"geometry":` + poly + `}]}`, "NAME", "XX", `"XX" is not a US state`},
		{"no property given", `{"type":"FeatureCollection","features":[]}`, "", "", "no property"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewBoundaries([]byte(tt.file), BoundaryOptions{NameProperty: tt.prop, HomeState: tt.home})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := LoadBoundaries("testdata/none.geojson", BoundaryOptions{NameProperty: "NAME"}); err == nil || !os.IsNotExist(errors.Unwrap(err)) && !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestSetDefault(t *testing.T) {
	g := pensacolaRegion(t, "")
	SetDefault(g)
	defer SetDefault(nil)
	if Default() != g || Embedded() == g {
		t.Fatal("SetDefault did not take")
	}
	if _, ok := Default().Town("Holyoke"); ok {
		t.Error("Default still has the embedded towns")
	}
}
