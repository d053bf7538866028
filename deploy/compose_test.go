package deploy

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// composeEnv is what .env gives compose (env.example's names, test values).
var composeEnv = []string{"HANDOFF_HOST=handoff.example.org", "POSTGRES_PASSWORD=0123abcd", "HANDOFF_TLS=internal"}

// loadCompose loads a compose file as `docker compose config` does, with compose-go (the
// library Docker Compose is built on): interpolation, merge keys, validation against the
// Compose Specification's JSON schema, normalisation. Every profile is on.
func loadCompose(t *testing.T, file string, env []string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{file}, cli.WithEnv(env), cli.WithName("handoff"), cli.WithProfiles([]string{"*"}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return opts.LoadProject(ctx)
}

// TestComposeFile: compose.yaml is a valid Compose file, and its topology is the one the
// README describes: one database not published, two instances sharing it with their own
// data folders, the proxy at the one address the instances trust, the key folder read-only.
func TestComposeFile(t *testing.T) {
	p, err := loadCompose(t, "compose.yaml", composeEnv)
	if err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	svc := func(name string) types.ServiceConfig {
		t.Helper()
		s, err := p.GetService(name)
		if err != nil {
			t.Fatalf("compose.yaml: %v", err)
		}
		return s
	}
	env := func(s types.ServiceConfig, k string) string {
		if v := s.Environment[k]; v != nil {
			return *v
		}
		return ""
	}
	db, h1, h2, proxy, migrate, tools := svc("db"), svc("handoff1"), svc("handoff2"), svc("proxy"), svc("migrate"), svc("tools")
	if tools.Build == nil {
		t.Fatal("tools has no build")
	}

	if len(db.Ports) > 0 {
		t.Errorf("the database publishes ports %v", db.Ports)
	}
	if db.HealthCheck == nil || db.HealthCheck.Disable {
		t.Error("the database has no health check; the instances wait for it")
	}
	for _, s := range p.Services {
		for _, port := range s.Ports {
			if s.Name != "proxy" && port.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes port %d beyond this machine", s.Name, port.Target)
			}
		}
	}
	dbURL := env(h1, "DATABASE_URL")
	u, err := url.Parse(dbURL)
	if err != nil || u.Hostname() != "db" || !strings.Contains(dbURL, "0123abcd") {
		t.Errorf("DATABASE_URL %q: want the db service, with POSTGRES_PASSWORD", dbURL)
	}
	trusted := env(h1, "HANDOFF_TRUSTED_PROXIES")
	proxyNet := proxy.Networks["backend"]
	if proxyNet == nil || proxyNet.Ipv4Address == "" || proxyNet.Ipv4Address != trusted {
		t.Errorf("the instances trust %q, but the proxy's address is %+v", trusted, proxyNet)
	}
	for _, s := range []types.ServiceConfig{h2, migrate, tools} {
		if env(s, "DATABASE_URL") != dbURL {
			t.Errorf("%s: DATABASE_URL %q, want the same as handoff1's", s.Name, env(s, "DATABASE_URL"))
		}
	}
	dataVolumes := map[string]bool{}
	for _, s := range []types.ServiceConfig{h1, h2} {
		if s.Image != h1.Image || s.Build == nil || s.Build.Target != "runtime" {
			t.Errorf("%s: image %q, build %+v; want handoff1's image, built from the runtime target", s.Name, s.Image, s.Build)
		}
		for k, want := range map[string]string{
			"HANDOFF_PUBLIC_URL": "https://handoff.example.org", "HANDOFF_TRUSTED_PROXIES": trusted,
			"HANDOFF_SEED": "off", "HANDOFF_DATA_KEY_FILE": "/run/handoff-keys/data.key",
		} {
			if env(s, k) != want {
				t.Errorf("%s: %s=%q, want %q", s.Name, k, env(s, k), want)
			}
		}
		if s.Restart != "unless-stopped" {
			t.Errorf("%s: restart %q", s.Name, s.Restart)
		}
		grace, err := time.ParseDuration(env(s, "HANDOFF_SHUTDOWN_GRACE"))
		if err != nil || s.StopGracePeriod == nil || time.Duration(*s.StopGracePeriod) <= grace {
			t.Errorf("%s: stop_grace_period %v must exceed HANDOFF_SHUTDOWN_GRACE %q", s.Name, s.StopGracePeriod, env(s, "HANDOFF_SHUTDOWN_GRACE"))
		}
		if d, ok := s.DependsOn["migrate"]; !ok || d.Condition != types.ServiceConditionCompletedSuccessfully {
			t.Errorf("%s does not wait for migrate to succeed: %+v", s.Name, s.DependsOn)
		}
		var data, keys bool
		for _, v := range s.Volumes {
			switch v.Target {
			case "/data":
				data = v.Type == types.VolumeTypeVolume && !dataVolumes[v.Source]
				dataVolumes[v.Source] = true
			case "/run/handoff-keys":
				keys = v.Type == types.VolumeTypeBind && v.ReadOnly && filepath.Base(v.Source) == "secrets"
			}
		}
		if !data {
			t.Errorf("%s: /data is not a named volume of its own: %+v", s.Name, s.Volumes)
		}
		if !keys {
			t.Errorf("%s: the key folder is not mounted read-only from secrets/: %+v", s.Name, s.Volumes)
		}
	}
	for _, name := range []string{"db", "proxy"} {
		if s := svc(name); s.Restart != "unless-stopped" {
			t.Errorf("%s: restart %q", name, s.Restart)
		}
	}
	if env(proxy, "HANDOFF_UPSTREAMS") != "handoff1:8080 handoff2:8080" {
		t.Errorf("proxy upstreams %q", env(proxy, "HANDOFF_UPSTREAMS"))
	}
	if pg := tools.Build.Args["PG_MAJOR"]; pg == nil || !strings.HasSuffix(db.Image, ":"+*pg) {
		t.Errorf("the tools image's PG_MAJOR %v is not the database image's %q: pg_dump must match the server", pg, db.Image)
	}
	if tools.Build.Target != "tools" || len(tools.Profiles) == 0 {
		t.Errorf("tools: build %+v, profiles %v; want the tools target, started only on demand", tools.Build, tools.Profiles)
	}
	for _, s := range p.Services {
		for _, v := range s.Volumes {
			if v.Type == types.VolumeTypeBind && filepath.Base(v.Source) != "secrets" && filepath.Base(v.Source) != "backups" {
				if _, err := os.Stat(v.Source); err != nil {
					t.Errorf("%s mounts %s, which is not in the repository", s.Name, v.Source)
				}
			}
		}
	}
}

