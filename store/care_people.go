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

type personRow struct {
	ID                string `db:"id"`
	DisplayName       string `db:"display_name"`
	Phone             string `db:"phone"`
	PreferredLanguage string `db:"preferred_language"`
	Contact           string `db:"contact"`
	MergedInto        string `db:"merged_into"`
	MergedAt          string `db:"merged_at"`
	MergedBy          string `db:"merged_by"`
	CreatedBy         string `db:"created_by"`
	CreatedAt         string `db:"created_at"`
	UpdatedAt         string `db:"updated_at"`
	Version           int    `db:"version"`
}

const personCols = `id, display_name, phone, preferred_language, contact, merged_into, merged_at, merged_by, created_by, created_at, updated_at, version`

func (r personRow) person() care.Person {
	return care.Person{ID: r.ID, DisplayName: r.DisplayName, Phone: r.Phone, PreferredLanguage: r.PreferredLanguage,
		Contact: r.Contact, MergedInto: r.MergedInto, MergedAt: optTime(r.MergedAt), MergedBy: r.MergedBy, CreatedBy: r.CreatedBy,
		CreatedAt: optTime(r.CreatedAt), UpdatedAt: optTime(r.UpdatedAt), Version: r.Version}
}

// searchName is what people search matches: the display name, lower-cased.
func searchName(s string) string { return strings.ToLower(s) }

// CreatePerson adds a person (normalized and validated by the caller), minting the id
// when empty and setting the times and version.
func (c *CareStore) CreatePerson(ctx context.Context, p *care.Person) error {
	if p.ID == "" {
		p.ID = directory.NewID()
	}
	p.CreatedAt = careNow(p.CreatedAt)
	p.UpdatedAt, p.Version, p.MergedInto = p.CreatedAt, 1, ""
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO people (id, display_name, search_name, phone, preferred_language, contact, created_by, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $8, $6, $7, $7, 1)`,
			p.ID, p.DisplayName, searchName(p.DisplayName), p.Phone, p.PreferredLanguage, p.CreatedBy, formatTime(p.CreatedAt), p.Contact)
		if err != nil {
			return fmt.Errorf("store: create person: %w", err)
		}
		return c.auditWrite(ctx, tx, "create", "person", p.ID)
	})
}

// Person loads a person record; a merged record is returned as it is, with MergedInto
// naming the survivor.
func (c *CareStore) Person(ctx context.Context, id string) (care.Person, error) {
	return getPerson(ctx, c.db, id)
}

func getPerson(ctx context.Context, q careQueryer, id string) (care.Person, error) {
	var r personRow
	err := q.GetContext(ctx, &r, `SELECT `+personCols+` FROM people WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return care.Person{}, ErrNotFound
	}
	if err != nil {
		return care.Person{}, fmt.Errorf("store: load person: %w", err)
	}
	return r.person(), nil
}

