package search

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"handoff/i18n"
)

func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// say is a catalog message in the language the query asks for (Query.Lang; English
// when empty).
func (rk *ranker) say(key string, vars ...any) string {
	lang := rk.q.Lang
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	return i18n.Load().T(lang, key, vars...)
}

func altLabel(g group, a alt) string {
	switch a.kind {
	case altSynonym:
		return g.typed + " ≈ " + a.label
	case altFuzzy:
		return fmt.Sprintf("%s (for “%s”)", a.label, g.typed)
	case altPrefix:
		return fmt.Sprintf("%s… (“%s”)", g.typed, a.label)
	}
	return g.typed
}

// why explains a hit in the order a peer reads a result card: what matched, how far,
// whether open, room, languages, cost, freshness.
func (rk *ranker) why(e *entry, h *Hit, labels []string, relaxed bool) []string {
	var out []string
	if len(labels) > 0 {
		key := "pub.why.matched"
		if relaxed {
			key = "pub.why.matched_some"
		}
		out = append(out, rk.say(key, "words", strings.Join(labels, ", ")))
	}
	switch {
	case h.ServesArea && e.kind != kindSite:
		out = append(out, rk.say("pub.why.serves_area"))
	case h.DistanceKm != nil:
		s := rk.formatKm(*h.DistanceKm)
		if h.ServesArea {
			s += " · " + rk.say("pub.why.serves_area")
		}
		out = append(out, s)
	}
	if o := h.Open; o.Known {
		loc := e.zone
		switch {
		case o.Always:
			out = append(out, rk.say("pub.why.open_24"))
		case o.Open:
			out = append(out, rk.say("pub.why.open_until", "time", rk.clockText(o.Until, rk.q.At, loc)+zoneText(o.Until, rk.q.At, loc)))
		case !o.Next.IsZero():
			out = append(out, rk.say("pub.why.closed_opens", "time", rk.clockText(o.Next, rk.q.At, loc)+zoneText(o.Next, rk.q.At, loc)))
		default:
			out = append(out, rk.say("pub.why.closed"))
		}
	}
	if c := h.Capacity; c != nil {
		if s := rk.capacityText(c, rk.q.At); s != "" {
			out = append(out, s)
		}
	}
	if o := h.Observation; o != nil {
		out = append(out, rk.observationText(o, rk.q.At))
	}
	if langs := rk.languageText(e); langs != "" {
		out = append(out, langs)
	}
	if e.free {
		out = append(out, rk.say("pub.why.free"))
	}
	if rk.q.WalkIn && e.access&accessBit("walk_in") != 0 {
		out = append(out, rk.say("pub.why.walk_in"))
	}
	if e.assured > 0 && rk.today-int64(e.assured) > rk.staleDays {
		t := unixTime(int64(e.assured) * daySeconds)
		out = append(out, rk.say("pub.why.not_confirmed", "month", rk.say("pub.hours.mon."+strconv.Itoa(int(t.Month()))), "year", strconv.Itoa(t.Year())))
	}
	if !e.active {
		out = append(out, rk.say("pub.why.not_active"))
	}
	return out
}

func (rk *ranker) formatKm(km float64) string {
	switch {
	case km < 0.1:
		return rk.say("pub.why.here")
	case km < 10:
		return rk.say("pub.why.km", "km", rk.decimal(fmt.Sprintf("%.1f", km)))
	}
	return rk.say("pub.why.km", "km", fmt.Sprintf("%.0f", km))
}

// decimal writes a decimal point as the language does ("1,5" in Spanish).
func (rk *ranker) decimal(s string) string {
	return strings.Replace(s, ".", rk.say("pub.why.decimal_point"), 1)
}

// clockText is a local time relative to the day asked about: "17:00", "Tue 09:00",
// "Dec 8 17:30".
func (rk *ranker) clockText(t, ref time.Time, loc *time.Location) string {
	lt, lr := t.In(loc), ref.In(loc)
	ly, lm, ld := lt.Date()
	ry, rm, rd := lr.Date()
	clock := lt.Format("15:04")
	switch {
	case ly == ry && lm == rm && ld == rd:
		return clock
	case lt.Sub(lr) < 6*24*time.Hour:
		return rk.say("pub.why.day_time", "day", rk.say("pub.hours.day."+strconv.Itoa(int(lt.Weekday()))), "time", clock)
	}
	return rk.say("pub.why.date_time", "mon", rk.say("pub.hours.mon."+strconv.Itoa(int(lt.Month()))), "day", strconv.Itoa(lt.Day()), "time", clock)
}

