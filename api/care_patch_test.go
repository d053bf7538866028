package api_test

// Tests of correcting a person and handing a follow-up to a colleague: PATCH with JSON
// Merge Patch and If-Match, over HTTP on SQLite and PostgreSQL.

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/care"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

type patchedPerson struct {
	ID                string `json:"id"`
	DisplayName       string `json:"display_name"`
	Phone             string `json:"phone"`
	PreferredLanguage string `json:"preferred_language"`
	Version           int    `json:"version"`
}

type patchedFollowUp struct {
	ID         string `json:"id"`
	AssigneeID string `json:"assignee_id"`
	Version    int    `json:"version"`
	Attempts   []struct {
		Note string `json:"note"`
	} `json:"attempts"`
}

// wantProblemFields checks that a 400 names exactly these fields.
func wantProblemFields(t *testing.T, what string, res accRes, fields ...string) {
	t.Helper()
	if res.status != 400 {
		t.Errorf("%s: %d, want 400: %s", what, res.status, res.body)
		return
	}
	var p careProblem
	res.json(t, &p)
	var got []string
	for _, e := range p.Errors {
		got = append(got, e.Field)
	}
	if strings.Join(got, ",") != strings.Join(fields, ",") {
		t.Errorf("%s: problem names %v, want %v: %s", what, got, fields, res.body)
	}
}

// TestPatchPerson: a merge patch corrects a person and answers it with its new ETag;
// a stale If-Match is 412, a bad patch 400 naming the field, and neither changes the
// record or leaves an update row; a merged record is 409 naming the survivor.
func TestPatchPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := careNew(t, st, api.Options{})
		id := f.addPerson("Marisol Q.")
		path := "/api/v1/people/" + id
		patch := func(who, ifMatch string, body any) accRes {
			r := accReq{method: "PATCH", path: path, who: who, body: body}
			if ifMatch != "" {
				r.header = map[string]string{"If-Match": ifMatch}
			}
			return f.do(r)
		}
		if etag := f.must(200, accReq{method: "GET", path: path, who: "peer"}).header.Get("ETag"); etag != `"p1"` {
			t.Fatalf("GET ETag %q, want \"p1\"", etag)
		}

		res := patch("peer", `"p1"`, map[string]any{"display_name": "  Marisol   Quintero ", "phone": nil})
		if res.status != 200 {
			t.Fatalf("patch: %d %s", res.status, res.body)
		}
		var p patchedPerson
		res.json(t, &p)
		if p.ID != id || p.DisplayName != "Marisol Quintero" || p.Phone != "" || p.PreferredLanguage != "es" || p.Version != 2 ||
			res.header.Get("ETag") != `"p2"` {
			t.Fatalf("patched: %+v, ETag %q", p, res.header.Get("ETag"))
		}
		stored, err := f.careStore().Person(ctx, id)
		if err != nil || stored.DisplayName != p.DisplayName || stored.Phone != "" || stored.Version != 2 {
			t.Fatalf("stored: %+v %v", stored, err)
		}
		if n := f.auditCount("record_type=person&action=update&record=" + id); n != 1 {
			t.Errorf("update audit rows after one patch: %d, want 1", n)
		}

		// Refusals change nothing and leave no update row.
		for _, c := range []struct {
			name, ifMatch string
			body          any
			status        int
			fields        []string
		}{
			{"stale If-Match", `"p1"`, map[string]any{"phone": "413-555-0199"}, 412, nil},
			{"weak If-Match", `W/"p2"`, map[string]any{"phone": "413-555-0199"}, 412, nil},
			{"If-Match of another kind", `"r2"`, map[string]any{"phone": "413-555-0199"}, 412, nil},
			{"clear the name", "", map[string]any{"display_name": nil}, 400, []string{"display_name"}},
			{"empty name", "", map[string]any{"display_name": " "}, 400, []string{"display_name"}},
			{"phone a number", "", `{"phone": 4135550100}`, 400, []string{"phone"}},
			{"bad phone, bad language", "", map[string]any{"phone": "ask her sister", "preferred_language": "Spanish!"}, 400,
				[]string{"phone", "preferred_language"}},
			{"unknown field", "", map[string]any{"nickname": "Mari", "phone": "413-555-0199"}, 400, []string{"nickname"}},
			{"read-only fields", "", map[string]any{"id": directory.NewID(), "version": 7, "merged_into": nil}, 400,
				[]string{"id", "merged_into", "version"}},
			{"not an object", "", `["display_name"]`, 400, []string{"body"}},
			{"not JSON", "", `{"display_name": `, 400, []string{"body"}},
		} {
			res := patch("peer", c.ifMatch, c.body)
			if c.status == 400 {
				wantProblemFields(t, c.name, res, c.fields...)
			} else if res.status != c.status {
				t.Errorf("%s: %d, want %d: %s", c.name, res.status, c.status, res.body)
			}
			if got, _ := f.careStore().Person(ctx, id); got != stored {
				t.Errorf("%s changed the person: %+v", c.name, got)
			}
		}
		if res := f.do(accReq{method: "PATCH", path: path, who: "peer", body: `{"phone": null}`,
			header: map[string]string{"Content-Type": "text/plain"}}); res.status != 415 {
			t.Errorf("text/plain: %d", res.status)
		}
		if n := f.auditCount("record_type=person&action=update&record=" + id); n != 1 {
			t.Errorf("update audit rows after refusals: %d, want still 1", n)
		}
		for _, missing := range []string{directory.NewID(), "not-an-id"} {
			if res := f.do(accReq{method: "PATCH", path: "/api/v1/people/" + missing, who: "peer", body: map[string]any{"phone": nil}}); res.status != 404 {
				t.Errorf("unknown person %s: %d %s", missing, res.status, res.body)
			}
		}

		// Without If-Match the patch applies to the record as it is; a coordinator may
		// correct too.
		res = patch("coordinator", "", map[string]any{"preferred_language": "PT-br", "phone": "(413) 555-0123"})
		res.json(t, &p)
		if res.status != 200 || p.PreferredLanguage != "pt-br" || p.Phone != "(413) 555-0123" || p.DisplayName != "Marisol Quintero" || p.Version != 3 {
			t.Errorf("second patch: %d %+v", res.status, p)
		}
		// A patch that changes nothing writes nothing: the version (and so everyone's
		// ETag) stays.
		if res := patch("clinician", `"p3"`, map[string]any{}); res.status != 200 || res.header.Get("ETag") != `"p3"` {
			t.Errorf("empty patch with the current ETag: %d %q", res.status, res.header.Get("ETag"))
		}
		if res := patch("clinician", `"p3"`, map[string]any{"phone": "(413) 555-0123"}); res.status != 200 || res.header.Get("ETag") != `"p3"` {
			t.Errorf("a patch to the same phone: %d %q", res.status, res.header.Get("ETag"))
		}

		// A merged record points at its survivor and stays as it was.
		dup := f.addPerson("Marisol Q. (dup)")
		f.must(200, accReq{method: "POST", path: path + "/merge", who: "peer", body: map[string]any{"duplicate_id": dup}})
		before, _ := f.careStore().Person(ctx, dup)
		res = f.do(accReq{method: "PATCH", path: "/api/v1/people/" + dup, who: "peer", body: map[string]any{"display_name": "M. Q."}})
		var mp struct {
			MergedInto string `json:"merged_into"`
		}
		res.json(t, &mp)
		if res.status != 409 || mp.MergedInto != id || res.header.Get("Location") != path {
			t.Errorf("patch of a merged record: %d %s (Location %q)", res.status, res.body, res.header.Get("Location"))
		}
		if after, _ := f.careStore().Person(ctx, dup); after != before {
			t.Errorf("the merged record changed: %+v", after)
		}
		if n := f.auditCount("record_type=person&action=update&record=" + dup); n != 1 {
			t.Errorf("refused patch of a merged record: %d audit rows, want 1 (refused)", n)
		}
	})
}

