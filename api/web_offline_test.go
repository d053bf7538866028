package api_test

// Issue 17, acceptance 2: Handoff without a connection, in a real headless Chromium with
// the network emulated offline by the DevTools protocol (the page's and its service
// worker's), over SQLite and PostgreSQL (the idempotency keys are the server's part).

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"handoff/care"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// emulateNetworkConditionsParams are those of the DevTools protocol's
// Network.emulateNetworkConditions (deprecated in the protocol, still served by
// Chromium): offline makes every request of the page fail.
type emulateNetworkConditionsParams struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetworkConditions = cdp.Command[emulateNetworkConditionsParams, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// setOffline takes the page, and its service worker, off the network or back on it:
// Network.emulateNetworkConditions for the page, the by-rule form of it with
// emulateOfflineServiceWorker for the worker's own fetches, and navigator.onLine.
func (p *encPage) setOffline(off bool) {
	p.t.Helper()
	tput := float64(-1)
	if _, err := chromedp.Call(p.ctx, emulateNetworkConditions, emulateNetworkConditionsParams{Offline: off, DownloadThroughput: tput, UploadThroughput: tput}); err != nil {
		p.t.Fatalf("Network.emulateNetworkConditions: %v", err)
	}
	sw := off
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &sw,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: tput, UploadThroughput: tput}},
	}); err != nil {
		p.t.Fatalf("Network.emulateNetworkConditionsByRule: %v", err)
	}
	if _, err := chromedp.Call(p.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: tput, UploadThroughput: tput}); err != nil {
		p.t.Fatalf("Network.overrideNetworkState: %v", err)
	}
}

// waitJS polls a JavaScript expression (a promise is awaited) until it is true.
func (p *encPage) waitJS(what, js string, within time.Duration) {
	p.t.Helper()
	for end := time.Now().Add(within); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err == nil && ok {
			return
		}
	}
	p.t.Fatalf("%s: not within %s\npage: %s", what, within, p.describe())
}

