package api_test

import (
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/internal/smtptest"
	"handoff/store/storetest"
)

// TestOutboxEventsReachTheirPeople: a follow-up handed to a colleague mails the
// colleague; a public problem report and a peer's suggested edit mail the listing's
// organization at the address that chose them, and an address that did not choose them
// gets nothing. Every mail says where to look and nothing of the person or the report.
func TestOutboxEventsReachTheirPeople(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{PublicURL: outboxTestBase})
			srv := smtptest.Start(t)
			f.must(200, accReq{method: "PUT", path: "/api/v1/organizations/" + f.orgA + "/notice-addresses", who: "agency",
				body: map[string]any{"addresses": []map[string]any{
					{"channel": "email", "address": "listings@a.example.org", "events": []string{"listing.flagged", "suggestion.waiting"}},
					{"channel": "email", "address": "intake@a.example.org", "events": []string{"referral.sent"}}}}})
			runWorker(t, f.st, f.outboxWorker(srv, "worker-1"))

			person := f.addPerson("Fran Followup")
			id := idOf(t, f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups", who: "peer", body: map[string]any{"person_id": person}}))
			f.must(200, accReq{method: "PATCH", path: "/api/v1/follow-ups/" + id, who: "peer", body: map[string]any{"assignee_id": f.users["clinician"].ID}})
			f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/reports", who: "anon",
				body: map[string]any{"problem": "wrong-phone", "phone": "413-555-0177", "note": "The number rings a fax."}})
			f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/suggestions", who: "peer",
				body: map[string]any{"changes": []map[string]string{{"field": "description", "value": "Groceries and hot meals."}}}})

			srv.Wait(3, 15*time.Second)
			time.Sleep(400 * time.Millisecond)
			msgs := srv.Messages()
			if len(msgs) != 3 {
				t.Fatalf("%d mails, want 3", len(msgs))
			}
			byTo := map[string][]string{}
			for _, m := range msgs {
				byTo[m.To[0]] = append(byTo[m.To[0]], m.Body())
				for _, bad := range []string{"Fran", "555-0177", "fax", "hot meals", "Groceries"} {
					if strings.Contains(m.Body(), bad) || strings.Contains(m.Header("Subject"), bad) {
						t.Errorf("a mail to %s carries %q:\n%s", m.To[0], bad, m.Body())
					}
				}
			}
			if got := byTo[f.users["clinician"].Email]; len(got) != 1 || !strings.Contains(got[0], outboxTestBase+"/follow-ups") {
				t.Errorf("the colleague's mail: %q", got)
			}
			got := strings.Join(byTo["listings@a.example.org"], "\n")
			if len(byTo["listings@a.example.org"]) != 2 || !strings.Contains(got, "reported a problem with your listing Organization A food pantry") ||
				!strings.Contains(got, "suggested edit of your listing Organization A food pantry") {
				t.Errorf("the listings address got: %q", got)
			}
			if len(byTo["intake@a.example.org"]) != 0 {
				t.Errorf("the intake address got what it did not choose: %q", byTo["intake@a.example.org"])
			}
		})
	}
}
