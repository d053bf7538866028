package care

import (
	"slices"
	"time"

	"handoff/directory"
)

// Mode says whether a referral goes to the agency.
type Mode string

// The referral modes.
const (
	// ModeLive sends the referral, with the person's details, to the agency: it needs a
	// consent that covers the organization, and it gets an agency link.
	ModeLive Mode = "live"
	// ModeLogged records a referral made some other way (a phone call, a walk-over); the
	// agency is told nothing through Handoff.
	ModeLogged Mode = "logged"
)

// Modes lists the modes.
func Modes() []Mode { return []Mode{ModeLive, ModeLogged} }

// Referral is a person (or an encounter) sent to a service. OrganizationID and
// LevelOfCare are copied from the service when the referral is made, so that the agency
// that received it keeps it, and the measures keep their groups, if the listing changes.
type Referral struct {
	ID             string  `json:"id"`
	PersonID       string  `json:"person_id,omitempty"`
	EncounterID    string  `json:"encounter_id,omitempty"`
	ServiceID      string  `json:"service_id"`
	OrganizationID string  `json:"organization_id,omitempty"`
	Need           string  `json:"need"`
	LevelOfCare    string  `json:"level_of_care,omitempty"`
	Mode           Mode    `json:"mode"`
	Status         Status  `json:"status"`
	Outcome        Outcome `json:"outcome,omitempty"`
	// StatusReason is the reason given with the latest move, if any.
	StatusReason string `json:"status_reason,omitempty"`
	// Note is sealed at rest.
	Note      string `json:"note,omitempty"`
	ConsentID string `json:"consent_id,omitempty"`
	History   []Move `json:"history"`
	// AgencyLink is the no-login URL, filled by the HTTP layer from AgencyLinkToken,
	// which exists only in the answer that created or reissued the link: the store keeps
	// the token's hash.
	AgencyLink          string    `json:"agency_link,omitempty"`
	AgencyLinkToken     string    `json:"-"`
	AgencyLinkHash      string    `json:"-"`
	AgencyLinkExpiresAt time.Time `json:"agency_link_expires_at,omitzero"`
	AgencyLinkRevokedAt time.Time `json:"agency_link_revoked_at,omitzero"`
	ShiftID             string    `json:"shift_id,omitempty"`
	CreatedBy           string    `json:"created_by,omitempty"`
	CreatedAt           time.Time `json:"created_at,omitzero"`
	RequestedAt         time.Time `json:"requested_at,omitzero"`
	AcceptedAt          time.Time `json:"accepted_at,omitzero"`
	ClosedAt            time.Time `json:"closed_at,omitzero"`
	// UpdatedAt is the time of the latest move: a referral whose UpdatedAt is old is
	// stalled.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// Version counts moves, for optimistic concurrency (ETag / If-Match).
	Version int `json:"version"`
}

// Limits on a referral.
const MaxNote = 4000

// AgencyLinkTTL is how long an agency link works unless revoked or reissued.
const AgencyLinkTTL = 30 * 24 * time.Hour

// NormalizeReferral trims the fields and lower-cases the codes. A referral starts as
// requested unless it is saved as a draft.
func NormalizeReferral(r *Referral) {
	r.Need = lower(r.Need)
	r.LevelOfCare = lower(r.LevelOfCare)
	r.Mode = Mode(lower(string(r.Mode)))
	r.Status = Status(lower(string(r.Status)))
	if r.Status == "" {
		r.Status = StatusRequested
	}
	r.Note = clean(r.Note)
	if r.Mode == "" {
		r.Mode = ModeLogged
	}
}

