package geo

import (
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Town is one city or town of the home region (a Massachusetts city or town by
// default, or a feature of a deployment's own boundary file).
//
// Town is a value for convenient passing around, but Geometry is shared with
// the Gazetteer that produced it: treat it as read-only.
type Town struct {
	Name     string           // Title Case, e.g. "West Springfield"
	County   string           // county FIPS, e.g. "25013"
	Geometry orb.MultiPolygon // polygons normalised to MultiPolygon
	Bound    orb.Bound
	Centroid orb.Point // a representative point INSIDE the town
}

// Contains reports whether p lies in the town; points on the boundary count
// as inside. The bound check first rejects almost every point for the price
// of four comparisons, which is what keeps TownAt fast.
func (t Town) Contains(p orb.Point) bool {
	return t.Bound.Contains(p) && planar.MultiPolygonContains(t.Geometry, p)
}

// GeoJSON returns the town's boundary as a GeoJSON geometry object, the form
// HSDS expects in service_area.extent. It is always a MultiPolygon, even for
// single-polygon towns, so consumers need only one case.
func (t Town) GeoJSON() string {
	return encodeMultiPolygon(t.Geometry)
}

// randomPointTries bounds rejection sampling. The worst town (Gosnold, a
// chain of islands) fills 12% of its bound, so hitting this limit means the
// geometry is broken rather than unlucky.
const randomPointTries = 100_000

// RandomPoint draws a point inside the town, for demo data and tests that
// need plausible addresses. It is deterministic for a given r, so seeded
// demo data is reproducible. Points are uniform in longitude/latitude, not
// exactly in area (the difference across one town is negligible), and are
// rounded to 6 decimals (about 0.1 m) as stored data would be; the rounded
// point is the one tested for containment, so it is always inside. If the
// geometry is so degenerate that sampling fails, the Centroid is returned.
func (t Town) RandomPoint(r *rand.Rand) orb.Point {
	b := t.Bound
	for range randomPointTries {
		p := orb.Point{
			b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1]),
		}
		p = round6(p)
		if t.Contains(p) {
			return p
		}
	}
	return t.Centroid
}

// round6 rounds to 6 decimal places, the precision of the source data and
// of what the API shows.
func round6(p orb.Point) orb.Point {
	return orb.Round(p, 1e6).(orb.Point)
}

// newTown builds a Town from a boundary feature's name and polygons.
func newTown(name, county string, mp orb.MultiPolygon) Town {
	t := Town{
		Name:     name,
		County:   county,
		Geometry: mp,
		Bound:    mp.Bound(),
	}
	t.Centroid = representativePoint(mp)
	return t
}

// representativePoint prefers the area centroid because it is where people
// expect "the middle of town" to be, but a crescent-shaped or island town can
// have its centroid outside itself, and a "town" point that TownAt does not
// place in the town would be a bug magnet.
func representativePoint(mp orb.MultiPolygon) orb.Point {
	c, _ := planar.CentroidArea(mp)
	if !planar.MultiPolygonContains(mp, c) {
		c = interiorPoint(mp, c[1])
	}
	if r := round6(c); planar.MultiPolygonContains(mp, r) {
		return r
	}
	return c
}

// titleCase turns MassGIS's "WEST SPRINGFIELD" into "West Springfield".
// strings.Title is deprecated and the names are plain ASCII words, so a
// word-by-word capitalisation is all that is needed.
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
