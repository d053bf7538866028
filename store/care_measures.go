package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"handoff/care"
	"handoff/care/measures"
	"handoff/directory"
)

// The measures' queries return rows for the arithmetic in care (measures*.go). They
// read only what a measure needs (no names, phones or notes), filter on indexed times,
// and leave ordering to care, which does not depend on it.

// mergedPeople maps each merged person record to its survivor. Merges are few, so the
// measures canonicalize person ids in Go rather than join every row to people.
func (c *CareStore) mergedPeople(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		ID         string `db:"id"`
		MergedInto string `db:"merged_into"`
	}
	if err := c.db.SelectContext(ctx, &rows, `SELECT id, merged_into FROM people WHERE merged_into <> ''`); err != nil {
		return nil, fmt.Errorf("store: merged people: %w", err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.ID] = r.MergedInto
	}
	return m, nil
}

func canonical(merged map[string]string, id string) string {
	if to, ok := merged[id]; ok {
		return to
	}
	return id
}

// RepeatCalls returns the encounters of the source (911_coresponse by default) in
// [from, to) whose point is exact: calls placed at a ZIP's or town's centre would make a
// false repeat location there. Person ids are the surviving records'.
func (c *CareStore) RepeatCalls(ctx context.Context, from, to time.Time, source care.Source) ([]measures.Call, error) {
	return c.repeatCalls(ctx, from, to, source, true)
}

// repeatCalls reads the calls; without full, only when and where (what the previous
// period's trend needs), which halves what crosses the wire.
func (c *CareStore) repeatCalls(ctx context.Context, from, to time.Time, source care.Source, full bool) ([]measures.Call, error) {
	if source == "" {
		source = care.SourceCoResponse
	}
	merged := map[string]string{}
	cols := `'', '', e.occurred_at, e.latitude, e.longitude, '', ''`
	if full {
		var err error
		if merged, err = c.mergedPeople(ctx); err != nil {
			return nil, err
		}
		cols = `e.id, COALESCE(e.person_id, ''), e.occurred_at, e.latitude, e.longitude, e.town, e.followed_up_at`
	}
	rows, err := c.db.QueryContext(ctx, `SELECT `+cols+` FROM encounters e
		WHERE e.source = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 AND e.location_precision = $4
		AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL`,
		string(source), formatTime(from), formatTime(to), string(care.PrecisionPoint))
	if err != nil {
		return nil, fmt.Errorf("store: repeat calls: %w", err)
	}
	defer rows.Close()
	var out careBlocks[measures.Call]
	towns := map[string]string{} // one string per town, not one per row
	var at, town, followed sql.RawBytes
	for rows.Next() {
		k := out.next()
		if err := rows.Scan(&k.EncounterID, &k.PersonID, &at, &k.Lat, &k.Lon, &town, &followed); err != nil {
			return nil, fmt.Errorf("store: repeat calls: %w", err)
		}
		k.At = careTime(at)
		k.PersonID = canonical(merged, k.PersonID)
		k.FollowedUp = len(followed) > 0
		t, ok := towns[string(town)]
		if !ok {
			t = string(town)
			towns[t] = t
		}
		k.Town = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: repeat calls: %w", err)
	}
	return out.all(), nil
}

// FollowUpContacts returns what may follow a call up, made in [from, to): follow-up
// attempts, referrals (not entered in error) and follow-up visits, each with its person's
// surviving id. Referrals also name the encounter they were made from, which may be
// anonymous; an attempt's follow-up always has a person, whose calls include the one it
// follows. The three tables are read concurrently. With measures.FollowedUpAt it checks or
// rebuilds what the store keeps in encounters.followed_up_at.
func (c *CareStore) FollowUpContacts(ctx context.Context, from, to time.Time) ([]measures.Contact, error) {
	merged, err := c.mergedPeople(ctx)
	if err != nil {
		return nil, err
	}
	f, t := formatTime(from), formatTime(to)
	queries := []struct {
		sql  string
		args []any
	}{
		{`SELECT person_id, '', at FROM follow_up_attempts WHERE at >= $1 AND at < $2`, []any{f, t}},
		{`SELECT COALESCE(person_id, ''), COALESCE(encounter_id, ''), created_at
			FROM referrals WHERE created_at >= $1 AND created_at < $2 AND status <> $3`, []any{f, t, string(care.StatusEnteredInError)}},
		{`SELECT person_id, '', occurred_at FROM encounters
			WHERE source = $3 AND occurred_at >= $1 AND occurred_at < $2 AND person_id IS NOT NULL`, []any{f, t, string(care.SourceFollowUp)}},
	}
	parts := make([][]measures.Contact, len(queries))
	fns := make([]func() error, len(queries))
	for i, q := range queries {
		fns[i] = func() (err error) {
			parts[i], err = c.contacts(ctx, merged, q.sql, q.args...)
			return err
		}
	}
	if err := careParallel(fns...); err != nil {
		return nil, err
	}
	return slices.Concat(parts...), nil
}

