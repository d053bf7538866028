package access

import (
	"context"
	"errors"
	"runtime"
	"time"
)

// ErrBusy means every password-hashing slot stayed taken for the whole wait. A server
// answers it with 503 and Retry-After; the password was not checked.
var ErrBusy = errors.New("access: password hashing is busy")

// DefaultHashWait is how long a password check waits for a free slot: long enough to
// queue behind a short burst of logins (a hash takes about 50 ms), short enough that a
// flood is refused quickly instead of piling up requests.
const DefaultHashWait = time.Second

// Hasher runs a server's password hashes a few at a time. Each argon2id hash holds
// DefaultArgon2.Memory (46 MiB) and a core while it runs, so without a bound a burst of
// failed logins costs gigabytes and seconds (issue 11 #5); with one, memory stays at
// slots × 46 MiB and the rest wait or are refused.
type Hasher struct {
	slots chan struct{}
	wait  time.Duration
}

// NewHasher allows n hashes at once (n <= 0: one per core the Go scheduler uses,
// runtime.GOMAXPROCS) and waits up to wait for a slot (wait <= 0: DefaultHashWait).
func NewHasher(n int, wait time.Duration) *Hasher {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if wait <= 0 {
		wait = DefaultHashWait
	}
	return &Hasher{slots: make(chan struct{}, n), wait: wait}
}

// Acquire takes a slot, waiting up to the hasher's wait; release gives it back. The
// hasher's own methods use it; it is exported so that a test can fill the slots.
func (h *Hasher) Acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-h.slots }
	select {
	case h.slots <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Hash is HashPassword in a slot.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	release, err := h.Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(pw)
}

// Check is CheckPassword in a slot.
func (h *Hasher) Check(ctx context.Context, encoded, pw string) (bool, error) {
	release, err := h.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return CheckPassword(encoded, pw), nil
}

// CheckUnknown spends on a password for an account that does not exist what Check
// spends on one that does, through the same slots: the same cost, the same wait, the
// same ErrBusy, so neither the timing nor a 503 tells which emails have accounts.
func (h *Hasher) CheckUnknown(ctx context.Context, pw string) error {
	dummy := DummyHash() // made once, before taking a slot
	_, err := h.Check(ctx, dummy, pw)
	return err
}
