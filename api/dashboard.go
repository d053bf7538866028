package api

import (
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
	v1.Get("/measures/repeat-locations/:place", s.repeatPlace)
	v1.Get("/measures/repeat-locations/:place/follow-ups", s.repeatPlaceFollowUps)
}

// dashboardPage serves the dashboard's shell; its script shows /dashboard/report as the
// printable report of the same range.
func (s *Server) dashboardPage(c *fiber.Ctx) error { return sendHTML(c, "web/dashboard.html") }

func followUpReach(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureFollowUpReach(c.UserContext(), from, to, time.Time{}) }
}

func referralFunnel(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureReferralFunnel(c.UserContext(), from, to) }
}

// placeQuery reads a repeat place's query: the place in the path, and the same period,
// source, radius and minimum of calls as the repeat-location measure it was opened from.
func placeQuery(c *fiber.Ctx, cs *store.CareStore) (measures.RepeatQuery, float64, float64, error) {
	p := newParams(c)
	from, to, _ := measureParams(p, cs.Zone())
	q := measures.RepeatQuery{From: from, To: to, Zone: cs.Zone(),
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
	return q, lat, lon, p.err()
}

// repeatPlace answers one repeat place in de-identified counts: its calls month by month
// and its follow-ups; 404 for no such place or one too small to show.
func (s *Server) repeatPlace(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	q, lat, lon, err := placeQuery(c, cs)
	if err != nil {
		return err
	}
	calls, reach, err := cs.RepeatPlace(c.UserContext(), q, lat, lon)
	if err != nil {
		return err
	}
	d, ok := measures.DescribePlace(q, calls, reach, time.Now(), s.cells())
	if err := s.audit(c, "read", "measure", "repeat-location-place", true); err != nil {
		return err
	}
	if !ok {
		return problem(fiber.StatusNotFound, "No repeat place is centred there for this period, or it has too few calls to show.")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(d)
}

// placeFollowUp is a follow-up of a repeat place as the coordinator assigns it: no
// person, no notes.
type placeFollowUp struct {
	ID         string              `json:"id"`
	AssigneeID string              `json:"assignee_id"`
	DueAt      time.Time           `json:"due_at"`
	Status     care.FollowUpStatus `json:"status"`
	Attempts   int                 `json:"attempts"`
	Version    int                 `json:"version"`
}

// repeatPlaceFollowUps lists the follow-ups still to do of a repeat place's calls, for a
// coordinator to hand them out (PATCH /api/v1/follow-ups/{id}). Each is audited as read.
func (s *Server) repeatPlaceFollowUps(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	q, lat, lon, err := placeQuery(c, cs)
	if err != nil {
		return err
	}
	calls, _, err := cs.RepeatPlace(c.UserContext(), q, lat, lon)
	if err != nil {
		return err
	}
	if len(calls) == 0 || s.cells().Small(len(calls)) {
		return problem(fiber.StatusNotFound, "No repeat place is centred there for this period, or it has too few calls to show.")
	}
	fs, err := cs.PlaceFollowUps(c.UserContext(), calls)
	if err != nil {
		return err
	}
	if err := s.auditLists(c, "list", listed{"follow_up", followUpIDs(fs)}); err != nil {
		return err
	}
	items := make([]placeFollowUp, len(fs))
	for i, f := range fs {
		items[i] = placeFollowUp{ID: f.ID, AssigneeID: f.AssigneeID, DueAt: f.DueAt, Status: f.Status,
			Attempts: len(f.Attempts), Version: f.Version}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return sendV1Page(c, items, len(items), 1, max(len(items), 1))
}
