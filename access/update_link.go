package access

import (
	"encoding/base64"
	"strings"
	"time"
)

// A service's update link (/u/{token}) lets whoever holds it change the service's bed
// count and confirm it, without an account: night staff at a shelter have none. The
// rules:
//
//   - Making, rotating, revoking and listing a service's links is for those who may
//     change the service's listing (MayManageUpdateLinks): admins, and agency staff of
//     the service's own organization.
//   - A link opens exactly one service, and only while that service still belongs to the
//     organization it belonged to when the link was made.
//   - A link's updates are counted against UpdateLinkLimit, per link.

// UpdateLinkToken is the prefix of an update link's token.
const UpdateLinkToken TokenKind = "hu_"

// Defaults of the per-link update limit: enough for a shift's worth of − and + taps,
// too few for a script that found a leaked link to flood the change feed.
const (
	DefaultUpdateLinkLimit  = 60
	DefaultUpdateLinkWindow = 10 * time.Minute
)

// NewUpdateLinkToken returns a fresh update link token and the hash to store.
func NewUpdateLinkToken() (token, hash string) { return NewToken(UpdateLinkToken) }

// UpdateLinkTokenLooksValid reports whether a token from a path is shaped like an update
// link's, so that anything else is turned away before the database is asked.
func UpdateLinkTokenLooksValid(token string) bool {
	rest, ok := strings.CutPrefix(token, string(UpdateLinkToken))
	if !ok || len(rest) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}

// MayManageUpdateLinks reports whether the principal may make, rotate, revoke and list
// the update links of a service owned by the organization: whoever may change the
// listing itself (MayWriteListing), since a link changes the listing's beds.
func (p *Principal) MayManageUpdateLinks(orgID string) bool { return p.MayWriteListing(orgID) }
