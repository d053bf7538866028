package search

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"handoff/directory"
	"handoff/geo"
)

// Kinds of index documents.
const (
	kindSite    uint8 = iota // a service at a location with a map point
	kindArea                 // a service with no located site but service areas: hotlines, mobile teams
	kindNowhere              // a service with neither: found by what it says, never by where
)

// Capacity statuses as entry bytes (0: nothing known).
const (
	capUnknown uint8 = iota
	capRoom
	capFull
	capWaitlist
	capAssess
)

var capCodes = []string{"", directory.CapacityAvailable, directory.CapacityNone, directory.CapacityWaitlist, directory.CapacityAssessFirst}

func capByte(status string) uint8 {
	for i, c := range capCodes {
		if c == status && i > 0 {
			return uint8(i)
		}
	}
	return capUnknown
}

// facts is what an index document stores about its listing for ranking, filtering and
// explaining, in JSON. It is the on-disk form of an entry.
type facts struct {
	Service  string               `json:"s"`
	Kind     uint8                `json:"k"`
	Lon      float64              `json:"x,omitempty"`
	Lat      float64              `json:"y,omitempty"`
	Needs    []string             `json:"n,omitempty"`
	Levels   []string             `json:"c,omitempty"`
	Access   []string             `json:"a,omitempty"`
	Langs    []string             `json:"l,omitempty"`
	Free     bool                 `json:"f,omitempty"`
	Active   bool                 `json:"on,omitempty"`
	Cap      *capFacts            `json:"cap,omitempty"`
	Obs      *obsFacts            `json:"ob,omitempty"`
	MinAge   *float64             `json:"min,omitempty"`
	MaxAge   *float64             `json:"max,omitempty"`
	Assured  string               `json:"as,omitempty"`
	Zone     string               `json:"z,omitempty"`
	Hours    []directory.Schedule `json:"h,omitempty"`
	Areas    []string             `json:"ar,omitempty"` // GeoJSON extents
	AreaName []string             `json:"an,omitempty"`
	NameSet  hashList             `json:"nt,omitempty"` // term set of the name (relevance.go)
	TextSet  hashList             `json:"tt,omitempty"` // term set of the text
	TextLen  int                  `json:"tl,omitempty"` // tokens in the text
	ViewOff  int64                `json:"vo"`           // where the result's view is in views.dat
	ViewLen  uint32               `json:"vl"`
}

type capFacts struct {
	Status    string   `json:"st,omitempty"`
	Available *float64 `json:"av,omitempty"`
	Maximum   *float64 `json:"mx,omitempty"`
	Unit      string   `json:"u,omitempty"`
	Updated   string   `json:"up,omitempty"`
	// Oldest is the oldest counted figure's time: a sum holds only as long as its stalest
	// part. "" with a count: some figure is undated, and the sum is never current.
	Oldest string `json:"ol,omitempty"`
	// TTL is the shortest ttl_hours of the figures, in seconds; 0: the server's default.
	// Expiry is decided at query time (capacity_age.go), not here.
	TTL    int64  `json:"tt,omitempty"`
	Source string `json:"src,omitempty"` // the newest figure's source

	undated bool // while the facts are made: some counted figure has no time
}

// obsFacts is the newest capacity a peer heard by phone (directory.CapacityObservation).
type obsFacts struct {
	Available float64  `json:"av"`
	Maximum   *float64 `json:"mx,omitempty"`
	Unit      string   `json:"u,omitempty"`
	At        string   `json:"at"`
	By        string   `json:"by,omitempty"`
}

// entry is one index document's facts in memory: what a search reads for every candidate,
// kept small because an index of a million listings holds a million of them.
type entry struct {
	key       string
	serviceID string
	keyOrder  uint32 // the key's first eight hex digits, for tie-breaks (rank.go)
	point     orb.Point
	kind      uint8
	nNeeds    uint8
	nLevels   uint8
	access    uint8 // bit i: the i-th handoff:access code
	codes     []uint8
	terms     []uint32 // the name's term set, then the text's (relevance.go)
	nName     uint16
	textLen   uint16
	free      bool
	active    bool
	capStatus uint8
	capAvail  float32 // NaN: unknown
	capMax    float32
	capUpdate int64 // Unix seconds; 0 unknown
	capOldest int64 // the oldest counted figure, Unix seconds; 0: undated (capacity_age.go)
	capTTL    int32 // seconds; 0: the engine's default
	capSource uint8 // index in capSources
	capUnit   string
	obs       *observation // a peer's phone call; nil mostly
	minAge    float32      // NaN: no limit
	maxAge    float32
	assured   int32 // days since 1970-01-01; 0 unknown
	viewLen   uint32
	viewOff   int64 // the result's view in views.dat
	hours     *directory.Hours
	zone      *time.Location
	areas     *serviceAreas
}

func (e *entry) needs() []uint8  { return e.codes[:e.nNeeds] }
func (e *entry) levels() []uint8 { return e.codes[e.nNeeds : e.nNeeds+e.nLevels] }
func (e *entry) langs() []uint8  { return e.codes[e.nNeeds+e.nLevels:] }

func (e *entry) nameTerms() []uint32 { return e.terms[:e.nName] }
func (e *entry) textTerms() []uint32 { return e.terms[e.nName:] }

// hasRoom is the "available" filter on an entry.
func (e *entry) hasRoom() bool {
	return e.capStatus == capRoom || (!math.IsNaN(float64(e.capAvail)) && e.capAvail > 0)
}