// ValidateReferral checks a new referral after NormalizeReferral and returns every bad
// field as directory.FieldErrors, or nil. Whether a consent covers a live referral is
// checked against the person's consents by CheckReferralConsent, when the organization is
// known.
func ValidateReferral(r *Referral) error {
	var c checker
	c.id("id", r.ID, false)
	c.id("person_id", r.PersonID, false)
	c.id("encounter_id", r.EncounterID, false)
	if r.PersonID == "" && r.EncounterID == "" {
		c.add("person_id", "is required (or encounter_id)")
	}
	c.id("service_id", r.ServiceID, true)
	c.id("organization_id", r.OrganizationID, false)
	switch {
	case r.Need == "":
		c.add("need", "is required: a %s code", directory.TaxonomyNeed)
	case !directory.HasTerm(directory.TaxonomyNeed, r.Need):
		c.add("need", "must be a %s code", directory.TaxonomyNeed)
	}
	if r.LevelOfCare != "" && !directory.HasTerm(directory.TaxonomyLevelOfCare, r.LevelOfCare) {
		c.add("level_of_care", "must be a %s code", directory.TaxonomyLevelOfCare)
	}
	c.oneOf("mode", string(r.Mode), strs(Modes()), true)
	// The organization is the service's, filled in by the store; a live referral to a
	// service of no organization is refused there.
	if r.Mode == ModeLive && r.PersonID == "" {
		c.add("person_id", "is required for a live referral: it shares the person's details")
	}
	if r.Status != StatusDraft && r.Status != StatusRequested {
		c.add("status", "a new referral is draft or requested")
	}
	if !r.Outcome.Valid() {
		c.oneOf("outcome", string(r.Outcome), strs(Outcomes()), false)
	}
	c.text("note", r.Note, MaxNote, false)
	return c.err()
}

// CheckReferralConsent finds the consent under which a live referral may share the
// person's details with its organization at time at; a logged referral needs none and
// gets the zero Consent. It returns ErrNoConsent when nothing covers it.
func CheckReferralConsent(r *Referral, consents []Consent, at time.Time) (Consent, error) {
	if r.Mode != ModeLive {
		return Consent{}, nil
	}
	return CoveringConsent(consents, r.OrganizationID, at)
}

// Start fills what a new referral's history begins with: its first move (from nothing to
// its status), made by who at time at.
func Start(r *Referral, who string, at time.Time) {
	r.CreatedBy, r.CreatedAt, r.UpdatedAt = who, at, at
	r.Version = 1
	r.History = []Move{{To: r.Status, By: who, At: at, Version: 1}}
	if r.Status == StatusRequested {
		r.RequestedAt = at
	}
}

// AgencyMoves are the statuses agency staff may move a referral to, with a login:
// accept, reject, start, complete or fail it. Holding and cancelling stay with the
// program, which made the referral.
var AgencyMoves = []Status{StatusAccepted, StatusRejected, StatusInProgress, StatusCompleted, StatusFailed}

// LinkMoves are the statuses the no-login agency link may move a referral to: accept or
// decline it, and once accepted end it with what happened (EndFor: completed when the
// person got help, failed when not).
var LinkMoves = []Status{StatusAccepted, StatusRejected, StatusCompleted, StatusFailed}

// AgencyMayMove reports whether agency staff may move a referral to status to.
func AgencyMayMove(to Status) bool { return slices.Contains(AgencyMoves, to) }

// LinkMayMove reports whether the agency link may move a referral to status to.
func LinkMayMove(to Status) bool { return slices.Contains(LinkMoves, to) }

// LinkActor is who a move made through an agency link is recorded as.
const LinkActor = "agency-link"

// LinkUsable reports whether the referral's agency link still opens it at time at.
func (r *Referral) LinkUsable(at time.Time) bool {
	return r.AgencyLinkHash != "" && r.AgencyLinkRevokedAt.IsZero() && at.Before(r.AgencyLinkExpiresAt)
}

// IssueAgencyLink gives the referral a fresh agency link valid for AgencyLinkTTL from
// at, replacing any earlier one: AgencyLinkToken holds the token to put in the URL, once.
//
// The link needs no login and shows the person, so who may have one is a rule of its
// own (access.MayReissueAgencyLink, access.MayRevokeAgencyLink): only the referral's
// maker (CreatedBy) may reissue it or be shown it when a draft is sent; the maker, a
// coordinator or an admin may revoke it (cutting off a leak reveals nothing); other peers
// and clinicians may do neither. A replaced or revoked link's page answers 410 and says
// the program replaced or withdrew it, and every reissue and revocation is audited in
// its own transaction.
func IssueAgencyLink(r *Referral, at time.Time) {
	tok, hash := NewToken(PrefixAgencyLink)
	r.AgencyLinkToken, r.AgencyLinkHash = tok, hash
	r.AgencyLinkExpiresAt = at.Add(AgencyLinkTTL)
	r.AgencyLinkRevokedAt = time.Time{}
}
