package measures

import (
	"strconv"
	"strings"

	"handoff/care/measures/deid"
	"handoff/i18n"
)

// DefinitionsVersion names this edition of the metric dictionary: the year, the month
// and the edition of that month. A change of what a measure counts is a new edition; a
// translation of its words is not (the catalog holds the words, this file what they
// define).
const DefinitionsVersion = "2026-12-2"

// Dictionary is the published metric dictionary: what each measure counts, how, from
// which fields, under which suppression rule, and where it follows a published
// framework. It is data, so that the API, the page and the printable report show one
// text. Its words are the catalog's (definitions.*), in the language asked for; the ids,
// routes, fields, relations and the edition are the same in every language.
//
// A text may mark code with backquotes (`ed_rate`, `[from, to)`): a field, a parameter
// or a value, which stays as it is in every language. Definitions keeps the marks, for a
// page that shows them as code; Plain takes them out.
type Dictionary struct {
	Version     string       `json:"version"`
	Threshold   int          `json:"threshold"`
	Suppression []string     `json:"suppression"`
	Measures    []Definition `json:"measures"`
	Sources     []Source     `json:"sources"`
}

// Definition is one measure of the dictionary.
type Definition struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Route       string   `json:"route"`
	Definition  string   `json:"definition"`
	Includes    []string `json:"includes"`
	Excludes    []string `json:"excludes"`
	Formulas    []string `json:"formulas"`
	Fields      []string `json:"fields"`
	Suppression string   `json:"suppression"`
	// Frameworks says how the measure relates to a published framework.
	Frameworks []Basis `json:"frameworks"`
}

// The relations of a measure to a framework (Basis.Relation): codes, the same in every
// language; the catalog says them in words (definitions.relation.*).
const (
	Follows     = "follows"       // the measure is the framework's
	ModelledOn  = "modelled on"   // our own fields, the framework's idea
	ProgramsOwn = "program's own" // the program's measure, which the framework asks for in general
)

// Basis is a measure's relation to a source.
type Basis struct {
	Source   string `json:"source"`   // a Source's ID
	Relation string `json:"relation"` // Follows, ModelledOn or ProgramsOwn
	Note     string `json:"note"`
}

// Source is a published document the dictionary cites. Its title and publisher are
// names, never translated.
type Source struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Year      string `json:"year"`
	URL       string `json:"url"`
	// Found is what the document was checked for when this edition was written:
	// honest about what was and was not found in it.
	Found string `json:"found"`
}

// Definitions returns the dictionary under the rule's threshold (0 or 1: suppression
// off, which the dictionary says), in the language lang (one of i18n.Locales; any
// other, and a language the catalog lacks words in, reads English). Its texts keep
// their code marks.
func Definitions(rule deid.Rule, lang string) Dictionary {
	cat := i18n.Load()
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	say := func(key string, vars ...any) string { return cat.T(lang, key, vars...) }
	d := Dictionary{Version: DefinitionsVersion, Threshold: rule.Min}
	if !rule.On() {
		d.Threshold = 0
		d.Suppression = []string{say("definitions.rule.off")}
	} else {
		d.Suppression = list(cat, lang, "definitions.rule", "threshold", rule.Min, "below", rule.Min-1)
	}
	for _, s := range sources {
		s.Found = say("definitions.source." + keyOf(s.ID) + ".found")
		d.Sources = append(d.Sources, s)
	}
	for _, m := range definitions {
		k := "definitions." + m.key
		def := Definition{ID: m.id, Name: say(k + ".name"), Route: "/api/v1/measures/" + m.id, Definition: say(k + ".definition"),
			Includes: list(cat, lang, k+".include"), Excludes: list(cat, lang, k+".exclude"), Formulas: list(cat, lang, k+".formula"),
			Suppression: say(k + ".suppression")}
		for _, f := range m.fields {
			name, note, ok := strings.Cut(f, " ")
			f = "`" + name + "`"
			if ok {
				f += " (" + say("definitions.field."+note) + ")"
			}
			def.Fields = append(def.Fields, f)
		}
		for _, b := range m.frameworks {
			def.Frameworks = append(def.Frameworks, Basis{Source: b.source, Relation: b.relation, Note: say(k + ".note." + keyOf(b.source))})
		}
		d.Measures = append(d.Measures, def)
	}
	return d
}

