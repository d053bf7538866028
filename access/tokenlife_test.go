package access

import (
	"testing"
	"time"
)

func TestTokenLifetime(t *testing.T) {
	day := 24 * time.Hour
	for _, c := range []struct {
		asked string
		max   time.Duration
		want  time.Duration
		ok    bool
	}{
		{"", DefaultTokenMaxLifetime, DefaultTokenLifetime, true},
		{"", 7 * day, 7 * day, true},
		{"30d", DefaultTokenMaxLifetime, 30 * day, true},
		{"12h", DefaultTokenMaxLifetime, 12 * time.Hour, true},
		{"90d", 90 * day, 90 * day, true},
		{"91d", 90 * day, 0, false},
		{"never", DefaultTokenMaxLifetime, 0, false},
		{"NEVER", 3650 * day, 0, false},
		{"soon", DefaultTokenMaxLifetime, 0, false},
	} {
		got, err := TokenLifetime(c.asked, c.max)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("TokenLifetime(%q, %v) = %v, %v", c.asked, c.max, got, err)
		}
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if got := TokenExpiry(now, time.Time{}, 90*day); !got.Equal(now.Add(90 * day)) {
		t.Errorf("a token without expiry ends at %v", got)
	}
	if got := TokenExpiry(now, now.Add(400*day), 90*day); !got.Equal(now.Add(90 * day)) {
		t.Errorf("a token past the cap ends at %v", got)
	}
	if got := TokenExpiry(now, now.Add(day), 90*day); !got.Equal(now.Add(day)) {
		t.Errorf("a short token ends at %v", got)
	}
	if FormatLifetime(90*day) != "90d" || FormatLifetime(36*time.Hour) != "36h0m0s" {
		t.Error("FormatLifetime")
	}
}
