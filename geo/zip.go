package geo

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ZIP returns the Census internal point of a 5-digit ZIP Code Tabulation
// Area. It accepts ZIP+4 ("01040-1234"), since people paste full addresses,
// and uses only the first five digits. PO-box-only ZIPs (01101) are not
// ZCTAs and are not found.
func (g *Gazetteer) ZIP(code string) (orb.Point, bool) {
	z, ok := normalizeZIP(code)
	if !ok {
		return orb.Point{}, false
	}
	p, ok := g.zips[z]
	return p, ok
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

// parseZCTA reads the Census Gazetteer ZCTA file. Columns are found by header
// name because this copy has longitude before latitude, unlike the Census
// original; rows whose GEOID is not five digits (the blank trailer) are
// skipped. CRLF and LF line endings are both accepted.
func parseZCTA(data []byte) (map[string]orb.Point, error) {
	lines := bytes.Split(data, []byte("\n"))
	header := strings.Split(strings.TrimRight(string(lines[0]), "\r"), "\t")
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	iz, ok1 := col["GEOID"]
	ilon, ok2 := col["INTPTLONG"]
	ilat, ok3 := col["INTPTLAT"]
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("header %q lacks GEOID, INTPTLONG or INTPTLAT", header)
	}
	need := max(iz, ilon, ilat) + 1

	zips := make(map[string]orb.Point, len(lines))
	for n, line := range lines[1:] {
		f := strings.Split(strings.TrimRight(string(line), "\r"), "\t")
		if len(f) < need {
			if strings.TrimSpace(string(line)) == "" {
				continue
			}
			return nil, fmt.Errorf("line %d: %d fields, want %d", n+2, len(f), need)
		}
		z := strings.TrimSpace(f[iz])
		if len(z) != 5 || !allDigits(z) {
			continue
		}
		lon, err1 := strconv.ParseFloat(strings.TrimSpace(f[ilon]), 64)
		lat, err2 := strconv.ParseFloat(strings.TrimSpace(f[ilat]), 64)
		if err1 != nil || err2 != nil || !validLonLat(lon, lat) {
			return nil, fmt.Errorf("line %d: bad coordinates for %s", n+2, z)
		}
		zips[z] = orb.Point{lon, lat}
	}
	if len(zips) == 0 {
		return nil, fmt.Errorf("no ZCTAs")
	}
	return zips, nil
}

func validLonLat(lon, lat float64) bool {
	return !math.IsNaN(lon) && !math.IsNaN(lat) &&
		lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}
