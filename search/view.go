package search

import (
	"encoding/json"
	"strings"

	"handoff/directory"
	"handoff/i18n"
)

// serviceView is the "service" of a search result: what a peer needs on a result card,
// with HSDS field names, plus Handoff's vocabulary codes. The whole HSDS record is at
// /hsds/services/{id}.
type serviceView struct {
	ID                     string      `json:"id"`
	Name                   string      `json:"name"`
	AlternateName          string      `json:"alternate_name,omitempty"`
	Description            string      `json:"description,omitempty"`
	URL                    string      `json:"url,omitempty"`
	Email                  string      `json:"email,omitempty"`
	Status                 string      `json:"status"`
	Organization           *orgView    `json:"organization,omitempty"`
	Phones                 []phoneView `json:"phones,omitempty"`
	Languages              []string    `json:"languages,omitempty"`
	Needs                  []string    `json:"needs,omitempty"`
	LevelsOfCare           []string    `json:"levels_of_care,omitempty"`
	Access                 []string    `json:"access,omitempty"`
	Free                   *bool       `json:"free,omitempty"` // nil: the listing says nothing of cost (see costView)
	FeesDescription        string      `json:"fees_description,omitempty"`
	EligibilityDescription string      `json:"eligibility_description,omitempty"`
	MinimumAge             *float64    `json:"minimum_age,omitempty"`
	MaximumAge             *float64    `json:"maximum_age,omitempty"`
	ApplicationProcess     string      `json:"application_process,omitempty"`
	AssuredDate            string      `json:"assured_date,omitempty"`
	Alert                  string      `json:"alert,omitempty"`
	ServiceAreas           []string    `json:"service_areas,omitempty"`
	Schedules              []hoursView `json:"schedules,omitempty"`
	HoursText              string      `json:"hours_text,omitempty"` // the hours in the edit page's words
	// HoursTexts are the same hours in Handoff's other languages, by locale ("es").
	HoursTexts map[string]string `json:"hours_texts,omitempty"`
	Capacities []capView         `json:"capacities,omitempty"`
	Attributes []termView        `json:"attributes,omitempty"`
}

type orgView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type phoneView struct {
	Number      string   `json:"number"`
	Extension   *float64 `json:"extension,omitempty"`
	Type        string   `json:"type,omitempty"`
	Description string   `json:"description,omitempty"`
}

type hoursView struct {
	Freq        string `json:"freq,omitempty"`
	ByDay       string `json:"byday,omitempty"`
	ByMonthDay  string `json:"bymonthday,omitempty"`
	OpensAt     string `json:"opens_at,omitempty"`
	ClosesAt    string `json:"closes_at,omitempty"`
	Description string `json:"description,omitempty"`
}

type capView struct {
	Available   *float64        `json:"available,omitempty"`
	Maximum     *float64        `json:"maximum,omitempty"`
	Unit        json.RawMessage `json:"unit,omitempty"`
	Description string          `json:"description,omitempty"`
	Updated     string          `json:"updated,omitempty"`
}

type termView struct {
	Taxonomy string `json:"taxonomy,omitempty"`
	Code     string `json:"code,omitempty"`
	Name     string `json:"name"`
}

// locationView is the "location" of a search result.
type locationView struct {
	ID                  string      `json:"id"`
	ServiceAtLocationID string      `json:"service_at_location_id"`
	Name                string      `json:"name,omitempty"`
	Latitude            float64     `json:"latitude"`
	Longitude           float64     `json:"longitude"`
	Address             *addrView   `json:"address,omitempty"`
	Phones              []phoneView `json:"phones,omitempty"`
	Transportation      string      `json:"transportation,omitempty"`
}

type addrView struct {
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2,omitempty"`
	City          string `json:"city"`
	StateProvince string `json:"state_province,omitempty"`
	PostalCode    string `json:"postal_code,omitempty"`
}

