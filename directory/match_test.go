package directory

import (
	"slices"
	"testing"
)

func TestMatchLevels(t *testing.T) {
	locus := func(n int) *int { return &n }
	tests := []struct {
		name   string
		need   string
		a      Assessment
		rule   string
		levels []string
	}{
		{"imminent risk", "crisis", Assessment{ImminentRisk: true}, "imminent-risk", []string{"mobile_crisis", "crisis_stabilization"}},
		{"imminent risk beats an assessed level", "crisis", Assessment{ImminentRisk: true, LevelOfCare: "crisis_line"}, "imminent-risk", []string{"mobile_crisis", "crisis_stabilization"}},
		{"crisis, not imminent", "crisis", Assessment{}, "crisis-not-imminent", []string{"living_room", "crisis_line", "crisis_stabilization"}},
		{"crisis with an assessed level", "crisis", Assessment{LevelOfCare: "living_room"}, "assessed-level", []string{"living_room"}},
		{"treatment", "treatment", Assessment{}, "treatment", []string{"outpatient", "intensive_outpatient", "withdrawal_management"}},
		{"treatment with an assessed level", "treatment", Assessment{LevelOfCare: "residential"}, "assessed-level", []string{"residential"}},
		{"treatment LOCUS 0", "treatment", Assessment{LOCUS: locus(0)}, "locus-0-1", []string{"peer_recovery_support", "outpatient"}},
		{"treatment LOCUS 3", "treatment", Assessment{LOCUS: locus(3)}, "locus-3", []string{"intensive_outpatient", "outpatient"}},
		{"treatment LOCUS 5", "treatment", Assessment{LOCUS: locus(5)}, "locus-5", []string{"residential", "withdrawal_management", "crisis_stabilization"}},
		{"treatment LOCUS 6", "treatment", Assessment{LOCUS: locus(6)}, "locus-6", []string{"inpatient"}},
		{"housing is a social need", "housing", Assessment{ImminentRisk: true}, "social-needs", []string{"community_support", "peer_recovery_support"}},
		{"food", "food", Assessment{LevelOfCare: "inpatient"}, "social-needs", []string{"community_support", "peer_recovery_support"}},
		{"health", "health", Assessment{}, "health", []string{"outpatient", "community_support"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, levels, ok := MatchLevels(tt.need, tt.a)
			if !ok || r.ID != tt.rule || !slices.Equal(levels, tt.levels) {
				t.Errorf("MatchLevels = %q %v %v, want %q %v", r.ID, levels, ok, tt.rule, tt.levels)
			}
		})
	}
	if _, _, ok := MatchLevels("flying", Assessment{}); ok {
		t.Error("an unknown need matched a rule")
	}
}

// TestMatchRulesTable keeps the table honest: every level is a vocabulary term, every
// need is answered, ids are unique.
func TestMatchRulesTable(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range MatchRules {
		if ids[r.ID] {
			t.Errorf("duplicate rule id %q", r.ID)
		}
		ids[r.ID] = true
		if r.Description == "" {
			t.Errorf("rule %q has no description", r.ID)
		}
		for _, l := range r.Levels {
			if !HasTerm(TaxonomyLevelOfCare, l) {
				t.Errorf("rule %q: %q is not a level of care", r.ID, l)
			}
		}
		for _, n := range r.Needs {
			if !HasTerm(TaxonomyNeed, n) {
				t.Errorf("rule %q: %q is not a need", r.ID, n)
			}
		}
	}
	v, _ := Vocab(TaxonomyNeed)
	for _, need := range v.Terms {
		if _, _, ok := MatchLevels(need.Code, Assessment{}); !ok {
			t.Errorf("no rule answers need %q", need.Code)
		}
	}
}

func TestMatchNeeds(t *testing.T) {
	if got := MatchNeeds([]string{"housing", "crisis", "housing"}, Assessment{ImminentRisk: true}); !slices.Equal(got, []string{"crisis", "housing"}) {
		t.Errorf("MatchNeeds = %v", got)
	}
	if got := MatchNeeds([]string{"food"}, Assessment{}); !slices.Equal(got, []string{"food"}) {
		t.Errorf("MatchNeeds = %v", got)
	}
}
