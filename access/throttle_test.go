package access

import (
	"fmt"
	"testing"
	"time"
)

// TestFailureLimit: only failures count, a blocked key's refused requests do not, and
// the block ends with the window that the first failure opened.
func TestFailureLimit(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := NewFailureLimit(3, 15*time.Minute)
	for i := 0; i < 3; i++ {
		if _, blocked := l.Blocked("a", now); blocked {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail("a", now.Add(time.Duration(i)*time.Minute))
	}
	wait, blocked := l.Blocked("a", now.Add(5*time.Minute))
	if !blocked || wait != 10*time.Minute {
		t.Fatalf("after 3 failures: blocked %v for %v, want 10m", blocked, wait)
	}
	if _, blocked := l.Blocked("b", now); blocked {
		t.Fatal("another address is blocked")
	}
	for i := 0; i < 100; i++ { // refused requests are asked about, never reported as failures
		l.Blocked("a", now.Add(14*time.Minute))
	}
	if _, blocked := l.Blocked("a", now.Add(15*time.Minute)); blocked {
		t.Fatal("still blocked after the window")
	}
	l.Fail("a", now.Add(16*time.Minute))
	if _, blocked := l.Blocked("a", now.Add(16*time.Minute)); blocked {
		t.Fatal("a new window starts with one failure")
	}
}

// TestFailureLimitForgets: the windows of many addresses that have ended are dropped.
func TestFailureLimitForgets(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := NewFailureLimit(3, time.Minute)
	for i := 0; i < 5000; i++ {
		l.Fail(fmt.Sprintf("198.51.%d.%d", i/256, i%256), now.Add(time.Duration(i)*time.Millisecond*100))
	}
	if n := len(l.windows); n > 2*minSweep {
		t.Fatalf("%d windows kept for addresses that failed within the last minute (at most 600)", n)
	}
}

// TestFailureLimitRefuse: Refuse says blocked like Blocked, and first only for the first
// refusal of a window, so that a caller audits one row per window; a new window starts over.
func TestFailureLimitRefuse(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := NewFailureLimit(2, 10*time.Minute)
	if _, blocked, first := l.Refuse("k", now); blocked || first {
		t.Fatal("refused before any failure")
	}
	l.Fail("k", now)
	l.Fail("k", now)
	var firsts int
	for i := range 4 {
		wait, blocked, first := l.Refuse("k", now.Add(time.Duration(i)*time.Second))
		if !blocked || wait <= 0 {
			t.Fatalf("refusal %d: blocked %v, wait %s", i, blocked, wait)
		}
		if first {
			firsts++
		}
	}
	if firsts != 1 {
		t.Errorf("%d refusals said first, want 1", firsts)
	}
	later := now.Add(11 * time.Minute)
	if _, blocked, _ := l.Refuse("k", later); blocked {
		t.Error("still refused in a new window")
	}
	l.Fail("k", later)
	l.Fail("k", later)
	if _, blocked, first := l.Refuse("k", later); !blocked || !first {
		t.Errorf("the first refusal of the new window: blocked %v, first %v", blocked, first)
	}
}
