package seed

import "handoff/directory"

// The real Behavioral Health Network (BHN) crisis services, entered only as the
// co-responder program describes them: the crisis line's number and walk-in address, The
// Living Room as a free peer-run walk-in alternative, crisis stabilization beds, and a
// Springfield-based mobile crisis team. Anything the program did not give (other
// addresses, the Living Room's hours, eligibility, fees) is left out rather than
// guessed; the descriptions stay general. Bed counts are demo figures and say so.

// BHN names and numbers the program gave; tests and other packages refer to them.
const (
	BHNName          = "Behavioral Health Network"
	BHNCrisisLine    = "BHN 24/7 Crisis Line"
	BHNCrisisPhone   = "(413) 733-6661"
	BHNAddress1      = "417 Liberty Street"
	BHNAddress2      = "Entrance B"
	bhnCity, bhnZIP  = "Springfield", "01104"
	bhnAssured       = "2026-11-20"
	bhnAskCrisisLine = "Ask the BHN 24/7 Crisis Line, " + BHNCrisisPhone + "."
)

// addBHN adds BHN's four crisis services.
func (b *builder) addBHN() {
	orgID := directory.StableID("seed", "organization", "bhn")
	e := &orgEntry{org: directory.Organization{ID: orgID, Name: BHNName,
		Description: "Behavioral-health agency based in Springfield, Massachusetts. Listed here: its 24/7 crisis line with walk-in crisis care, The Living Room, crisis stabilization and mobile crisis intervention."}}

	// The program gave the street address, not a map point: the centre of ZIP 01104
	// stands in for it, and the location says so.
	p, ok := b.geo.ZIP(bhnZIP)
	if !ok {
		panic("seed: ZIP " + bhnZIP + " missing from the gazetteer")
	}
	lon, lat := p[0], p[1]
	locID := directory.StableID("seed", "location", "bhn", "417-liberty")
	liberty := &directory.Location{
		ID: locID, LocationType: "physical", OrganizationID: orgID,
		Name:        "Behavioral Health Network — 417 Liberty Street",
		Description: "Walk-in crisis services at Entrance B. The map point is approximate (centre of ZIP 01104).",
		Latitude:    &lat, Longitude: &lon,
		Addresses: []directory.Address{{ID: directory.StableID("seed", "location", "bhn", "417-liberty", "address"),
			LocationID: locID, Address1: BHNAddress1, Address2: BHNAddress2, City: bhnCity, Region: "Hampden County",
			StateProvince: "MA", PostalCode: bhnZIP, Country: "US", AddressType: "physical"}},
	}
	springfield := []string{"Springfield"}

	b.add(listing{
		key: "bhn/crisis-line", org: e, loc: liberty, salDesc: "Walk-in crisis: 417 Liberty Street, Entrance B.",
		name:  BHNCrisisLine,
		desc:  "Behavioral Health Network's crisis line, answered 24 hours a day, 7 days a week, for people in a mental-health or substance-use crisis. Call, or walk in at 417 Liberty Street, Entrance B, Springfield.",
		needs: []string{"crisis"}, level: "crisis_line", access: []string{"walk_in"},
		hours: shapes["24/7"], langs: []string{"en"},
		phone: BHNCrisisPhone, phoneDesc: "24/7 crisis line", assured: bhnAssured,
	})
	b.add(listing{
		key: "bhn/living-room", org: e, name: "The Living Room",
		desc:  "A peer-run, walk-in alternative to the emergency room for people in emotional distress or crisis, with peer supporters who have lived experience. No cost.",
		needs: []string{"crisis"}, level: "living_room", access: []string{"walk_in"},
		cost: "free", langs: []string{"en"},
		areas: springfield, areaDesc: "Springfield area.",
		apply: "Walk in. For the address and hours: " + bhnAskCrisisLine, assured: bhnAssured,
	})
	b.add(listing{
		key: "bhn/crisis-stabilization", org: e, name: "Crisis Stabilization",
		desc:  "Short-term crisis stabilization beds: a safe, staffed place to get through a crisis, as an alternative to a hospital stay.",
		needs: []string{"crisis", "treatment"}, level: "crisis_stabilization", langs: []string{"en"},
		beds: 12, full: "no-capacity", capNote: "Demo figure, not BHN's real bed count.",
		areas: springfield, areaDesc: "Springfield area.",
		apply: "For admission and bed availability: " + bhnAskCrisisLine, assured: bhnAssured,
	})
	b.add(listing{
		key: "bhn/mobile-crisis", org: e, name: "Mobile Crisis Intervention",
		desc:  "A mobile crisis team based in Springfield that comes to the person in crisis, in the community, to assess and help.",
		needs: []string{"crisis"}, level: "mobile_crisis", langs: []string{"en"},
		areas: regions["bhn_mobile"], areaDesc: "Mobile crisis coverage from Springfield.",
		apply: "To ask for the mobile team: " + bhnAskCrisisLine, assured: bhnAssured,
	})
}
