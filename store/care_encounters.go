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

type encounterRow struct {
	ID                  string          `db:"id"`
	PersonID            string          `db:"person_id"`
	OccurredAt          string          `db:"occurred_at"`
	Source              string          `db:"source"`
	Latitude            sql.NullFloat64 `db:"latitude"`
	Longitude           sql.NullFloat64 `db:"longitude"`
	LocationPrecision   string          `db:"location_precision"`
	Town                string          `db:"town"`
	PoliceDepartment    string          `db:"police_department"`
	PresentingNeeds     string          `db:"presenting_needs"`
	AssessedLevelOfCare string          `db:"assessed_level_of_care"`
	Disposition         string          `db:"disposition"`
	EDDiverted          bool            `db:"ed_diverted"`
	ArrestDiverted      bool            `db:"arrest_diverted"`
	Notes               string          `db:"notes"`
	StreetAddress       string          `db:"street_address"`
	NoFollowUpReason    string          `db:"no_follow_up_reason"`
	FollowedUpAt        string          `db:"followed_up_at"`
	ShiftID             string          `db:"shift_id"`
	RecordedBy          string          `db:"recorded_by"`
	CreatedAt           string          `db:"created_at"`
}

const encounterCols = `e.id, COALESCE(e.person_id, '') AS person_id, e.occurred_at, e.source, e.latitude, e.longitude,
	e.location_precision, e.town, e.police_department, e.presenting_needs, e.assessed_level_of_care, e.disposition,
	e.ed_diverted, e.arrest_diverted, e.notes, e.street_address, e.no_follow_up_reason, e.followed_up_at, COALESCE(e.shift_id, '') AS shift_id,
	e.recorded_by, e.created_at`

func (c *CareStore) encounter(r encounterRow) (care.Encounter, error) {
	e := care.Encounter{ID: r.ID, PersonID: r.PersonID, OccurredAt: optTime(r.OccurredAt), Source: care.Source(r.Source),
		LocationPrecision: care.Precision(r.LocationPrecision), Town: r.Town, PoliceDepartment: r.PoliceDepartment,
		PresentingNeeds: careWords(r.PresentingNeeds), AssessedLevelOfCare: r.AssessedLevelOfCare,
		Disposition: care.Disposition(r.Disposition), EDDiverted: r.EDDiverted, ArrestDiverted: r.ArrestDiverted,
		NoFollowUpReason: r.NoFollowUpReason, FollowedUpAt: optTime(r.FollowedUpAt), ShiftID: r.ShiftID, RecordedBy: r.RecordedBy, CreatedAt: optTime(r.CreatedAt),
		Responders: []string{}}
	if r.Latitude.Valid && r.Longitude.Valid {
		lat, lon := r.Latitude.Float64, r.Longitude.Float64
		e.Lat, e.Lon = &lat, &lon
	}
	var err error
	if e.NoFollowUpReason, err = c.openReason(r.NoFollowUpReason, "encounter", r.ID, "no_follow_up_reason"); err != nil {
		return e, err
	}
	if e.StreetAddress, err = c.openNote(r.StreetAddress, "encounter", r.ID, "street_address"); err != nil {
		return e, err
	}
	e.LocationUnknown = e.LocationPrecision == care.PrecisionUnknown
	e.Notes, err = c.openNote(r.Notes, "encounter", r.ID, "notes")
	return e, err
}

// CreateEncounter records an encounter (normalized, located and validated by the
// caller), minting its id, in one transaction that runs care.RecordEncounter: it files
// the encounter under the person's surviving record, puts it in the recorder's shift and
// each responder's (the shift covering occurred_at), seals the notes, keeps
// followed_up_at (see care_followed_up.go), and, when care.NeedsFollowUp, schedules the
// follow-up for the next day assigned to the recorder, which it returns (nil when none).
// Each responder must be an active peer or clinician (care.ResponderRoles), else
// care.ReferenceErrors names responders[i] and nothing is written.
func (c *CareStore) CreateEncounter(ctx context.Context, e *care.Encounter) (*care.FollowUp, error) {
	if e.ID == "" {
		e.ID = directory.NewID()
	}
	e.CreatedAt = careNow(e.CreatedAt)
	notes, err := c.sealNote(e.Notes, "encounter", e.ID, "notes")
	if err != nil {
		return nil, err
	}
	noFollowUp, err := c.sealNote(e.NoFollowUpReason, "encounter", e.ID, "no_follow_up_reason")
	if err != nil {
		return nil, err
	}
	// The street address is sealed like the notes; its building's key is kept beside it
	// for the repeat-location measure (care.Sealer.AddressKey).
	street, err := c.sealNote(e.StreetAddress, "encounter", e.ID, "street_address")
	if err != nil {
		return nil, err
	}
	if street != "" {
		e.AddressKey = c.seal.AddressKey(e.StreetAddress, e.Town)
	}
	var fu *care.FollowUp
	err = c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if fu, err = care.RecordEncounter(ctx, encounterTx{careTx{c, tx}, notes, noFollowUp, street}, e, c.zone); err != nil {
			return err
		}
		fuID := ""
		if fu != nil {
			fuID = fu.ID
		}
		if err := c.keepIdempotencyKey(ctx, tx, "encounter", e.ID, fuID); err != nil {
			return err
		}
		// The follow-up scheduled here is part of recording the encounter: one row.
		return c.auditWrite(ctx, tx, "create", "encounter", e.ID)
	})
	if err != nil {
		return nil, err
	}
	if e.Responders == nil {
		e.Responders = []string{}
	}
	return fu, nil
}

