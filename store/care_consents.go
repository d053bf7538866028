package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

type consentRow struct {
	ID                  string `db:"id"`
	PersonID            string `db:"person_id"`
	Discloser           string `db:"discloser"`
	OrganizationIDs     string `db:"organization_ids"`
	AnyTreatingProvider bool   `db:"any_treating_provider"`
	Information         string `db:"information"`
	Purpose             string `db:"purpose"`
	GivenAt             string `db:"given_at"`
	ExpiresAt           string `db:"expires_at"`
	Method              string `db:"method"`
	WitnessedBy         string `db:"witnessed_by"`
	RevokedAt           string `db:"revoked_at"`
	RevokedBy           string `db:"revoked_by"`
	RecordedBy          string `db:"recorded_by"`
	CreatedAt           string `db:"created_at"`
}

const consentCols = `id, person_id, discloser, organization_ids, any_treating_provider, information, purpose, given_at,
	expires_at, method, witnessed_by, revoked_at, revoked_by, recorded_by, created_at`

func (r consentRow) consent() care.Consent {
	return care.Consent{ID: r.ID, PersonID: r.PersonID, Discloser: r.Discloser, OrganizationIDs: careWords(r.OrganizationIDs),
		AnyTreatingProvider: r.AnyTreatingProvider, Information: r.Information, Purpose: r.Purpose, GivenAt: optTime(r.GivenAt),
		ExpiresAt: optTime(r.ExpiresAt), Method: care.ConsentMethod(r.Method), WitnessedBy: r.WitnessedBy,
		RevokedAt: optTime(r.RevokedAt), RevokedBy: r.RevokedBy, RecordedBy: r.RecordedBy, CreatedAt: optTime(r.CreatedAt)}
}

// CreateConsent records a consent (normalized and validated by the caller) under the
// person's surviving record, minting its id. In the same transaction it checks what the
// consent names: the witness must be an active account of the program's staff
// (care.WitnessRoles), and each organization must be in the directory; otherwise
// care.ReferenceErrors names the fields and nothing is written.
func (c *CareStore) CreateConsent(ctx context.Context, k *care.Consent) error {
	if k.ID == "" {
		k.ID = directory.NewID()
	}
	k.CreatedAt = careNow(k.CreatedAt)
	if k.GivenAt.IsZero() {
		k.GivenAt = k.CreatedAt
	}
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if k.PersonID, err = careCanonicalPerson(ctx, tx, "person_id", k.PersonID); err != nil {
			return err
		}
		var refs refChecks
		if k.WitnessedBy != "" {
			if err := refs.user(ctx, tx, "witnessed_by", "witness", k.WitnessedBy, care.WitnessRoles); err != nil {
				return err
			}
		}
		for i, org := range k.OrganizationIDs {
			if err := refs.organization(ctx, tx, fmt.Sprintf("organization_ids[%d]", i), org); err != nil {
				return err
			}
		}
		if err := refs.err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO consents (id, person_id, discloser, organization_ids, any_treating_provider, information,
			purpose, given_at, expires_at, method, witnessed_by, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			k.ID, k.PersonID, k.Discloser, strings.Join(k.OrganizationIDs, " "), k.AnyTreatingProvider, k.Information, k.Purpose,
			formatTime(k.GivenAt), formatTime(k.ExpiresAt), string(k.Method), k.WitnessedBy, k.RecordedBy, formatTime(k.CreatedAt))
		if err != nil {
			return fmt.Errorf("store: create consent: %w", err)
		}
		return c.auditWrite(ctx, tx, "create", "consent", k.ID)
	})
}

