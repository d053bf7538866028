package access

import (
	"strings"
	"testing"
)

func TestPasswordHashing(t *testing.T) {
	h1, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if !strings.HasPrefix(h1, "$argon2id$v=19$m=47104,t=1,p=1$") {
		t.Errorf("not a PHC argon2id hash: %s", h1)
	}
	if h1 == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if strings.Contains(h1, "horse") {
		t.Error("the hash contains the password")
	}
	for _, c := range []struct {
		hash, pw string
		ok       bool
	}{
		{h1, "correct horse battery staple", true},
		{h2, "correct horse battery staple", true},
		{h1, "correct horse battery stapl", false},
		{h1, "", false},
		{"", "correct horse battery staple", false},
		{"$argon2id$v=19$m=999999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "x", false}, // absurd cost refused
		{"$2a$10$bcryptbcryptbcryptbcryptbcryptbcryptbcryptbcr", "x", false},
		{DummyHash(), "", false},
	} {
		if got := CheckPassword(c.hash, c.pw); got != c.ok {
			t.Errorf("CheckPassword(%.20q, %q) = %v", c.hash, c.pw, got)
		}
	}
	if a, b := DummyHash(), DummyHash(); a != b {
		t.Error("the dummy hash changes")
	}
}

func TestPasswordRules(t *testing.T) {
	for pw, ok := range map[string]bool{
		"short":                    false,
		"            ":             false,
		"twelve chars":             true,
		strings.Repeat("x", 256):   true,
		strings.Repeat("x", 257):   false,
		"ñandú ñandú ñ":            true,
		RandomPassword():           true,
		"dvanáct znaků":            true,
		strings.Repeat("é", 11):    false,
		"\t\t\t\t\t\t\t\t\t\t\t\t": false,
	} {
		if got := CheckPasswordRules(pw) == ""; got != ok {
			t.Errorf("CheckPasswordRules(%q) ok = %v, want %v", pw, got, ok)
		}
	}
	if a, b := RandomPassword(), RandomPassword(); a == b {
		t.Error("random passwords repeat")
	}
}
