package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// An encounter's address_key is an HMAC under a key derived from the sealing key
// (care.Sealer.AddressKey), so after `handoff key use` new calls at a building get another
// key than the old calls there, and the repeat-location measure would split the building
// in two. A rotation therefore also recomputes every address key under the sealing key,
// after the street addresses are re-sealed. Like the re-sealing, progress is the data: a
// row whose key is already right is left alone, so a rotation stopped half-way runs again.

type addressKeyRow struct {
	ID     string `db:"id"`
	Street string `db:"street_address"`
	Town   string `db:"town"`
	Key    string `db:"address_key"`
}

// rekeyAddressKeys sweeps the encounters with a street address in id order, a batch at a
// time, and rewrites address_key where the sealing key gives another.
func (s *Store) rekeyAddressKeys(ctx context.Context, sealer *care.Sealer, opt RekeyOptions, p *RekeyProgress) error {
	const name = "encounters.address_key"
	cursor := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var rows []addressKeyRow
		if err := s.db.SelectContext(ctx, &rows, `SELECT id, street_address, COALESCE(town, '') AS town,
			COALESCE(address_key, '') AS address_key FROM encounters
			WHERE id > $1 AND street_address LIKE 'hs1:%' ORDER BY id LIMIT $2`, cursor, opt.BatchSize); err != nil {
			return fmt.Errorf("store: rekey %s: %w", name, err)
		}
		if len(rows) == 0 {
			return nil
		}
		type change struct{ id, street, key string }
		var changes []change
		for _, r := range rows {
			street, err := sealer.Open(r.Street, careSealAD("encounter", r.ID, "street_address"))
			switch {
			case errors.Is(err, care.ErrWrongKey), errors.Is(err, care.ErrTampered), errors.Is(err, care.ErrNotSealed):
				p.Problems = append(p.Problems, SealProblem{Column: name, Key: r.ID, Err: err})
			case err != nil:
				return fmt.Errorf("store: rekey %s %s: %w", name, r.ID, err)
			default:
				if k := sealer.AddressKey(street, r.Town); k != r.Key {
					changes = append(changes, change{r.ID, r.Street, k})
				}
			}
		}
		if len(changes) > 0 {
			rekeyed, raced := 0, 0
			err := s.inTx(ctx, func(tx *sqlx.Tx) error {
				rekeyed, raced = 0, 0
				for _, c := range changes {
					// Only if the address is still the one the key was computed from.
					res, err := tx.ExecContext(ctx, `UPDATE encounters SET address_key = $1
						WHERE id = $2 AND street_address = $3`, c.key, c.id, c.street)
					if err != nil {
						return fmt.Errorf("store: rekey %s: %w", name, err)
					}
					if n, _ := res.RowsAffected(); n == 1 {
						rekeyed++
					} else {
						raced++
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			p.Resealed += rekeyed
			p.Raced += raced
			p.Batches++
			p.Column = name
			if opt.OnBatch != nil {
				opt.OnBatch(*p)
			}
		}
		cursor = rows[len(rows)-1].ID
	}
}
