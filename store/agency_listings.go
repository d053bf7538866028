package store

import (
	"context"
	"fmt"
	"time"

	"handoff/care"
	"handoff/directory"
)

// AgencyListing is one of an organization's services as the agency portal shows it: the
// service as stored, with the facts that say what it needs (directory.ListingAttention).
type AgencyListing struct {
	Service       directory.Service
	Crisis        bool
	LastConfirmed time.Time // zero: never confirmed (by a check here or an imported assured_date)
	// Referrals counts the live referrals sent to the service, by status.
	Referrals map[care.Status]int
}

// AgencyListings answers the services of the organization org, with their last
// confirmation, whether each is a crisis service, and the counts of the live referrals
// sent to each by status. Only org's own services: the organization is the caller's
// (access.Principal.ListingsOrganization), never one a client names.
func (s *Store) AgencyListings(ctx context.Context, org string) ([]AgencyListing, error) {
	var rows []struct {
		ID      string `db:"id"`
		Assured string `db:"assured_date"`
		Checked string `db:"checked"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT s.id, s.assured_date,
			COALESCE((SELECT max(v.at) FROM verifications v WHERE v.service_id = s.id AND v.result = 'confirmed'), '') AS checked
		FROM services s WHERE s.organization_id = $1 ORDER BY s.name, s.id`, org); err != nil {
		return nil, fmt.Errorf("store: agency listings: %w", err)
	}
	if len(rows) == 0 {
		return []AgencyListing{}, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	svcs, err := s.Services(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("store: agency listings: %w", err)
	}
	byID := make(map[string]directory.Service, len(svcs))
	for _, v := range svcs {
		byID[v.ID] = v
	}
	crisis, err := s.crisisServices(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := s.agencyReferralCounts(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make([]AgencyListing, 0, len(rows))
	for _, r := range rows {
		v, ok := byID[r.ID]
		if !ok {
			continue // deleted between the two reads
		}
		l := AgencyListing{Service: v, Crisis: crisis[r.ID], Referrals: counts[r.ID]}
		// A confirmation made here is exact; an imported date stands for one until then.
		if t := lastConfirmed(r.Checked); !t.IsZero() {
			l.LastConfirmed = t
		} else if t, ok := directory.AssuredTime(r.Assured); ok {
			l.LastConfirmed = t
		}
		if l.Referrals == nil {
			l.Referrals = map[care.Status]int{}
		}
		out = append(out, l)
	}
	return out, nil
}

// agencyReferralCounts counts the live referrals sent to org's services, by service and
// status: the inbox's referrals (organization as referred), without their contents.
func (s *Store) agencyReferralCounts(ctx context.Context, org string) (map[string]map[care.Status]int, error) {
	var rows []struct {
		Service string `db:"service_id"`
		Status  string `db:"status"`
		N       int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT service_id, status, count(*) AS n FROM referrals
		WHERE organization_id = $1 AND mode = $2 GROUP BY service_id, status`, org, string(care.ModeLive)); err != nil {
		return nil, fmt.Errorf("store: agency referral counts: %w", err)
	}
	out := map[string]map[care.Status]int{}
	for _, r := range rows {
		st := care.Status(r.Status)
		if !st.AgencySees() {
			continue
		}
		if out[r.Service] == nil {
			out[r.Service] = map[care.Status]int{}
		}
		out[r.Service][st] = r.N
	}
	return out, nil
}