func evalAwait[T any](p *encPage, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// topResults reads the first n result cards: name and address.
const topResults = `[...document.querySelectorAll("#results li.card")].slice(0, 5).map((li) =>
	li.querySelector("h2").textContent + " | " + ((li.querySelector(".addr") || {}).textContent || "")).join("\n")`

// offlineNoise are the browser's own notes of what fails while offline, and of the
// refused and signed-out answers the test expects.
func offlineNoise(m chromedp.ConsoleMessage) bool {
	for _, s := range []string{"ERR_INTERNET_DISCONNECTED", "Failed to fetch", "ERR_CONNECTION", "ERR_FAILED",
		"status of 401", "status of 409", "FetchEvent", "no-response"} {
		if strings.Contains(m.Text, s) {
			return true
		}
	}
	return false
}

// TestOfflineInBrowser: a peer signs in on a phone; the app shell and the directory
// snapshot are kept. Offline, a search by need near a ZIP finds the same top results as
// online, under the offline banner; an encounter and two follow-up tries recorded
// offline arrive exactly once when the network returns; a try on a follow-up a colleague
// closed meanwhile is shown plainly as not recorded. After sign-out the phone holds
// nothing: no IndexedDB, no Cache Storage, no web storage, no service worker.
func TestOfflineInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if n, err := seed.Load(context.Background(), st); err != nil || n == 0 {
			t.Fatalf("demo directory: %d %v", n, err)
		}
		f := careNew(t, st, careWithSearch(t, st))
		waitFound(t, f, "shelter", 3)
		person := f.addPerson("Offline Test Person")
		other := f.addPerson("Closed Elsewhere")
		fu := f.addFollowUp("peer", person, time.Now().Add(-time.Hour))
		closed := f.addFollowUp("peer", other, time.Now().Add(-time.Hour))

		p := openPage(t, f.base, 240*time.Second, offlineNoise)
		if _, err := chromedp.Call(p.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: care.DefaultZoneName}); err != nil {
			t.Fatal(err)
		}
		p.run("open", chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile), chromedp.Navigate(f.base+"/follow-ups"))
		p.signIn(f.users["peer"].Email)
		p.run("signed in", chromedp.WaitVisible(chromedp.CSS("#work")))
		// The phone keeps the key, the snapshot and the shell.
		p.waitJS("the snapshot and the key are kept", `(async () => {
			const O = window.HandoffOffline;
			return !!(await O.store.get("snapshot", "current")) && (await O.store.all("keys")).length === 1; })()`, 60*time.Second)
		p.waitJS("the service worker keeps the shell", `(async () => {
			const keys = await caches.keys();
			if (!keys.some((k) => k.startsWith("handoff-shell"))) return false;
			const c = await caches.open(keys.find((k) => k.startsWith("handoff-shell")));
			return (await c.keys()).length >= 10 && !!navigator.serviceWorker.controller; })()`, 60*time.Second)

		// Online: need housing near 01040 (Holyoke).
		search := f.base + "/?need=housing&near=01040&radius_km=25"
		p.run("search online", chromedp.Navigate(search), chromedp.WaitVisible(chromedp.CSS("#results li.card")))
		online := encEval[string](p, topResults)
		if strings.Count(online, "\n") < 4 {
			t.Fatalf("online top results:\n%s", online)
		}

		// Offline: record on the follow-up page, opened while online.
		p.run("follow-ups", chromedp.Navigate(f.base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS(`li.fu[data-id="`+fu+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`li.fu[data-id="`+closed+`"]`)))
		p.setOffline(true)
		p.waitJS("navigator.onLine is false", `!navigator.onLine`, 5*time.Second)
		p.run("record an encounter offline", chromedp.Click(chromedp.CSS("#record-open")), chromedp.WaitVisible(chromedp.CSS("#enc-form")),
			chromedp.Click(chromedp.CSS("#enc-source-walk_in")), chromedp.SendKeys(chromedp.CSS("#enc-where"), "01040"),
			chromedp.Click(chromedp.CSS("#enc-need-housing")), chromedp.Click(chromedp.CSS("#enc-disposition-referred")),
			chromedp.SendKeys(chromedp.CSS("#enc-notes"), "Recorded in a basement, no signal."),
			chromedp.Click(chromedp.CSS("#enc-submit")))
		p.waitText("#enc-done", "kept on this phone")
		for i := 0; i < 2; i++ {
			p.run("a try offline", chromedp.Click(chromedp.CSS(`li.fu[data-id="`+fu+`"] button[data-outcome="no_answer"]`)))
			p.waitJS("the try is queued", `(async () => (await window.HandoffOffline.store.all("queue")).length === `+string(rune('2'+i))+`)()`, 10*time.Second)
		}
		p.run("a try on the other follow-up", chromedp.Click(chromedp.CSS(`li.fu[data-id="`+closed+`"] button[data-outcome="left_message"]`)))
		p.waitJS("four records queued", `(async () => (await window.HandoffOffline.store.all("queue")).length === 4)()`, 10*time.Second)
		// What is queued is ciphertext: no name, no note, no path in the clear.
		clear := evalAwait[string](p, `(async () => JSON.stringify(await window.HandoffOffline.store.all("queue"), (k, v) =>
			v instanceof ArrayBuffer ? new TextDecoder().decode(v) : v))()`)
		for _, s := range []string{"basement", "Offline Test Person", "/api/v1/", "no_answer"} {
			if strings.Contains(clear, s) {
				t.Errorf("the queue holds %q in the clear", s)
			}
		}
		// Meanwhile a colleague closes the other follow-up.
		f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + closed + "/attempts", who: "clinician",
			body: map[string]any{"channel": "phone", "outcome": "reached"}})

		// Offline, the search page comes from the service worker and searches the snapshot.
		p.run("search offline", chromedp.Navigate(search), chromedp.WaitVisible(chromedp.CSS("#offline-banner")),
			chromedp.WaitVisible(chromedp.CSS("#results li.card")))
		banner := p.text("#offline-banner")
		if !strings.HasPrefix(banner, "Offline: directory as of ") || len(banner) != len("Offline: directory as of 07:40") {
			t.Errorf("banner %q", banner)
		}
		if offline := encEval[string](p, topResults); offline != online {
			t.Errorf("offline top results differ:\n%s\nonline:\n%s", offline, online)
		}
		t.Logf("offline search took %.1f ms in the page (unthrottled)", encEval[float64](p, `window.HandoffOffline.lastSearchMs`))
		if dir := os.Getenv("HANDOFF_SCREENSHOTS"); dir != "" {
			// A tall phone screen: the banner, the search and the first results.
			p.run("tall screen", chromedp.EmulateViewport(360, 1500, chromedp.EmulateMobile))
			png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			p.run("phone screen", chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile))
			if err := os.WriteFile(filepath.Join(dir, "offline-banner.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if n := f.countRows(`SELECT count(*) FROM follow_up_attempts WHERE follow_up_id = $1`, fu); n != 0 {
			t.Fatalf("%d tries arrived while offline", n)
		}

		// The network returns: the queue is sent, each record once.
		p.setOffline(false)
		p.run("back online", chromedp.Navigate(f.base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS("#work")))
		p.waitJS("the queue is sent", `(async () => (await window.HandoffOffline.store.all("queue")).length === 0)()`, 60*time.Second)
		p.waitText("#offline-queue", "already closed")
		if s := p.text("#offline-queue"); !strings.Contains(s, "Not recorded: Try (left message) on the follow-up of Closed Elsewhere") {
			t.Errorf("the conflict is shown as %q", s)
		}
		// Sending again (a lost answer, a second tab) records nothing more.
		evalAwait[bool](p, `window.HandoffOffline.queue.sync().then(() => true)`)
		if n := f.countRows(`SELECT count(*) FROM follow_up_attempts WHERE follow_up_id = $1`, fu); n != 2 {
			t.Errorf("%d tries arrived, want 2", n)
		}
		if n := f.countRows(`SELECT count(*) FROM follow_up_attempts WHERE follow_up_id = $1`, closed); n != 1 {
			t.Errorf("the closed follow-up has %d tries, want the colleague's 1", n)
		}
		if n := f.countRows(`SELECT count(*) FROM encounters WHERE recorded_by = $1`, f.users["peer"].ID); n != 1 {
			t.Errorf("%d encounters arrived, want 1", n)
		}
		if n := f.countRows(`SELECT count(*) FROM idempotency_keys WHERE user_id = $1`, f.users["peer"].ID); n != 3 {
			t.Errorf("%d idempotency keys kept, want 3", n)
		}
		// The service worker never kept an answer of the API.
		cached := evalAwait[string](p, `(async () => { const out = [];
			for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) out.push(r.url);
			return out.join("\n"); })()`)
		if strings.Contains(cached, "/api/") || !strings.Contains(cached, "/static/offline-search.js") {
			t.Errorf("Cache Storage holds:\n%s", cached)
		}

		// Sign-out leaves nothing on the phone.
		p.run("dismiss the conflict", chromedp.Click(chromedp.CSS("#offline-queue button")))
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		// The wipe finishes in the browser after the page shows the sign-in form (deleting a
		// database waits for its last connection to close): give it a few seconds.
		const empty = `{"dbs":[],"caches":[],"regs":0,"local":0,"session":0}`
		var left string
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			left = evalAwait[string](p, `(async () => {
				const dbs = (await indexedDB.databases()).map((d) => d.name);
				const caches_ = await caches.keys();
				const regs = await navigator.serviceWorker.getRegistrations();
				return JSON.stringify({dbs, caches: caches_, regs: regs.length, local: localStorage.length, session: sessionStorage.length}); })()`)
			if left == empty || time.Now().After(deadline) {
				break
			}
		}
		if left != empty {
			t.Errorf("after sign-out the phone holds %s", left)
		}
		// A read or write still under way at sign-out (a sync, the queue's panel redrawn)
		// does not make the database anew: until a program user signs in, the store
		// refuses to open.
		if dbs := evalAwait[string](p, `(async () => {
				const S = window.HandoffOffline.store;
				const refused = await S.put("problems", {id: "late"}).then(() => "written", () => "refused");
				await S.all("queue").catch(() => null);
				return refused + " " + JSON.stringify((await indexedDB.databases()).map((d) => d.name)); })()`); dbs != "refused []" {
			t.Errorf("a write after sign-out: %s", dbs)
		}
		p.watch.CheckOrigin(t, f.base)
		p.watch.CheckConsole(t)
	})
}