// costView is a service's "free": true when it says it is free, false only when it says
// it charges (directory.HasFee), and nil, left out, when it says nothing of cost: an
// unknown fee is unknown, not "not free".
func costView(s *directory.Service) *bool {
	switch {
	case directory.IsFree(s):
		return new(bool(true))
	case directory.HasFee(s):
		return new(bool(false))
	}
	return nil
}

func phonesView(ps []directory.Phone) []phoneView {
	var out []phoneView
	for _, p := range ps {
		out = append(out, phoneView{Number: p.Number, Extension: p.Extension, Type: p.Type, Description: p.Description})
	}
	return out
}

// renderView pre-renders the JSON of a result's service and location: {"service":…,
// "location":…}. It is stored with the document, so a search sends it as it is.
func renderView(s *directory.Service, sal *directory.ServiceAtLocation, f *facts, hours []directory.Schedule) []byte {
	sv := serviceView{ID: s.ID, Name: s.Name, AlternateName: s.AlternateName, Description: s.Description,
		URL: s.URL, Email: s.Email, Status: s.Status, Phones: phonesView(s.Phones), Languages: f.Langs,
		Needs: f.Needs, LevelsOfCare: f.Levels, Access: f.Access, Free: costView(s), FeesDescription: s.FeesDescription,
		EligibilityDescription: s.EligibilityDescription, MinimumAge: s.MinimumAge, MaximumAge: s.MaximumAge,
		ApplicationProcess: s.ApplicationProcess, AssuredDate: s.AssuredDate, Alert: s.Alert, ServiceAreas: f.AreaName}
	if o := s.Organization; o != nil {
		sv.Organization = &orgView{ID: o.ID, Name: o.Name}
	} else if s.OrganizationID != "" {
		sv.Organization = &orgView{ID: s.OrganizationID}
	}
	// The card shows the hours as the agency read them when saving (directory.DescribeHours):
	// the rows alone cannot say "2nd Tuesday of each month" or a closed date.
	sv.HoursText = directory.HoursSentence(hours)
	if sv.HoursText != "" {
		sv.HoursTexts = map[string]string{}
		for _, l := range i18n.Locales {
			if w := i18n.Load().Words(l); w != nil {
				sv.HoursTexts[l] = strings.Join(directory.DescribeHoursIn(w, hours), "; ")
			}
		}
	}
	for _, h := range hours {
		sv.Schedules = append(sv.Schedules, hoursView{Freq: h.Freq, ByDay: h.ByDay, ByMonthDay: h.ByMonthDay,
			OpensAt: h.OpensAt, ClosesAt: h.ClosesAt, Description: h.Description})
	}
	for _, c := range s.Capacities {
		sv.Capacities = append(sv.Capacities, capView{Available: c.Available, Maximum: c.Maximum, Unit: c.Unit,
			Description: c.Description, Updated: c.Updated})
	}
	for _, a := range s.Attributes {
		if t := a.TaxonomyTerm; t != nil && !isHandoffTaxonomy(t.Taxonomy) {
			sv.Attributes = append(sv.Attributes, termView{Taxonomy: t.Taxonomy, Code: t.Code, Name: t.Name})
		}
	}
	v := struct {
		Service  serviceView   `json:"service"`
		Location *locationView `json:"location"`
	}{Service: sv}
	if sal != nil && sal.Location != nil && f.Kind == kindSite {
		l := sal.Location
		lv := &locationView{ID: l.ID, ServiceAtLocationID: sal.ID, Name: l.Name, Latitude: f.Lat, Longitude: f.Lon,
			Phones: append(phonesView(sal.Phones), phonesView(l.Phones)...), Transportation: l.Transportation}
		if a := directory.PhysicalAddress(l); a != nil {
			lv.Address = &addrView{Address1: a.Address1, Address2: a.Address2, City: a.City,
				StateProvince: a.StateProvince, PostalCode: a.PostalCode}
		}
		v.Location = lv
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("search: rendering a result: " + err.Error()) // validated data: cannot fail
	}
	return b
}

func isHandoffTaxonomy(name string) bool {
	_, ok := directory.Vocab(name)
	return ok
}
