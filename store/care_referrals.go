package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

type referralRow struct {
	ID                  string `db:"id"`
	PersonID            string `db:"person_id"`
	EncounterID         string `db:"encounter_id"`
	ServiceID           string `db:"service_id"`
	OrganizationID      string `db:"organization_id"`
	Need                string `db:"need"`
	LevelOfCare         string `db:"level_of_care"`
	Mode                string `db:"mode"`
	Status              string `db:"status"`
	Outcome             string `db:"outcome"`
	StatusReason        string `db:"status_reason"`
	Note                string `db:"note"`
	ConsentID           string `db:"consent_id"`
	AgencyLinkHash      string `db:"agency_link_hash"`
	AgencyLinkExpiresAt string `db:"agency_link_expires_at"`
	AgencyLinkRevokedAt string `db:"agency_link_revoked_at"`
	ShiftID             string `db:"shift_id"`
	CreatedBy           string `db:"created_by"`
	CreatedAt           string `db:"created_at"`
	RequestedAt         string `db:"requested_at"`
	AcceptedAt          string `db:"accepted_at"`
	ClosedAt            string `db:"closed_at"`
	UpdatedAt           string `db:"updated_at"`
	Version             int    `db:"version"`
}

const referralCols = `r.id, COALESCE(r.person_id, '') AS person_id, COALESCE(r.encounter_id, '') AS encounter_id, r.service_id,
	r.organization_id, r.need, r.level_of_care, r.mode, r.status, r.outcome, r.status_reason, r.note, r.consent_id,
	r.agency_link_hash, r.agency_link_expires_at, r.agency_link_revoked_at, COALESCE(r.shift_id, '') AS shift_id,
	r.created_by, r.created_at, r.requested_at, r.accepted_at, r.closed_at, r.updated_at, r.version`

func (c *CareStore) referral(r referralRow) (care.Referral, error) {
	ref := care.Referral{ID: r.ID, PersonID: r.PersonID, EncounterID: r.EncounterID, ServiceID: r.ServiceID,
		OrganizationID: r.OrganizationID, Need: r.Need, LevelOfCare: r.LevelOfCare, Mode: care.Mode(r.Mode),
		Status: care.Status(r.Status), Outcome: care.Outcome(r.Outcome), StatusReason: r.StatusReason, ConsentID: r.ConsentID,
		AgencyLinkHash: r.AgencyLinkHash, AgencyLinkExpiresAt: optTime(r.AgencyLinkExpiresAt),
		AgencyLinkRevokedAt: optTime(r.AgencyLinkRevokedAt), ShiftID: r.ShiftID, CreatedBy: r.CreatedBy,
		CreatedAt: optTime(r.CreatedAt), RequestedAt: optTime(r.RequestedAt), AcceptedAt: optTime(r.AcceptedAt),
		ClosedAt: optTime(r.ClosedAt), UpdatedAt: optTime(r.UpdatedAt), Version: r.Version, History: []care.Move{}}
	var err error
	if ref.StatusReason, err = c.openReason(r.StatusReason, "referral", r.ID, "status_reason"); err != nil {
		return ref, err
	}
	ref.Note, err = c.openNote(r.Note, "referral", r.ID, "note")
	return ref, err
}

// CreateReferral makes a referral (normalized and validated by the caller), minting its
// id, in one transaction that runs care.MakeReferral: the person is filed under their
// surviving record (or taken from the encounter); the organization and, when not given,
// the level of care are copied from the service; a live referral must be covered by a
// consent of the person (care.ErrNoConsent otherwise), records the disclosure it makes
// under it, and gets an agency link (ref.AgencyLinkToken, returned once), unless it is a
// draft, which does both when it is requested; the note is sealed; the referral is put
// in its maker's shift; and its history starts with its creation.
func (c *CareStore) CreateReferral(ctx context.Context, ref *care.Referral) error {
	if ref.ID == "" {
		ref.ID = directory.NewID()
	}
	care.Start(ref, ref.CreatedBy, careNow(ref.CreatedAt))
	note, err := c.sealNote(ref.Note, "referral", ref.ID, "note")
	if err != nil {
		return err
	}
	err = c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := care.MakeReferral(ctx, referralTx{careTx{c, tx}, note}, ref); err != nil {
			return err
		}
		if err := c.queueReferralEvent(ctx, tx, ref, ref.CreatedBy, ref.CreatedAt); err != nil {
			return err
		}
		if err := c.keepIdempotencyKey(ctx, tx, "referral", ref.ID, ""); err != nil {
			return err
		}
		return c.auditWrite(ctx, tx, "create", "referral", ref.ID)
	})
	if err == nil {
		c.st.wakeOutbox()
	}
	return err
}

// referralTx is care.ReferralTx over a transaction; note is the new referral's note,
// sealed before the transaction.
type referralTx struct {
	careTx
	note string
}

