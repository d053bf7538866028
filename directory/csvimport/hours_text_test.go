package csvimport

import (
	"strings"
	"testing"

	"handoff/directory"
)

// hoursOf writes a service's schedules as "BYDAY HH:MM-HH:MM description" lines.
func hoursOf(s *directory.Service) string {
	var out []string
	for _, sc := range s.Schedules {
		out = append(out, strings.TrimSpace(sc.ByDay+" "+sc.OpensAt+"-"+sc.ClosesAt+" "+sc.Description))
	}
	return strings.Join(out, "; ")
}

// TestReadHoursText reads a package whose schedule rows carry the source's own words
// (original_text): the text wins where the rows collapse or disagree and the text reads,
// the rows stay where they agree or the text cannot be read.
func TestReadHoursText(t *testing.T) {
	res := read(t, "testdata/hsds1-hours")
	svcs := services(res)
	for _, it := range res.Items {
		if it.Err != nil {
			t.Errorf("rejected %s: %v", it.File, it.Err)
		}
	}
	for _, c := range []struct{ name, want string }{
		// Rows collapsed to Friday: the text gives the week back.
		{"Collapsed Pantry", "MO,TU,WE,TH 09:00-16:00; FR 09:00-15:00"},
		// No hours in the rows, "Open 24 hours" in the text: around the clock.
		{"Night Line", "MO,TU,WE,TH,FR,SA,SU 00:00-23:59"},
		// The rows agree with the text ("9:00am"–"5:00" closes at 17:00): the rows stay.
		{"Agreeing Clinic", "MO 09:00-17:00; TU 09:00-17:00; WE 09:00-17:00; TH 09:00-17:00; FR 09:00-17:00"},
		// A text that is not hours: the rows stay and the words are kept beside them.
		{"Unreadable Hours", "TU 10:00-14:00; - By appointment, call first"},
		// Rows of a working week against "24/7": the text wins.
		{"Round the Clock Crisis", "MO,TU,WE,TH,FR,SA,SU 00:00-23:59"},
		// No text: bare closing hours after a morning opening are afternoon ones; after an
		// evening opening they stay the next morning's.
		{"Morning Office", "MO 09:00-17:00; TU 10:00-14:00; WE 18:00-07:00"},
	} {
		s := svcs[c.name]
		if s == nil {
			t.Fatalf("no service %q", c.name)
		}
		if got := hoursOf(s); got != c.want {
			t.Errorf("%s: hours %q, want %q", c.name, got, c.want)
		}
	}
	if n := svcs["Agreeing Clinic"].Schedules[0]; n.Notes != "" || n.ID != directory.StableID("csv", "hours-211", "regular_schedule", "R3") {
		t.Errorf("agreeing rows were not kept as they are: %+v", n)
	}
	if n := svcs["Collapsed Pantry"].Schedules[0]; n.Notes != "Mon–Thu 9–4; Fri 9–3" || n.ID == "" {
		t.Errorf("the text's rows do not keep the source's words: %+v", n)
	}
	if n := svcs["Round the Clock Crisis"].Schedules[0]; n.Notes != "24/7\nStaffed line" {
		t.Errorf("the replaced row's description is lost: %q", n.Notes)
	}
	// The same package read again gives the same schedule ids.
	again := services(read(t, "testdata/hsds1-hours"))
	for name, s := range svcs {
		for i, sc := range s.Schedules {
			if again[name].Schedules[i].ID != sc.ID {
				t.Errorf("%s: schedule id %d changed between reads", name, i)
			}
		}
	}

	// Each replacement is one warning of its own kind naming the row; the others warn
	// about the unreadable text and the shelter-like overnight row only.
	byKind := map[string][]Problem{}
	for _, p := range res.Problems {
		if p.Err {
			t.Errorf("%v", p)
		}
		byKind[p.KindOf()] = append(byKind[p.KindOf()], p)
	}
	used := byKind[HoursTextKind]
	var ids []string
	for _, p := range used {
		ids = append(ids, p.ID)
		if p.File != "regular_schedules.csv" || p.Line == 0 || p.Field != "original_text" {
			t.Errorf("the repair does not name its row: %+v", p)
		}
	}
	if strings.Join(ids, " ") != "R1 R2 R9" {
		t.Errorf("text used over rows for %v, want R1 R2 R9", ids)
	}
	if len(used) > 0 && !strings.Contains(used[0].Msg, `the rows give FR 09:00–15:00; the text "Mon–Thu 9–4; Fri 9–3" gives MO,TU,WE,TH 09:00–16:00; FR 09:00–15:00`) {
		t.Errorf("message: %s", used[0].Msg)
	}
	var other []string
	for k, ps := range byKind {
		if k != HoursTextKind {
			for _, p := range ps {
				other = append(other, p.Error())
			}
		}
	}
	if len(other) != 2 || !strings.Contains(strings.Join(other, "\n"), `(id R8): warning: original_text: "By appointment, call first" could not be read as hours`) ||
		!strings.Contains(strings.Join(other, "\n"), `(id R12): warning: closes_at: 07:00`) {
		t.Errorf("other warnings:\n%s", strings.Join(other, "\n"))
	}
}
