package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"handoff/api"
	"handoff/directory"
	"handoff/internal/hsdsschema"
	"handoff/store"
	"handoff/store/storetest"
)

// histRow is a history row as the API answers it.
type histRow struct {
	Action       string `json:"action"`
	Field        string `json:"field"`
	Before       string `json:"before"`
	After        string `json:"after"`
	Source       string `json:"source"`
	UserID       string `json:"user_id"`
	LinkID       string `json:"link_id"`
	ProposerName string `json:"proposer_name"`
	UserName     string `json:"user_name"`
	Who          string `json:"who"`
}

// history reads a service's history as who.
func (f *accFixture) history(id, who string) []histRow {
	f.t.Helper()
	var page struct {
		Items []histRow `json:"items"`
	}
	f.must(200, accReq{method: "GET", path: "/api/v1/services/" + id + "/history?per_page=100", who: who}).json(f.t, &page)
	return page.Items
}

// findChange is the newest row changing field, or fails.
func findChange(t *testing.T, rows []histRow, field string) histRow {
	t.Helper()
	for _, r := range rows {
		if r.Field == field {
			return r
		}
	}
	t.Fatalf("no history row for %s in %+v", field, rows)
	return histRow{}
}

// TestHistoryOfWrites: a PATCH by agency staff (portal), a write through the update link
// and an admin's write each leave their rows, before → after, with who and from where;
// the HSDS service carries them as metadata valid against HSDS 3.0.
func TestHistoryOfWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency",
			body: map[string]any{"description": "Groceries twice a week.", "phones": []map[string]any{{"number": "413-555-0199"}}}})
		rows := f.history(f.svcA, "agency")
		d := findChange(t, rows, "description")
		if d.Before != "Groceries once a week." || d.After != "Groceries twice a week." || d.Source != "portal" ||
			d.UserID != f.users["agency"].ID || !strings.Contains(d.Who, "(portal)") {
			t.Errorf("description row: %+v", d)
		}
		if p := findChange(t, rows, "phones[0].number"); p.Before != "413-555-0100" || p.After != "413-555-0199" {
			t.Errorf("phone row: %+v", p)
		}
		if rows[len(rows)-1].Action != "create" {
			t.Errorf("the oldest row is %+v, want the creation", rows[len(rows)-1])
		}

		// Through the no-login update link: the link is who.
		id := capListing(f, "Night shelter beds", "capacity", 3)
		l := f.ulMake(id, "agency")
		if code, body := f.ulSet(l.URL, "5"); code != 200 {
			t.Fatalf("update link: %d %s", code, body)
		}
		b := findChange(t, f.history(id, "coordinator"), "capacities[0].available")
		if b.Before != "3" || b.After != "5" || b.Source != "link" || b.LinkID != l.ID || b.Who != "the update link" {
			t.Errorf("update link row: %+v", b)
		}

		// An admin's write says admin.
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "admin", body: map[string]any{"alert": "Closed Friday."}})
		if a := findChange(t, f.history(f.svcA, "admin"), "alert"); a.Source != "admin" || a.After != "Closed Friday." {
			t.Errorf("admin row: %+v", a)
		}

		// HSDS: the history as metadata, valid against the 3.0 schema. (The fixture's
		// location of svcA has no address_type, which the schema wants: the shelter has none.)
		plain := directory.NewID()
		f.writeService(directory.Service{ID: plain, Name: "Plain listing", Status: "active", OrganizationID: f.orgA})
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + plain, who: "agency", body: map[string]any{"description": "Now described."}})
		whole := f.must(200, accReq{method: "GET", path: "/hsds/services/" + plain})
		if err := hsdsschema.Validate("service", whole.body); err != nil {
			t.Fatalf("HSDS service with metadata: %v\n%s", err, whole.body)
		}
		shelter := f.must(200, accReq{method: "GET", path: "/hsds/services/" + id})
		var items struct {
			Metadata []json.RawMessage `json:"metadata"`
		}
		shelter.json(t, &items)
		for i, m := range items.Metadata {
			if err := hsdsschema.Validate("metadata", m); err != nil {
				t.Errorf("metadata[%d]: %v", i, err)
			}
		}
		if !strings.Contains(string(shelter.body), `"field_name":"capacities[0].available","previous_value":"3","replacement_value":"5","updated_by":"the update link"`) {
			t.Errorf("no metadata item for the beds: %s", shelter.body)
		}
		res := f.must(200, accReq{method: "GET", path: "/hsds/services/" + f.svcA})
		var svc struct {
			Metadata []map[string]string `json:"metadata"`
		}
		res.json(t, &svc)
		found := false
		for _, m := range svc.Metadata {
			if m["field_name"] == "description" && m["previous_value"] == "Groceries once a week." &&
				m["replacement_value"] == "Groceries twice a week." && m["resource_type"] == "service" &&
				m["resource_id"] == f.svcA && m["last_action_type"] == "update" && strings.Contains(m["updated_by"], "portal") {
				found = true
			}
		}
		if !found {
			t.Errorf("no metadata item for the description: %s", res.body)
		}
		org := f.must(200, accReq{method: "GET", path: "/hsds/organizations/" + f.orgA})
		items.Metadata = nil
		org.json(t, &items)
		if len(items.Metadata) == 0 {
			t.Errorf("the organization carries no history: %s", org.body)
		}
		for i, m := range items.Metadata {
			if err := hsdsschema.Validate("metadata", m); err != nil {
				t.Errorf("organization metadata[%d]: %v", i, err)
			}
		}
	})
}

