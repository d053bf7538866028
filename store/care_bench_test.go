package store_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// BenchmarkCareMeasures loads a year of a large program into PostgreSQL (200,000
// encounters with their responders, follow-ups, attempts, referrals and moves, in
// 15,000 shifts of 60 peers, and the year before's 911 calls for the trend) and times
// each measure over the whole year, failing any that takes over 2 s. It needs
// TEST_DATABASE_URL; loading takes about a minute.
//
//	TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test ./store -run '^$' -bench BenchmarkCareMeasures -benchtime 5x
func BenchmarkCareMeasures(b *testing.B) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		b.Skip("TEST_DATABASE_URL not set")
	}
	st := storetest.Postgres(b)
	ctx := context.Background()
	zone := care.DefaultZone()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, zone)
	to := from.AddDate(1, 0, 0)
	start := time.Now()
	n := loadProgram(b, st, from, 200_000)
	b.Logf("loaded %+v in %v", n, time.Since(start).Round(time.Second))

	c := st.Care(nil).WithZone(zone)
	measures := []struct {
		name string
		run  func() error
	}{
		{"repeat-locations", func() error {
			r, err := c.MeasureRepeatLocations(ctx, measures.RepeatQuery{From: from, To: to, MinCalls: 2})
			if err == nil && (len(r.Places) == 0 || r.Trend[0].PreviousCalls == 0) {
				err = fmt.Errorf("no places, or no previous year")
			}
			return err
		}},
		{"interactions-per-shift", func() error {
			r, err := c.MeasureInteractionsPerShift(ctx, from, to, "")
			if err == nil && r.Program.Shifts == 0 {
				err = fmt.Errorf("no shifts")
			}
			return err
		}},
		{"diversions", func() error {
			r, err := c.MeasureDiversions(ctx, from, to)
			if err == nil && r.Total.Encounters != n.encounters {
				err = fmt.Errorf("%d encounters counted, %d loaded", r.Total.Encounters, n.encounters)
			}
			return err
		}},
		{"referrals", func() error {
			r, err := c.MeasureReferrals(ctx, from, to, to)
			if err == nil && r.Referrals == 0 {
				err = fmt.Errorf("no referrals")
			}
			return err
		}},
	}
	for _, m := range measures {
		b.Run(m.name, func(b *testing.B) {
			var worst time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := m.run(); err != nil {
					b.Fatal(err)
				}
				worst = max(worst, time.Since(t0))
			}
			b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
			if worst > 2*time.Second {
				b.Errorf("%s took %v, over the 2 s budget", m.name, worst)
			}
		})
	}
}

type programSize struct {
	encounters, people, shifts, followUps, attempts, referrals int
}

const benchTime = "2006-01-02T15:04:05.000000Z"

func bt(t time.Time) string { return t.UTC().Format(benchTime) }

