package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// auditAll returns every row of the audit log, newest first.
func auditAll(t *testing.T, st *store.Store) []store.AuditEntry {
	t.Helper()
	rows, _, err := st.AuditEntries(context.Background(), store.AuditFilter{}, store.Page{Number: 1, PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// preparedConsent returns a consent of the person as the API would hand it to the store.
func (f *careFixture) preparedConsent(t *testing.T, personID string) care.Consent {
	t.Helper()
	now := time.Now()
	k := care.Consent{PersonID: personID, Discloser: "Co-responder program", OrganizationIDs: []string{f.orgA},
		Information: "Name and phone", Purpose: "Referral", ExpiresAt: now.AddDate(0, 1, 0), Method: care.MethodVerbal,
		WitnessedBy: f.clinician, RecordedBy: f.peer, GivenAt: now.Add(-time.Minute)}
	care.NormalizeConsent(&k, now)
	if err := care.ValidateConsent(&k, now); err != nil {
		t.Fatal(err)
	}
	return k
}

// preparedEncounter returns an encounter of the person as the API would hand it to the
// store: one that schedules a follow-up.
func (f *careFixture) preparedEncounter(t *testing.T, personID string) care.Encounter {
	t.Helper()
	lat, lon := holyoke(0, 0)
	e := care.Encounter{PersonID: personID, OccurredAt: time.Now().Add(-time.Hour), Source: care.SourceCoResponse,
		Disposition: care.DispositionResolved, RecordedBy: f.peer, Lat: lat, Lon: lon, Notes: "Asked for a call tomorrow."}
	care.NormalizeEncounter(&e)
	if err := care.Locate(context.Background(), &e, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := care.ValidateEncounter(&e, time.Now()); err != nil {
		t.Fatal(err)
	}
	return e
}

// liveReferral makes, without audit, a live referral of a new person who consented.
func (f *careFixture) liveReferral(t *testing.T) care.Referral {
	t.Helper()
	person := f.person(t, "L. R.")
	f.consent(t, person, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))
	ref, err := f.referral(t, care.Referral{PersonID: person, ServiceID: f.livingRoom, Mode: care.ModeLive})
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

// TestCareAuditedWrites: each write through an Audited view leaves exactly one row,
// with the template's who, where and request, the handlers' action, record type and
// record id, allowed, and the time of the write; the plain view leaves none.
func TestCareAuditedWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		tmpl := store.AuditEntry{UserID: f.peer, Role: "peer", ClientIP: "192.0.2.7", RequestID: "req-7", Detail: "agency-link"}
		a := f.c.Audited(tmpl)

		// Each case sets up what it needs through the plain view (no rows) and makes one
		// write through the audited one, returning the record id its row must name.
		cases := []struct {
			name, action, recordType string
			write                    func(t *testing.T) (string, error)
		}{
			{"create person", "create", "person", func(t *testing.T) (string, error) {
				p := care.Person{DisplayName: "A. B.", CreatedBy: f.peer}
				err := a.CreatePerson(ctx, &p)
				return p.ID, err
			}},
			{"update person", "update", "person", func(t *testing.T) (string, error) {
				p, err := f.c.Person(ctx, f.person(t, "U. P."))
				if err != nil {
					t.Fatal(err)
				}
				p.DisplayName = "U. Person"
				return p.ID, a.UpdatePerson(ctx, &p, p.Version)
			}},
			{"merge people", "merge", "person", func(t *testing.T) (string, error) {
				keep, dup := f.person(t, "M. K."), f.person(t, "M. Kay")
				return dup + ">" + keep, a.MergePeople(ctx, keep, dup, f.coordinator, time.Time{})
			}},
			{"create consent", "create", "consent", func(t *testing.T) (string, error) {
				k := f.preparedConsent(t, f.person(t, "C. C."))
				err := a.CreateConsent(ctx, &k)
				return k.ID, err
			}},
			{"revoke consent", "revoke", "consent", func(t *testing.T) (string, error) {
				person := f.person(t, "R. C.")
				k := f.consent(t, person, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))
				_, err := a.RevokeConsent(ctx, person, k.ID, f.peer, time.Time{})
				return k.ID, err
			}},
			{"create encounter", "create", "encounter", func(t *testing.T) (string, error) {
				e := f.preparedEncounter(t, f.person(t, "E. N."))
				fu, err := a.CreateEncounter(ctx, &e)
				if err == nil && fu == nil {
					t.Error("the encounter scheduled no follow-up: the case does not cover one")
				}
				return e.ID, err
			}},
			{"create follow-up", "create", "follow_up", func(t *testing.T) (string, error) {
				fu := care.FollowUp{PersonID: f.person(t, "F. U."), AssigneeID: f.peer2, DueAt: time.Now().Add(24 * time.Hour),
					Status: care.FollowUpOpen, CreatedBy: f.peer}
				if err := care.ValidateFollowUp(&fu); err != nil {
					t.Fatal(err)
				}
				err := a.CreateFollowUp(ctx, &fu)
				return fu.ID, err
			}},
			{"add attempt", "create", "follow_up_attempt", func(t *testing.T) (string, error) {
				_, fu := f.encounter(t, care.Encounter{PersonID: f.person(t, "A. T."), OccurredAt: time.Now().Add(-time.Hour)})
				_, err := a.AddAttempt(ctx, fu.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptNoAnswer, By: f.peer})
				return fu.ID, err
			}},
			{"reassign follow-up", "reassign", "follow_up", func(t *testing.T) (string, error) {
				_, fu := f.encounter(t, care.Encounter{PersonID: f.person(t, "R. F."), OccurredAt: time.Now().Add(-time.Hour)})
				_, err := a.ReassignFollowUp(ctx, fu.ID, f.peer2, 0)
				return fu.ID, err
			}},
			{"start shift", "start", "shift", func(t *testing.T) (string, error) {
				sh, err := a.StartShift(ctx, f.clinician, time.Time{})
				return sh.ID, err
			}},
			{"end shift", "end", "shift", func(t *testing.T) (string, error) {
				sh, err := f.c.StartShift(ctx, f.coordinator, time.Now().Add(-time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				_, err = a.EndShift(ctx, f.coordinator, time.Time{})
				return sh.ID, err
			}},
			{"create resource list", "create", "resource_list", func(t *testing.T) (string, error) {
				now := time.Now()
				l := care.ResourceList{ServiceIDs: []string{f.shelter}, Language: "en", ExpiresAt: now.AddDate(0, 0, 30), CreatedBy: f.peer}
				care.NewResourceList(&l, now)
				if err := care.ValidateResourceList(&l, now); err != nil {
					t.Fatal(err)
				}
				err := a.CreateResourceList(ctx, &l)
				return l.ID, err
			}},
			{"create referral", "create", "referral", func(t *testing.T) (string, error) {
				person := f.person(t, "N. R.")
				f.consent(t, person, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))
				r := care.Referral{PersonID: person, ServiceID: f.livingRoom, Need: "crisis", Mode: care.ModeLive, CreatedBy: f.peer}
				care.NormalizeReferral(&r)
				if err := care.ValidateReferral(&r); err != nil {
					t.Fatal(err)
				}
				err := a.CreateReferral(ctx, &r)
				return r.ID, err
			}},
			{"transition referral", "transition", "referral", func(t *testing.T) (string, error) {
				ref := f.liveReferral(t)
				_, err := a.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: care.StatusAccepted, By: f.peer})
				return ref.ID, err
			}},
			{"reissue agency link", "reissue-link", "referral", func(t *testing.T) (string, error) {
				ref := f.liveReferral(t)
				_, err := a.ReissueAgencyLink(ctx, ref.ID, time.Time{})
				return ref.ID, err
			}},
			{"revoke agency link", "revoke-link", "referral", func(t *testing.T) (string, error) {
				ref := f.liveReferral(t)
				return ref.ID, a.RevokeAgencyLink(ctx, ref.ID, time.Time{})
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := len(auditAll(t, st))
				start := time.Now().UTC().Truncate(time.Microsecond)
				id, err := tc.write(t)
				if err != nil {
					t.Fatalf("write: %v", err)
				}
				end := time.Now()
				rows := auditAll(t, st)
				if len(rows) != before+1 {
					t.Fatalf("audit rows: %d new, want exactly 1 (the plain view must append none): %+v", len(rows)-before, rows)
				}
				got := rows[0]
				want := tmpl
				want.Seq, want.At, want.Action, want.RecordType, want.RecordID, want.Allowed = got.Seq, got.At, tc.action, tc.recordType, id, true
				want.PrevHash, want.Hash = got.PrevHash, got.Hash // the chain's (audit_chain_test.go)
				if id == "" || got != want {
					t.Errorf("audit row\n got %+v\nwant %+v", got, want)
				}
				if got.At.Before(start) || got.At.After(end) {
					t.Errorf("audit row at %v, want the time of the write, between %v and %v", got.At, start, end)
				}
			})
		}

		// A write the store refuses leaves no row: nothing changed, so nothing was done.
		t.Run("refused write", func(t *testing.T) {
			before := len(auditAll(t, st))
			p, err := f.c.Person(ctx, f.person(t, "S. V."))
			if err != nil {
				t.Fatal(err)
			}
			if err := a.UpdatePerson(ctx, &p, p.Version+1); !errors.Is(err, store.ErrConflict) {
				t.Fatalf("stale update: %v", err)
			}
			if err := a.RevokeAgencyLink(ctx, directory.NewID(), time.Time{}); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("revoke the link of no referral: %v", err)
			}
			if n := len(auditAll(t, st)) - before; n != 0 {
				t.Errorf("refused writes left %d audit rows", n)
			}
		})
	})
}

