package deploy

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// stages parses ../Dockerfile with BuildKit's own parser and runs BuildKit's build
// checks over it (those of `docker build --check`); any warning fails the test.
func stages(t *testing.T) []instructions.Stage {
	t.Helper()
	f, err := os.Open("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("Dockerfile: parser warning: %s", w.Short)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, _, _, msg string, loc []parser.Range) {
		t.Errorf("Dockerfile line %v: build check %s: %s", loc, rule, msg)
	}})
	st, _, err := instructions.Parse(res.AST, lint)
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	return st
}

// stage is the stage named name.
func stage(t *testing.T, st []instructions.Stage, name string) instructions.Stage {
	t.Helper()
	for _, s := range st {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("Dockerfile has no stage %q", name)
	return instructions.Stage{}
}

// commands are the stage's commands of type T.
func commands[T instructions.Command](s instructions.Stage) []T {
	var out []T
	for _, c := range s.Commands {
		if v, ok := c.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// TestDockerfile: a Go build stage with CGO off, then, as the default target, an empty
// base with the binary, CA certificates and two empty folders only, run by a user
// without privileges, with a health check that the binary answers itself.
func TestDockerfile(t *testing.T) {
	st := stages(t)
	build := stage(t, st, "build")
	if !strings.HasPrefix(build.BaseName, "golang:") {
		t.Errorf("build stage from %q, want golang:…", build.BaseName)
	}
	var goBuild string
	for _, r := range commands[*instructions.RunCommand](build) {
		if line := strings.Join(r.CmdLine, " "); strings.Contains(line, "go build") {
			goBuild = line
		}
	}
	if !strings.Contains(goBuild, "CGO_ENABLED=0") || !strings.Contains(goBuild, "./cmd/handoff") {
		t.Errorf("the go build is %q: want CGO_ENABLED=0 and ./cmd/handoff", goBuild)
	}

	runtime := st[len(st)-1]
	if runtime.Name != "runtime" || runtime.BaseName != "scratch" {
		t.Fatalf("the last stage (the default target) is %q from %q, want runtime from scratch", runtime.Name, runtime.BaseName)
	}
	if runs := commands[*instructions.RunCommand](runtime); len(runs) > 0 {
		t.Errorf("the runtime stage runs %d commands; it has no shell", len(runs))
	}
	var copied []string
	for _, c := range commands[*instructions.CopyCommand](runtime) {
		if c.From != "build" {
			t.Errorf("runtime copies %v from %q, want only from the build stage", c.SourcePaths, c.From)
		}
		copied = append(copied, c.SourcePaths...)
	}
	slices.Sort(copied)
	if want := []string{"/etc/ssl/certs/ca-certificates.crt", "/out/data", "/out/handoff", "/out/tmp"}; !slices.Equal(copied, want) {
		t.Errorf("runtime copies %v, want only %v", copied, want)
	}
	if len(commands[*instructions.AddCommand](runtime)) > 0 {
		t.Error("runtime uses ADD")
	}
	for _, s := range []instructions.Stage{runtime, stage(t, st, "tools")} {
		users := commands[*instructions.UserCommand](s)
		if len(users) == 0 {
			t.Errorf("stage %s runs as root: no USER", s.Name)
			continue
		}
		u := users[len(users)-1].User
		if name, _, _ := strings.Cut(u, ":"); name == "" || name == "0" || name == "root" {
			t.Errorf("stage %s runs as %q", s.Name, u)
		}
	}
	entry := commands[*instructions.EntrypointCommand](runtime)
	if len(entry) != 1 || entry[0].PrependShell || !slices.Equal(entry[0].CmdLine, []string{"/handoff"}) {
		t.Errorf("runtime ENTRYPOINT %+v, want exec form [\"/handoff\"]", entry)
	}
	hc := commands[*instructions.HealthCheckCommand](runtime)
	if len(hc) != 1 || !slices.Equal(hc[0].Health.Test, []string{"CMD", "/handoff", "health"}) {
		t.Errorf("runtime HEALTHCHECK %+v, want CMD /handoff health", hc)
	}
	env := map[string]string{}
	for _, e := range commands[*instructions.EnvCommand](runtime) {
		for _, kv := range e.Env {
			env[kv.Key] = kv.Value
		}
	}
	for k, want := range map[string]string{"HANDOFF_ADDR": ":8080", "HANDOFF_DATA": "/data", "HANDOFF_SEED": "off"} {
		if env[k] != want {
			t.Errorf("runtime ENV %s=%q, want %q", k, env[k], want)
		}
	}
}

// TestDockerignore: the build context leaves out history, data, keys and backups.
func TestDockerignore(t *testing.T) {
	b, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for _, want := range []string{".git", "**/handoff-data", "**/data.key", "**/*.backup", "deploy/secrets", "deploy/backups", "deploy/.env"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore lacks %q", want)
		}
	}
}
