package geo

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// The embedded national files are trimmed from the copies in the shared geodata folder
// (see data/SOURCES.md). Rebuild them with:
//
//	go test ./geo -run TestGenerateData -geodata /work/shared/geodata
//
// Without -geodata the test is skipped. The output is deterministic (sorted rows, a
// gzip header without a time), so a rebuild from the same input changes nothing.
var geodata = flag.String("geodata", "", "folder of the source geodata files; rebuild geo/data from it")

func TestGenerateData(t *testing.T) {
	if *geodata == "" {
		t.Skip("no -geodata folder given")
	}
	zcta, err := os.ReadFile(filepath.Join(*geodata, "us_zcta_centroids_census_gazetteer.txt"))
	if err != nil {
		t.Fatal(err)
	}
	points, err := parseZCTA(zcta)
	if err != nil {
		t.Fatal(err)
	}
	writeGz(t, "data/us_zips.tsv.gz", genZIPs(t, points))
	writeGz(t, "data/us_places.tsv.gz", genPlaces(t))
	writeGz(t, "data/us_counties.tsv.gz", genCounties(t))
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(*geodata, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// genZIPs joins the ZCTA points with the GeoNames ZIP list: every ZIP with its USPS
// city and state, its point from the ZCTA when it is one (src z) and from GeoNames only
// when it is not (src g).
func genZIPs(t *testing.T, zcta map[string]orb.Point) []string {
	rows := readCSV(t, "us_zipcodes_geonames.csv")
	type zip struct{ city, state, lat, lon, src string }
	all := map[string]zip{}
	for _, r := range rows[1:] {
		z := zip{city: r[1], state: r[2], lat: r[5], lon: r[6], src: "g"}
		if z.lat == "" || z.lon == "" {
			z.src = ""
		}
		all[r[0]] = z
	}
	for code, p := range zcta {
		z := all[code]
		z.lat, z.lon, z.src = ff(p[1]), ff(p[0]), "z"
		all[code] = z
	}
	out := []string{"zip\tcity\tstate\tlat\tlon\tsrc"}
	for code, z := range all {
		if z.src == "" {
			continue // GeoNames has the name but no point; nothing to answer with
		}
		out = append(out, strings.Join([]string{code, z.city, z.state, z.lat, z.lon, z.src}, "\t"))
	}
	slices.Sort(out[1:])
	return out
}

// govSuffixes end the names of consolidated governments, whose everyday name is the
// part before them, before a hyphen or slash ("Nashville-Davidson metropolitan
// government (balance)" is Nashville).
var govSuffixes = []string{" metropolitan government", " unified government", " consolidated government",
	" metro government", " city"}

// placeName is the name people use for a Census place.
func placeName(name string) string {
	balance := false
	if i := strings.Index(name, " ("); i > 0 {
		name, balance = name[:i], true // "(balance)"
	}
	gov := false
	for _, s := range govSuffixes {
		if n, ok := strings.CutSuffix(name, s); ok && (s != " city" || balance) {
			name, gov = n, true
		}
	}
	if gov {
		if i := strings.IndexAny(name, "-/"); i > 0 {
			name = name[:i]
		}
	}
	if n, ok := strings.CutPrefix(name, "Urban "); ok {
		name = n // "Urban Honolulu"
	}
	if i := strings.Index(name, ", "); i > 0 {
		name = name[:i] // "Lynchburg, Moore County"
	}
	return name
}

// genPlaces keeps each Census place's everyday name, state, internal point and latest
// population (2021 estimate, else 2020 base), one row per name and state (the larger).
func genPlaces(t *testing.T) []string {
	rows := readCSV(t, "us_places_census_2022.csv")
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	type pl struct {
		lat, lon string
		pop      int
	}
	best := map[[2]string]pl{}
	for _, r := range rows[1:] {
		pop, err := strconv.Atoi(r[col["POPEST"]])
		if err != nil {
			pop, _ = strconv.Atoi(r[col["POPBASE"]])
		}
		k := [2]string{placeName(r[col["NAME"]]), r[col["STUSPS"]]}
		if old, ok := best[k]; ok && old.pop >= pop {
			continue
		}
		best[k] = pl{r[col["INTPTLAT"]], r[col["INTPTLON"]], pop}
	}
	out := []string{"name\tstate\tlat\tlon\tpop"}
	for k, p := range best {
		out = append(out, strings.Join([]string{k[0], k[1], p.lat, p.lon, strconv.Itoa(p.pop)}, "\t"))
	}
	slices.Sort(out[1:])
	return out
}

// lsadWords are the Census county kinds, as the county's name ends.
var lsadWords = map[string]string{"06": "County", "15": "Parish", "04": "Borough", "05": "Census Area",
	"03": "City and Borough", "12": "Municipality", "13": "Municipio", "25": "city"}

// genCounties keeps each county's name, kind, state and a point inside it.
func genCounties(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join(*geodata, "us_counties_census_20m.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties struct{ STATEFP, NAME, LSAD string } `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	out := []string{"name\tkind\tstate\tlat\tlon"}
	for _, f := range fc.Features {
		st, ok := stateOfFIPS(f.Properties.STATEFP)
		if !ok {
			t.Fatalf("state FIPS %q", f.Properties.STATEFP)
		}
		mp, err := decodeMultiPolygon(f.Geometry.Type, f.Geometry.Coordinates)
		if err != nil {
			t.Fatal(err)
		}
		p := representativePoint(mp)
		out = append(out, strings.Join([]string{f.Properties.NAME, lsadWords[f.Properties.LSAD], st, ff(p[1]), ff(p[0])}, "\t"))
	}
	slices.Sort(out[1:])
	return out
}

func ff(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func writeGz(t *testing.T, name string, lines []string) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d rows, %d bytes", name, len(lines)-1, buf.Len())
}

// parseZCTA reads the Census Gazetteer ZCTA file. Columns are found by header
// name because this copy has longitude before latitude, unlike the Census
// original; rows whose GEOID is not five digits (the blank trailer) are
// skipped. CRLF and LF line endings are both accepted.
func parseZCTA(data []byte) (map[string]orb.Point, error) {
	lines := bytes.Split(data, []byte("\n"))
	header := strings.Split(strings.TrimRight(string(lines[0]), "\r"), "\t")
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	iz, ok1 := col["GEOID"]
	ilon, ok2 := col["INTPTLONG"]
	ilat, ok3 := col["INTPTLAT"]
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("header %q lacks GEOID, INTPTLONG or INTPTLAT", header)
	}
	need := max(iz, ilon, ilat) + 1

	zips := make(map[string]orb.Point, len(lines))
	for n, line := range lines[1:] {
		f := strings.Split(strings.TrimRight(string(line), "\r"), "\t")
		if len(f) < need {
			if strings.TrimSpace(string(line)) == "" {
				continue
			}
			return nil, fmt.Errorf("line %d: %d fields, want %d", n+2, len(f), need)
		}
		z := strings.TrimSpace(f[iz])
		if len(z) != 5 || !allDigits(z) {
			continue
		}
		lon, err1 := strconv.ParseFloat(strings.TrimSpace(f[ilon]), 64)
		lat, err2 := strconv.ParseFloat(strings.TrimSpace(f[ilat]), 64)
		if err1 != nil || err2 != nil || !validLonLat(lon, lat) {
			return nil, fmt.Errorf("line %d: bad coordinates for %s", n+2, z)
		}
		zips[z] = orb.Point{lon, lat}
	}
	if len(zips) == 0 {
		return nil, fmt.Errorf("no ZCTAs")
	}
	return zips, nil
}
