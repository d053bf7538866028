package geo

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Grid cells let a text index answer "near here" with plain term lookups: every point is
// indexed with the cell that holds it at each grid level, and a circle is turned into the
// few cells that cover it. The grid is regular in degrees (cells narrow towards the poles,
// which only makes coverings a little larger there), and levels grow by a factor of
// three, so that a covering of a few dozen cells fits any radius from a city block to a
// region: about 5.5 km cells for a walk-in across town, 150 km cells for a county-wide
// search.
var gridLevels = [...]float64{0.05, 0.15, 0.45, 1.35, 4.05}

// GridLevels is the number of levels a point is indexed at.
const GridLevels = len(gridLevels)

// Cell is one grid cell: its level and its row (latitude) and column (longitude).
type Cell struct {
	Level    int
	Row, Col int32
}

// CellAt returns the cell of p at a level.
func CellAt(level int, p orb.Point) Cell {
	s := gridLevels[level]
	return Cell{level, int32(math.Floor(p[1] / s)), int32(math.Floor(p[0] / s))}
}

// Token is the cell as an index term: level, row and column, e.g. "g1:280:-484".
func (c Cell) Token() string {
	b := make([]byte, 0, 16)
	return string(c.AppendToken(b))
}

// AppendToken appends the cell's term to b, for callers that reuse a buffer.
func (c Cell) AppendToken(b []byte) []byte {
	b = append(b, 'g', byte('0'+c.Level), ':')
	b = strconv.AppendInt(b, int64(c.Row), 10)
	b = append(b, ':')
	return strconv.AppendInt(b, int64(c.Col), 10)
}

// Bound is the cell's rectangle.
func (c Cell) Bound() orb.Bound {
	s := gridLevels[c.Level]
	return orb.Bound{Min: orb.Point{float64(c.Col) * s, float64(c.Row) * s},
		Max: orb.Point{float64(c.Col+1) * s, float64(c.Row+1) * s}}
}

// kmPerDegreeLat is the length of a degree of latitude on the sphere DistanceKm uses.
const kmPerDegreeLat = 2 * math.Pi * orb.EarthRadius / 1000 / 360

// CircleBound returns the latitude/longitude rectangle that holds the circle of radius
// km around p. Near the poles the rectangle spans all longitudes.
func CircleBound(p orb.Point, km float64) orb.Bound {
	dLat := km / kmPerDegreeLat
	cos := math.Cos((math.Abs(p[1]) + dLat) * math.Pi / 180)
	dLon := 180.0
	if cos > 0.01 {
		dLon = math.Min(180, km/(kmPerDegreeLat*cos))
	}
	return orb.Bound{Min: orb.Point{p[0] - dLon, math.Max(-90, p[1]-dLat)},
		Max: orb.Point{p[0] + dLon, math.Min(90, p[1]+dLat)}}
}

// CoverCircle returns the cells of one level that may hold points within km of p: the
// finest level whose covering has at most maxCells cells, without the cells of the
// bounding rectangle that the circle does not reach. The coarsest level is used when no
// level is small enough. Callers still check each point's exact distance.
func CoverCircle(p orb.Point, km float64, maxCells int) []Cell {
	b := CircleBound(p, km)
	// The small slack keeps rounding from dropping a cell whose edge is at the radius.
	return cover(b, maxCells, func(c Cell) bool { return distanceToBoundKm(p, c.Bound()) <= km*1.0001+0.001 })
}

// CoverBound returns the cells of one level that cover a rectangle, as CoverCircle does
// for a circle.
func CoverBound(b orb.Bound, maxCells int) []Cell {
	return cover(b, maxCells, func(Cell) bool { return true })
}

func cover(b orb.Bound, maxCells int, keep func(Cell) bool) []Cell {
	for level := range gridLevels {
		lo, hi := CellAt(level, b.Min), CellAt(level, b.Max)
		n := int64(hi.Row-lo.Row+1) * int64(hi.Col-lo.Col+1)
		if n > int64(maxCells) && level < len(gridLevels)-1 {
			continue
		}
		out := make([]Cell, 0, n)
		for r := lo.Row; r <= hi.Row; r++ {
			for c := lo.Col; c <= hi.Col; c++ {
				if cell := (Cell{level, r, c}); keep(cell) {
					out = append(out, cell)
				}
			}
		}
		return out
	}
	return nil
}

// distanceToBoundKm is the distance from p to the nearest point of b (0 inside). The
// nearest point of a lat/lon rectangle is p clamped into it, which is exact for the
// latitude and a close enough bound for the small rectangles of a covering.
func distanceToBoundKm(p orb.Point, b orb.Bound) float64 {
	q := orb.Point{math.Max(b.Min[0], math.Min(p[0], b.Max[0])), math.Max(b.Min[1], math.Min(p[1], b.Max[1]))}
	if q == p {
		return 0
	}
	return DistanceKm(p, q)
}
