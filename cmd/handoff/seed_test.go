package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/care/measures"
	"handoff/directory"
	"handoff/store"
)

// TestSeedDemoActivity is issue 6's acceptance 3: after `handoff seed --demo-activity`
// on a fresh SQLite data folder, every measure answers non-empty figures over HTTP.
func TestSeedDemoActivity(t *testing.T) {
	if testing.Short() {
		t.Skip("a year of demo activity")
	}
	ctx := context.Background()
	dir := t.TempDir()
	cfg := &config{Data: dir}
	cc := &careConfig{SmallCells: measures.DefaultMinCell}
	var out bytes.Buffer
	if err := runSeed(ctx, cfg, cc, seedOptions{DemoActivity: true, Peers: 3, RandomSeed: 1}, &out); err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	if _, err := os.Stat(filepath.Join(dir, dataKeyFile)); err != nil {
		t.Fatalf("demo mode made no data key: %v", err)
	}
	// Running it again adds nothing: demo activity never mixes into existing work.
	var again bytes.Buffer
	if err := runSeed(ctx, cfg, cc, seedOptions{DemoActivity: true, Peers: 3, RandomSeed: 1}, &again); err != nil {
		t.Fatal(err)
	}

	st, err := openStore(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	peers, _, err := st.Users(ctx, store.UserFilter{Role: "peer"}, store.Page{Number: 1, PerPage: 10})
	if err != nil || len(peers) < 3 {
		t.Fatalf("demo peers: %d, %v", len(peers), err)
	}
	sealer, err := cc.sealer(cfg, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := api.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{Sealer: sealer})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.App().Listener(ln)
	defer srv.App().ShutdownWithTimeout(5 * time.Second)
	coord, err := st.UserByEmail(ctx, "coordinator@handoff.example")
	if err != nil {
		t.Fatal(err)
	}
	token, hash := access.NewToken(access.SessionToken)
	if err := st.CreateSession(ctx, store.Session{ID: directory.NewID(), TokenHash: hash, UserID: coord.ID, CreatedAt: time.Now(), LastSeenAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	get := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, b)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	var rep measures.RepeatReport
	get("/api/v1/measures/repeat-locations", &rep)
	if rep.Calls == 0 || rep.RepeatCalls == 0 || len(rep.Places) == 0 || len(rep.Trend) == 0 {
		t.Errorf("repeat locations: %d calls, %d repeat, %d places", rep.Calls, rep.RepeatCalls, len(rep.Places))
	}
	var sh measures.ShiftReport
	get("/api/v1/measures/interactions-per-shift", &sh)
	if len(sh.Shifts) == 0 || len(sh.Peers) < 2 || sh.Program.Interactions.Total == 0 || len(sh.Weeks) == 0 {
		t.Errorf("interactions per shift: %d shifts, %d peers, program %+v", len(sh.Shifts), len(sh.Peers), sh.Program)
	}
	var div measures.DiversionReport
	get("/api/v1/measures/diversions", &div)
	if div.Total.Encounters == 0 || div.Total.EDDiverted == 0 || div.Total.DirectToPeer == 0 || len(div.ByTown) == 0 {
		t.Errorf("diversions: %+v", div.Total)
	}
	var ref measures.ReferralReport
	get("/api/v1/measures/referrals", &ref)
	if ref.Referrals == 0 || ref.Completed == 0 || ref.CompletionRate == nil || len(ref.ByOrganization) == 0 || len(ref.FailureReasons)+len(ref.RejectionReasons) == 0 {
		t.Errorf("referrals: %d made, %d completed, rate %v", ref.Referrals, ref.Completed, ref.CompletionRate)
	}
	t.Logf("demo year: %d calls, %d repeat calls in %d places; %d encounters, %d ED diverted", rep.Calls, rep.RepeatCalls, rep.PlacesTotal, div.Total.Encounters, div.Total.EDDiverted)
}
