package directory

import "slices"

// Level-of-care matching lives here; POST /api/v1/match and search.Engine.Match only
// apply it. A peer names the person's needs and what the assessment found (imminent
// risk, a LOCUS score, a level a clinician chose). MatchNeeds orders the needs, crisis
// first under imminent risk. For each need, MatchLevels tries the rows of MatchRules in
// order and the first that applies chooses the levels of care to search: imminent risk
// before a clinician's level, a clinician's level before LOCUS, LOCUS before the
// need's plain default. The search then finds services carrying any of those levels as
// handoff:level_of_care attributes (read by TermCodes; importers add them through the
// csvimport crosswalk), and every suggestion names the rule that chose it.

// Assessment is what a peer or clinician concluded about a person on a call, as far as
// matching needs it.
type Assessment struct {
	// ImminentRisk: a danger to self or others now. It always brings a crisis answer,
	// whatever needs were named.
	ImminentRisk bool `json:"imminent_risk"`
	// LOCUS is the Level of Care Utilization System score, 0 to 6, when one was taken.
	LOCUS *int `json:"locus,omitempty"`
	// LevelOfCare is a level the clinician chose; it overrides the rules for treatment
	// and crisis needs.
	LevelOfCare string `json:"level_of_care,omitempty"`
}

// Risk conditions a match rule can require.
const (
	AnyRisk     = ""
	Imminent    = "imminent"
	NotImminent = "not_imminent"
)

// MatchRule maps an assessment and one need onto the levels of care to search, lowest
// to highest. Rules are tried in order; the first that applies answers, and its ID is
// shown with each suggestion so that a peer can see why a service was offered.
type MatchRule struct {
	ID          string
	Description string
	Needs       []string // the needs it answers; empty means any
	Risk        string   // AnyRisk, Imminent or NotImminent
	LOCUS       []int    // applies only to these LOCUS scores; empty means no score needed
	Assessed    bool     // applies when the assessment names a level of care
	Levels      []string // levels to search; empty with Assessed means the named level
}

// The needs that have no clinical level: Handoff's "social needs".
var socialNeeds = []string{"housing", "food", "legal", "employment", "transportation", "benefits", "other"}

// MatchRules is the documented table that maps assessments to levels of care. The crisis
// rows follow the regional crisis continuum: someone to respond or a safe place for
// imminent risk; someone to talk to or a peer-run alternative otherwise. The LOCUS rows
// follow the LOCUS levels: 0–1 recovery maintenance, 2 low-intensity community care,
// 3 high-intensity community care, 4 medically monitored non-residential, 5 medically
// monitored residential, 6 medically managed residential.
var MatchRules = []MatchRule{
	{ID: "imminent-risk", Description: "Imminent risk: someone to respond now, or a safe place to stay.",
		Needs: []string{"crisis"}, Risk: Imminent, Levels: []string{"mobile_crisis", "crisis_stabilization"}},
	{ID: "assessed-level", Description: "The level of care the clinician assessed.",
		Needs: []string{"crisis", "treatment"}, Assessed: true},
	{ID: "crisis-not-imminent", Description: "Crisis without imminent risk: a peer-run Living Room, a crisis line, or crisis stabilization.",
		Needs: []string{"crisis"}, Risk: NotImminent, Levels: []string{"living_room", "crisis_line", "crisis_stabilization"}},
	{ID: "locus-0-1", Description: "LOCUS 0–1: recovery maintenance and peer support.",
		Needs: []string{"treatment"}, LOCUS: []int{0, 1}, Levels: []string{"peer_recovery_support", "outpatient"}},
	{ID: "locus-2", Description: "LOCUS 2: low-intensity community-based care.",
		Needs: []string{"treatment"}, LOCUS: []int{2}, Levels: []string{"outpatient"}},
	{ID: "locus-3", Description: "LOCUS 3: high-intensity community-based care.",
		Needs: []string{"treatment"}, LOCUS: []int{3}, Levels: []string{"intensive_outpatient", "outpatient"}},
	{ID: "locus-4", Description: "LOCUS 4: medically monitored non-residential care.",
		Needs: []string{"treatment"}, LOCUS: []int{4}, Levels: []string{"intensive_outpatient", "crisis_stabilization", "withdrawal_management"}},
	{ID: "locus-5", Description: "LOCUS 5: medically monitored residential care.",
		Needs: []string{"treatment"}, LOCUS: []int{5}, Levels: []string{"residential", "withdrawal_management", "crisis_stabilization"}},
	{ID: "locus-6", Description: "LOCUS 6: medically managed residential (hospital) care.",
		Needs: []string{"treatment"}, LOCUS: []int{6}, Levels: []string{"inpatient"}},
	{ID: "treatment", Description: "Treatment: outpatient, intensive outpatient or withdrawal management.",
		Needs: []string{"treatment"}, Levels: []string{"outpatient", "intensive_outpatient", "withdrawal_management"}},
	{ID: "health", Description: "Health care: clinics, and community health supports such as harm reduction.",
		Needs: []string{"health"}, Levels: []string{"outpatient", "community_support"}},
	{ID: "social-needs", Description: "Social needs (housing, food, legal, work, rides, benefits): community support.",
		Needs: socialNeeds, Levels: []string{"community_support", "peer_recovery_support"}},
}

// applies reports whether the rule answers this need under this assessment.
func (r MatchRule) applies(need string, a Assessment) bool {
	if len(r.Needs) > 0 && !slices.Contains(r.Needs, need) {
		return false
	}
	switch r.Risk {
	case Imminent:
		if !a.ImminentRisk {
			return false
		}
	case NotImminent:
		if a.ImminentRisk {
			return false
		}
	}
	if r.Assessed && a.LevelOfCare == "" {
		return false
	}
	if len(r.LOCUS) > 0 && (a.LOCUS == nil || !slices.Contains(r.LOCUS, *a.LOCUS)) {
		return false
	}
	return true
}

// MatchLevels returns the rule that answers the need and the levels of care it names.
// ok is false for a need no rule answers (an unknown code).
func MatchLevels(need string, a Assessment) (rule MatchRule, levels []string, ok bool) {
	for _, r := range MatchRules {
		if !r.applies(need, a) {
			continue
		}
		if r.Assessed {
			return r, []string{a.LevelOfCare}, true
		}
		return r, r.Levels, true
	}
	return MatchRule{}, nil, false
}

// MatchNeeds returns the needs to answer: those asked, without repeats, with "crisis"
// first when the assessment says imminent risk, so that the most urgent answer leads.
func MatchNeeds(needs []string, a Assessment) []string {
	var out []string
	if a.ImminentRisk {
		out = append(out, "crisis")
	}
	for _, n := range needs {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