func (c *CareStore) contacts(ctx context.Context, merged map[string]string, query string, args ...any) ([]measures.Contact, error) {
	rows, err := c.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: follow-up contacts: %w", err)
	}
	defer rows.Close()
	var out careBlocks[measures.Contact]
	var at sql.RawBytes
	for rows.Next() {
		k := out.next()
		if err := rows.Scan(&k.PersonID, &k.EncounterID, &at); err != nil {
			return nil, fmt.Errorf("store: follow-up contacts: %w", err)
		}
		k.At = careTime(at)
		k.PersonID = canonical(merged, k.PersonID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: follow-up contacts: %w", err)
	}
	return out.all(), nil
}

// careTime reads a stored time quickly: the measures read hundreds of thousands, and
// the fixed-width format needs no general parser. Anything else goes to optTime.
func careTime(b []byte) time.Time {
	if len(b) != len(timeFormat) || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != '.' || b[26] != 'Z' {
		return optTime(string(b))
	}
	num := func(i, j int) int {
		n := 0
		for _, c := range b[i:j] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	return time.Date(num(0, 4), time.Month(num(5, 7)), num(8, 10), num(11, 13), num(14, 16), num(17, 19), num(20, 26)*1000, time.UTC)
}

// InstitutionPoints returns the points of the directory's shelters, hospitals and police
// stations (measures.InstitutionKeywords, measures.InstitutionLevels), whose addresses distort
// repeat-call counts.
func (c *CareStore) InstitutionPoints(ctx context.Context) ([]orb.Point, error) {
	var conds []string
	var args []any
	for _, k := range measures.InstitutionKeywords {
		args = append(args, "%"+escapeLike(k)+"%")
		n := len(args)
		conds = append(conds, fmt.Sprintf(`lower(s.name) LIKE $%[1]d ESCAPE '\' OR lower(COALESCE(o.name, '')) LIKE $%[1]d ESCAPE '\' OR lower(l.name) LIKE $%[1]d ESCAPE '\'`, n))
	}
	args = append(args, directory.TaxonomyLevelOfCare)
	tax := len(args)
	conds = append(conds, fmt.Sprintf(`EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
		WHERE a.link_id = s.id AND a.link_entity = 'service' AND t.taxonomy = $%d AND t.code IN (%s))`,
		tax, careInList(tax+1, len(measures.InstitutionLevels))))
	args = append(args, careAnys(measures.InstitutionLevels)...)
	var rows []struct {
		Lat float64 `db:"latitude"`
		Lon float64 `db:"longitude"`
	}
	if err := c.db.SelectContext(ctx, &rows, `SELECT DISTINCT l.latitude, l.longitude
		FROM locations l JOIN service_at_location sal ON sal.location_id = l.id JOIN services s ON s.id = sal.service_id
		LEFT JOIN organizations o ON o.id = s.organization_id
		WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL AND (`+strings.Join(conds, " OR ")+`)`, args...); err != nil {
		return nil, fmt.Errorf("store: institution points: %w", err)
	}
	out := make([]orb.Point, len(rows))
	for i, r := range rows {
		out[i] = orb.Point{r.Lon, r.Lat}
	}
	return out, nil
}

// ShiftCounts returns the shifts that started in [from, to) (of one user, when given)
// with their counts, for the interactions-per-shift measure.
func (c *CareStore) ShiftCounts(ctx context.Context, from, to time.Time, userID string) ([]care.Shift, error) {
	where, args := ShiftFilter{UserID: userID, From: from, To: to}.where()
	// Over many shifts, counting by groups (one pass over each table) beats counting
	// shift by shift as shiftCounted does for a page. The work of a shift that started
	// in [from, to) happened before to + care.MaxShift, which bounds each pass.
	n := len(args)
	args = append(args, formatTime(from), formatTime(to.Add(care.MaxShift)))
	if from.IsZero() {
		args[n] = ""
	}
	span := func(col string) string { return fmt.Sprintf("%s >= $%d AND %s < $%d", col, n+1, col, n+2) }
	q := `SELECT s.id, s.user_id, s.started_at, s.ended_at,
			COALESCE(e.n, 0) + COALESCE(er.n, 0) AS encounters, COALESCE(a.n, 0) AS attempts, COALESCE(r.n, 0) AS referrals
		FROM shifts s
		LEFT JOIN (SELECT shift_id, count(*) AS n FROM encounters WHERE shift_id IS NOT NULL AND ` + span("occurred_at") + `
			GROUP BY shift_id) e ON e.shift_id = s.id
		LEFT JOIN (SELECT er.shift_id, count(*) AS n FROM encounter_responders er JOIN encounters x ON x.id = er.encounter_id
			WHERE er.shift_id IS NOT NULL AND ` + span("x.occurred_at") + ` GROUP BY er.shift_id) er ON er.shift_id = s.id
		LEFT JOIN (SELECT shift_id, count(*) AS n FROM follow_up_attempts WHERE shift_id IS NOT NULL AND ` + span("at") + `
			GROUP BY shift_id) a ON a.shift_id = s.id
		LEFT JOIN (SELECT shift_id, count(*) AS n FROM referrals WHERE shift_id IS NOT NULL AND ` + span("created_at") + `
			GROUP BY shift_id) r ON r.shift_id = s.id` + where
	var rows []shiftRow
	if err := c.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("store: shift counts: %w", err)
	}
	out := make([]care.Shift, len(rows))
	for i, r := range rows {
		out[i] = r.shift()
	}
	return out, nil
}