// list is the texts prefix.1, prefix.2, … as many as English has: the English catalog
// decides how many items a list has, and every language has each (TestCatalogComplete).
func list(cat *i18n.Catalog, lang, prefix string, vars ...any) []string {
	var out []string
	for i := 1; cat.Has(i18n.Default, prefix+"."+strconv.Itoa(i)); i++ {
		out = append(out, cat.T(lang, prefix+"."+strconv.Itoa(i), vars...))
	}
	return out
}

// keyOf is an id as a part of a catalog key: "csg-pmhc-framework" → "csg_pmhc_framework".
func keyOf(id string) string { return strings.ReplaceAll(id, "-", "_") }

// Plain is the dictionary without its code marks, for a reader that shows text as it is
// (the JSON answer).
func (d Dictionary) Plain() Dictionary {
	strip := func(s string) string { return strings.ReplaceAll(s, "`", "") }
	all := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = strip(s)
		}
		return out
	}
	p := d
	p.Suppression = all(d.Suppression)
	p.Sources = make([]Source, len(d.Sources))
	for i, s := range d.Sources {
		s.Found = strip(s.Found)
		p.Sources[i] = s
	}
	p.Measures = make([]Definition, len(d.Measures))
	for i, m := range d.Measures {
		m.Name, m.Definition, m.Suppression = strip(m.Name), strip(m.Definition), strip(m.Suppression)
		m.Includes, m.Excludes, m.Formulas, m.Fields = all(m.Includes), all(m.Excludes), all(m.Formulas), all(m.Fields)
		m.Frameworks = append([]Basis(nil), m.Frameworks...)
		for j := range m.Frameworks {
			m.Frameworks[j].Note = strip(m.Frameworks[j].Note)
		}
		p.Measures[i] = m
	}
	return p
}

// measure is one measure as this edition defines it; its words are the catalog's, under
// definitions.KEY: name, definition, include.N, exclude.N, formula.N, suppression and
// note.SOURCE.
type measure struct {
	id, key string
	// fields are "table.column", or "table.column NOTE" with the key of a note
	// (definitions.field.NOTE) said after it.
	fields     []string
	frameworks []basis
}

type basis struct{ source, relation string }

var sources = []Source{
	{ID: "csg-pmhc-framework", Title: "Police-Mental Health Collaborations: A Framework for Implementing Effective Law Enforcement Responses for People Who Have Mental Health Needs",
		Publisher: "The Council of State Governments Justice Center", Year: "2019",
		URL: ""},
	{ID: "csg-pmhc-handbook", Title: "Police-Mental Health Collaborations: Implementing Effective Law Enforcement Responses for People Who Have Mental Health Needs — The Project Coordinator's Handbook",
		Publisher: "The Council of State Governments Justice Center", Year: "2024",
		URL: "https://csgjusticecenter.org/publications/police-mental-health-collaborations-implementing-effective-law-enforcement-responses-for-people-who-have-mental-health-needs"},
	{ID: "csg-pmhc-follow-up", Title: "Police-Mental Health Collaboration: Developing Policies and Procedures to Guide Information Sharing (Conducting Follow-up After a Crisis Encounter)",
		Publisher: "The Council of State Governments Justice Center", Year: "",
		URL: "https://csgjusticecenter.org/projects/police-mental-health-collaboration-pmhc/sharing-behavioral-health-information/developing-policies-and-procedures-to-guide-information-sharing/"},
	{ID: "ma-dmh-jdp", Title: "Jail/Arrest Diversion Grant Program, and the Jail Diversion Dashboard",
		Publisher: "Massachusetts Department of Mental Health", Year: "2024",
		URL: "https://www.mass.gov/info-details/jail-diversion-dashboard"},
	{ID: "cms-cell-size", Title: "CMS Cell Size Suppression Policy",
		Publisher: "Centers for Medicare & Medicaid Services", Year: "2017",
		URL: "https://www.hhs.gov/guidance/document/cms-cell-suppression-policy"},
}

