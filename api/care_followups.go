package api

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/store"
)

// listFollowUps answers the follow-up list: due today, overdue or upcoming, for one
// assignee ("me" is the caller), one person, or the flagged ones (status=flagged).
func (s *Server) listFollowUps(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	p := newParams(c)
	who := currentPrincipal(c)
	f := store.FollowUpFilter{Due: care.Due(p.oneOf("due", "", "today", "overdue", "upcoming")), Now: time.Now(),
		PersonID: p.uuid("person"), WithPeople: who.MayReadPeople()}
	switch a := p.str("assignee"); a {
	case "":
	case "me":
		f.AssigneeID = who.UserID
	default:
		f.AssigneeID = p.uuid("assignee")
	}
	if st := p.str("status"); st != "" {
		f.Statuses = []care.FollowUpStatus{care.FollowUpStatus(p.oneOf("status", "", followUpStatusNames()...))}
	}
	page, perPage := pageParams(p)
	// view=brief is what handing follow-ups out needs (the dashboard's lists): no person,
	// no notes, the attempts counted; so neither is read, sent or audited as read.
	brief := p.oneOf("view", "full", "full", "brief") == "brief"
	if err := p.err(); err != nil {
		return err
	}
	if brief {
		items, total, err := cs.FollowUpBriefs(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
		if err != nil {
			return err
		}
		if err := s.auditLists(c, "list", listed{"follow_up", followUpIDs(items)}); err != nil {
			return err
		}
		return sendV1Page(c, items, total, page, perPage)
	}
	items, total, err := cs.FollowUps(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	// The people shown beside the follow-ups are read too: their rows go in with the
	// follow-ups' own, in one transaction.
	if err := s.auditLists(c, "list", listed{"follow_up", followUpIDs(items)}, listed{"person", followUpPeopleIDs(items)}); err != nil {
		return err
	}
	return sendV1Page(c, items, total, page, perPage)
}

// followUpPeopleIDs lists once each person shown beside the follow-ups (the survivor, for
// a record merged into another).
func followUpPeopleIDs(fs []care.FollowUp) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Person != nil && !seen[f.Person.ID] {
			seen[f.Person.ID] = true
			out = append(out, f.Person.ID)
		}
	}
	return out
}

func followUpStatusNames() []string {
	var out []string
	for _, s := range care.FollowUpStatuses() {
		out = append(out, string(s))
	}
	return out
}

type followUpInput struct {
	PersonID    string    `json:"person_id"`
	EncounterID string    `json:"encounter_id"`
	AssigneeID  string    `json:"assignee_id"`
	DueAt       time.Time `json:"due_at"`
}

// createFollowUp schedules a new follow-up (after a closed or flagged one, say);
// assigned to the caller unless another user is named.
func (s *Server) createFollowUp(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	var in followUpInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	me := currentPrincipal(c).UserID
	f := care.FollowUp{PersonID: in.PersonID, EncounterID: in.EncounterID, AssigneeID: in.AssigneeID, DueAt: in.DueAt,
		Status: care.FollowUpOpen, CreatedBy: me}
	if f.AssigneeID == "" {
		f.AssigneeID = me
	}
	if f.DueAt.IsZero() {
		f.DueAt = care.DefaultDue(time.Now(), cs.Zone())
	}
	if err := care.ValidateFollowUp(&f); err != nil {
		return err
	}
	if err := cs.CreateFollowUp(c.UserContext(), &f); err != nil {
		return careError(err, "The person or assignee")
	}
	c.Set(fiber.HeaderETag, followUpETag(f))
	return created(c, "/api/v1/follow-ups/"+f.ID, f)
}

// patchFollowUp hands a follow-up to a colleague: a JSON Merge Patch of assignee_id
// (care.FollowUpPatch), to an active peer or clinician (care.CheckAssignee, checked by
// the store in the write's transaction).
func (s *Server) patchFollowUp(c *fiber.Ctx) error {
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	pinned, err := ifVersionOf(c, followUpTag, "follow-up")
	if err != nil {
		return err
	}
	var patch map[string]json.RawMessage
	if err := readJSON(c, &patch); err != nil {
		return err
	}
	assignee, err := care.FollowUpPatch(patch)
	if err != nil {
		return err
	}
	f, err := cs.ReassignFollowUp(c.UserContext(), id, assignee, pinned)
	if err != nil {
		return careError(stalePin(err, pinned), "The follow-up")
	}
	stripAttemptNotes(c, &f)
	c.Set(fiber.HeaderETag, followUpETag(f))
	return c.JSON(f)
}

