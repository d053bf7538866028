package access

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestHasherSlots: with every slot taken, checks and hashes wait, then give ErrBusy,
// the unknown-account check too; a freed slot is taken by the next one.
func TestHasherSlots(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(1, 20*time.Millisecond)
	hash, err := h.Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := h.Check(ctx, hash, "correct horse battery"); !ok || err != nil {
		t.Fatalf("check: %v %v", ok, err)
	}
	release, err := h.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Check(ctx, hash, "correct horse battery"); !errors.Is(err, ErrBusy) {
		t.Errorf("check with the slot taken: %v, want ErrBusy", err)
	}
	if err := h.CheckUnknown(ctx, "anything at all"); !errors.Is(err, ErrBusy) {
		t.Errorf("unknown-account check with the slot taken: %v, want ErrBusy", err)
	}
	if _, err := h.Hash(ctx, "another password"); !errors.Is(err, ErrBusy) {
		t.Errorf("hash with the slot taken: %v, want ErrBusy", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := NewHasher(1, time.Hour).Check(done, hash, "x"); err != nil {
		t.Errorf("a free slot is taken even with a cancelled context: %v", err)
	}
	time.AfterFunc(5*time.Millisecond, release)
	if ok, err := (&Hasher{slots: h.slots, wait: time.Second}).Check(ctx, hash, "correct horse battery"); !ok || err != nil {
		t.Errorf("after the slot is freed: %v %v", ok, err)
	}
	if n := cap(NewHasher(0, 0).slots); n < 1 {
		t.Errorf("default slots %d", n)
	}
}
