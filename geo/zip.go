package geo

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// ZIP returns the Census internal point of a 5-digit ZIP Code Tabulation
// Area. It accepts ZIP+4 ("01040-1234"), since people paste full addresses,
// and uses only the first five digits. PO-box-only ZIPs (01101) are not
// ZCTAs and are not found here: their GeoNames points are too rough to judge
// an address by (Geocode still answers them).
func (g *Gazetteer) ZIP(code string) (orb.Point, bool) {
	z, ok := normalizeZIP(code)
	if !ok {
		return orb.Point{}, false
	}
	info, ok := g.nat.zips[z]
	return info.Point, ok && info.ZCTA
}

// normalizeZIP reduces "01040", " 01040 ", "01040-1234" and "010401234" to
// "01040". Anything else is not a ZIP, which lets Geocode tell a mistyped
// ZIP from a town name.
func normalizeZIP(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch {
	case len(s) == 5 && allDigits(s):
	case len(s) == 10 && s[5] == '-' && allDigits(s[:5]) && allDigits(s[6:]):
	case len(s) == 9 && allDigits(s):
	default:
		return "", false
	}
	return s[:5], true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func validLonLat(lon, lat float64) bool {
	return !math.IsNaN(lon) && !math.IsNaN(lat) &&
		lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}