// accessCodes are the handoff:access codes in bit order.
var accessCodes = vocabCodes(directory.TaxonomyAccess)

func accessBit(code string) uint8 {
	for i, c := range accessCodes {
		if c == code {
			return 1 << i
		}
	}
	return 0
}

// tables are what entries share: code numbering, compiled hours and parsed areas. One
// set belongs to an open index.
type tables struct {
	needs, levels, langs *dict

	mu    sync.Mutex
	hours map[string]*directory.Hours
	areas map[string]*geo.Area
}

func newTables() *tables {
	return &tables{
		needs:  newDict(vocabCodes(directory.TaxonomyNeed)...),
		levels: newDict(vocabCodes(directory.TaxonomyLevelOfCare)...),
		langs:  newDict("en", "es"),
		hours:  map[string]*directory.Hours{},
		areas:  map[string]*geo.Area{},
	}
}

// internHours compiles schedule rows once per distinct set: most listings share a handful
// of shapes (24/7, weekdays 9 to 5).
func (t *tables) internHours(rows []directory.Schedule) *directory.Hours {
	if len(rows) == 0 {
		return nil
	}
	var b strings.Builder
	for i := range rows {
		r := &rows[i]
		if directory.IsClosure(r) {
			b.WriteString("closed|") // the description is what makes the row a closure
		}
		b.WriteString(r.Freq + "|" + r.ByDay + "|" + r.ByMonthDay + "|" + r.OpensAt + "|" + r.ClosesAt + "|" +
			r.ValidFrom + "|" + r.ValidTo + "|" + r.Until + ";")
	}
	key := b.String()
	t.mu.Lock()
	defer t.mu.Unlock()
	if h, ok := t.hours[key]; ok {
		return h
	}
	h := directory.CompileHours(rows)
	if !h.Known() {
		t.hours[key] = nil
		return nil
	}
	t.hours[key] = &h
	return &h
}

// internArea parses an extent once: many services share a town's boundary.
func (t *tables) internArea(extent string) *geo.Area {
	t.mu.Lock()
	a, ok := t.areas[extent]
	t.mu.Unlock()
	if ok {
		return a
	}
	parsed, err := geo.ParseArea(extent)
	if err != nil {
		a = nil // an unreadable extent serves no one; the listing is still found by text
	} else {
		a = &parsed
	}
	t.mu.Lock()
	t.areas[extent] = a
	t.mu.Unlock()
	return a
}

const daySeconds = 24 * 60 * 60

func nanOr(v *float64) float32 {
	if v == nil {
		return float32(math.NaN())
	}
	return float32(*v)
}

// newEntry turns stored facts into an entry. areas is the service's shared area set (nil
// when it has none).
func (t *tables) newEntry(key string, f *facts, areas *serviceAreas) *entry {
	e := &entry{key: key, serviceID: f.Service, keyOrder: keyPrefix(key), kind: f.Kind, point: orb.Point{f.Lon, f.Lat},
		free: f.Free, active: f.Active, minAge: nanOr(f.MinAge), maxAge: nanOr(f.MaxAge),
		capAvail: float32(math.NaN()), capMax: float32(math.NaN()), areas: areas}
	e.codes = make([]uint8, 0, len(f.Needs)+len(f.Levels)+len(f.Langs))
	for _, c := range f.Needs {
		e.codes = append(e.codes, t.needs.id(c))
	}
	for _, c := range f.Levels {
		e.codes = append(e.codes, t.levels.id(c))
	}
	for _, c := range f.Langs {
		e.codes = append(e.codes, t.langs.id(c))
	}
	e.nNeeds, e.nLevels = uint8(min(len(f.Needs), 255)), uint8(min(len(f.Levels), 255))
	e.terms = make([]uint32, 0, len(f.NameSet)+len(f.TextSet))
	e.terms = append(append(e.terms, f.NameSet...), f.TextSet...)
	e.nName, e.textLen = uint16(len(f.NameSet)), uint16(min(f.TextLen, 65535))
	for _, a := range f.Access {
		e.access |= accessBit(a)
	}
	if c := f.Cap; c != nil {
		e.capStatus = capByte(c.Status)
		e.capAvail, e.capMax, e.capUnit = nanOr(c.Available), nanOr(c.Maximum), c.Unit
		if ts, err := time.Parse(time.RFC3339, c.Updated); err == nil {
			e.capUpdate = ts.Unix()
		}
		if ts, err := time.Parse(time.RFC3339, c.Oldest); err == nil {
			e.capOldest = ts.Unix()
		}
		e.capTTL, e.capSource = int32(min(c.TTL, math.MaxInt32)), sourceByte(c.Source)
	}
	if o := f.Obs; o != nil {
		if ts, err := time.Parse(time.RFC3339, o.At); err == nil {
			e.obs = &observation{available: float32(o.Available), maximum: nanOr(o.Maximum), unit: o.Unit, at: ts.Unix(), by: o.By}
		}
	}
	if at, ok := directory.AssuredTime(f.Assured); ok {
		e.assured = int32(at.Unix() / daySeconds)
	}
	e.zone = directory.Zone(f.Zone)
	e.viewOff, e.viewLen = f.ViewOff, f.ViewLen
	e.hours = t.internHours(f.Hours)
	return e
}

func encodeFacts(f *facts) []byte {
	b, err := json.Marshal(f)
	if err != nil {
		panic("search: encoding facts: " + err.Error()) // plain data: cannot fail
	}
	return b
}

func decodeFacts(raw []byte) (*facts, error) {
	var f facts
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("stored facts: %w", err)
	}
	return &f, nil
}
