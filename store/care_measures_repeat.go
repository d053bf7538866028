package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"handoff/care"
	"handoff/care/measures"
	"handoff/directory"
)

// The repeat-location measure reads a year of calls and of what followed them up, the
// largest reads of the measures: person ids are canonicalized in Go, rows are collected
// in blocks (care_measures_bulk.go), and the three reads run concurrently.

// mergedPeople maps each merged person record to its survivor, and each person with a
// measure key (part of their history purged, retention.go) to that key, which the kept
// rows of the purged part carry instead of a person id: the measures then count the
// person once. Merges and keys are few, so the measures canonicalize person ids in Go
// rather than join every row to people.
func (c *CareStore) mergedPeople(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		ID         string `db:"id"`
		MergedInto string `db:"merged_into"`
		Key        string `db:"measure_key"`
	}
	if err := c.db.SelectContext(ctx, &rows, `SELECT id, merged_into, measure_key FROM people WHERE merged_into <> '' OR measure_key <> ''`); err != nil {
		return nil, fmt.Errorf("store: merged people: %w", err)
	}
	keys := map[string]string{}
	for _, r := range rows {
		if r.Key != "" {
			keys[r.ID] = r.Key
		}
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		to := r.ID
		if r.MergedInto != "" {
			to = r.MergedInto
		}
		if k, ok := keys[to]; ok {
			to = k
		}
		if to != r.ID {
			m[r.ID] = to
		}
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
// [from, to): those placed exactly (a point, or a street address by its key) for the
// grouping, and the others (placed by ZIP or town only, or not at all) marked Inexact,
// to be counted apart: a call at a ZIP's or town's centre would make a false repeat
// location there. Person ids are the surviving records'.
func (c *CareStore) RepeatCalls(ctx context.Context, from, to time.Time, source care.Source) ([]measures.Call, error) {
	return c.repeatCalls(ctx, from, to, source, true)
}

// inexact maps a stored precision to measures.Call.Inexact.
func inexact(p care.Precision) string {
	switch p {
	case care.PrecisionPoint:
		return ""
	case care.PrecisionZIP:
		return measures.InexactZIP
	case care.PrecisionTown:
		return measures.InexactTown
	}
	return measures.InexactUnknown
}

// repeatCalls reads the calls; without full, only when and where (what the previous
// period's trend needs), which halves what crosses the wire.
func (c *CareStore) repeatCalls(ctx context.Context, from, to time.Time, source care.Source, full bool) ([]measures.Call, error) {
	if source == "" {
		source = care.SourceCoResponse
	}
	merged := map[string]string{}
	cols := `'', '', e.occurred_at, e.latitude, e.longitude, '', '', e.location_precision, e.address_key`
	if full {
		var err error
		if merged, err = c.mergedPeople(ctx); err != nil {
			return nil, err
		}
		cols = `e.id, COALESCE(e.person_id, ''), e.occurred_at, e.latitude, e.longitude, e.town, e.followed_up_at, e.location_precision, e.address_key`
	}
	var out careBlocks[measures.Call]
	// One string per town, precision and key, not one per row.
	strs := map[string]string{}
	// The calls purged past their retention (retention.go) are read from what was kept
	// of them: their person is a measure key already.
	kept := `'', '', e.occurred_at, e.latitude, e.longitude, '', '', e.location_precision, e.address_key`
	if full {
		kept = `e.id, e.person_key, e.occurred_at, e.latitude, e.longitude, e.town,
			CASE WHEN e.followed_up THEN 'y' ELSE '' END, e.location_precision, e.address_key`
	}
	for _, q := range []string{`SELECT ` + cols + ` FROM encounters e`, `SELECT ` + kept + ` FROM purged_encounters e`} {
		if err := c.readCalls(ctx, q, source, from, to, merged, strs, &out); err != nil {
			return nil, err
		}
	}
	return out.all(), nil
}

func (c *CareStore) readCalls(ctx context.Context, q string, source care.Source, from, to time.Time, merged, strs map[string]string,
	out *careBlocks[measures.Call]) error {
	rows, err := c.db.QueryContext(ctx, q+` WHERE e.source = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3`,
		string(source), formatTime(from), formatTime(to))
	if err != nil {
		return fmt.Errorf("store: repeat calls: %w", err)
	}
	defer rows.Close()
	intern := func(b []byte) string {
		t, ok := strs[string(b)]
		if !ok {
			t = string(b)
			strs[t] = t
		}
		return t
	}
	var at, town, followed, precision, key sql.RawBytes
	var lat, lon sql.NullFloat64
	for rows.Next() {
		k := out.next()
		if err := rows.Scan(&k.EncounterID, &k.PersonID, &at, &lat, &lon, &town, &followed, &precision, &key); err != nil {
			return fmt.Errorf("store: repeat calls: %w", err)
		}
		k.At = careTime(at)
		k.PersonID = canonical(merged, k.PersonID)
		k.FollowedUp = len(followed) > 0
		k.Town = intern(town)
		k.AddressKey = intern(key)
		k.Inexact = inexact(care.Precision(precision))
		if k.Inexact == "" && (!lat.Valid || !lon.Valid) {
			k.Inexact = measures.InexactUnknown
		}
		k.Lat, k.Lon = lat.Float64, lon.Float64
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: repeat calls: %w", err)
	}
	return nil
}

// placeAddresses fills in the normalised street address of the places that have one,
// opening one sealed address per place (of the first call with its key), in batches.
// Without a data key places keep no address.
func (c *CareStore) placeAddresses(ctx context.Context, places []measures.Place, calls []measures.Call) error {
	if c.seal == nil {
		return nil
	}
	first := map[string]string{} // address key → encounter id
	for _, k := range calls {
		if k.AddressKey != "" && first[k.AddressKey] == "" {
			first[k.AddressKey] = k.EncounterID
		}
	}
	var ids []string
	for _, p := range places {
		if p.AddressKey != "" && p.Address == "" && first[p.AddressKey] != "" {
			ids = append(ids, first[p.AddressKey])
		}
	}
	addr, err := c.keptAddresses(ctx, places)
	if err != nil {
		return err
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		var rows []struct {
			ID     string `db:"id"`
			Street string `db:"street_address"`
			Key    string `db:"address_key"`
		}
		if err := c.db.SelectContext(ctx, &rows, `SELECT id, street_address, address_key FROM encounters WHERE id IN (`+
			careInList(1, n)+`)`, careAnys(ids[:n])...); err != nil {
			return fmt.Errorf("store: place addresses: %w", err)
		}
		for _, r := range rows {
			if _, ok := addr[r.Key]; ok || r.Street == "" {
				continue
			}
			v, err := c.seal.Open(r.Street, careSealAD("encounter", r.ID, "street_address"))
			if err != nil {
				return fmt.Errorf("store: place address of %s: %w", r.ID, err)
			}
			addr[r.Key] = measures.ShownAddress(v)
		}
		ids = ids[n:]
	}
	for i := range places {
		if a, ok := addr[places[i].AddressKey]; ok {
			places[i].Address = a
		}
	}
	return nil
}

// keptAddresses opens the buildings kept for the places' address keys once their calls
// were purged (retention.go): the first call of a key may be a kept one.
func (c *CareStore) keptAddresses(ctx context.Context, places []measures.Place) (map[string]string, error) {
	var keys []string
	for _, p := range places {
		if p.AddressKey != "" && p.Address == "" {
			keys = append(keys, p.AddressKey)
		}
	}
	addr := map[string]string{} // address key → normalised address
	for chunk := range careChunks(keys) {
		var rows []struct {
			Key     string `db:"address_key"`
			Address string `db:"address"`
		}
		if err := c.db.SelectContext(ctx, &rows, `SELECT address_key, address FROM purged_addresses WHERE address_key IN (`+
			careInList(1, len(chunk))+`)`, careAnys(chunk)...); err != nil {
			return nil, fmt.Errorf("store: place addresses: %w", err)
		}
		for _, r := range rows {
			v, err := c.seal.Open(r.Address, careSealAD("purged_address", r.Key, "address"))
			if err != nil {
				return nil, fmt.Errorf("store: kept place address: %w", err)
			}
			addr[r.Key] = v
		}
	}
	return addr, nil
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

// Institutions returns the directory's locations that are institutions by
// measures.InstitutionRule: shelters, hospitals, police stations and jails, named by a
// keyword (measures.InstitutionKeywords) in the name of a service there, of its
// organization or of the location, or offering a level of care of
// measures.InstitutionLevels. The SQL finds the candidates; measures.InstitutionKind
// names each one's kind.
func (c *CareStore) Institutions(ctx context.Context) ([]measures.Institution, error) {
	var conds []string
	var args []any
	for _, k := range measures.InstitutionKeywords {
		args = append(args, "%"+escapeLike(k)+"%")
		n := len(args)
		conds = append(conds, fmt.Sprintf(`lower(s.name) LIKE $%[1]d ESCAPE '\' OR lower(COALESCE(o.name, '')) LIKE $%[1]d ESCAPE '\' OR lower(l.name) LIKE $%[1]d ESCAPE '\'`, n))
	}
	args = append(args, directory.TaxonomyLevelOfCare)
	tax := len(args)
	level := fmt.Sprintf(`EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
		WHERE a.link_id = s.id AND a.link_entity = 'service' AND t.taxonomy = $%d AND t.code IN (%s))`,
		tax, careInList(tax+1, len(measures.InstitutionLevels)))
	args = append(args, careAnys(measures.InstitutionLevels)...)
	var rows []struct {
		Lat       float64 `db:"latitude"`
		Lon       float64 `db:"longitude"`
		Service   string  `db:"service"`
		Org       string  `db:"org"`
		Location  string  `db:"location"`
		Inpatient bool    `db:"inpatient"`
	}
	if err := c.db.SelectContext(ctx, &rows, `SELECT l.latitude, l.longitude, s.name AS service, COALESCE(o.name, '') AS org,
			l.name AS location, `+level+` AS inpatient
		FROM locations l JOIN service_at_location sal ON sal.location_id = l.id JOIN services s ON s.id = sal.service_id
		LEFT JOIN organizations o ON o.id = s.organization_id
		WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL AND (`+strings.Join(conds, " OR ")+` OR `+level+`)
		ORDER BY l.latitude, l.longitude, s.name`, args...); err != nil {
		return nil, fmt.Errorf("store: institutions: %w", err)
	}
	out := make([]measures.Institution, 0, len(rows))
	for _, r := range rows {
		if k := measures.InstitutionKind(r.Inpatient, r.Service, r.Org, r.Location); k != "" {
			out = append(out, measures.Institution{Point: orb.Point{r.Lon, r.Lat}, Kind: k, Name: cmp.Or(r.Org, r.Service)})
		}
	}
	return out, nil
}

// MeasureRepeatLocations answers the repeat-location measure: the period's calls (with
// whether each was followed up, kept on the encounter), the previous period's and the
// institutions are read concurrently, then measures.RepeatLocations does the arithmetic.
func (c *CareStore) MeasureRepeatLocations(ctx context.Context, q measures.RepeatQuery) (measures.RepeatReport, error) {
	return c.measureRepeat(ctx, q, true)
}

// measureRepeat is MeasureRepeatLocations; without full, for a place's check only
// (measures.RepeatReport.PlaceShown), the previous period is neither read nor grouped
// (the trend's previous months are empty) and the places' addresses are not opened:
// which places are shown does not depend on either.
func (c *CareStore) measureRepeat(ctx context.Context, q measures.RepeatQuery, full bool) (measures.RepeatReport, error) {
	if q.Zone == nil {
		q.Zone = c.zone
	}
	pf, pt := measures.PreviousPeriod(q.From, q.To, q.Zone)
	var calls, before []measures.Call
	var inst []measures.Institution
	err := careParallel(
		func() (err error) { calls, err = c.RepeatCalls(ctx, q.From, q.To, q.Source); return },
		func() (err error) {
			if full {
				before, err = c.repeatCalls(ctx, pf, pt, q.Source, false)
			}
			return
		},
		func() (err error) { inst, err = c.Institutions(ctx); return },
	)
	if err != nil {
		return measures.RepeatReport{}, err
	}
	r := measures.RepeatLocations(q, calls, before, inst)
	if !full {
		return r, nil
	}
	if err := c.placeAddresses(ctx, r.Places, calls); err != nil {
		return measures.RepeatReport{}, err
	}
	return r, nil
}
