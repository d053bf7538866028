package directory

import "encoding/json"

// Service is an HSDS 3.0 service. Compiled, it carries its organization, locations,
// schedules and the rest; flat, only the columns. Fields that Handoff keeps but does not
// interpret (funding, contacts, program, required documents, metadata) travel in Extra
// members so that an import followed by an export loses nothing.
type Service struct {
	ID                     string   `json:"id" db:"id"`
	OrganizationID         string   `json:"organization_id,omitempty" db:"organization_id"`
	ProgramID              string   `json:"program_id,omitempty" db:"program_id"`
	Name                   string   `json:"name" db:"name"`
	AlternateName          string   `json:"alternate_name,omitempty" db:"alternate_name"`
	Description            string   `json:"description,omitempty" db:"description"`
	URL                    string   `json:"url,omitempty" db:"url"`
	Email                  string   `json:"email,omitempty" db:"email"`
	Status                 string   `json:"status" db:"status"`
	InterpretationServices string   `json:"interpretation_services,omitempty" db:"interpretation_services"`
	ApplicationProcess     string   `json:"application_process,omitempty" db:"application_process"`
	FeesDescription        string   `json:"fees_description,omitempty" db:"fees_description"`
	WaitTime               string   `json:"wait_time,omitempty" db:"wait_time"`
	Fees                   string   `json:"fees,omitempty" db:"fees"`
	Accreditations         string   `json:"accreditations,omitempty" db:"accreditations"`
	EligibilityDescription string   `json:"eligibility_description,omitempty" db:"eligibility_description"`
	MinimumAge             *float64 `json:"minimum_age,omitempty" db:"minimum_age"`
	MaximumAge             *float64 `json:"maximum_age,omitempty" db:"maximum_age"`
	AssuredDate            string   `json:"assured_date,omitempty" db:"assured_date"`
	AssurerEmail           string   `json:"assurer_email,omitempty" db:"assurer_email"`
	Licenses               string   `json:"licenses,omitempty" db:"licenses"`
	Alert                  string   `json:"alert,omitempty" db:"alert"`
	LastModified           string   `json:"last_modified,omitempty" db:"last_modified"`

	Phones             []Phone             `json:"phones,omitempty" db:"-"`
	Schedules          []Schedule          `json:"schedules,omitempty" db:"-"`
	ServiceAreas       []ServiceArea       `json:"service_areas,omitempty" db:"-"`
	ServiceAtLocations []ServiceAtLocation `json:"service_at_locations,omitempty" db:"-"`
	Languages          []Language          `json:"languages,omitempty" db:"-"`
	Organization       *Organization       `json:"organization,omitempty" db:"-"`
	CostOptions        []CostOption        `json:"cost_options,omitempty" db:"-"`
	Attributes         []Attribute         `json:"attributes,omitempty" db:"-"`
	Capacities         []Capacity          `json:"capacities,omitempty" db:"-"`
	// Observation is the newest capacity a peer heard by phone (capacity_observation.go):
	// shown beside the agency's figures, never one of them, and not part of the HSDS record.
	Observation *CapacityObservation `json:"-" db:"-"`

	Funding           json.RawMessage `json:"funding,omitempty" db:"-"`
	Program           json.RawMessage `json:"program,omitempty" db:"-"`
	RequiredDocuments json.RawMessage `json:"required_documents,omitempty" db:"-"`
	Contacts          json.RawMessage `json:"contacts,omitempty" db:"-"`
	Metadata          json.RawMessage `json:"metadata,omitempty" db:"-"`
}

