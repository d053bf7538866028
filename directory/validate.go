package directory

import (
	"fmt"
	"regexp"
	"time"
)

// Checked is the outcome of validating a record: Errors reject it; Warnings are problems
// that were repaired by dropping the bad value (the record is kept without it).
type Checked struct {
	Errors   FieldErrors
	Warnings FieldErrors
}

var (
	serviceStatuses = map[string]bool{"active": true, "inactive": true, "defunct": true, "temporarily closed": true}
	locationTypes   = map[string]bool{"physical": true, "postal": true, "virtual": true}
	addressTypes    = map[string]bool{"physical": true, "postal": true, "virtual": true}
	freqs           = map[string]bool{"WEEKLY": true, "MONTHLY": true}
	clockRE         = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$`)
	dateRE          = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// ValidateService checks a compiled service after Normalize. Out-of-range coordinates are
// dropped with a warning rather than rejecting the whole listing: a crisis directory is
// better with a listing found by name than without it.
func ValidateService(s *Service) Checked {
	r := report{now: time.Now()}
	checkService(&r, "", s)
	return Checked{r.errs, r.warns}
}

// ValidateOrganization checks a compiled organization (with its services) after Normalize.
func ValidateOrganization(o *Organization) Checked {
	r := report{now: time.Now()}
	checkOrganization(&r, "", o)
	for i := range o.Locations {
		checkLocation(&r, fmt.Sprintf("locations[%d].", i), &o.Locations[i])
	}
	for i := range o.Services {
		checkService(&r, fmt.Sprintf("services[%d].", i), &o.Services[i])
	}
	return Checked{r.errs, r.warns}
}

// ValidateLocation checks a location written on its own (not inside an organization or
// a service) after Normalize. Like the other checks it repairs as it goes: impossible
// coordinates are dropped with a warning.
func ValidateLocation(l *Location) Checked {
	r := report{now: time.Now()}
	checkLocation(&r, "", l)
	return Checked{r.errs, r.warns}
}

func checkID(r *report, field, id string, required bool) {
	switch {
	case id == "" && required:
		r.errorf(field, "is required")
	case id != "" && !IsUUID(id):
		r.errorf(field, "must be a UUID, got %q", clip(id))
	}
}

func checkService(r *report, p string, s *Service) {
	checkID(r, p+"id", s.ID, true)
	checkID(r, p+"organization_id", s.OrganizationID, false)
	checkID(r, p+"program_id", s.ProgramID, false)
	if s.Name == "" {
		r.errorf(p+"name", "is required")
	}
	if !serviceStatuses[s.Status] {
		r.errorf(p+"status", "must be one of active, inactive, defunct, temporarily closed; got %q", clip(s.Status))
	}
	checkAge(r, p+"minimum_age", s.MinimumAge)
	checkAge(r, p+"maximum_age", s.MaximumAge)
	if s.MinimumAge != nil && s.MaximumAge != nil && *s.MinimumAge > *s.MaximumAge {
		r.errorf(p+"maximum_age", "is below minimum_age")
	}
	// A person confirms a listing on a day that has come; a later date would keep the
	// listing "fresh" for years nobody checked it.
	checkDate(r, p+"assured_date", s.AssuredDate)
	checkNotFuture(r, p+"assured_date", s.AssuredDate)
	checkTime(r, p+"last_modified", s.LastModified)
	checkNotFuture(r, p+"last_modified", s.LastModified)
	if s.Organization != nil {
		checkOrganization(r, p+"organization.", s.Organization)
	}
	for i := range s.Phones {
		checkPhone(r, fmt.Sprintf("%sphones[%d].", p, i), &s.Phones[i])
	}
	for i := range s.Schedules {
		checkSchedule(r, fmt.Sprintf("%sschedules[%d].", p, i), &s.Schedules[i])
	}
	for i, a := range s.ServiceAreas {
		checkID(r, fmt.Sprintf("%sservice_areas[%d].id", p, i), a.ID, true)
	}
	for i := range s.ServiceAtLocations {
		sp := fmt.Sprintf("%sservice_at_locations[%d].", p, i)
		sal := &s.ServiceAtLocations[i]
		checkID(r, sp+"id", sal.ID, true)
		checkID(r, sp+"location_id", sal.LocationID, false)
		if sal.Location == nil && sal.LocationID == "" {
			r.errorf(sp+"location_id", "is required when location is not embedded")
		}
		if sal.Location != nil {
			checkLocation(r, sp+"location.", sal.Location)
		}
		for j := range sal.Phones {
			checkPhone(r, fmt.Sprintf("%sphones[%d].", sp, j), &sal.Phones[j])
		}
		for j := range sal.Schedules {
			checkSchedule(r, fmt.Sprintf("%sschedules[%d].", sp, j), &sal.Schedules[j])
		}
	}
	for i, l := range s.Languages {
		checkID(r, fmt.Sprintf("%slanguages[%d].id", p, i), l.ID, true)
	}
	for i, c := range s.CostOptions {
		cp := fmt.Sprintf("%scost_options[%d].", p, i)
		checkID(r, cp+"id", c.ID, true)
		if c.Amount != nil && *c.Amount < 0 {
			r.errorf(cp+"amount", "must not be negative")
		}
	}
	for i := range s.Attributes {
		checkAttribute(r, fmt.Sprintf("%sattributes[%d].", p, i), &s.Attributes[i])
	}
	for i, c := range s.Capacities {
		cp := fmt.Sprintf("%scapacities[%d].", p, i)
		checkID(r, cp+"id", c.ID, true)
		if c.Available != nil && *c.Available < 0 {
			r.errorf(cp+"available", "must not be negative")
		}
		if c.Maximum != nil && *c.Maximum < 0 {
			r.errorf(cp+"maximum", "must not be negative")
		}
		if c.Available != nil && c.Maximum != nil && *c.Maximum >= 0 && *c.Available > *c.Maximum {
			r.errorf(cp+"available", "must not exceed maximum (%g of %g)", *c.Available, *c.Maximum)
		}
		checkTime(r, cp+"updated", c.Updated)
		// A count dated in the future would read "updated just now" for as long as it lasts.
		checkNotFuture(r, cp+"updated", c.Updated)
		checkCapacityTTL(r, cp+"ttl_hours", c.TTLHours)
	}
}

func checkOrganization(r *report, p string, o *Organization) {
	checkID(r, p+"id", o.ID, true)
	checkID(r, p+"parent_organization_id", o.ParentOrganizationID, false)
	if o.Name == "" {
		r.errorf(p+"name", "is required")
	}
	for i := range o.Phones {
		checkPhone(r, fmt.Sprintf("%sphones[%d].", p, i), &o.Phones[i])
	}
	for i := range o.Attributes {
		checkAttribute(r, fmt.Sprintf("%sattributes[%d].", p, i), &o.Attributes[i])
	}
}

func checkLocation(r *report, p string, l *Location) {
	checkID(r, p+"id", l.ID, true)
	checkID(r, p+"organization_id", l.OrganizationID, false)
	if !locationTypes[l.LocationType] {
		r.errorf(p+"location_type", "must be one of physical, postal, virtual; got %q", clip(l.LocationType))
	}
	badLat := l.Latitude != nil && (*l.Latitude < -90 || *l.Latitude > 90)
	badLon := l.Longitude != nil && (*l.Longitude < -180 || *l.Longitude > 180)
	if badLat {
		r.warnf(p+"latitude", "%v is outside -90..90; the location was kept without coordinates", *l.Latitude)
	}
	if badLon {
		r.warnf(p+"longitude", "%v is outside -180..180; the location was kept without coordinates", *l.Longitude)
	}
	if badLat || badLon || (l.Latitude == nil) != (l.Longitude == nil) {
		if !badLat && !badLon {
			r.warnf(p+"latitude", "latitude and longitude come together; the location was kept without coordinates")
		}
		l.Latitude, l.Longitude = nil, nil
	}
	for i, a := range l.Addresses {
		ap := fmt.Sprintf("%saddresses[%d].", p, i)
		checkID(r, ap+"id", a.ID, true)
		if a.Address1 == "" {
			r.errorf(ap+"address_1", "is required")
		}
		if a.City == "" {
			r.errorf(ap+"city", "is required")
		}
		if a.AddressType != "" && !addressTypes[a.AddressType] {
			r.errorf(ap+"address_type", "must be one of physical, postal, virtual; got %q", clip(a.AddressType))
		}
	}
	for i := range l.Phones {
		checkPhone(r, fmt.Sprintf("%sphones[%d].", p, i), &l.Phones[i])
	}
	for i := range l.Schedules {
		checkSchedule(r, fmt.Sprintf("%sschedules[%d].", p, i), &l.Schedules[i])
	}
	for i, g := range l.Languages {
		checkID(r, fmt.Sprintf("%slanguages[%d].id", p, i), g.ID, true)
	}
	for i := range l.Attributes {
		checkAttribute(r, fmt.Sprintf("%sattributes[%d].", p, i), &l.Attributes[i])
	}
}

func checkPhone(r *report, p string, ph *Phone) {
	checkID(r, p+"id", ph.ID, true)
	if ph.Number == "" {
		r.errorf(p+"number", "is required")
	}
}

func checkSchedule(r *report, p string, s *Schedule) {
	checkID(r, p+"id", s.ID, true)
	if s.Freq != "" && !freqs[s.Freq] {
		r.errorf(p+"freq", "must be WEEKLY or MONTHLY; got %q", clip(s.Freq))
	}
	if s.OpensAt != "" && !clockRE.MatchString(s.OpensAt) {
		r.errorf(p+"opens_at", "must be a time of day HH:MM or HH:MM:SS; got %q", clip(s.OpensAt))
	}
	if s.ClosesAt != "" && !clockRE.MatchString(s.ClosesAt) && s.ClosesAt != "24:00" {
		r.errorf(p+"closes_at", "must be a time of day HH:MM or HH:MM:SS; got %q", clip(s.ClosesAt))
	}
	if _, err := ParseByDay(s.ByDay); err != nil {
		r.errorf(p+"byday", "%v", err)
	}
	checkDate(r, p+"valid_from", s.ValidFrom)
	checkDate(r, p+"valid_to", s.ValidTo)
}

func checkAttribute(r *report, p string, a *Attribute) {
	checkID(r, p+"id", a.ID, true)
	checkID(r, p+"taxonomy_term_id", a.TaxonomyTermID, false)
	if a.TaxonomyTerm == nil && a.TaxonomyTermID == "" {
		r.errorf(p+"taxonomy_term_id", "is required")
	}
	if t := a.TaxonomyTerm; t != nil {
		checkID(r, p+"taxonomy_term.id", t.ID, true)
		checkID(r, p+"taxonomy_term.taxonomy_id", t.TaxonomyID, false)
		checkID(r, p+"taxonomy_term.parent_id", t.ParentID, false)
		if t.Name == "" {
			r.errorf(p+"taxonomy_term.name", "is required")
		}
	}
}

func checkAge(r *report, field string, v *float64) {
	if v != nil && (*v < 0 || *v > 130) {
		r.errorf(field, "must be between 0 and 130")
	}
}

func checkDate(r *report, field, v string) {
	if v == "" {
		return
	}
	if !dateRE.MatchString(v) {
		r.errorf(field, "must be a date YYYY-MM-DD; got %q", clip(v))
		return
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		r.errorf(field, "is not a calendar date: %q", clip(v))
	}
}

func checkTime(r *report, field, v string) {
	if v == "" {
		return
	}
	if _, err := time.Parse(time.RFC3339, v); err != nil {
		if _, err2 := time.Parse("2006-01-02", v); err2 != nil {
			r.errorf(field, "must be an RFC 3339 date-time; got %q", clip(v))
		}
	}
}

// checkNotFuture refuses a date or date-time further ahead of the check than ClockSkew.
// A value that does not parse is left to checkDate and checkTime.
func checkNotFuture(r *report, field, v string) {
	if v != "" && inFuture(v, r.now) {
		r.errorf(field, "must not be in the future; got %q", clip(v))
	}
}

// clip keeps quoted bad values short in messages.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
