package geo

import (
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
)

// GeoJSON is read and written with encoding/json directly into orb types
// (orb.Point is [2]float64, orb.Ring is []orb.Point, so GeoJSON coordinates
// decode natively). orb/geojson would do the same but imports
// go.mongodb.org/mongo-driver/v2/bson, a module go.mod does not require yet;
// these two functions are the only place to change if it is added.

// townFeature is the part of a MassGIS feature the gazetteer needs.
type townFeature struct {
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties struct {
		Town string      `json:"town"`
		FIPS json.Number `json:"fips_stco"`
	} `json:"properties"`
}

// decodeMultiPolygon normalises a Polygon or MultiPolygon geometry to a
// MultiPolygon so that every town is handled by one code path.
func decodeMultiPolygon(typ string, coords json.RawMessage) (orb.MultiPolygon, error) {
	switch typ {
	case "Polygon":
		var p orb.Polygon
		if err := json.Unmarshal(coords, &p); err != nil {
			return nil, err
		}
		return orb.MultiPolygon{p}, nil
	case "MultiPolygon":
		var mp orb.MultiPolygon
		if err := json.Unmarshal(coords, &mp); err != nil {
			return nil, err
		}
		return mp, nil
	}
	return nil, fmt.Errorf("unsupported geometry type %q", typ)
}

// encodeMultiPolygon renders a GeoJSON geometry object.
func encodeMultiPolygon(mp orb.MultiPolygon) string {
	b, err := json.Marshal(struct {
		Type        string           `json:"type"`
		Coordinates orb.MultiPolygon `json:"coordinates"`
	}{"MultiPolygon", mp})
	if err != nil {
		// Only NaN or Inf coordinates can fail, and parsed JSON has none.
		panic(fmt.Sprintf("geo: encoding geometry: %v", err))
	}
	return string(b)
}
