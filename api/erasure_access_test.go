package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/care"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// erasureRouteCases are the erasure's rows of the route matrix: admins only (a fresh
// person each time, so that the admin's call erases one).
func erasureRouteCases() map[string]routeCase {
	return map[string]routeCase{
		"POST /api/v1/people/:id/erase": {req: func(f *accFixture, who string) accReq {
			id := f.storePerson()
			return accReq{method: "POST", path: "/api/v1/people/" + id + "/erase", who: who, body: map[string]any{"confirm": id}}
		}, want: adminOnly(200), def: 403},
	}
}

func tableCounts(t *testing.T, st *store.Store) map[string]int64 {
	t.Helper()
	snap, err := st.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return snap.Tables
}

// TestErasePersonRoute erases a person's record over HTTP on each database: a request
// without the confirmation or by another role changes nothing, the preview counts
// without erasing, the erasure removes the person and their records, and both are
// audited without the record's content.
func TestErasePersonRoute(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{})
			ctx := context.Background()
			person := f.storePerson()
			e := care.Encounter{PersonID: person, OccurredAt: time.Now().Add(-time.Hour), Source: care.SourceWalkIn,
				Disposition: care.DispositionResolved, Notes: "sealed words", RecordedBy: f.users["peer"].ID}
			care.NormalizeEncounter(&e)
			if _, err := f.careStore().CreateEncounter(ctx, &e); err != nil {
				t.Fatal(err)
			}
			path := "/api/v1/people/" + person + "/erase"
			before := tableCounts(t, f.st)
			for _, r := range []accReq{
				{method: "POST", path: path, who: "admin", body: map[string]any{}},
				{method: "POST", path: path, who: "admin", body: map[string]any{"confirm": directory.NewID()}},
				{method: "POST", path: path, who: "coordinator", body: map[string]any{"confirm": person}},
				{method: "POST", path: path, who: "agency_other", body: map[string]any{"confirm": person}},
				{method: "POST", path: "/api/v1/people/" + directory.NewID() + "/erase", who: "admin", body: map[string]any{"confirm": person}},
			} {
				res := f.do(r)
				if res.status < 400 {
					t.Errorf("%+v: %d", r, res.status)
				}
				if r.who == "admin" && r.path == path && (res.status != 400 || !strings.Contains(string(res.body), `"confirm"`)) {
					t.Errorf("without the confirmation: %d %s, want 400 naming confirm", res.status, res.body)
				}
			}
			var preview struct {
				DryRun bool              `json:"dry_run"`
				Erased store.PurgeCounts `json:"erased"`
			}
			f.must(200, accReq{method: "POST", path: path, who: "admin", body: map[string]any{"confirm": person, "dry_run": true}}).json(t, &preview)
			if !preview.DryRun || preview.Erased.Encounters != 1 || preview.Erased.People != 1 || preview.Erased.FollowUps != 1 {
				t.Errorf("preview: %+v", preview)
			}
			after := tableCounts(t, f.st)
			for table, n := range before {
				if table != "audit_log" && after[table] != n {
					t.Errorf("refused requests or the preview changed %s: %d, then %d", table, n, after[table])
				}
			}
			var done struct {
				Erased store.PurgeCounts `json:"erased"`
			}
			f.must(200, accReq{method: "POST", path: path, who: "admin", body: map[string]any{"confirm": person}}).json(t, &done)
			if done.Erased != preview.Erased {
				t.Errorf("erased %+v, the preview said %+v", done.Erased, preview.Erased)
			}
			f.must(404, accReq{method: "GET", path: "/api/v1/people/" + person, who: "peer"})
			f.must(404, accReq{method: "POST", path: path, who: "admin", body: map[string]any{"confirm": person}})
			var erased int
			for _, r := range f.auditRows() {
				if r.RecordID == person && (r.Action == "erase" || r.Action == "erase-preview") {
					erased++
					if r.UserID != f.users["admin"].ID || strings.Contains(r.Detail, "sealed words") || !strings.Contains(r.Detail, "encounters=1") {
						t.Errorf("erasure audit row: %+v", r)
					}
				}
			}
			if erased != 2 {
				t.Errorf("%d erasure rows in the audit log, want the preview's and the erasure's", erased)
			}
		})
	}
}