// InsertReferral writes a new referral and the first move of its history.
func (t referralTx) InsertReferral(ctx context.Context, ref *care.Referral) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO referrals (id, person_id, encounter_id, service_id, organization_id, need, level_of_care,
		mode, status, outcome, note, consent_id, agency_link_hash, agency_link_expires_at, shift_id, created_by, created_at,
		requested_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $17, 1)`,
		ref.ID, nullable(ref.PersonID), nullable(ref.EncounterID), ref.ServiceID, ref.OrganizationID, ref.Need, ref.LevelOfCare,
		string(ref.Mode), string(ref.Status), string(ref.Outcome), t.note, ref.ConsentID, ref.AgencyLinkHash,
		optFormat(ref.AgencyLinkExpiresAt), nullable(ref.ShiftID), ref.CreatedBy, formatTime(ref.CreatedAt), optFormat(ref.RequestedAt))
	if err != nil {
		return fmt.Errorf("store: create referral: %w", err)
	}
	return t.c.insertMove(ctx, t.tx, ref.ID, ref.History[0])
}

// CompleteReferral checks and completes what a new referral points at: the person (its
// surviving record, or the encounter's person), the encounter, and the service with its
// organization and level of care. A reference to nothing is a directory.FieldErrors.
func (t referralTx) CompleteReferral(ctx context.Context, ref *care.Referral) error {
	tx := t.tx
	var errs directory.FieldErrors
	var err error
	if ref.EncounterID != "" {
		var person string
		err := tx.GetContext(ctx, &person, `SELECT COALESCE(person_id, '') FROM encounters WHERE id = $1`, ref.EncounterID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			errs = append(errs, directory.FieldError{Field: "encounter_id", Message: "no encounter with this id"})
		case err != nil:
			return fmt.Errorf("store: find encounter: %w", err)
		case ref.PersonID == "":
			ref.PersonID = person
		}
	}
	ref.PersonID, err = careCanonicalPerson(ctx, tx, "person_id", ref.PersonID)
	var fe directory.FieldErrors
	if errors.As(err, &fe) {
		errs = append(errs, fe...)
	} else if err != nil {
		return err
	}
	var org string
	err = tx.GetContext(ctx, &org, `SELECT COALESCE(organization_id, '') FROM services WHERE id = $1`, ref.ServiceID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		errs = append(errs, directory.FieldError{Field: "service_id", Message: "no service with this id"})
	case err != nil:
		return fmt.Errorf("store: find service: %w", err)
	default:
		ref.OrganizationID = org
	}
	if ref.LevelOfCare == "" && err == nil {
		var levels []string
		if err := tx.SelectContext(ctx, &levels, `SELECT t.code FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
			WHERE a.link_id = $1 AND a.link_entity = 'service' AND t.taxonomy = $2 ORDER BY a.pos, t.code`,
			ref.ServiceID, directory.TaxonomyLevelOfCare); err != nil {
			return fmt.Errorf("store: service level of care: %w", err)
		}
		if len(levels) > 0 {
			ref.LevelOfCare = levels[0]
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Referral loads a referral with its history.
func (c *CareStore) Referral(ctx context.Context, id string) (care.Referral, error) {
	return c.loadReferral(ctx, c.db, id)
}

func (c *CareStore) loadReferral(ctx context.Context, q careQueryer, id string) (care.Referral, error) {
	var r referralRow
	err := q.GetContext(ctx, &r, `SELECT `+referralCols+` FROM referrals r WHERE r.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return care.Referral{}, ErrNotFound
	}
	if err != nil {
		return care.Referral{}, fmt.Errorf("store: load referral: %w", err)
	}
	out, err := c.referrals(ctx, q, []referralRow{r})
	if err != nil {
		return care.Referral{}, err
	}
	return out[0], nil
}

// ReferralFilter narrows a list of referrals; zero fields do not filter. OrganizationID
// is what an agency user is limited to. PersonID includes records merged into the person.
type ReferralFilter struct {
	PersonID       string
	EncounterID    string
	OrganizationID string
	ServiceID      string
	Statuses       []care.Status
	Mode           care.Mode
	CreatedBy      string
}

func (f ReferralFilter) where() (string, []any) {
	var c conds
	if f.PersonID != "" {
		c.plain(carePersonSet("r.person_id", c.arg(f.PersonID)))
	}
	c.eq("r.encounter_id", f.EncounterID)
	c.eq("r.organization_id", f.OrganizationID)
	c.eq("r.service_id", f.ServiceID)
	c.eq("r.mode", string(f.Mode))
	c.eq("r.created_by", f.CreatedBy)
	condIn(&c, "r.status", f.Statuses)
	return c.where()
}

