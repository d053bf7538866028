package api_test

// "Refer" on the search page: a signed-in peer refers a person to a service from its
// result card, recording the person's consent first when none covers the organization,
// or recording the referral only; in a real headless Chromium, over SQLite and PostgreSQL.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/care"
	"handoff/internal/browsertest"
	"handoff/store"
	"handoff/store/storetest"
)

// TestReferPageStatic: the search page loads the referral scripts from the server only,
// with no inline script or style, and the scripts keep nothing in web storage or cookies
// and put nothing in the page as markup.
func TestReferPageStatic(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	page := string(f.must(200, accReq{method: "GET", path: "/"}).body)
	for _, want := range []string{`<script src="/static/session.js" defer></script>`, `<script src="/static/person-picker.js" defer></script>`,
		`<script src="/static/refer.js" defer></script>`, `href="/static/refer.css"`, `<a id="signin-link" href="/follow-ups" hidden>Sign in to refer</a>`,
		`id="ref-form" method="post"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the search page lacks %s", want)
		}
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(tag, "src=") {
			t.Errorf("inline script: %s", tag)
		}
	}
	for _, bad := range []string{"<style", " style=", " on" + "click=", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("the search page contains %q", bad)
		}
	}
	// The referral's fields have no name: a form sent without the script puts nothing in a URL.
	for _, m := range regexp.MustCompile(`<(input|textarea|select)[^>]*>`).FindAllString(page[strings.Index(page, `id="refer"`):], -1) {
		if strings.Contains(m, " name=") && !strings.Contains(m, `type="radio"`) {
			t.Errorf("a referral field has a name: %s", m)
		}
	}
	for path, ctype := range map[string]string{"/static/refer.js": "javascript", "/static/person-picker.js": "javascript",
		"/static/refer.css": "text/css", "/static/session.js": "javascript", "/static/cards.js": "javascript"} {
		res := f.must(200, accReq{method: "GET", path: path})
		if ct := res.header.Get("Content-Type"); !strings.Contains(ct, ctype) {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "new Function", "innerHTML", "insertAdjacentHTML"} {
			if strings.Contains(string(res.body), bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
}

// referButton is the Refer button of the result card of the service named name.
func referButton(name string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//li[contains(@class,"card")][.//h2[.=%q]]//button[contains(@class,"refer-open")]`, name))
}

// inCard is the script's test that the referral panel is open in the card of name.
func inCard(name string) string {
	return `(() => { const p = document.getElementById("refer"); const li = p.closest("li.card");
		return !p.hidden && !!li && li.querySelector("h2").textContent === ` + jsString(name) + `; })()`
}

func (p *encPage) poll(what, js string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// pickPerson finds the person in the panel's picker by the first letters and taps them.
func (p *encPage) pickPerson(typed, name string) {
	p.t.Helper()
	p.run("find "+name, chromedp.SendKeys(chromedp.CSS("#ref-q"), typed),
		chromedp.Click(chromedp.Search(fmt.Sprintf(`//ul[@id="ref-matches"]//button[.//span[.=%q]]`, name))),
		chromedp.WaitVisible(chromedp.CSS("#ref-picked")))
	if s := p.text("#ref-picked-name"); s != name {
		p.t.Errorf("picked %q, want %q", s, name)
	}
}

// waitFound waits until the search index holds n services for q (it follows the change
// feed, so the fixture's listings arrive a moment after they are written).
func waitFound(t *testing.T, f *accFixture, q string, n int) {
	t.Helper()
	var got struct{ Total int }
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		f.must(200, accReq{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape(q)}).json(t, &got)
		if got.Total >= n {
			return
		}
	}
	t.Fatalf("the index holds %d services for %q, want %d", got.Total, q, n)
}

type referFile struct {
	Referrals []struct {
		ServiceID string `json:"service_id"`
		Need      string `json:"need"`
		Mode      string `json:"mode"`
		Status    string `json:"status"`
		Note      string `json:"note"`
		ConsentID string `json:"consent_id"`
	} `json:"referrals"`
	Consents []care.Consent `json:"consents"`
}

