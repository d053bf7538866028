package search

import (
	"os"
	"testing"
)

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "handoff-search-test") }

// TestMain removes the shared demo index after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoEngine != nil {
		demoEngine.Close()
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}