// UpdatePerson writes a person's display name, phone and preferred language if the
// record is still at version (0: whatever it is), and bumps the version. A merged
// record cannot change: ErrMerged.
func (c *CareStore) UpdatePerson(ctx context.Context, p *care.Person, version int) error {
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		cur, err := getPerson(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if cur.MergedInto != "" {
			return ErrMerged
		}
		if version != 0 && version != cur.Version {
			return ErrConflict
		}
		at := careNow(time.Time{})
		res, err := tx.ExecContext(ctx, `UPDATE people SET display_name = $3, search_name = $4, phone = $5, preferred_language = $6,
			contact = $8, updated_at = $7, version = version + 1 WHERE id = $1 AND version = $2`,
			p.ID, cur.Version, p.DisplayName, searchName(p.DisplayName), p.Phone, p.PreferredLanguage, formatTime(at), p.Contact)
		if err != nil {
			return fmt.Errorf("store: update person: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		p.Version, p.UpdatedAt, p.CreatedAt, p.CreatedBy = cur.Version+1, at, cur.CreatedAt, cur.CreatedBy
		return c.auditWrite(ctx, tx, "update", "person", p.ID)
	})
}

// People returns one page of the people whose display name contains every word of q
// (all people when q is empty), by display name, and the number of matches. Records
// merged into another are left out: the survivor stands for them.
func (c *CareStore) People(ctx context.Context, q string, p Page) ([]care.Person, int, error) {
	w := conds{sql: []string{"merged_into = ''"}}
	for _, word := range strings.Fields(strings.ToLower(q)) {
		w.add(`search_name LIKE $%d ESCAPE '\'`, "%"+escapeLike(word)+"%")
	}
	where, args := w.where()
	rows, total, err := selectPage[personRow](ctx, c.db, listQuery{what: "people", from: "people", cols: personCols,
		where: where, args: args, order: "search_name, id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]care.Person, len(rows))
	for i, r := range rows {
		out[i] = r.person()
	}
	return out, total, nil
}

// MergePeople merges the record dup into keep: dup (and any record merged into it
// before) points at keep from now on, and every encounter, referral, consent and
// follow-up stays where it was, so that both histories are kept and can be told apart.
// Reading keep shows both. A record merged already cannot be merged again (ErrMerged).
func (c *CareStore) MergePeople(ctx context.Context, keepID, dupID, by string, at time.Time) error {
	if keepID == dupID {
		return directory.FieldErrors{{Field: "duplicate_id", Message: "a record cannot be merged into itself"}}
	}
	at = careNow(at)
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		keep, err := getPerson(ctx, tx, keepID)
		if err != nil {
			return err
		}
		dup, err := getPerson(ctx, tx, dupID)
		if err != nil {
			return err
		}
		if keep.MergedInto != "" || dup.MergedInto != "" {
			return ErrMerged
		}
		t := formatTime(at)
		res, err := tx.ExecContext(ctx, `UPDATE people SET merged_into = $2, merged_at = $3, merged_by = $4, updated_at = $3, version = version + 1
			WHERE id = $1 AND version = $5`, dupID, keepID, t, by, dup.Version)
		if err != nil {
			return fmt.Errorf("store: merge person: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		// One level only: records merged into dup now point at keep directly.
		if _, err := tx.ExecContext(ctx, `UPDATE people SET merged_into = $2, updated_at = $3, version = version + 1 WHERE merged_into = $1`,
			dupID, keepID, t); err != nil {
			return fmt.Errorf("store: merge person: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET updated_at = $2, version = version + 1 WHERE id = $1`, keepID, t); err != nil {
			return fmt.Errorf("store: merge person: %w", err)
		}
		// Contacts of one record may follow up calls of the other.
		if err := recomputeFollowedUp(ctx, tx, carePersonSet("e.person_id", 1), keepID); err != nil {
			return err
		}
		// One row names both records ("dup>keep"): the merge is one act on the pair.
		return c.auditWrite(ctx, tx, "merge", "person", dupID+">"+keepID)
	})
}

// MergedInto lists the ids of the records merged into the person.
func (c *CareStore) MergedInto(ctx context.Context, id string) ([]string, error) {
	var ids []string
	if err := c.db.SelectContext(ctx, &ids, `SELECT id FROM people WHERE merged_into = $1 ORDER BY id`, id); err != nil {
		return nil, fmt.Errorf("store: merged records: %w", err)
	}
	return ids, nil
}

// PersonFile loads a person with their whole history, the records merged into them
// included: encounters, referrals (with their moves), consents, follow-ups (with their
// attempts) and disclosures, each newest first. Asked for a merged record, it answers
// ErrMerged with nothing else: the file is the survivor's.
func (c *CareStore) PersonFile(ctx context.Context, id string) (care.PersonFile, error) {
	p, err := c.Person(ctx, id)
	if err != nil {
		return care.PersonFile{}, err
	}
	if p.MergedInto != "" {
		return care.PersonFile{Person: p}, ErrMerged
	}
	f := care.PersonFile{Person: p}
	if f.Merged, err = c.MergedInto(ctx, id); err != nil {
		return f, err
	}
	if f.Encounters, _, err = c.Encounters(ctx, EncounterFilter{PersonID: id}, Page{Number: 1, PerPage: maxPersonFile}); err != nil {
		return f, err
	}
	if f.Referrals, _, err = c.Referrals(ctx, ReferralFilter{PersonID: id}, Page{Number: 1, PerPage: maxPersonFile}); err != nil {
		return f, err
	}
	if f.Consents, err = c.Consents(ctx, id); err != nil {
		return f, err
	}
	if f.FollowUps, _, err = c.FollowUps(ctx, FollowUpFilter{PersonID: id}, Page{Number: 1, PerPage: maxPersonFile}); err != nil {
		return f, err
	}
	if f.Disclosed, err = c.Disclosures(ctx, id); err != nil {
		return f, err
	}
	return f, nil
}

// maxPersonFile bounds each list of a person file; a person with more has their older
// records in the paged lists.
const maxPersonFile = 500
