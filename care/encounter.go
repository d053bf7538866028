package care

import (
	"math"
	"strings"
	"time"

	"handoff/directory"
)

// Source is how a contact with a person began.
type Source string

// The encounter sources. A call that came straight to a peer, not through 911, is the
// growth the program wants to see; the measures count it apart.
const (
	SourceCoResponse   Source = "911_coresponse"
	SourceDirectToPeer Source = "direct_to_peer"
	SourceWalkIn       Source = "walk_in"
	SourceFollowUp     Source = "follow_up"
)

// Sources lists every source, in the order the API documents them.
func Sources() []Source {
	return []Source{SourceCoResponse, SourceDirectToPeer, SourceWalkIn, SourceFollowUp}
}

// Disposition is how an encounter ended.
type Disposition string

// The dispositions.
const (
	DispositionResolved    Disposition = "resolved_on_scene"
	DispositionReferred    Disposition = "referred"
	DispositionEDTransport Disposition = "ed_transport"
	DispositionArrest      Disposition = "arrest"
	DispositionOther       Disposition = "other"
)

// Dispositions lists every disposition.
func Dispositions() []Disposition {
	return []Disposition{DispositionResolved, DispositionReferred, DispositionEDTransport, DispositionArrest, DispositionOther}
}

// Precision says how exactly an encounter's point is known. Only exact points take part
// in the repeat-location measure: calls placed at a ZIP's or a town's centre would pile up
// there and look like one address calling again and again.
type Precision string

// The precisions of an encounter's location.
const (
	PrecisionPoint Precision = "point" // a map point or a geocoded street address
	PrecisionZIP   Precision = "zip"   // the centre of a ZIP code
	PrecisionTown  Precision = "town"  // the inside point of a town
	// PrecisionStreet: a street address that no geocoder placed; the call is placed
	// exactly by its address (AddressKey), without a point.
	PrecisionStreet Precision = "street"
	// PrecisionUnknown: the recorder said the place is unknown (location_unknown).
	PrecisionUnknown Precision = "unknown"
	PrecisionNone    Precision = "" // no location given
)

// Encounter is one contact with a person, or with someone who stays anonymous.
type Encounter struct {
	ID         string    `json:"id"`
	PersonID   string    `json:"person_id,omitempty"`
	OccurredAt time.Time `json:"occurred_at"`
	Source     Source    `json:"source"`
	// Where: a point (lat/lon), or Address (a street address, ZIP or town, resolved by
	// Locate and not kept), and the town that contains the point.
	Lat               *float64  `json:"lat,omitempty"`
	Lon               *float64  `json:"lon,omitempty"`
	Address           string    `json:"address,omitempty"`
	Town              string    `json:"town,omitempty"`
	LocationPrecision Precision `json:"location_precision,omitempty"`
	// StreetAddress is the street address of the scene as given ("12 Main St Apt 3"):
	// sealed at rest like the notes, and read back only by whoever may read notes. The
	// measures group calls by AddressKey, a keyed hash of its building (the normalised
	// address and the town), and show a place's address only in aggregate.
	StreetAddress string `json:"street_address,omitempty"`
	AddressKey    string `json:"-"`
	// LocationUnknown says the recorder does not know where it happened: a 911 call
	// needs a place or this (CheckPlace).
	LocationUnknown  bool   `json:"location_unknown,omitempty"`
	PoliceDepartment string `json:"police_department,omitempty"`
	// Responders are the users who answered the call.
	Responders          []string    `json:"responders"`
	PresentingNeeds     []string    `json:"presenting_needs"`
	AssessedLevelOfCare string      `json:"assessed_level_of_care,omitempty"`
	Disposition         Disposition `json:"disposition"`
	EDDiverted          bool        `json:"ed_diverted"`
	ArrestDiverted      bool        `json:"arrest_diverted"`
	// Notes are sealed at rest; readers without the key, or whose role may not read
	// notes, get them empty.
	Notes string `json:"notes,omitempty"`
	// NoFollowUpReason, when given, turns off the follow-up an encounter with a person
	// otherwise schedules.
	NoFollowUpReason string `json:"no_follow_up_reason,omitempty"`
	// FollowedUpAt is when a follow-up attempt, referral or follow-up visit first
	// followed the encounter within a week (zero: not yet); kept by the store.
	FollowedUpAt time.Time `json:"followed_up_at,omitzero"`
	ShiftID      string    `json:"shift_id,omitempty"`
	RecordedBy   string    `json:"recorded_by,omitempty"`
	CreatedAt    time.Time `json:"created_at,omitzero"`
}

// Limits on an encounter's free text.
const (
	MaxNotes            = 10000
	MaxPoliceDepartment = 120
	MaxReason           = 500
	MaxAddress          = 200
	MaxStreetAddress    = 200
)

// ClockSkew is how far in the future an occurred_at may be: phones' clocks drift, but an
// encounter a day ahead is a typing mistake.
const ClockSkew = 10 * time.Minute