// zoneText names the listing's zone (" CST") when its clock differs from the asker's at
// that instant: "until 17:00" for a Pensacola listing read in Springfield, MA would be an
// hour off. The asker's clock is the zone of the query's instant.
func zoneText(t, ref time.Time, loc *time.Location) string {
	lt := t.In(loc)
	_, off := lt.Zone()
	if _, refOff := t.In(ref.Location()).Zone(); off == refOff {
		return ""
	}
	return " " + lt.Format("MST")
}

// capacityText is "3 beds free, updated 2 h ago", "no beds free, updated 5 h ago",
// "waitlist".
func (rk *ranker) capacityText(c *Capacity, at time.Time) string {
	unit := c.Unit
	var s string
	switch {
	case c.Expired:
		// Past its time-to-live: what it said, and when, but not as a fact.
		s = rk.say("pub.why.cap_unknown", "what", rk.countText(*c.Available, unit))
		if c.Updated != nil {
			s += " " + rk.ago(at.Sub(*c.Updated))
		}
		return s
	case c.Available != nil && *c.Available > 0:
		n := *c.Available
		count := 2
		if n == 1 {
			count = 1
		}
		s = rk.say("pub.why.cap_free", "what", rk.countText(n, unit), "count", count)
	case c.Available != nil:
		if unit == "" {
			unit = "room"
		}
		s = rk.say("pub.why.cap_none", "units", rk.units(0, unit))
	case c.Status == "waitlist":
		s = rk.say("pub.why.waitlist")
	case c.Status == "capacity":
		s = rk.say("pub.why.has_room")
	case c.Status == "no-capacity":
		s = rk.say("pub.why.full")
	case c.Status == "additional-assessment-required":
		s = rk.say("pub.why.assessment")
	}
	if s != "" && c.Updated != nil {
		s = rk.say("pub.why.updated", "text", s, "ago", rk.ago(at.Sub(*c.Updated)))
	}
	return s
}

// units is a capacity's unit in the query's language, in the form for n ("beds",
// "camas"); a unit the catalog does not know takes an English plural "s".
func (rk *ranker) units(n float64, unit string) string {
	if unit == "" {
		return ""
	}
	count := 2
	if n == 1 {
		count = 1
	}
	if i18n.Load().Has(i18n.Default, "pub.unit."+unit) {
		return rk.say("pub.unit."+unit, "count", count)
	}
	if n != 1 {
		return unit + "s"
	}
	return unit
}

// countText is "3 beds", "1 bed", "0 beds", "2" (no unit).
func (rk *ranker) countText(n float64, unit string) string {
	return strings.TrimSpace(rk.decimal(fmt.Sprintf("%g", n)) + " " + rk.units(n, unit))
}

// observationText is "2 beds left, said by phone to Ana 40 min ago".
func (rk *ranker) observationText(o *Observation, at time.Time) string {
	by := o.By
	if by == "" {
		by = rk.say("pub.card.a_peer")
	}
	return rk.say("pub.why.heard", "what", rk.countText(o.Available, o.Unit), "who", by, "ago", rk.ago(at.Sub(o.At)))
}

func (rk *ranker) ago(d time.Duration) string {
	switch {
	case d < 0:
		return rk.say("pub.card.just_now")
	case d < time.Hour:
		return rk.say("pub.card.min_ago", "count", strconv.Itoa(int(math.Max(1, d.Minutes()))))
	case d < 48*time.Hour:
		return rk.say("pub.card.h_ago", "count", strconv.Itoa(int(d.Hours())))
	}
	n := int(d.Hours() / 24)
	return rk.say("pub.why.days_ago", "count", n, "n", strconv.Itoa(n))
}

// languageText names the languages asked for that the listing speaks, or else the ones
// other than English it speaks.
func (rk *ranker) languageText(e *entry) string {
	var names []string
	for _, c := range e.langs() {
		code := rk.ix.tab.langs.code(c)
		if code == "" || code == "en" {
			continue
		}
		if len(rk.q.Languages) > 0 && !contains(rk.q.Languages, code) {
			continue
		}
		names = append(names, rk.languageName(code))
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return strings.Join(names, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// languageName names a language in the query's language: English from the index's own
// table ("Spanish"), other languages from CLDR ("español").
func (rk *ranker) languageName(code string) string {
	if rk.q.Lang == "" || rk.q.Lang == i18n.Default || !i18n.Supported(rk.q.Lang) {
		return languageName(code)
	}
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Tags(language.Make(rk.q.Lang)).Name(t); n != "" {
		return n
	}
	return code
}
