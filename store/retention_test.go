package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures"
	"handoff/directory"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// retentionWorld is two months of generated program activity (August and September
// 2026) on the demo directory, plus hand-made records that test the edges: a person
// called twice from one building (once in each month), a person merged into another
// across the cutoff, a rejected referral with a reason, a revoked consent and a person
// with nothing after August.
type retentionWorld struct {
	f                *careFixture
	from, cut, to    time.Time
	asOf             time.Time
	gone             string // a person with records only before the cutoff
	keptPerson       string // a person with records on both sides
	survivor, merged string
}

func newRetentionWorld(t *testing.T, st *store.Store) *retentionWorld {
	t.Helper()
	ctx := context.Background()
	if _, err := seed.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	f := newCareFixture(t, st)
	zone := f.zone
	w := &retentionWorld{f: f, from: time.Date(2026, 8, 1, 0, 0, 0, 0, zone), cut: time.Date(2026, 9, 1, 0, 0, 0, 0, zone),
		to: time.Date(2026, 10, 1, 0, 0, 0, 0, zone), asOf: time.Date(2026, 10, 15, 0, 0, 0, 0, zone)}
	if _, err := seed.GenerateActivity(ctx, st, testSealer(t), seed.ActivityOptions{Peers: []string{f.peer, f.peer2},
		Clinicians: []string{f.clinician}, From: w.from, To: w.to, Seed: 18, Zone: zone}); err != nil {
		t.Fatal(err)
	}
	aug, sep := time.Date(2026, 8, 20, 22, 0, 0, 0, zone), time.Date(2026, 9, 3, 23, 0, 0, 0, zone)
	// One building, two units, one person, on both sides of the cutoff.
	w.keptPerson = f.person(t, "Dee")
	for i, at := range []time.Time{aug, aug.Add(time.Hour), sep} {
		f.encounter(t, care.Encounter{PersonID: w.keptPerson, OccurredAt: at, StreetAddress: []string{"12 Main St Apt 3", "12 Main Street #3B", "12 Main St Unit 5"}[i],
			Address: "Holyoke", Notes: "a sealed note", EDDiverted: true})
	}
	// A merge across the cutoff: the old call is the merged record's, the new one the
	// survivor's, at one spot.
	w.survivor, w.merged = f.person(t, "Fay"), f.person(t, "Eve")
	lat, lon := holyoke(3000, 0)
	f.encounter(t, care.Encounter{PersonID: w.merged, OccurredAt: aug, Lat: lat, Lon: lon})
	f.encounter(t, care.Encounter{PersonID: w.survivor, OccurredAt: sep, Lat: lat, Lon: lon})
	if err := f.c.MergePeople(ctx, w.survivor, w.merged, f.peer, aug.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Someone with only August: a call, a rejected referral with a reason, a consent
	// revoked in August.
	w.gone = f.person(t, "Gil")
	e, _ := f.encounter(t, care.Encounter{PersonID: w.gone, OccurredAt: aug, Lat: lat, Lon: lon})
	k := f.consent(t, w.gone, nil, true, time.Now().AddDate(1, 0, 0))
	if _, err := f.c.RevokeConsent(ctx, w.gone, k.ID, f.peer, aug.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	r, err := f.referral(t, care.Referral{PersonID: w.gone, EncounterID: e.ID, ServiceID: f.shelter, Need: "housing", Mode: care.ModeLogged,
		CreatedAt: aug.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.TransitionReferral(ctx, r.ID, store.ReferralMove{To: care.StatusRejected, Reason: "No beds tonight", By: f.peer, At: aug.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// The consent's revocation is dated by the call; its row's times are what the purge
	// reads.
	if _, err := st.DB().Exec(`UPDATE consents SET given_at = $2, created_at = $2 WHERE id = $1`, k.ID, aug.UTC().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		t.Fatal(err)
	}
	// People are made "now"; those of the world are as old as their first call.
	if _, err := st.DB().Exec(`UPDATE people SET created_at = $1, updated_at = $1`, w.from.UTC().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		t.Fatal(err)
	}
	return w
}

// measuresJSON answers every measure for a range as JSON, with the ids of stalled
// referrals left out (a purged referral is listed under a new id: its old one is gone).
func (w *retentionWorld) measuresJSON(t *testing.T, from, to time.Time) map[string]string {
	t.Helper()
	ctx := context.Background()
	c := w.f.c
	out := map[string]string{}
	put := func(name string, v any, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	rr, err := c.MeasureRepeatLocations(ctx, measures.RepeatQuery{From: from, To: to})
	put("repeat-locations", rr, err)
	r1, err := c.MeasureRepeatLocations(ctx, measures.RepeatQuery{From: from, To: to, MinCalls: 1, DiameterM: 150})
	put("repeat-locations-1", r1, err)
	sh, err := c.MeasureInteractionsPerShift(ctx, from, to, "")
	put("interactions-per-shift", sh, err)
	dv, err := c.MeasureDiversions(ctx, from, to)
	put("diversions", dv, err)
	rf, err := c.MeasureReferrals(ctx, from, to, w.asOf)
	for i := range rf.StalledReferrals {
		rf.StalledReferrals[i].ID = ""
	}
	put("referrals", rf, err)
	fn, err := c.MeasureReferralFunnel(ctx, from, to)
	put("referral-funnel", fn, err)
	rc, err := c.MeasureFollowUpReach(ctx, from, to, w.asOf)
	put("follow-ups", rc, err)
	return out
}

// ids lists one column of a table under a condition.
func ids(t *testing.T, st *store.Store, q string, args ...any) map[string]bool {
	t.Helper()
	rows, err := st.DB().Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id] = true
	}
	return out
}

// recordSets are the ids of each kind on each side of the cutoff.
type recordSets map[string]map[string]bool

func (w *retentionWorld) sets(t *testing.T, st *store.Store) recordSets {
	cut := w.cut.UTC().Format("2006-01-02T15:04:05.000000Z")
	return recordSets{
		"old encounters":  ids(t, st, `SELECT id FROM encounters WHERE occurred_at < $1`, cut),
		"new encounters":  ids(t, st, `SELECT id FROM encounters WHERE occurred_at >= $1`, cut),
		"old follow-ups":  ids(t, st, `SELECT f.id FROM follow_ups f JOIN encounters e ON e.id = f.encounter_id WHERE e.occurred_at < $1`, cut),
		"new follow-ups":  ids(t, st, `SELECT f.id FROM follow_ups f JOIN encounters e ON e.id = f.encounter_id WHERE e.occurred_at >= $1`, cut),
		"old attempts":    ids(t, st, `SELECT a.id FROM follow_up_attempts a JOIN follow_ups f ON f.id = a.follow_up_id JOIN encounters e ON e.id = f.encounter_id WHERE e.occurred_at < $1`, cut),
		"new referrals":   ids(t, st, `SELECT id FROM referrals WHERE updated_at >= $1`, cut),
		"old referrals":   ids(t, st, `SELECT id FROM referrals WHERE updated_at < $1`, cut),
		"ended consents":  ids(t, st, `SELECT id FROM consents WHERE (revoked_at <> '' AND revoked_at < $1) OR expires_at < $1`, cut),
		"live consents":   ids(t, st, `SELECT id FROM consents WHERE NOT ((revoked_at <> '' AND revoked_at < $1) OR expires_at < $1)`, cut),
		"all people":      ids(t, st, `SELECT id FROM people`),
		"new attempts":    ids(t, st, `SELECT a.id FROM follow_up_attempts a JOIN follow_ups f ON f.id = a.follow_up_id JOIN encounters e ON e.id = f.encounter_id WHERE e.occurred_at >= $1`, cut),
		"old notes":       ids(t, st, `SELECT id FROM encounters WHERE occurred_at < $1 AND notes <> ''`, cut),
		"new sealed note": ids(t, st, `SELECT id FROM encounters WHERE occurred_at >= $1 AND notes <> ''`, cut),
	}
}

func (w *retentionWorld) cutoffs() store.PurgeCutoffs {
	return store.PurgeCutoffs{Encounters: w.cut, Referrals: w.cut, Notes: w.cut, Consents: w.cut}
}

// TestPurgeKeepsTheMeasures is issue 18's acceptance point 2 on each database: a purge
// with a short retention (a month before the data's end) removes exactly the records
// past it and none newer, leaves every measure of the purged period (and of a range
// across the cutoff) exactly as it was, and audits itself without the purged data; a
// dry run before it says the same counts and changes nothing.
func TestPurgeKeepsTheMeasures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRetentionWorld(t, st)
		before := w.sets(t, st)
		for _, k := range []string{"old encounters", "new encounters", "old follow-ups", "old attempts", "old referrals", "new referrals", "ended consents", "old notes"} {
			if len(before[k]) == 0 {
				t.Fatalf("the world has no %s", k)
			}
		}
		purged := w.measuresJSON(t, w.from, w.cut)
		across := w.measuresJSON(t, w.from, w.to)

		// Dry run: the counts, and not one row changed.
		snap, err := st.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		dry, err := st.Purge(ctx, testSealer(t), store.PurgeOptions{Cutoffs: w.cutoffs(), DryRun: true, BatchSize: 40})
		if err != nil {
			t.Fatal(err)
		}
		after, err := st.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for table, n := range snap.Tables {
			if after.Tables[table] != n {
				t.Errorf("dry run changed %s: %d rows, then %d", table, n, after.Tables[table])
			}
		}
		if dry.Encounters != len(before["old encounters"]) || dry.Referrals != len(before["old referrals"]) ||
			dry.FollowUps != len(before["old follow-ups"]) || dry.Consents != len(before["ended consents"]) || dry.People == 0 {
			t.Errorf("dry run says %+v; the world has %d old encounters, %d old follow-ups, %d old referrals, %d ended consents",
				dry, len(before["old encounters"]), len(before["old follow-ups"]), len(before["old referrals"]), len(before["ended consents"]))
		}

		got, err := st.Purge(ctx, testSealer(t), store.PurgeOptions{Cutoffs: w.cutoffs(), BatchSize: 40,
			Audit: store.AuditEntry{Role: "system", Detail: "by=test"}})
		if err != nil {
			t.Fatal(err)
		}
		if got != dry {
			t.Errorf("purge removed %+v, the dry run said %+v", got, dry)
		}
		t.Logf("purged %s", got)
		afterSets := w.sets(t, st)
		for _, k := range []string{"old encounters", "old follow-ups", "old attempts", "old referrals", "ended consents", "old notes"} {
			if len(afterSets[k]) != 0 {
				t.Errorf("%d %s left after the purge", len(afterSets[k]), k)
			}
		}
		for _, k := range []string{"new encounters", "new follow-ups", "new attempts", "new referrals", "live consents", "new sealed note"} {
			if len(afterSets[k]) != len(before[k]) {
				t.Errorf("%s: %d before, %d after: the purge took newer records", k, len(before[k]), len(afterSets[k]))
			}
			for id := range before[k] {
				if !afterSets[k][id] {
					t.Errorf("%s: %s is gone", k, id)
				}
			}
		}
		if afterSets["all people"][w.gone] || !afterSets["all people"][w.keptPerson] || !afterSets["all people"][w.survivor] {
			t.Errorf("people after: gone %v, kept %v, survivor %v", afterSets["all people"][w.gone], afterSets["all people"][w.keptPerson],
				afterSets["all people"][w.survivor])
		}
		if len(before["all people"])-len(afterSets["all people"]) != got.People {
			t.Errorf("%d people gone, the purge says %d", len(before["all people"])-len(afterSets["all people"]), got.People)
		}
		// The measures, of the purged month and across the cutoff, are what they were.
		for name, b := range purged {
			if a := w.measuresJSON(t, w.from, w.cut)[name]; a != b {
				t.Errorf("%s of the purged period changed:\nbefore %s\nafter  %s", name, b, a)
			}
		}
		for name, b := range across {
			if a := w.measuresJSON(t, w.from, w.to)[name]; a != b {
				t.Errorf("%s across the cutoff changed:\nbefore %s\nafter  %s", name, b, a)
			}
		}
		if !strings.Contains(purged["repeat-locations"], `"address":"12 MAIN ST"`) {
			t.Errorf("the building of the repeat place is not shown: %s", purged["repeat-locations"])
		}
		if !strings.Contains(purged["referrals"], "no beds tonight") {
			t.Errorf("the rejection reason is not counted: %s", purged["referrals"])
		}
		// Audited: one row per batch with the counts, never an id or a person's data.
		rows, _, err := st.AuditEntries(ctx, store.AuditFilter{Action: "purge"}, store.Page{Number: 1, PerPage: 500})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, r := range rows {
			if r.RecordID != "" || strings.Contains(r.Detail, w.gone) || strings.Contains(r.Detail, "Main") || !strings.Contains(r.Detail, "by=test") {
				t.Errorf("purge audit row says too much or too little: %+v", r)
			}
			if r.RecordType == "encounter" {
				sum += countIn(r.Detail, "encounters=")
			}
		}
		if len(rows) == 0 || sum != got.Encounters {
			t.Errorf("%d purge audit rows counting %d encounters, want %d", len(rows), sum, got.Encounters)
		}
		// Purged, the person's record is gone from every read.
		if _, err := w.f.c.Person(ctx, w.gone); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the purged person still reads: %v", err)
		}
		// A key rotation seals what the purge kept again, like every other sealed value:
		// under the new key alone the measures read the same.
		oldKey := bytes.Repeat([]byte{7}, care.KeySize)
		newKey := bytes.Repeat([]byte{9}, care.KeySize)
		both, err := care.NewSealer(newKey, oldKey)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := st.Rekey(ctx, both, store.RekeyOptions{}); err != nil || len(p.Problems) > 0 {
			t.Fatalf("rekey: %+v %v", p, err)
		}
		only, err := care.NewSealer(newKey)
		if err != nil {
			t.Fatal(err)
		}
		// The kept calls' address keys are the new key's, as a rotation makes the
		// encounters' (care_rekey_address.go).
		var kept []struct{ Key, Town, Address string }
		rows2, err := st.DB().Query(`SELECT e.address_key, e.town, a.address FROM purged_encounters e
			JOIN purged_addresses a ON a.address_key = e.address_key`)
		if err != nil {
			t.Fatal(err)
		}
		for rows2.Next() {
			var k struct{ Key, Town, Address string }
			if err := rows2.Scan(&k.Key, &k.Town, &k.Address); err != nil {
				t.Fatal(err)
			}
			kept = append(kept, k)
		}
		rows2.Close()
		if len(kept) == 0 {
			t.Fatal("no kept call with an address")
		}
		for _, k := range kept {
			addr, err := only.Open(k.Address, "purged_address/"+k.Key+"/address")
			if err != nil || only.AddressKey(addr, k.Town) != k.Key {
				t.Errorf("kept address %q (%v): key %s, the new key's %s", addr, err, k.Key, only.AddressKey(addr, k.Town))
			}
		}
		w.f.c = st.Care(only)
		for name, b := range purged {
			if a := w.measuresJSON(t, w.from, w.cut)[name]; a != b {
				t.Errorf("%s after a key rotation:\nbefore %s\nafter  %s", name, b, a)
			}
		}
		// A second purge finds nothing.
		again, err := st.Purge(ctx, only, store.PurgeOptions{Cutoffs: w.cutoffs()})
		if err != nil || again != (store.PurgeCounts{}) {
			t.Errorf("a second purge: %+v, %v", again, err)
		}
	})
}

// countIn reads the number after key in an audit detail.
func countIn(detail, key string) int {
	i := strings.Index(detail, key)
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range detail[i+len(key):] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// TestPurgeStoppedHalfWay cancels a purge after its first batches: what is done is
// whole (the measures are still the same), nothing is half-deleted, and a second run
// finishes the work.
func TestPurgeStoppedHalfWay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newRetentionWorld(t, st)
		before := w.measuresJSON(t, w.from, w.to)
		oldEncounters := len(w.sets(t, st)["old encounters"])
		ctx, cancel := context.WithCancel(context.Background())
		batches := 0
		_, err := st.Purge(ctx, testSealer(t), store.PurgeOptions{Cutoffs: w.cutoffs(), BatchSize: 10, OnBatch: func(store.PurgeCounts) {
			if batches++; batches == 3 {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("a cancelled purge: %v", err)
		}
		left := len(w.sets(t, st)["old encounters"])
		if left != oldEncounters-30 {
			t.Errorf("%d old encounters left after three batches of ten, from %d", left, oldEncounters)
		}
		// No follow-up, attempt or responder of a purged call is left behind.
		var orphans int
		if err := st.DB().QueryRow(`SELECT
			(SELECT count(*) FROM follow_ups WHERE encounter_id IS NOT NULL AND encounter_id NOT IN (SELECT id FROM encounters)) +
			(SELECT count(*) FROM follow_up_attempts WHERE follow_up_id NOT IN (SELECT id FROM follow_ups)) +
			(SELECT count(*) FROM encounter_responders WHERE encounter_id NOT IN (SELECT id FROM encounters))`).Scan(&orphans); err != nil {
			t.Fatal(err)
		}
		if orphans != 0 {
			t.Errorf("%d rows left hanging off purged encounters", orphans)
		}
		for name, b := range before {
			if a := w.measuresJSON(t, w.from, w.to)[name]; a != b {
				t.Errorf("%s changed by a stopped purge:\nbefore %s\nafter  %s", name, b, a)
			}
		}
		if _, err := st.Purge(context.Background(), testSealer(t), store.PurgeOptions{Cutoffs: w.cutoffs()}); err != nil {
			t.Fatal(err)
		}
		if left := len(w.sets(t, st)["old encounters"]); left != 0 {
			t.Errorf("the second run left %d old encounters", left)
		}
		for name, b := range before {
			if a := w.measuresJSON(t, w.from, w.to)[name]; a != b {
				t.Errorf("%s changed by the resumed purge:\nbefore %s\nafter  %s", name, b, a)
			}
		}
	})
}

// TestErasePerson erases one person's record on request: every record of theirs (and of
// the record merged into them) is gone, others' records stay, the measures are the same,
// and one audit row gives the counts.
func TestErasePerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRetentionWorld(t, st)
		// A referral of the person's, made now (outside the measured period).
		r, err := w.f.referral(t, care.Referral{PersonID: w.survivor, ServiceID: w.f.livingRoom, Mode: care.ModeLogged})
		if err != nil {
			t.Fatal(err)
		}
		ref := r.ID
		before := w.measuresJSON(t, w.from, w.to)
		encountersBefore := len(ids(t, st, `SELECT id FROM encounters`))
		mine := len(ids(t, st, `SELECT id FROM encounters WHERE person_id IN ($1, $2)`, w.survivor, w.merged))
		if _, err := st.ErasePerson(ctx, testSealer(t), w.merged, store.AuditEntry{UserID: "admin-1", Role: "admin"}, false); !errors.Is(err, store.ErrMerged) {
			t.Errorf("erasing a merged record: %v, want ErrMerged", err)
		}
		if _, err := st.ErasePerson(ctx, testSealer(t), directory.NewID(), store.AuditEntry{}, false); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("erasing no one: %v, want ErrNotFound", err)
		}
		preview, err := st.ErasePerson(ctx, testSealer(t), w.survivor, store.AuditEntry{UserID: "admin-1", Role: "admin", Action: "erase-preview"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(ids(t, st, `SELECT id FROM encounters`)); n != encountersBefore || len(ids(t, st, `SELECT id FROM people WHERE id = $1`, w.survivor)) != 1 {
			t.Fatalf("a preview erased: %d encounters of %d left", n, encountersBefore)
		}
		// What the outbox keeps of the person's referrals: an event, a text's delivery that
		// names the person, its attempt, and the maker's in-app notice of the answer.
		for i, q := range []string{
			`INSERT INTO outbox_events (id, kind, subject_id, created_at) VALUES ('ev-erase', 'referral.sent', $1, '2026-01-01T00:00:00Z')`,
			`INSERT INTO outbox_deliveries (id, event_id, channel, receiver, next_at, created_at) VALUES ('dl-erase', 'ev-erase', 'sms', $1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
			`INSERT INTO outbox_attempts (id, delivery_id, at, ok) VALUES ('at-erase', 'dl-erase', '2026-01-01T00:00:00Z', FALSE)`,
			`INSERT INTO user_notices (id, user_id, event_id, kind, referral_id, text, created_at) VALUES ('un-erase', $1, 'ev-erase', 'referral.accepted', $2, 'accepted', '2026-01-01T00:00:00Z')`,
		} {
			args := [][]any{{ref}, {"person:" + w.survivor}, nil, {w.f.peer, ref}}[i]
			if _, err := st.DB().ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.ErasePerson(ctx, testSealer(t), w.survivor, store.AuditEntry{UserID: "admin-1", Role: "admin"}, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`SELECT id FROM outbox_events WHERE id = 'ev-erase'`, `SELECT id FROM outbox_deliveries WHERE id = 'dl-erase'`,
			`SELECT id FROM outbox_attempts WHERE id = 'at-erase'`, `SELECT id FROM user_notices WHERE id = 'un-erase'`} {
			if left := ids(t, st, q); len(left) != 0 {
				t.Errorf("%s: the outbox kept it after the erasure", q)
			}
		}
		if got != preview {
			t.Errorf("erased %+v, the preview said %+v", got, preview)
		}
		if got.Encounters != mine || got.People != 2 {
			t.Errorf("erased %+v, want %d encounters and 2 people", got, mine)
		}
		for _, q := range []string{`SELECT id FROM people WHERE id IN ($1, $2)`, `SELECT id FROM encounters WHERE person_id IN ($1, $2)`,
			`SELECT id FROM follow_ups WHERE person_id IN ($1, $2)`, `SELECT id FROM referrals WHERE person_id IN ($1, $2)`,
			`SELECT id FROM consents WHERE person_id IN ($1, $2)`, `SELECT id FROM follow_up_attempts WHERE person_id IN ($1, $2)`} {
			if left := ids(t, st, q, w.survivor, w.merged); len(left) != 0 {
				t.Errorf("%s: %d left", q, len(left))
			}
		}
		if n := len(ids(t, st, `SELECT id FROM encounters`)); n != encountersBefore-mine {
			t.Errorf("%d encounters after, want %d", n, encountersBefore-mine)
		}
		for name, b := range before {
			if a := w.measuresJSON(t, w.from, w.to)[name]; a != b {
				t.Errorf("%s changed by an erasure:\nbefore %s\nafter  %s", name, b, a)
			}
		}
		rows, _, err := st.AuditEntries(ctx, store.AuditFilter{Action: "erase"}, store.Page{Number: 1, PerPage: 10})
		if err != nil || len(rows) != 1 || rows[0].RecordID != w.survivor || rows[0].UserID != "admin-1" ||
			!strings.Contains(rows[0].Detail, "people=2") {
			t.Errorf("erase audit rows: %+v, %v", rows, err)
		}
	})
}

// TestPurgeAuditKeepsTheChainVerifiable purges old audit rows: verification starts from
// the anchor and holds, still finds a row changed after it, and the database refuses to
// delete rows past the anchor.
func TestPurgeAuditKeepsTheChainVerifiable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		old := time.Now().AddDate(-8, 0, 0)
		for i := range 12 {
			if err := st.AppendAudit(ctx, store.AuditEntry{At: old.Add(time.Duration(i) * time.Hour), Role: "admin", Action: "read",
				RecordType: "person", RecordID: "old", Allowed: true}); err != nil {
				t.Fatal(err)
			}
		}
		appendSome(t, st, 6, "new")
		cut := time.Now().AddDate(-7, 0, 0)
		dry, err := st.Purge(ctx, nil, store.PurgeOptions{Cutoffs: store.PurgeCutoffs{Audit: cut}, DryRun: true})
		if err != nil || dry.AuditRows != 12 {
			t.Fatalf("dry run: %+v, %v; want 12 audit rows", dry, err)
		}
		got, err := st.Purge(ctx, nil, store.PurgeOptions{Cutoffs: store.PurgeCutoffs{Audit: cut}, Audit: store.AuditEntry{Role: "system"}})
		if err != nil || got.AuditRows != 12 {
			t.Fatalf("purge: %+v, %v; want 12 audit rows", got, err)
		}
		c, brk := mustVerify(t, st)
		if brk != nil || c.Anchor == nil || c.Rows != 7 {
			t.Fatalf("after the purge: %d rows, anchor %+v, break %+v; want 7 rows (6 and the purge's) from an anchor", c.Rows, c.Anchor, brk)
		}
		var left int
		st.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE record_id = 'old'`).Scan(&left)
		if left != 0 {
			t.Errorf("%d old rows left", left)
		}
		// The anchor gives leave to delete rows up to it only.
		if _, err := st.DB().Exec(`DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)`); err == nil {
			t.Error("the database let a row after the anchor be deleted")
		}
		seq, at := seqOf(t, st, 2)
		behindItsBack(t, st, `UPDATE audit_log SET record_id = 'someone-else' WHERE seq = $1`, seq)
		if _, brk := mustVerify(t, st); brk == nil || brk.Seq != seq || brk.At != at {
			t.Fatalf("changed row %d after a purge: break %+v", seq, brk)
		}
	})
}
