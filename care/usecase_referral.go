package care

import (
	"context"
	"errors"
	"slices"
	"time"

	"handoff/directory"
)

// ReferralTx is what making and moving a referral need from the store: reads and
// writes inside the one transaction the use case runs in, so that what the rules
// checked is what is written, and a refused step leaves nothing written. The store
// implements it over its transaction; MakeReferral and MoveReferral say in which order
// what happens.
type ReferralTx interface {
	// CompleteReferral checks and completes what a new referral points at: the person
	// (their surviving record, or the encounter's person), the encounter, and the service
	// with its organization and, when not given, its level of care. A reference to
	// nothing is a directory.FieldErrors naming the field.
	CompleteReferral(ctx context.Context, ref *Referral) error
	// Consents returns the person's consents, the records merged into them included.
	Consents(ctx context.Context, personID string) ([]Consent, error)
	// ShiftAt returns the id of the user's shift covering time at, or "" when the user
	// was not on shift.
	ShiftAt(ctx context.Context, userID string, at time.Time) (string, error)
	// InsertReferral writes a new referral with the first move of its history.
	InsertReferral(ctx context.Context, ref *Referral) error
	// SaveMove writes the referral's latest move and bumps its version, if the referral
	// is still at the version the move was decided on; otherwise it fails and writes
	// nothing (the store's conflict error).
	SaveMove(ctx context.Context, ref *Referral) error
	// SaveSent keeps the consent a draft was sent under and its new agency link.
	SaveSent(ctx context.Context, ref *Referral) error
	// RevokeLink stops the referral's agency link from working, from time at.
	RevokeLink(ctx context.Context, ref *Referral, at time.Time) error
	// RecordDisclosure keeps a disclosure made under a consent.
	RecordDisclosure(ctx context.Context, d *Disclosure) error
	// MarkFollowedUp records a contact at time at, of the person (a surviving id) and,
	// when given, made from the encounter, as following up the encounters of the
	// FollowUpWindow before it; self (a follow-up visit's own encounter) is left out.
	MarkFollowedUp(ctx context.Context, personID, encounterID, self string, at time.Time) error
	// RecomputeFollowedUp decides afresh whether the encounters a referral could have
	// followed up (its person's in the FollowUpWindow before it was made, and the one it
	// was made from) were followed up, for a referral that no longer counts.
	RecomputeFollowedUp(ctx context.Context, ref *Referral) error
}

// MakeReferral is what happens when a referral is made (normalized, validated and
// started, see Start): what it points at is checked and completed, and a live one must
// go to an organization, about a person (CheckLiveTargets); a live referral must be
// covered by a consent of the person (ErrNoConsent otherwise) and, unless it is a
// draft, is sent: it records the disclosure it makes under that consent and gets an
// agency link (ref.AgencyLinkToken, returned once); the referral is put in its maker's
// shift and written with its first move; and it follows up the person's and the
// encounter's calls of the week before.
func MakeReferral(ctx context.Context, tx ReferralTx, ref *Referral) error {
	err := tx.CompleteReferral(ctx, ref)
	var errs directory.FieldErrors
	if err != nil && !errors.As(err, &errs) {
		return err
	}
	if errs = CheckLiveTargets(ref, errs); len(errs) > 0 {
		return errs
	}
	var disclosure *Disclosure
	if ref.Mode == ModeLive {
		k, err := referralConsent(ctx, tx, ref, ref.CreatedAt)
		if err != nil {
			return err
		}
		// A draft is not sent: it discloses nothing and has no agency link until it is
		// requested (see MoveReferral).
		if ref.Status.AgencySees() {
			d := DisclosureUnder(k, ref.OrganizationID, ref.ID, ref.CreatedBy, ref.CreatedAt)
			disclosure = &d
			if ref.AgencyLinkHash == "" {
				IssueAgencyLink(ref, ref.CreatedAt)
			}
		}
	}
	shift, err := tx.ShiftAt(ctx, ref.CreatedBy, ref.CreatedAt)
	if err != nil {
		return err
	}
	ref.ShiftID = shift
	if err := tx.InsertReferral(ctx, ref); err != nil {
		return err
	}
	if err := tx.MarkFollowedUp(ctx, ref.PersonID, ref.EncounterID, "", ref.CreatedAt); err != nil {
		return err
	}
	if disclosure != nil {
		return tx.RecordDisclosure(ctx, disclosure)
	}
	return nil
}

