package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"handoff/care"
	"handoff/directory"
)

// FreshnessFacts gathers what the freshness queue needs about every listing that is not
// defunct: its phone, whether it is a crisis service, its last confirmation, and the
// flags raised against it since: checks that failed, and referrals that ended "no room"
// or "couldn't reach them", or were left in "requested" longer than unansweredAfter at
// now. The referrals are read here rather than flagged when they move, so that the queue
// needs no state of its own and a referral's later correction (entered in error) takes
// its flag away. directory.Freshness decides what is due and in which order.
func (s *Store) FreshnessFacts(ctx context.Context, now time.Time, unansweredAfter time.Duration) ([]directory.FreshnessFacts, error) {
	var svcs []struct {
		ID      string `db:"id"`
		Name    string `db:"name"`
		OrgID   string `db:"organization_id"`
		OrgName string `db:"org_name"`
		Assured string `db:"assured_date"`
		Checked string `db:"checked"`
	}
	if err := s.db.SelectContext(ctx, &svcs, `SELECT s.id, s.name, COALESCE(s.organization_id, '') AS organization_id,
			COALESCE(o.name, '') AS org_name, s.assured_date,
			COALESCE((SELECT max(v.at) FROM verifications v WHERE v.service_id = s.id AND v.result = 'confirmed'), '') AS checked
		FROM services s LEFT JOIN organizations o ON o.id = s.organization_id
		WHERE s.status <> 'defunct'`); err != nil {
		return nil, fmt.Errorf("store: freshness: %w", err)
	}
	phones, err := s.queuePhones(ctx)
	if err != nil {
		return nil, err
	}
	crisis, err := s.crisisServices(ctx)
	if err != nil {
		return nil, err
	}
	flags, err := s.freshnessFlags(ctx, now, unansweredAfter)
	if err != nil {
		return nil, err
	}
	out := make([]directory.FreshnessFacts, len(svcs))
	for i, r := range svcs {
		f := directory.FreshnessFacts{ServiceID: r.ID, Name: r.Name, OrganizationID: r.OrgID, OrgName: r.OrgName,
			Phone: phones[r.ID], Crisis: crisis[r.ID], Flags: flags[r.ID]}
		if f.Phone == "" {
			f.Phone = phones["org:"+r.OrgID]
		}
		// A confirmation made here is exact; an imported date stands for one until then.
		if t := lastConfirmed(r.Checked); !t.IsZero() {
			f.LastConfirmed = t
		} else if t, ok := directory.AssuredTime(r.Assured); ok {
			f.LastConfirmed = t
		}
		out[i] = f
	}
	return out, nil
}

// queuePhones maps a service id to its first phone, and "org:"+id to an organization's,
// for the listings whose service has none: whom to call.
func (s *Store) queuePhones(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		Service string `db:"service_id"`
		Org     string `db:"organization_id"`
		Number  string `db:"number"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT service_id, organization_id, number FROM phones
		WHERE (service_id <> '' OR organization_id <> '') AND location_id = '' AND service_at_location_id = '' AND contact_id = ''
		ORDER BY pos, id`); err != nil {
		return nil, fmt.Errorf("store: freshness phones: %w", err)
	}
	m := map[string]string{}
	for _, r := range rows {
		k := r.Service
		if k == "" {
			k = "org:" + r.Org
		}
		if _, ok := m[k]; !ok {
			m[k] = r.Number
		}
	}
	return m, nil
}

