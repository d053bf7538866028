package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// queueService is a service of its own organization, confirmed on assured (a date, or
// "" for never), a crisis service when need is "crisis".
func queueService(name, need, assured string) directory.Service {
	id := directory.StableID("queue", name)
	s := directory.Service{ID: id, Name: name, Status: "active", AssuredDate: assured,
		Organization: &directory.Organization{ID: directory.StableID("queue-org", name), Name: name + " agency", Description: "An org."},
		Phones:       []directory.Phone{{Number: "413-555-0177"}},
		Attributes:   []directory.Attribute{directory.VocabAttribute(id, directory.TaxonomyNeed, need)},
	}
	directory.NormalizeService(&s)
	return s
}

// TestVerificationSetsAssuredDate: a confirmation is a listing change (assured_date, the
// row's version, the change feed); other results change no listing; a later write of
// the service, an import's or a client's, no longer moves the date a person confirmed;
// a service nobody confirmed keeps the date it was written with.
func TestVerificationSetsAssuredDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		pantry := queueService("Pantry", "food", "2025-01-15")
		other := queueService("Other pantry", "food", "2025-02-01")
		write(t, st, pantry, other)
		before, _ := st.ChangesSince(ctx, 0, 1000)
		ver0, _ := st.DirectoryVersion(ctx, "service", pantry.ID)

		v := directory.Verification{ID: directory.NewID(), ServiceID: pantry.ID, Method: directory.VerifyPhone,
			Result: directory.VerifyCouldNotReach, ByUserID: "u1", ByName: "Coordinator"}
		if err := st.RecordVerification(ctx, &v); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Service(ctx, pantry.ID); got.AssuredDate != "2025-01-15" {
			t.Fatalf("could-not-reach moved assured_date to %q", got.AssuredDate)
		}
		if after, _ := st.ChangesSince(ctx, 0, 1000); len(after) != len(before) {
			t.Fatalf("could-not-reach fed %d changes", len(after)-len(before))
		}

		v = directory.Verification{ID: directory.NewID(), ServiceID: pantry.ID, Method: directory.VerifySelfConfirm,
			Result: directory.VerifyConfirmed, ByUserID: "u2", ByName: "Agency staff", Note: "hours right"}
		if err := st.RecordVerification(ctx, &v); err != nil {
			t.Fatal(err)
		}
		today := directory.AssuredDateOf(time.Now())
		if got, _ := st.Service(ctx, pantry.ID); got.AssuredDate != today {
			t.Fatalf("confirmed: assured_date %q, want %q", got.AssuredDate, today)
		}
		after, _ := st.ChangesSince(ctx, 0, 1000)
		if len(after) != len(before)+1 || after[len(after)-1].EntityID != pantry.ID || after[len(after)-1].Entity != "service" {
			t.Fatalf("confirmed: feed %+v", after[len(before):])
		}
		if ver1, _ := st.DirectoryVersion(ctx, "service", pantry.ID); ver1[0].UpdatedAt == ver0[0].UpdatedAt {
			t.Fatal("confirmation did not move the row's version")
		}

		// A write that carries an older date keeps the confirmed one.
		pantry.AssuredDate = "2020-01-01"
		other.AssuredDate = "2025-03-01"
		write(t, st, pantry, other)
		if got, _ := st.Service(ctx, pantry.ID); got.AssuredDate != today {
			t.Fatalf("a write moved the confirmed assured_date to %q", got.AssuredDate)
		}
		if got, _ := st.Service(ctx, other.ID); got.AssuredDate != "2025-03-01" {
			t.Fatalf("unconfirmed service: assured_date %q, want the written one", got.AssuredDate)
		}

		list, total, err := st.Verifications(ctx, pantry.ID, store.Page{Number: 1, PerPage: 10})
		if err != nil || total != 2 || list[0].Result != directory.VerifyConfirmed || list[0].Note != "hours right" || list[1].Result != directory.VerifyCouldNotReach {
			t.Fatalf("history %+v total %d: %v", list, total, err)
		}
		err = st.RecordVerification(ctx, &directory.Verification{ID: directory.NewID(), ServiceID: directory.NewID(),
			Method: directory.VerifyPhone, Result: directory.VerifyConfirmed})
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown service: %v", err)
		}
	})
}

