package measures

import (
	"strconv"

	"handoff/care/measures/deid"
)

// DefinitionsVersion names this edition of the metric dictionary: the year, the month
// and the edition of that month. A change of what a measure counts is a new edition.
const DefinitionsVersion = "2026-12-2"

// Dictionary is the published metric dictionary: what each measure counts, how, from
// which fields, under which suppression rule, and where it follows a published
// framework. It is data, so that the API, the page and the printable report show one
// text.
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
	// Frameworks says how the measure relates to a published framework: "follows",
	// "modelled on" (our own fields, the framework's idea) or "program's own".
	Frameworks []Basis `json:"frameworks"`
}

// Basis is a measure's relation to a source.
type Basis struct {
	Source   string `json:"source"` // a Source's ID
	Relation string `json:"relation"`
	Note     string `json:"note"`
}

// Source is a published document the dictionary cites.
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
// off, which the dictionary says).
func Definitions(rule deid.Rule) Dictionary {
	d := Dictionary{Version: DefinitionsVersion, Threshold: rule.Min, Measures: definitions, Sources: sources}
	if !rule.On() {
		d.Threshold = 0
		d.Suppression = []string{"Suppression is turned off on this server (--small-cell-suppression=0): every count is shown as it is. Do not publish these figures."}
		return d
	}
	n := strconv.Itoa(rule.Min)
	d.Suppression = []string{
		"One rule for every measure and every format: the JSON and the CSV of a measure are two encodings of the same suppressed tables, and agree cell by cell.",
		"Primary suppression: a count of people's events from 1 to " + strconv.Itoa(rule.Min-1) + " is withheld (threshold " + n + ", the CMS cell-size rule when 11). Zero is shown: it points to no one.",
		"Complementary suppression: where a total is the sum of parts shown beside it (by month, town, source, bucket, need, organization, outcome), and one part is withheld, the next smallest part is withheld too, so that no total minus the shown parts gives a withheld cell back. The relations of all tables are then solved together, and cells are withheld until no withheld cell is determined by them.",
		"A rate is shown only when its numerator and denominator are both shown and clear the threshold (a numerator of 0 clears it). A change (this month minus the same month of the previous period) is shown only when both months are shown. A median is shown only when it is over at least " + n + " events.",
		"A row with a withheld cell keeps its dates only to the month; a place's town and point are withheld with its number of calls, and a reason typed by staff with its count.",
		"Staff workload (interactions per shift per peer) is about staff, not the people served, and is never suppressed.",
		"A withheld cell is null in JSON (its row lists it under \"suppressed\") and reads \"suppressed\" in CSV.",
	}
	return d
}

var sources = []Source{
	{ID: "csg-pmhc-framework", Title: "Police-Mental Health Collaborations: A Framework for Implementing Effective Law Enforcement Responses for People Who Have Mental Health Needs",
		Publisher: "The Council of State Governments Justice Center", Year: "2019",
		URL:   "",
		Found: "Read through a public copy (April 2019); no address of the publisher's own page was checked. Names outcome data a collaboration should collect, among them connections to resources, repeat encounters and arrests. It gives no field-level definitions that we could find; our measures are modelled on these outcomes, not copied from a data standard."},
	{ID: "csg-pmhc-handbook", Title: "Police-Mental Health Collaborations: Implementing Effective Law Enforcement Responses for People Who Have Mental Health Needs — The Project Coordinator's Handbook",
		Publisher: "The Council of State Governments Justice Center", Year: "2024",
		URL:   "https://csgjusticecenter.org/publications/police-mental-health-collaborations-implementing-effective-law-enforcement-responses-for-people-who-have-mental-health-needs",
		Found: "Asks the project coordinator and the interagency workgroup to collect and analyze data to establish a baseline and assess progress."},
	{ID: "csg-pmhc-follow-up", Title: "Police-Mental Health Collaboration: Developing Policies and Procedures to Guide Information Sharing (Conducting Follow-up After a Crisis Encounter)",
		Publisher: "The Council of State Governments Justice Center", Year: "",
		URL:   "https://csgjusticecenter.org/projects/police-mental-health-collaboration-pmhc/sharing-behavioral-health-information/developing-policies-and-procedures-to-guide-information-sharing/",
		Found: "Describes follow-up visits after an officer's encounter with a person in crisis, to reduce repeat encounters and improve connections to treatment."},
	{ID: "ma-dmh-jdp", Title: "Jail/Arrest Diversion Grant Program, and the Jail Diversion Dashboard",
		Publisher: "Massachusetts Department of Mental Health", Year: "2024",
		URL:   "https://www.mass.gov/info-details/jail-diversion-dashboard",
		Found: "The dashboard reports jail diversion activity by year, demographics, presenting problem and diversion type; the program describes diversion from arrest and from emergency departments. We could not find the grantees' incident form or its field names; a public records request for the dashboard's data lists the incident's source (a 911 call or other), its outcome (whether a charge was diverted), whether the person was diverted from the emergency department, its location and its date and time. Our fields are modelled on those, not taken from the form."},
	{ID: "cms-cell-size", Title: "CMS Cell Size Suppression Policy",
		Publisher: "Centers for Medicare & Medicaid Services", Year: "2017",
		URL:   "https://www.hhs.gov/guidance/document/cms-cell-suppression-policy",
		Found: "No cell of 1 to 10 may be reported, zero may, and no cell may be reported that lets a value of 1 to 10 be derived from other cells (percentages or other formulas included): the default threshold, 11, and the complementary suppression here follow it."},
}

