package geo

import (
	"fmt"
	"os"
	"slices"
)

// BoundaryOptions says how to read a region's own boundary file.
type BoundaryOptions struct {
	// NameProperty is the feature property that names each town ("NAME", "town").
	NameProperty string
	// HomeState is the region's state code ("FL"); empty: derived from the boundaries
	// (HomeStateOf).
	HomeState string
}

// LoadBoundaries builds a gazetteer whose home region is the towns of a GeoJSON
// FeatureCollection file (WGS84 longitude/latitude, Polygon or MultiPolygon features,
// one property naming each town; features that share a name are one town). The towns
// are then the service-area layer and the names that win for a bare name, exactly as
// the embedded Massachusetts towns are by default; the national layer is the same.
// Every problem with the file is an error that names it.
func LoadBoundaries(path string, opts BoundaryOptions) (*Gazetteer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("boundaries: %w", err)
	}
	g, err := NewBoundaries(data, opts)
	if err != nil {
		return nil, fmt.Errorf("boundaries %s: %w", path, err)
	}
	return g, nil
}

// NewBoundaries is LoadBoundaries for a file already read.
func NewBoundaries(data []byte, opts BoundaryOptions) (*Gazetteer, error) {
	if opts.NameProperty == "" {
		return nil, fmt.Errorf("no property to name the towns by was given")
	}
	towns, err := parseTowns(data, opts.NameProperty)
	if err != nil {
		return nil, err
	}
	nat := loadNational()
	home := opts.HomeState
	if home != "" {
		st, ok := ValidState(home)
		if !ok {
			return nil, fmt.Errorf("home state %q is not a US state code such as MA", home)
		}
		home = st
	} else {
		st, ok := homeStateOf(towns, nat)
		if !ok {
			return nil, fmt.Errorf("no US ZIP code lies inside these boundaries, so their state is unknown: say it (--home-state)")
		}
		home = st
	}
	g, err := newGazetteer(towns, nat, home)
	if err != nil {
		return nil, err
	}
	return g, nil
}

// homeStateOf derives the home state from the boundaries: the state of most of the ZIP
// code points (ZCTAs, USPS state) that fall inside them. A region that straddles a
// state line takes the state of most of its ZIP codes.
func homeStateOf(towns []Town, nat *national) (string, bool) {
	if len(towns) == 0 {
		return "", false
	}
	all := towns[0].Bound
	for _, t := range towns[1:] {
		all = all.Union(t.Bound)
	}
	count := map[string]int{}
	for _, info := range nat.zips {
		if !info.ZCTA || info.State == "" || !all.Contains(info.Point) {
			continue
		}
		for i := range towns {
			if towns[i].Contains(info.Point) {
				count[info.State]++
				break
			}
		}
	}
	if len(count) == 0 {
		return "", false
	}
	sts := sortedKeys(count)
	return slices.MaxFunc(sts, func(a, b string) int { return count[a] - count[b] }), true
}

// HomeStateOf is the state the gazetteer's own towns derive (as a boundary file's home
// state is derived when none is given), for checking the embedded data.
func (g *Gazetteer) HomeStateOf() (string, bool) {
	return homeStateOf(g.towns, g.nat)
}
