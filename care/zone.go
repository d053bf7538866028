package care

import (
	"fmt"
	"time"
	_ "time/tzdata" // the zone database in the binary: "no network, nothing to install"
)

// DefaultZoneName is the program's time zone unless configured: western Massachusetts.
// Days (when a follow-up is due), weeks and months (of the measures) are counted in it.
const DefaultZoneName = "America/New_York"

// Zone loads an IANA time zone; the empty name is DefaultZoneName.
func Zone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultZoneName
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("care: time zone %q: %w", name, err)
	}
	return loc, nil
}

// DefaultZone is the program's default time zone.
func DefaultZone() *time.Location {
	loc, err := Zone(DefaultZoneName)
	if err != nil {
		panic(err) // the zone database is embedded
	}
	return loc
}
