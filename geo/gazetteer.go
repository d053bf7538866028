package geo

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"
)

// Gazetteer resolves place names and ZIP codes offline: the home region's towns (the
// boundaries that make service areas, Massachusetts by default) and, around them, every
// ZIP code, Census place, post-office name and county of the United States.
//
// It is immutable after construction, so one instance is safe for
// concurrent use by every request.
type Gazetteer struct {
	towns  []Town         // sorted by Name
	bounds []orb.Bound    // bounds[i] == towns[i].Bound, kept contiguous for TownAt's scan
	byKey  map[string]int // squash(name) -> index into towns
	home   string         // the home region's state code: its names win for a bare name
	nat    *national
}

var loadEmbedded = sync.OnceValue(func() *Gazetteer {
	towns, err := parseTowns(townsGeoJSON, "town")
	if err != nil {
		panic(fmt.Sprintf("geo: embedded data is corrupt: %v", err))
	}
	g, err := newGazetteer(towns, loadNational(), "MA")
	if err != nil {
		panic(fmt.Sprintf("geo: embedded data is corrupt: %v", err))
	}
	return g
})

// configured is the gazetteer SetDefault installed, if any.
var configured struct {
	sync.RWMutex
	g *Gazetteer
}

// Embedded returns the gazetteer built from the embedded MassGIS towns and the national
// data, whatever SetDefault installed: the demo directory is in Massachusetts.
// Parsing takes tens of milliseconds, so it happens once, on first use, and is
// shared. It panics only if the embedded data is corrupt, which the package tests
// rule out for any released build.
func Embedded() *Gazetteer {
	return loadEmbedded()
}

// Default returns the deployment's gazetteer: the one SetDefault installed (a region's
// own boundaries), else Embedded.
func Default() *Gazetteer {
	configured.RLock()
	g := configured.g
	configured.RUnlock()
	if g != nil {
		return g
	}
	return loadEmbedded()
}

// SetDefault makes g what Default returns, for a deployment that loads its own region's
// boundaries (LoadBoundaries); nil restores the embedded one. The command line calls it
// once at start, before serving or importing, so that every part (search, imports,
// encounters) answers with the same towns.
func SetDefault(g *Gazetteer) {
	configured.Lock()
	configured.g = g
	configured.Unlock()
}

// newGazetteer indexes the home region's towns over the national layer.
func newGazetteer(towns []Town, nat *national, home string) (*Gazetteer, error) {
	g := &Gazetteer{
		towns:  towns,
		bounds: make([]orb.Bound, len(towns)),
		byKey:  make(map[string]int, len(towns)),
		home:   home,
		nat:    nat,
	}
	for i, t := range towns {
		g.bounds[i] = t.Bound
		k := squash(t.Name)
		if k == "" {
			return nil, fmt.Errorf("towns: %q has no letters", t.Name)
		}
		if _, dup := g.byKey[k]; dup {
			return nil, fmt.Errorf("towns: duplicate town %q", t.Name)
		}
		g.byKey[k] = i
	}
	return g, nil
}

// Home is the home region's state code ("MA"): a bare name found there wins over its
// namesakes elsewhere.
func (g *Gazetteer) Home() string { return g.home }

// parseTowns reads a boundary FeatureCollection whose features name their town in the
// property nameProp. Features that share a name are one town of several parts.
func parseTowns(data []byte, nameProp string) ([]Town, error) {
	var fc struct {
		Type     string            `json:"type"`
		Features []boundaryFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	if fc.Type != "" && fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("a GeoJSON %s, not a FeatureCollection of the towns", fc.Type)
	}
	if len(fc.Features) == 0 {
		return nil, fmt.Errorf("no features")
	}
	var order []string
	parts := map[string]orb.MultiPolygon{}
	county := map[string]string{}
	for i, f := range fc.Features {
		name, err := f.name(nameProp)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i+1, err)
		}
		mp, err := decodeMultiPolygon(f.Geometry.Type, f.Geometry.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("feature %d (%s): %w", i+1, name, err)
		}
		if err := checkPolygons(mp); err != nil {
			return nil, fmt.Errorf("feature %d (%s): %w", i+1, name, err)
		}
		if _, seen := parts[name]; !seen {
			order = append(order, name)
			county[name] = f.county()
		}
		parts[name] = append(parts[name], mp...)
	}
	towns := make([]Town, 0, len(order))
	for _, name := range order {
		towns = append(towns, newTown(name, county[name], parts[name]))
	}
	slices.SortFunc(towns, func(a, b Town) int { return strings.Compare(a.Name, b.Name) })
	return towns, nil
}

// Towns returns every town sorted by name. The slice is a copy, so callers
// may sort or filter it freely.
func (g *Gazetteer) Towns() []Town {
	return slices.Clone(g.towns)
}

// Town looks a town of the home region up by what a person would type: case, accents
// and spacing do not matter, and a trailing home state ("Holyoke, MA", "Holyoke MA",
// "Holyoke, Massachusetts") is accepted. A name with another state is not a town here.
func (g *Gazetteer) Town(name string) (Town, bool) {
	for _, q := range parseName(name) {
		if q.State != "" && q.State != g.home {
			continue
		}
		for _, k := range q.keys() {
			if i, ok := g.byKey[k]; ok {
				return g.towns[i], true
			}
		}
	}
	return Town{}, false
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
