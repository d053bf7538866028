package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

func (p Page) limitOffset() (int, int) {
	n, per := max(p.Number, 1), max(p.PerPage, 1)
	return per, (n - 1) * per
}

// listQuery is one paged list: what names the rows in error messages ("store: count
// what", "store: list what"), from is the table with its alias, cols the selected
// columns, where (empty or starting " WHERE ") and args the filter, order the ORDER BY.
type listQuery struct {
	what, from, cols string
	where            string
	args             []any
	order            string
}

// selectPage counts the rows a list matches, then loads one page of them. Every paged
// list answers both the page and the number of matches, and the two queries must share
// one FROM and one WHERE to agree; writing them once here keeps them so, and keeps the
// LIMIT/OFFSET arithmetic and the error wording the same for every list.
func selectPage[R any](ctx context.Context, q sqlx.QueryerContext, l listQuery, p Page) ([]R, int, error) {
	var total int
	if err := sqlx.GetContext(ctx, q, &total, "SELECT count(*) FROM "+l.from+l.where, l.args...); err != nil {
		return nil, 0, fmt.Errorf("store: count %s: %w", l.what, err)
	}
	limit, offset := p.limitOffset()
	var rows []R
	query := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT %d OFFSET %d", l.cols, l.from, l.where, l.order, limit, offset)
	if err := sqlx.SelectContext(ctx, q, &rows, query, l.args...); err != nil {
		return nil, 0, fmt.Errorf("store: list %s: %w", l.what, err)
	}
	return rows, total, nil
}

// conds gathers the AND-ed conditions of a WHERE clause with their arguments. Both
// dialects number placeholders ($1, $2, ...), so each condition must name its value by
// its position among all the arguments; conds does that counting, which the filters
// otherwise each repeat.
type conds struct {
	sql  []string
	args []any
}

// arg adds a value and returns its placeholder number, for conditions built elsewhere
// (carePersonSet) or using several values.
func (c *conds) arg(v any) int {
	c.args = append(c.args, v)
	return len(c.args)
}

// add adds a condition on one value: format holds its placeholder as $%d, or as $%[1]d
// where the value is used more than once.
func (c *conds) add(format string, v any) {
	c.sql = append(c.sql, fmt.Sprintf(format, c.arg(v)))
}

// eq adds "col = value", unless the value is empty: an empty filter field does not filter.
func (c *conds) eq(col, v string) {
	if v != "" {
		c.add(col+" = $%d", v)
	}
}

// plain adds a condition that takes no value.
func (c *conds) plain(sql string) {
	c.sql = append(c.sql, sql)
}

// condIn adds "col IN (...)" over the values, unless there are none (which does not filter).
func condIn[S ~string](c *conds, col string, vs []S) {
	if len(vs) == 0 {
		return
	}
	c.plain(col + " IN (" + careInList(len(c.args)+1, len(vs)) + ")")
	for _, v := range vs {
		c.args = append(c.args, string(v))
	}
}

// where returns " WHERE a AND b ..." and the arguments, or "" and nil when nothing filters.
func (c *conds) where() (string, []any) {
	if len(c.sql) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(c.sql, " AND "), c.args
}