// encounterTx is care.EncounterTx over a transaction; notes, noFollowUp and street
// (the street address) are the encounter's, sealed before the transaction.
type encounterTx struct {
	careTx
	notes, noFollowUp, street string
}

// InsertEncounter writes the encounter row, its notes and reason sealed.
func (t encounterTx) InsertEncounter(ctx context.Context, e *care.Encounter) error {
	var lat, lon any
	if e.Lat != nil && e.Lon != nil {
		lat, lon = *e.Lat, *e.Lon
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO encounters (id, person_id, occurred_at, source, latitude, longitude, location_precision,
		town, police_department, presenting_needs, assessed_level_of_care, disposition, ed_diverted, arrest_diverted, notes,
		no_follow_up_reason, shift_id, recorded_by, created_at, street_address, address_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		e.ID, nullable(e.PersonID), formatTime(e.OccurredAt), string(e.Source), lat, lon, string(e.LocationPrecision),
		e.Town, e.PoliceDepartment, strings.Join(e.PresentingNeeds, " "), e.AssessedLevelOfCare, string(e.Disposition),
		e.EDDiverted, e.ArrestDiverted, t.notes, t.noFollowUp, nullable(e.ShiftID), e.RecordedBy, formatTime(e.CreatedAt),
		t.street, e.AddressKey)
	if err != nil {
		return fmt.Errorf("store: create encounter: %w", err)
	}
	return nil
}

// AddResponder writes a responder of the encounter, in their shift ("" for none).
func (t encounterTx) AddResponder(ctx context.Context, encounterID, userID, shiftID string) error {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO encounter_responders (encounter_id, user_id, shift_id) VALUES ($1, $2, $3)`,
		encounterID, userID, nullable(shiftID)); err != nil {
		return fmt.Errorf("store: encounter responder: %w", err)
	}
	return nil
}

// Encounter loads an encounter with its responders.
func (c *CareStore) Encounter(ctx context.Context, id string) (care.Encounter, error) {
	var r encounterRow
	err := c.db.GetContext(ctx, &r, `SELECT `+encounterCols+` FROM encounters e WHERE e.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return care.Encounter{}, ErrNotFound
	}
	if err != nil {
		return care.Encounter{}, fmt.Errorf("store: load encounter: %w", err)
	}
	out, err := c.encounters(ctx, []encounterRow{r})
	if err != nil {
		return care.Encounter{}, err
	}
	return out[0], nil
}

// EncounterFilter narrows a list of encounters; zero fields do not filter. From is
// inclusive, To exclusive. PersonID includes the records merged into the person.
type EncounterFilter struct {
	From, To    time.Time
	Town        string
	Source      care.Source
	ResponderID string
	PersonID    string
	ShiftID     string
}

func (f EncounterFilter) where() (string, []any) {
	var c conds
	if !f.From.IsZero() {
		c.add("e.occurred_at >= $%d", formatTime(f.From))
	}
	if !f.To.IsZero() {
		c.add("e.occurred_at < $%d", formatTime(f.To))
	}
	c.eq("lower(e.town)", strings.ToLower(f.Town))
	c.eq("e.source", string(f.Source))
	if f.ResponderID != "" {
		c.add("EXISTS (SELECT 1 FROM encounter_responders r WHERE r.encounter_id = e.id AND r.user_id = $%d)", f.ResponderID)
	}
	if f.PersonID != "" {
		c.plain(carePersonSet("e.person_id", c.arg(f.PersonID)))
	}
	c.eq("e.shift_id", f.ShiftID)
	return c.where()
}

// Encounters returns one page of matching encounters, newest first, and the number of
// matches.
func (c *CareStore) Encounters(ctx context.Context, f EncounterFilter, p Page) ([]care.Encounter, int, error) {
	where, args := f.where()
	rows, total, err := selectPage[encounterRow](ctx, c.db, listQuery{what: "encounters", from: "encounters e", cols: encounterCols,
		where: where, args: args, order: "e.occurred_at DESC, e.id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out, err := c.encounters(ctx, rows)
	return out, total, err
}

// encounters turns rows into encounters with their responders, in one more query.
func (c *CareStore) encounters(ctx context.Context, rows []encounterRow) ([]care.Encounter, error) {
	out := make([]care.Encounter, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := map[string]int{}
	ids := make([]string, len(rows))
	for i, r := range rows {
		e, err := c.encounter(r)
		if err != nil {
			return nil, err
		}
		out[i], idx[r.ID], ids[i] = e, i, r.ID
	}
	var rs []struct {
		EncounterID string `db:"encounter_id"`
		UserID      string `db:"user_id"`
	}
	if err := c.db.SelectContext(ctx, &rs, `SELECT encounter_id, user_id FROM encounter_responders WHERE encounter_id IN (`+
		careInList(1, len(ids))+`) ORDER BY encounter_id, user_id`, careAnys(ids)...); err != nil {
		return nil, fmt.Errorf("store: encounter responders: %w", err)
	}
	for _, r := range rs {
		e := &out[idx[r.EncounterID]]
		e.Responders = append(e.Responders, r.UserID)
	}
	return out, nil
}
