package directory

import (
	"sync"

	"github.com/ringsaturn/tzf"
)

// usZones are the IANA zones of the United States and its territories (zone.tab, country
// US, PR, VI, GU, AS, MP). A point whose boundary zone is not one of them (the sea, Canada,
// Mexico) is not trusted to say a US listing's zone: the state table answers instead.
var usZones = map[string]bool{
	"America/New_York": true, "America/Detroit": true, "America/Kentucky/Louisville": true,
	"America/Kentucky/Monticello": true, "America/Indiana/Indianapolis": true, "America/Indiana/Vincennes": true,
	"America/Indiana/Winamac": true, "America/Indiana/Marengo": true, "America/Indiana/Petersburg": true,
	"America/Indiana/Vevay": true, "America/Chicago": true, "America/Indiana/Tell_City": true,
	"America/Indiana/Knox": true, "America/Menominee": true, "America/North_Dakota/Center": true,
	"America/North_Dakota/New_Salem": true, "America/North_Dakota/Beulah": true, "America/Denver": true,
	"America/Boise": true, "America/Phoenix": true, "America/Los_Angeles": true, "America/Anchorage": true,
	"America/Juneau": true, "America/Sitka": true, "America/Metlakatla": true, "America/Yakutat": true,
	"America/Nome": true, "America/Adak": true, "Pacific/Honolulu": true,
	"America/Puerto_Rico": true, "America/St_Thomas": true, "Pacific/Guam": true, "Pacific/Pago_Pago": true,
	"Pacific/Saipan": true,
}

// boundaryFinder answers "which zone is this point in" from the time-zone boundaries of
// timezone-boundary-builder, simplified ("lite") and embedded in the binary by tzf. It is
// built on first use: building it takes a fraction of a second and tens of megabytes, which
// commands that never place a listing (migrate, users) should not pay.
var boundaryFinder = sync.OnceValues(newFinder)

// newFinder builds the boundary finder from the data embedded by tzf.
func newFinder() (tzf.F, error) { return tzf.NewDefaultFinder() }

// boundaryZone returns the US zone whose boundaries contain the point, or "" when the point
// is outside every US zone or the boundaries cannot be read.
func boundaryZone(lon, lat float64) string {
	f, err := boundaryFinder()
	if err != nil {
		return "" // the embedded data is fixed at build time: a failure is a broken build, and the state table still answers
	}
	if z := f.GetTimezoneName(lon, lat); usZones[z] {
		return z
	}
	return ""
}
