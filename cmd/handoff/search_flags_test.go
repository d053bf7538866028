package main

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"handoff/directory"
)

// TestCapacityTTLFlag: the default capacity TTL is a day, HANDOFF_CAPACITY_TTL sets it,
// --capacity-ttl overrides that, and a value that is not a positive duration stops serve
// naming the flag rather than falling back silently.
func TestCapacityTTLFlag(t *testing.T) {
	parse := func(args ...string) (time.Duration, error) {
		t.Helper()
		sc := &searchConfig{}
		fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
		searchFlags(fs, sc)
		if err := fs.Parse(args); err != nil {
			return 0, err
		}
		return sc.CapacityTTL, sc.check()
	}
	if d, err := parse(); err != nil || d != directory.DefaultCapacityTTL {
		t.Fatalf("default: %v %v", d, err)
	}
	t.Setenv("HANDOFF_CAPACITY_TTL", "6h")
	if d, err := parse(); err != nil || d != 6*time.Hour {
		t.Fatalf("from the environment: %v %v", d, err)
	}
	if d, err := parse("--capacity-ttl", "48h"); err != nil || d != 48*time.Hour {
		t.Fatalf("the flag over the environment: %v %v", d, err)
	}
	if _, err := parse("--capacity-ttl", "0s"); err == nil || !strings.Contains(err.Error(), "--capacity-ttl") {
		t.Errorf("0s: %v", err)
	}
	t.Setenv("HANDOFF_CAPACITY_TTL", "a day")
	if _, err := parse(); err == nil || !strings.Contains(err.Error(), "HANDOFF_CAPACITY_TTL") {
		t.Errorf("a bad environment value: %v", err)
	}
}
