package csvimport

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"handoff/directory"
	"handoff/directory/hourstext"
)

// HoursTextKind is the kind of the warning that says a service's hours were read from the
// source's text rather than its regular_schedules rows.
const HoursTextKind = "hours: text used over rows"

// hoursGroup is the regular_schedules rows of one owner, read.
type hoursGroup struct {
	o      owner
	rows   []row
	sched  []directory.Schedule // the rows as read, in file order
	probs  problems             // the rows' own warnings, reported unless the text replaces the rows
	texts  []string             // the distinct original_text values, in file order
	source map[string]row       // the first row that carries each text
}

// regularGroups reads the regular_schedules rows and gathers them by owner, in the order
// the owners first appear.
func (b *builder) regularGroups() []*hoursGroup {
	var out []*hoursGroup
	byOwner := map[owner]*hoursGroup{}
	for _, r := range b.rows("regular_schedule") {
		o, ok := b.ownerOf(r, "service_at_location_id", "service_id", "location_id")
		if !ok {
			continue
		}
		g := byOwner[o]
		if g == nil {
			g = &hoursGroup{o: o, source: map[string]row{}}
			byOwner[o] = g
			out = append(out, g)
		}
		saved := b.probs
		b.probs = nil
		g.sched = append(g.sched, b.regular(r))
		g.probs = append(g.probs, b.probs...)
		b.probs = saved
		g.rows = append(g.rows, r)
		if t := strings.Join(strings.Fields(r.get("original_text")), " "); t != "" {
			if _, seen := g.source[t]; !seen {
				g.source[t] = r
				g.texts = append(g.texts, t)
			}
		}
	}
	return out
}

// reconcileHours decides between an owner's rows and the source's words for them. Real
// exports carry both, and the rows are the less reliable: an exporter that writes one
// row per text keeps only the last run of days ("Mon–Thu 9–4; Fri 9–3" became Friday
// 9–3). The rule:
//
//   - no original_text: the rows, as read;
//   - a text the hours reader cannot read whole: the rows, and the text beside them as a
//     schedule row with only a description (shown, never making the listing look open);
//   - every text read: the rows and the texts are compared as weekly open intervals, the
//     set of (weekday, opens, closes) each says the owner is open; rows without times
//     (closed days, unreadable values) open nothing. The same set: the rows are kept. A
//     different one, which includes rows that collapsed or give no hours at all: the
//     text's rows replace them, with the text as their notes, and the change is a
//     warning of the kind HoursTextKind naming the first row. The replaced rows' own
//     warnings are left out: they are about values that were not imported.
func (b *builder) reconcileHours(g *hoursGroup) []directory.Schedule {
	if len(g.texts) == 0 {
		b.probs = append(b.probs, g.probs...)
		return g.sched
	}
	var fromText []directory.Schedule
	var unread []string
	for _, t := range g.texts {
		rows, ok := hourstext.Parse(t)
		if !ok {
			unread = append(unread, t)
			continue
		}
		for _, s := range rows {
			if !slices.ContainsFunc(fromText, func(x directory.Schedule) bool {
				return x.ByDay == s.ByDay && x.OpensAt == s.OpensAt && x.ClosesAt == s.ClosesAt
			}) {
				fromText = append(fromText, s)
			}
		}
	}
	if len(unread) > 0 {
		b.probs = append(b.probs, g.probs...)
		out := g.sched
		for _, t := range unread {
			r := g.source[t]
			b.probs.warn(r, "original_text", "%q could not be read as hours; kept as text beside the rows", clip(t))
			out = append(out, directory.Schedule{ID: directory.StableID("csv", b.src, "regular_schedule", "original_text",
				b.rowID("regular_schedule", r)), Description: t})
		}
		return out
	}
	have, want := weeklyIntervals(g.sched), weeklyIntervals(fromText)
	if maps.Equal(have, want) {
		b.probs = append(b.probs, g.probs...)
		return g.sched
	}
	first := g.rows[0]
	notes := []string{strings.Join(g.texts, "; ")}
	for _, r := range g.rows {
		notes = append(notes, r.get("description"))
	}
	for i := range fromText {
		fromText[i].ID = directory.StableID("csv", b.src, "regular_schedule", "original_text", b.rowID("regular_schedule", first), strconv.Itoa(i))
		fromText[i].Description = ""
		fromText[i].Notes = joinText(notes...) // the source's words, as a call-taker would read them out
	}
	b.probs = append(b.probs, Problem{File: first.t.file, Line: first.line, ID: first.get("id"), Field: "original_text", Kind: HoursTextKind,
		Msg: fmt.Sprintf("the rows give %s; the text %q gives %s: the text's hours are used", describeWeek(have),
			clip(strings.Join(g.texts, "; ")), describeWeek(want))})
	return fromText
}

// weeklyIntervals is the set of "DAY HH:MM-HH:MM" during which weekly rows say the owner
// is open, one member per weekday and interval.
func weeklyIntervals(rows []directory.Schedule) map[string]bool {
	out := map[string]bool{}
	for _, s := range rows {
		if s.Freq != "WEEKLY" || s.OpensAt == "" || s.ClosesAt == "" {
			continue
		}
		for _, d := range strings.Split(s.ByDay, ",") {
			out[d+" "+s.OpensAt+"–"+s.ClosesAt] = true
		}
	}
	return out
}

// describeWeek writes a set of weekly intervals for a message, days with the same hours
// together in week order: "MO,TU,WE,TH 09:00–16:00; FR 09:00–15:00", or "no hours".
func describeWeek(set map[string]bool) string {
	if len(set) == 0 {
		return "no hours"
	}
	days := map[string][]string{} // interval → days
	var order []string
	for _, d := range []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"} {
		var ivs []string
		for k := range set {
			if day, iv, _ := strings.Cut(k, " "); day == d {
				ivs = append(ivs, iv)
			}
		}
		slices.Sort(ivs)
		for _, iv := range ivs {
			if days[iv] == nil {
				order = append(order, iv)
			}
			days[iv] = append(days[iv], d)
		}
	}
	parts := make([]string, 0, len(order))
	for _, iv := range order {
		parts = append(parts, strings.Join(days[iv], ",")+" "+iv)
	}
	return strings.Join(parts, "; ")
}
