// Package browsertest gives tests a real headless Chromium through chromedp. Without a
// browser on the machine the test is skipped, unless HANDOFF_REQUIRE_BROWSER=1 (as in CI),
// which makes a missing browser a failure.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// browsers are the names Debian and others give Chromium.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// New starts a headless browser for the test and returns its context, which ends with the
// test. Actions should run under a context derived with a timeout: a timeout on the first
// run would stop the whole browser.
func New(t testing.TB) context.Context {
	t.Helper()
	path := os.Getenv("HANDOFF_BROWSER")
	for _, b := range browsers {
		if path != "" {
			break
		}
		if p, err := exec.LookPath(b); err == nil {
			path = p
		}
	}
	if path == "" {
		if os.Getenv("HANDOFF_REQUIRE_BROWSER") == "1" {
			t.Fatal("HANDOFF_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)")
		}
		t.Skip("no Chromium on this machine; set HANDOFF_REQUIRE_BROWSER=1 to fail instead")
	}
	// Flags for a closed network and for running as root in CI; a fresh profile each time.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(412, 915), // a phone, as peers use it in the field
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium at %s: %v", path, err)
	}
	return ctx
}