var definitions = []Definition{
	{ID: "repeat-locations", Name: "Repeat locations of behavioral-health 911 calls", Route: "/api/v1/measures/repeat-locations",
		Definition: "Places that behavioral-health calls of one source (911 co-response by default) came from more than once in the period, how many calls and distinct people each had, and how many of those calls were followed up.",
		Includes: []string{
			"Encounters of the source in [from, to) placed at a point (a map point or a street address).",
			"Anonymous calls (no person) count as calls, not as people; merged person records count once.",
			"Places near a shelter, hospital, police station, jail or inpatient site of the directory are marked institutional: where people are brought inflates their counts."},
		Excludes: []string{
			"Calls placed only at a ZIP code's or town's centre (not placed exactly).",
			"Encounters of other sources; encounters entered in error."},
		Formulas: []string{
			"place = a group of calls formed by the clustering rule the report states (radius_m, default 75 m)",
			"calls per place bucketed 1 / 2–3 / 4–5 / 6+; a repeat place has at least min_calls (default 2) calls",
			"repeat_calls = Σ calls of repeat places; trend: repeat calls per month against the same month of the previous period",
			"followed_up = calls with a follow-up attempt, referral or follow-up visit within 7 days after it"},
		Fields: []string{"encounters.source", "encounters.occurred_at", "encounters.latitude", "encounters.longitude",
			"encounters.location_precision", "encounters.town", "encounters.person_id", "people.merged_into", "encounters.followed_up_at",
			"follow_up_attempts.at", "referrals.created_at", "locations.latitude", "locations.longitude (directory, for institutions)"},
		Suppression: "Counts of calls, people, follow-ups and buckets are suppressed (the number of repeat places is shown when every place is listed: the rows show it anyway); a place's calls relate to its bucket's and the period's calls, and each month's calls to the period's. A place with withheld calls loses its town and point and keeps its first and last call to the month; shown places keep them to the day.",
		Frameworks: []Basis{{Source: "csg-pmhc-framework", Relation: "modelled on", Note: "the framework's outcome 'repeat encounters', measured here by place rather than by person, as the program's funder asked"},
			{Source: "csg-pmhc-follow-up", Relation: "modelled on", Note: "follow-up after a crisis encounter, counted per call"}}},
	{ID: "interactions-per-shift", Name: "Peer interactions per shift, follow-ups included", Route: "/api/v1/measures/interactions-per-shift",
		Definition: "For each shift started in the period: the encounters, follow-up attempts and referrals recorded in it; per peer and for the program, the total, mean and median per shift; and totals per ISO week.",
		Includes: []string{
			"Shifts started in [from, to), open or closed; a shift with no interactions counts, with zero, in the means and medians.",
			"Encounters recorded in the shift, or to which the peer responded in it; follow-up attempts; referrals made in the shift."},
		Excludes: []string{"Work recorded outside any shift.", "Referrals entered in error."},
		Formulas: []string{"interactions = encounters + follow-up attempts", "mean and median per shift over the peer's (or the program's) shifts"},
		Fields: []string{"shifts.user_id", "shifts.started_at", "shifts.ended_at", "encounters.shift_id", "encounter_responders.shift_id",
			"follow_up_attempts.shift_id", "follow_up_attempts.at", "referrals.shift_id", "referrals.created_at"},
		Suppression: "Not suppressed: it is staff workload, not about the people served.",
		Frameworks: []Basis{{Source: "csg-pmhc-handbook", Relation: "program's own", Note: "a process measure the program promised its funder, as part of the baseline and progress data the handbook asks for"},
			{Source: "csg-pmhc-follow-up", Relation: "modelled on", Note: "follow-up attempts are counted as interactions"}}},
	{ID: "diversions", Name: "Diversions from the emergency department and from arrest", Route: "/api/v1/measures/diversions",
		Definition: "Encounters in the period, and those recorded as diverted from the emergency department, from arrest, or both, with rates per encounter; in total and by month, town and source; and contacts that came straight to a peer instead of through 911.",
		Includes:   []string{"Every encounter in [from, to), of every source.", "An encounter diverted from both counts in ed_diverted, in arrest_diverted and in both."},
		Excludes:   []string{"Encounters entered in error."},
		Formulas: []string{"ed_rate = ed_diverted ÷ encounters", "arrest_rate = arrest_diverted ÷ encounters", "both_rate = both ÷ encounters",
			"direct_to_peer_rate = direct_to_peer ÷ encounters"},
		Fields:      []string{"encounters.occurred_at", "encounters.town", "encounters.source", "encounters.ed_diverted", "encounters.arrest_diverted"},
		Suppression: "Counts are suppressed; each column of the total is the sum of that column by month, by town and by source. Rates only over counts that clear the threshold.",
		Frameworks: []Basis{{Source: "ma-dmh-jdp", Relation: "modelled on", Note: "DMH's diversion types (from arrest, from the emergency department) and the incident's source (911 or other); field names are ours"},
			{Source: "csg-pmhc-framework", Relation: "modelled on", Note: "the framework's outcome 'arrests'"}}},
	{ID: "referrals", Name: "Referral completion", Route: "/api/v1/measures/referrals",
		Definition: "Referrals made in the period: open and closed, completed (the person got help), the completion rate by need, organization and level of care, median hours to accept and to complete, referrals without movement for 14 days, outcomes, and reasons given for rejection and failure.",
		Includes:   []string{"Referrals created in [from, to).", "Completed means closed as completed with the outcome got-help."},
		Excludes:   []string{"Referrals entered in error.", "Open referrals from the completion rate (they do not count against it)."},
		Formulas: []string{"completion_rate = completed ÷ closed (completed, failed, rejected or cancelled)",
			"hours to accept = accepted_at − requested_at (created_at when never requested); hours to complete = closed_at − the same start",
			"stalled = open referrals whose latest move is 14 days old or more"},
		Fields: []string{"referrals.need", "referrals.organization_id", "organizations.name", "referrals.level_of_care", "referrals.status",
			"referrals.outcome", "referrals.status_reason", "referrals.created_at", "referrals.requested_at", "referrals.accepted_at",
			"referrals.closed_at", "referrals.updated_at"},
		Suppression: "Counts are suppressed; referrals = open + closed, each grouping adds up to the summary, the outcomes to the closed. The completion rate only over counts that clear the threshold; medians only over enough referrals. Stalled referrals are counted, not listed. A rejection or failure reason (typed by staff) given fewer times than the threshold is withheld with its count.",
		Frameworks:  []Basis{{Source: "csg-pmhc-framework", Relation: "modelled on", Note: "the framework's outcome 'connections to resources'"}}},
	{ID: "referral-funnel", Name: "Referral funnel and time to accept and complete", Route: "/api/v1/measures/referral-funnel",
		Definition: "How far the referrals made in the period got: sent, accepted, then completed with help, failed, rejected, cancelled, closed otherwise or still open; how long agencies took to accept and to complete them (median and 90th percentile); for the program, by agency and by need; and the outcomes of closed referrals.",
		Includes: []string{"Referrals created in [from, to).", "Sent: every referral that left draft. Accepted: every referral an agency accepted at some point, whatever became of it.",
			"Completed: closed as completed with the outcome got-help; closed_other: closed as completed with another outcome."},
		Excludes: []string{"Referrals entered in error.", "From the times: referrals never accepted (to accept) or not completed with help (to complete)."},
		Formulas: []string{"referrals = open + closed; closed = completed + closed_other + failed + rejected + cancelled",
			"accept_rate = accepted ÷ sent; complete_rate = completed ÷ accepted",
			"hours to accept = accepted_at − requested_at (created_at when never requested); hours to complete = closed_at − the same start",
			"median; 90th percentile by nearest rank (the smallest time with at least 90% of the times at or below it)"},
		Fields: []string{"referrals.need", "referrals.organization_id", "organizations.name", "referrals.status", "referrals.outcome",
			"referrals.created_at", "referrals.requested_at", "referrals.accepted_at", "referrals.closed_at"},
		Suppression: "Counts are suppressed; in each row referrals = open + closed and closed = completed + closed_other + failed + rejected + cancelled, each count of the program is the sum by agency and by need, and the outcomes add up to the closed. A rate only when both its counts clear the threshold; a median or 90th percentile only over at least the threshold's referrals (to_accept_count, to_complete_count).",
		Frameworks:  []Basis{{Source: "csg-pmhc-framework", Relation: "modelled on", Note: "the framework's outcome 'connections to resources', followed stage by stage"}}},
	{ID: "follow-ups", Name: "Follow-ups: people reached within 24 and 48 hours", Route: "/api/v1/measures/follow-ups",
		Definition: "Of the encounters in the period that got a follow-up, how many people were reached within 24 hours, within 48 hours and at all after the encounter; and how those follow-ups stand now: open, overdue, flagged and done.",
		Includes: []string{"Encounters in [from, to) with at least one follow-up; an encounter with several follow-ups counts once, at its earliest reach.",
			"Reached: a follow-up attempt with outcome reached or declined (the person was reached, even to say no)."},
		Excludes: []string{"Encounters without a follow-up.", "Attempts that did not reach the person (no answer, message left, wrong number)."},
		Formulas: []string{"reached_24h = encounters whose first reach is at most 24 h after the encounter; reached_48h likewise with 48 h",
			"rate_24h = reached_24h ÷ encounters; rate_48h = reached_48h ÷ encounters; rate_reached = reached ÷ encounters",
			"follow_ups = open + flagged + done; overdue = open follow-ups due before now; flagged = three failed attempts"},
		Fields: []string{"encounters.occurred_at", "follow_ups.encounter_id", "follow_ups.status", "follow_ups.due_at",
			"follow_up_attempts.follow_up_id", "follow_up_attempts.at", "follow_up_attempts.outcome"},
		Suppression: "Counts are suppressed; follow_ups = open + flagged + done. A rate only when the reached and the encounters both clear the threshold. The overdue and flagged lists of the dashboard are casework for coordinators (each read audited), not part of the measure.",
		Frameworks:  []Basis{{Source: "csg-pmhc-follow-up", Relation: "modelled on", Note: "follow-up after a crisis encounter, measured by how soon the person was reached"}}},
	{ID: "service-gaps", Name: "Service gaps: searches that found nothing, or nothing open", Route: "/api/v1/measures/service-gaps",
		Definition: "Searches of the directory on the period's days that found no service, or none open, by need and town, with the filters used and the words of the search that are in the directory's vocabulary.",
		Includes: []string{"Every search that found nothing or nothing open, by anyone, on the days of [from, to) in the program's zone.",
			"A search for several needs counts under each need; one for none under \"(any)\"; one with no place under \"(no town)\"."},
		Excludes:    []string{"The text as typed (only words of the directory's vocabulary are kept), the searcher, the point searched from and the time of day: none are stored."},
		Formulas:    []string{"searches = nothing_found + nothing_open for each need and town", "filters and words as word:count, most frequent first"},
		Fields:      []string{"service_gaps.day", "service_gaps.reason", "service_gaps.needs", "service_gaps.filters", "service_gaps.town", "service_gaps.words"},
		Suppression: "Not suppressed: the counts are of searches of the directory, not of people or their events. A gap keeps no person, no encounter, no text as typed, no point and no time finer than the day, so a small count points to no one served.",
		Frameworks:  []Basis{{Source: "csg-pmhc-handbook", Relation: "program's own", Note: "the gaps in services the handbook asks the workgroup to find, as the directory sees them"}}},
	{ID: "repeat-locations/{place}", Name: "One repeat place, opened from the map", Route: "/api/v1/measures/repeat-locations/{place}",
		Definition: "One place of the repeat-location measure, named by its centre (lat,lon to three decimals) and found again by forming the places of the same period, source, radius and minimum of calls: its calls and people, its calls by month with how many were followed up, and how the follow-ups of its calls stand now.",
		Includes: []string{"The calls the repeat-location measure groups into the place, by the same grouping.",
			"The follow-ups of those calls' encounters."},
		Excludes: []string{"A place whose calls are under the threshold: it is not answered (404), as it is withheld from the map."},
		Formulas: []string{"calls = Σ calls by month; followed_up = Σ followed up by month", "follow-ups: total = open + flagged + done; overdue = open and due before now"},
		Fields: []string{"encounters.occurred_at", "encounters.latitude", "encounters.longitude", "encounters.town", "encounters.person_id",
			"encounters.followed_up_at", "follow_ups.encounter_id", "follow_ups.status", "follow_ups.due_at"},
		Suppression: "As the repeat-location measure: counts are suppressed, the month's calls add up to the place's, the follow-ups' total to open + flagged + done; the place's key, point and town are withheld with its calls.",
		Frameworks: []Basis{{Source: "csg-pmhc-framework", Relation: "modelled on", Note: "the framework's outcome 'repeat encounters', by place"},
			{Source: "csg-pmhc-follow-up", Relation: "modelled on", Note: "follow-up after a crisis encounter, at one place"}}},
}
