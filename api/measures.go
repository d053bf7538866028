package api

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/care/measures"
	"handoff/store"
)

// measureRoutes are the program's measures (issue 6): coordinators and admins only (see
// api/routes_policy.go). Every measure answers JSON, or CSV with format=csv; both come from
// one report, so they hold the same numbers, and the CSV suppresses small counts.
func (s *Server) measureRoutes(v1 fiber.Router) {
	v1.Get("/measures/repeat-locations", s.measure("repeat-locations", repeatLocations))
	v1.Get("/measures/interactions-per-shift", s.measure("interactions-per-shift", interactionsPerShift))
	v1.Get("/measures/diversions", s.measure("diversions", diversions))
	v1.Get("/measures/referrals", s.measure("referrals", referrals))
}

// measureFunc reads a measure's own parameters (failing them on p) and returns the
// function that computes its report; the period is common to all and read before.
type measureFunc func(c *fiber.Ctx, cs *store.CareStore, p *params, from, to time.Time) func() (tabular, error)

// measure makes the handler of one measure: the common parameters, the measure's own,
// one error path, then JSON or CSV.
func (s *Server) measure(name string, m measureFunc) fiber.Handler {
	return func(c *fiber.Ctx) error {
		cs, err := s.careStore(c)
		if err != nil {
			return err
		}
		p := newParams(c)
		from, to, format := measureParams(p)
		run := m(c, cs, p, from, to)
		if err := p.err(); err != nil {
			return err
		}
		rep, err := run()
		if err != nil {
			return err
		}
		return s.sendMeasure(c, name, format, rep)
	}
}

// tabular is a measure's report: JSON as it is, CSV through its tables.
type tabular interface {
	Tables(c measures.Cells) []measures.Table
}

// measureParams reads what every measure takes: the period (default: the year up to
// now) and the format.
func measureParams(p *params) (from, to time.Time, format string) {
	from, to = p.time("from"), p.time("to")
	if to.IsZero() {
		to = time.Now()
	}
	if from.IsZero() {
		from = to.AddDate(-1, 0, 0)
	}
	if !from.Before(to) {
		p.fail("to", "must be after from")
	}
	format = p.oneOf("format", "json", "json", "csv")
	return from, to, format
}

// cells is the small-cell rule of the CSV answers.
func (s *Server) cells() measures.Cells {
	switch n := s.opts.SmallCellSuppression; {
	case n < 0:
		return measures.Cells{Min: 0}
	case n == 0:
		return measures.Cells{Min: measures.DefaultMinCell}
	default:
		return measures.Cells{Min: n}
	}
}

func (s *Server) sendMeasure(c *fiber.Ctx, name, format string, report tabular) error {
	if err := s.audit(c, "read", "measure", name, true); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if format != "csv" {
		// JSON follows the CSV's small-cell rule where it names places.
		if r, ok := report.(measures.RepeatReport); ok {
			return c.JSON(r.Suppress(s.cells()))
		}
		return c.JSON(report)
	}
	var b bytes.Buffer
	if err := measures.WriteCSV(&b, report.Tables(s.cells())); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="handoff-`+name+`.csv"`)
	return c.Send(b.Bytes())
}

func repeatLocations(c *fiber.Ctx, cs *store.CareStore, p *params, from, to time.Time) func() (tabular, error) {
	q := measures.RepeatQuery{From: from, To: to, Zone: cs.Zone(),
		MinCalls: p.intIn("min_calls", 2, 1, 1000),
		Source:   care.Source(p.oneOf("source", string(care.SourceCoResponse), sourceNames()...)),
		Limit:    p.intIn("limit", 0, 0, 10000)}
	// diameter_m bounds a place's width; the former radius_m is read as half of it.
	q.DiameterM = measures.DefaultDiameterM
	if r, ok := p.float("radius_m", 1, measures.MaxRadiusM); ok {
		q.DiameterM = 2 * r
	}
	if d, ok := p.float("diameter_m", 1, measures.MaxDiameterM); ok {
		q.DiameterM = d
	}
	return func() (tabular, error) { return cs.MeasureRepeatLocations(c.UserContext(), q) }
}

// interactionsPerShift takes user=me or a user id; no user means everyone's shifts.
func interactionsPerShift(c *fiber.Ctx, cs *store.CareStore, p *params, from, to time.Time) func() (tabular, error) {
	user := ""
	if u := p.str("user"); u == "me" {
		user = currentPrincipal(c).UserID
	} else {
		user = p.uuid("user")
	}
	return func() (tabular, error) { return cs.MeasureInteractionsPerShift(c.UserContext(), from, to, user) }
}

func diversions(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureDiversions(c.UserContext(), from, to) }
}

func referrals(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureReferrals(c.UserContext(), from, to, time.Time{}) }
}
