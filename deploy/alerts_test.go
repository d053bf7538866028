package deploy

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"handoff/api"
	"handoff/store/storetest"
)

// ruleFile is the shape of a Prometheus rule file.
type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// metricName finds the series names an expression reads (Handoff's, the Go SQL pool's,
// the process's, the nightly job's).
var metricName = regexp.MustCompile(`\b(handoff_[a-z_]+|go_sql_[a-z_]+|process_[a-z_]+)\b`)

// TestAlertRules: every alert has a severity and a summary, and every series an alert of
// the handoff group reads is one a real Handoff server exports on /metrics; those of the
// nightly group are written by nightly.sh. With promtool installed, it also checks the
// files and runs the examples of alerts_test.yml.
func TestAlertRules(t *testing.T) {
	b, err := os.ReadFile("alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var rf ruleFile
	if err := yaml.Unmarshal(b, &rf); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	exported := exportedMetrics(t)
	nightly, err := os.ReadFile("nightly.sh")
	if err != nil {
		t.Fatal(err)
	}
	alerts := 0
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			alerts++
			if r.Alert == "" || r.Expr == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("%s: rule %q lacks an alert name, expression, severity or summary", g.Name, r.Alert)
			}
			for _, name := range metricName.FindAllString(r.Expr, -1) {
				switch {
				case g.Name == "handoff-nightly":
					if !strings.Contains(string(nightly), "metric "+name+" ") {
						t.Errorf("%s reads %s, which nightly.sh does not write", r.Alert, name)
					}
				case !exported[strings.TrimSuffix(name, "_bucket")]:
					t.Errorf("%s reads %s, which Handoff does not export", r.Alert, name)
				}
			}
		}
	}
	if alerts < 10 {
		t.Errorf("alerts.yml has %d alerts", alerts)
	}

	promtool := tool(t, "promtool", "alerts.yml was checked by the YAML parse above only")
	for _, args := range [][]string{{"check", "rules", "alerts.yml"}, {"check", "config", "prometheus.yml"}, {"test", "rules", "alerts_test.yml"}} {
		if out, err := exec.Command(promtool, args...).CombinedOutput(); err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}
}

// exportedMetrics are the metric families a real server exports once it has answered a
// request (a histogram by its name, without _bucket).
func exportedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	srv := api.New(storetest.SQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{})
	for _, path := range []string{"/healthz", "/metrics"} {
		res, err := srv.App().Test(httptest.NewRequest("GET", path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if path != "/metrics" {
			continue
		}
		out := map[string]bool{}
		for line := range strings.Lines(string(body)) {
			if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
				out[strings.Fields(name)[0]] = true
			}
		}
		return out
	}
	return nil
}
