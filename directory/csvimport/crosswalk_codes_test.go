package csvimport

import (
	"strings"
	"testing"
)

// TestCrosswalkCodes pins what the embedded table does with AIRS / 211 LA codes, alone and
// with the names 211 exports pair them with: the longest prefix decides the needs, a row
// without a level of care lets the term's words give one, and "abuse" of a person stays
// out of substance use.
func TestCrosswalkCodes(t *testing.T) {
	cw := DefaultCrosswalk()
	for _, c := range []struct {
		code, name    string
		needs, levels string
	}{
		{"BD-1800.2000", "", "food", "community_support"},                    // Food Pantries
		{"BD-5000.8300", "Soup Kitchens", "food", "community_support"},       // Meals
		{"BH-1800.8500-800", "", "housing", "community_support"},             // under Homeless Shelter
		{"BH-1800.8500", "Homeless Shelter", "housing", "community_support"}, // Emergency Shelter
		{"BH-8600", "Transitional Housing/Shelter", "housing", "community_support"},
		{"BH-1800.1500-100", "Domestic Violence Shelters", "housing crisis", "community_support"},
		{"BV-8900.9300-850", "Telephone Service Payment Assistance", "benefits", "community_support"},
		{"LH-2700", "Health Education", "health", ""}, // not utility help
		{"NL-6000.2000", "Food Stamps/SNAP", "food benefits", "community_support"},
		{"NL-5000.5000", "Medicaid", "health benefits", "community_support"},
		{"ND-3500", "Job Finding Assistance", "employment", "community_support"},
		{"FT-3600", "Immigration/Naturalization Legal Services", "legal", "community_support"},
		{"RP-1500.1400", "Crisis Intervention Hotlines/Helplines", "crisis", "crisis_line"},
		{"RP-1500.1400-800", "Suicide Prevention Hotlines", "crisis", "crisis_line"},
		{"RP-1500.1400-200", "Domestic Violence Hotlines", "crisis", "crisis_line"},
		{"RF-3000", "Helplines/Warmlines", "crisis", "crisis_line"},
		{"RP-1500", "Crisis Intervention", "crisis", ""},
		{"RP-1400.8000-050", "Adolescent/Youth Counseling", "treatment", "outpatient"},
		{"RP-1400.8000-020", "Abuse Counseling", "crisis", ""},
		{"RP-1400.8000-020.15", "Child Abuse Counseling", "crisis", ""},
		{"RX-8450.8000", "Substance Abuse Counseling", "treatment", "outpatient"},
		{"RX-8450.7000", "Residential Substance Abuse Treatment Facilities", "treatment", "residential"},
		{"RX-8450", "Substance Abuse Treatment Programs", "treatment", ""},
		{"RX-1700.1700", "Drug Detoxification", "treatment", "withdrawal_management"},
		{"RX-8250", "Substance Abuse Education/Prevention", "other", ""},
		{"RM-7000", "Residential Treatment Facilities", "treatment", "residential"},
		{"PN-8100.0500-200", "Families/Friends of Alcoholics Support Groups", "treatment", "peer_recovery_support"},
		{"YZ-1750", "Domestic Violence Issues", "crisis", ""}, // a target population: no row, the words decide
		{"BH-1800.1500-700", "Runaway/Youth Shelters", "housing crisis", "community_support"},
		{"TJ-3000.8000", "Specialized Information and Referral", "other", ""},
		{"ZZ-1234", "Food Pantries", "food", "community_support"}, // no code row: the words decide
		{"", "Food Pantries", "food", "community_support"},
	} {
		m := cw.Map([]Term{{Name: c.name, Code: c.code}})
		if strings.Join(m.Needs, " ") != c.needs || strings.Join(m.Levels, " ") != c.levels {
			t.Errorf("%s %q → needs %q levels %q; want %q, %q", c.code, c.name, m.Needs, m.Levels, c.needs, c.levels)
		}
	}
	// A need "-" silences a code, whatever its words say.
	quiet, err := ParseCrosswalk(strings.NewReader("airs:YV-3000,-,,\nshelter,housing,,\nfood,food,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := quiet.Map([]Term{{Code: "BD-1800.2000", Name: "Food"}, {Code: "YV-3000.1000", Name: "Shelter Residents"}})
	if strings.Join(m.Needs, " ") != "food" {
		t.Errorf("food for shelter residents → %q, want food", m.Needs)
	}
	m = cw.Map([]Term{{Code: "BD-1800.2000", Name: "Food Pantries"}})
	if got := m.From["handoff:need/food"]; len(got) != 1 || got[0] != "Food Pantries" {
		t.Errorf("food from %q", got)
	}
	if m := cw.Map([]Term{{Code: "BD-1800.2000"}}); m.From["handoff:need/food"][0] != "BD-1800.2000" {
		t.Errorf("a code without a name is its own source: %v", m.From)
	}
}

// TestCrosswalkCodePrefixes: a prefix holds the codes under it at level boundaries only,
// and the longest wins.
func TestCrosswalkCodePrefixes(t *testing.T) {
	cw, err := ParseCrosswalk(strings.NewReader("term,need,level_of_care,requires\n" +
		"airs:B,other,,\nairs:BH,housing,,\nairs:BH-1800,housing,community_support,\nairs:BH-1800.1500-100,crisis,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ code, want string }{
		{"BH-1800.1500-100", "BH-1800.1500-100"},
		{"BH-1800.1500-100.05", "BH-1800.1500-100"},
		{"BH-1800.1500-1000", "BH-1800"}, // not a level boundary: not under -100
		{"BH-1800.8500", "BH-1800"},
		{"bh-1800", "BH-1800"},
		{"BH-18001", "BH"},
		{"BH", "BH"},
		{"BD-1800", "B"},
		{"LH-2700", ""},
	} {
		got := ""
		if r := cw.matchCode(c.code); r != nil {
			got = r.code
		}
		if got != c.want {
			t.Errorf("%s matched %q, want %q", c.code, got, c.want)
		}
	}
	for _, bad := range []string{"airs:food,food,,", "airs:BH-18,housing,,", "airs:Y,-,community_support,", "airs:BH,nope,,"} {
		if _, err := ParseCrosswalk(strings.NewReader(bad + "\n")); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if !IsAIRSCode("RP-1400.8000-020.15") || IsAIRSCode("food") || IsAIRSCode("BH-18") {
		t.Error("IsAIRSCode")
	}
}
