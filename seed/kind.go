package seed

import "strings"

// kind is one row of the fictional catalog: a type of service repeated in several towns.
// Slice fields are cycled over the instances (instance i takes element i mod len), so
// one row can give each town its own organization, name, wording and hours. In the text
// fields "{town}" is replaced by the instance's town.
type kind struct {
	key     string   // stable part of every id derived from the row; never rename
	towns   string   // town codes (see towns), one listing each; a code twice gives two
	org     []string // organization names; the same name in two rows is one organization
	orgDesc string   // description of organizations first met in this row
	name    []string // service names
	desc    []string // service descriptions; "Demo listing — fictional." is appended
	needs   string   // handoff:need codes, space separated, main need first
	level   string   // handoff:level_of_care code
	access  string   // handoff:access codes, space separated
	hours   []string // keys of shapes; "" leaves the service without a schedule
	cost    string   // "free", "sliding", "masshealth" or "" for no cost option
	langs   []string // languages always offered besides English, space separated codes
	beds    int      // typical number of beds; 0 means no capacity figure
	full    string   // capacity status when no bed is free: "no-capacity" or "waitlist"
	area    []string // service areas: "town" (its own town) or a key of regions
	noSite  bool     // no public address: phone lines, confidential shelters
	phone   bool     // the service has its own phone (lines people call)
	text    bool     // the phone also takes text messages
	elig    []elig   // eligibility
	apply   string   // application process
	status  map[int]string
	alert   map[int]string
}

// elig is who a service is for.
type elig struct {
	text     string
	min, max float64 // ages; 0 means no limit
}

// pick returns the element of list for instance i, cycling.
func pick[T any](list []T, i int) T {
	var zero T
	if len(list) == 0 {
		return zero
	}
	return list[i%len(list)]
}

// fill puts the town's name into a pattern.
func fill(pattern, town string) string {
	return strings.ReplaceAll(pattern, "{town}", town)
}

var (
	adults    = elig{"Adults 18 and older.", 18, 0}
	youth     = elig{"Young people 12 to 24.", 12, 24}
	teens     = elig{"Young people 12 to 17 and their families.", 12, 17}
	young     = elig{"Young adults 18 to 24.", 18, 24}
	families  = elig{"Families with children under 18, or pregnant people.", 0, 0}
	seniors   = elig{"People 60 and older, and adults with disabilities.", 60, 0}
	residents = elig{"Residents of {town}; proof of address helps but is not required.", 0, 0}
	income    = elig{"Low income; ask about limits. No one is turned away for lack of papers.", 0, 0}
)
