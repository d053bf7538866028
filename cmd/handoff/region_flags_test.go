//go:build unix

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/geo"
)

const pensacolaBoundaries = "../../geo/testdata/pensacola.geojson"

// TestRegionFlagsRefuseBadBoundaries: a boundary file that cannot be the region's towns
// stops serve and import before they touch anything, saying what is wrong.
func TestRegionFlagsRefuseBadBoundaries(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "towns.geojson")
	if err := os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"TOWN":"A"},`+
		`"geometry":{"type":"Polygon","coordinates":[[[-87.25,30.4],[-87.15,30.4],[-87.15,30.55],[-87.25,30.4]]]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", dir, "--boundaries", bad}, `no property "name" to name the town (its properties: TOWN)`},
		{[]string{"import", "--data", dir, "--boundaries", bad, "--boundary-name-property", "NAME", "x.json"}, `no property "NAME"`},
		{[]string{"import", "--data", dir, "--boundaries", filepath.Join(dir, "none.geojson"), "x.json"}, "no such file"},
		{[]string{"import", "--data", dir, "--home-state", "FL", "x.json"}, "--home-state goes with --boundaries"},
		{[]string{"import", "--data", dir, "--boundaries", pensacolaBoundaries, "--boundary-name-property", "NAME", "--home-state", "Florida", "x.json"}, `"Florida" is not a US state code`},
	} {
		root := newRoot()
		root.SetArgs(tt.args)
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		err := root.Execute()
		geo.SetDefault(nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "handoff.db")); err == nil {
		t.Error("a refused start made a database")
	}
}

// TestServeWithOwnBoundaries: serve --boundaries makes the file's features the towns of
// near= (and of the rest), with the home state derived from them, while any US place
// still resolves.
func TestServeWithOwnBoundaries(t *testing.T) {
	t.Cleanup(func() { geo.SetDefault(nil) })
	runServe(t, func(base string) {
		for _, tt := range []struct{ near, label, town string }{
			{"Warrington", "Warrington", "Warrington"},
			{"32501", "32501", "Pensacola"},
			{"Springfield", "Springfield, FL", ""},
			{"Holyoke", "Holyoke, MA", ""},
		} {
			res, err := http.Get(base + "api/v1/search?near=" + strings.ReplaceAll(tt.near, " ", "+"))
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				Query struct {
					Near struct{ Label, Town, State string } `json:"near"`
				} `json:"query"`
			}
			err = json.NewDecoder(res.Body).Decode(&body)
			res.Body.Close()
			if err != nil || res.StatusCode != 200 || body.Query.Near.Label != tt.label || body.Query.Near.Town != tt.town {
				t.Errorf("near=%s: %d %v %+v, want %q in %q", tt.near, res.StatusCode, err, body.Query.Near, tt.label, tt.town)
			}
		}
	}, "--data", t.TempDir(), "--boundaries", pensacolaBoundaries, "--boundary-name-property", "NAME", "--seed", "off")
	if g := geo.Default(); g.Home() != "FL" || len(g.Towns()) != 3 {
		t.Errorf("the running gazetteer: home %q, %d towns", g.Home(), len(g.Towns()))
	}
}
