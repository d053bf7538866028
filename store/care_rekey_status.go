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

// VerifySealed opens every sealed value with sealer, each bound to its place, and
// returns how many opened and those that did not (under a key sealer lacks, or damaged),
// by place, never by value. It reads in pages of a thousand, outside any transaction.
func (s *Store) VerifySealed(ctx context.Context, sealer *care.Sealer) (int, []SealProblem, error) {
	if sealer == nil {
		return 0, nil, care.ErrNoDataKey
	}
	opened := 0
	var problems []SealProblem
	for _, sc := range sealedColumns {
		var cursor any = ""
		if sc.numericKey {
			cursor = int64(-1)
		}
		q := fmt.Sprintf(`SELECT %[1]s AS k, %[2]s AS x, %[3]s AS v FROM %[4]s
			WHERE %[1]s > $1 AND %[3]s LIKE 'hs1:%%' ORDER BY %[1]s LIMIT 1000`, sc.key, sc.extraSQL(), sc.column, sc.table)
		for {
			var rows []sealedRow
			if err := s.db.SelectContext(ctx, &rows, q, cursor); err != nil {
				return opened, problems, fmt.Errorf("store: verify %s: %w", sc.Name(), err)
			}
			if len(rows) == 0 {
				break
			}
			for _, r := range rows {
				if _, err := sealer.Open(r.Value, careSealAD(sc.kind, sc.boundID(r.Key, r.Extra), sc.field)); err != nil {
					problems = append(problems, SealProblem{Column: sc.Name(), Key: r.Key, Err: err})
					continue
				}
				opened++
			}
			cursor = sc.typedKey(rows[len(rows)-1].Key)
		}
	}
	return opened, problems, nil
}