// TestComposeRefuses: the loader really validates (an unknown key is refused), and a
// missing password or host name stops compose instead of starting with an empty one.
func TestComposeRefuses(t *testing.T) {
	b, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "compose.yaml")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(b), "    shm_size: 256mb\n", "    shm_size: 256mb\n    publish_db: true\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadCompose(t, bad, composeEnv); err == nil || !strings.Contains(err.Error(), "publish_db") {
		t.Errorf("an unknown key was accepted: %v", err)
	}
	for _, missing := range []string{"POSTGRES_PASSWORD", "HANDOFF_HOST"} {
		var env []string
		for _, kv := range composeEnv {
			if !strings.HasPrefix(kv, missing+"=") {
				env = append(env, kv)
			}
		}
		if _, err := loadCompose(t, "compose.yaml", env); err == nil || !strings.Contains(err.Error(), "set "+missing+" in .env") {
			t.Errorf("without %s: %v", missing, err)
		}
	}
}

// TestEnvExample: env.example names every variable compose.yaml reads.
func TestEnvExample(t *testing.T) {
	b, err := os.ReadFile("env.example")
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for line := range strings.Lines(string(b)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			env = append(env, line)
		}
	}
	if _, err := loadCompose(t, "compose.yaml", env); err != nil {
		t.Errorf("compose.yaml with env.example's values: %v", err)
	}
}

// TestCaddyfile: the Caddyfile is valid for the caddy on this machine, with the compose
// file's environment.
func TestCaddyfile(t *testing.T) {
	caddy := tool(t, "caddy", "the Caddyfile is not checked")
	cmd := exec.Command(caddy, "validate", "--config", "Caddyfile", "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HANDOFF_HOST=handoff.example.org", "HANDOFF_TLS=internal", "HANDOFF_UPSTREAMS=handoff1:8080 handoff2:8080",
		"XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("caddy validate: %v\n%s", err, out)
	}
}
