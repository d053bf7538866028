package access

import (
	"strings"
	"testing"
)

// TestUpdateLinkToken: a fresh token looks valid and hashes to the stored hash; tokens
// of other kinds or shapes do not look valid, and the bearer-token check does not take
// one for a credential.
func TestUpdateLinkToken(t *testing.T) {
	tok, hash := NewUpdateLinkToken()
	if !UpdateLinkTokenLooksValid(tok) || HashToken(tok) != hash || strings.Contains(hash, tok[3:]) {
		t.Fatalf("a fresh token %q does not check out", tok)
	}
	session, _ := NewToken(SessionToken)
	for _, bad := range []string{"", session, tok[:len(tok)-1], tok + "A", "hu_" + strings.Repeat("!", 43)} {
		if UpdateLinkTokenLooksValid(bad) {
			t.Errorf("%q looks like an update link token", bad)
		}
	}
	if _, ok := KindOf(tok); ok {
		t.Error("an update link token passes as a bearer token")
	}
	agency := &Principal{Role: Agency, OrganizationID: "a"}
	if !agency.MayManageUpdateLinks("a") || agency.MayManageUpdateLinks("b") || (&Principal{Role: Coordinator}).MayManageUpdateLinks("a") ||
		!(&Principal{Role: Admin}).MayManageUpdateLinks("b") {
		t.Error("MayManageUpdateLinks: agency staff their own organization's, admins any, no one else")
	}
}
