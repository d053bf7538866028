package csvimport

import (
	"slices"
	"strings"
	"testing"
)

// TestCrosswalkExamples pins what the embedded table does with the terms real directories
// use: AIRS/211 top-level names, Ohana keywords and Open Eligibility names.
func TestCrosswalkExamples(t *testing.T) {
	cw := DefaultCrosswalk()
	for _, c := range []struct {
		terms         []string
		needs, levels string
	}{
		{[]string{"FOOD"}, "food", "community_support"},
		{[]string{"Food Pantries"}, "food", "community_support"},
		{[]string{"HOUSING"}, "housing", "community_support"},
		{[]string{"Emergency Shelter"}, "housing", "community_support"},
		{[]string{"EMPLOYMENT/TRAINING SERVICES"}, "employment", "community_support"},
		{[]string{"Mental Health"}, "treatment", ""},
		{[]string{"MENTAL HEALTH SERVICES", "Individual/Group Counseling"}, "treatment", "outpatient"},
		{[]string{"Substance Abuse"}, "treatment", ""},
		{[]string{"ALCOHOLISM SERVICES", "Residential Care"}, "treatment", "residential"},
		{[]string{"Residential Care", "Older Adults"}, "", ""},
		{[]string{"Detox"}, "treatment", "withdrawal_management"},
		{[]string{"Legal"}, "legal", "community_support"},
		{[]string{"Transportation"}, "transportation", "community_support"},
		{[]string{"Health"}, "health", ""},
		{[]string{"HEALTH SERVICES", "Outpatient Care"}, "health", ""},
		{[]string{"Income Support"}, "benefits", "community_support"},
		{[]string{"Help Pay for Food"}, "benefits food", "community_support"},
		{[]string{"Crisis Hotlines"}, "crisis", "crisis_line"},
		{[]string{"Suicide Prevention Hotlines"}, "crisis", "crisis_line"},
		{[]string{"Mobile Crisis Teams"}, "crisis", "mobile_crisis"},
		{[]string{"Psychiatric Emergency Services"}, "crisis", ""},
		{[]string{"Foreclosure Counseling"}, "housing", "community_support"},
		{[]string{"Workplace Rights"}, "legal", "community_support"},
		{[]string{"Work"}, "employment", "community_support"},
		{[]string{"Libraries"}, "other", ""},
		{[]string{"Library", "Food"}, "food", "community_support"},
		{[]string{"Passport Photos"}, "", ""},
		{[]string{"Salud", "Medicina"}, "health", ""},
		{[]string{"wic"}, "food benefits", "community_support"},
		{[]string{"Addiction & Recovery"}, "treatment", ""},
	} {
		var terms []Term
		for _, n := range c.terms {
			terms = append(terms, Term{Name: n})
		}
		m := cw.Map(terms)
		if strings.Join(m.Needs, " ") != c.needs || strings.Join(m.Levels, " ") != c.levels {
			t.Errorf("%q → needs %q levels %q; want %q, %q", c.terms, m.Needs, m.Levels, c.needs, c.levels)
		}
	}
}

func TestCrosswalkAncestors(t *testing.T) {
	cw := DefaultCrosswalk()
	m := cw.Map([]Term{{Name: "Job Placement"}, {Name: "Skills & Training", Ancestors: []string{"Work"}}})
	if !slices.Equal(m.Needs, []string{"employment"}) {
		t.Errorf("needs %q", m.Needs)
	}
	// The term's own name decides before its ancestors do.
	m = cw.Map([]Term{{Name: "Counseling", Ancestors: []string{"Support Network", "Care"}}})
	if !slices.Equal(m.Needs, []string{"treatment"}) || !slices.Equal(m.Levels, []string{"outpatient"}) {
		t.Errorf("needs %q levels %q", m.Needs, m.Levels)
	}
	m = cw.Map([]Term{{Name: "Maintenance & Repairs", Ancestors: []string{"Help Pay for Housing", "Housing"}}})
	if !slices.Equal(m.Needs, []string{"benefits", "housing"}) {
		t.Errorf("needs %q", m.Needs)
	}
	if got := m.From["handoff:need/housing"]; !slices.Equal(got, []string{"Maintenance & Repairs"}) {
		t.Errorf("from %q", got)
	}
}

