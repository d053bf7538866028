package geo

import (
	"slices"

	"github.com/paulmach/orb"
)

// RegionZIP is a ZIP code whose point lies in a town of the home region, with that town:
// what a phone needs to answer "near 01040" without the server (the offline snapshot).
type RegionZIP struct {
	Code  string
	Point orb.Point
	Town  string
}

// RegionZIPs returns the ZIP codes whose point (the Census ZCTA point, else GeoNames'
// rough one for a PO-box ZIP) lies in a town of the home region, sorted by code. The
// same points Geocode answers, so a distance from a ZIP is the same online and offline.
func (g *Gazetteer) RegionZIPs() []RegionZIP {
	var out []RegionZIP
	for code, info := range g.nat.zips {
		if t, ok := g.TownAt(info.Point); ok {
			out = append(out, RegionZIP{Code: code, Point: info.Point, Town: t.Name})
		}
	}
	slices.SortFunc(out, func(a, b RegionZIP) int {
		if a.Code < b.Code {
			return -1
		}
		if a.Code > b.Code {
			return 1
		}
		return 0
	})
	return out
}