// crisisServices is the set of services that directory.IsCrisis calls crisis services,
// from their handoff:need and handoff:level_of_care attributes.
func (s *Store) crisisServices(ctx context.Context) (map[string]bool, error) {
	codes := map[string][2]string{} // term id → taxonomy, code
	var ids []string
	for _, name := range []string{directory.TaxonomyNeed, directory.TaxonomyLevelOfCare} {
		v, _ := directory.Vocab(name)
		for _, t := range v.Terms {
			id := directory.TermID(name, t.Code)
			codes[id] = [2]string{name, t.Code}
			ids = append(ids, id)
		}
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, fmt.Sprintf("$%d", i+1)
	}
	var rows []struct {
		Link string `db:"link_id"`
		Term string `db:"taxonomy_term_id"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT link_id, taxonomy_term_id FROM attributes WHERE taxonomy_term_id IN (`+
		strings.Join(marks, ", ")+`)`, args...); err != nil {
		return nil, fmt.Errorf("store: freshness attributes: %w", err)
	}
	needs, levels := map[string][]string{}, map[string][]string{}
	for _, r := range rows {
		c := codes[r.Term]
		if c[0] == directory.TaxonomyNeed {
			needs[r.Link] = append(needs[r.Link], c[1])
		} else {
			levels[r.Link] = append(levels[r.Link], c[1])
		}
	}
	out := map[string]bool{}
	for id := range needs {
		out[id] = directory.IsCrisis(needs[id], levels[id])
	}
	for id := range levels {
		out[id] = out[id] || directory.IsCrisis(nil, levels[id])
	}
	return out, nil
}

// freshnessFlags reads the events that flag a listing, by service: failed checks since
// its last confirmation, and referrals that ended "no room" or "couldn't reach them" or
// wait unanswered. A flag's time is when it became one: the referral's end, or the
// moment an unanswered referral became overdue.
func (s *Store) freshnessFlags(ctx context.Context, now time.Time, unansweredAfter time.Duration) (map[string][]directory.FreshnessFlag, error) {
	out := map[string][]directory.FreshnessFlag{}
	add := func(svc, kind, at string, after time.Duration) {
		t := lastConfirmed(at)
		if t.IsZero() {
			return
		}
		out[svc] = append(out[svc], directory.FreshnessFlag{Kind: kind, At: t.Add(after)})
	}
	var checks []struct {
		Service string `db:"service_id"`
		Result  string `db:"result"`
		At      string `db:"at"`
	}
	if err := s.db.SelectContext(ctx, &checks, `SELECT v.service_id, v.result, v.at FROM verifications v
		WHERE v.result <> 'confirmed' AND v.at > COALESCE((SELECT max(c.at) FROM verifications c
			WHERE c.service_id = v.service_id AND c.result = 'confirmed'), '')`); err != nil {
		return nil, fmt.Errorf("store: freshness checks: %w", err)
	}
	for _, c := range checks {
		kind := directory.FlagCheckFailed
		if c.Result == directory.VerifyChangesNeeded {
			kind = directory.FlagChangesNeeded
		}
		add(c.Service, kind, c.At, 0)
	}
	var refs []struct {
		Service   string `db:"service_id"`
		Status    string `db:"status"`
		Outcome   string `db:"outcome"`
		Requested string `db:"requested_at"`
		Ended     string `db:"ended"`
	}
	cutoff := formatTime(now.Add(-unansweredAfter))
	if err := s.db.SelectContext(ctx, &refs, `SELECT service_id, status, outcome, requested_at,
			CASE WHEN closed_at <> '' THEN closed_at ELSE updated_at END AS ended
		FROM referrals
		WHERE (outcome IN ($1, $2) AND status <> $3)
			OR (status = $4 AND requested_at <> '' AND requested_at < $5)`,
		string(care.OutcomeNoCapacity), string(care.OutcomeCouldNotContact), string(care.StatusEnteredInError),
		string(care.StatusRequested), cutoff); err != nil {
		return nil, fmt.Errorf("store: freshness referrals: %w", err)
	}
	var reports []struct {
		Service string `db:"service_id"`
		At      string `db:"created_at"`
	}
	// A pending problem report flags its listing until it is approved or rejected.
	if err := s.db.SelectContext(ctx, &reports, `SELECT service_id, created_at FROM suggestions WHERE kind = 'report' AND status = 'pending'`); err != nil {
		return nil, fmt.Errorf("store: freshness reports: %w", err)
	}
	for _, r := range reports {
		add(r.Service, directory.FlagProblemReport, r.At, 0)
	}
	for _, r := range refs {
		switch {
		case r.Status == string(care.StatusRequested):
			add(r.Service, directory.FlagUnanswered, r.Requested, unansweredAfter)
		case r.Outcome == string(care.OutcomeNoCapacity):
			add(r.Service, directory.FlagNoCapacity, r.Ended, 0)
		default:
			add(r.Service, directory.FlagCouldNotContact, r.Ended, 0)
		}
	}
	return out, nil
}