// DiversionRows counts the encounters of each month (the periods given, contiguous, as
// measures.Months makes them), town and source, with their diversions. The month is found in
// SQL by comparing with the periods' bounds, so the same text serves both dialects and
// months are the program's local months, not UTC ones.
func (c *CareStore) DiversionRows(ctx context.Context, months []measures.Period) ([]measures.DiversionRow, error) {
	if len(months) == 0 {
		return nil, nil
	}
	args := []any{formatTime(months[0].Start), formatTime(months[len(months)-1].End)}
	var cases strings.Builder
	cases.WriteString("CASE")
	for i, m := range months[:len(months)-1] {
		args = append(args, formatTime(m.End))
		fmt.Fprintf(&cases, " WHEN e.occurred_at < $%d THEN %d", len(args), i)
	}
	fmt.Fprintf(&cases, " ELSE %d END", len(months)-1)
	var rows []struct {
		Month      int    `db:"month"`
		Town       string `db:"town"`
		Source     string `db:"source"`
		Encounters int    `db:"encounters"`
		ED         int    `db:"ed"`
		Arrest     int    `db:"arrest"`
		Both       int    `db:"both_diverted"`
	}
	q := `SELECT ` + cases.String() + ` AS month, e.town, e.source, count(*) AS encounters,
		SUM(CASE WHEN e.ed_diverted THEN 1 ELSE 0 END) AS ed,
		SUM(CASE WHEN e.arrest_diverted THEN 1 ELSE 0 END) AS arrest,
		SUM(CASE WHEN e.ed_diverted AND e.arrest_diverted THEN 1 ELSE 0 END) AS both_diverted
		FROM encounters e WHERE e.occurred_at >= $1 AND e.occurred_at < $2
		GROUP BY 1, 2, 3`
	if err := c.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("store: diversions: %w", err)
	}
	out := make([]measures.DiversionRow, len(rows))
	for i, r := range rows {
		out[i] = measures.DiversionRow{Month: r.Month, Town: r.Town, Source: care.Source(r.Source), Encounters: r.Encounters,
			EDDiverted: r.ED, ArrestDiverted: r.Arrest, Both: r.Both}
	}
	return out, nil
}

