package csvimport

import (
	"slices"
	"strings"

	"handoff/directory"
	"handoff/geo"
)

// locNode is a location of the package; loc is nil when its row was rejected.
type locNode struct {
	row      row
	loc      *directory.Location
	org      *orgNode
	badOrg   bool // its organization_id names no organization of the package
	used     bool // some service is offered there
	contacts []*contactNode
	access   []accessibilityJSON
}

// accessibilityLabels are Ohana's words for the HSDS 1.x accessibility codes; HSDS 3.0
// accessibility.description is text for people.
var accessibilityLabels = map[string]string{
	"cd": "Information on CD", "deaf_interpreter": "Deaf interpreter", "disabled_parking": "Disabled parking",
	"elevator": "Elevator", "ramp": "Ramp", "restroom": "Disabled restroom",
	"tape_braille": "Information on tape or in Braille", "tty": "TTY", "wheelchair": "Wheelchair accessible",
	"wheelchair_van": "Wheelchair-accessible van",
}

func (b *builder) buildLocations() {
	b.unique("location", func(r row, src string) {
		n := &locNode{row: r}
		b.locs[src] = n
		org := b.orgs[r.get("organization_id")]
		if org == nil || org.org == nil {
			// Wrong or empty: a service offered there gives it one (adoptOrganizations).
			org, n.badOrg = nil, r.get("organization_id") != ""
		}
		n.org = org
		l := &directory.Location{ID: b.id("location", src), Name: r.get("name"), AlternateName: r.get("alternate_name"),
			Description: r.get("description"), Transportation: r.get("transportation"), URL: b.website(r, "url"),
			ExternalIdentifier: r.get("external_identifier"), ExternalIdentifierType: r.get("external_identifier_type"),
			LocationType: b.locationType(r)}
		if l.Description == "" {
			l.Description = r.get("short_desc")
		}
		if org != nil {
			l.OrganizationID = org.org.ID
			org.locs = append(org.locs, n)
		}
		l.Latitude, l.Longitude = b.coordinates(r)
		for _, v := range list(r.get("languages")) {
			l.Languages = b.addLanguage(l.Languages, r, "languages", b.childID("location", src, "language", v), v)
		}
		for _, v := range list(r.get("accessibility")) {
			n.access = append(n.access, b.accessibility(b.childID("location", src, "accessibility", v), l.ID, v, ""))
		}
		if e := b.email(r, "email"); e != "" {
			// HSDS 3.0 locations have no email; a contact without a name carries it.
			n.contacts = append(n.contacts, &contactNode{c: contactJSON{ID: b.childID("location", src, "email", e),
				LocationID: l.ID, Email: e}})
		}
		n.loc = l
	})
}

func (b *builder) locationType(r row) string {
	if t := strings.ToLower(r.get("location_type")); t != "" {
		if t == "physical" || t == "postal" || t == "virtual" {
			return t
		}
		b.probs.warn(r, "location_type", "%q is not physical, postal or virtual; read as physical", clip(t))
	}
	if v, ok := parseBool(r.get("virtual")); ok && v {
		return "virtual"
	}
	return "physical"
}

// coordinates reads latitude and longitude, which come together or not at all. A bad or
// lone value is dropped with a warning: the listing is still found by name and town.
func (b *builder) coordinates(r row) (*float64, *float64) {
	if r.get("latitude") == "" && r.get("longitude") == "" {
		return nil, nil
	}
	lat, lon := b.number(r, "latitude"), b.number(r, "longitude")
	switch {
	case lat == nil || lon == nil:
		b.probs.warn(r, "latitude", "latitude and longitude come together; the location was kept without coordinates")
	case *lat < -90 || *lat > 90:
		b.probs.warn(r, "latitude", "%v is outside -90..90; the location was kept without coordinates", *lat)
	case *lon < -180 || *lon > 180:
		b.probs.warn(r, "longitude", "%v is outside -180..180; the location was kept without coordinates", *lon)
	case *lat == 0 && *lon == 0:
		b.probs.warn(r, "latitude", "0,0 is a placeholder, not a place; the location was kept without coordinates")
	default:
		return lat, lon
	}
	return nil, nil
}

func (b *builder) accessibility(id, locID, code, details string) accessibilityJSON {
	desc := code
	if l, ok := accessibilityLabels[strings.ToLower(code)]; ok {
		desc = l
	}
	return accessibilityJSON{ID: id, LocationID: locID, Description: desc, Details: details}
}

// locOf resolves a row's location reference like orgOf.
func (b *builder) locOf(r row, col string) (*locNode, bool) {
	src := r.get(col)
	n := b.locs[src]
	if n == nil {
		b.probs.fail(r, col, "%s", missing("location", src, fileOf(b, "location", "locations.csv")))
		return nil, false
	}
	return n, n.loc != nil
}

// buildAddresses reads addresses onto their locations. Real exports leave out the street
// line (a shelter whose address is confidential, a service for a whole town) or the city;
// such an address keeps what it has, and the location is kept in every case.
func (b *builder) buildAddresses(table, kind string) {
	var noStreet, noCity tally
	for _, r := range b.rows(table) {
		l, ok := b.locOf(r, "location_id")
		if !ok {
			continue
		}
		a := directory.Address{ID: b.rowID(table, r), LocationID: l.loc.ID, Attention: r.get("attention"),
			Address1: r.get("address_1"), Address2: joinComma(r.get("address_2"), r.get("address_3"), r.get("address_4")),
			City: r.get("city"), Region: r.get("region"), StateProvince: r.get("state_province"),
			PostalCode: r.get("postal_code"), Country: strings.ToUpper(r.get("country")), AddressType: kind}
		if a.City == "" {
			if t, ok := townOfZIP(a.PostalCode); ok {
				a.City = t
				noCity.add(r)
			}
		}
		if a.City == "" {
			b.probs.warn(r, "city", "the address has neither a city nor a ZIP code the gazetteer knows; the location was kept without it")
			continue
		}
		if a.Address1 == "" {
			// HSDS 3.0 requires a first line: the city stands in for the street, as on an
			// envelope to a town's general delivery, and nothing false is added.
			a.Address1, a.Address2 = firstLine(a)
			noStreet.add(r)
		}
		l.loc.Addresses = append(l.loc.Addresses, a)
	}
	noStreet.report(b, "address_1", table+" address_1: no street line", "address has", "addresses have",
		"no street line; kept with what it has (city, ZIP code), the city standing as its first line")
	noCity.report(b, "city", table+" city: taken from the ZIP code", "address has", "addresses have",
		"no city; took the town of its ZIP code")
}

// firstLine is the first line of an address without a street line: its second line when
// it has one, else its city.
func firstLine(a directory.Address) (line1, line2 string) {
	if a.Address2 != "" {
		return a.Address2, ""
	}
	return a.City, ""
}

// townOfZIP is the town of a ZIP code the gazetteer knows (Massachusetts today).
func townOfZIP(zip string) (string, bool) {
	g := geo.Default()
	p, ok := g.ZIP(zip)
	if !ok {
		return "", false
	}
	t, ok := g.TownAt(p)
	return t.Name, ok
}

func (b *builder) buildAccessibility() {
	for _, r := range b.rows("accessibility_for_disabilities") {
		l, ok := b.locOf(r, "location_id")
		if !ok {
			continue
		}
		l.access = append(l.access, b.accessibility(b.rowID("accessibility_for_disabilities", r), l.loc.ID,
			r.get("accessibility"), r.get("details")))
	}
}

// joinComma joins the non-empty parts, each once ("Hotline" as type and department).
func joinComma(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, p) }) {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}