// Referrals returns one page of matching referrals with their histories, latest moved
// first, and the number of matches.
func (c *CareStore) Referrals(ctx context.Context, f ReferralFilter, p Page) ([]care.Referral, int, error) {
	where, args := f.where()
	rows, total, err := selectPage[referralRow](ctx, c.db, listQuery{what: "referrals", from: "referrals r", cols: referralCols,
		where: where, args: args, order: "r.updated_at DESC, r.id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out, err := c.referrals(ctx, c.db, rows)
	return out, total, err
}

type moveRow struct {
	ReferralID string `db:"referral_id"`
	Version    int    `db:"version"`
	From       string `db:"from_status"`
	To         string `db:"to_status"`
	Reason     string `db:"reason"`
	Outcome    string `db:"outcome"`
	By         string `db:"by_user"`
	At         string `db:"at"`
}

// referrals turns rows into referrals with their histories, in one more query.
func (c *CareStore) referrals(ctx context.Context, q careQueryer, rows []referralRow) ([]care.Referral, error) {
	out := make([]care.Referral, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := map[string]int{}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ref, err := c.referral(r)
		if err != nil {
			return nil, err
		}
		out[i], idx[r.ID], ids[i] = ref, i, r.ID
	}
	var moves []moveRow
	if err := q.SelectContext(ctx, &moves, `SELECT referral_id, version, from_status, to_status, reason, outcome, by_user, at
		FROM referral_transitions WHERE referral_id IN (`+careInList(1, len(ids))+`) ORDER BY referral_id, version`, careAnys(ids)...); err != nil {
		return nil, fmt.Errorf("store: referral history: %w", err)
	}
	for _, m := range moves {
		r := &out[idx[m.ReferralID]]
		reason, err := c.openReason(m.Reason, "referral_transition", moveSealID(m.ReferralID, m.Version), "reason")
		if err != nil {
			return nil, err
		}
		r.History = append(r.History, care.Move{From: care.Status(m.From), To: care.Status(m.To), Reason: reason,
			Outcome: care.Outcome(m.Outcome), By: m.By, At: optTime(m.At), Version: m.Version})
	}
	return out, nil
}

// insertMove keeps a move in the referral's history, its reason sealed.
func (c *CareStore) insertMove(ctx context.Context, tx *sqlx.Tx, referralID string, m care.Move) error {
	reason, err := c.sealNote(m.Reason, "referral_transition", moveSealID(referralID, m.Version), "reason")
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO referral_transitions (referral_id, version, from_status, to_status, reason, outcome, by_user, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		referralID, m.Version, string(m.From), string(m.To), reason, string(m.Outcome), m.By, formatTime(m.At))
	if err != nil {
		return fmt.Errorf("store: record referral move: %w", err)
	}
	return nil
}

// ReferralLabel is what makes a referral readable in a list: the names of its service
// and of the organization it went to, and, when asked for, its person (the survivor, for
// a record merged into another) by name only.
type ReferralLabel struct {
	ServiceName      string
	OrganizationName string
	Person           *care.PersonBrief
}

// ReferralLabels reads the labels of the referrals, by referral id, in one query for all
// of them. withPeople fills in Person: set it only for readers who may read people. A
// referral that cannot be found has no label.
func (c *CareStore) ReferralLabels(ctx context.Context, rs []care.Referral, withPeople bool) (map[string]ReferralLabel, error) {
	out := make(map[string]ReferralLabel, len(rs))
	if len(rs) == 0 {
		return out, nil
	}
	ids := make([]string, len(rs))
	for i := range rs {
		ids[i] = rs[i].ID
	}
	var rows []struct {
		ID               string `db:"id"`
		ServiceName      string `db:"service_name"`
		OrganizationName string `db:"organization_name"`
		PersonID         string `db:"person_id"`
		DisplayName      string `db:"display_name"`
	}
	if err := c.db.SelectContext(ctx, &rows, `SELECT r.id, COALESCE(s.name, '') AS service_name, COALESCE(o.name, '') AS organization_name,
		COALESCE(sv.id, p.id, '') AS person_id, COALESCE(sv.display_name, p.display_name, '') AS display_name
		FROM referrals r LEFT JOIN services s ON s.id = r.service_id
		LEFT JOIN organizations o ON o.id = r.organization_id
		LEFT JOIN people p ON p.id = r.person_id
		LEFT JOIN people sv ON p.merged_into <> '' AND sv.id = p.merged_into
		WHERE r.id IN (`+careInList(1, len(ids))+`)`, careAnys(ids)...); err != nil {
		return nil, fmt.Errorf("store: referral labels: %w", err)
	}
	for _, r := range rows {
		l := ReferralLabel{ServiceName: r.ServiceName, OrganizationName: r.OrganizationName}
		if withPeople && r.PersonID != "" {
			l.Person = &care.PersonBrief{ID: r.PersonID, DisplayName: r.DisplayName}
		}
		out[r.ID] = l
	}
	return out, nil
}
