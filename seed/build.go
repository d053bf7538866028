package seed

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"handoff/directory"
	"handoff/geo"
)

// demoNote ends the description of every fictional service and organization, so that no
// one mistakes the demo for a real referral directory.
const demoNote = "Demo listing — fictional."

// Services returns the demo directory as HSDS compiled services: each with its
// Organization embedded, ServiceAtLocations with their Location (addresses, phones),
// Schedules, Languages, CostOptions, Attributes, ServiceAreas and Capacities. It is
// deterministic: the same ids and content on every call. The BHN services come first,
// then the fictional catalog in table order. Each call builds fresh values, so callers
// may modify the result.
func Services() []directory.Service {
	b := newBuilder(geo.Embedded()) // the demo directory is in Massachusetts, whatever the region
	b.addBHN()
	for _, k := range catalog {
		b.addKind(k)
	}
	return b.services
}

// builder assembles services, sharing one organization and one location per site
// between the services offered there.
type builder struct {
	geo      *geo.Gazetteer
	services []directory.Service
	orgs     map[string]*orgEntry           // by organization name
	locs     map[string]*directory.Location // by location id
	nOrgs    int                            // fictional organizations so far; numbers their phones
	extents  map[string]string              // town name -> GeoJSON, computed once per call
}

// orgEntry is an organization with the bookkeeping the builder needs for its sites.
type orgEntry struct {
	org   directory.Organization
	phone string // main number; sites use it with an extension
	sites int
}

func newBuilder(g *geo.Gazetteer) *builder {
	return &builder{geo: g, orgs: map[string]*orgEntry{}, locs: map[string]*directory.Location{}, extents: map[string]string{}}
}

// listing is one service before it becomes HSDS: what the tables say, resolved.
type listing struct {
	key              string // stable key; the service id is derived from it
	org              *orgEntry
	loc              *directory.Location // nil: no public address
	salDesc          string
	name, desc       string
	needs            []string
	level            string
	access           []string
	hours            []slot
	cost             string
	langs            []string // ISO 639-1 codes, English first
	beds             int
	full             string
	capNote          string
	areas            []string // town names
	areaDesc         string
	phone, phoneDesc string
	text             bool
	elig             elig
	apply            string
	status, alert    string
	assured          string
}

// rng returns a generator seeded by the key, so each entity's random details depend
// only on its own key and never on how many entities were built before it.
func rng(parts ...string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(parts, "/")))
	return rand.New(rand.NewPCG(h.Sum64(), 0x5eed))
}

// org returns the organization with this name, creating it on first use. Fictional
// organizations get the next 413-555-01xx number in order of first appearance.
func (b *builder) org(name, desc string) *orgEntry {
	if e, ok := b.orgs[name]; ok {
		return e
	}
	if b.nOrgs >= 100 {
		panic("seed: more than 100 fictional organizations; 555-0100..0199 has no room")
	}
	id := directory.StableID("seed", "organization", name)
	phone := fmt.Sprintf("(413) 555-01%02d", b.nOrgs)
	b.nOrgs++
	e := &orgEntry{phone: phone, org: directory.Organization{
		ID: id, Name: name, Description: desc + " " + demoNote,
		Phones: []directory.Phone{{ID: directory.StableID("seed", "organization", name, "phone"),
			OrganizationID: id, Number: phone, Type: "voice", Description: "Main line"}},
	}}
	b.orgs[name] = e
	return e
}

