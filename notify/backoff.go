package notify

import (
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Backoff is the retry schedule: exponential from Initial, times Multiplier per
// attempt, capped at Max, with ±Jitter randomization (cenkalti/backoff), giving up
// after Attempts.
type Backoff struct {
	Initial    time.Duration
	Max        time.Duration
	Multiplier float64
	Jitter     float64
	Attempts   int
}

// DefaultBackoff retries after about 30 s, 1, 2, 4, 8, 16, 32 minutes and then every
// hour, for 12 attempts in all (about six hours) before the delivery goes to the
// dead-letter list.
var DefaultBackoff = Backoff{Initial: 30 * time.Second, Max: time.Hour, Multiplier: 2, Jitter: 0.2, Attempts: 12}

func (b Backoff) withDefaults() Backoff {
	d := DefaultBackoff
	if b.Initial > 0 {
		d.Initial = b.Initial
	}
	if b.Max > 0 {
		d.Max = b.Max
	}
	if b.Multiplier >= 1 {
		d.Multiplier = b.Multiplier
	}
	if b.Jitter > 0 {
		d.Jitter = b.Jitter
	}
	if b.Attempts > 0 {
		d.Attempts = b.Attempts
	}
	return d
}

// After returns how long to wait after the attempts-th failed attempt (1 for the first)
// before the next, and false when the delivery has had all its attempts.
func (b Backoff) After(attempts int) (time.Duration, bool) {
	b = b.withDefaults()
	if attempts >= b.Attempts {
		return 0, false
	}
	e := &backoff.ExponentialBackOff{InitialInterval: b.Initial, RandomizationFactor: b.Jitter,
		Multiplier: b.Multiplier, MaxInterval: b.Max}
	e.Reset()
	var d time.Duration
	for range max(attempts, 1) {
		d = e.NextBackOff()
	}
	return d, true
}
