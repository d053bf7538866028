package access

import (
	"sync"
	"time"
)

// FailureLimit counts failures per key (a client address) in fixed windows: the first
// failure opens a window, and after max failures in it the key is blocked until it ends.
// Only what the caller reports as a failure counts: a success, or a request refused
// because the key is blocked, does not, so an office behind one address can sign in all
// day and a blocked guesser cannot stretch its own block.
type FailureLimit struct {
	max    int
	window time.Duration

	mu      sync.Mutex
	windows map[string]failureWindow
	sweepAt int // the size of windows at which the ended windows are dropped
}

type failureWindow struct {
	failures int
	refused  int // requests refused in this window (see Refuse)
	ends     time.Time
}

// minSweep is the number of keys below which ended windows are left to be overwritten.
const minSweep = 1024

// NewFailureLimit allows max failures per key in each window.
func NewFailureLimit(max int, window time.Duration) *FailureLimit {
	return &FailureLimit{max: max, window: window, windows: map[string]failureWindow{}, sweepAt: minSweep}
}

// Blocked reports whether key has used up its failures at now, and how long it still
// has to wait.
func (l *FailureLimit) Blocked(key string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.windows[key]
	if !ok || !now.Before(w.ends) || w.failures < l.max {
		return 0, false
	}
	return w.ends.Sub(now), true
}

// Refuse is Blocked for a caller that also wants to know whether this is the first
// refusal of key in its window: a refusal is worth an audit row once per window, not once
// per request, or a script holding a blocked key could grow the audit log without end.
func (l *FailureLimit) Refuse(key string, now time.Time) (wait time.Duration, blocked, first bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.windows[key]
	if !ok || !now.Before(w.ends) || w.failures < l.max {
		return 0, false, false
	}
	w.refused++
	l.windows[key] = w
	return w.ends.Sub(now), true, w.refused == 1
}

// Fail counts one failure of key at now.
func (l *FailureLimit) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.windows[key]
	if !now.Before(w.ends) {
		w = failureWindow{ends: now.Add(l.window)}
	}
	w.failures++
	l.windows[key] = w
	if len(l.windows) >= l.sweepAt {
		// Many addresses failing: drop the windows that have ended, so that memory
		// follows the addresses of the last window, not every address ever seen.
		for k, w := range l.windows {
			if !now.Before(w.ends) {
				delete(l.windows, k)
			}
		}
		l.sweepAt = max(minSweep, 2*len(l.windows))
	}
}