// Organization is an HSDS 3.0 organization. Services appear only when an organization is
// imported compiled with its services; the directory stores them as services.
type Organization struct {
	ID                   string   `json:"id" db:"id"`
	Name                 string   `json:"name" db:"name"`
	AlternateName        string   `json:"alternate_name,omitempty" db:"alternate_name"`
	Description          string   `json:"description" db:"description"`
	Email                string   `json:"email,omitempty" db:"email"`
	Website              string   `json:"website,omitempty" db:"website"`
	TaxStatus            string   `json:"tax_status,omitempty" db:"tax_status"`
	TaxID                string   `json:"tax_id,omitempty" db:"tax_id"`
	YearIncorporated     *float64 `json:"year_incorporated,omitempty" db:"year_incorporated"`
	LegalStatus          string   `json:"legal_status,omitempty" db:"legal_status"`
	Logo                 string   `json:"logo,omitempty" db:"logo"`
	URI                  string   `json:"uri,omitempty" db:"uri"`
	ParentOrganizationID string   `json:"parent_organization_id,omitempty" db:"parent_organization_id"`

	Phones     []Phone     `json:"phones,omitempty" db:"-"`
	Locations  []Location  `json:"locations,omitempty" db:"-"`
	Attributes []Attribute `json:"attributes,omitempty" db:"-"`
	Services   []Service   `json:"services,omitempty" db:"-"`

	Funding                 json.RawMessage `json:"funding,omitempty" db:"-"`
	Contacts                json.RawMessage `json:"contacts,omitempty" db:"-"`
	Programs                json.RawMessage `json:"programs,omitempty" db:"-"`
	OrganizationIdentifiers json.RawMessage `json:"organization_identifiers,omitempty" db:"-"`
	Metadata                json.RawMessage `json:"metadata,omitempty" db:"-"`
}

// Location is an HSDS 3.0 location: a physical site, a postal address or a virtual presence.
type Location struct {
	ID                     string   `json:"id" db:"id"`
	LocationType           string   `json:"location_type" db:"location_type"`
	URL                    string   `json:"url,omitempty" db:"url"`
	OrganizationID         string   `json:"organization_id,omitempty" db:"organization_id"`
	Name                   string   `json:"name,omitempty" db:"name"`
	AlternateName          string   `json:"alternate_name,omitempty" db:"alternate_name"`
	Description            string   `json:"description,omitempty" db:"description"`
	Transportation         string   `json:"transportation,omitempty" db:"transportation"`
	Latitude               *float64 `json:"latitude,omitempty" db:"latitude"`
	Longitude              *float64 `json:"longitude,omitempty" db:"longitude"`
	ExternalIdentifier     string   `json:"external_identifier,omitempty" db:"external_identifier"`
	ExternalIdentifierType string   `json:"external_identifier_type,omitempty" db:"external_identifier_type"`

	Languages  []Language  `json:"languages,omitempty" db:"-"`
	Addresses  []Address   `json:"addresses,omitempty" db:"-"`
	Phones     []Phone     `json:"phones,omitempty" db:"-"`
	Schedules  []Schedule  `json:"schedules,omitempty" db:"-"`
	Attributes []Attribute `json:"attributes,omitempty" db:"-"`

	Contacts      json.RawMessage `json:"contacts,omitempty" db:"-"`
	Accessibility json.RawMessage `json:"accessibility,omitempty" db:"-"`
	Metadata      json.RawMessage `json:"metadata,omitempty" db:"-"`
}

// ServiceAtLocation links a service to a location where it is delivered.
type ServiceAtLocation struct {
	ID          string    `json:"id" db:"id"`
	ServiceID   string    `json:"service_id,omitempty" db:"service_id"`
	LocationID  string    `json:"location_id,omitempty" db:"location_id"`
	Description string    `json:"description,omitempty" db:"description"`
	Location    *Location `json:"location,omitempty" db:"-"`
	// Service is embedded only in service_at_location lists, never inside a compiled service.
	Service *Service `json:"service,omitempty" db:"-"`

	Phones    []Phone    `json:"phones,omitempty" db:"-"`
	Schedules []Schedule `json:"schedules,omitempty" db:"-"`

	Contacts json.RawMessage `json:"contacts,omitempty" db:"-"`
	Metadata json.RawMessage `json:"metadata,omitempty" db:"-"`
}

