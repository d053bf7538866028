package store

import (
	"context"
	"strings"
)

// Colleague is an account as the program's staff see one another: enough to name a
// consent's witness or a follow-up's assignee, and nothing else of the account (no
// email, organization or login data).
type Colleague struct {
	ID   string `db:"id"`
	Name string `db:"name"`
	Role string `db:"role"`
}

// Colleagues returns one page of the active (not disabled) accounts of the roles, by
// name then id, and the number of matches. Every word of q must appear in the name,
// whatever its case.
func (s *Store) Colleagues(ctx context.Context, roles []string, q string, p Page) ([]Colleague, int, error) {
	if len(roles) == 0 {
		return []Colleague{}, 0, nil
	}
	c := conds{sql: []string{"NOT u.disabled"}}
	condIn(&c, "u.role", roles)
	for _, word := range strings.Fields(strings.ToLower(q)) {
		c.add(`lower(u.name) LIKE $%d ESCAPE '\'`, "%"+escapeLike(word)+"%")
	}
	where, args := c.where()
	rows, total, err := selectPage[Colleague](ctx, s.db, listQuery{what: "colleagues", from: "users u",
		cols: "u.id, u.name, u.role", where: where, args: args, order: "lower(u.name), u.id"}, p)
	if err != nil {
		return nil, 0, err
	}
	if rows == nil {
		rows = []Colleague{}
	}
	return rows, total, nil
}
