package access

import (
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	seen := map[string]bool{}
	for _, kind := range []TokenKind{SessionToken, APIToken} {
		for i := 0; i < 50; i++ {
			tok, hash := NewToken(kind)
			if !strings.HasPrefix(tok, string(kind)) || len(tok) != 3+43 {
				t.Fatalf("token %q", tok)
			}
			if seen[tok] {
				t.Fatal("a token repeated")
			}
			seen[tok] = true
			if hash != HashToken(tok) || len(hash) != 64 || strings.Contains(hash, tok[3:]) {
				t.Fatalf("hash %q of %q", hash, tok)
			}
			if k, ok := KindOf(tok); !ok || k != kind {
				t.Fatalf("KindOf(%q) = %v %v", tok, k, ok)
			}
			if !SameHash(hash, HashToken(tok)) || SameHash(hash, HashToken(tok+"x")) {
				t.Fatal("SameHash")
			}
		}
	}
	for _, bad := range []string{"", "hs_", "hs_short", "xx_" + strings.Repeat("a", 43), "hs_" + strings.Repeat("!", 43), "ht_" + strings.Repeat("a", 44)} {
		if _, ok := KindOf(bad); ok {
			t.Errorf("KindOf(%q) accepted it", bad)
		}
	}
}

func TestCSRFToken(t *testing.T) {
	a, _ := NewToken(SessionToken)
	b, _ := NewToken(SessionToken)
	if once, again := CSRFToken(a), CSRFToken(a); once != again || once == CSRFToken(b) {
		t.Fatal("the CSRF token is not a function of the session")
	}
	if strings.Contains(CSRFToken(a), a[3:13]) {
		t.Fatal("the CSRF token shows the session token")
	}
	if !SameCSRF(CSRFToken(a), CSRFToken(a)) || SameCSRF("", "") || SameCSRF(CSRFToken(b), CSRFToken(a)) {
		t.Fatal("SameCSRF")
	}
}
