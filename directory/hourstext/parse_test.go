package hourstext

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handoff/directory"
)

// row is one expected schedule row: days, opens, closes.
type row [3]string

func TestParse(t *testing.T) {
	const week = "MO,TU,WE,TH,FR"
	tests := []struct {
		in   string
		want []row
	}{
		// The DC 211 export's common forms, as written there.
		{"9:00 am - 5:00 pm, Monday - Friday", []row{{week, "09:00", "17:00"}}},
		{"7:30 am - 4:00 pm, Monday - Friday", []row{{week, "07:30", "16:00"}}},
		{"8:00 am - 5 :00 pm, Monday - Friday                              ", []row{{week, "08:00", "17:00"}}},
		{"Open 24 hours", []row{{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}},
		{"Open 24 Hours", []row{{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}},
		{"Open 24 hours (Residential Facility)", []row{{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}},
		{"24 Hours", []row{{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}},
		{"24/7", []row{{"MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"}}},
		{"Mon - Fri 3:30pm - 9:00pm; Sat 10:00am - 4:00pm (Closed Sun)", []row{{week, "15:30", "21:00"}, {"SA", "10:00", "16:00"}}},
		{"Mon - Fri 3:30pm - 9:00pm (Closed Sat, Sun)", []row{{week, "15:30", "21:00"}}},
		{"9:00 am - 10:00 pm, Monday - Friday; 7:00 am - 7:00 pm, Saturday - Sunday", []row{{week, "09:00", "22:00"}, {"SA,SU", "07:00", "19:00"}}},
		{"8:15 am - 4:45 pm, Monday, Tuesday, Thursday, Friday ; 8:15 am - 7:00 pm Wednesday", []row{{"MO,TU,TH,FR", "08:15", "16:45"}, {"WE", "08:15", "19:00"}}},
		{"Monday: 9 am to 7 pm Tuesday through Friday: 9 am to 5 pm", []row{{"MO", "09:00", "19:00"}, {"TU,WE,TH,FR", "09:00", "17:00"}}},
		{"Monday & Tuesday: 12:00 - 9:00 p.m.; Wednesday-Saturday 9:30 a.m. -5:30 p.m.", []row{{"MO,TU", "12:00", "21:00"}, {"WE,TH,FR,SA", "09:30", "17:30"}}},
		{"Noon - 9:00 pm, Monday - Thursday; Noon - 7:00 pm, Friday", []row{{"MO,TU,WE,TH", "12:00", "21:00"}, {"FR", "12:00", "19:00"}}},
		{"M, W, Th, F, S; 9:00am-5:00pm, T, 11:00am-7:00pm", []row{{"MO,WE,TH,FR,SA", "09:00", "17:00"}, {"TU", "11:00", "19:00"}}},
		{"Mon, Tues, Thurs, Friday 8:30am - 5:30pm; Wed 8:30am - 9:00pm; Sat 9:00am - Noon", []row{{"MO,TU,TH,FR", "08:30", "17:30"}, {"WE", "08:30", "21:00"}, {"SA", "09:00", "12:00"}}},
		{"2:00 pm - 8:00 pm, Sunday - Friday", []row{{"MO,TU,WE,TH,FR,SU", "14:00", "20:00"}}},
		{"8:00 am - 5:00 pm, Monday - Friday, except on public holidays", []row{{week, "08:00", "17:00"}}},
		{"815 am - 4:45 pm, Monday - Friday", []row{{week, "08:15", "16:45"}}},
		{"Monday: 9 a.m.- 12 noon; 1 p.m.- 5 p.m  Tuesday: 9 a.m.- 12 noon; 1 p.m.- 5 p.m", []row{{"MO", "09:00", "12:00"}, {"MO", "13:00", "17:00"}, {"TU", "09:00", "12:00"}, {"TU", "13:00", "17:00"}}},
		// The forms.
		{"Monday - Friday 9am-4pm", []row{{week, "09:00", "16:00"}}},
		{"Mon–Thu 9–4; Fri 9–3", []row{{"MO,TU,WE,TH", "09:00", "16:00"}, {"FR", "09:00", "15:00"}}},
		{"9:00am-5:00, Monday - Friday", []row{{week, "09:00", "17:00"}}}, // closes at 17:00, not overnight
		{"M-F 8:30-5, Sat 9-12", []row{{week, "08:30", "17:00"}, {"SA", "09:00", "12:00"}}},
		{"Tuesdays 6pm-8pm", []row{{"TU", "18:00", "20:00"}}},
		{"Tuesdays 6-8pm", []row{{"TU", "18:00", "20:00"}}},
		{"Daily 1-5", []row{{"MO,TU,WE,TH,FR,SA,SU", "13:00", "17:00"}}},
		{"10:00 pm - 6:00 am, daily", []row{{"MO,TU,WE,TH,FR,SA,SU", "22:00", "06:00"}}}, // overnight, as written
		{"9pm - midnight, Friday", []row{{"FR", "21:00", "00:00"}}},
		{"17:00-19:30 Wednesdays", []row{{"WE", "17:00", "19:30"}}},
		// Text it must not guess at.
		{"Please inquire", nil},
		{"By appointment only", nil},
		{"9:00 am - 5:00 pm", nil},  // no days
		{"Open 7 days a week", nil}, // no times
		{"MONDAY -FRIDAY 9:00 AM - 5:00 PM       ONLINE APPLICATION ONLY", nil},
		{"Office Hours: 9:00 am - 5:00 pm, Monday - Friday; Building Hours 9:00 am - 9pm, Saturday 9am-3pm", nil},
		{"8:00 am - 5:00 pm, Monday - Friday; Closed 9:30-1:00 pm Thursdays", nil},
		{"Telephone answering service open 24 hours", nil},
		{"9:00 am - 5:00 pm, Monday - Friday (clients may call on Thursday)", nil},
		{"13pm-5pm Monday", nil},
		{"9-9 Monday", []row{{"MO", "09:00", "21:00"}}},
		{"", nil},
	}
	for _, tc := range tests {
		rows, ok := Parse(tc.in)
		if ok != (tc.want != nil) {
			t.Errorf("Parse(%q) ok = %v, want %v (rows %v)", tc.in, ok, tc.want != nil, rows)
			continue
		}
		var got []row
		for _, r := range rows {
			if r.Freq != "WEEKLY" {
				t.Errorf("Parse(%q): freq %q", tc.in, r.Freq)
			}
			got = append(got, row{r.ByDay, r.OpensAt, r.ClosesAt})
		}
		if strings.Join(flat(got), "|") != strings.Join(flat(tc.want), "|") {
			t.Errorf("Parse(%q)\n got %v\nwant %v", tc.in, got, tc.want)
		}
	}
}

func flat(rs []row) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r[0]+" "+r[1]+"-"+r[2])
	}
	return out
}

// TestOpenNow checks that what Parse gives is what open-now reads: "9:00am-5:00" is
// open at 16:00 on a Monday and not at 06:00 on Tuesday.
func TestOpenNow(t *testing.T) {
	rows, ok := Parse("9:00am-5:00, Monday - Friday")
	if !ok {
		t.Fatal("not parsed")
	}
	h := directory.CompileHours(rows)
	loc, _ := time.LoadLocation("America/New_York")
	if !h.OpenAt(directory.NewClock(time.Date(2024, 6, 3, 16, 0, 0, 0, loc), loc)) {
		t.Error("closed at 16:00 on a Monday")
	}
	if h.OpenAt(directory.NewClock(time.Date(2024, 6, 4, 6, 0, 0, 0, loc), loc)) {
		t.Error("open at 06:00 on a Tuesday: read as overnight")
	}
}

// fixturePath is the DC 211 iCarol export in shared/ beside the clone (see
// shared/fixtures/SOURCES.md), or under $HANDOFF_SHARED when a worktree lives elsewhere.
func fixturePath() string {
	if d := os.Getenv("HANDOFF_SHARED"); d != "" {
		return filepath.Join(d, "fixtures/dc211-icarol-export/211.csv")
	}
	return "../../../shared/fixtures/dc211-icarol-export/211.csv"
}

// TestFixtureShare measures the share of the DC 211 export's HoursOfOperation texts that
// Parse reads, and keeps it from falling.
func TestFixtureShare(t *testing.T) {
	f, err := os.Open(fixturePath())
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("DC 211 fixture not present at " + fixturePath() + " (set HANDOFF_SHARED to the shared folder)")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == "HoursOfOperation" {
			col = i
		}
	}
	n, ok := 0, 0
	for _, r := range recs[1:] {
		if strings.TrimSpace(r[col]) == "" {
			continue
		}
		n++
		if _, good := Parse(r[col]); good {
			ok++
		}
	}
	share := float64(ok) / float64(n)
	t.Logf("parsed %d of %d non-empty HoursOfOperation values (%.1f%%)", ok, n, 100*share)
	if share < 0.83 {
		t.Errorf("parsed %.1f%%, want at least 83%%", 100*share)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"9:00 am - 5:00 pm, Monday - Friday", "Mon–Thu 9–4; Fri 9–3", "Open 24 hours", "24/7",
		"M-F 8:30-5, Sat 9-12", "Tuesdays 6pm-8pm", "(Closed Sun)", "12 noon - 12 midnight daily", "((", "9-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, ok := Parse(s)
		if !ok {
			if rows != nil {
				t.Fatalf("rows without ok: %v", rows)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("ok without rows")
		}
		for _, r := range rows {
			if days, err := directory.ParseByDay(r.ByDay); err != nil || len(days) == 0 {
				t.Fatalf("byday %q: %v", r.ByDay, err)
			}
			for _, v := range []string{r.OpensAt, r.ClosesAt} {
				if len(v) != 5 || v[2] != ':' || v[:2] > "23" || v[3:] > "59" {
					t.Fatalf("time %q", v)
				}
			}
			if r.OpensAt == r.ClosesAt {
				t.Fatalf("opens and closes at %s", r.OpensAt)
			}
		}
	})
}