// site returns the n-th location of org in the town with code, creating it on first use
// at a random point inside the town.
func (b *builder) site(e *orgEntry, code string, n int) *directory.Location {
	t := towns[code]
	id := directory.StableID("seed", "location", e.org.Name, t.name, strconv.Itoa(n))
	if l, ok := b.locs[id]; ok {
		return l
	}
	gt, ok := b.geo.Town(t.name)
	if !ok {
		panic("seed: unknown town " + t.name)
	}
	r := rng("location", e.org.Name, t.name, strconv.Itoa(n))
	p := gt.RandomPoint(r)
	lon, lat := p[0], p[1]

	name := strings.TrimSuffix(e.org.Name, " (demo)")
	if !strings.Contains(name, t.name) {
		name += " — " + t.name
	}
	if n > 0 {
		name += fmt.Sprintf(", site %d", n+1)
	}
	loc := &directory.Location{
		ID: id, LocationType: "physical", OrganizationID: e.org.ID, Name: name + " (demo)",
		Latitude: &lat, Longitude: &lon,
		Addresses: []directory.Address{{
			ID: directory.StableID("seed", "location", id, "address"), LocationID: id,
			Address1: fmt.Sprintf("%d %s", 10+r.IntN(1400), t.streets[r.IntN(len(t.streets))]),
			Address2: []string{"", "", "", "Suite 2", "Rear entrance", "2nd floor", "", "Unit B"}[r.IntN(8)],
			City:     t.name, Region: counties[gt.County], StateProvince: "MA",
			PostalCode: b.nearestZIP(t.zips, lon, lat), Country: "US", AddressType: "physical",
		}},
	}
	if t.bus != "" && r.IntN(3) > 0 {
		loc.Transportation = "On a " + t.bus + " bus route."
	}
	e.sites++
	ph := directory.Phone{ID: directory.StableID("seed", "location", id, "phone"), LocationID: id,
		Number: e.phone, Type: "voice"}
	if e.sites > 1 {
		ext := float64(e.sites)
		ph.Extension = &ext
	}
	loc.Phones = []directory.Phone{ph}
	b.locs[id] = loc
	return loc
}

// counties names the county FIPS codes the demo towns lie in.
var counties = map[string]string{"25011": "Franklin County", "25013": "Hampden County", "25015": "Hampshire County", "25027": "Worcester County"}

// nearestZIP picks the town's ZIP whose Census point is closest, so that a Springfield
// address in Sixteen Acres gets 01119 rather than a downtown ZIP.
func (b *builder) nearestZIP(zips []string, lon, lat float64) string {
	best, bestD := zips[0], -1.0
	for _, z := range zips {
		p, ok := b.geo.ZIP(z)
		if !ok {
			continue
		}
		if d := (p[0]-lon)*(p[0]-lon) + (p[1]-lat)*(p[1]-lat); bestD < 0 || d < bestD {
			best, bestD = z, d
		}
	}
	return best
}

// extent returns a town's boundary as GeoJSON for a service area.
func (b *builder) extent(town string) string {
	if g, ok := b.extents[town]; ok {
		return g
	}
	t, ok := b.geo.Town(town)
	if !ok {
		panic("seed: unknown town " + town)
	}
	g := t.GeoJSON()
	b.extents[town] = g
	return g
}

// add turns a listing into an HSDS service and appends it.
func (b *builder) add(l listing) {
	id := directory.StableID("seed", "service", l.key)
	sid := func(parts ...string) string {
		return directory.StableID(append([]string{"seed", "service", l.key}, parts...)...)
	}
	org := l.org.org
	org.Phones = slices.Clone(org.Phones)
	s := directory.Service{
		ID: id, OrganizationID: org.ID, Organization: &org, Name: l.name, Description: l.desc,
		Status: l.status, Alert: l.alert, ApplicationProcess: l.apply,
		EligibilityDescription: l.elig.text, AssuredDate: l.assured,
	}
	if s.Status == "" {
		s.Status = "active"
	}
	if l.elig.min > 0 {
		v := l.elig.min
		s.MinimumAge = &v
	}
	if l.elig.max > 0 {
		v := l.elig.max
		s.MaximumAge = &v
	}
	if l.loc != nil {
		loc := cloneLocation(*l.loc)
		s.ServiceAtLocations = []directory.ServiceAtLocation{{ID: sid("at", loc.ID), ServiceID: id,
			LocationID: loc.ID, Description: l.salDesc, Location: &loc}}
	}
	if l.phone != "" {
		s.Phones = append(s.Phones, directory.Phone{ID: sid("phone"), ServiceID: id, Number: l.phone,
			Type: "voice", Description: l.phoneDesc})
		if l.text {
			s.Phones = append(s.Phones, directory.Phone{ID: sid("phone", "text"), ServiceID: id,
				Number: l.phone, Type: "text", Description: "Text messages"})
		}
	}
	for i, h := range l.hours {
		s.Schedules = append(s.Schedules, directory.Schedule{ID: sid("schedule", strconv.Itoa(i)), ServiceID: id,
			Freq: h.freq, ByDay: h.byday, OpensAt: h.opens, ClosesAt: h.closes, Description: h.desc})
	}
	for _, code := range l.langs {
		s.Languages = append(s.Languages, directory.Language{ID: sid("language", code), ServiceID: id,
			Code: code, Name: languageNames[code]})
	}
	if c, ok := costs[l.cost]; ok {
		c.ID, c.ServiceID = sid("cost"), id
		if c.Amount != nil {
			zero := 0.0
			c.Amount = &zero
		}
		s.CostOptions = []directory.CostOption{c}
		s.FeesDescription = c.AmountDescription
	}
	for _, town := range l.areas {
		s.ServiceAreas = append(s.ServiceAreas, directory.ServiceArea{ID: sid("area", town), ServiceID: id,
			Name: town, Description: l.areaDesc, Extent: b.extent(town), ExtentType: "geojson"})
	}

	attr := func(taxonomy, code string) {
		if !directory.HasTerm(taxonomy, code) {
			panic(fmt.Sprintf("seed: %s: %q is not a %s term", l.key, code, taxonomy))
		}
		s.Attributes = append(s.Attributes, directory.VocabAttribute(id, taxonomy, code))
	}
	for _, n := range l.needs {
		attr(directory.TaxonomyNeed, n)
	}
	attr(directory.TaxonomyLevelOfCare, l.level)
	for _, a := range l.access {
		attr(directory.TaxonomyAccess, a)
	}
	if l.beds > 0 {
		c := capacity(l.key, l.beds)
		c.ID, c.ServiceID, c.Description = sid("capacity", "bed"), id, l.capNote
		s.Capacities = []directory.Capacity{c}
		status := "capacity"
		if *c.Available == 0 {
			status = l.full
		}
		attr(directory.TaxonomyCapacityStatus, status)
	}
	b.services = append(b.services, s)
}

