package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// The address keys a purge kept (purged_encounters.address_key, and purged_addresses by
// it) are HMACs under a key derived from the sealing key, like the encounters'. A key
// rotation that recomputes the encounters' address keys under the new sealing key must
// recompute the kept ones too, or a building would split between its live and its
// purged calls. The kept building address (normalised, without its unit) gives the same
// key as the street it came from (care.Sealer.AddressKey normalises first), with the
// kept call's town. Progress is the data: a key already right is left alone.

// rekeyPurgedAddresses recomputes the kept address keys under sealer's sealing key, one
// kept building a transaction.
func (s *Store) rekeyPurgedAddresses(ctx context.Context, sealer *care.Sealer, p *RekeyProgress) error {
	const name = "purged_addresses.address_key"
	cursor := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var rows []struct {
			Key     string `db:"address_key"`
			Address string `db:"address"`
		}
		if err := s.db.SelectContext(ctx, &rows, `SELECT address_key, address FROM purged_addresses WHERE address_key > $1
			ORDER BY address_key LIMIT 200`, cursor); err != nil {
			return fmt.Errorf("store: rekey %s: %w", name, err)
		}
		if len(rows) == 0 {
			return nil
		}
		for _, r := range rows {
			addr, err := sealer.Open(r.Address, careSealAD("purged_address", r.Key, "address"))
			if err != nil {
				p.Problems = append(p.Problems, SealProblem{Column: name, Key: r.Key, Err: err})
				continue
			}
			var towns []string
			if err := s.db.SelectContext(ctx, &towns, `SELECT DISTINCT town FROM purged_encounters WHERE address_key = $1`, r.Key); err != nil {
				return fmt.Errorf("store: rekey %s: %w", name, err)
			}
			for _, town := range towns {
				key := sealer.AddressKey(addr, town)
				if key == r.Key || key == "" {
					continue
				}
				sealed, err := sealer.Seal(addr, careSealAD("purged_address", key, "address"))
				if err != nil {
					return err
				}
				err = s.inTx(ctx, func(tx *sqlx.Tx) error {
					if _, err := tx.ExecContext(ctx, `UPDATE purged_encounters SET address_key = $1 WHERE address_key = $2 AND town = $3`,
						key, r.Key, town); err != nil {
						return err
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO purged_addresses (address_key, address) VALUES ($1, $2)
						ON CONFLICT (address_key) DO NOTHING`, key, sealed); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `DELETE FROM purged_addresses WHERE address_key = $1
						AND NOT EXISTS (SELECT 1 FROM purged_encounters WHERE address_key = $1)`, r.Key)
					return err
				})
				if err != nil {
					return fmt.Errorf("store: rekey %s: %w", name, err)
				}
				p.Resealed++
				p.Batches++
				p.Column = name
			}
		}
		cursor = rows[len(rows)-1].Key
	}
}
