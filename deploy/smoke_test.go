package deploy

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSmokeTopology runs smoke.sh: the compose topology without containers (two serve
// instances on one PostgreSQL behind Caddy with this Caddyfile), checked with curl. It
// needs caddy and TEST_DATABASE_URL (a role that may create databases).
func TestSmokeTopology(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the smoke test of the topology takes a minute or more")
	}
	tool(t, "caddy", "the topology was not run")
	tool(t, "jq", "the topology was not run")
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" && os.Getenv("HANDOFF_REQUIRE_POSTGRES") != "" {
		t.Fatal("HANDOFF_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")
	}
	if raw == "" {
		t.Skip("TEST_DATABASE_URL is not set: the topology was not run")
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/postgres" // smoke.sh creates and drops a scratch database from there
	cmd := exec.Command("bash", "smoke.sh")
	cmd.Env = append(os.Environ(), "SMOKE_ADMIN_URL="+u.String(), fmt.Sprintf("SMOKE_PORT_BASE=%d", freePortBase(t)))
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("smoke.sh: %v", err)
	}
	if !strings.Contains(string(out), "checks passed") {
		t.Fatal("smoke.sh skipped a tool it needs")
	}
}

// freePortBase finds a port base whose ports smoke.sh uses (base+0, 1, 2, 19, 363) are free.
func freePortBase(t *testing.T) int {
	t.Helper()
	for base := 20000 + os.Getpid()%20000; base < 45000; base += 400 {
		free := true
		for _, off := range []int{0, 1, 2, 19, 363} {
			ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", base+off))
			if err != nil {
				free = false
				break
			}
			ln.Close()
		}
		if free {
			return base
		}
	}
	t.Fatal("no free ports for smoke.sh")
	return 0
}