// TestPatchFollowUp: a follow-up is handed to an active peer or clinician only; a stale
// If-Match is 412; anything else in the patch is 400 naming the field; a done one is 409.
func TestPatchFollowUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := careNew(t, st, api.Options{})
		person := f.addPerson("F. U.")
		res := f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups", who: "peer", body: map[string]any{"person_id": person}})
		if res.header.Get("ETag") != `"f1"` {
			t.Errorf("created follow-up ETag %q", res.header.Get("ETag"))
		}
		id := idOf(t, res)
		path := "/api/v1/follow-ups/" + id
		f.must(201, accReq{method: "POST", path: path + "/attempts", who: "peer",
			body: map[string]any{"channel": "phone", "outcome": "no_answer", "note": "tried her cell twice"}})
		patch := func(who, ifMatch string, body any) accRes {
			r := accReq{method: "PATCH", path: path, who: who, body: body}
			if ifMatch != "" {
				r.header = map[string]string{"If-Match": ifMatch}
			}
			return f.do(r)
		}

		clinician := f.users["clinician"].ID
		res = patch("peer", `"f2"`, map[string]any{"assignee_id": clinician})
		var fu patchedFollowUp
		res.json(t, &fu)
		if res.status != 200 || fu.AssigneeID != clinician || fu.Version != 3 || res.header.Get("ETag") != `"f3"` ||
			len(fu.Attempts) != 1 || fu.Attempts[0].Note == "" {
			t.Fatalf("reassign: %d %s (ETag %q)", res.status, res.body, res.header.Get("ETag"))
		}
		if n := f.auditCount("record_type=follow_up&action=reassign&record=" + id); n != 1 {
			t.Errorf("reassign audit rows: %d, want 1", n)
		}
		stored, err := f.careStore().FollowUp(ctx, id)
		if err != nil || stored.AssigneeID != clinician {
			t.Fatalf("stored: %+v %v", stored, err)
		}

		disabled := f.addUser("peer", "", "Gone Peer", directory.NewID()+"@fixture.example")
		u, err := st.UserByID(ctx, disabled.ID)
		if err != nil {
			t.Fatal(err)
		}
		u.Disabled = true
		if err := st.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		peer := f.users["peer"].ID
		for _, c := range []struct {
			name, ifMatch string
			body          any
			status        int
			fields        []string
		}{
			{"stale If-Match", `"f2"`, map[string]any{"assignee_id": peer}, 412, nil},
			{"coordinator", "", map[string]any{"assignee_id": f.users["coordinator"].ID}, 400, []string{"assignee_id"}},
			{"agency staff", "", map[string]any{"assignee_id": f.users["agency"].ID}, 400, []string{"assignee_id"}},
			{"admin", "", map[string]any{"assignee_id": f.users["admin"].ID}, 400, []string{"assignee_id"}},
			{"disabled peer", "", map[string]any{"assignee_id": disabled.ID}, 400, []string{"assignee_id"}},
			{"no such user", "", map[string]any{"assignee_id": directory.NewID()}, 400, []string{"assignee_id"}},
			{"a name", "", map[string]any{"assignee_id": "Ana"}, 400, []string{"assignee_id"}},
			{"a number", "", `{"assignee_id": 7}`, 400, []string{"assignee_id"}},
			{"null", "", map[string]any{"assignee_id": nil}, 400, []string{"assignee_id"}},
			{"missing", "", map[string]any{}, 400, []string{"assignee_id"}},
			{"other fields", "", map[string]any{"assignee_id": peer, "status": "done"}, 400, []string{"status"}},
		} {
			res := patch("peer", c.ifMatch, c.body)
			if c.status == 400 {
				wantProblemFields(t, c.name, res, c.fields...)
			} else if res.status != c.status {
				t.Errorf("%s: %d, want %d: %s", c.name, res.status, c.status, res.body)
			}
			if got, _ := f.careStore().FollowUp(ctx, id); got.AssigneeID != clinician || got.Version != stored.Version {
				t.Errorf("%s changed the follow-up: %+v", c.name, got)
			}
		}
		if n := f.auditCount("record_type=follow_up&action=reassign&record=" + id); n != 1 {
			t.Errorf("reassign audit rows after refusals: %d, want still 1", n)
		}
		if res := f.do(accReq{method: "PATCH", path: "/api/v1/follow-ups/" + directory.NewID(), who: "peer",
			body: map[string]any{"assignee_id": peer}}); res.status != 404 {
			t.Errorf("unknown follow-up: %d %s", res.status, res.body)
		}

		// A coordinator hands it back, without reading the notes.
		res = patch("coordinator", `"f3"`, map[string]any{"assignee_id": peer})
		var back patchedFollowUp
		res.json(t, &back)
		if res.status != 200 || back.AssigneeID != peer || len(back.Attempts) != 1 || back.Attempts[0].Note != "" {
			t.Errorf("coordinator reassign: %d %s", res.status, res.body)
		}

		// Done: nothing left to hand over.
		f.must(201, accReq{method: "POST", path: path + "/attempts", who: "peer", body: map[string]any{"channel": "phone", "outcome": "reached"}})
		if res := patch("peer", "", map[string]any{"assignee_id": clinician}); res.status != 409 {
			t.Errorf("done follow-up: %d %s", res.status, res.body)
		}
	})
}