// cloneLocation copies what a caller could change through a shared location: the
// builder shares one location between the services at a site, but each service of the
// result owns its copy.
func cloneLocation(l directory.Location) directory.Location {
	lat, lon := *l.Latitude, *l.Longitude
	l.Latitude, l.Longitude = &lat, &lon
	l.Addresses = slices.Clone(l.Addresses)
	l.Phones = slices.Clone(l.Phones)
	for i := range l.Phones {
		if e := l.Phones[i].Extension; e != nil {
			v := *e
			l.Phones[i].Extension = &v
		}
	}
	return l
}

// bedUnit is the one capacity unit of the demo, referenced by every capacity.
var bedUnit = directory.StableID("seed", "unit", "bed")

// demoCapacityTime is when the demo's bed counts were last taken: the Friday afternoon
// of the demo (4 December 2026, Springfield). A figure holds for a day by default
// (directory.DefaultCapacityTTL), so the counts are current at that moment and shown as
// unknown, with their age, a day later: the demo tells its age like real data.
var demoCapacityTime = time.Date(2026, 12, 4, 14, 0, 0, 0, time.FixedZone("EST", -5*3600))

// capacity invents a bed count around the typical size: about a quarter of the services
// are full, and every figure carries a last-updated time in the 22 hours before
// demoCapacityTime.
func capacity(key string, beds int) directory.Capacity {
	r := rng("capacity", key)
	maximum := beds*3/4 + r.IntN(beds/2+1)
	available := 0
	if r.IntN(4) > 0 {
		available = min(maximum, 1+r.IntN(maximum/3+1))
	}
	avail, maxf := float64(available), float64(maximum)
	return directory.Capacity{
		Unit:      []byte(fmt.Sprintf(`{"id":%q,"name":"bed"}`, bedUnit)),
		UnitID:    bedUnit,
		Available: &avail, Maximum: &maxf,
		Updated: demoCapacityTime.Add(-time.Duration(r.IntN(8)*120+r.IntN(16)*30+r.IntN(60)) * time.Minute).Format(time.RFC3339),
	}
}

// costs are the cost options by catalog name; an Amount (always zero) marks free ones.
var costs = map[string]directory.CostOption{
	"free":       {Option: "Free", Currency: "USD", Amount: new(float64), AmountDescription: "Free."},
	"sliding":    {Option: "Sliding scale", AmountDescription: "Fees on a sliding scale by income; no one is turned away for inability to pay."},
	"masshealth": {Option: "MassHealth accepted", AmountDescription: "MassHealth and most private insurance accepted."},
}

// languageNames are the English names of the ISO 639-1 codes the demo uses.
var languageNames = map[string]string{
	"en": "English", "es": "Spanish", "pt": "Portuguese", "vi": "Vietnamese", "ru": "Russian", "uk": "Ukrainian", "ht": "Haitian Creole",
}
