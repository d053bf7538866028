package store

import (
	"context"
	"fmt"
	"sort"

	"handoff/care"
)

// Key names of SealedCount that are not fingerprints.
const (
	// KeyClear counts values kept in clear: reasons written before reasons were sealed.
	KeyClear = "clear"
	// KeyDamaged counts values that begin like sealed values but name no key.
	KeyDamaged = "damaged"
)

// SealedCount is how many values of a sealed column are under one key.
type SealedCount struct {
	Column string // table.column
	Key    string // the key's fingerprint, KeyClear or KeyDamaged
	N      int
}

// SealedCounts counts the non-empty values of every sealed column by the key they are
// under, from the first characters of each value (which name the key), without opening
// any: one grouped query per column.
func (s *Store) SealedCounts(ctx context.Context) ([]SealedCount, error) {
	var out []SealedCount
	for _, sc := range sealedColumns {
		var groups []struct {
			Prefix string `db:"p"`
			N      int    `db:"n"`
		}
		q := fmt.Sprintf(`SELECT substr(%[1]s, 1, %[3]d) AS p, COUNT(*) AS n FROM %[2]s WHERE %[1]s <> '' GROUP BY substr(%[1]s, 1, %[3]d)`,
			sc.column, sc.table, care.PrefixLen)
		if err := s.db.SelectContext(ctx, &groups, q); err != nil {
			return nil, fmt.Errorf("store: count sealed %s: %w", sc.Name(), err)
		}
		by := map[string]int{}
		for _, g := range groups {
			key := KeyClear
			if care.IsSealed(g.Prefix) {
				fp, err := care.KeyOfPrefix(g.Prefix)
				key = fp
				if err != nil {
					key = KeyDamaged
				}
			}
			by[key] += g.N
		}
		for k, n := range by {
			out = append(out, SealedCount{Column: sc.Name(), Key: k, N: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Column != out[j].Column {
			return out[i].Column < out[j].Column
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// SealedColumns names every column that holds sealed values (table.column).
func SealedColumns() []string {
	out := make([]string, len(sealedColumns))
	for i, sc := range sealedColumns {
		out[i] = sc.Name()
	}
	return out
}
