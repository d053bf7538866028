package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"handoff/care/measures"
	"handoff/directory"
)

// Service gaps (directory.ServiceGap): the search handler records them, the dashboard
// reads them by need and town. Lists are kept as comma-separated codes and words: none
// holds a comma (codes are fixed vocabularies, words are letters and digits).

// RecordServiceGap keeps one gap.
func (s *Store) RecordServiceGap(ctx context.Context, g directory.ServiceGap) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO service_gaps (id, day, reason, needs, filters, town, words)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, directory.NewID(), g.Day, g.Reason, strings.Join(g.Needs, ","),
		strings.Join(g.Filters, ","), g.Town, strings.Join(g.Words, ","))
	if err != nil {
		return fmt.Errorf("store: record service gap: %w", err)
	}
	return nil
}

// ServiceGaps returns the gaps of the days from fromDay to toDay (YYYY-MM-DD, both
// included).
func (s *Store) ServiceGaps(ctx context.Context, fromDay, toDay string) ([]directory.ServiceGap, error) {
	var rows []struct {
		Day     string `db:"day"`
		Reason  string `db:"reason"`
		Needs   string `db:"needs"`
		Filters string `db:"filters"`
		Town    string `db:"town"`
		Words   string `db:"words"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT day, reason, needs, filters, town, words FROM service_gaps
		WHERE day >= $1 AND day <= $2`, fromDay, toDay); err != nil {
		return nil, fmt.Errorf("store: service gaps: %w", err)
	}
	out := make([]directory.ServiceGap, len(rows))
	for i, r := range rows {
		out[i] = directory.ServiceGap{Day: r.Day, Reason: r.Reason, Needs: splitList(r.Needs), Filters: splitList(r.Filters),
			Town: r.Town, Words: splitList(r.Words)}
	}
	return out, nil
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// MeasureServiceGaps answers the service-gap measure for the days of [from, to) in the
// program's zone (the day of to's last instant included).
func (c *CareStore) MeasureServiceGaps(ctx context.Context, from, to time.Time) (measures.Gaps, error) {
	fromDay, toDay := directory.GapDay(from, c.zone), directory.GapDay(to.Add(-time.Nanosecond), c.zone)
	gaps, err := c.st.ServiceGaps(ctx, fromDay, toDay)
	if err != nil {
		return measures.Gaps{}, err
	}
	return measures.Gaps{GapReport: directory.GapsReport(fromDay, toDay, gaps)}, nil
}
