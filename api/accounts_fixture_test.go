package api_test

// The fixture of the accounts-and-access tests: a real server on a loopback port over a
// fresh store, two organizations (A and B) with a service and a location each, and one
// signed-in user per role, plus an agency user of B ("agency_other").

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/directory"
	"handoff/store"
)

// accPassword is every fixture user's password: one hash for all keeps the fixture fast.
const accPassword = "fixture password 4 tests"

// The identities that call routes; "anon" sends no credentials.
var accIdentities = []string{"anon", "peer", "clinician", "coordinator", "agency", "agency_other", "admin"}

type accUser struct {
	ID, Email, Name, Role, Org string
	Token                      string // a session token, sent as a bearer token
}

type accFixture struct {
	t      *testing.T
	st     *store.Store
	srv    *api.Server
	base   string
	client *http.Client
	hash   string

	orgA, orgB string
	svcA, svcB string
	locA, locB string
	salA       string
	users      map[string]accUser
}

// accNew builds the fixture over st. log may be nil (discard).
func accNew(t *testing.T, st *store.Store, opts api.Options, log *slog.Logger) *accFixture {
	t.Helper()
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	f := &accFixture{t: t, st: st, users: map[string]accUser{},
		client: &http.Client{Timeout: 30 * time.Second}}
	var err error
	if f.hash, err = access.HashPassword(accPassword); err != nil {
		t.Fatal(err)
	}
	f.orgA, f.svcA, f.locA, f.salA = f.addListing("Organization A")
	f.orgB, f.svcB, f.locB, _ = f.addListing("Organization B")
	for _, who := range accIdentities[1:] {
		role, org := who, ""
		switch who {
		case "agency":
			org = f.orgA
		case "agency_other":
			role, org = "agency", f.orgB
		}
		f.users[who] = f.addUser(role, org, "Fixture "+who, who+"@fixture.example")
	}
	f.srv = api.New(st, log, opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go f.srv.App().Listener(ln)
	t.Cleanup(func() { f.srv.App().ShutdownWithTimeout(5 * time.Second) })
	f.base = "http://" + ln.Addr().String()
	return f
}

// addListing writes an organization with one service delivered at one location.
func (f *accFixture) addListing(name string) (orgID, svcID, locID, salID string) {
	f.t.Helper()
	orgID, svcID, locID, salID = directory.NewID(), directory.NewID(), directory.NewID(), directory.NewID()
	lat, lon := 42.1, -72.59
	svc := directory.Service{
		ID: svcID, Name: name + " food pantry", Status: "active", Description: "Groceries once a week.",
		Organization: &directory.Organization{ID: orgID, Name: name, Description: "A fixture organization."},
		Phones:       []directory.Phone{{Number: "413-555-0100"}},
		Attributes:   []directory.Attribute{{TaxonomyTermID: directory.TermID("handoff:need", "food")}},
		ServiceAtLocations: []directory.ServiceAtLocation{{ID: salID, Location: &directory.Location{
			ID: locID, LocationType: "physical", Name: name + " main site", Latitude: &lat, Longitude: &lon,
			Addresses: []directory.Address{{Address1: "1 Main Street", City: "Springfield", StateProvince: "MA", PostalCode: "01103", Country: "US"}},
		}}},
	}
	f.writeService(svc)
	return
}

func (f *accFixture) writeService(svc directory.Service) {
	f.t.Helper()
	directory.NormalizeService(&svc)
	if chk := directory.ValidateService(&svc); len(chk.Errors) > 0 {
		f.t.Fatalf("fixture service invalid: %v", chk.Errors)
	}
	if _, err := f.st.WriteAll(context.Background(), []directory.Record{{Line: 1, Service: &svc}}); err != nil {
		f.t.Fatalf("fixture service: %v", err)
	}
}

// addUser creates an account and a session for it.
func (f *accFixture) addUser(role, org, name, email string) accUser {
	f.t.Helper()
	ctx := context.Background()
	u := accUser{ID: directory.NewID(), Email: email, Name: name, Role: role, Org: org}
	if err := f.st.CreateUser(ctx, store.User{ID: u.ID, Email: email, Name: name, Role: role, OrganizationID: org, PasswordHash: f.hash}); err != nil {
		f.t.Fatalf("fixture user %s: %v", email, err)
	}
	u.Token = f.newSession(u.ID)
	return u
}

// newSession signs a user in without the login route, and returns the session token.
func (f *accFixture) newSession(userID string) string {
	f.t.Helper()
	token, hash := access.NewToken(access.SessionToken)
	now := time.Now()
	if err := f.st.CreateSession(context.Background(), store.Session{ID: directory.NewID(), TokenHash: hash, UserID: userID, CreatedAt: now, LastSeenAt: now}); err != nil {
		f.t.Fatal(err)
	}
	return token
}

// accReq is one request: who sends it and how.
type accReq struct {
	method, path string
	who          string // an identity; "anon" or "" for none
	token        string // overrides the identity's token
	body         any    // nil, a string or []byte sent as is, or a value sent as JSON
	header       map[string]string
}

type accRes struct {
	status int
	header http.Header
	body   []byte
}

func (r accRes) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (f *accFixture) do(r accReq) accRes {
	f.t.Helper()
	var body io.Reader
	var ctype string
	switch b := r.body.(type) {
	case nil:
	case string:
		body, ctype = strings.NewReader(b), "application/json"
	case []byte:
		body, ctype = bytes.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		body, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(r.method, f.base+r.path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	token := r.token
	if token == "" && r.who != "" && r.who != "anon" {
		token = f.users[r.who].Token
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	res, err := f.client.Do(req)
	if err != nil {
		f.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return accRes{status: res.StatusCode, header: res.Header, body: b}
}

// must sends the request and fails the test unless it answers want.
func (f *accFixture) must(want int, r accReq) accRes {
	f.t.Helper()
	res := f.do(r)
	if res.status != want {
		f.t.Fatalf("%s %s as %s: status %d, want %d: %s", r.method, r.path, r.who, res.status, want, res.body)
	}
	return res
}

// count counts the rows of a table.
func (f *accFixture) count(table string) int {
	f.t.Helper()
	var n int
	if err := f.st.DB().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// snapshot counts the rows of every table a failed request must leave alone.
func (f *accFixture) snapshot() map[string]int {
	out := map[string]int{}
	for _, t := range []string{"organizations", "services", "locations", "service_at_location", "addresses", "phones",
		"schedules", "languages", "attributes", "taxonomy_terms", "changes", "users", "sessions", "api_tokens"} {
		out[t] = f.count(t)
	}
	return out
}

// newServiceBody is a service of the organization, ready to POST.
func accServiceBody(orgID, name string) map[string]any {
	return map[string]any{
		"id": directory.NewID(), "name": name, "status": "active", "organization_id": orgID,
		"description": "Fixture service.",
		"phones":      []map[string]any{{"number": "413-555-0199"}},
	}
}
