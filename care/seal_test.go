package care

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func key(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

func TestSealRoundTrip(t *testing.T) {
	s, err := NewSealer(key(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range []string{"x", "Ana said she would try the Living Room tonight.", strings.Repeat("é", 5000)} {
		sealed, err := s.Seal(note, "encounter/1/notes")
		if err != nil {
			t.Fatal(err)
		}
		// (A one-letter note may well appear in base64 by chance.)
		if !IsSealed(sealed) || (len(note) > 8 && strings.Contains(sealed, note)) {
			t.Fatalf("sealed value %q reveals the note", sealed)
		}
		again, _ := s.Seal(note, "encounter/1/notes")
		if again == sealed {
			t.Error("two seals of the same note are equal: the nonce is not random")
		}
		got, err := s.Open(sealed, "encounter/1/notes")
		if err != nil || got != note {
			t.Errorf("Open = %q, %v", got, err)
		}
	}
	if v, err := s.Seal("", "x"); v != "" || err != nil {
		t.Errorf("empty note sealed to %q, %v", v, err)
	}
	if v, err := s.Open("", "x"); v != "" || err != nil {
		t.Errorf("empty value opened to %q, %v", v, err)
	}
}

func TestSealTamper(t *testing.T) {
	s, _ := NewSealer(key(1))
	sealed, _ := s.Seal("meet at the library", "referral/7/note")
	raw, _ := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, "hs1:"))
	for i := 4; i < len(raw); i++ { // every byte after the key fingerprint
		b := bytes.Clone(raw)
		b[i] ^= 0x01
		if _, err := s.Open("hs1:"+base64.RawStdEncoding.EncodeToString(b), "referral/7/note"); !errors.Is(err, ErrTampered) {
			t.Fatalf("flipping byte %d: %v", i, err)
		}
	}
	if _, err := s.Open(sealed, "referral/8/note"); !errors.Is(err, ErrTampered) {
		t.Errorf("moved to another record: %v", err)
	}
	if _, err := s.Open(sealed[:len(sealed)-10], "referral/7/note"); !errors.Is(err, ErrTampered) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := s.Open("meet at the library", "referral/7/note"); !errors.Is(err, ErrNotSealed) {
		t.Errorf("plain text: %v", err)
	}
}

func TestSealWrongKeyAndRotation(t *testing.T) {
	old, _ := NewSealer(key(1))
	sealed, _ := old.Seal("note", "a")
	other, _ := NewSealer(key(2))
	if _, err := other.Open(sealed, "a"); !errors.Is(err, ErrWrongKey) {
		t.Errorf("wrong key: %v", err)
	}
	rotated, _ := NewSealer(key(2), key(1))
	if got, err := rotated.Open(sealed, "a"); err != nil || got != "note" {
		t.Errorf("rotated sealer opens the old value: %q %v", got, err)
	}
	if _, err := NewSealer(key(1)[:16]); err == nil {
		t.Error("a 128-bit key was accepted")
	}
}

// TestDeriveKey: the same data key derives the same key in any Sealer made from it
// (another instance, a restart); other keys and other purposes derive unrelated ones.
func TestDeriveKey(t *testing.T) {
	a1, _ := NewSealer(key(1))
	a2, _ := NewSealer(key(1), key(2)) // older keys do not change it
	b, _ := NewSealer(key(2))
	k := a1.DeriveKey("form")
	if len(k) != KeySize {
		t.Fatalf("derived %d bytes", len(k))
	}
	if !bytes.Equal(k, a2.DeriveKey("form")) {
		t.Error("two sealers of one data key derived different keys")
	}
	for name, other := range map[string][]byte{"other key": b.DeriveKey("form"), "other purpose": a1.DeriveKey("forms"),
		"the data key": key(1)} {
		if bytes.Equal(k, other) {
			t.Errorf("derived key equals %s", name)
		}
	}
}

func TestAddressKey(t *testing.T) {
	s, _ := NewSealer(key(1))
	k := s.AddressKey("12 Main St Apt 3", "Holyoke")
	for _, same := range []string{"12 Main Street #3B", "12 MAIN ST Unit 3", "12 Main St. Apt. 3B", "12 Main St Fl 2", "12 Main St, Holyoke"} {
		if got := s.AddressKey(same, "Holyoke"); got != k {
			t.Errorf("%q: another key", same)
		}
	}
	if s.AddressKey("12 Main St", "Springfield") == k || s.AddressKey("14 Main St", "Holyoke") == k {
		t.Error("another building has the same key")
	}
	other, _ := NewSealer(key(2))
	if other.AddressKey("12 Main St Apt 3", "Holyoke") == k {
		t.Error("the key does not depend on the data key")
	}
	if s.AddressKey("  ", "Holyoke") != "" || strings.Contains(k, "MAIN") {
		t.Error("empty address keyed, or the key shows the address")
	}
}
