package main

import (
	"testing"
	"time"

	"github.com/spf13/pflag"

	"handoff/api"
	"handoff/directory"
)

// TestReferralUnansweredAfterFlag: the default is directory's 72 hours, the flag and the
// environment set it, and zero or a malformed value stops serve before it starts.
func TestReferralUnansweredAfterFlag(t *testing.T) {
	parse := func(args ...string) (api.Options, error) {
		t.Helper()
		var cc careConfig
		fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
		careFlags(fs, &cc)
		if err := fs.Parse(args); err != nil {
			return api.Options{}, err
		}
		return cc.apply(api.Options{}, nil)
	}
	if o, err := parse(); err != nil || o.ReferralUnansweredAfter != directory.DefaultReferralUnansweredAfter {
		t.Fatalf("default: %v %v", o.ReferralUnansweredAfter, err)
	}
	if o, err := parse("--referral-unanswered-after", "24h"); err != nil || o.ReferralUnansweredAfter != 24*time.Hour {
		t.Fatalf("flag: %v %v", o.ReferralUnansweredAfter, err)
	}
	if _, err := parse("--referral-unanswered-after", "0s"); err == nil {
		t.Fatal("0s accepted")
	}
	t.Setenv("HANDOFF_REFERRAL_UNANSWERED_AFTER", "36h")
	if o, err := parse(); err != nil || o.ReferralUnansweredAfter != 36*time.Hour {
		t.Fatalf("env: %v %v", o.ReferralUnansweredAfter, err)
	}
	t.Setenv("HANDOFF_REFERRAL_UNANSWERED_AFTER", "three days")
	if _, err := parse(); err == nil {
		t.Fatal("a malformed HANDOFF_REFERRAL_UNANSWERED_AFTER accepted")
	}
}
