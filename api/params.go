package api

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
)

// fieldErrs collects every bad field of a request, so that a 400 names them all.
type fieldErrs struct {
	errs directory.FieldErrors
	// choose is set when a field was well formed but names something the client must
	// choose or correct (near= naming several places, or a typo with suggestions): when
	// it is the only bad field, the answer is a 422 carrying these extra members.
	choose map[string]any
}

// unprocessable names a field whose value is read but cannot be acted on as it is, with
// the extra problem members (the choices) that let the client put it right.
func (e *fieldErrs) unprocessable(field string, extra map[string]any, format string, args ...any) {
	e.fail(field, format, args...)
	e.choose = extra
}

func (e *fieldErrs) fail(field, format string, args ...any) {
	e.errs = append(e.errs, directory.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// inRange reports whether v lies within lo..hi, naming the field when it does not.
func (e *fieldErrs) inRange(field string, v, lo, hi float64) bool {
	if v < lo || v > hi {
		e.fail(field, "must be a number from %v to %v", lo, hi)
		return false
	}
	return true
}

// err is the 400 for every bad field, the 422 when the one bad field is a choice to
// make (unprocessable), or nil.
func (e *fieldErrs) err() error {
	if len(e.errs) == 0 {
		return nil
	}
	p := badRequest(e.errs...)
	if e.choose != nil && len(e.errs) == 1 {
		p.Status = fiber.StatusUnprocessableEntity
		p.Title = http.StatusText(p.Status)
		p.Extra = e.choose
	}
	return p
}

// params reads query parameters and collects every bad one.
type params struct {
	c *fiber.Ctx
	fieldErrs
}

func newParams(c *fiber.Ctx) *params { return &params{c: c} }

func (p *params) str(name string) string { return strings.TrimSpace(p.c.Query(name)) }

func (p *params) intIn(name string, def, lo, hi int) int {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail(name, "must be a whole number from %d to %d", lo, hi)
		return def
	}
	return n
}

func (p *params) float(name string, lo, hi float64) (float64, bool) {
	v := p.str(name)
	if v == "" {
		return 0, false
	}
	f, ok := parseFinite(v)
	if !ok {
		p.fail(name, "must be a number from %v to %v", lo, hi)
		return 0, false
	}
	if !p.inRange(name, f, lo, hi) {
		return 0, false
	}
	return f, true
}

// parseFinite reads a decimal number, refusing NaN and ±Inf, which strconv.ParseFloat
// takes ("NaN", "inf", "-Infinity"): NaN compares false with every bound, so a range check
// let it through (lat=NaN answered 200, radius_m=NaN 500).
func parseFinite(v string) (float64, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func (p *params) boolean(name string) bool {
	switch strings.ToLower(p.str(name)) {
	case "", "false", "0", "no":
		return false
	case "true", "1", "yes":
		return true
	}
	p.fail(name, "must be true or false")
	return false
}

func (p *params) uuid(name string) string {
	v := p.str(name)
	if v != "" && !directory.IsUUID(v) {
		p.fail(name, "must be a UUID")
		return ""
	}
	return v
}

func (p *params) oneOf(name, def string, allowed ...string) string {
	v := p.str(name)
	if v == "" {
		return def
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.fail(name, "must be one of %s", strings.Join(allowed, ", "))
	return def
}

func (p *params) time(name string) time.Time {
	v := p.str(name)
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	p.fail(name, "must be an RFC 3339 date-time or a date YYYY-MM-DD")
	return time.Time{}
}