// Address is an HSDS 3.0 address of a location.
type Address struct {
	ID            string `json:"id" db:"id"`
	LocationID    string `json:"location_id,omitempty" db:"location_id"`
	Attention     string `json:"attention,omitempty" db:"attention"`
	Address1      string `json:"address_1" db:"address_1"`
	Address2      string `json:"address_2,omitempty" db:"address_2"`
	City          string `json:"city" db:"city"`
	Region        string `json:"region,omitempty" db:"region"`
	StateProvince string `json:"state_province" db:"state_province"`
	PostalCode    string `json:"postal_code" db:"postal_code"`
	Country       string `json:"country" db:"country"`
	AddressType   string `json:"address_type" db:"address_type"`
}

// Phone is an HSDS 3.0 phone number; it belongs to exactly one owner.
type Phone struct {
	ID                  string          `json:"id" db:"id"`
	LocationID          string          `json:"location_id,omitempty" db:"location_id"`
	ServiceID           string          `json:"service_id,omitempty" db:"service_id"`
	OrganizationID      string          `json:"organization_id,omitempty" db:"organization_id"`
	ContactID           string          `json:"contact_id,omitempty" db:"contact_id"`
	ServiceAtLocationID string          `json:"service_at_location_id,omitempty" db:"service_at_location_id"`
	Number              string          `json:"number" db:"number"`
	Extension           *float64        `json:"extension,omitempty" db:"extension"`
	Type                string          `json:"type,omitempty" db:"type"`
	Description         string          `json:"description,omitempty" db:"description"`
	Languages           json.RawMessage `json:"languages,omitempty" db:"-"`
}

// Schedule is an HSDS 3.0 schedule row: one opening interval, repeated by RRULE fields.
type Schedule struct {
	ID                  string   `json:"id" db:"id"`
	ServiceID           string   `json:"service_id,omitempty" db:"service_id"`
	LocationID          string   `json:"location_id,omitempty" db:"location_id"`
	ServiceAtLocationID string   `json:"service_at_location_id,omitempty" db:"service_at_location_id"`
	ValidFrom           string   `json:"valid_from,omitempty" db:"valid_from"`
	ValidTo             string   `json:"valid_to,omitempty" db:"valid_to"`
	DTStart             string   `json:"dtstart,omitempty" db:"dtstart"`
	Timezone            *float64 `json:"timezone,omitempty" db:"timezone"`
	Until               string   `json:"until,omitempty" db:"until"`
	Count               *float64 `json:"count,omitempty" db:"count"`
	Wkst                string   `json:"wkst,omitempty" db:"wkst"`
	Freq                string   `json:"freq,omitempty" db:"freq"`
	Interval            *float64 `json:"interval,omitempty" db:"interval"`
	ByDay               string   `json:"byday,omitempty" db:"byday"`
	ByWeekNo            string   `json:"byweekno,omitempty" db:"byweekno"`
	ByMonthDay          string   `json:"bymonthday,omitempty" db:"bymonthday"`
	ByYearDay           string   `json:"byyearday,omitempty" db:"byyearday"`
	Description         string   `json:"description,omitempty" db:"description"`
	OpensAt             string   `json:"opens_at,omitempty" db:"opens_at"`
	ClosesAt            string   `json:"closes_at,omitempty" db:"closes_at"`
	ScheduleLink        string   `json:"schedule_link,omitempty" db:"schedule_link"`
	AttendingType       string   `json:"attending_type,omitempty" db:"attending_type"`
	Notes               string   `json:"notes,omitempty" db:"notes"`
}

// ServiceArea is the geographic area a service covers. Extent is GeoJSON when
// ExtentType is "geojson"; a service whose area contains a point serves that point.
type ServiceArea struct {
	ID          string `json:"id" db:"id"`
	ServiceID   string `json:"service_id,omitempty" db:"service_id"`
	Name        string `json:"name,omitempty" db:"name"`
	Description string `json:"description,omitempty" db:"description"`
	Extent      string `json:"extent,omitempty" db:"extent"`
	ExtentType  string `json:"extent_type,omitempty" db:"extent_type"`
	URI         string `json:"uri,omitempty" db:"uri"`
}

