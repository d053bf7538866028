// Package snapshot builds the compact copy of the region's directory that a program
// user's phone keeps for searching without a connection (issue 17): services, their
// locations, hours (compiled, to answer "open now" in each location's zone), phones,
// needs, levels of care, access, languages and the latest capacity figure, with the
// region's ZIP and town points for distances. It holds nothing about people. The page's
// reader is api/web/static/offline-search.js; the field names are short because the
// file travels to phones (a 5,000-service region is measured in the README).
package snapshot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"handoff/directory"
	"handoff/geo"
)

// Format is the snapshot's format number; a page that reads another refuses it.
const Format = 1

// maxDescription caps each description: enough for the words a peer searches and the
// first lines of "Details", at a fraction of the size of whole descriptions.
const maxDescription = 280

// Snapshot is the directory as the phone keeps it.
type Snapshot struct {
	Format   int       `json:"format"`
	Version  string    `json:"version"` // a hash of everything below but BuiltAt: the ETag
	BuiltAt  time.Time `json:"built_at"`
	Zones    []string  `json:"zones"`              // IANA names, indexed by Location.Zone
	Towns    []Town    `json:"towns"`              // the home region's towns, indexed by Service.Areas and ZIP
	ZIPs     []ZIP     `json:"zips"`               // the region's ZIP codes
	Orgs     []string  `json:"orgs"`               // organization names, indexed by Service.Org
	Services []Service `json:"services"`           // active services only, as search finds by default
	Words    []string  `json:"synonyms,omitempty"` // synonym sets, one comma-separated line each
}

// Town is [name, lat, lon]: the town's representative point, the one near=TOWN uses.
type Town [3]any

// ZIP is [code, lat, lon, town index].
type ZIP [4]any

// Service is one service and its located sites.
type Service struct {
	ID          string    `json:"i"`
	Name        string    `json:"n"`
	Org         int       `json:"o"` // index in Orgs, -1 for none
	Description string    `json:"d,omitempty"`
	Needs       []string  `json:"ne,omitempty"`
	Levels      []string  `json:"lc,omitempty"`
	Access      []string  `json:"ac,omitempty"`
	Languages   []string  `json:"la,omitempty"`
	Free        *bool     `json:"f,omitempty"` // true: says free; false: names a fee; absent: not said
	Fees        string    `json:"fd,omitempty"`
	Alert       string    `json:"al,omitempty"`
	Assured     string    `json:"as,omitempty"`
	MinAge      *float64  `json:"mn,omitempty"`
	MaxAge      *float64  `json:"mx,omitempty"`
	Phones      []Phone   `json:"ph,omitempty"`
	Capacity    *Capacity `json:"cap,omitempty"`
	Areas       []int     `json:"ar,omitempty"` // towns whose point lies in a service area
	Hours       *Hours    `json:"h,omitempty"`  // for a service without a located site
	Zone        int       `json:"z,omitempty"`
	Sites       []Site    `json:"l,omitempty"`
	HoursText   string    `json:"ht,omitempty"`
	Terms       []string  `json:"t,omitempty"` // names of other taxonomies' terms, for words
}

// Site is a service at a location with a map point.
type Site struct {
	ID        string   `json:"i"` // the service_at_location id, like a search result's
	Lat       float64  `json:"y"`
	Lon       float64  `json:"x"`
	Address   []string `json:"a,omitempty"` // address_1, address_2, city, state, postal code
	Zone      int      `json:"z,omitempty"`
	Hours     *Hours   `json:"h,omitempty"`
	HoursText string   `json:"ht,omitempty"` // when it differs from the service's
	Phones    []Phone  `json:"ph,omitempty"`
	Languages []string `json:"la,omitempty"` // the location's own, beyond the service's
	Name      string   `json:"n,omitempty"`
}

// Phone is [number, type, extension, description], trailing empties left off.
type Phone []any

// Hours is directory.PackedHours.
type Hours = directory.PackedHours

// Capacity is the service's summed figure, as search ranks and shows it.
type Capacity struct {
	Status    string   `json:"st,omitempty"`
	Available *float64 `json:"av,omitempty"`
	Maximum   *float64 `json:"mx,omitempty"`
	Unit      string   `json:"u,omitempty"`
	Updated   string   `json:"up,omitempty"`
	// Expires is when the count stops holding (the oldest counted figure plus its TTL);
	// "" with a count: a part is undated and the count never holds.
	Expires string `json:"ex,omitempty"`
}

