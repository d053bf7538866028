package geo

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Area is a service area: the polygons a service covers (HSDS service_area.extent with
// extent_type "geojson"), ready for point-in-area tests.
type Area struct {
	Geometry orb.MultiPolygon
	Bound    orb.Bound
}

// ErrNotPolygon means a GeoJSON extent holds no polygon: a point or a line cannot contain
// anyone, so such an extent does not make a service area.
var ErrNotPolygon = errors.New("geo: the extent is not a Polygon or MultiPolygon")

// ParseArea reads a GeoJSON Polygon or MultiPolygon, bare or wrapped in a Feature or a
// FeatureCollection (whose polygons are joined), as HSDS publishers write extents.
func ParseArea(extent string) (Area, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
		Geometry    json.RawMessage `json:"geometry"`
		Features    []struct {
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(extent), &g); err != nil {
		return Area{}, fmt.Errorf("geo: extent is not GeoJSON: %w", err)
	}
	var mp orb.MultiPolygon
	switch g.Type {
	case "Polygon", "MultiPolygon":
		var err error
		if mp, err = decodeMultiPolygon(g.Type, g.Coordinates); err != nil {
			return Area{}, fmt.Errorf("geo: extent: %w", err)
		}
	case "Feature":
		return ParseArea(string(g.Geometry))
	case "FeatureCollection":
		for _, f := range g.Features {
			a, err := ParseArea(string(f.Geometry))
			if errors.Is(err, ErrNotPolygon) {
				continue
			}
			if err != nil {
				return Area{}, err
			}
			mp = append(mp, a.Geometry...)
		}
	default:
		return Area{}, ErrNotPolygon
	}
	if len(mp) == 0 {
		return Area{}, ErrNotPolygon
	}
	return Area{Geometry: mp, Bound: mp.Bound()}, nil
}

// Contains reports whether p lies in the area; points on the boundary count as inside,
// as for towns. The bound rejects most points for four comparisons.
func (a *Area) Contains(p orb.Point) bool {
	return a.Bound.Contains(p) && planar.MultiPolygonContains(a.Geometry, p)
}

// Centroid is a representative point of the area, for areas that need one (the time
// zone of a hotline with no address).
func (a *Area) Centroid() orb.Point {
	return a.Bound.Center()
}
