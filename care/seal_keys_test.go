package care

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestReseal: a value under an older key is sealed again under the sealing key, bound to
// the same place; one already under it is left untouched; one under a missing key is
// ErrWrongKey; and a value's key is read from it, or from its first PrefixLen characters.
func TestReseal(t *testing.T) {
	a, b, c := bytes.Repeat([]byte{1}, KeySize), bytes.Repeat([]byte{2}, KeySize), bytes.Repeat([]byte{3}, KeySize)
	old, _ := NewSealer(a)
	rot, _ := NewSealer(b, a)
	v, _ := old.Seal("note", "encounter/1/notes")
	if fp, err := KeyOf(v); err != nil || fp != Fingerprint(a) {
		t.Fatalf("KeyOf: %s %v", fp, err)
	}
	if fp, err := KeyOfPrefix(v[:PrefixLen]); err != nil || fp != Fingerprint(a) {
		t.Errorf("KeyOfPrefix: %s %v", fp, err)
	}
	if p, _ := SealedPrefix(Fingerprint(a)); !strings.HasPrefix(v, p) {
		t.Errorf("%q does not begin with its key's prefix %q", v, p)
	}
	w, changed, err := rot.Reseal(v, "encounter/1/notes")
	if err != nil || !changed {
		t.Fatalf("reseal: %v %v", changed, err)
	}
	onlyB, _ := NewSealer(b)
	if pt, err := onlyB.Open(w, "encounter/1/notes"); err != nil || pt != "note" {
		t.Errorf("resealed value under B alone: %q %v", pt, err)
	}
	if _, err := onlyB.Open(w, "encounter/2/notes"); !errors.Is(err, ErrTampered) {
		t.Errorf("resealed value opened elsewhere: %v", err)
	}
	if same, changed, err := rot.Reseal(w, "encounter/1/notes"); err != nil || changed || same != w {
		t.Errorf("a value under the sealing key was sealed again: %v %v", changed, err)
	}
	other, _ := NewSealer(c)
	x, _ := other.Seal("lost", "encounter/3/notes")
	if _, _, err := rot.Reseal(x, "encounter/3/notes"); !errors.Is(err, ErrWrongKey) {
		t.Errorf("a value under a missing key: %v", err)
	}
	if _, _, err := rot.Reseal(v, "encounter/9/notes"); !errors.Is(err, ErrTampered) {
		t.Errorf("a value bound elsewhere: %v", err)
	}
	k, err := NewKey(a, b)
	pk, _ := SealedPrefix(Fingerprint(k))
	pa, _ := SealedPrefix(Fingerprint(a))
	if err != nil || len(k) != KeySize || pk == pa {
		t.Errorf("NewKey: %d bytes, %v", len(k), err)
	}
}