// suggestion is a suggestion as the API answers it.
type suggestion struct {
	ID      string                     `json:"id"`
	Status  string                     `json:"status"`
	Kind    string                     `json:"kind"`
	Changes []directory.ProposedChange `json:"changes"`
}

// TestReportSuggestApprove is acceptance 4: a public report and a peer's suggested edit
// wait for the agency; approving applies them through the write path with the history
// naming both people; rejecting changes nothing; a field changed since is a 409.
func TestReportSuggestApprove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		ctx := context.Background()

		// A public report: stored, pending, nothing applied, counted in the queue.
		var rep suggestion
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/reports", who: "anon",
			body: map[string]any{"problem": "wrong-phone", "phone": "413-555-0177", "note": "The number rings a fax."}}).json(t, &rep)
		if svc, _ := st.Service(ctx, f.svcA); svc.Phones[0].Number != "413-555-0100" {
			t.Fatalf("a report changed the listing: %+v", svc.Phones)
		}
		queue := f.must(200, accReq{method: "GET", path: "/api/v1/freshness-queue", who: "coordinator"})
		if !strings.Contains(string(queue.body), "1 problem report") {
			t.Errorf("the queue does not count the report: %s", queue.body)
		}

		// The agency sees it; the other organization does not.
		var list struct {
			Items []suggestion `json:"items"`
			Total int          `json:"total"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/suggestions?status=pending", who: "agency"}).json(t, &list)
		if list.Total != 1 || list.Items[0].ID != rep.ID || list.Items[0].Changes[0].Field != "phones[0].number" ||
			list.Items[0].Changes[0].Before != "413-555-0100" {
			t.Fatalf("the agency's pending list: %+v", list)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/suggestions?status=pending", who: "agency_other"}).json(t, &list)
		if list.Total != 0 {
			t.Errorf("another organization sees %d suggestions", list.Total)
		}
		f.must(403, accReq{method: "POST", path: "/api/v1/suggestions/" + rep.ID + "/approve", who: "agency_other"})

		// Approved by the agency: applied, and the history names the report and the approver.
		var done suggestion
		f.must(200, accReq{method: "POST", path: "/api/v1/suggestions/" + rep.ID + "/approve", who: "agency"}).json(t, &done)
		if done.Status != "approved" {
			t.Errorf("after approval: %+v", done)
		}
		if svc, _ := st.Service(ctx, f.svcA); svc.Phones[0].Number != "413-555-0177" {
			t.Fatalf("the approved report was not applied: %+v", svc.Phones)
		}
		p := findChange(t, f.history(f.svcA, "agency"), "phones[0].number")
		if p.Source != "suggestion" || p.UserName != f.users["agency"].Name || !strings.Contains(p.Who, "a public report proposed") {
			t.Errorf("history of the approved report: %+v", p)
		}
		f.must(409, accReq{method: "POST", path: "/api/v1/suggestions/" + rep.ID + "/approve", who: "agency"})

		// A peer's suggested edit, approved by an admin: both named.
		var sug suggestion
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/suggestions", who: "peer",
			body: map[string]any{"changes": []map[string]string{{"field": "description", "value": "Groceries and hot meals."}}}}).json(t, &sug)
		f.must(200, accReq{method: "POST", path: "/api/v1/suggestions/" + sug.ID + "/approve", who: "admin"})
		d := findChange(t, f.history(f.svcA, "admin"), "description")
		if d.After != "Groceries and hot meals." || d.ProposerName != f.users["peer"].Name || d.UserName != f.users["admin"].Name ||
			!strings.Contains(d.Who, f.users["peer"].Name+" proposed, "+f.users["admin"].Name+" approved") {
			t.Errorf("history of the approved edit: %+v", d)
		}

		// Rejected: nothing changes.
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/suggestions", who: "clinician",
			body: map[string]any{"changes": []map[string]string{{"field": "name", "value": "Something else"}}}}).json(t, &sug)
		before, _ := st.Service(ctx, f.svcA)
		counts := f.snapshot()
		var hist int
		st.DB().QueryRow(`SELECT count(*) FROM listing_history`).Scan(&hist)
		f.must(200, accReq{method: "POST", path: "/api/v1/suggestions/" + sug.ID + "/reject", who: "agency",
			body: map[string]any{"reason": "Our name is right."}})
		after, _ := st.Service(ctx, f.svcA)
		if b, _ := json.Marshal(before); string(b) != mustJSON(t, after) {
			t.Errorf("a rejection changed the listing")
		}
		if got := f.snapshot(); !equalCounts(got, counts) {
			t.Errorf("a rejection wrote rows: %v, was %v", got, counts)
		}
		var hist2 int
		st.DB().QueryRow(`SELECT count(*) FROM listing_history`).Scan(&hist2)
		if hist2 != hist {
			t.Errorf("a rejection wrote %d history rows", hist2-hist)
		}

		// A field changed since it was proposed: 409 naming it, nothing applied.
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/suggestions", who: "peer",
			body: map[string]any{"changes": []map[string]string{{"field": "description", "value": "Stale idea."}}}}).json(t, &sug)
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency", body: map[string]any{"description": "Fresh words."}})
		res := f.must(409, accReq{method: "POST", path: "/api/v1/suggestions/" + sug.ID + "/approve", who: "agency"})
		if !strings.Contains(string(res.body), `"field":"description"`) {
			t.Errorf("the conflict does not name the field: %s", res.body)
		}
		if svc, _ := st.Service(ctx, f.svcA); svc.Description != "Fresh words." {
			t.Errorf("a refused approval wrote %q", svc.Description)
		}
	})
}

// TestReportsRefuseBadInputAndFloods: bad fields are named and store nothing; a flood
// from one address gets 429 with Retry-After, and the refused reports are not stored.
func TestReportsRefuseBadInputAndFloods(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{ReportRateLimit: 4}, nil)
		count := func() int { return f.count("suggestions") }
		for _, c := range []struct {
			path  string
			who   string
			body  any
			field string
		}{
			{"/reports", "anon", map[string]any{"problem": "rude staff"}, "problem"},
			{"/reports", "anon", map[string]any{"problem": "other"}, "note"},
			{"/reports", "anon", map[string]any{"problem": "closed", "name": "Jo"}, "name"},
			{"/suggestions", "peer", map[string]any{"changes": []map[string]string{{"field": "id", "value": "x"}}}, "changes[0].field"},
			{"/suggestions", "peer", map[string]any{"changes": []map[string]string{{"field": "status", "value": "sideways"}}}, "changes[0].value"},
			{"/suggestions", "peer", map[string]any{"changes": []map[string]string{}}, "changes"},
		} {
			res := f.do(accReq{method: "POST", path: "/api/v1/services/" + f.svcA + c.path, who: c.who, body: c.body})
			if res.status != 400 || !strings.Contains(string(res.body), `"field":"`+c.field+`"`) {
				t.Errorf("%s %v: %d %s, want 400 naming %s", c.path, c.body, res.status, res.body, c.field)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("bad input stored %d suggestions", n)
		}
		// The three bad reports above counted; one more is allowed, then 429.
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/reports", who: "anon", body: map[string]any{"problem": "closed"}})
		for i := 0; i < 5; i++ {
			res := f.do(accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/reports", who: "anon", body: map[string]any{"problem": "closed"}})
			if res.status != 429 || res.header.Get("Retry-After") == "" {
				t.Fatalf("flood report %d: %d (Retry-After %q)", i, res.status, res.header.Get("Retry-After"))
			}
		}
		if n := count(); n != 1 {
			t.Errorf("%d reports stored, want the 1 allowed", n)
		}
	})
}