// ReferralRows returns the referrals made in [from, to) as the referral measure reads
// them, with their organization's name and their status reasons opened.
func (c *CareStore) ReferralRows(ctx context.Context, from, to time.Time) ([]measures.ReferralRow, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT r.id, r.need, r.organization_id, COALESCE(o.name, ''), r.level_of_care, r.status,
		r.outcome, r.status_reason, r.created_at, r.requested_at, r.accepted_at, r.closed_at, r.updated_at
		FROM referrals r LEFT JOIN organizations o ON o.id = r.organization_id
		WHERE r.created_at >= $1 AND r.created_at < $2`, formatTime(from), formatTime(to))
	if err != nil {
		return nil, fmt.Errorf("store: referral rows: %w", err)
	}
	defer rows.Close()
	// Needs, organizations, statuses and reasons repeat: one string each, not one per row.
	pool := map[string]string{}
	intern := func(b []byte) string {
		if s, ok := pool[string(b)]; ok {
			return s
		}
		s := string(b)
		pool[s] = s
		return s
	}
	var out careBlocks[measures.ReferralRow]
	var need, org, orgName, level, status, outcome, reason, created, requested, accepted, closed, updated sql.RawBytes
	for rows.Next() {
		r := out.next()
		if err := rows.Scan(&r.ID, &need, &org, &orgName, &level, &status, &outcome, &reason,
			&created, &requested, &accepted, &closed, &updated); err != nil {
			return nil, fmt.Errorf("store: referral rows: %w", err)
		}
		r.Need, r.OrganizationID, r.OrganizationName, r.LevelOfCare = intern(need), intern(org), intern(orgName), intern(level)
		r.Status, r.Outcome = care.Status(intern(status)), care.Outcome(intern(outcome))
		// Reasons are sealed (bound to the referral): opened here, then grouped by text.
		text, err := c.openReason(string(reason), "referral", r.ID, "status_reason")
		if err != nil {
			return nil, err
		}
		r.Reason = intern([]byte(text))
		r.CreatedAt, r.RequestedAt, r.AcceptedAt = careTime(created), careTime(requested), careTime(accepted)
		r.ClosedAt, r.UpdatedAt = careTime(closed), careTime(updated)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: referral rows: %w", err)
	}
	return out.all(), nil
}

// MeasureRepeatLocations answers the repeat-location measure: the period's calls (with
// whether each was followed up, kept on the encounter), the previous period's and the
// institutions are read concurrently, then measures.RepeatLocations does the arithmetic.
func (c *CareStore) MeasureRepeatLocations(ctx context.Context, q measures.RepeatQuery) (measures.RepeatReport, error) {
	if q.Zone == nil {
		q.Zone = c.zone
	}
	pf, pt := measures.PreviousPeriod(q.From, q.To, q.Zone)
	var calls, previous []measures.Call
	var inst []orb.Point
	err := careParallel(
		func() (err error) { calls, err = c.RepeatCalls(ctx, q.From, q.To, q.Source); return },
		func() (err error) { previous, err = c.repeatCalls(ctx, pf, pt, q.Source, false); return },
		func() (err error) { inst, err = c.InstitutionPoints(ctx); return },
	)
	if err != nil {
		return measures.RepeatReport{}, err
	}
	return measures.RepeatLocations(q, calls, previous, inst), nil
}

// MeasureInteractionsPerShift answers the interactions-per-shift measure for the shifts
// started in [from, to), of one user when given.
func (c *CareStore) MeasureInteractionsPerShift(ctx context.Context, from, to time.Time, userID string) (measures.ShiftReport, error) {
	shifts, err := c.ShiftCounts(ctx, from, to, userID)
	if err != nil {
		return measures.ShiftReport{}, err
	}
	return measures.InteractionsPerShift(from, to, shifts, c.zone), nil
}

// MeasureDiversions answers the diversions measure for the encounters in [from, to),
// by the program's months.
func (c *CareStore) MeasureDiversions(ctx context.Context, from, to time.Time) (measures.DiversionReport, error) {
	months := measures.Months(from, to, c.zone)
	rows, err := c.DiversionRows(ctx, months)
	if err != nil {
		return measures.DiversionReport{}, err
	}
	return measures.Diversions(from, to, months, rows), nil
}

// MeasureReferrals answers the referral-completion measure for the referrals made in
// [from, to), as of asOf (zero: now) for what is stalled.
func (c *CareStore) MeasureReferrals(ctx context.Context, from, to, asOf time.Time) (measures.ReferralReport, error) {
	rows, err := c.ReferralRows(ctx, from, to)
	if err != nil {
		return measures.ReferralReport{}, err
	}
	return measures.Referrals(from, to, careNow(asOf), rows), nil
}

// careBlocks collects many rows in fixed blocks and joins them once at the end: growing
// one slice of a hundred thousand wide rows copies it over and over as it grows.
type careBlocks[T any] struct {
	blocks [][]T
}

const careBlockSize = 8192

// next returns a pointer to a new zero row.
func (b *careBlocks[T]) next() *T {
	if n := len(b.blocks); n == 0 || len(b.blocks[n-1]) == careBlockSize {
		b.blocks = append(b.blocks, make([]T, 0, careBlockSize))
	}
	last := &b.blocks[len(b.blocks)-1]
	*last = append(*last, *new(T))
	return &(*last)[len(*last)-1]
}

func (b *careBlocks[T]) all() []T { return slices.Concat(b.blocks...) }

// careParallel runs the functions concurrently, each on a pooled connection, and
// returns the first error.
func careParallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
