package deploy

import (
	"os"
	"os/exec"
	"testing"
)

// tool finds a program the deployment's checks run (caddy, promtool). Without it the
// test is skipped with why, unless HANDOFF_REQUIRE_DEPLOY_TOOLS is set (CI sets it), when
// it fails: a check that silently stops running is no check.
func tool(t *testing.T, name, why string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("HANDOFF_REQUIRE_DEPLOY_TOOLS") != "" {
		t.Fatalf("%s is not installed and HANDOFF_REQUIRE_DEPLOY_TOOLS is set (apt-get install -y caddy prometheus jq)", name)
	}
	t.Skip(name + " is not installed (apt-get install -y caddy prometheus jq): " + why)
	return ""
}