// loadProgram writes a generated year of activity with COPY: the store's own writes
// would take an hour at this volume, and what is measured here is reading.
func loadProgram(b *testing.B, st *store.Store, from time.Time, encounters int) programSize {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(2026, 6))
	db := st.DB()
	var n programSize

	// Three organizations with a service each, one of them a shelter with an address.
	var svcs []directory.Service
	orgs := []string{}
	for i, name := range []string{"Valley Shelter (bench)", "Crisis Center (bench)", "Food Pantry (bench)"} {
		orgID, svcID := directory.NewID(), directory.NewID()
		lat, lon := 42.10+0.01*float64(i), -72.59
		svcs = append(svcs, directory.Service{ID: svcID, Name: name, Status: "active",
			Organization: &directory.Organization{ID: orgID, Name: name, Description: "Bench."},
			ServiceAtLocations: []directory.ServiceAtLocation{{Location: &directory.Location{ID: directory.NewID(), LocationType: "physical",
				Name: name, Latitude: &lat, Longitude: &lon}}}})
		orgs = append(orgs, orgID)
	}
	recs := make([]directory.Record, len(svcs))
	for i := range svcs {
		directory.NormalizeService(&svcs[i])
		recs[i] = directory.Record{Line: i + 1, Service: &svcs[i]}
	}
	if _, err := st.WriteAll(ctx, recs); err != nil {
		b.Fatal(err)
	}

	copyRows := func(table string, cols []string, fill func(emit func(...any))) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare("COPY " + table + " (" + strings.Join(cols, ", ") + ") FROM STDIN")
		if err != nil {
			b.Fatal(err)
		}
		fill(func(vals ...any) {
			if _, err := stmt.Exec(vals...); err != nil {
				b.Fatalf("%s: %v", table, err)
			}
		})
		if _, err := stmt.Exec(); err != nil {
			b.Fatalf("%s: %v", table, err)
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}

	peers := make([]string, 60)
	copyRows("users", []string{"id", "email", "name", "role", "password_hash", "created_at", "updated_at"}, func(emit func(...any)) {
		for i := range peers {
			peers[i] = directory.NewID()
			emit(peers[i], fmt.Sprintf("peer%d@bench.example", i), fmt.Sprintf("Peer %d", i), "peer", "x", bt(from), bt(from))
		}
	})
	people := make([]string, 80_000)
	copyRows("people", []string{"id", "display_name", "search_name", "created_at", "updated_at"}, func(emit func(...any)) {
		for i := range people {
			people[i] = directory.NewID()
			emit(people[i], fmt.Sprintf("P%d", i), fmt.Sprintf("p%d", i), bt(from), bt(from))
		}
	})
	n.people = len(people)

	// Shifts: each peer works five 8-hour shifts a week, starting at 8, 16 or 0 o'clock.
	type shift struct {
		id, user   string
		start, end time.Time
	}
	var shifts []shift
	for i, p := range peers {
		for d := 0; d < 365; d++ {
			if (d+i)%7 >= 5 {
				continue
			}
			s := from.AddDate(0, 0, d).Add(time.Duration(8*(i%3)) * time.Hour)
			shifts = append(shifts, shift{directory.NewID(), p, s, s.Add(8 * time.Hour)})
		}
	}
	copyRows("shifts", []string{"id", "user_id", "started_at", "ended_at"}, func(emit func(...any)) {
		for _, s := range shifts {
			emit(s.id, s.user, bt(s.start), bt(s.end))
		}
	})
	n.shifts = len(shifts)

	// Addresses: 4,000 that call again and again take 40% of the calls.
	hot := make([][2]float64, 4000)
	for i := range hot {
		hot[i] = [2]float64{42.05 + r.Float64()*0.30, -72.75 + r.Float64()*0.30}
	}
	point := func() (float64, float64) {
		if r.IntN(10) < 4 {
			h := hot[int(math.Abs(r.NormFloat64())*600)%len(hot)]
			return h[0] + r.NormFloat64()*0.0001, h[1] + r.NormFloat64()*0.0001
		}
		return 42.05 + r.Float64()*0.30, -72.75 + r.Float64()*0.30
	}
	type enc struct {
		id, person, shift, user, source, town, disp string
		at                                          time.Time
		lat, lon                                    float64
		ed, arrest                                  bool
	}
	encs := make([]enc, encounters)
	sources := []string{"911_coresponse", "911_coresponse", "911_coresponse", "911_coresponse", "911_coresponse",
		"911_coresponse", "911_coresponse", "direct_to_peer", "direct_to_peer", "walk_in", "walk_in", "follow_up"}
	dispositions := []string{"resolved_on_scene", "resolved_on_scene", "referred", "referred", "ed_transport", "arrest", "other"}
	for i := range encs {
		s := shifts[r.IntN(len(shifts))]
		e := enc{id: directory.NewID(), shift: s.id, user: s.user, source: sources[r.IntN(len(sources))],
			at: s.start.Add(time.Duration(r.Int64N(int64(8 * time.Hour)))), disp: dispositions[r.IntN(len(dispositions))],
			town: []string{"Springfield", "Holyoke", "Chicopee", "Westfield"}[r.IntN(4)]}
		e.lat, e.lon = point()
		if r.IntN(10) < 7 {
			e.person = people[int(math.Abs(r.NormFloat64())*20000)%len(people)]
		}
		e.ed, e.arrest = e.disp != "ed_transport" && r.IntN(3) == 0, e.disp != "arrest" && r.IntN(4) == 0
		encs[i] = e
	}
	n.encounters = len(encs)

	// Follow-ups the next day, with up to three attempts.
	type fu struct {
		id, person, encounter string
		due                   time.Time
		status                string
	}
	var fus []fu
	type attempt struct {
		fu, person string
		at         time.Time
		outcome    string
	}
	var attempts []attempt
	for _, e := range encs {
		if e.person == "" || e.source == "follow_up" {
			continue
		}
		f := fu{id: directory.NewID(), person: e.person, encounter: e.id, due: e.at.Truncate(24 * time.Hour).Add(24 * time.Hour), status: "open"}
		tries := r.IntN(4)
		for k := 0; k < tries; k++ {
			o := []string{"reached", "no_answer", "left_message", "no_answer"}[r.IntN(4)]
			attempts = append(attempts, attempt{f.id, f.person, f.due.Add(time.Duration(k*3+10) * time.Hour), o})
			if o == "reached" {
				f.status = "done"
				break
			}
			if k == 2 {
				f.status = "flagged"
			}
		}
		fus = append(fus, f)
	}
	n.followUps, n.attempts = len(fus), len(attempts)

	// Referrals from 40% of the encounters, along one of six paths.
	needs := []string{"crisis", "housing", "treatment", "food", "benefits"}
	type move struct {
		ref, from, to, reason string
		at                    time.Time
		version               int
	}
	type referral struct {
		id, person, encounter, shift, user, org, svc, need, status, outcome, reason string
		at                                                                          time.Time
		accepted, closed, updated                                                   string
		version                                                                     int
	}
	var refs []referral
	var moves []move
	for _, e := range encs {
		if r.IntN(10) >= 4 {
			continue
		}
		o := r.IntN(len(orgs))
		ref := referral{id: directory.NewID(), person: e.person, encounter: e.id, shift: e.shift, user: e.user, org: orgs[o],
			svc: svcs[o].ID, need: needs[r.IntN(len(needs))], at: e.at.Add(30 * time.Minute)}
		path := [][]string{{"requested"}, {"requested", "accepted"}, {"requested", "accepted", "in-progress", "completed"},
			{"requested", "accepted", "completed"}, {"requested", "rejected"}, {"requested", "accepted", "failed"}}[r.IntN(6)]
		t := ref.at
		for k, st := range path {
			prev := ""
			if k > 0 {
				prev = path[k-1]
				t = t.Add(time.Duration(1+r.IntN(72)) * time.Hour)
			}
			why := ""
			if st == "rejected" || st == "failed" {
				why = []string{"no capacity", "not eligible", "could not reach"}[r.IntN(3)]
				ref.reason = why
			}
			moves = append(moves, move{ref.id, prev, st, why, t, k + 1})
			switch st {
			case "accepted":
				ref.accepted = bt(t)
			case "completed", "rejected", "failed":
				ref.closed = bt(t)
			}
		}
		ref.status, ref.updated, ref.version = path[len(path)-1], bt(t), len(path)
		if ref.status == "completed" {
			ref.outcome = "got-help"
		}
		refs = append(refs, ref)
	}
	n.referrals = len(refs)

	// followed_up_at, as the store's writes would have kept it: the same rule over rows.
	calls := make([]measures.Call, len(encs))
	var contacts []measures.Contact
	for i, e := range encs {
		calls[i] = measures.Call{EncounterID: e.id, PersonID: e.person, At: e.at}
		if e.source == "follow_up" && e.person != "" {
			contacts = append(contacts, measures.Contact{PersonID: e.person, At: e.at})
		}
	}
	for _, a := range attempts {
		contacts = append(contacts, measures.Contact{PersonID: a.person, At: a.at})
	}
	for _, f := range refs {
		contacts = append(contacts, measures.Contact{PersonID: f.person, EncounterID: f.encounter, At: f.at})
	}
	followed := measures.FollowedUpAt(calls, contacts)

	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	copyRows("encounters", []string{"id", "person_id", "occurred_at", "source", "latitude", "longitude", "location_precision", "town",
		"disposition", "ed_diverted", "arrest_diverted", "followed_up_at", "shift_id", "recorded_by", "created_at"}, func(emit func(...any)) {
		for i, e := range encs {
			f := ""
			if !followed[i].IsZero() && e.source != "follow_up" {
				f = bt(followed[i])
			}
			emit(e.id, nullable(e.person), bt(e.at), e.source, e.lat, e.lon, "point", e.town, e.disp, e.ed, e.arrest, f, e.shift, e.user, bt(e.at))
		}
	})
	// The year before has its 911 calls too, for the trend's comparison.
	copyRows("encounters", []string{"id", "occurred_at", "source", "latitude", "longitude", "location_precision", "town",
		"disposition", "recorded_by", "created_at"}, func(emit func(...any)) {
		for range encounters * 6 / 10 {
			at := from.AddDate(-1, 0, 0).Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
			lat, lon := point()
			emit(directory.NewID(), bt(at), "911_coresponse", lat, lon, "point", "Springfield", "resolved_on_scene", peers[0], bt(at))
		}
	})
	copyRows("encounter_responders", []string{"encounter_id", "user_id", "shift_id"}, func(emit func(...any)) {
		for _, e := range encs {
			emit(e.id, e.user, nil) // the recorder: counted through the encounter's own shift
		}
	})
	copyRows("follow_ups", []string{"id", "person_id", "encounter_id", "assignee_id", "due_at", "status", "created_at"}, func(emit func(...any)) {
		for i, f := range fus {
			emit(f.id, f.person, f.encounter, peers[i%len(peers)], bt(f.due), f.status, bt(f.due))
		}
	})
	copyRows("follow_up_attempts", []string{"id", "follow_up_id", "person_id", "at", "channel", "outcome", "by_user", "shift_id"}, func(emit func(...any)) {
		for i, a := range attempts {
			s := shifts[(i*7919)%len(shifts)]
			emit(directory.NewID(), a.fu, a.person, bt(a.at), "phone", a.outcome, s.user, s.id)
		}
	})
	copyRows("referrals", []string{"id", "person_id", "encounter_id", "service_id", "organization_id", "need", "level_of_care", "mode",
		"status", "outcome", "status_reason", "shift_id", "created_by", "created_at", "requested_at", "accepted_at", "closed_at",
		"updated_at", "version"}, func(emit func(...any)) {
		for _, f := range refs {
			emit(f.id, nullable(f.person), f.encounter, f.svc, f.org, f.need, "crisis_stabilization", "logged", f.status, f.outcome,
				f.reason, f.shift, f.user, bt(f.at), bt(f.at), f.accepted, f.closed, f.updated, f.version)
		}
	})
	copyRows("referral_transitions", []string{"referral_id", "version", "from_status", "to_status", "reason", "by_user", "at"}, func(emit func(...any)) {
		for _, m := range moves {
			emit(m.ref, m.version, m.from, m.to, m.reason, "bench", bt(m.at))
		}
	})
	if _, err := db.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return n
}
