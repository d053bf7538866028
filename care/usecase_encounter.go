package care

import (
	"context"
	"time"

	"handoff/directory"
)

// EncounterTx is what recording an encounter needs from the store: reads and writes
// inside the one transaction RecordEncounter runs in. The store implements it over its
// transaction, sealing the notes as it writes them.
type EncounterTx interface {
	// SurvivingPerson returns the id under which the person's new records are kept: the
	// record it was merged into, or its own ("" for none). An unknown person is a
	// directory.FieldErrors naming field.
	SurvivingPerson(ctx context.Context, field, id string) (string, error)
	// User returns what the store holds of the account id names.
	User(ctx context.Context, id string) (UserRef, error)
	// ShiftAt returns the id of the user's shift that takes work at time at (see
	// Shift.Takes), or "" when the user was not on shift (or no user is given).
	ShiftAt(ctx context.Context, userID string, at time.Time) (string, error)
	// InsertEncounter writes the encounter, without its responders.
	InsertEncounter(ctx context.Context, e *Encounter) error
	// AddResponder writes a responder of the encounter, counted in their shift (""
	// for none).
	AddResponder(ctx context.Context, encounterID, userID, shiftID string) error
	// FollowedUpAt decides whether the encounter was already followed up (see
	// FollowUpWindow), keeps the answer on it, and returns it (zero for not).
	FollowedUpAt(ctx context.Context, encounterID string) (time.Time, error)
	// MarkFollowedUp records a contact at time at, of the person (a surviving id) and,
	// when given, made from the encounter, as following up the encounters of the
	// FollowUpWindow before it; self (a follow-up visit's own encounter) is left out.
	MarkFollowedUp(ctx context.Context, personID, encounterID, self string, at time.Time) error
	// InsertFollowUp writes a new follow-up, minting its id.
	InsertFollowUp(ctx context.Context, f *FollowUp) error
}

// RecordEncounter is what happens when an encounter is recorded (normalized, located
// and validated, with its id): it is filed under the person's surviving record; each
// responder must be an active peer or clinician (ResponderRoles), else ReferenceErrors
// names responders[i] and nothing is written; it is put in the recorder's shift (the
// one covering OccurredAt, unless ShiftID names one) and each responder in theirs; it
// may already have been followed up (entered late), and a follow-up visit follows up
// the person's calls of the week before; and when NeedsFollowUp, its follow-up is
// scheduled for the next day in zone, assigned to the recorder, and returned (nil when
// none).
func RecordEncounter(ctx context.Context, tx EncounterTx, e *Encounter, zone *time.Location) (*FollowUp, error) {
	var err error
	if e.PersonID, err = tx.SurvivingPerson(ctx, "person_id", e.PersonID); err != nil {
		return nil, err
	}
	if err := checkResponders(ctx, tx, e.Responders); err != nil {
		return nil, err
	}
	if e.ShiftID == "" {
		if e.ShiftID, err = tx.ShiftAt(ctx, e.RecordedBy, e.OccurredAt); err != nil {
			return nil, err
		}
	}
	if err := tx.InsertEncounter(ctx, e); err != nil {
		return nil, err
	}
	for _, u := range e.Responders {
		shift, err := tx.ShiftAt(ctx, u, e.OccurredAt)
		if err != nil {
			return nil, err
		}
		if shift == e.ShiftID {
			shift = "" // counted through the encounter's own shift
		}
		if err := tx.AddResponder(ctx, e.ID, u, shift); err != nil {
			return nil, err
		}
	}
	// Entered late, the encounter may already have been followed up; a follow-up visit
	// follows up the person's encounters of the week before.
	if e.FollowedUpAt, err = tx.FollowedUpAt(ctx, e.ID); err != nil {
		return nil, err
	}
	if e.Source == SourceFollowUp {
		if err := tx.MarkFollowedUp(ctx, e.PersonID, "", e.ID, e.OccurredAt); err != nil {
			return nil, err
		}
	}
	if !NeedsFollowUp(e) || e.RecordedBy == "" {
		return nil, nil
	}
	f := FollowUpFor(e, zone)
	f.CreatedAt = e.CreatedAt
	if err := tx.InsertFollowUp(ctx, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// checkResponders refuses responders who do not count in shifts and measures: each
// must be an active peer or clinician of the program (ResponderRoles). Every bad one is
// named, as ReferenceErrors.
func checkResponders(ctx context.Context, tx EncounterTx, ids []string) error {
	var errs directory.FieldErrors
	for i, id := range ids {
		u, err := tx.User(ctx, id)
		if err != nil {
			return err
		}
		if fe := CheckUserRef(field("responders", i), "responder", u, ResponderRoles); fe != nil {
			errs = append(errs, *fe)
		}
	}
	if len(errs) > 0 {
		return ReferenceErrors(errs)
	}
	return nil
}