// Consent loads one consent.
func (c *CareStore) Consent(ctx context.Context, id string) (care.Consent, error) {
	var r consentRow
	err := c.db.GetContext(ctx, &r, `SELECT `+consentCols+` FROM consents WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return care.Consent{}, ErrNotFound
	}
	if err != nil {
		return care.Consent{}, fmt.Errorf("store: load consent: %w", err)
	}
	return r.consent(), nil
}

// Consents lists a person's consents, the records merged into them included, newest
// first.
func (c *CareStore) Consents(ctx context.Context, personID string) ([]care.Consent, error) {
	return personConsents(ctx, c.db, personID)
}

func personConsents(ctx context.Context, q careQueryer, personID string) ([]care.Consent, error) {
	var rows []consentRow
	if err := q.SelectContext(ctx, &rows, `SELECT `+consentCols+` FROM consents WHERE `+carePersonSet("person_id", 1)+
		` ORDER BY given_at DESC, id`, personID); err != nil {
		return nil, fmt.Errorf("store: list consents: %w", err)
	}
	out := make([]care.Consent, len(rows))
	for i, r := range rows {
		out[i] = r.consent()
	}
	return out, nil
}

// RevokeConsent revokes a consent of the person (or of a record merged into them) at
// time at and returns it. Revoking twice keeps the first revocation. Disclosures already
// made stay recorded; new ones under this consent are refused from then on.
func (c *CareStore) RevokeConsent(ctx context.Context, personID, consentID, by string, at time.Time) (care.Consent, error) {
	at = careNow(at)
	var out care.Consent
	err := c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		var r consentRow
		err := tx.GetContext(ctx, &r, `SELECT `+consentCols+` FROM consents WHERE id = $1 AND `+carePersonSet("person_id", 2), consentID, personID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: load consent: %w", err)
		}
		out = r.consent()
		// Revoking again changes nothing but is still an allowed act on the record, and
		// is audited as one.
		if out.RevokedAt.IsZero() {
			out.Revoke(by, at)
			if _, err := tx.ExecContext(ctx, `UPDATE consents SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at = ''`,
				consentID, formatTime(at), by); err != nil {
				return fmt.Errorf("store: revoke consent: %w", err)
			}
		}
		return c.auditWrite(ctx, tx, "revoke", "consent", consentID)
	})
	return out, err
}

type disclosureRow struct {
	ID             string `db:"id"`
	PersonID       string `db:"person_id"`
	ConsentID      string `db:"consent_id"`
	OrganizationID string `db:"organization_id"`
	ReferralID     string `db:"referral_id"`
	Information    string `db:"information"`
	Purpose        string `db:"purpose"`
	DisclosedAt    string `db:"disclosed_at"`
	DisclosedBy    string `db:"disclosed_by"`
}

// RecordDisclosure records a disclosure made under a consent. The consent must cover the
// organization at the time of the disclosure (care.ErrNoConsent otherwise): the record
// of a disclosure the person did not allow would be a record of a breach.
func (c *CareStore) RecordDisclosure(ctx context.Context, d *care.Disclosure) error {
	d.DisclosedAt = careNow(d.DisclosedAt)
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		var r consentRow
		err := tx.GetContext(ctx, &r, `SELECT `+consentCols+` FROM consents WHERE id = $1`, d.ConsentID)
		if errors.Is(err, sql.ErrNoRows) {
			return directory.FieldErrors{{Field: "consent_id", Message: "no consent with this id"}}
		}
		if err != nil {
			return fmt.Errorf("store: load consent: %w", err)
		}
		k := r.consent()
		if !k.Covers(d.OrganizationID, d.DisclosedAt) {
			return care.ErrNoConsent
		}
		d.PersonID = k.PersonID
		return insertDisclosure(ctx, tx, d)
	})
}

func insertDisclosure(ctx context.Context, tx *sqlx.Tx, d *care.Disclosure) error {
	if d.ID == "" {
		d.ID = directory.NewID()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO disclosures (id, person_id, consent_id, organization_id, referral_id, information, purpose,
		disclosed_at, disclosed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		d.ID, d.PersonID, d.ConsentID, d.OrganizationID, d.ReferralID, d.Information, d.Purpose, formatTime(d.DisclosedAt), d.DisclosedBy)
	if err != nil {
		return fmt.Errorf("store: record disclosure: %w", err)
	}
	return nil
}

// Disclosures lists the disclosures of a person's information, the records merged into
// them included, newest first: the accounting a person may ask for.
func (c *CareStore) Disclosures(ctx context.Context, personID string) ([]care.Disclosure, error) {
	var rows []disclosureRow
	if err := c.db.SelectContext(ctx, &rows, `SELECT id, person_id, consent_id, organization_id, referral_id, information, purpose,
		disclosed_at, disclosed_by FROM disclosures WHERE `+carePersonSet("person_id", 1)+` ORDER BY disclosed_at DESC, id`, personID); err != nil {
		return nil, fmt.Errorf("store: list disclosures: %w", err)
	}
	out := make([]care.Disclosure, len(rows))
	for i, r := range rows {
		out[i] = care.Disclosure{ID: r.ID, PersonID: r.PersonID, ConsentID: r.ConsentID, OrganizationID: r.OrganizationID,
			ReferralID: r.ReferralID, Information: r.Information, Purpose: r.Purpose, DisclosedAt: optTime(r.DisclosedAt),
			DisclosedBy: r.DisclosedBy}
	}
	return out, nil
}

// CoveringConsent returns the consent under which the person's details may be shared
// with the organization at time at (care.CoveringConsent over the person's consents,
// merged records included), or care.ErrNoConsent. The agency side uses it to decide how
// much of a referral to show: after a revocation, the referral stays but the details go.
func (c *CareStore) CoveringConsent(ctx context.Context, personID, orgID string, at time.Time) (care.Consent, error) {
	if personID == "" {
		return care.Consent{}, care.ErrNoConsent
	}
	consents, err := c.Consents(ctx, personID)
	if err != nil {
		return care.Consent{}, err
	}
	return care.CoveringConsent(consents, orgID, careNow(at))
}