// TestAssigneeRolesAreRoles: the care package names the roles follow-ups go to as text
// (it does not import access); they must stay roles.
func TestAssigneeRolesAreRoles(t *testing.T) {
	for _, r := range care.AssigneeRoles {
		if got, ok := access.ParseRole(r); !ok || string(got) != r {
			t.Errorf("care.AssigneeRoles holds %q, which is not a role", r)
		}
	}
}

// siblingKeyed is a second server over the same store whose data key is key, from a
// Sealer of its own: what it shares with the first is the key, not a value in memory.
// Older keys open (and accept forms) too, as during a key rotation.
func (f *accFixture) siblingKeyed(key []byte, older ...[]byte) *accFixture {
	f.t.Helper()
	s, err := care.NewSealer(key, older...)
	if err != nil {
		f.t.Fatal(err)
	}
	g := *f
	g.srv = api.New(f.st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{Sealer: s})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.t.Fatal(err)
	}
	go g.srv.App().Listener(ln)
	f.t.Cleanup(func() { g.srv.App().ShutdownWithTimeout(5 * time.Second) })
	g.base = "http://" + ln.Addr().String()
	return &g
}

// TestFormKeyFromDataKey: the agency page's form signed by one instance is accepted by
// another with the same data key (a restart, or a second instance behind a balancer),
// and refused by one with another key.
func TestFormKeyFromDataKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		same := f.siblingKeyed(bytes.Repeat([]byte{7}, care.KeySize)) // careTestSealer's key
		other := f.siblingKeyed(bytes.Repeat([]byte{8}, care.KeySize))

		link := f.reissued()
		_, _, tok := f.linkPage(link)
		if tok == "" {
			t.Fatal("the link page has no form token")
		}
		if status, body := same.linkPost(link, url.Values{"form_token": {tok}, "action": {"accept"}}); status != 200 {
			t.Errorf("the same key refused the other instance's form: %d %.300s", status, body)
		}

		link = f.reissued()
		_, _, tok = f.linkPage(link)
		if status, _ := other.linkPost(link, url.Values{"form_token": {tok}, "action": {"accept"}}); status != 409 {
			t.Errorf("another key accepted the form: %d, want 409", status)
		}
		// The form itself was good: its own instance still takes it.
		if status, body := f.linkPost(link, url.Values{"form_token": {tok}, "action": {"accept"}}); status != 200 {
			t.Errorf("the form's own instance: %d %.300s", status, body)
		}
	})
}

