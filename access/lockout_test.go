package access

import (
	"testing"
	"time"
)

func TestLockout(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	n, until := 0, time.Time{}
	for i := 1; i < MaxFailedLogins; i++ {
		n, until = AfterFailure(n, now)
		if n != i || !until.IsZero() {
			t.Fatalf("after %d failures: %d, locked until %v", i, n, until)
		}
	}
	n, until = AfterFailure(n, now)
	if n != 0 || !until.Equal(now.Add(LockDuration)) {
		t.Fatalf("the fifth failure: %d, locked until %v", n, until)
	}
	if !Locked(until, now.Add(LockDuration-time.Second)) || Locked(until, now.Add(LockDuration)) || Locked(time.Time{}, now) {
		t.Fatal("Locked")
	}
}

func TestSessionActive(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		created, seen time.Duration // before now
		ok            bool
	}{
		{time.Hour, time.Minute, true},
		{time.Hour, 13 * time.Hour, false},
		{SessionMaxAge + time.Minute, time.Minute, false},
		{SessionMaxAge - time.Minute, time.Minute, true},
	} {
		if got := SessionActive(now.Add(-c.created), now.Add(-c.seen), now, DefaultSessionIdle); got != c.ok {
			t.Errorf("created %v ago, seen %v ago: %v", c.created, c.seen, got)
		}
	}
}

func TestParseLifetime(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "1d": 24 * time.Hour, "12h": 12 * time.Hour, "30m": 30 * time.Minute, "never": 0, " NEVER ": 0} {
		got, err := ParseLifetime(in)
		if err != nil || got != want {
			t.Errorf("ParseLifetime(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "0d", "-1d", "d", "5000d", "10s", "soon", "1w"} {
		if _, err := ParseLifetime(bad); err == nil {
			t.Errorf("ParseLifetime(%q) accepted it", bad)
		}
	}
}
