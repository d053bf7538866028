package directory

import (
	"strings"
	"time"
	_ "time/tzdata" // the binary must know every zone without the host's zoneinfo
)

// DefaultZone is the zone assumed when nothing about a location says otherwise: Handoff
// grew out of a western Massachusetts program, so its data is mostly Eastern.
const DefaultZone = "America/New_York"

// stateZones maps US states and territories (USPS codes) to the IANA zone most of their
// people live in. HSDS 3.0 carries only a numeric UTC offset on schedules, which cannot
// follow daylight saving time, so Handoff derives the zone from where the location is:
// from its map point through the time-zone boundaries (tzpoint.go) when it has one, and
// from this table only when it has none (or the point is outside every US zone). Thirteen
// states span two zones, so the table is wrong for the Florida panhandle, El Paso, Gary
// and the like; the boundaries are right there.
var stateZones = map[string]string{
	"CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York", "FL": "America/New_York",
	"GA": "America/New_York", "IN": "America/Indiana/Indianapolis", "KY": "America/New_York",
	"ME": "America/New_York", "MD": "America/New_York", "MA": "America/New_York", "MI": "America/Detroit",
	"NH": "America/New_York", "NJ": "America/New_York", "NY": "America/New_York", "NC": "America/New_York",
	"OH": "America/New_York", "PA": "America/New_York", "RI": "America/New_York", "SC": "America/New_York",
	"VT": "America/New_York", "VA": "America/New_York", "WV": "America/New_York",
	"AL": "America/Chicago", "AR": "America/Chicago", "IL": "America/Chicago", "IA": "America/Chicago",
	"KS": "America/Chicago", "LA": "America/Chicago", "MN": "America/Chicago", "MS": "America/Chicago",
	"MO": "America/Chicago", "NE": "America/Chicago", "ND": "America/Chicago", "OK": "America/Chicago",
	"SD": "America/Chicago", "TN": "America/Chicago", "TX": "America/Chicago", "WI": "America/Chicago",
	"AZ": "America/Phoenix", "CO": "America/Denver", "ID": "America/Boise", "MT": "America/Denver",
	"NM": "America/Denver", "UT": "America/Denver", "WY": "America/Denver",
	"CA": "America/Los_Angeles", "NV": "America/Los_Angeles", "OR": "America/Los_Angeles", "WA": "America/Los_Angeles",
	"AK": "America/Anchorage", "HI": "Pacific/Honolulu",
	"PR": "America/Puerto_Rico", "VI": "America/St_Thomas", "GU": "Pacific/Guam", "AS": "Pacific/Pago_Pago",
	"MP": "Pacific/Saipan",
}

// stateNames lets a full state name stand in for its code ("Massachusetts", "california").
var stateNames = map[string]string{
	"alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
	"connecticut": "CT", "delaware": "DE", "district of columbia": "DC", "florida": "FL", "georgia": "GA",
	"hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
	"kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
	"michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
	"nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
	"new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
	"oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
	"tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
	"west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
}

// ZoneName returns the IANA zone of a US location: from its map point through the
// time-zone boundaries when it has one inside a US zone (Pensacola, FL is Central, not
// Eastern); else from its address's state; else, for a point, from a longitude band (see
// zoneByPoint); else DefaultZone.
func ZoneName(state string, lon, lat float64, hasPoint bool) string {
	if hasPoint {
		if z := boundaryZone(lon, lat); z != "" {
			return z
		}
	}
	s := strings.TrimSpace(state)
	if code, ok := stateNames[strings.ToLower(s)]; ok {
		s = code
	}
	if z, ok := stateZones[strings.ToUpper(s)]; ok {
		return z
	}
	if hasPoint {
		if z := zoneByPoint(lon, lat); z != "" {
			return z
		}
	}
	return DefaultZone
}

// zoneByPoint approximates the US zones by longitude. It answers only for a point that
// the boundaries put outside every US zone (a geocode a little out to sea, where the
// boundary data has an "Etc/GMT+5" ocean zone) and whose location has no state; the
// bands follow the real boundaries within a county or two in most of the country. Points
// well outside the United States get no answer.
func zoneByPoint(lon, lat float64) string {
	switch {
	case lat >= 51 && lon <= -130:
		return "America/Anchorage"
	case lat >= 18 && lat <= 23 && lon <= -154 && lon >= -161:
		return "Pacific/Honolulu"
	case lat < 24 || lat > 50 || lon < -125 || lon > -66:
		return ""
	case lon > -85.5:
		return "America/New_York"
	case lon > -101.5:
		return "America/Chicago"
	case lon > -114.5:
		return "America/Denver"
	}
	return "America/Los_Angeles"
}

var zoneCache = map[string]*time.Location{}

func init() {
	// Every zone the tables name is loaded once, so that lookups need no lock.
	names := map[string]bool{DefaultZone: true, "America/Anchorage": true, "Pacific/Honolulu": true,
		"America/Chicago": true, "America/Denver": true, "America/Los_Angeles": true}
	for _, z := range stateZones {
		names[z] = true
	}
	for z := range usZones {
		names[z] = true
	}
	for n := range names {
		loc, err := time.LoadLocation(n)
		if err != nil {
			panic("directory: time zone " + n + ": " + err.Error())
		}
		zoneCache[n] = loc
	}
}

// Zone returns the loaded *time.Location of a zone name from ZoneName, or of DefaultZone
// for a name it does not know.
func Zone(name string) *time.Location {
	if loc, ok := zoneCache[name]; ok {
		return loc
	}
	return zoneCache[DefaultZone]
}
