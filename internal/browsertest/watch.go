package browsertest

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Watcher notes what a page does in the browser: what it writes to the console and the
// URL of every request it makes. Start it before anything loads, so that nothing is
// missed.
type Watcher struct {
	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	urls    []string
	allowed []func(chromedp.ConsoleMessage) bool
}

// Watch starts noting the console and the requests of the browser ctx (from New), until
// it ends. A console message any of allow accepts is expected and not reported.
func Watch(ctx context.Context, allow ...func(chromedp.ConsoleMessage) bool) *Watcher {
	w := &Watcher{allowed: allow}
	messages := chromedp.Console(ctx)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.console = append(w.console, m)
			w.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.urls = append(w.urls, ev.Request.URL)
			w.mu.Unlock()
		}
	}()
	return w
}

// Allow expects the console messages ok accepts too, including those already seen.
func (w *Watcher) Allow(ok func(chromedp.ConsoleMessage) bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.allowed = append(w.allowed, ok)
}

// Console is a copy of the console messages seen so far that were not allowed.
func (w *Watcher) Console() []chromedp.ConsoleMessage {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []chromedp.ConsoleMessage
next:
	for _, m := range w.console {
		for _, ok := range w.allowed {
			if ok(m) {
				continue next
			}
		}
		out = append(out, m)
	}
	return out
}

// URLs is a copy of the URLs requested so far.
func (w *Watcher) URLs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.urls...)
}

// CheckConsole fails the test for each console message that was not allowed.
func (w *Watcher) CheckConsole(t testing.TB) {
	t.Helper()
	for _, m := range w.Console() {
		t.Errorf("the page wrote to the console: %s (%s:%d)", m, m.URL, m.Line)
	}
}

// CheckOrigin fails the test for each request that left origin (scheme, host and port,
// no slash at the end). data: URLs go nowhere (Chromium draws some form controls' icons
// with them).
func (w *Watcher) CheckOrigin(t testing.TB, origin string) {
	t.Helper()
	for _, u := range w.URLs() {
		if !strings.HasPrefix(u, origin+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page asked another origin than %s: %s", origin, u)
		}
	}
}

// NetworkStatus accepts the browser's own note (source "network") of a request answered
// status whose URL ends with urlSuffix ("" for any URL): "Failed to load resource: the
// server responded with a status of 401".
func NetworkStatus(status int, urlSuffix string) func(chromedp.ConsoleMessage) bool {
	text := "status of " + strconv.Itoa(status)
	return func(m chromedp.ConsoleMessage) bool {
		return m.Source == "network" && strings.Contains(m.Text, text) && strings.HasSuffix(m.URL, urlSuffix)
	}
}
