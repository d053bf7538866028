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
	"handoff/care/measures/deid"
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
	cc := &careConfig{SmallCells: deid.DefaultMin}
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
	// The measures answer de-identified tables (care/measures/deid): read them as JSON.
	type obj = map[string]any
	num := func(o obj, k string) float64 { x, _ := o[k].(float64); return x }
	list := func(o obj, k string) []any { x, _ := o[k].([]any); return x }
	var rep, sh, div, ref obj
	get("/api/v1/measures/repeat-locations", &rep)
	if num(rep, "calls") == 0 || num(rep, "repeat_calls") == 0 || len(list(rep, "places")) == 0 || len(list(rep, "trend")) == 0 {
		t.Errorf("repeat locations: %v calls, %v repeat, %d places", rep["calls"], rep["repeat_calls"], len(list(rep, "places")))
	}
	get("/api/v1/measures/interactions-per-shift", &sh)
	program, _ := sh["program"].(obj)
	if len(list(sh, "shifts")) == 0 || len(list(sh, "peers")) < 2 || num(program, "interactions_total") == 0 || len(list(sh, "weeks")) == 0 {
		t.Errorf("interactions per shift: %d shifts, %d peers, program %v", len(list(sh, "shifts")), len(list(sh, "peers")), program)
	}
	get("/api/v1/measures/diversions", &div)
	total, _ := div["total"].(obj)
	if num(total, "encounters") == 0 || num(total, "ed_diverted") == 0 || num(total, "direct_to_peer") == 0 || len(list(div, "by_town")) == 0 {
		t.Errorf("diversions: %v", total)
	}
	get("/api/v1/measures/referrals", &ref)
	if num(ref, "referrals") == 0 || num(ref, "completed") == 0 || ref["completion_rate"] == nil || len(list(ref, "by_organization")) == 0 ||
		len(list(ref, "failure_reasons"))+len(list(ref, "rejection_reasons")) == 0 {
		t.Errorf("referrals: %v made, %v completed, rate %v", ref["referrals"], ref["completed"], ref["completion_rate"])
	}
	t.Logf("demo year: %v calls, %v repeat calls in %v places; %v encounters, %v ED diverted", rep["calls"], rep["repeat_calls"], rep["places_total"], total["encounters"], total["ed_diverted"])
}

// TestSeedEncounters sizes the year: `handoff seed --demo-activity --encounters N`
// writes N encounters over enough peers, and refuses a negative size.
func TestSeedEncounters(t *testing.T) {
	ctx := context.Background()
	cfg := &config{Data: t.TempDir()}
	cc := &careConfig{SmallCells: deid.DefaultMin}
	var out bytes.Buffer
	if err := runSeed(ctx, cfg, cc, seedOptions{DemoActivity: true, Peers: 1, RandomSeed: 3, Encounters: -1}, &out); err == nil {
		t.Error("a negative size was taken")
	}
	if err := runSeed(ctx, cfg, cc, seedOptions{DemoActivity: true, Peers: 1, RandomSeed: 3, Encounters: 4000}, &out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte(" 4000 encounters")) || !bytes.Contains(out.Bytes(), []byte("Added 1000 service gaps")) {
		t.Errorf("no year of 4000 encounters and 1000 service gaps:\n%s", out.String())
	}
	st, err := store.Open(ctx, store.Config{DataDir: cfg.Data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	peers, err := userIDs(ctx, st, access.Peer)
	if err != nil || len(peers) < 3 { // PeersFor(4000) = 3
		t.Errorf("%d peers carry 4000 encounters (%v)", len(peers), err)
	}
}
