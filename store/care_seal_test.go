package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/store/storetest"
)

// writeNotes records an encounter, a referral and a follow-up attempt, each with a note
// carrying the canary, and checks that they read back in clear.
func writeNotes(t *testing.T, f *careFixture, canary string) {
	t.Helper()
	ctx := context.Background()
	person := f.person(t, "N.")
	e, fu := f.encounter(t, care.Encounter{PersonID: person, OccurredAt: time.Now().Add(-time.Hour), Notes: "encounter " + canary})
	ref, err := f.referral(t, care.Referral{PersonID: person, ServiceID: f.shelter, Need: "housing", Mode: care.ModeLogged, Note: "referral " + canary})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.AddAttempt(ctx, fu.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptNoAnswer, By: f.peer, Note: "attempt " + canary}); err != nil {
		t.Fatal(err)
	}
	ge, _ := f.c.Encounter(ctx, e.ID)
	gr, _ := f.c.Referral(ctx, ref.ID)
	gf, _ := f.c.FollowUp(ctx, fu.ID)
	// A positive control: text kept in clear must be found, or the search proves nothing.
	f.encounter(t, care.Encounter{OccurredAt: time.Now().Add(-time.Hour), PoliceDepartment: "control-" + canary})
	if ge.Notes != "encounter "+canary || gr.Note != "referral "+canary || gf.Attempts[0].Note != "attempt "+canary {
		t.Fatalf("notes read back: %q %q %+v", ge.Notes, gr.Note, gf.Attempts)
	}
	// Without the key's view, or for a role that may not read notes, nothing comes out.
	blind := f.st.Care(nil)
	if e, _ := blind.Encounter(ctx, e.ID); e.Notes != "" {
		t.Error("a view without a key read a note")
	}
	if r, _ := f.c.WithoutNotes().Referral(ctx, ref.ID); r.Note != "" {
		t.Error("WithoutNotes read a note")
	}
	if _, err := blind.CreateEncounter(ctx, &care.Encounter{OccurredAt: time.Now(), Source: care.SourceWalkIn,
		Disposition: care.DispositionOther, Notes: "x"}); !errors.Is(err, care.ErrNoDataKey) {
		t.Errorf("a note written without a key: %v", err)
	}
	// Under another key the notes do not open.
	other, _ := care.NewSealer(bytes.Repeat([]byte{9}, care.KeySize))
	if _, err := f.st.Care(other).Encounter(ctx, e.ID); !errors.Is(err, care.ErrWrongKey) {
		t.Errorf("another key: %v", err)
	}
}

func canary() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "canary-" + hex.EncodeToString(b)
}

func TestCareNotesSealedSQLite(t *testing.T) {
	st, cfg := storetest.SQLiteConfig(t)
	f := newCareFixture(t, st)
	c := canary()
	writeNotes(t, f, c)
	var found []string
	control := false
	files, _ := filepath.Glob(filepath.Join(cfg.DataDir, "handoff.db*")) // the database, its WAL and shared memory
	if len(files) == 0 {
		t.Fatal("no database file")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		control = control || bytes.Contains(b, []byte("control-"+c))
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte(c))
			if j < 0 {
				break
			}
			if !bytes.HasSuffix(b[:i+j], []byte("control-")) {
				found = append(found, name)
				break
			}
			i += j + len(c)
		}
	}
	if !control {
		t.Error("the control text kept in clear was not found: the search does not work")
	}
	if len(found) > 0 {
		t.Errorf("note text found in %v", found)
	}
}

func TestCareNotesSealedPostgres(t *testing.T) {
	st := storetest.Postgres(t)
	f := newCareFixture(t, st)
	c := canary()
	writeNotes(t, f, c)
	ctx := context.Background()
	var tables []string
	rows, err := st.DB().QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("only %d tables in the schema", len(tables))
	}
	for _, tbl := range tables {
		var text string
		if err := st.DB().QueryRowContext(ctx, `SELECT COALESCE(string_agg(x::text, ' '), '') FROM "`+tbl+`" x`).Scan(&text); err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		if strings.Contains(strings.ReplaceAll(text, "control-"+c, ""), c) {
			t.Errorf("note text found in table %s", tbl)
		}
		if tbl == "encounters" && !strings.Contains(text, "control-"+c) {
			t.Error("the control text kept in clear was not found: the search does not work")
		}
		if tbl == "encounters" && !strings.Contains(text, "hs1:") {
			t.Errorf("no sealed note in %s", tbl)
		}
	}
}
