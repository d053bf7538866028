package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"handoff/care"
	"handoff/store"
	"handoff/store/storetest"
)

// sealedSet is what a test wrote into every sealed column, to read back after a rotation.
type sealedSet struct {
	encounters map[string][2]string // id → notes, no-follow-up reason
	referrals  map[string][2]string // id → note, status reason (also the move's reason)
	attempts   map[string]string    // follow-up id → its attempt's note
}

func newSealedSet() *sealedSet {
	return &sealedSet{encounters: map[string][2]string{}, referrals: map[string][2]string{}, attempts: map[string]string{}}
}

// writeEverySealed writes one value into every sealed column through c, for person, and
// records them. It returns its error, for it also runs in a writer's goroutine.
func writeEverySealed(f *careFixture, c *store.CareStore, set *sealedSet, mu *sync.Mutex, person, tag string) error {
	ctx := context.Background()
	e := care.Encounter{PersonID: person, OccurredAt: time.Now().Add(-time.Hour), Source: care.SourceCoResponse,
		Disposition: care.DispositionResolved, RecordedBy: f.peer, Notes: "notes " + tag, StreetAddress: "12 Main St " + tag}
	care.NormalizeEncounter(&e)
	if err := care.ValidateEncounter(&e, time.Now()); err != nil {
		return err
	}
	fu, err := c.CreateEncounter(ctx, &e)
	if err != nil {
		return err
	}
	e2 := care.Encounter{PersonID: person, OccurredAt: time.Now().Add(-time.Hour), Source: care.SourceWalkIn,
		Disposition: care.DispositionOther, NoFollowUpReason: "no follow-up " + tag}
	if _, err := c.CreateEncounter(ctx, &e2); err != nil {
		return err
	}
	ref := care.Referral{PersonID: person, ServiceID: f.livingRoom, Need: "crisis", Mode: care.ModeLive, Note: "referral " + tag, CreatedBy: f.peer}
	care.NormalizeReferral(&ref)
	if err := care.ValidateReferral(&ref); err != nil {
		return err
	}
	if err := c.CreateReferral(ctx, &ref); err != nil {
		return err
	}
	if _, err := c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: care.StatusAccepted, Reason: "reason " + tag, By: f.peer}); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	set.encounters[e.ID] = [2]string{"notes " + tag, ""}
	set.encounters[e2.ID] = [2]string{"", "no follow-up " + tag}
	set.referrals[ref.ID] = [2]string{"referral " + tag, "reason " + tag}
	if fu != nil {
		if _, err := c.AddAttempt(ctx, fu.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptNoAnswer, By: f.peer, Note: "attempt " + tag}); err != nil {
			return err
		}
		set.attempts[fu.ID] = "attempt " + tag
	}
	return nil
}

// readEverySealed reads back every value written, through c, and fails on any difference.
func readEverySealed(t *testing.T, c *store.CareStore, set *sealedSet) {
	t.Helper()
	ctx := context.Background()
	for id, want := range set.encounters {
		e, err := c.Encounter(ctx, id)
		if err != nil || e.Notes != want[0] || e.NoFollowUpReason != want[1] {
			t.Errorf("encounter %s: %q %q, %v; want %q", id, e.Notes, e.NoFollowUpReason, err, want)
		}
	}
	for id, want := range set.referrals {
		r, err := c.Referral(ctx, id)
		if err != nil || r.Note != want[0] || r.StatusReason != want[1] || r.History[len(r.History)-1].Reason != want[1] {
			t.Errorf("referral %s: %q %q, %v; want %q", id, r.Note, r.StatusReason, err, want)
		}
	}
	for id, want := range set.attempts {
		fu, err := c.FollowUp(ctx, id)
		if err != nil || len(fu.Attempts) == 0 || fu.Attempts[0].Note != want {
			t.Errorf("follow-up %s: %+v, %v; want %q", id, fu.Attempts, err, want)
		}
	}
}

