package directory

// Handoff's own vocabularies, stored as HSDS taxonomies so that any HSDS client can read
// them. The names double as the taxonomy_term.taxonomy value on attributes.
const (
	TaxonomyNeed           = "handoff:need"
	TaxonomyLevelOfCare    = "handoff:level_of_care"
	TaxonomyAccess         = "handoff:access"
	TaxonomyCapacityStatus = "handoff:capacity_status"
)

// Term is one code of a Handoff vocabulary with its English label.
type Term struct {
	Code  string
	Label string
}

// Vocabulary is one Handoff taxonomy with its terms, in their meaningful order.
type Vocabulary struct {
	Name        string
	Description string
	// LinkType is the attribute link_type that attaches the vocabulary to a service.
	LinkType string
	Terms    []Term
}

// Vocabularies lists Handoff's taxonomies. Levels of care run from lowest to highest.
var Vocabularies = []Vocabulary{
	{TaxonomyNeed, "What a person needs help with.", "need", []Term{
		{"crisis", "Crisis"}, {"treatment", "Treatment"}, {"housing", "Housing"}, {"food", "Food"},
		{"health", "Health"}, {"legal", "Legal"}, {"employment", "Employment"},
		{"transportation", "Transportation"}, {"benefits", "Benefits"}, {"other", "Other"},
	}},
	{TaxonomyLevelOfCare, "Crisis continuum and treatment intensity, lowest to highest.", "level_of_care", []Term{
		{"community_support", "Community support"}, {"peer_recovery_support", "Peer recovery support"},
		{"outpatient", "Outpatient"}, {"intensive_outpatient", "Intensive outpatient"},
		{"crisis_line", "Crisis line"}, {"living_room", "Living Room (peer-run crisis alternative)"},
		{"mobile_crisis", "Mobile crisis"}, {"crisis_stabilization", "Crisis stabilization"},
		{"withdrawal_management", "Withdrawal management"}, {"residential", "Residential"},
		{"inpatient", "Inpatient"},
	}},
	{TaxonomyAccess, "How a person gets in.", "access", []Term{
		{"walk_in", "Walk-ins welcome"}, {"appointment", "By appointment"},
		{"accepts_police_dropoff", "Accepts police drop-off"}, {"telehealth", "Telehealth"},
	}},
	{TaxonomyCapacityStatus, "Capacity status (Gravity SDOH IG draft codes).", "capacity_status", []Term{
		{"capacity", "Has capacity"}, {"no-capacity", "No capacity"}, {"waitlist", "Waitlist"},
		{"additional-assessment-required", "Additional assessment required"},
	}},
}

// TaxonomyID is the stable id of a Handoff taxonomy.
func TaxonomyID(name string) string { return StableID("taxonomy", name) }

// TermID is the stable id of a term of a Handoff taxonomy.
func TermID(taxonomy, code string) string { return StableID("taxonomy", taxonomy, "term", code) }

// Vocab returns the Handoff vocabulary with the given name.
func Vocab(name string) (Vocabulary, bool) {
	for _, v := range Vocabularies {
		if v.Name == name {
			return v, true
		}
	}
	return Vocabulary{}, false
}

// HasTerm reports whether code belongs to the named Handoff vocabulary.
func HasTerm(taxonomy, code string) bool {
	v, ok := Vocab(taxonomy)
	if !ok {
		return false
	}
	for _, t := range v.Terms {
		if t.Code == code {
			return true
		}
	}
	return false
}

// VocabAttribute builds the attribute that tags a service with a Handoff term, in the shape
// an HSDS client reads (the term embedded).
func VocabAttribute(serviceID, taxonomy, code string) Attribute {
	v, _ := Vocab(taxonomy)
	label := code
	for _, t := range v.Terms {
		if t.Code == code {
			label = t.Label
		}
	}
	termID := TermID(taxonomy, code)
	return Attribute{
		ID: StableID("service", serviceID, "attribute", taxonomy, code), LinkID: serviceID,
		LinkEntity: "service", LinkType: v.LinkType, TaxonomyTermID: termID,
		TaxonomyTerm: &TaxonomyTerm{ID: termID, Code: code, Name: label, Description: label,
			Taxonomy: taxonomy, TaxonomyID: TaxonomyID(taxonomy)},
	}
}
