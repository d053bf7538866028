//go:build unix

package main

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
)

// health runs `handoff health ARGS` and returns what it printed and its error.
func health(args ...string) (string, error) {
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"health"}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

// TestHealthAsksServe: `handoff health` (the image's HEALTHCHECK) passes while a real serve
// runs, for /healthz and /readyz, and fails once it has stopped.
func TestHealthAsksServe(t *testing.T) {
	var addr string
	runServe(t, func(base string) {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		addr = u.Host
		if out, err := health("--addr", addr); err != nil || !strings.Contains(out, `"ok"`) {
			t.Errorf("health of a running serve: %q, %v", out, err)
		}
		if out, err := health("--addr", addr, "--ready"); err != nil || !strings.Contains(out, `"ready"`) {
			t.Errorf("health --ready of a ready serve: %q, %v", out, err)
		}
	}, "--data", t.TempDir(), "--seed", "off")
	if _, err := health("--addr", addr); err == nil || !strings.Contains(err.Error(), "does not answer") {
		t.Errorf("health of a stopped serve: %v, want it to fail", err)
	}
}

func TestHealthLocalURL(t *testing.T) {
	for _, c := range []struct {
		addr string
		tls  bool
		want string
	}{
		{":8080", false, "http://127.0.0.1:8080"},
		{"0.0.0.0:8080", false, "http://127.0.0.1:8080"},
		{"[::]:8080", true, "https://127.0.0.1:8080"},
		{"10.0.0.5:9000", false, "http://10.0.0.5:9000"},
		{"[::1]:8080", false, "http://[::1]:8080"},
	} {
		if got, err := localURL(c.addr, c.tls); err != nil || got != c.want {
			t.Errorf("localURL(%q, %v) = %q, %v; want %q", c.addr, c.tls, got, err, c.want)
		}
	}
	if _, err := localURL("8080", false); err == nil {
		t.Error("an address without a port was accepted")
	}
}