// CheckLiveTargets returns errs (the references of a new referral that name nothing,
// as ReferralTx.CompleteReferral found them) with what a live referral needs besides:
// an organization to go to (the service's, when the service was found) and a person. A
// logged referral records what happened and needs neither.
func CheckLiveTargets(ref *Referral, errs directory.FieldErrors) directory.FieldErrors {
	if ref.Mode != ModeLive {
		return errs
	}
	serviceFound := !slices.ContainsFunc(errs, func(e directory.FieldError) bool { return e.Field == "service_id" })
	if serviceFound && ref.OrganizationID == "" {
		errs = append(errs, directory.FieldError{Field: "service_id", Message: "the service belongs to no organization: a live referral has no one to go to"})
	}
	if ref.PersonID == "" {
		errs = append(errs, directory.FieldError{Field: "person_id", Message: "is required for a live referral"})
	}
	return errs
}

// MoveReferral is what happens when a referral moves to status to (see Transition): the
// state machine decides the move; a closed referral's outcome must fit its status,
// whoever decided the move; the move is saved at the version it was decided on; a
// cancelled or voided referral's agency link stops working with it; a live draft that
// is requested is sent (see sendDraft); and a referral entered in error no longer
// follows anything up.
func MoveReferral(ctx context.Context, tx ReferralTx, ref *Referral, to Status, reason string, outcome Outcome, by string, at time.Time) error {
	if err := Transition(ref, to, reason, outcome, by, at); err != nil {
		return err
	}
	if err := CheckOutcome(ref.Status, ref.Outcome); err != nil {
		return err
	}
	if err := tx.SaveMove(ctx, ref); err != nil {
		return err
	}
	// A cancelled or voided referral is no longer the agency's: its link stops working
	// with the move, in the same transaction.
	if ref.Status.RevokesLink() && ref.AgencyLinkHash != "" && ref.AgencyLinkRevokedAt.IsZero() {
		if err := tx.RevokeLink(ctx, ref, ref.UpdatedAt); err != nil {
			return err
		}
		ref.AgencyLinkRevokedAt = ref.UpdatedAt
	}
	if ref.Mode == ModeLive && ref.History[len(ref.History)-1].From == StatusDraft && ref.Status == StatusRequested {
		if err := sendDraft(ctx, tx, ref, by, at); err != nil {
			return err
		}
	}
	// A referral entered in error never happened: what it followed up may not be.
	if ref.Status == StatusEnteredInError {
		return tx.RecomputeFollowedUp(ctx, ref)
	}
	return nil
}

// sendDraft sends a live draft as it is requested: a consent must cover the agency now
// (ErrNoConsent otherwise), the disclosure is recorded under it, and the referral gets
// its agency link (ref.AgencyLinkToken, returned once).
func sendDraft(ctx context.Context, tx ReferralTx, ref *Referral, by string, at time.Time) error {
	k, err := referralConsent(ctx, tx, ref, at)
	if err != nil {
		return err
	}
	IssueAgencyLink(ref, at)
	if err := tx.SaveSent(ctx, ref); err != nil {
		return err
	}
	d := DisclosureUnder(k, ref.OrganizationID, ref.ID, by, at)
	return tx.RecordDisclosure(ctx, &d)
}

// referralConsent finds the consent that covers sharing the referral with its agency
// at time at (ErrNoConsent when none does) and records it on the referral.
func referralConsent(ctx context.Context, tx ReferralTx, ref *Referral, at time.Time) (Consent, error) {
	consents, err := tx.Consents(ctx, ref.PersonID)
	if err != nil {
		return Consent{}, err
	}
	k, err := CheckReferralConsent(ref, consents, at)
	if err != nil {
		return Consent{}, err
	}
	ref.ConsentID = k.ID
	return k, nil
}
