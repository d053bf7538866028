package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"handoff/care"
	"handoff/care/measures"
	"handoff/store"
)

// The coordinators' dashboard (issue 15). The pages (/dashboard and its printable
// report) are empty shells like /freshness: everything they show comes from the guarded
// measure routes after sign-in. The town boundaries under the map are public geography.

func (s *Server) dashboardRoutes(v1 fiber.Router) {
	s.app.Get("/dashboard", s.dashboardPage)
	s.app.Get("/dashboard/report", s.dashboardPage)
	// The towns are 320 kB of text that compresses to a fraction.
	s.app.Get("/dashboard/towns.geojson", compress.New(), s.dashboardTowns)
	v1.Get("/measures/follow-ups", s.measure("follow-ups", followUpReach))
	v1.Get("/measures/referral-funnel", s.measure("referral-funnel", referralFunnel))
	v1.Get("/measures/service-gaps", s.measure("service-gaps", s.serviceGaps))
	v1.Get("/measures/repeat-locations/:place", s.measure("repeat-location-place", s.repeatPlace))
	v1.Get("/measures/repeat-locations/:place/follow-ups", s.repeatPlaceFollowUps)
}

// dashboardPage serves the dashboard's shell; its script shows /dashboard/report as the
// printable report of the same range.
func (s *Server) dashboardPage(c *fiber.Ctx) error {
	return s.page(c, fiber.StatusOK, "dashboard.html", "", nil)
}

func followUpReach(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureFollowUpReach(c.UserContext(), from, to, time.Time{}) }
}

func referralFunnel(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureReferralFunnel(c.UserContext(), from, to) }
}

// placeQuery reads a repeat place's query: the place in the path, and the same period,
// source, radius and minimum of calls as the repeat-location measure it was opened from.
func placeQuery(c *fiber.Ctx, p *params, zone *time.Location, from, to time.Time) (measures.RepeatQuery, float64, float64) {
	q := measures.RepeatQuery{From: from, To: to, Zone: zone,
		MinCalls: p.intIn("min_calls", 2, 1, 1000),
		Source:   care.Source(p.oneOf("source", string(care.SourceCoResponse), sourceNames()...)),
		RadiusM:  measures.DefaultRadiusM}
	if r, ok := p.float("radius_m", 1, measures.MaxRadiusM); ok {
		q.RadiusM = r
	}
	lat, lon, err := measures.ParsePlaceKey(c.Params("place"))
	if err != nil {
		p.fail("place", "%s", err.Error())
	}
	return q, lat, lon
}

// noPlace answers a place that is not there, or too small to show.
func noPlace() error {
	return problem(fiber.StatusNotFound, "No repeat place is centred there for this period, or it has too few calls to show.")
}

// repeatPlace answers one repeat place as a measure (JSON or CSV, under the one rule):
// its calls month by month and its follow-ups; 404 for no such place or one whose calls
// the repeat-location measure withholds.
func (s *Server) repeatPlace(c *fiber.Ctx, cs *store.CareStore, p *params, from, to time.Time) func() (tabular, error) {
	q, lat, lon := placeQuery(c, p, cs.Zone(), from, to)
	return func() (tabular, error) {
		calls, reach, err := s.openPlace(c.UserContext(), cs, q, lat, lon)
		if err != nil {
			return nil, err
		}
		return measures.DescribePlace(q, calls, reach, time.Now()), nil
	}
}

// openPlace returns the calls of the place of q centred at (lat, lon) and the reach rows
// of their follow-ups, or a 404 when there is no such place or the repeat-location
// measure of the same query withholds its calls: a place withheld to protect a smaller
// cell beside it is not opened, or its detail would give its calls back.
func (s *Server) openPlace(ctx context.Context, cs *store.CareStore, q measures.RepeatQuery, lat, lon float64) ([]measures.Call, []measures.ReachRow, error) {
	r, calls, reach, err := cs.RepeatPlace(ctx, q, lat, lon)
	if err != nil {
		return nil, nil, err
	}
	if len(calls) == 0 || s.rule().Small(len(calls)) || !r.PlaceShown(s.rule(), q.Zone, lat, lon) {
		return nil, nil, noPlace()
	}
	return calls, reach, nil
}

// repeatPlaceFollowUps lists the follow-ups still to do of a repeat place's calls, for a
// coordinator to hand them out (PATCH /api/v1/follow-ups/{id}). Each is audited as read.
func (s *Server) repeatPlaceFollowUps(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	p := newParams(c)
	from, to, _ := measureParams(c, p, cs.Zone())
	q, lat, lon := placeQuery(c, p, cs.Zone(), from, to)
	if err := p.err(); err != nil {
		return err
	}
	calls, _, err := s.openPlace(c.UserContext(), cs, q, lat, lon)
	if err != nil {
		return err
	}
	fs, err := cs.PlaceFollowUps(c.UserContext(), calls)
	if err != nil {
		return err
	}
	if err := s.auditLists(c, "list", listed{"follow_up", followUpIDs(fs)}); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return sendV1Page(c, fs, len(fs), 1, max(len(fs), 1))
}
