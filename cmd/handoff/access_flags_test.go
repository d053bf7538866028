package main

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"handoff/api"
)

// TestAccessFlags: the settings of issue 11 (#5, #8, #12) from flags and environment,
// checked when serve starts.
func TestAccessFlags(t *testing.T) {
	parse := func(args ...string) (api.Options, error) {
		t.Helper()
		a := &accessConfig{}
		fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
		accessFlags(fs, a)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return a.apply(api.Options{})
	}
	o, err := parse()
	if err != nil || o.PublicURL != "" || len(o.TrustedProxies) != 0 || o.TokenMaxLifetime != 90*24*time.Hour || o.Hasher == nil {
		t.Fatalf("defaults: %+v %v", o, err)
	}
	t.Setenv("HANDOFF_PUBLIC_URL", "https://handoff.example.org/")
	t.Setenv("HANDOFF_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7")
	t.Setenv("HANDOFF_TOKEN_MAX_LIFETIME", "30d")
	o, err = parse()
	if err != nil || o.PublicURL != "https://handoff.example.org" || len(o.TrustedProxies) != 2 || o.TokenMaxLifetime != 30*24*time.Hour {
		t.Fatalf("from the environment: %+v %v", o, err)
	}
	if o, err = parse("--token-max-lifetime", "12h", "--public-url", "http://127.0.0.1:8080"); err != nil || o.TokenMaxLifetime != 12*time.Hour || o.PublicURL != "http://127.0.0.1:8080" {
		t.Fatalf("flags over the environment: %+v %v", o, err)
	}
	for _, bad := range [][]string{
		{"--trusted-proxies", "proxy.example"},
		{"--public-url", "handoff.example.org"},
		{"--token-max-lifetime", "never"},
		{"--token-max-lifetime", "soon"},
		{"--password-hash-concurrency", "-1"},
	} {
		if _, err := parse(bad...); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: %v, want an error naming the flag", bad, err)
		}
	}
}