// TestReferFromSearchInBrowser refers from the search page as the program team would on
// a phone. Signed out, the results carry no Refer button, only a link to sign in. A peer
// signed in presses Refer on a result, finds a person who has given no consent: the page
// offers to record it or to record the referral only. A term of six years is refused by
// the API and said next to Until, everything typed kept; with 90 days the consent is
// recorded and the referral sent live, and the agency link shown with a copy button. The
// panel survives a new search. Another person's referral is recorded only (logged, no
// link); the first person, now consented, is offered "Send referral" at once. An agency
// user gets no Refer button. Nothing personal reaches a URL, web storage or the console.
func TestReferFromSearchInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, careWithSearch(t, st))
		dana := f.addPerson("Dana Q.")
		lee := f.addPerson("Lee R.")
		waitFound(t, f, "food pantry", 2)
		const orgA, orgB = "Organization A food pantry", "Organization B food pantry"
		search := f.base + "/?q=" + url.QueryEscape("food pantry") + "&need=food"

		// The browser's own notes of a fetch answered 401 (GET /api/v1/me while signed out)
		// and of the consent answered 400 (the term the test makes too long) are expected.
		p := openPage(t, f.base, 180*time.Second, browsertest.NetworkStatus(401, ""), browsertest.NetworkStatus(400, "/consents"))
		p.run("open the search", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(search), chromedp.WaitVisible(chromedp.CSS("#results li.card")))

		// Signed out: a link to sign in, no Refer buttons.
		p.poll("signed out", `document.getElementById("account-line").dataset.state === "signed-out"`)
		if n := encEval[int](p, `document.querySelectorAll(".refer-open").length`); n != 0 {
			t.Errorf("signed out, the page shows %d Refer buttons", n)
		}
		if !p.visible("signin-link") || encEval[string](p, `document.getElementById("signin-link").getAttribute("href")`) != "/follow-ups" {
			t.Error("signed out, there is no link to sign in")
		}

		// The peer signs in on /follow-ups and comes back: a Refer button on every card.
		p.run("sign-in page", chromedp.Navigate(f.base+"/follow-ups"))
		p.signIn(f.users["peer"].Email)
		p.run("signed in", chromedp.WaitVisible(chromedp.CSS("#work")), chromedp.Navigate(search),
			chromedp.WaitVisible(referButton(orgA)), chromedp.WaitVisible(referButton(orgB)))
		if got := encEval[string](p, `document.querySelectorAll(".refer-open").length + "/" + document.querySelectorAll("#results li.card").length +
			" " + document.getElementById("account-line").dataset.state`); got != "2/2 program" {
			t.Errorf("signed in as a peer: Refer buttons/cards and account %q, want 2/2 program", got)
		}
		if p.visible("signin-link") {
			t.Error("signed in, the page still offers to sign in")
		}

		// Refer Dana Q. to A: the need comes from the search; no consent on file.
		const note = "Prefers afternoon calls; sister is the contact."
		p.run("refer to A", chromedp.Click(referButton(orgA)), chromedp.WaitVisible(chromedp.CSS("#ref-form")))
		p.poll("the panel in A's card", inCard(orgA))
		if s := encEval[string](p, `document.getElementById("ref-need").value + " " + document.activeElement.id + " " +
			document.querySelector("li.card .refer-open[aria-expanded=true]").closest("li").querySelector("h2").textContent`); s != "food ref-h "+orgA {
			t.Errorf("the panel opened with need, focus and card %q", s)
		}
		p.run("the note", chromedp.SendKeys(chromedp.CSS("#ref-note"), note))
		p.pickPerson("Dan", "Dana Q.")
		p.poll("no consent", `document.getElementById("ref-consent-box").dataset.consent === "none"`)
		if s := p.text("#ref-consent-status"); !strings.Contains(s, "No consent on file") || !strings.Contains(s, "Organization A") {
			t.Errorf("the consent status says %q", s)
		}
		if !p.visible("ref-way-consent") || !p.visible("ref-way-logged") || p.visible("ref-consent") {
			t.Error("without consent the two choices are not offered (or the consent form shows before a choice)")
		}

		// Sending without a choice: said next to the choice, nothing sent.
		p.run("send without a choice", chromedp.Click(chromedp.CSS("#ref-send")), chromedp.WaitVisible(chromedp.CSS("#ref-err-way")))
		if s := p.text("#ref-err-way"); !strings.Contains(s, "Choose how to refer") {
			t.Errorf("the choice's error says %q", s)
		}

		// A new search while the panel is open: the panel and what was typed stay.
		p.run("search again", chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = "pantry"`), chromedp.Click(chromedp.CSS("#go")))
		p.poll("the new answer", `location.search.includes("q=pantry&") && document.getElementById("main").dataset.state === "results"`)
		if s := encEval[string](p, `[document.getElementById("refer").hidden, document.getElementById("ref-note").value,
			document.getElementById("ref-picked-name").textContent, document.getElementById("ref-service").textContent].join("|")`); s != "false|"+note+"|Dana Q.|"+orgA {
			t.Errorf("after a new search the panel holds %q", s)
		}

		// Record the consent: a verbal one, witnessed by the peer. Six years is too long:
		// the API's answer shows next to Until, and everything typed is kept.
		p.run("choose consent", chromedp.Click(chromedp.CSS("#ref-way-consent")), chromedp.WaitVisible(chromedp.CSS("#ref-consent")))
		if s := p.text("#ref-send"); s != "Record consent and send" {
			t.Errorf("the button says %q", s)
		}
		if p.visible("ref-witness") {
			t.Error("the witness is asked before the method says verbal")
		}
		def := encEval[string](p, `document.getElementById("ref-until").value`)
		if want := time.Now().AddDate(0, 0, 90).Format("2006-01-02"); def != want && def != time.Now().AddDate(0, 0, 91).Format("2006-01-02") {
			t.Errorf("Until starts at %q, want 90 days on (%s)", def, want)
		}
		p.run("verbal", chromedp.Click(chromedp.CSS("#ref-method-verbal")), chromedp.WaitVisible(chromedp.CSS("#ref-witness")),
			chromedp.Click(chromedp.CSS("#ref-witness")))
		// The witness is the peer ("me") unless a colleague is chosen: the active peers and
		// clinicians, the peer not twice, no coordinator.
		p.poll("the colleagues", `[...document.getElementById("ref-witness-who").options].some((o) => o.value === `+jsString(f.users["clinician"].ID)+`)`)
		if s := encEval[string](p, `[document.getElementById("ref-witness-who").value,
			[...document.getElementById("ref-witness-who").options].map((o) => o.value).join(",")].join("|")`); s != "me|me,"+f.users["clinician"].ID {
			t.Errorf("the witness choice holds %q, want me|me,%s", s, f.users["clinician"].ID)
		}
		p.screenshot("handoff-refer.png", "#ref-h")
		p.screenshot("handoff-refer-consent.png", "#ref-consent-status")
		p.run("six years", chromedp.SetValue(chromedp.CSS("#ref-until"), time.Now().AddDate(6, 0, 0).Format("2006-01-02")))
		p.run("send for six years", chromedp.Click(chromedp.CSS("#ref-send")), chromedp.WaitVisible(chromedp.CSS("#ref-err-until")))
		if s := p.text("#ref-err-until"); !strings.Contains(s, "five years") {
			t.Errorf("Until's error says %q", s)
		}
		kept := encEval[string](p, `[document.getElementById("ref-until").getAttribute("aria-invalid"), document.activeElement.id,
			document.getElementById("ref-note").value, document.getElementById("ref-need").value, document.getElementById("ref-picked-name").textContent,
			document.querySelector("input[name=ref-method]:checked").value, document.getElementById("ref-witness").checked,
			document.getElementById("ref-information").value].join("|")`)
		if want := "true|ref-until|" + note + "|food|Dana Q.|verbal|true|Name, phone, preferred language, the need and the note of this referral"; kept != want {
			t.Errorf("after the error the panel holds\n%s\nwant\n%s", kept, want)
		}
		var file referFile
		f.must(200, accReq{method: "GET", path: "/api/v1/people/" + dana, who: "peer"}).json(t, &file)
		if len(file.Consents) != 0 || len(file.Referrals) != 0 {
			t.Fatalf("a refused consent left %d consents and %d referrals", len(file.Consents), len(file.Referrals))
		}
		for _, w := range []int{390, 360} {
			p.run("width", chromedp.EmulateViewport(int64(w), 740, chromedp.EmulateMobile, chromedp.EmulateTouch))
			if got := encEval[int](p, `document.documentElement.scrollWidth`); got > w {
				t.Errorf("with the consent form open the page is %d px wide at %d", got, w)
			}
		}
		p.run("back to 390", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))

		// 90 days: the consent is recorded, the referral sent live, the link shown.
		p.run("send", chromedp.SetValue(chromedp.CSS("#ref-until"), def), chromedp.Click(chromedp.CSS("#ref-send")))
		p.poll("sent", `document.getElementById("refer").dataset.state === "sent"`)
		if s := p.text("#ref-done-h"); s != "Sent to Organization A" {
			t.Errorf("the result says %q", s)
		}
		link := encEval[string](p, `document.getElementById("ref-link").value`)
		if !strings.HasPrefix(link, f.base+"/r/") || !p.visible("ref-copy") {
			t.Errorf("the agency link %q (copy button shown: %v)", link, p.visible("ref-copy"))
		}
		if s := p.text("#ref-next"); !strings.Contains(s, "no sign-in") || !strings.Contains(s, "only time") {
			t.Errorf("what happens next: %q", s)
		}
		for _, perm := range []string{"clipboard-write", "clipboard-read"} {
			d := &browser.PermissionDescriptor{Name: perm}
			if _, err := chromedp.CallBrowser(p.ctx, browser.SetPermission, browser.SetPermissionParams{Permission: d, Setting: browser.PermissionSettingGranted, Origin: f.base}); err != nil {
				t.Fatal(err)
			}
		}
		p.run("copy", chromedp.Click(chromedp.CSS("#ref-copy")))
		p.waitText("#ref-copied", "Copied.")
		p.screenshot("handoff-refer-sent.png", "#ref-done-h")

		f.must(200, accReq{method: "GET", path: "/api/v1/people/" + dana, who: "peer"}).json(t, &file)
		if len(file.Referrals) != 1 || len(file.Consents) != 1 {
			t.Fatalf("Dana Q. has %d referrals and %d consents, want 1 and 1", len(file.Referrals), len(file.Consents))
		}
		if r := file.Referrals[0]; r.ServiceID != f.svcA || r.Mode != "live" || r.Status != "requested" || r.Need != "food" || r.Note != note || r.ConsentID != file.Consents[0].ID {
			t.Errorf("Dana Q.'s referral: %+v", r)
		}
		k := file.Consents[0]
		if strings.Join(k.OrganizationIDs, ",") != f.orgA || k.AnyTreatingProvider || k.Method != care.MethodVerbal || k.WitnessedBy != f.users["peer"].ID ||
			k.Discloser == "" || k.Information == "" || k.Purpose == "" || k.RecordedBy != f.users["peer"].ID ||
			k.ExpiresAt.Before(time.Now().Add(89*24*time.Hour)) || k.ExpiresAt.After(time.Now().Add(92*24*time.Hour)) {
			t.Errorf("Dana Q.'s consent: %+v", k)
		}
		if status, body, _ := f.linkPage(link); status != 200 || !strings.Contains(body, "Dana Q.") {
			t.Errorf("the agency link answers %d and shows the person: %v", status, strings.Contains(body, "Dana Q."))
		}

		// Lee R. to B: record only. No link, nothing shared.
		p.run("back to the food search", chromedp.Navigate(search), chromedp.WaitVisible(referButton(orgB)))
		p.run("refer to B", chromedp.Click(referButton(orgB)), chromedp.WaitVisible(chromedp.CSS("#ref-form")))
		p.poll("the panel in B's card, empty", inCard(orgB)+` && document.getElementById("refer").dataset.state === "form" && !document.getElementById("ref-note").value`)
		p.pickPerson("Lee", "Lee R.")
		p.poll("no consent", `document.getElementById("ref-consent-box").dataset.consent === "none"`)
		p.run("record only", chromedp.Click(chromedp.CSS("#ref-way-logged")))
		if s := p.text("#ref-send"); s != "Record referral" || p.visible("ref-consent") {
			t.Errorf("record only: the button says %q, consent form shown %v", s, p.visible("ref-consent"))
		}

		// The session ends meanwhile: the panel says how to go on and keeps everything;
		// signed in again (as in another tab), the same button records it.
		if _, err := f.st.DB().ExecContext(context.Background(), "DELETE FROM sessions WHERE user_id = $1", f.users["peer"].ID); err != nil {
			t.Fatal(err)
		}
		peer := f.users["peer"]
		peer.Token = f.newSession(peer.ID) // the test's own bearer token
		f.users["peer"] = peer
		p.run("record, signed out", chromedp.Click(chromedp.CSS("#ref-send")))
		p.waitText("#ref-error", "Your session has ended")
		if s := encEval[string](p, `[document.getElementById("refer").dataset.state, document.getElementById("ref-picked-name").textContent,
			document.querySelector("input[name=ref-way]:checked").value, document.querySelector("#ref-error a").getAttribute("href"),
			document.querySelector("#ref-error a").target].join("|")`); s != "form|Lee R.|logged|/follow-ups|_blank" {
			t.Errorf("after the session ended the panel holds %q", s)
		}
		p.run("sign in again", chromedp.Evaluate[chromedp.Void](`fetch("/api/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" },
			body: JSON.stringify({ email: `+jsString(f.users["peer"].Email)+`, password: `+jsString(accPassword)+` }) })`))
		p.poll("signed in again", `fetch("/api/v1/me").then((r) => r.ok)`)
		p.run("record", chromedp.Click(chromedp.CSS("#ref-send")))
		p.poll("recorded", `document.getElementById("refer").dataset.state === "recorded"`)
		if s := p.text("#ref-done-h"); s != "Recorded (not sent)" || p.visible("ref-link-box") || encEval[string](p, `document.getElementById("ref-link").value`) != "" {
			t.Errorf("record only shows %q with the link box shown %v", s, p.visible("ref-link-box"))
		}
		var leeFile referFile
		f.must(200, accReq{method: "GET", path: "/api/v1/people/" + lee, who: "peer"}).json(t, &leeFile)
		if len(leeFile.Referrals) != 1 || leeFile.Referrals[0].Mode != "logged" || leeFile.Referrals[0].ServiceID != f.svcB ||
			leeFile.Referrals[0].Need != "food" || len(leeFile.Consents) != 0 {
			t.Errorf("Lee R.'s file: %+v", leeFile)
		}

		// Dana Q. again, to A: the consent on file covers it, so "Send referral" at once.
		p.run("refer to A again", chromedp.Click(referButton(orgA)))
		p.poll("the panel in A's card, empty", inCard(orgA)+` && document.getElementById("refer").dataset.state === "form"`)
		p.pickPerson("Dan", "Dana Q.")
		p.poll("covered", `document.getElementById("ref-consent-box").dataset.consent === "covered"`)
		if s := p.text("#ref-send"); s != "Send referral" || p.visible("ref-way") || p.visible("ref-consent") {
			t.Errorf("with consent on file the button says %q (choice shown %v)", s, p.visible("ref-way"))
		}
		p.run("close", chromedp.Click(chromedp.CSS("#ref-close")), chromedp.WaitNotVisible(chromedp.CSS("#refer")))
		if n := encEval[int](p, `localStorage.length + sessionStorage.length`); n != 0 {
			t.Errorf("the page keeps %d things in web storage", n)
		}
		if href := encEval[string](p, `location.href`); href != search {
			t.Errorf("the page's address became %q", href)
		}

		// Dana Q. to B: her consent names A only. The clinician with the peer heard her
		// agree: chosen as the witness, the stored consent names the clinician.
		p.run("refer Dana to B", chromedp.Click(referButton(orgB)))
		p.poll("the panel in B's card, no consent", inCard(orgB)+` && document.getElementById("ref-consent-box").dataset.consent === "none"`)
		if s := p.text("#ref-picked-name"); s != "Dana Q." {
			t.Errorf("the panel names %q, want Dana Q.", s)
		}
		p.run("consent for B", chromedp.Click(chromedp.CSS("#ref-way-consent")), chromedp.WaitVisible(chromedp.CSS("#ref-consent")),
			chromedp.Click(chromedp.CSS("#ref-method-verbal")), chromedp.WaitVisible(chromedp.CSS("#ref-witness-who")))
		p.poll("the colleagues", `[...document.getElementById("ref-witness-who").options].some((o) => o.value === `+jsString(f.users["clinician"].ID)+`)`)
		p.run("the clinician witnessed", chromedp.SetValue(chromedp.CSS("#ref-witness-who"), f.users["clinician"].ID),
			chromedp.Click(chromedp.CSS("#ref-witness")), chromedp.Click(chromedp.CSS("#ref-send")))
		p.poll("sent to B", `document.getElementById("refer").dataset.state === "sent"`)
		f.must(200, accReq{method: "GET", path: "/api/v1/people/" + dana, who: "peer"}).json(t, &file)
		var toB *care.Consent
		for i := range file.Consents {
			if strings.Join(file.Consents[i].OrganizationIDs, ",") == f.orgB {
				toB = &file.Consents[i]
			}
		}
		if len(file.Consents) != 2 || toB == nil || toB.Method != care.MethodVerbal || toB.WitnessedBy != f.users["clinician"].ID ||
			toB.RecordedBy != f.users["peer"].ID {
			t.Errorf("Dana Q.'s consents after the one for B: %+v", file.Consents)
		}

		// An agency user: no Refer button, and no offer to sign in.
		p.run("sign out", chromedp.Navigate(f.base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS("#signout")), chromedp.Click(chromedp.CSS("#signout")))
		p.signIn(f.users["agency"].Email)
		p.run("agency", chromedp.WaitVisible(chromedp.CSS("#not-program")), chromedp.Navigate(search), chromedp.WaitVisible(chromedp.CSS("#results li.card")))
		p.poll("agency known", `document.getElementById("account-line").dataset.state === "other"`)
		if n := encEval[int](p, `document.querySelectorAll(".refer-open").length`); n != 0 || p.visible("signin-link") {
			t.Errorf("the agency user sees %d Refer buttons (sign-in link shown %v)", n, p.visible("signin-link"))
		}

		// The person search sends its words as GET /api/v1/people?q= (the API's form);
		// nothing else of the people, the note or the consent goes into a URL.
		p.checkRequests([]string{"Dana%20Q", "Dana Q", "Dana+Q", "Lee%20R", "Lee R", "Lee+R", "555-0142", "afternoon", "sister", "fixture.example", "password"})
	})
}

// screenshot saves the viewport, scrolled to sel, in $HANDOFF_SCREENSHOTS.
func (p *encPage) screenshot(name, sel string) {
	dir := os.Getenv("HANDOFF_SCREENSHOTS")
	if dir == "" {
		return
	}
	encEval[bool](p, `document.querySelector(`+jsString(sel)+`).scrollIntoView({ block: "start" }), window.scrollBy(0, -8), true`)
	shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
		p.t.Error(err)
	}
}