// Options tune a build.
type Options struct {
	// Gazetteer gives the towns and ZIP codes; nil means geo.Default().
	Gazetteer *geo.Gazetteer
	// CapacityTTL is how long a figure without its own TTL holds; 0 means
	// directory.DefaultCapacityTTL.
	CapacityTTL time.Duration
	// Synonyms are the search's synonym sets, one comma-separated line each.
	Synonyms []string
	// Now dates the build; zero means time.Now().
	Now time.Time
}

// Builder collects services into a snapshot, one batch at a time.
type Builder struct {
	opts     Options
	g        *geo.Gazetteer
	snap     Snapshot
	orgIndex map[string]int
	zone     map[string]int
	towns    []geo.Town
}

// NewBuilder starts a snapshot with the region's towns and ZIP codes.
func NewBuilder(opts Options) *Builder {
	g := opts.Gazetteer
	if g == nil {
		g = geo.Default()
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	b := &Builder{opts: opts, g: g, orgIndex: map[string]int{}, zone: map[string]int{}}
	b.snap.Format = Format
	b.snap.Zones = []string{directory.DefaultZone}
	b.zone[directory.DefaultZone] = 0
	b.towns = g.Towns()
	townIndex := map[string]int{}
	for i, t := range b.towns {
		townIndex[t.Name] = i
		b.snap.Towns = append(b.snap.Towns, Town{t.Name, round6(t.Centroid[1]), round6(t.Centroid[0])})
	}
	for _, z := range g.RegionZIPs() {
		b.snap.ZIPs = append(b.snap.ZIPs, ZIP{z.Code, round6(z.Point[1]), round6(z.Point[0]), townIndex[z.Town]})
	}
	b.snap.Words = opts.Synonyms
	return b
}

// Add adds the active services among ss.
func (b *Builder) Add(ss []directory.Service) {
	for i := range ss {
		if ss[i].Status != "active" {
			continue
		}
		b.snap.Services = append(b.snap.Services, b.service(&ss[i]))
	}
}

// Build finishes the snapshot: its version is a hash of its content, so that an
// unchanged directory gives the same version (and ETag) whenever it is built.
func (b *Builder) Build() (Snapshot, error) {
	s := b.snap
	if s.Services == nil {
		s.Services = []Service{}
	}
	body, err := json.Marshal(s)
	if err != nil {
		return Snapshot{}, fmt.Errorf("snapshot: encode: %w", err)
	}
	sum := sha256.Sum256(body)
	s.Version = hex.EncodeToString(sum[:12])
	s.BuiltAt = b.opts.Now.UTC().Truncate(time.Second)
	return s, nil
}

func (b *Builder) service(s *directory.Service) Service {
	out := Service{ID: s.ID, Name: s.Name, Org: -1, Description: clip(s.Description, maxDescription),
		Needs: directory.TermCodes(s, directory.TaxonomyNeed), Levels: directory.TermCodes(s, directory.TaxonomyLevelOfCare),
		Access: directory.TermCodes(s, directory.TaxonomyAccess), Languages: languageCodes(s.Languages),
		Fees: clip(s.FeesDescription, 120), Alert: s.Alert, Assured: s.AssuredDate, MinAge: s.MinimumAge, MaxAge: s.MaximumAge,
		Phones: phones(s.Phones), Capacity: b.capacity(s)}
	switch {
	case directory.IsFree(s):
		out.Free = new(bool)
		*out.Free = true
	case directory.HasFee(s):
		out.Free = new(bool)
	}
	if o := s.Organization; o != nil && o.Name != "" {
		i, ok := b.orgIndex[o.Name]
		if !ok {
			i = len(b.snap.Orgs)
			b.orgIndex[o.Name] = i
			b.snap.Orgs = append(b.snap.Orgs, o.Name)
		}
		out.Org = i
	}
	for _, a := range s.Attributes {
		if t := a.TaxonomyTerm; t != nil && !strings.HasPrefix(t.Taxonomy, "handoff:") && t.Name != "" {
			out.Terms = appendNew(out.Terms, t.Name)
		}
	}
	out.Areas = b.areaTowns(s)
	serviceRows := directory.LocalHours(s, nil)
	out.HoursText = directory.HoursSentence(serviceRows)
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		l := sal.Location
		if l == nil || l.Latitude == nil || l.Longitude == nil {
			continue
		}
		site := Site{ID: sal.ID, Lat: round6(*l.Latitude), Lon: round6(*l.Longitude), Name: l.Name,
			Phones: append(phones(sal.Phones), phones(l.Phones)...)}
		state := ""
		if a := directory.PhysicalAddress(l); a != nil {
			state = a.StateProvince
			site.Address = trimEmpty([]string{a.Address1, a.Address2, a.City, a.StateProvince, a.PostalCode})
		}
		site.Zone = b.zoneIndex(directory.ZoneName(state, *l.Longitude, *l.Latitude, true))
		rows := directory.LocalHours(s, sal)
		if h, ok := directory.CompileHours(rows).Pack(); ok {
			site.Hours = &h
		}
		if t := directory.HoursSentence(rows); t != out.HoursText {
			site.HoursText = t
		}
		for _, c := range languageCodes(l.Languages) {
			if !contains(out.Languages, c) {
				site.Languages = appendNew(site.Languages, c)
			}
		}
		out.Sites = append(out.Sites, site)
	}
	if len(out.Sites) == 0 {
		if h, ok := directory.CompileHours(serviceRows).Pack(); ok {
			out.Hours = &h
		}
		for _, sa := range s.ServiceAreas {
			if a, err := geo.ParseArea(sa.Extent); err == nil {
				c := a.Centroid()
				out.Zone = b.zoneIndex(directory.ZoneName("", c[0], c[1], true))
				break
			}
		}
	}
	return out
}