func TestParseCrosswalkErrors(t *testing.T) {
	for _, c := range []struct{ table, want string }{
		{"term,need,level_of_care,requires\nfood,fod,,\n", `line 2: "fod" is not a handoff:need code`},
		{"# c\n\nfood,food,outpatients,\n", `line 3: "outpatients" is not a handoff:level_of_care code`},
		{"food,,,\n", `maps to nothing`},
		{"food,food,,foood\n", `requires: "foood"`},
		{",food,,\n", "term is empty"},
		{"food,food,,,x\n", "5 fields"},
		{"# only comments\n", "no rows"},
	} {
		_, err := ParseCrosswalk(strings.NewReader(c.table))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.table, err, c.want)
		}
	}
	cw, err := ParseCrosswalk(strings.NewReader("=Goods,other,,\nbeds,housing,residential,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m := cw.Map([]Term{{Name: "Sleeping Beds"}, {Name: "Household Goods"}}); !slices.Equal(m.Needs, []string{"housing"}) {
		t.Errorf("a table of one's own: %q", m.Needs)
	}
}

// TestCrosswalkRegionTerms pins what a real region's export needed: hotlines of crisis
// services as crisis lines (an eviction hotline is not one), residential programs and
// withdrawal management for substance use at their levels of care, the abuse of a person
// as a crisis rather than as substance-use treatment, utility bills as benefits, and the
// Haitian Creole and Portuguese keywords, accents or not.
func TestCrosswalkRegionTerms(t *testing.T) {
	cw := DefaultCrosswalk()
	for _, c := range []struct {
		terms         []string
		needs, levels string
	}{
		{[]string{"Crisis Intervention Hotlines"}, "crisis", "crisis_line"},
		{[]string{"Domestic Violence Hotlines"}, "crisis", "crisis_line"},
		{[]string{"Helplines/Warmlines"}, "crisis", "crisis_line"},
		{[]string{"Hotlines"}, "crisis", "crisis_line"},
		{[]string{"Eviction Hotline"}, "housing", "community_support"},
		{[]string{"Línea de crisis"}, "crisis", "crisis_line"},
		{[]string{"Residential Substance Abuse Treatment Facilities"}, "treatment", "residential"},
		{[]string{"Substance Abuse Services", "Residential Programs"}, "treatment", "residential"},
		{[]string{"Residential Programs", "Older Adults"}, "", ""},
		{[]string{"Rehab"}, "treatment", "residential"},
		{[]string{"Recovery Homes"}, "housing treatment", "residential"},
		{[]string{"Sober Houses"}, "housing treatment", "peer_recovery_support"},
		{[]string{"Acute Treatment Services"}, "treatment", "withdrawal_management"},
		{[]string{"Medically Monitored Withdrawal"}, "treatment", "withdrawal_management"},
		{[]string{"Desintoxicação"}, "treatment", "withdrawal_management"},
		{[]string{"Substance Abuse Counseling"}, "treatment", "outpatient"},
		{[]string{"Abuse Counseling"}, "crisis", ""},
		{[]string{"Elder Abuse Counseling"}, "crisis", ""},
		{[]string{"Abused Children"}, "crisis", ""},
		{[]string{"Domestic/Family Violence Legal Services"}, "crisis legal", "community_support"},
		{[]string{"Electric Service Payment Assistance"}, "benefits", "community_support"},
		{[]string{"Utility Disconnection Protection"}, "benefits", "community_support"},
		{[]string{"manje"}, "food", "community_support"},
		{[]string{"Alimentação"}, "food", "community_support"},
		{[]string{"lojman", "abri"}, "housing", "community_support"},
		{[]string{"Abrigo", "Moradia"}, "housing", "community_support"},
		{[]string{"Doktè"}, "health", ""},
		{[]string{"Médico"}, "health", ""},
		{[]string{"kriz"}, "crisis", ""},
	} {
		var terms []Term
		for _, n := range c.terms {
			terms = append(terms, Term{Name: n})
		}
		m := cw.Map(terms)
		if strings.Join(m.Needs, " ") != c.needs || strings.Join(m.Levels, " ") != c.levels {
			t.Errorf("%q → needs %q levels %q; want %q, %q", c.terms, m.Needs, m.Levels, c.needs, c.levels)
		}
	}
}
