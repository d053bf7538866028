package api_test

// The fixture of the care tests: the accounts fixture with a data key, so that the care
// routes are open, plus helpers that make people, consents and referrals over HTTP.

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/api"
	"handoff/care"
	"handoff/internal/searchtest"
	"handoff/store"
)

var (
	careSealerOnce sync.Once
	careSealerVal  *care.Sealer
)

// careTestSealer seals notes in every test with one fixed key.
func careTestSealer(t testing.TB) *care.Sealer {
	careSealerOnce.Do(func() {
		s, err := care.NewSealer(bytes.Repeat([]byte{7}, care.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		careSealerVal = s
	})
	return careSealerVal
}

// careNew is the accounts fixture with the care routes open.
func careNew(t *testing.T, st *store.Store, opts api.Options) *accFixture {
	t.Helper()
	opts.Sealer = careTestSealer(t)
	return accNew(t, st, opts, nil)
}

// careStore is the store's care view with the test key.
func (f *accFixture) careStore() *store.CareStore { return f.st.Care(careTestSealer(f.t)) }

// addPerson makes a person over HTTP as a peer and returns its id.
func (f *accFixture) addPerson(name string) string {
	f.t.Helper()
	var p struct{ ID string }
	f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer",
		body: map[string]any{"display_name": name, "phone": "413-555-0142", "preferred_language": "es"}}).json(f.t, &p)
	return p.ID
}

// addConsent records a verbal consent of the person for the organization, witnessed
// by the clinician.
func (f *accFixture) addConsent(personID, orgID string) string {
	f.t.Helper()
	var k struct{ ID string }
	f.must(201, accReq{method: "POST", path: "/api/v1/people/" + personID + "/consents", who: "peer", body: map[string]any{
		"discloser": "Handoff peer program", "organization_ids": []string{orgID},
		"information": "name, phone and presenting need", "purpose": "referral for care",
		"expires_at": time.Now().Add(90 * 24 * time.Hour).Format(time.RFC3339),
		"method":     "verbal", "witnessed_by": f.users["clinician"].ID,
	}}).json(f.t, &k)
	return k.ID
}

type careReferral struct {
	ID          string         `json:"id"`
	Status      string         `json:"status"`
	Outcome     string         `json:"outcome"`
	Note        string         `json:"note"`
	AgencyLink  string         `json:"agency_link"`
	Version     int            `json:"version"`
	History     []care.Move    `json:"history"`
	Person      map[string]any `json:"person"`
	Shared      bool           `json:"shared"`
	ServiceID   string         `json:"service_id"`
	PersonID    string         `json:"person_id"`
	EncounterID string         `json:"encounter_id"`
}

// referralBody is a referral of the person to the service.
func referralBody(personID, serviceID, mode string) map[string]any {
	return map[string]any{"person_id": personID, "service_id": serviceID, "need": "crisis", "mode": mode,
		"note": "Prefers afternoon calls; sister is the contact."}
}

var formTokenRE = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// linkPage opens an agency link page and returns its status, body and form token.
func (f *accFixture) linkPage(link string) (int, string, string) {
	f.t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		f.t.Fatal(err)
	}
	res := f.do(accReq{method: "GET", path: u.Path})
	tok := ""
	if m := formTokenRE.FindStringSubmatch(string(res.body)); m != nil {
		tok = m[1]
	}
	return res.status, string(res.body), tok
}

// linkPost sends the agency link page's form.
func (f *accFixture) linkPost(link string, form url.Values) (int, string) {
	f.t.Helper()
	u, _ := url.Parse(link)
	req, err := http.NewRequest("POST", f.base+u.Path, strings.NewReader(form.Encode()))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

// serviceNamed finds a service's id and organization by its exact name.
func (f *accFixture) serviceNamed(name string) (svcID, orgID string) {
	f.t.Helper()
	row := f.st.DB().QueryRowContext(context.Background(), "SELECT id, organization_id FROM services WHERE name = $1", name)
	if err := row.Scan(&svcID, &orgID); err != nil {
		f.t.Fatalf("service %q: %v", name, err)
	}
	return svcID, orgID
}

// careWithSearch builds the search engine over the store, as serve does, so that
// POST /api/v1/match answers in the end-to-end test.
func careWithSearch(t *testing.T, st *store.Store) api.Options {
	t.Helper()
	return api.Options{Search: searchtest.Engine(t, st)}
}

// sibling is a second server over the same store and accounts, with other options.
func (f *accFixture) sibling(opts api.Options) *accFixture {
	f.t.Helper()
	opts.Sealer = careTestSealer(f.t)
	g := *f
	g.srv = api.New(f.st, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.t.Fatal(err)
	}
	go g.srv.App().Listener(ln)
	f.t.Cleanup(func() { g.srv.App().ShutdownWithTimeout(5 * time.Second) })
	g.base = "http://" + ln.Addr().String()
	return &g
}
