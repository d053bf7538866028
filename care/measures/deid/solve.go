package deid

import "math"

// Determined returns the suppressed cells that the relations give back: those whose
// value follows from the shown cells by linear algebra. A suppressed cell x is given
// back exactly when the unit vector of x lies in the row space of the relations
// restricted to the unknowns; in reduced row echelon form that is when some row is that
// unit vector. Cells are listed in the order the relations first name them.
func Determined(rels []Relation) []*Cell {
	var vars []*Cell
	index := map[*Cell]int{}
	for _, rel := range rels {
		for _, t := range rel {
			if _, ok := index[t.Cell]; !ok && t.Cell.Suppressed {
				index[t.Cell] = len(vars)
				vars = append(vars, t.Cell)
			}
		}
	}
	if len(vars) == 0 {
		return nil
	}
	m := make([][]float64, 0, len(rels))
	for _, rel := range rels {
		row := make([]float64, len(vars))
		nonzero := false
		for _, t := range rel {
			if i, ok := index[t.Cell]; ok {
				row[i] += float64(t.Coef)
				nonzero = true
			}
		}
		if nonzero {
			m = append(m, row)
		}
	}
	rref(m)
	var out []*Cell
	for _, row := range m {
		only, count := -1, 0
		for j, x := range row {
			if math.Abs(x) > eps {
				only, count = j, count+1
			}
		}
		if count == 1 && vars[only].Kind != Hidden {
			out = append(out, vars[only])
		}
	}
	return out
}

const eps = 1e-9

// rref brings m to reduced row echelon form in place (partial pivoting; the entries are
// small integers, so float64 is exact enough).
func rref(m [][]float64) {
	if len(m) == 0 {
		return
	}
	lead := 0
	cols := len(m[0])
	for c := 0; c < cols && lead < len(m); c++ {
		p := lead
		for i := lead + 1; i < len(m); i++ {
			if math.Abs(m[i][c]) > math.Abs(m[p][c]) {
				p = i
			}
		}
		if math.Abs(m[p][c]) <= eps {
			continue
		}
		m[lead], m[p] = m[p], m[lead]
		pv := m[lead][c]
		for j := c; j < cols; j++ {
			m[lead][j] /= pv
		}
		for i := range m {
			if i == lead || math.Abs(m[i][c]) <= eps {
				continue
			}
			f := m[i][c]
			for j := c; j < cols; j++ {
				m[i][j] -= f * m[lead][j]
			}
		}
		lead++
	}
}
