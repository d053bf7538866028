package icarol

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"handoff/directory"
)

// TestTaxonomyCodesCrosswalk: programs of a synthetic export (the test export's agency and
// first program, copied with other taxonomy columns) get their needs and levels from their
// AIRS codes, paired with names or not: codes alone map, a code decides over its words, a
// target population maps to nothing, and abuse counseling is not substance use.
func TestTaxonomyCodesCrosswalk(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var agency, program []string
	for _, r := range recs[1:] {
		switch {
		case agency == nil && r[col["TaxonomyLevelName"]] == "Agency":
			agency = r
		case program == nil && r[col["TaxonomyLevelName"]] == "Program" && r[col["ParentAgencyNum"]] == agency[col["ResourceAgencyNum"]]:
			program = r
		}
	}
	cases := []struct {
		name, codes, terms string
		needs, levels      string
	}{
		{"Codes only", "BD-1800.2000; BH-1800.8500", "", "food,housing", "community_support"},
		{"Paired residential", "RX-8450.7000", "Mental Health and Substance Abuse Services - Substance Abuse Services - Substance Abuse Treatment Programs - Residential Substance Abuse Treatment Facilities", "treatment", "residential"},
		{"Hotline", "RP-1500.1400-800", "Suicide Prevention Hotlines", "crisis", "crisis_line"},
		{"Abuse counseling", "RP-1400.8000-020; YJ-8750", "Abuse Counseling; Target Populations - Victims of Abuse", "crisis", ""},
		{"Target population only", "YZ-1750", "Target Populations - Topical Identifiers/Issues - Domestic Violence Issues", "crisis", ""},
		// Three codes, two names: the codes cannot be paired, so both are read on their own.
		{"Unpaired", "RX-8450.8000; RX-1700; TJ-3000", "Substance Abuse Counseling; Detoxification", "treatment", "outpatient,withdrawal_management"},
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(recs[0])
	w.Write(agency)
	for i, c := range cases {
		r := append([]string(nil), program...)
		r[col["ResourceAgencyNum"]] = "9" + strings.Repeat("0", 3) + string(rune('1'+i))
		r[col["PublicName"]], r[col["OfficialName"]] = c.name, c.name
		r[col["TaxonomyCodes"]], r[col["TaxonomyTerms"]] = c.codes, c.terms
		w.Write(r)
	}
	w.Flush()
	res, err := ReadFrom(&buf, "synthetic.csv", Options{Source: "codes211"})
	if err != nil {
		t.Fatal(err)
	}
	svcs := services(res)
	for _, c := range cases {
		s := svcs[c.name]
		if s == nil {
			t.Errorf("%s: not imported (%v)", c.name, keys(svcs))
			continue
		}
		needs := strings.Join(directory.TermCodes(s, directory.TaxonomyNeed), ",")
		levels := strings.Join(directory.TermCodes(s, directory.TaxonomyLevelOfCare), ",")
		if needs != c.needs || levels != c.levels {
			t.Errorf("%s: needs %q levels %q, want %q %q", c.name, needs, levels, c.needs, c.levels)
		}
	}
}