// TestFreshnessFactsFromReferrals: the queue orders a stale crisis service above a
// fresher food pantry, a referral that ended "no room" puts a freshly confirmed listing
// in it, one left unanswered past the time does too, and a confirmation answers them.
func TestFreshnessFactsFromReferrals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now()
		day := func(n int) string { return now.AddDate(0, 0, -n).Format(time.DateOnly) }
		crisis := queueService("Crisis line", "crisis", day(45))
		pantry := queueService("Food pantry", "food", day(100))
		shelter := queueService("Shelter", "housing", day(3))
		fresh := queueService("Fresh clinic", "health", day(3))
		write(t, st, crisis, pantry, shelter, fresh)

		queue := func() []directory.FreshnessItem {
			t.Helper()
			facts, err := st.FreshnessFacts(ctx, time.Now(), 72*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			return directory.Freshness(facts, time.Now())
		}
		ids := func(q []directory.FreshnessItem) []string {
			var out []string
			for _, it := range q {
				out = append(out, it.Name)
			}
			return out
		}
		q := queue()
		if got := ids(q); len(got) != 2 || got[0] != "Crisis line" || got[1] != "Food pantry" {
			t.Fatalf("queue %v, want the crisis line above the pantry only", got)
		}
		if q[0].Phone != "413-555-0177" {
			t.Errorf("phone %q", q[0].Phone)
		}

		ended := formatStored(now.Add(-time.Hour))
		insertReferral(t, st, shelter.ID, "rejected", "no-capacity", ended, ended)
		insertReferral(t, st, fresh.ID, "requested", "", formatStored(now.Add(-80*time.Hour)), "")
		insertReferral(t, st, fresh.ID, "entered-in-error", "no-capacity", ended, ended) // corrected: no flag
		q = queue()
		got := ids(q)
		if len(got) != 4 || got[0] != "Crisis line" || got[1] != "Fresh clinic" && got[1] != "Shelter" {
			t.Fatalf("queue %v", got)
		}
		for _, it := range q {
			switch it.Name {
			case "Shelter":
				if it.OpenFlags != 1 || it.Reasons[0].Code != directory.FlagNoCapacity {
					t.Errorf("shelter reasons %+v", it.Reasons)
				}
			case "Fresh clinic":
				if it.OpenFlags != 1 || it.Reasons[0].Code != directory.FlagUnanswered {
					t.Errorf("clinic reasons %+v", it.Reasons)
				}
			}
		}

		// A confirmation answers the shelter's flag.
		if err := st.RecordVerification(ctx, &directory.Verification{ID: directory.NewID(), ServiceID: shelter.ID,
			Method: directory.VerifyPhone, Result: directory.VerifyConfirmed}); err != nil {
			t.Fatal(err)
		}
		for _, name := range ids(queue()) {
			if name == "Shelter" {
				t.Fatal("the shelter stays in the queue after a confirmation")
			}
		}
	})
}

func formatStored(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// insertReferral writes a referral row as the care store leaves it after its moves: the
// queue reads referrals, it does not move them.
func insertReferral(t *testing.T, st *store.Store, serviceID, status, outcome, requested, closed string) {
	t.Helper()
	now := formatStored(time.Now())
	if _, err := st.DB().Exec(`INSERT INTO referrals (id, service_id, need, mode, status, outcome, created_at, requested_at, closed_at, updated_at)
		VALUES ($1, $2, 'housing', 'live', $3, $4, $5, $6, $7, $8)`,
		directory.NewID(), serviceID, status, outcome, requested, requested, closed, now); err != nil {
		t.Fatal(err)
	}
}

// TestVerificationOfAMovedListing: the caller is allowed to check a listing by its
// organization, read before the write; a listing that belongs to another organization by
// the time of the write is refused inside the transaction, and nothing is written.
func TestVerificationOfAMovedListing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		pantry := queueService("Pantry", "food", "2025-01-15")
		write(t, st, pantry)
		owner := pantry.OrganizationID
		if owner == "" && pantry.Organization != nil {
			owner = pantry.Organization.ID
		}
		before, _ := st.ChangesSince(ctx, 0, 1000)

		v := directory.Verification{ID: directory.NewID(), ServiceID: pantry.ID, Method: directory.VerifySelfConfirm,
			Result: directory.VerifyConfirmed, OrganizationID: directory.NewID(), ByUserID: "u2"}
		if err := st.RecordVerification(ctx, &v); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a check allowed for another organization: %v, want ErrConflict", err)
		}
		if got, _ := st.Service(ctx, pantry.ID); got.AssuredDate != "2025-01-15" {
			t.Errorf("the refused check moved assured_date to %q", got.AssuredDate)
		}
		if list, n, _ := st.Verifications(ctx, pantry.ID, store.Page{Number: 1, PerPage: 10}); n != 0 || len(list) != 0 {
			t.Errorf("the refused check was stored: %d", n)
		}
		if after, _ := st.ChangesSince(ctx, 0, 1000); len(after) != len(before) {
			t.Errorf("the refused check fed %d changes", len(after)-len(before))
		}

		v.ID, v.OrganizationID = directory.NewID(), owner
		if err := st.RecordVerification(ctx, &v); err != nil {
			t.Fatalf("a check allowed for the owner: %v", err)
		}
	})
}
