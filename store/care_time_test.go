package store

import (
	"testing"
	"time"
)

func TestCareTime(t *testing.T) {
	for _, want := range []time.Time{
		time.Date(2026, 3, 8, 6, 59, 59, 999999000, time.UTC),
		time.Date(1999, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 28, 0, 0, 0, 1000, time.FixedZone("EST", -5*3600)),
	} {
		got := careTime([]byte(formatTime(want)))
		if !got.Equal(want) {
			t.Errorf("careTime(%s) = %v, want %v", formatTime(want), got, want)
		}
		if !got.Equal(optTime(formatTime(want))) {
			t.Errorf("careTime and optTime differ on %s", formatTime(want))
		}
	}
	// Other shapes fall back to the general parser; '' is the zero time.
	if got := careTime([]byte("2026-03-08T06:59:59Z")); !got.Equal(time.Date(2026, 3, 8, 6, 59, 59, 0, time.UTC)) {
		t.Errorf("fallback: %v", got)
	}
	if !careTime(nil).IsZero() {
		t.Error("empty is not the zero time")
	}
}
