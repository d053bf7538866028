package search

import (
	"math"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/paulmach/orb"

	"handoff/geo"
)

// maxCoverCells bounds the cells a geo filter looks up. More, smaller cells fit a circle
// more tightly (fewer candidates to check) but cost a term lookup each; the benchmarks in
// geofilter_test.go chose the number.
const maxCoverCells = 8

// geoPlan is the "where" of a query, planned in two stages. The index stage is a
// disjunction of grid-cell terms that covers the circle (or map rectangle), plus the
// service terms of services whose service areas contain the point: bleve reads it as one
// bitmap and intersects it with the text. The exact stage is the ranker's: it measures
// each candidate's distance from the in-memory point and drops those outside the radius,
// unless the candidate's service area holds the point.
type geoPlan struct {
	point    orb.Point
	hasPoint bool
	radiusKm float64
	cosLat   float64 // of the point, for the quick distance
	bound    *orb.Bound
	cells    []geo.Cell
	areaHits map[*serviceAreas]bool
}

// planGeo plans the query's place, or returns nil for a query without one.
func planGeo(q *Query, areas *areaIndex) *geoPlan {
	switch {
	case q.Point != nil:
		g := &geoPlan{point: *q.Point, hasPoint: true, radiusKm: q.RadiusKm, cosLat: math.Cos(q.Point[1] * math.Pi / 180)}
		g.cells = geo.CoverCircle(g.point, g.radiusKm, maxCoverCells)
		if hits := areas.containing(g.point); len(hits) > 0 {
			g.areaHits = make(map[*serviceAreas]bool, len(hits))
			for _, sa := range hits {
				g.areaHits[sa] = true
			}
		}
		if q.Bound != nil {
			g.bound = q.Bound
		}
		return g
	case q.Bound != nil:
		return &geoPlan{bound: q.Bound, cells: geo.CoverBound(*q.Bound, maxCoverCells)}
	}
	return nil
}

// query is the index stage.
func (g *geoPlan) query() query.Query {
	qs := make([]query.Query, 0, len(g.cells)+len(g.areaHits))
	buf := make([]byte, 0, 16)
	for _, c := range g.cells {
		buf = c.AppendToken(buf[:0])
		t := query.NewTermQuery(string(buf))
		t.SetField(fieldCell)
		qs = append(qs, t)
	}
	for sa := range g.areaHits {
		qs = append(qs, tagQuery(tagService+sa.serviceID))
	}
	if len(qs) == 0 {
		return query.NewMatchNoneQuery()
	}
	return filterQuery{one(qs, false)}
}

// distanceKm is the distance to the point: the flat-earth approximation, which is within
// a few metres of the great-circle distance over the radii searched and ten times
// cheaper, and the exact distance when a candidate is that close to the radius.
func (g *geoPlan) distanceKm(p orb.Point) float64 {
	dx := (p[0] - g.point[0]) * g.cosLat
	dy := p[1] - g.point[1]
	d := math.Sqrt(dx*dx+dy*dy) * kmPerDegree
	if math.Abs(d-g.radiusKm) < 0.01*g.radiusKm+0.05 || d > 200 {
		return geo.DistanceKm(g.point, p)
	}
	return d
}

// farAway is a first look at a candidate from its slot alone: a site clearly outside the
// radius, with no service area that could bring it back. Borderline cases are left to
// locate.
func (g *geoPlan) farAway(s *slot) bool {
	if g == nil || !g.hasPoint || s.kind != kindSite || s.hasAreas {
		return false
	}
	dx := (float64(s.lon) - g.point[0]) * g.cosLat
	dy := float64(s.lat) - g.point[1]
	return math.Sqrt(dx*dx+dy*dy)*kmPerDegree > g.radiusKm*1.02+0.1
}

// kmPerDegree is a degree of latitude on the sphere of geo.DistanceKm.
const kmPerDegree = 2 * math.Pi * 6378.137 / 360

// place is where a candidate is, as the exact stage sees it.
type place struct {
	ok       bool    // within the query's place
	distance float64 // km from the point; 0 when served through its area
	measured bool    // distance is a real distance to a site
	byArea   bool    // found because its service area holds the point
}

// locate is the exact stage for one candidate.
func (g *geoPlan) locate(e *entry) place {
	if g == nil {
		return place{ok: true}
	}
	var p place
	if e.kind == kindSite {
		if g.bound != nil && !g.bound.Contains(e.point) {
			return place{}
		}
		if !g.hasPoint {
			return place{ok: true}
		}
		p.distance = g.distanceKm(e.point)
		p.measured = true
		p.ok = p.distance <= g.radiusKm
	} else if g.bound != nil && !g.hasPoint {
		return place{} // nothing to draw on a map
	}
	if !p.ok && e.areas != nil && g.areaHits[e.areas] {
		p.ok, p.byArea = true, true
		if e.kind != kindSite {
			p.distance = 0
		}
	}
	return p
}
