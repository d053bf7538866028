package notify

import (
	"slices"
	"strings"
	"time"
)

// Kind names an event.
type Kind string

// The events someone may hear about.
const (
	ReferralSent      Kind = "referral.sent"      // a live referral reached its agency
	ReferralAccepted  Kind = "referral.accepted"  // the agency accepted it
	ReferralDeclined  Kind = "referral.declined"  // the agency declined it
	ReferralCompleted Kind = "referral.completed" // the service was given
	ReferralFailed    Kind = "referral.failed"    // it did not happen
	FollowUpHanded    Kind = "followup.handed"    // a follow-up was handed to a colleague
	ListingFlagged    Kind = "listing.flagged"    // a problem was reported against a listing
	SuggestionWaiting Kind = "suggestion.waiting" // a suggested edit waits for review
	DirectoryChanged  Kind = "directory.changed"  // a directory record changed (the change feed)
	WebhookPaused     Kind = "webhook.paused"     // a webhook receiver kept failing and was paused
)

// OrganizationKinds are the events an organization may choose to be told of, about its
// own referrals and listings.
func OrganizationKinds() []Kind {
	return []Kind{ReferralSent, ReferralAccepted, ReferralDeclined, ReferralCompleted, ReferralFailed, ListingFlagged, SuggestionWaiting}
}

// WebhookKinds are the events a webhook receiver may subscribe to: directory changes and
// referral events.
func WebhookKinds() []Kind {
	return []Kind{DirectoryChanged, ReferralSent, ReferralAccepted, ReferralDeclined, ReferralCompleted, ReferralFailed}
}

// ReferralKind is the event of a referral's move to status (care.Status as a string);
// ok is false for moves no one is told of.
func ReferralKind(status string) (Kind, bool) {
	switch status {
	case "requested":
		return ReferralSent, true
	case "accepted":
		return ReferralAccepted, true
	case "rejected":
		return ReferralDeclined, true
	case "completed":
		return ReferralCompleted, true
	case "failed":
		return ReferralFailed, true
	}
	return "", false
}

// IsAnswer reports whether the event is the agency's answer to a referral: its maker
// gets an in-app notice of it.
func (k Kind) IsAnswer() bool {
	return k == ReferralAccepted || k == ReferralDeclined || k == ReferralCompleted || k == ReferralFailed
}

// Channel is how a delivery goes.
type Channel string

// The channels.
const (
	Email   Channel = "email"
	SMS     Channel = "sms"
	Webhook Channel = "webhook"
)

// PersonReceiver is the receiver of a text to a person: their record, never their number,
// which the store looks up (and checks that they still take texts) when it is sent.
func PersonReceiver(personID string) string { return "person:" + personID }

// PersonOf returns the person of a PersonReceiver, and false for any other receiver.
func PersonOf(receiver string) (string, bool) { return strings.CutPrefix(receiver, "person:") }

// Event is one thing that happened. Data holds only what names no one: ids, a
// service's public name, a status, a change's entity and operation.
type Event struct {
	ID             string            `json:"id"`
	Kind           Kind              `json:"kind"`
	OrganizationID string            `json:"organization_id,omitempty"`
	SubjectID      string            `json:"subject_id,omitempty"`
	Data           map[string]string `json:"data"`
	CreatedAt      time.Time         `json:"created_at"`
}

// Kinds is a set of event kinds, kept as space-separated text.
type Kinds []Kind

// ParseKinds reads space-separated kinds.
func ParseKinds(s string) Kinds {
	var out Kinds
	for _, f := range strings.Fields(s) {
		out = append(out, Kind(f))
	}
	return out
}

// String is the kinds, space-separated, sorted.
func (ks Kinds) String() string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	slices.Sort(s)
	return strings.Join(slices.Compact(s), " ")
}

// Has reports whether the set holds k.
func (ks Kinds) Has(k Kind) bool { return slices.Contains(ks, k) }

// Unknown returns the kinds not among allowed.
func (ks Kinds) Unknown(allowed []Kind) []string {
	var bad []string
	for _, k := range ks {
		if !slices.Contains(allowed, k) {
			bad = append(bad, string(k))
		}
	}
	return bad
}