// TestCareAuditedWriteAtomic: when the audit row cannot be written, the write it
// records is rolled back with it. The audit log is renamed away in the test's own
// database (storetest gives each test one), so every audit insert fails for real.
func TestCareAuditedWriteAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		a := f.c.Audited(store.AuditEntry{UserID: f.peer, Role: "peer", ClientIP: "192.0.2.7", RequestID: "req-9"})
		person := f.person(t, "K. A.")
		k := f.consent(t, person, []string{f.orgB}, false, time.Now().AddDate(0, 1, 0))
		ref := f.liveReferral(t)
		keep, dup := f.person(t, "M. A."), f.person(t, "M. Aa")
		before := len(auditAll(t, st))

		if _, err := st.DB().ExecContext(ctx, `ALTER TABLE audit_log RENAME TO audit_log_away`); err != nil {
			t.Fatal(err)
		}

		newPerson, newConsent := directory.NewID(), directory.NewID()
		encPerson := f.person(t, "E. A.")
		cases := []struct {
			name      string
			write     func() error
			unchanged func(t *testing.T)
		}{
			{"create person", func() error {
				return a.CreatePerson(ctx, &care.Person{ID: newPerson, DisplayName: "N. P.", CreatedBy: f.peer})
			}, func(t *testing.T) {
				if _, err := f.c.Person(ctx, newPerson); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("the person was created: %v", err)
				}
			}},
			{"create consent", func() error {
				c := f.preparedConsent(t, person)
				c.ID = newConsent
				return a.CreateConsent(ctx, &c)
			}, func(t *testing.T) {
				if _, err := f.c.Consent(ctx, newConsent); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("the consent was created: %v", err)
				}
			}},
			{"revoke consent", func() error {
				_, err := a.RevokeConsent(ctx, person, k.ID, f.peer, time.Time{})
				return err
			}, func(t *testing.T) {
				if got, err := f.c.Consent(ctx, k.ID); err != nil || !got.RevokedAt.IsZero() {
					t.Errorf("the consent was revoked: %+v %v", got, err)
				}
			}},
			{"create encounter", func() error {
				e := f.preparedEncounter(t, encPerson)
				_, err := a.CreateEncounter(ctx, &e)
				return err
			}, func(t *testing.T) {
				es, total, err := f.c.Encounters(ctx, store.EncounterFilter{PersonID: encPerson}, store.Page{Number: 1, PerPage: 10})
				if err != nil || total != 0 || len(es) != 0 {
					t.Errorf("the encounter was recorded: %d %v", total, err)
				}
				if _, total, err := f.c.FollowUps(ctx, store.FollowUpFilter{PersonID: encPerson}, store.Page{Number: 1, PerPage: 10}); err != nil || total != 0 {
					t.Errorf("its follow-up was scheduled: %d %v", total, err)
				}
			}},
			{"merge people", func() error {
				return a.MergePeople(ctx, keep, dup, f.coordinator, time.Time{})
			}, func(t *testing.T) {
				if p, err := f.c.Person(ctx, dup); err != nil || p.MergedInto != "" || p.Version != 1 {
					t.Errorf("the duplicate was merged: %+v %v", p, err)
				}
			}},
			{"transition referral", func() error {
				_, err := a.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: care.StatusAccepted, By: f.peer})
				return err
			}, func(t *testing.T) {
				if r, err := f.c.Referral(ctx, ref.ID); err != nil || r.Status != care.StatusRequested || r.Version != ref.Version || len(r.History) != 1 {
					t.Errorf("the referral moved: %s v%d, %d moves, %v", r.Status, r.Version, len(r.History), err)
				}
			}},
			{"start shift", func() error {
				_, err := a.StartShift(ctx, f.clinician, time.Time{})
				return err
			}, func(t *testing.T) {
				if _, err := f.c.OpenShift(ctx, f.clinician); !errors.Is(err, care.ErrNoOpenShift) {
					t.Errorf("the shift was started: %v", err)
				}
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.write()
				if err == nil {
					t.Fatal("the write succeeded though its audit row could not be written")
				}
				if !strings.Contains(err.Error(), "append audit") {
					t.Fatalf("the write failed, but not on its audit row: %v", err)
				}
				tc.unchanged(t)
			})
		}

		// The same writes go through the plain view, which audits nothing: it was the
		// audit row, and only it, that stopped them. Then no row came out of the failures.
		if err := f.c.CreatePerson(ctx, &care.Person{ID: newPerson, DisplayName: "N. P.", CreatedBy: f.peer}); err != nil {
			t.Errorf("plain create person: %v", err)
		}
		if _, err := f.c.StartShift(ctx, f.clinician, time.Time{}); err != nil {
			t.Errorf("plain start shift: %v", err)
		}
		if _, err := st.DB().ExecContext(ctx, `ALTER TABLE audit_log_away RENAME TO audit_log`); err != nil {
			t.Fatal(err)
		}
		if n := len(auditAll(t, st)) - before; n != 0 {
			t.Errorf("%d audit rows appeared", n)
		}
	})
}
