package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/care"
	"handoff/store"
)

// encounterInput is an encounter as the client records it. Where is lat/lon, or an
// address, a ZIP or a town (the town is derived from the boundaries, the address is not
// kept), and/or a street address (kept sealed; see care.Encounter.StreetAddress), or
// location_unknown: a 911 call needs one of them (care.CheckPlace, 422).
type encounterInput struct {
	PersonID            string    `json:"person_id"`
	OccurredAt          time.Time `json:"occurred_at"`
	Source              string    `json:"source"`
	Lat                 *float64  `json:"lat"`
	Lon                 *float64  `json:"lon"`
	Address             string    `json:"address"`
	StreetAddress       string    `json:"street_address"`
	LocationUnknown     bool      `json:"location_unknown"`
	ZIP                 string    `json:"zip"`
	Town                string    `json:"town"`
	PoliceDepartment    string    `json:"police_department"`
	Responders          []string  `json:"responders"`
	PresentingNeeds     []string  `json:"presenting_needs"`
	AssessedLevelOfCare string    `json:"assessed_level_of_care"`
	Disposition         string    `json:"disposition"`
	EDDiverted          bool      `json:"ed_diverted"`
	ArrestDiverted      bool      `json:"arrest_diverted"`
	Notes               string    `json:"notes"`
	NoFollowUpReason    string    `json:"no_follow_up_reason"`
}

// encounterCreated is the answer to recording an encounter: the encounter and the
// follow-up it scheduled, if any.
type encounterCreated struct {
	care.Encounter
	FollowUp *care.FollowUp `json:"follow_up,omitempty"`
}

func (s *Server) createEncounter(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	cs, done, err := s.idempotency(c, cs, s.replayEncounter)
	if done || err != nil {
		return err
	}
	var in encounterInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	me := currentPrincipal(c).UserID
	e := care.Encounter{PersonID: in.PersonID, OccurredAt: in.OccurredAt, Source: care.Source(in.Source),
		Lat: in.Lat, Lon: in.Lon, Address: in.Address, Town: in.Town,
		StreetAddress: in.StreetAddress, LocationUnknown: in.LocationUnknown, PoliceDepartment: in.PoliceDepartment,
		Responders: in.Responders, PresentingNeeds: in.PresentingNeeds, AssessedLevelOfCare: in.AssessedLevelOfCare,
		Disposition: care.Disposition(in.Disposition), EDDiverted: in.EDDiverted, ArrestDiverted: in.ArrestDiverted,
		Notes: in.Notes, NoFollowUpReason: in.NoFollowUpReason, RecordedBy: me}
	if e.Address == "" {
		e.Address = in.ZIP
	}
	if len(e.Responders) == 0 && answersCalls(currentPrincipal(c)) {
		// Who records it was there, unless told otherwise. A coordinator who records a
		// call names its responders: they answer no calls themselves.
		e.Responders = []string{me}
	}
	care.NormalizeEncounter(&e)
	if err := care.Locate(c.UserContext(), &e, nil, s.geo); err != nil {
		return err
	}
	if err := care.ValidateEncounter(&e, time.Now()); err != nil {
		return err
	}
	if err := care.CheckPlace(&e); err != nil {
		return careError(err, "")
	}
	fu, err := cs.CreateEncounter(c.UserContext(), &e)
	if err != nil {
		if busy := idempotencyBusy(err); busy != nil {
			return busy
		}
		return careError(err, "The person")
	}
	if !currentPrincipal(c).MayReadNotes() {
		// A street address is read like the notes: a coordinator sees addresses only
		// in aggregate, in the repeat-location measure.
		e.Notes, e.StreetAddress = "", ""
	}
	return created(c, "/api/v1/encounters/"+e.ID, encounterCreated{Encounter: e, FollowUp: fu})
}

func (s *Server) listEncounters(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	p := newParams(c)
	f := store.EncounterFilter{From: p.time("from"), To: p.time("to"), Town: p.str("town"),
		ResponderID: p.uuid("responder"), PersonID: p.uuid("person"), ShiftID: p.uuid("shift")}
	if src := p.str("source"); src != "" {
		f.Source = care.Source(p.oneOf("source", "", sourceNames()...))
	}
	page, perPage := pageParams(p)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		p.fail("to", "must be after from")
	}
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := cs.Encounters(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	if err := s.auditList(c, "list", "encounter", encounterIDs(items)); err != nil {
		return err
	}
	return sendV1Page(c, items, total, page, perPage)
}

func sourceNames() []string {
	var out []string
	for _, s := range care.Sources() {
		out = append(out, string(s))
	}
	return out
}

func encounterIDs(es []care.Encounter) []string {
	out := make([]string, len(es))
	for i := range es {
		out[i] = es[i].ID
	}
	return out
}

// answersCalls reports whether the principal's role is one of care.ResponderRoles,
// those who answer calls, and so may be an encounter's responder.
func answersCalls(p *access.Principal) bool {
	roles := make([]access.Role, len(care.ResponderRoles))
	for i, r := range care.ResponderRoles {
		roles[i] = access.Role(r)
	}
	return p.Has(roles...)
}
