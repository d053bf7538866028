package api_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// TestCareEndToEnd is issue 5's acceptance 1, over HTTP on SQLite and PostgreSQL: a peer
// starts a shift, records a 911 co-response encounter in Holyoke, asks for matches,
// records verbal consent and makes a live referral to The Living Room; the agency
// accepts through the no-login link and completes with got-help; a follow-up is due the
// next day; the peer logs a reached attempt; the shift shows one encounter and one
// follow-up attempt.
func TestCareEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := seed.Load(ctx, st); err != nil {
			t.Fatal(err)
		}
		f := careNew(t, st, careWithSearch(t, st))
		livingRoom, bhn := f.serviceNamed("The Living Room")
		crisisLine, _ := f.serviceNamed(seed.BHNCrisisLine)

		f.must(201, accReq{method: "POST", path: "/api/v1/shifts/start", who: "peer"})

		person := f.addPerson("J. R.")
		time.Sleep(2 * time.Millisecond)
		occurred := time.Now().UTC().Truncate(time.Microsecond) // during the shift
		var enc struct {
			ID       string `json:"id"`
			Town     string `json:"town"`
			ShiftID  string `json:"shift_id"`
			FollowUp *struct {
				ID         string    `json:"id"`
				DueAt      time.Time `json:"due_at"`
				AssigneeID string    `json:"assignee_id"`
			} `json:"follow_up"`
		}
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"person_id": person, "occurred_at": occurred.Format(time.RFC3339Nano), "source": "911_coresponse",
			"town": "Holyoke", "police_department": "Holyoke PD", "presenting_needs": []string{"crisis"},
			"assessed_level_of_care": "living_room", "disposition": "referred", "ed_diverted": true,
			"notes": "Calm after twenty minutes; wants somewhere to go tonight.",
		}}).json(t, &enc)
		if enc.Town != "Holyoke" || enc.ShiftID == "" {
			t.Fatalf("encounter town %q shift %q: want Holyoke, in the shift", enc.Town, enc.ShiftID)
		}

		// Matches for the situation; the peer picks The Living Room.
		if res := f.must(200, accReq{method: "POST", path: "/api/v1/match", who: "peer",
			body: map[string]any{"needs": []string{"crisis"}, "near": "Holyoke", "per_need": 20}}); !strings.Contains(string(res.body), livingRoom) {
			t.Logf("The Living Room was not among the matches: %.300s", res.body)
		}

		f.addConsent(person, bhn)
		var ref careReferral
		f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer",
			body: func() map[string]any {
				b := referralBody(person, livingRoom, "live")
				b["encounter_id"] = enc.ID
				return b
			}()}).json(t, &ref)
		if ref.Status != "requested" || !strings.Contains(ref.AgencyLink, "/r/hl_") {
			t.Fatalf("referral: status %q link %q", ref.Status, ref.AgencyLink)
		}

		// The agency, without logging in: open the link, accept, then complete.
		status, page, tok := f.linkPage(ref.AgencyLink)
		if status != 200 || tok == "" || !strings.Contains(page, "J. R.") || !strings.Contains(page, "The Living Room") {
			t.Fatalf("agency link page: %d, token %q:\n%s", status, tok, page)
		}
		if code, body := f.linkPost(ref.AgencyLink, url.Values{"form_token": {"forged"}, "action": {"accept"}}); code != 409 {
			t.Fatalf("forged form token: %d\n%s", code, body)
		}
		if code, body := f.linkPost(ref.AgencyLink, url.Values{"form_token": {tok}, "action": {"accept"}}); code != 200 {
			t.Fatalf("accept: %d\n%s", code, body)
		}
		// The form of the page before the move is spent: a replay changes nothing.
		if code, _ := f.linkPost(ref.AgencyLink, url.Values{"form_token": {tok}, "action": {"complete"}, "outcome": {"got-help"}}); code != 409 {
			t.Fatalf("replayed form: %d, want 409", code)
		}
		_, _, tok = f.linkPage(ref.AgencyLink)
		if code, body := f.linkPost(ref.AgencyLink, url.Values{"form_token": {tok}, "action": {"complete"}, "outcome": {"got-help"}}); code != 200 {
			t.Fatalf("complete: %d\n%s", code, body)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + ref.ID, who: "peer"}).json(t, &ref)
		if ref.Status != "completed" || ref.Outcome != "got-help" || len(ref.History) != 3 {
			t.Fatalf("referral after the agency: %+v", ref)
		}
		for _, m := range ref.History[1:] {
			if m.By != care.LinkActor {
				t.Errorf("move %s by %q, want %q", m.To, m.By, care.LinkActor)
			}
		}

		// A follow-up is due the next day, on the peer's list.
		if enc.FollowUp == nil || !enc.FollowUp.DueAt.Equal(care.DefaultDue(occurred, care.DefaultZone())) || enc.FollowUp.AssigneeID != f.users["peer"].ID {
			t.Fatalf("follow-up: %+v, want due %v", enc.FollowUp, care.DefaultDue(occurred, care.DefaultZone()))
		}
		var due struct {
			Items []struct{ ID string } `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/follow-ups?due=upcoming&assignee=me", who: "peer"}).json(t, &due)
		if len(due.Items) != 1 || due.Items[0].ID != enc.FollowUp.ID {
			t.Fatalf("upcoming follow-ups: %+v", due.Items)
		}
		var fu struct {
			Status   string `json:"status"`
			Attempts []any  `json:"attempts"`
		}
		f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + enc.FollowUp.ID + "/attempts", who: "peer",
			body: map[string]any{"channel": "phone", "outcome": "reached", "note": "Went to the Living Room; doing better."}}).json(t, &fu)
		if fu.Status != "done" || len(fu.Attempts) != 1 {
			t.Fatalf("after a reached attempt: %+v", fu)
		}

		var shifts struct {
			Items []care.Shift `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/shifts?user=me", who: "peer"}).json(t, &shifts)
		if len(shifts.Items) != 1 || shifts.Items[0].Encounters != 1 || shifts.Items[0].Attempts != 1 {
			t.Fatalf("shift: %+v, want one encounter and one follow-up attempt", shifts.Items)
		}
		f.must(200, accReq{method: "POST", path: "/api/v1/shifts/end", who: "peer"})

		// The peer hands the person a printable list: services, phones, hours, nobody's name.
		var list struct {
			URL       string    `json:"url"`
			ExpiresAt time.Time `json:"expires_at"`
		}
		f.must(201, accReq{method: "POST", path: "/api/v1/resource-lists", who: "peer",
			body: map[string]any{"service_ids": []string{livingRoom, crisisLine}, "language": "es"}}).json(t, &list)
		if code, page, _ := f.linkPage(list.URL); code != 200 || !strings.Contains(page, "The Living Room") || strings.Contains(page, "J. R.") ||
			!strings.Contains(page, seed.BHNCrisisPhone) || !strings.Contains(page, seed.BHNAddress1) || !strings.Contains(page, `class="hours"`) ||
			time.Until(list.ExpiresAt) < 29*24*time.Hour {
			t.Errorf("resource list %s (expires %v): %d\n%s", list.URL, list.ExpiresAt, code, page)
		}

		// Notes written over HTTP are sealed at rest (acceptance 5 at the HTTP level; the
		// store's tests search the SQLite file and the PostgreSQL tables byte by byte).
		for _, q := range []string{"SELECT notes FROM encounters", "SELECT note FROM referrals", "SELECT note FROM follow_up_attempts"} {
			rows, err := st.DB().QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v string
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				if v != "" && (!care.IsSealed(v) || strings.Contains(v, "Living Room") || strings.Contains(v, "twenty minutes")) {
					t.Errorf("%s holds a note in clear: %.60q", q, v)
				}
			}
			rows.Close()
		}

		// Every read and write of the person's data left a trail.
		var audit struct {
			Total int `json:"total"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/audit?record_type=referral&record=" + ref.ID, who: "admin"}).json(t, &audit)
		if audit.Total < 4 {
			t.Errorf("audit rows of the referral: %d, want its creation, the agency's reads and moves", audit.Total)
		}
	})
}