type attemptInput struct {
	At      time.Time `json:"at"`
	Channel string    `json:"channel"`
	Outcome string    `json:"outcome"`
	Note    string    `json:"note"`
}

// addAttempt logs a try at a follow-up: reached closes it, a third failure flags it.
func (s *Server) addAttempt(c *fiber.Ctx) error {
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	cs, done, err := s.idempotency(c, cs, s.replayAttempt)
	if done || err != nil {
		return err
	}
	var in attemptInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	now := time.Now()
	a := care.Attempt{At: in.At, Channel: care.Channel(in.Channel), Outcome: care.AttemptOutcome(in.Outcome),
		Note: in.Note, By: currentPrincipal(c).UserID}
	if a.At.IsZero() {
		a.At = careClock()
	}
	care.NormalizeAttempt(&a)
	if err := care.ValidateAttempt(&a, now); err != nil {
		return err
	}
	f, err := cs.AddAttempt(c.UserContext(), id, &a)
	if err != nil {
		if busy := idempotencyBusy(err); busy != nil {
			return busy
		}
		return careError(err, "The follow-up")
	}
	stripAttemptNotes(c, &f)
	c.Set(fiber.HeaderETag, followUpETag(f))
	return created(c, "/api/v1/follow-ups/"+id, f)
}

// startShift and endShift open and close the caller's shift; encounters and attempts
// made in between count for it.
func (s *Server) startShift(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	sh, err := cs.StartShift(c.UserContext(), currentPrincipal(c).UserID, careClock())
	if err != nil {
		return careError(err, "The shift")
	}
	return created(c, "/api/v1/shifts?user=me", sh)
}

func (s *Server) endShift(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	sh, err := cs.EndShift(c.UserContext(), currentPrincipal(c).UserID, careClock())
	if err != nil {
		return careError(err, "The shift")
	}
	return c.JSON(sh)
}

// listShifts answers shifts with their counts, by user ("me": the caller) and start.
func (s *Server) listShifts(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	p := newParams(c)
	f := store.ShiftFilter{From: p.time("from"), To: p.time("to")}
	if u := p.str("user"); u == "me" {
		f.UserID = currentPrincipal(c).UserID
	} else if u != "" {
		f.UserID = p.uuid("user")
	}
	page, perPage := pageParams(p)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		p.fail("to", "must be after from")
	}
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := cs.Shifts(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	if err := s.audit(c, "list", "shift", f.UserID, true); err != nil {
		return err
	}
	return sendV1Page(c, items, total, page, perPage)
}

type resourceListInput struct {
	ServiceIDs []string  `json:"service_ids"`
	Language   string    `json:"language"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// createResourceList makes the public, printable list of services to hand a person.
// It records nothing about whom it is for.
func (s *Server) createResourceList(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	var in resourceListInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	now := careClock()
	l := care.ResourceList{ServiceIDs: in.ServiceIDs, Language: in.Language, ExpiresAt: in.ExpiresAt,
		CreatedBy: currentPrincipal(c).UserID}
	care.NewResourceList(&l, now)
	if err := care.ValidateResourceList(&l, now); err != nil {
		return err
	}
	if err := cs.CreateResourceList(c.UserContext(), &l); err != nil {
		return careError(err, "A service")
	}
	l.URL = s.baseURL(c) + "/l/" + l.Token
	return created(c, l.URL, l)
}

// stripAttemptNotes empties the attempts' notes of a follow-up answered to a reader who
// may not see notes, whatever the store view did.
func stripAttemptNotes(c *fiber.Ctx, f *care.FollowUp) {
	if currentPrincipal(c).MayReadNotes() {
		return
	}
	for i := range f.Attempts {
		f.Attempts[i].Note = ""
	}
}

func followUpIDs[F care.FollowUp | care.FollowUpBrief](fs []F) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		switch f := any(f).(type) {
		case care.FollowUp:
			out[i] = f.ID
		case care.FollowUpBrief:
			out[i] = f.ID
		}
	}
	return out
}
