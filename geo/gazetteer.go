package geo

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"
)

// Gazetteer resolves place names and ZIP codes offline.
//
// It is immutable after construction, so one instance is safe for
// concurrent use by every request.
type Gazetteer struct {
	towns  []Town         // sorted by Name
	bounds []orb.Bound    // bounds[i] == towns[i].Bound, kept contiguous for TownAt's scan
	byKey  map[string]int // townKey(name) -> index into towns
	zips   map[string]orb.Point
}

var loadDefault = sync.OnceValue(func() *Gazetteer {
	g, err := newGazetteer(townsGeoJSON, zctaTSV)
	if err != nil {
		panic(fmt.Sprintf("geo: embedded data is corrupt: %v", err))
	}
	return g
})

// Default returns the gazetteer built from the embedded MassGIS towns and
// Census ZCTA points. Parsing takes tens of milliseconds, so it happens once,
// on first use, and is shared. It panics only if the embedded data is
// corrupt, which the package tests rule out for any released build.
func Default() *Gazetteer {
	return loadDefault()
}

// newGazetteer parses the two data files; kept separate from Default so that
// tests can feed it broken input.
func newGazetteer(townsJSON, zcta []byte) (*Gazetteer, error) {
	towns, err := parseTowns(townsJSON)
	if err != nil {
		return nil, fmt.Errorf("towns: %w", err)
	}
	zips, err := parseZCTA(zcta)
	if err != nil {
		return nil, fmt.Errorf("zcta: %w", err)
	}
	g := &Gazetteer{
		towns:  towns,
		bounds: make([]orb.Bound, len(towns)),
		byKey:  make(map[string]int, len(towns)),
		zips:   zips,
	}
	for i, t := range towns {
		g.bounds[i] = t.Bound
		k := townKey(t.Name)
		if _, dup := g.byKey[k]; dup {
			return nil, fmt.Errorf("towns: duplicate town %q", t.Name)
		}
		g.byKey[k] = i
	}
	return g, nil
}

func parseTowns(data []byte) ([]Town, error) {
	var fc struct {
		Features []townFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, err
	}
	if len(fc.Features) == 0 {
		return nil, fmt.Errorf("no features")
	}
	towns := make([]Town, 0, len(fc.Features))
	for i, f := range fc.Features {
		name := strings.TrimSpace(f.Properties.Town)
		if name == "" {
			return nil, fmt.Errorf("feature %d: no town name", i)
		}
		mp, err := decodeMultiPolygon(f.Geometry.Type, f.Geometry.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) < 4 {
			return nil, fmt.Errorf("%s: empty geometry", name)
		}
		towns = append(towns, newTown(name, f.Properties.FIPS.String(), mp))
	}
	slices.SortFunc(towns, func(a, b Town) int { return strings.Compare(a.Name, b.Name) })
	return towns, nil
}

// Towns returns every town sorted by name. The slice is a copy, so callers
// may sort or filter it freely.
func (g *Gazetteer) Towns() []Town {
	return slices.Clone(g.towns)
}

// Town looks a town up by what a person would type: case and spacing do not
// matter, and a trailing state ("Holyoke, MA", "Holyoke MA") is ignored.
func (g *Gazetteer) Town(name string) (Town, bool) {
	i, ok := g.byKey[townKey(name)]
	if !ok {
		return Town{}, false
	}
	return g.towns[i], true
}

// TownAt returns the town containing p. With only 351 towns a linear scan of
// their bounds (about a microsecond) beats building a tree; orb's quadtree
// indexes points, not areas, so it would not help here. A point on a shared
// boundary belongs to the first town by name, so the answer is stable.
func (g *Gazetteer) TownAt(p orb.Point) (Town, bool) {
	for i := range g.bounds {
		if g.bounds[i].Contains(p) && g.towns[i].Contains(p) {
			return g.towns[i], true
		}
	}
	return Town{}, false
}