var definitions = []measure{
	{id: "repeat-locations", key: "repeat_locations",
		fields: []string{"encounters.source", "encounters.occurred_at", "encounters.latitude", "encounters.longitude",
			"encounters.location_precision", "encounters.town", "encounters.person_id", "people.merged_into", "encounters.followed_up_at",
			"follow_up_attempts.at", "referrals.created_at", "locations.latitude", "locations.longitude for_institutions"},
		frameworks: []basis{{"csg-pmhc-framework", ModelledOn}, {"csg-pmhc-follow-up", ModelledOn}}},
	{id: "interactions-per-shift", key: "interactions_per_shift",
		fields: []string{"shifts.user_id", "shifts.started_at", "shifts.ended_at", "encounters.shift_id", "encounter_responders.shift_id",
			"follow_up_attempts.shift_id", "follow_up_attempts.at", "referrals.shift_id", "referrals.created_at"},
		frameworks: []basis{{"csg-pmhc-handbook", ProgramsOwn}, {"csg-pmhc-follow-up", ModelledOn}}},
	{id: "diversions", key: "diversions",
		fields:     []string{"encounters.occurred_at", "encounters.town", "encounters.source", "encounters.ed_diverted", "encounters.arrest_diverted"},
		frameworks: []basis{{"ma-dmh-jdp", ModelledOn}, {"csg-pmhc-framework", ModelledOn}}},
	{id: "referrals", key: "referrals",
		fields: []string{"referrals.need", "referrals.organization_id", "organizations.name", "referrals.level_of_care", "referrals.status",
			"referrals.outcome", "referrals.status_reason", "referrals.created_at", "referrals.requested_at", "referrals.accepted_at",
			"referrals.closed_at", "referrals.updated_at"},
		frameworks: []basis{{"csg-pmhc-framework", ModelledOn}}},
	{id: "referral-funnel", key: "referral_funnel",
		fields: []string{"referrals.need", "referrals.organization_id", "organizations.name", "referrals.status", "referrals.outcome",
			"referrals.created_at", "referrals.requested_at", "referrals.accepted_at", "referrals.closed_at"},
		frameworks: []basis{{"csg-pmhc-framework", ModelledOn}}},
	{id: "follow-ups", key: "follow_ups",
		fields: []string{"encounters.occurred_at", "follow_ups.encounter_id", "follow_ups.status", "follow_ups.due_at",
			"follow_up_attempts.follow_up_id", "follow_up_attempts.at", "follow_up_attempts.outcome"},
		frameworks: []basis{{"csg-pmhc-follow-up", ModelledOn}}},
	{id: "service-gaps", key: "service_gaps",
		fields:     []string{"service_gaps.day", "service_gaps.reason", "service_gaps.needs", "service_gaps.filters", "service_gaps.town", "service_gaps.words"},
		frameworks: []basis{{"csg-pmhc-handbook", ProgramsOwn}}},
	{id: "repeat-locations/{place}", key: "place",
		fields: []string{"encounters.occurred_at", "encounters.latitude", "encounters.longitude", "encounters.town", "encounters.person_id",
			"encounters.followed_up_at", "follow_ups.encounter_id", "follow_ups.status", "follow_ups.due_at"},
		frameworks: []basis{{"csg-pmhc-framework", ModelledOn}, {"csg-pmhc-follow-up", ModelledOn}}},
}
