package access

import (
	"strings"
	"testing"
)

// TestPasswordResetTokenShape: a fresh reset token looks valid; another kind of token,
// a cut one and one with bytes outside base64url do not.
func TestPasswordResetTokenShape(t *testing.T) {
	tok, hash := NewPasswordResetToken()
	if !PasswordResetTokenLooksValid(tok) || hash != HashToken(tok) {
		t.Fatalf("a fresh token %q is refused", tok)
	}
	other, _ := NewUpdateLinkToken()
	for _, bad := range []string{"", other, tok[:len(tok)-1], "hp_" + strings.Repeat("!", 43), strings.Replace(tok, "hp_", "hs_", 1)} {
		if PasswordResetTokenLooksValid(bad) {
			t.Errorf("%q looks valid", bad)
		}
	}
}