func sealerOf(t *testing.T, keys ...[]byte) *care.Sealer {
	t.Helper()
	s, err := care.NewSealer(keys[0], keys[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// countsByKey sums SealedCounts by key, and checks every sealed column has some value.
func countsByKey(t *testing.T, st *store.Store) map[string]int {
	t.Helper()
	counts, err := st.SealedCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	by, cols := map[string]int{}, map[string]bool{}
	for _, c := range counts {
		by[c.Key] += c.N
		cols[c.Column] = true
	}
	for _, col := range store.SealedColumns() {
		if !cols[col] {
			t.Errorf("no value in %s: the test does not cover it", col)
		}
	}
	return by
}

// TestRekey: values sealed under key A in every sealed column are re-sealed under B by a
// rotation stopped half-way and run again, with a writer at work throughout; at the end
// every value opens under B alone, nothing is under A, and a value under a key the
// rotation does not have is reported, not skipped in silence.
func TestRekey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		keyA, keyB, keyC := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32), bytes.Repeat([]byte{3}, 32)
		fpA, fpB, fpC := care.Fingerprint(keyA), care.Fingerprint(keyB), care.Fingerprint(keyC)
		f := newCareFixture(t, st)
		// The living room's organization wants mail of sent referrals, so each live
		// referral's notice keeps its agency link sealed in the outbox until it is sent.
		if _, err := st.DB().ExecContext(ctx, `INSERT INTO notice_addresses (id, organization_id, channel, address, events, created_at)
			VALUES ('na-rekey', $1, 'email', 'intake@example.org', 'referral.sent', '2026-01-01T00:00:00Z')`, f.orgA); err != nil {
			t.Fatal(err)
		}
		underA, during := st.Care(sealerOf(t, keyA)), st.Care(sealerOf(t, keyB, keyA))
		set, mu := newSealedSet(), &sync.Mutex{}
		person := f.person(t, "R.")
		f.consent(t, person, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))
		for i := range 8 {
			if err := writeEverySealed(f, underA, set, mu, person, fmt.Sprintf("A%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		// What an erasure keeps for the measures is sealed too (retention.go).
		gone := f.person(t, "S.")
		f.consent(t, gone, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))
		if err := writeEverySealed(f, underA, newSealedSet(), mu, gone, "erased"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ErasePerson(ctx, sealerOf(t, keyA), gone, store.AuditEntry{}, false); err != nil {
			t.Fatal(err)
		}
		// One note under a key nobody has any more.
		stray := care.Encounter{OccurredAt: time.Now(), Source: care.SourceWalkIn, Disposition: care.DispositionOther, Notes: "lost"}
		if _, err := st.Care(sealerOf(t, keyC)).CreateEncounter(ctx, &stray); err != nil {
			t.Fatal(err)
		}
		before := countsByKey(t, st)
		if before[fpA] == 0 || before[fpB] != 0 || before[fpC] != 1 {
			t.Fatalf("before: %v", before)
		}

		// The rotation is killed after three batches.
		rotating := sealerOf(t, keyB, keyA)
		killed, cancel := context.WithCancel(ctx)
		p, err := st.Rekey(killed, rotating, store.RekeyOptions{BatchSize: 3, OnBatch: func(p store.RekeyProgress) {
			if p.Batches == 3 {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) || p.Batches != 3 {
			t.Fatalf("killed: %+v, %v", p, err)
		}
		half := countsByKey(t, st)
		if half[fpA] == 0 || half[fpB] == 0 || half[fpA]+half[fpB] != before[fpA] {
			t.Fatalf("half-way: %v (before %v)", half, before)
		}

		// It runs again while a writer (sealing under B, as serve does once it has
		// reloaded the key file) writes new values and moves old referrals on, and
		// between the batches too.
		var wg sync.WaitGroup
		var werr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				if werr = writeEverySealed(f, during, set, mu, person, fmt.Sprintf("W%d", i)); werr != nil {
					return
				}
			}
		}()
		batches := 0
		var berr error
		p, err = st.Rekey(ctx, rotating, store.RekeyOptions{BatchSize: 3, OnBatch: func(store.RekeyProgress) {
			batches++
			if batches%4 == 0 && berr == nil {
				berr = writeEverySealed(f, during, set, mu, person, fmt.Sprintf("B%d", batches))
			}
		}})
		wg.Wait()
		if err != nil || werr != nil || berr != nil {
			t.Fatal(err, werr, berr)
		}
		if len(p.Problems) != 1 || p.Problems[0].Column != "encounters.notes" || p.Problems[0].Key != stray.ID || !errors.Is(p.Problems[0].Err, care.ErrWrongKey) {
			t.Errorf("problems: %v", p.Problems)
		}
		after := countsByKey(t, st)
		if after[fpA] != 0 || after[fpC] != 1 || after[store.KeyDamaged] != 0 {
			t.Errorf("after: %v", after)
		}
		// Every value opens under B alone, and none under A alone.
		onlyB := sealerOf(t, keyB)
		readEverySealed(t, st.Care(onlyB), set)
		opened, problems, err := st.VerifySealed(ctx, onlyB)
		if err != nil || len(problems) != 1 || problems[0].Key != stray.ID || opened != after[fpB] {
			t.Errorf("verify under B: %d opened, %v, %v; counts %v", opened, problems, err, after)
		}
		if opened, _, _ := st.VerifySealed(ctx, sealerOf(t, keyA)); opened != 0 {
			t.Errorf("%d values still open under A", opened)
		}
		// A run with nothing left to do does nothing.
		if p, err := st.Rekey(ctx, rotating, store.RekeyOptions{}); err != nil || p.Resealed != 0 || p.Raced != 0 {
			t.Errorf("again: %+v, %v", p, err)
		}
	})
}

// TestRekeyAddressKeys: calls at one building recorded before and after `key use` get
// different address keys (one place split in two) until the rotation recomputes them;
// after it, every call there has the key the new data key gives, and a run again does
// nothing.
func TestRekeyAddressKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		keyA, keyB := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
		f := newCareFixture(t, st)
		person := f.person(t, "R.")
		record := func(c *store.CareStore, street string) string {
			e := care.Encounter{PersonID: person, OccurredAt: time.Now().Add(-time.Hour), Source: care.SourceWalkIn,
				Disposition: care.DispositionResolved, RecordedBy: f.peer, StreetAddress: street, Town: "Holyoke"}
			care.NormalizeEncounter(&e)
			if _, err := c.CreateEncounter(ctx, &e); err != nil {
				t.Fatal(err)
			}
			return e.ID
		}
		ids := []string{record(st.Care(sealerOf(t, keyA)), "12 Main St Apt 3"), record(st.Care(sealerOf(t, keyA)), "12 Main St #3B"),
			record(st.Care(sealerOf(t, keyB, keyA)), "12 Main Street, Unit 3")}
		keys := func() map[string]int {
			out := map[string]int{}
			for _, id := range ids {
				var k string
				if err := st.DB().QueryRowContext(ctx, `SELECT address_key FROM encounters WHERE id = $1`, id).Scan(&k); err != nil {
					t.Fatal(err)
				}
				out[k]++
			}
			return out
		}
		if k := keys(); len(k) != 2 {
			t.Fatalf("before the rotation: want the building split in two keys, got %v", k)
		}
		p, err := st.Rekey(ctx, sealerOf(t, keyB, keyA), store.RekeyOptions{BatchSize: 2})
		if err != nil || len(p.Problems) != 0 {
			t.Fatalf("rekey: %+v, %v", p, err)
		}
		want := sealerOf(t, keyB).AddressKey("12 Main St", "Holyoke")
		if k := keys(); len(k) != 1 || k[want] != 3 {
			t.Errorf("after the rotation: %v, want all three under %s", k, want)
		}
		if p, err := st.Rekey(ctx, sealerOf(t, keyB, keyA), store.RekeyOptions{}); err != nil || p.Resealed != 0 {
			t.Errorf("again: %+v, %v", p, err)
		}
	})
}