// TestNoPersonalDataInCareLogs: correcting a person and reassigning follow-ups, with
// good and bad patches full of personal data, leaves none of it in the logs.
func TestNoPersonalDataInCareLogs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		var buf lockedBuffer
		f := accNew(t, st, api.Options{Sealer: careTestSealer(t)},
			slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
		personal := []string{"Rosalind Achterberg", "413-555-0177", "Achterberg", "rosalind.a@fixture.example", "sleeps behind the library"}
		var p struct{ ID string }
		f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer", body: map[string]any{"display_name": "R. A."}}).json(t, &p)
		path := "/api/v1/people/" + p.ID
		f.do(accReq{method: "PATCH", path: path, who: "peer", body: map[string]any{"display_name": personal[0], "phone": personal[1]}})
		f.do(accReq{method: "PATCH", path: path, who: "peer", body: map[string]any{"phone": personal[3], "preferred_language": personal[4]}})
		f.do(accReq{method: "PATCH", path: path, who: "peer", body: map[string]any{personal[2]: personal[4]}})
		f.do(accReq{method: "PATCH", path: path, who: "peer", body: `{"display_name": "` + personal[0]})
		f.do(accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{"display_name": personal[0]}})
		f.do(accReq{method: "PATCH", path: path, body: map[string]any{"display_name": personal[0]}})
		f.do(accReq{method: "PATCH", path: "/api/v1/people/" + personal[2], who: "peer", body: map[string]any{"display_name": personal[0]}})
		f.do(accReq{method: "PATCH", path: path, who: "peer", body: map[string]any{"display_name": personal[0]},
			header: map[string]string{"If-Match": `"` + personal[1] + `"`}})
		fu := f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups", who: "peer", body: map[string]any{"person_id": p.ID}})
		fpath := "/api/v1/follow-ups/" + idOf(t, fu)
		f.do(accReq{method: "PATCH", path: fpath, who: "peer", body: map[string]any{"assignee_id": f.users["clinician"].ID}})
		f.do(accReq{method: "PATCH", path: fpath, who: "peer", body: map[string]any{"assignee_id": personal[0], "note": personal[4]}})
		f.do(accReq{method: "PATCH", path: fpath, who: "peer", body: map[string]any{"assignee_id": f.users["coordinator"].ID}})
		logs := buf.String()
		if !strings.Contains(logs, "/api/v1/people/:id") || !strings.Contains(logs, "/api/v1/follow-ups/:id") {
			t.Fatalf("the logs did not capture the run:\n%s", logs)
		}
		for _, bad := range []string{"did not check the organization scope", "has no access policy", "request failed"} {
			if strings.Contains(logs, bad) {
				t.Errorf("the logs say %q:\n%s", bad, logs)
			}
		}
		for _, s := range personal {
			if strings.Contains(strings.ToLower(logs), strings.ToLower(s)) {
				t.Errorf("the logs contain %q", s)
			}
		}
	})
}