// areaTowns lists the region's towns whose point lies in one of the service's areas:
// offline, a place is "served" when its town is.
func (b *Builder) areaTowns(s *directory.Service) []int {
	var out []int
	for _, sa := range s.ServiceAreas {
		a, err := geo.ParseArea(sa.Extent)
		if err != nil {
			continue
		}
		for i := range b.towns {
			if a.Contains(b.towns[i].Centroid) && !containsInt(out, i) {
				out = append(out, i)
			}
		}
	}
	return out
}

// capacity sums the service's figures as search does: counts add up, the newest update
// dates the sum, and the oldest counted figure with its TTL says until when it holds.
func (b *Builder) capacity(s *directory.Service) *Capacity {
	st := directory.CapacityStatus(s)
	if st == "" && len(s.Capacities) == 0 {
		return nil
	}
	sum := directory.SumCapacities(s.Capacities)
	c := &Capacity{Status: st, Available: sum.Available, Maximum: sum.Maximum, Updated: sum.Updated}
	var expires time.Time
	undated := false
	for _, x := range sum.Counted {
		if c.Unit == "" {
			c.Unit = unitName(x.Unit)
		}
		t, ok := directory.CapacityUpdated(x)
		if !ok {
			undated = true
			continue
		}
		e := t.Add(directory.CapacityTTL(x, b.opts.CapacityTTL))
		if expires.IsZero() || e.Before(expires) {
			expires = e
		}
	}
	if c.Available != nil && !undated && !expires.IsZero() {
		c.Expires = expires.UTC().Format(time.RFC3339)
	}
	return c
}

func (b *Builder) zoneIndex(name string) int {
	if i, ok := b.zone[name]; ok {
		return i
	}
	i := len(b.snap.Zones)
	b.zone[name] = i
	b.snap.Zones = append(b.snap.Zones, name)
	return i
}

func phones(ps []directory.Phone) []Phone {
	var out []Phone
	for _, p := range ps {
		if strings.TrimSpace(p.Number) == "" {
			continue
		}
		ph := Phone{p.Number, p.Type, "", p.Description}
		if p.Extension != nil {
			ph[2] = strings.TrimSuffix(fmt.Sprintf("%.0f", *p.Extension), ".")
		}
		for len(ph) > 1 && ph[len(ph)-1] == "" {
			ph = ph[:len(ph)-1]
		}
		out = append(out, ph)
	}
	return out
}

// unitName reads a capacity unit ({"name": "bed"} or a bare string) as search does.
func unitName(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return o.Name
	}
	return ""
}

func languageCodes(ls []directory.Language) []string {
	var out []string
	for _, l := range ls {
		c := strings.ToLower(strings.TrimSpace(l.Code))
		if c != "" {
			out = appendNew(out, c)
		}
	}
	return out
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > n/2 {
		cut = i
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

func trimEmpty(xs []string) []string {
	for len(xs) > 0 && xs[len(xs)-1] == "" {
		xs = xs[:len(xs)-1]
	}
	return xs
}

func appendNew(xs []string, x string) []string {
	if contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// round6 keeps six decimals (about 10 cm): more says nothing and costs bytes.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
