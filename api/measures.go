package api

import (
	"bytes"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/care/measures"
	"handoff/care/measures/deid"
	"handoff/store"
)

// measureRoutes are the program's measures (issue 6): coordinators and admins only (see
// api/routes_policy.go). Every measure answers JSON, or CSV with format=csv (or Accept:
// text/csv); both encode one report suppressed under one rule (care/measures/deid), so
// they hold the same cells.
func (s *Server) measureRoutes(v1 fiber.Router) {
	v1.Get("/measures/repeat-locations", s.measure("repeat-locations", repeatLocations))
	v1.Get("/measures/interactions-per-shift", s.measure("interactions-per-shift", interactionsPerShift))
	v1.Get("/measures/diversions", s.measure("diversions", diversions))
	v1.Get("/measures/referrals", s.measure("referrals", referrals))
	s.definitionsRoutes(v1)
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
		zone := cs.Zone()
		from, to, format := measureParams(c, p, zone)
		run := m(c, cs, p, from, to)
		if err := p.err(); err != nil {
			return err
		}
		rep, err := run()
		if err != nil {
			return err
		}
		return s.sendMeasure(c, name, format, zone, rep)
	}
}

// tabular is a measure's report: it becomes de-identifiable tables, which the rule
// suppresses and JSON or CSV encode.
type tabular interface {
	Deid(zone *time.Location) *deid.Report
}

// measureParams reads what every measure takes: the period (default: the year up to
// now) and the format (format=csv, or a request that accepts text/csv and not JSON). A
// date-only from or to is that day in the program's zone: from its first instant, to
// through its last (the range ends at the next midnight there).
func measureParams(c *fiber.Ctx, p *params, zone *time.Location) (from, to time.Time, format string) {
	from, to = measureTime(p, "from", zone, false), measureTime(p, "to", zone, true)
	if to.IsZero() {
		to = time.Now()
	}
	if from.IsZero() {
		from = to.AddDate(-1, 0, 0)
	}
	if !from.Before(to) {
		p.fail("to", "must be after from")
	}
	def := "json"
	if c.Query("format") == "" && c.Accepts(fiber.MIMEApplicationJSON, "text/csv") == "text/csv" {
		def = "csv"
	}
	format = p.oneOf("format", def, "json", "csv")
	return from, to, format
}

// measureTime reads a bound of the period: an RFC 3339 instant as it is, a date-time
// without offset or a date in the program's zone; a date as a "to" means the end of
// that day.
func measureTime(p *params, name string, zone *time.Location, end bool) time.Time {
	v := p.str(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", v, zone); err == nil {
		return t.UTC()
	}
	if t, err := time.ParseInLocation("2006-01-02", v, zone); err == nil {
		if end {
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, zone)
		}
		return t.UTC()
	}
	p.fail(name, "must be an RFC 3339 date-time or a date YYYY-MM-DD")
	return time.Time{}
}

// rule is the de-identification rule of the measures (--small-cell-suppression).
func (s *Server) rule() deid.Rule {
	switch n := s.opts.SmallCellSuppression; {
	case n < 0:
		return deid.Rule{Min: 0}
	case n == 0:
		return deid.Rule{Min: deid.DefaultMin}
	default:
		return deid.Rule{Min: n}
	}
}

// sendMeasure suppresses the report under the rule and sends it as JSON or CSV: two
// encoders of the same suppressed tables, so the formats agree cell by cell.
func (s *Server) sendMeasure(c *fiber.Ctx, name, format string, zone *time.Location, report tabular) error {
	if err := s.audit(c, "read", "measure", name, true); err != nil {
		return err
	}
	rep := report.Deid(zone)
	s.rule().Apply(rep)
	c.Set(fiber.HeaderCacheControl, "no-store")
	var b bytes.Buffer
	if format != "csv" {
		js, err := rep.MarshalJSON()
		if err != nil {
			return fmt.Errorf("measure %s: %w", name, err)
		}
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		return c.Send(js)
	}
	if err := rep.WriteCSV(&b); err != nil {
		return fmt.Errorf("measure %s: %w", name, err)
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

// interactionsPerShift takes user=me or a user id (no user means everyone's shifts), and
// shifts=none to leave the list of shifts out.
func interactionsPerShift(c *fiber.Ctx, cs *store.CareStore, p *params, from, to time.Time) func() (tabular, error) {
	user := ""
	if u := p.str("user"); u == "me" {
		user = currentPrincipal(c).UserID
	} else {
		user = p.uuid("user")
	}
	list := p.oneOf("shifts", "all", "all", "none") == "all"
	return func() (tabular, error) {
		r, err := cs.MeasureInteractionsPerShift(c.UserContext(), from, to, user)
		if err != nil || list {
			return r, err
		}
		return r.WithoutShifts(), nil
	}
}

func diversions(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureDiversions(c.UserContext(), from, to) }
}

func referrals(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureReferrals(c.UserContext(), from, to, time.Time{}) }
}