// NormalizeEncounter trims the fields, lower-cases the codes and drops repeated needs
// and responders.
func NormalizeEncounter(e *Encounter) {
	e.Source = Source(lower(string(e.Source)))
	e.Disposition = Disposition(lower(string(e.Disposition)))
	e.AssessedLevelOfCare = lower(e.AssessedLevelOfCare)
	e.PresentingNeeds = dedupe(e.PresentingNeeds, lower)
	e.Responders = dedupe(e.Responders, lower)
	e.PoliceDepartment = clean(e.PoliceDepartment)
	e.Address = clean(e.Address)
	e.StreetAddress = clean(e.StreetAddress)
	e.Town = clean(e.Town)
	e.NoFollowUpReason = clean(e.NoFollowUpReason)
	e.Notes = strings.TrimSpace(e.Notes)
}

// ValidateEncounter checks an encounter after NormalizeEncounter (and Locate) at time now,
// and returns every bad field as directory.FieldErrors, or nil.
func ValidateEncounter(e *Encounter, now time.Time) error {
	var c checker
	c.id("id", e.ID, false)
	c.id("person_id", e.PersonID, false)
	switch {
	case e.OccurredAt.IsZero():
		c.add("occurred_at", "is required")
	case !now.IsZero() && e.OccurredAt.After(now.Add(ClockSkew)):
		c.add("occurred_at", "is in the future")
	}
	c.oneOf("source", string(e.Source), strs(Sources()), true)
	c.oneOf("disposition", string(e.Disposition), strs(Dispositions()), true)
	switch {
	case (e.Lat == nil) != (e.Lon == nil):
		c.add("lat", "lat and lon go together")
	case e.Lat != nil && !validLatLon(*e.Lat, *e.Lon):
		c.add("lat", "lat must be within ±90 and lon within ±180")
	}
	c.text("address", e.Address, MaxAddress, false)
	c.text("street_address", e.StreetAddress, MaxStreetAddress, false)
	if e.LocationUnknown && (e.Lat != nil || e.StreetAddress != "" || e.Town != "") {
		c.add("location_unknown", "cannot go with a place: give one or the other")
	}
	c.text("police_department", e.PoliceDepartment, MaxPoliceDepartment, false)
	for i, u := range e.Responders {
		if !directory.IsUUID(u) {
			c.add(field("responders", i), "must be a user id")
		}
	}
	for i, n := range e.PresentingNeeds {
		if !directory.HasTerm(directory.TaxonomyNeed, n) {
			c.add(field("presenting_needs", i), "must be a %s code", directory.TaxonomyNeed)
		}
	}
	if e.AssessedLevelOfCare != "" && !directory.HasTerm(directory.TaxonomyLevelOfCare, e.AssessedLevelOfCare) {
		c.add("assessed_level_of_care", "must be a %s code", directory.TaxonomyLevelOfCare)
	}
	// A diversion is a transport or arrest that did not happen; the disposition saying
	// it did contradicts the flag, and the measures would count both.
	if e.EDDiverted && e.Disposition == DispositionEDTransport {
		c.add("ed_diverted", "cannot be true when the disposition is ed_transport")
	}
	if e.ArrestDiverted && e.Disposition == DispositionArrest {
		c.add("arrest_diverted", "cannot be true when the disposition is arrest")
	}
	c.text("notes", e.Notes, MaxNotes, false)
	c.text("no_follow_up_reason", e.NoFollowUpReason, MaxReason, false)
	c.id("shift_id", e.ShiftID, false)
	return c.err()
}

func validLatLon(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

func field(name string, i int) string {
	return name + "[" + itoa(i) + "]"
}

// RuleErrors are fields that are well formed but that a rule of the program needs
// otherwise: a 911 call without a place. The API answers them 422, naming each field.
type RuleErrors directory.FieldErrors

// Error joins the fields' messages.
func (e RuleErrors) Error() string { return directory.FieldErrors(e).Error() }

// CheckPlace is the rule that a 911 call is placed: the repeat-location measure the
// program promised counts 911 calls by place, so a 911 encounter (after Locate) needs a
// point, a street address, a ZIP or town, or an explicit LocationUnknown. Other sources
// may go without. A missing place is RuleErrors naming "location".
func CheckPlace(e *Encounter) error {
	if e.Source != SourceCoResponse || e.LocationUnknown || e.LocationPrecision != PrecisionNone {
		return nil
	}
	return RuleErrors{{Field: "location", Message: "a 911 call needs a place: lat/lon, a street address, a ZIP code or town, or location_unknown: true"}}
}

// NeedsFollowUp reports whether recording the encounter schedules a follow-up: it names a
// person to call back, it is not itself a follow-up visit, and the recorder did not turn
// the follow-up off with a reason.
func NeedsFollowUp(e *Encounter) bool {
	return e.PersonID != "" && e.Source != SourceFollowUp && e.NoFollowUpReason == ""
}
