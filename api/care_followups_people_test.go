package api_test

// The follow-up list carries each follow-up's person (name and contact), so that the
// follow-up page needs no request per person; the people shown are audited with the
// follow-ups.

import (
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

type followUpListItem struct {
	ID       string `json:"id"`
	PersonID string `json:"person_id"`
	Person   *struct {
		ID                string `json:"id"`
		DisplayName       string `json:"display_name"`
		Phone             string `json:"phone"`
		PreferredLanguage string `json:"preferred_language"`
	} `json:"person"`
}

// TestFollowUpListCarriesPeople: today's list as the peer carries each person's display
// name, phone and language; a follow-up of a record merged since shows the survivor (its
// id, name and phone) and keeps its own person_id; the audit log gets one "list"
// "person" row per distinct person shown, in the answer's request beside the follow-up
// rows; a coordinator gets the people too, and agency staff and admins still get 403.
func TestFollowUpListCarriesPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := func(name, phone, lang string) string {
			return idOf(t, f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer",
				body: map[string]any{"display_name": name, "phone": phone, "preferred_language": lang}}))
		}
		now := time.Now()
		jr := person("J. R.", "413-555-0142", "es")
		keep := person("K. P.", "413-555-0101", "pt")
		dup := person("D. P.", "413-555-0199", "")
		fuJR1 := f.addFollowUp("peer", jr, now)
		fuJR2 := f.addFollowUp("peer", jr, now)
		fuDup := f.addFollowUp("peer", dup, now) // scheduled before the merge: it stays under dup
		f.must(200, accReq{method: "POST", path: "/api/v1/people/" + keep + "/merge", who: "peer", body: map[string]any{"duplicate_id": dup}})

		var lastSeq int64
		if rows := f.auditRows(); len(rows) > 0 {
			lastSeq = rows[0].Seq
		}
		const path = "/api/v1/follow-ups?due=today&assignee=me"
		var page struct {
			Items []followUpListItem `json:"items"`
			Total int                `json:"total"`
		}
		f.must(200, accReq{method: "GET", path: path, who: "peer"}).json(t, &page)
		if page.Total != 3 || len(page.Items) != 3 {
			t.Fatalf("today's list has %d items (total %d), want 3", len(page.Items), page.Total)
		}
		want := map[string]struct{ personID, id, name, phone, lang string }{
			fuJR1: {jr, jr, "J. R.", "413-555-0142", "es"},
			fuJR2: {jr, jr, "J. R.", "413-555-0142", "es"},
			fuDup: {dup, keep, "K. P.", "413-555-0101", "pt"},
		}
		for _, it := range page.Items {
			w, ok := want[it.ID]
			if !ok {
				t.Errorf("unexpected follow-up %s", it.ID)
				continue
			}
			if it.PersonID != w.personID {
				t.Errorf("follow-up %s: person_id %s, want %s (kept as stored)", it.ID, it.PersonID, w.personID)
			}
			if p := it.Person; p == nil || p.ID != w.id || p.DisplayName != w.name || p.Phone != w.phone || p.PreferredLanguage != w.lang {
				t.Errorf("follow-up %s: person %+v, want %+v", it.ID, p, w)
			}
		}

		// The audit: three follow-up rows and one row per person shown (J. R. once, the
		// survivor rather than the merged record), all of the one request.
		got := map[string]int{}
		requests := map[string]bool{}
		for _, r := range f.auditRows() {
			if r.Seq <= lastSeq {
				continue
			}
			if r.Action != "list" || !r.Allowed || r.UserID != f.users["peer"].ID {
				t.Errorf("unexpected audit row %+v", r)
				continue
			}
			got[r.RecordType+" "+r.RecordID]++
			requests[r.RequestID] = true
		}
		wantRows := map[string]int{"follow_up " + fuJR1: 1, "follow_up " + fuJR2: 1, "follow_up " + fuDup: 1,
			"person " + jr: 1, "person " + keep: 1}
		if len(got) != len(wantRows) {
			t.Errorf("audit rows %v, want %v", got, wantRows)
		}
		for k, n := range wantRows {
			if got[k] != n {
				t.Errorf("audit rows for %s: %d, want %d (all: %v)", k, got[k], n, got)
			}
		}
		if len(requests) != 1 || requests[""] {
			t.Errorf("the list's audit rows name requests %v, want one", requests)
		}

		// A coordinator may read people, and gets them in the list too.
		var coord struct {
			Items []followUpListItem `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/follow-ups?due=today&assignee=" + f.users["peer"].ID, who: "coordinator"}).json(t, &coord)
		if len(coord.Items) != 3 {
			t.Fatalf("the coordinator sees %d of the peer's follow-ups, want 3", len(coord.Items))
		}
		for _, it := range coord.Items {
			if it.Person == nil || it.Person.DisplayName == "" {
				t.Errorf("the coordinator's item %s has no person: %+v", it.ID, it.Person)
			}
		}

		// Agency staff and admins: still refused, and told nothing.
		for _, who := range []string{"agency", "admin"} {
			res := f.must(403, accReq{method: "GET", path: path, who: who})
			for _, bad := range []string{"J. R.", "K. P.", "555-01"} {
				if strings.Contains(string(res.body), bad) {
					t.Errorf("the 403 to %s carries %q", who, bad)
				}
			}
		}

		// A person's file lists their follow-ups without repeating the person.
		res := f.must(200, accReq{method: "GET", path: "/api/v1/people/" + jr, who: "peer"})
		var file struct {
			FollowUps []followUpListItem `json:"follow_ups"`
		}
		res.json(t, &file)
		if len(file.FollowUps) != 2 {
			t.Fatalf("J. R.'s file has %d follow-ups, want 2", len(file.FollowUps))
		}
		for _, it := range file.FollowUps {
			if it.Person != nil {
				t.Errorf("the file's follow-up %s repeats the person", it.ID)
			}
		}
	})
}

// TestFollowUpBriefList: view=brief, what the dashboard's lists ask, answers the same
// follow-ups in the same order with their attempts counted and nothing of the person
// (no person, no person_id) or of the attempts' notes; the audit gets the follow-up rows
// and no person row; view is checked; agency staff are still refused.
func TestFollowUpBriefList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		jr := idOf(t, f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer",
			body: map[string]any{"display_name": "J. R.", "phone": "413-555-0142"}}))
		now := time.Now()
		first := f.addFollowUp("peer", jr, now.Add(-time.Hour))
		second := f.addFollowUp("peer", jr, now)
		for range 2 {
			f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + second + "/attempts", who: "peer",
				body: map[string]any{"channel": "phone", "outcome": "no_answer", "note": "Sister answered, call after six"}})
		}
		var lastSeq int64
		if rows := f.auditRows(); len(rows) > 0 {
			lastSeq = rows[0].Seq
		}
		res := f.must(200, accReq{method: "GET", path: "/api/v1/follow-ups?due=today&view=brief", who: "coordinator"})
		for _, bad := range []string{"J. R.", "555-0142", "Sister", jr, `"person`} {
			if strings.Contains(string(res.body), bad) {
				t.Errorf("the brief list carries %q: %s", bad, res.body)
			}
		}
		var page struct {
			Items []struct {
				ID       string `json:"id"`
				Attempts int    `json:"attempts"`
				Version  int    `json:"version"`
				Assignee string `json:"assignee_id"`
			} `json:"items"`
			Total int `json:"total"`
		}
		res.json(t, &page)
		if page.Total != 2 || len(page.Items) != 2 || page.Items[0].ID != first || page.Items[1].ID != second ||
			page.Items[0].Attempts != 0 || page.Items[1].Attempts != 2 || page.Items[1].Version < 1 || page.Items[0].Assignee != f.users["peer"].ID {
			t.Errorf("the brief list: %s", res.body)
		}
		got := map[string]bool{}
		for _, r := range f.auditRows() {
			if r.Seq > lastSeq {
				got[r.Action+" "+r.RecordType+" "+r.RecordID] = true
			}
		}
		if len(got) != 2 || !got["list follow_up "+first] || !got["list follow_up "+second] {
			t.Errorf("the brief list's audit rows: %v", got)
		}

		var p careProblem
		f.must(400, accReq{method: "GET", path: "/api/v1/follow-ups?view=short", who: "coordinator"}).json(t, &p)
		if len(p.Errors) != 1 || p.Errors[0].Field != "view" {
			t.Errorf("view=short: %+v", p)
		}
		f.must(403, accReq{method: "GET", path: "/api/v1/follow-ups?view=brief", who: "agency"})
	})
}
