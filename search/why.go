package search

import (
	"fmt"
	"math"
	"strings"
	"time"
)

func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

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
		lead := "matched "
		if relaxed {
			lead = "matched some words: "
		}
		out = append(out, lead+strings.Join(labels, ", "))
	}
	switch {
	case h.ServesArea && e.kind != kindSite:
		out = append(out, "serves this area")
	case h.DistanceKm != nil:
		s := formatKm(*h.DistanceKm)
		if h.ServesArea {
			s += " · serves this area"
		}
		out = append(out, s)
	}
	if o := h.Open; o.Known {
		loc := e.zone
		switch {
		case o.Always:
			out = append(out, "open 24 hours")
		case o.Open:
			out = append(out, "open now until "+clockText(o.Until, rk.q.At, loc)+zoneText(o.Until, rk.q.At, loc))
		case !o.Next.IsZero():
			out = append(out, "closed · opens "+clockText(o.Next, rk.q.At, loc)+zoneText(o.Next, rk.q.At, loc))
		default:
			out = append(out, "closed")
		}
	}
	if c := h.Capacity; c != nil {
		if s := capacityText(c, rk.q.At); s != "" {
			out = append(out, s)
		}
	}
	if o := h.Observation; o != nil {
		out = append(out, observationText(o, rk.q.At))
	}
	if langs := rk.languageText(e); langs != "" {
		out = append(out, langs)
	}
	if e.free {
		out = append(out, "free")
	}
	if rk.q.WalkIn && e.access&accessBit("walk_in") != 0 {
		out = append(out, "walk-ins welcome")
	}
	if e.assured > 0 && rk.today-int64(e.assured) > rk.staleDays {
		out = append(out, "listing not confirmed since "+unixTime(int64(e.assured)*daySeconds).Format("Jan 2006"))
	}
	if !e.active {
		out = append(out, "not active")
	}
	return out
}

func formatKm(km float64) string {
	switch {
	case km < 0.1:
		return "here"
	case km < 10:
		return fmt.Sprintf("%.1f km", km)
	}
	return fmt.Sprintf("%.0f km", km)
}

// clockText is a local time relative to the day asked about: "17:00", "Tue 09:00",
// "Dec 8 17:30".
func clockText(t, ref time.Time, loc *time.Location) string {
	lt, lr := t.In(loc), ref.In(loc)
	ly, lm, ld := lt.Date()
	ry, rm, rd := lr.Date()
	switch {
	case ly == ry && lm == rm && ld == rd:
		return lt.Format("15:04")
	case lt.Sub(lr) < 6*24*time.Hour:
		return lt.Format("Mon 15:04")
	}
	return lt.Format("Jan 2 15:04")
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
func capacityText(c *Capacity, at time.Time) string {
	unit := c.Unit
	var s string
	switch {
	case c.Expired:
		// Past its time-to-live: what it said, and when, but not as a fact.
		s = "unknown — " + countText(*c.Available, unit)
		if c.Updated != nil {
			s += " " + ago(at.Sub(*c.Updated))
		}
		return s
	case c.Available != nil && *c.Available > 0:
		n := *c.Available
		if unit != "" && n != 1 {
			unit += "s"
		}
		s = strings.TrimSpace(fmt.Sprintf("%g %s free", n, unit))
	case c.Available != nil:
		if unit == "" {
			unit = "room"
		} else {
			unit += "s"
		}
		s = "no " + unit + " free"
	case c.Status == "waitlist":
		s = "waitlist"
	case c.Status == "capacity":
		s = "has room"
	case c.Status == "no-capacity":
		s = "full"
	case c.Status == "additional-assessment-required":
		s = "assessment required"
	}
	if s != "" && c.Updated != nil {
		s += ", updated " + ago(at.Sub(*c.Updated))
	}
	return s
}

// countText is "3 beds", "1 bed", "0 beds", "2" (no unit).
func countText(n float64, unit string) string {
	if unit != "" && n != 1 {
		unit += "s"
	}
	return strings.TrimSpace(fmt.Sprintf("%g %s", n, unit))
}

// observationText is "2 beds left, said by phone to Ana 40 min ago".
func observationText(o *Observation, at time.Time) string {
	by := o.By
	if by == "" {
		by = "a peer"
	}
	return countText(o.Available, o.Unit) + " left, said by phone to " + by + " " + ago(at.Sub(o.At))
}

func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(math.Max(1, d.Minutes())))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
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
		names = append(names, languageName(code))
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