// Language is a language a service, location or phone is offered in (ISO 639 code).
type Language struct {
	ID         string `json:"id" db:"id"`
	ServiceID  string `json:"service_id,omitempty" db:"service_id"`
	LocationID string `json:"location_id,omitempty" db:"location_id"`
	PhoneID    string `json:"phone_id,omitempty" db:"phone_id"`
	Name       string `json:"name,omitempty" db:"name"`
	Code       string `json:"code,omitempty" db:"code"`
	Note       string `json:"note,omitempty" db:"note"`
}

// CostOption is what a service costs; an amount of 0 means free.
type CostOption struct {
	ID                string   `json:"id" db:"id"`
	ServiceID         string   `json:"service_id,omitempty" db:"service_id"`
	ValidFrom         string   `json:"valid_from,omitempty" db:"valid_from"`
	ValidTo           string   `json:"valid_to,omitempty" db:"valid_to"`
	Option            string   `json:"option,omitempty" db:"option"`
	Currency          string   `json:"currency,omitempty" db:"currency"`
	Amount            *float64 `json:"amount,omitempty" db:"amount"`
	AmountDescription string   `json:"amount_description,omitempty" db:"amount_description"`
}

// Attribute tags an entity with a taxonomy term (HSDS 3.0 attribute).
type Attribute struct {
	ID             string        `json:"id" db:"id"`
	LinkID         string        `json:"link_id,omitempty" db:"link_id"`
	TaxonomyTermID string        `json:"taxonomy_term_id,omitempty" db:"taxonomy_term_id"`
	LinkType       string        `json:"link_type,omitempty" db:"link_type"`
	LinkEntity     string        `json:"link_entity,omitempty" db:"link_entity"`
	Value          string        `json:"value,omitempty" db:"value"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty" db:"-"`
}

// Taxonomy is a controlled vocabulary, such as handoff:need or an AIRS code set.
type Taxonomy struct {
	ID          string `json:"id" db:"id"`
	Name        string `json:"name" db:"name"`
	Description string `json:"description" db:"description"`
	URI         string `json:"uri,omitempty" db:"uri"`
	Version     string `json:"version,omitempty" db:"version"`
}

// TaxonomyTerm is one term of a taxonomy.
type TaxonomyTerm struct {
	ID             string    `json:"id" db:"id"`
	Code           string    `json:"code,omitempty" db:"code"`
	Name           string    `json:"name" db:"name"`
	Description    string    `json:"description" db:"description"`
	ParentID       string    `json:"parent_id,omitempty" db:"parent_id"`
	Taxonomy       string    `json:"taxonomy,omitempty" db:"taxonomy"`
	TaxonomyDetail *Taxonomy `json:"taxonomy_detail,omitempty" db:"-"`
	Language       string    `json:"language,omitempty" db:"language"`
	TaxonomyID     string    `json:"taxonomy_id,omitempty" db:"taxonomy_id"`
	TermURI        string    `json:"term_uri,omitempty" db:"term_uri"`
}

// Capacity is the HSDS 3.1 draft's service_capacity: how many units (beds, slots) are
// free out of how many, as of Updated. A figure is never shown without its age.
type Capacity struct {
	ID          string          `json:"id" db:"id"`
	ServiceID   string          `json:"service_id,omitempty" db:"service_id"`
	Unit        json.RawMessage `json:"unit,omitempty" db:"-"`
	UnitID      string          `json:"unit_id,omitempty" db:"unit_id"`
	Available   *float64        `json:"available,omitempty" db:"available"`
	Maximum     *float64        `json:"maximum,omitempty" db:"maximum"`
	Description string          `json:"description,omitempty" db:"description"`
	Updated     string          `json:"updated,omitempty" db:"updated"`
	// Source is who gave the figure (CapacitySource*), stamped by the server.
	Source string `json:"source,omitempty" db:"-"`
	// TTLHours is how long the figure holds; nil: the server's default (capacity_age.go).
	TTLHours *float64 `json:"ttl_hours,omitempty" db:"-"`
}
