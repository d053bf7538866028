package icarol

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"handoff/directory"
	"handoff/directory/csvimport"
	"handoff/directory/hourstext"
)

// freeRE recognizes a fee text that says the service costs nothing ("No fee", "None").
var freeRE = regexp.MustCompile(`(?i)^\s*(none|free|no fees?|no charge|no cost|free of charge)\s*\.?\s*$`)

// program compiles a program row into a service of its agency. An inactive program is
// not imported; "Active, but do not refer" is imported with an alert and a flag.
func (b *builder) program(r row) (csvimport.Item, bool) {
	num := r.get("ResourceAgencyNum")
	active, doNotRefer := b.status(r)
	if !active {
		b.res.Counts.InactivePrograms++
		return csvimport.Item{}, false
	}
	a := b.agencies[r.get("ParentAgencyNum")]
	if a == nil {
		b.fail(r, "ParentAgencyNum", "no agency %q in the file; the program was left out", clip(r.get("ParentAgencyNum")))
		return csvimport.Item{}, false
	}
	a.needed = true
	s := &directory.Service{ID: b.id("program", num), Name: name(r), Description: r.get("AgencyDescription"),
		URL: b.website(r), Email: b.email(r), Status: "active", EligibilityDescription: r.get("Eligibility"),
		ApplicationProcess: r.get("ApplicationProcess"), FeesDescription: r.get("FeeStructureSource"),
		AssuredDate: b.date(r, "LastVerifiedOn", false), LastModified: b.date(r, "UpdatedOn", true)}
	org := *a.org
	org.Phones = nil // the organization's own record carries them
	s.Organization = &org
	if freeRE.MatchString(s.FeesDescription) {
		zero := 0.0
		s.CostOptions = append(s.CostOptions, directory.CostOption{ID: b.id("program", num, "cost_option", "free"),
			Option: "Free", Amount: &zero, AmountDescription: s.FeesDescription})
	}
	s.Phones = b.phones(r, "program")
	s.Schedules = b.hours(r, s.ID)
	for _, v := range split(r.get("LanguagesOffered")) {
		if strings.EqualFold(v, "english only") {
			v = "English"
		}
		g := csvimport.Language(v)
		g.ID = b.id("program", num, "language", strings.ToLower(v))
		s.Languages = append(s.Languages, g)
	}
	for _, v := range strings.Split(r.get("CoverageArea"), ";") {
		if v = strings.TrimSpace(v); v != "" {
			s.ServiceAreas = append(s.ServiceAreas, directory.ServiceArea{ID: b.id("program", num, "service_area", strings.ToLower(v)),
				Name: v, Description: r.get("CoverageAreaText")})
		}
	}
	if d := r.get("DocumentsRequired"); d != "" {
		type document struct {
			ID        string `json:"id"`
			ServiceID string `json:"service_id"`
			Document  string `json:"document"`
		}
		s.RequiredDocuments, _ = json.Marshal([]document{{b.id("program", num, "required_document"), s.ID, d}})
	}
	if l := b.location(r, a); l != nil {
		s.ServiceAtLocations = []directory.ServiceAtLocation{{ID: b.id("program", num, "service_at_location", l.ID),
			ServiceID: s.ID, LocationID: l.ID, Location: l}}
	}
	s.Attributes = b.taxonomy(r, s.ID)
	if doNotRefer {
		b.res.Counts.DoNotRefer++
		s.Alert = "The source directory marks this program \"Active, but do not refer\"."
		s.Attributes = append(s.Attributes, b.flag(s.ID, "do_not_refer", "Do not refer"))
	}
	if v, _ := strconv.ParseBool(yes(r.get("ExcludeFromWebsite"))); v {
		b.res.Counts.ExcludedFromWebsite++
		s.Attributes = append(s.Attributes, b.flag(s.ID, "exclude_from_website", "Excluded from the source's public website"))
	}
	if s.Name == "" {
		s.Name = "Program " + num
		b.warn(r, "PublicName", "is empty; named %q", s.Name)
	}
	directory.NormalizeService(s)
	chk := directory.ValidateService(s)
	it := csvimport.Item{Record: directory.Record{Line: r.line, Service: s}, File: b.file}
	b.checked(&it, r, chk)
	return it, true
}

// yes reads iCarol's Yes/No as a boolean string.
func yes(v string) string {
	switch strings.ToLower(v) {
	case "yes", "y", "true":
		return "true"
	}
	return "false"
}

// hours reads HoursOfOperation. Text the hours reader cannot read whole is kept as a
// schedule's description without times, so it is shown but never makes a listing look
// open; it is reported as a warning.
func (b *builder) hours(r row, svcID string) []directory.Schedule {
	text := strings.Join(strings.Fields(r.get("HoursOfOperation")), " ")
	if text == "" {
		return nil
	}
	rows, ok := hourstext.Parse(text)
	if !ok {
		b.res.Counts.HoursAsText++
		b.warn(r, "HoursOfOperation", "%q could not be read as hours; kept as text", clip(text))
		return []directory.Schedule{{ID: directory.StableID("service", svcID, "schedule", "text"), Description: text}}
	}
	b.res.Counts.HoursParsed++
	for i := range rows {
		rows[i].ID = directory.StableID("service", svcID, "schedule", strconv.Itoa(i))
		rows[i].Notes = text // the source's words, as a call-taker would read them out
	}
	return rows
}

// split splits a list column on commas and semicolons, without empty or repeated items.
func split(v string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		s = strings.TrimSpace(s)
		if k := strings.ToLower(s); s != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
