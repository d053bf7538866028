package icarol

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"handoff/directory"
)

// location makes the location of a row's physical address and coordinates. Programs of
// one agency at the same address share one location, whose id comes from the agency and
// the address, so re-import keeps it. A row with neither address nor coordinates has none.
func (b *builder) location(r row, a *agency) *directory.Location {
	addr := directory.Address{Address1: r.get("PhysicalAddress1"), Address2: r.get("PhysicalAddress2"),
		City: r.get("PhysicalCity"), Region: known(r.get("PhysicalCounty")), StateProvince: known(r.get("PhysicalStateProvince")),
		PostalCode: r.get("PhysicalPostalCode"), Country: country(r.get("PhysicalCountry")), AddressType: "physical"}
	lat, lon := b.coordinates(r)
	if addr.Address1 == "" && lat == nil {
		return nil // a city alone places nothing on a map; the service area says where it serves
	}
	key := strings.ToLower(strings.Join(strings.Fields(addr.Address1+" "+addr.Address2+" "+addr.PostalCode), " "))
	if addr.Address1 == "" && lat != nil {
		key = strconv.FormatFloat(*lat, 'f', 5, 64) + "," + strconv.FormatFloat(*lon, 'f', 5, 64)
	}
	agencyNum := a.row.get("ResourceAgencyNum")
	id := b.id("agency", agencyNum, "location", key)
	if l, ok := a.locs[id]; ok {
		cp := *l
		return &cp
	}
	l := &directory.Location{ID: id, LocationType: "physical", OrganizationID: a.org.ID, Name: a.org.Name,
		Latitude: lat, Longitude: lon,
		Transportation: joinText(r.get("BusServiceAccess"), r.get("PublicAccessTransportation"))}
	if addr.Address1 != "" && addr.City != "" {
		addr.ID = directory.StableID("location", id, "address", "physical")
		addr.LocationID = id
		l.Addresses = []directory.Address{addr}
	} else {
		l.Description = joinText(strings.Join(strings.Fields(addr.City+" "+addr.StateProvince+" "+addr.PostalCode), " "))
	}
	if v := r.get("DisabilitiesAccess"); v != "" {
		l.Accessibility, _ = json.Marshal([]map[string]string{{"id": directory.StableID("location", id, "accessibility"),
			"location_id": id, "description": v}})
	}
	a.locs[id] = l
	cp := *l
	return &cp
}

// coordinates are Latitude and Longitude when both are numbers on the globe and not 0,0.
func (b *builder) coordinates(r row) (*float64, *float64) {
	ls, gs := r.get("Latitude"), r.get("Longitude")
	if ls == "" && gs == "" {
		return nil, nil
	}
	lat, err1 := strconv.ParseFloat(ls, 64)
	lon, err2 := strconv.ParseFloat(gs, 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 || (lat == 0 && lon == 0) {
		b.warn(r, "Latitude", "%q, %q are not coordinates; left out", clip(ls), clip(gs))
		return nil, nil
	}
	return &lat, &lon
}

// country is an ISO 3166 code for the export's country names.
func country(v string) string {
	switch strings.ToLower(v) {
	case "", "-1", "united states", "usa", "us", "united states of america":
		return "US"
	}
	return v
}

// joinText joins the non-empty parts, one per line.
func joinText(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// sortLocations keeps an organization's locations in id order, so that a re-import
// writes the same record.
func sortLocations(ls []directory.Location) {
	slices.SortFunc(ls, func(a, b directory.Location) int { return strings.Compare(a.ID, b.ID) })
}
