package geo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// GeoJSON is read and written with encoding/json directly into orb types
// (orb.Point is [2]float64, orb.Ring is []orb.Point, so GeoJSON coordinates
// decode natively). orb/geojson would do the same but imports
// go.mongodb.org/mongo-driver/v2/bson, a module go.mod does not require yet;
// these two functions are the only place to change if it is added.

// boundaryFeature is the part of a boundary feature the gazetteer needs: its geometry
// and its properties, of which one names the town (MassGIS: "town").
type boundaryFeature struct {
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// name is the town's name from the property prop, Title Case when the file shouts it
// ("WEST SPRINGFIELD"); a missing or empty property is an error listing the properties
// the feature has, so a wrong --boundary-name-property is easy to correct.
func (f boundaryFeature) name(prop string) (string, error) {
	v, ok := f.Properties[prop]
	if !ok {
		have := sortedKeys(f.Properties)
		return "", fmt.Errorf("no property %q to name the town (its properties: %s)", prop, strings.Join(have, ", "))
	}
	var name string
	switch v := v.(type) {
	case string:
		name = strings.Join(strings.Fields(v), " ")
	case float64:
		name = strconv.FormatFloat(v, 'f', -1, 64)
	}
	if name == "" {
		return "", fmt.Errorf("property %q is empty or not text", prop)
	}
	if strings.ToUpper(name) == name {
		name = titleCase(name)
	}
	return name, nil
}

// county is the MassGIS county FIPS (fips_stco, a number such as 25013), when the
// feature has one.
func (f boundaryFeature) county() string {
	switch v := f.Properties["fips_stco"].(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return ""
}

// checkPolygons rejects geometry a town cannot be made of: an empty polygon, a ring of
// fewer than four positions, or coordinates that are not WGS84 longitude/latitude (the
// commonest mistake: a file still in a projected system such as Web Mercator).
func checkPolygons(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return fmt.Errorf("empty geometry")
	}
	for _, p := range mp {
		if len(p) == 0 || len(p[0]) < 4 {
			return fmt.Errorf("a polygon with no outer ring of at least 4 positions")
		}
		for _, r := range p {
			for _, pt := range r {
				if !validLonLat(pt[0], pt[1]) {
					return fmt.Errorf("coordinates %v are not longitude/latitude in degrees (WGS84, EPSG:4326): reproject the file", pt)
				}
			}
		}
	}
	return nil
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
