package api_test

// The admin page (/admin), worked in headless Chromium at desktop and phone width as an
// admin would: accounts, a reset link used by its person, API tokens, the audit log,
// the import history.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/directory"
	"handoff/internal/browsertest"
	"handoff/store"
	"handoff/store/storetest"
)

// atDesktopAndPhone runs flow at 1280 and 360 px, on each database: the subtests
// WIDTH/DATABASE.
func atDesktopAndPhone(t *testing.T, flow func(t *testing.T, st *store.Store, width int64)) {
	for _, width := range []int64{1280, 360} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) { flow(t, st, width) })
		})
	}
}

// adminSelect chooses a select's option as a person would, so that its change handler runs.
func (p *encPage) adminSelect(sel, value string) {
	p.t.Helper()
	encEval[bool](p, `(() => { const s = document.querySelector(`+jsString(sel)+`); s.value = `+jsString(value)+
		`; s.dispatchEvent(new Event("change", { bubbles: true })); return s.value === `+jsString(value)+`; })()`)
}

// adminText reads an element's text by script, "" when it is not there: the page redraws
// its tables, and a node read between two draws is gone.
func (p *encPage) adminText(sel string) string {
	p.t.Helper()
	return encEval[string](p, `(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`)
}

// adminWaitText waits for the element's text, as adminText reads it, to contain want.
func (p *encPage) adminWaitText(sel, want string) string {
	p.t.Helper()
	var got string
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if got = p.adminText(sel); strings.Contains(got, want) {
			return got
		}
	}
	p.t.Fatalf("%s says %q, want %q", sel, got, want)
	return got
}

// TestAdminPageInBrowser: a coordinator, a peer and an agency user are each told the
// page is for administrators and see nothing else. The admin adds an agency user of
// Organization A (a bad email is shown beside its field, nothing made), changes the role
// to coordinator, deactivates and reactivates the account, and makes a reset link; the
// person opens it, is refused a short password beside the field, sets a good one and can
// sign in with it, and the link then answers 410. The admin revokes a clinician's API
// token by keyboard, filters the audit log by the new account's record (a reversed date
// range is shown beside "to"), gets the same as CSV, and sees the import. At 1280 and
// 360 px, on SQLite and PostgreSQL; the page asks no other origin and keeps nothing in
// web storage.
func TestAdminPageInBrowser(t *testing.T) {
	atDesktopAndPhone(t, adminPageFlow)
}

func adminPageFlow(t *testing.T, st *store.Store, width int64) {
	f := careNew(t, st, api.Options{})
	ctx := context.Background()
	tokenID := f.addToken(f.users["clinician"].ID)
	if err := st.RecordImportRun(ctx, store.ImportRun{ID: directory.NewID(), StartedAt: time.Now().Add(-time.Hour), FinishedAt: time.Now().Add(-59 * time.Minute),
		Files: "data/ma-211", Sources: "ma-211", Created: 3600, Updated: 12, Rejected: 38, Warnings: 1290}); err != nil {
		t.Fatal(err)
	}
	base := f.base
	p := openPage(t, base, 120*time.Second, browsertest.NetworkStatus(401, ""), browsertest.NetworkStatus(400, ""), browsertest.NetworkStatus(410, ""))
	shot := func(name string) { p.fullShot(fmt.Sprintf("admin-%d-%s-%s.png", width, st.Dialect(), name)) }
	fits := func(when string) {
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > int(width) {
			t.Errorf("%s: the page is %d px wide at %d", when, w, width)
		}
	}
	if width < 500 {
		p.run("open", chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/admin"))
	} else {
		p.run("open", chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+"/admin"))
	}

	for _, who := range []string{"coordinator", "peer", "agency"} {
		p.signIn(f.users[who].Email)
		p.run(who+" is turned away", chromedp.WaitVisible(chromedp.CSS("#not-program")))
		if s := p.text("#not-program"); strings.TrimSpace(s) != "This page is for administrators" {
			t.Errorf("%s sees %q", who, s)
		}
		if n := encEval[int](p, `document.querySelectorAll("#work tbody tr").length`); n != 0 || p.visible("work") {
			t.Errorf("%s sees %d rows of the admin's tables", who, n)
		}
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	}

	p.signIn(f.users["admin"].Email)
	row := func(email string) string { return `#users-table tr[data-email="` + email + `"]` }
	p.run("the accounts", chromedp.WaitVisible(chromedp.CSS(row(f.users["agency"].Email))))
	if s := p.adminWaitText(row(f.users["agency"].Email), "Fixture agency"); !strings.Contains(s, "Organization A") || !strings.Contains(s, "Agency staff") {
		t.Errorf("agency row: %q", s)
	}
	shot("users")
	if encEval[bool](p, `!!document.querySelector(`+jsString(row(f.users["admin"].Email)+` button[data-action=deactivate]`)+`)`) {
		t.Error("the admin is offered to deactivate their own account")
	}

	// Add an agency user of Organization A; a bad email first.
	email := fmt.Sprintf("dana.%d@agency.example", width)
	p.run("fill the new user",
		chromedp.SetValue(chromedp.CSS("#ad-name"), "Dana Agency"),
		chromedp.SetValue(chromedp.CSS("#ad-email"), "not an email"))
	p.adminSelect("#ad-role", "agency")
	p.run("find the organization", chromedp.WaitVisible(chromedp.CSS("#ad-org-q")), chromedp.SendKeys(chromedp.CSS("#ad-org-q"), "Organization A"),
		chromedp.WaitReady(chromedp.CSS(`#ad-org option[value="`+f.orgA+`"]`)))
	p.adminSelect("#ad-org", f.orgA)
	p.run("add with a bad email", chromedp.Click(chromedp.CSS("#ad-save")), chromedp.WaitVisible(chromedp.CSS("#ad-err-email")))
	if inv := encEval[string](p, `document.getElementById("ad-email").getAttribute("aria-invalid") || ""`); inv != "true" {
		t.Errorf("the email field is not marked invalid")
	}
	shot("add-error")
	p.run("add", chromedp.SetValue(chromedp.CSS("#ad-email"), email), chromedp.Click(chromedp.CSS("#ad-save")),
		chromedp.WaitVisible(chromedp.CSS(row(email))), chromedp.WaitVisible(chromedp.CSS("#reset-box")))
	firstLink := encEval[string](p, `document.getElementById("reset-url").value`)
	if !strings.HasPrefix(firstLink, base+"/p/hp_") {
		t.Errorf("link at adding: %q", firstLink)
	}
	if s := p.adminWaitText(row(email), "Dana Agency"); !strings.Contains(s, "Organization A") || !strings.Contains(s, "Agency staff") {
		t.Errorf("new row: %q", s)
	}
	newID := encEval[string](p, `document.querySelector(`+jsString(row(email))+`).dataset.user`)

	// Change the role to coordinator.
	p.run("open the change form", chromedp.Click(chromedp.CSS(row(email)+` button[data-action=change]`)), chromedp.WaitVisible(chromedp.CSS("#edit-form")))
	p.adminSelect("#ed-role", "coordinator")
	p.run("save", chromedp.Click(chromedp.CSS("#ed-save")), chromedp.WaitNotVisible(chromedp.CSS("#edit-form")))
	if s := p.adminWaitText(row(email), "Coordinator"); strings.Contains(s, "Organization A") {
		t.Errorf("a coordinator keeps the organization: %q", s)
	}

	// Deactivate, then reactivate: the link made at adding dies with the deactivation.
	p.run("deactivate", chromedp.Click(chromedp.CSS(row(email)+` button[data-action=deactivate]`)))
	p.adminWaitText(row(email), "Deactivated")
	p.run("reactivate", chromedp.Click(chromedp.CSS(row(email)+` button[data-action=reactivate]`)))
	p.adminWaitText(row(email), "Active")
	p.run("reset link", chromedp.Click(chromedp.CSS(row(email)+` button[data-action=reset-link]`)))
	var link string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if link = encEval[string](p, `document.getElementById("reset-url").value`); link != firstLink {
			break
		}
	}
	if link == firstLink || !strings.HasPrefix(link, base+"/p/hp_") {
		t.Fatalf("reset link %q", link)
	}
	shot("reset-link")
	p.screenshot(fmt.Sprintf("admin-%d-%s-view-reset-link.png", width, st.Dialect()), "#reset-box")
	fits("users")

	// The person opens the link: a short password first, then a good one.
	p.run("open the link", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#password")))
	if s := p.text("header"); !strings.Contains(s, email) {
		t.Errorf("reset page header: %q", s)
	}
	p.run("a short password", chromedp.SetValue(chromedp.CSS("#password"), "short"), chromedp.SetValue(chromedp.CSS("#confirm"), "short"),
		chromedp.Click(chromedp.CSS("#set-password")), chromedp.WaitVisible(chromedp.CSS("#password-err")))
	fits("reset page")
	shot("reset-page-error")
	newPassword := "correct horse battery staple"
	p.run("a good password", chromedp.SetValue(chromedp.CSS("#password"), newPassword), chromedp.SetValue(chromedp.CSS("#confirm"), newPassword),
		chromedp.Click(chromedp.CSS("#set-password")), chromedp.WaitVisible(chromedp.CSS("#done")))
	shot("reset-done")
	f.must(200, accReq{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": newPassword}})
	for _, l := range []string{link, firstLink} {
		res, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(l))
		if err != nil || res.Status != 410 {
			t.Errorf("the used or replaced link answers %v %v", res, err)
		}
	}
	p.run("the link is gone", chromedp.WaitVisible(chromedp.CSS("#gone")))

	// Back on the admin page: revoke the clinician's token.
	p.run("back", chromedp.Navigate(base+"/admin"), chromedp.WaitVisible(chromedp.CSS(`#tokens-table tr[data-token="`+tokenID+`"]`)))
	if s := p.text(`#tokens-table tr[data-token="` + tokenID + `"]`); !strings.Contains(s, f.users["clinician"].Email) {
		t.Errorf("token row: %q", s)
	}
	p.run("revoke by keyboard", chromedp.Focus(chromedp.CSS(`#tokens-table tr[data-token="`+tokenID+`"] button[data-action=revoke]`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitNotPresent(chromedp.CSS(`#tokens-table tr[data-token="`+tokenID+`"]`)))
	f.must(404, accReq{method: "DELETE", path: "/api/v1/tokens/" + tokenID, who: "admin"})

	// The audit log: a reversed range is refused beside "to"; then by the new account.
	p.run("a reversed range", chromedp.SetValue(chromedp.CSS("#au-from"), "2026-12-10"), chromedp.SetValue(chromedp.CSS("#au-to"), "2026-12-01"),
		chromedp.Click(chromedp.CSS("#au-go")), chromedp.WaitVisible(chromedp.CSS("#au-err-to")))
	encEval[bool](p, `document.getElementById("au-from").value = document.getElementById("au-to").value = "", true`)
	p.run("by record", chromedp.SetValue(chromedp.CSS("#au-type"), "user"), chromedp.SetValue(chromedp.CSS("#au-record"), newID),
		chromedp.Click(chromedp.CSS("#au-go")))
	p.waitText("#audit-count", "Showing")
	log := p.text("#audit-table tbody")
	for _, want := range []string{"create", "update", "reset-password", "set-password", "Fixture admin", "Dana Agency"} {
		if !strings.Contains(log, want) {
			t.Errorf("the record's log lacks %q:\n%s", want, log)
		}
	}
	if n := encEval[int](p, `[...document.querySelectorAll("#audit-table tbody tr")].filter((r) => !r.textContent.includes(`+jsString(newID)+`)).length`); n != 0 {
		t.Errorf("%d rows of the filtered log are of other records", n)
	}
	csv, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(async () => { const r = await fetch(document.getElementById("au-csv").href, { credentials: "same-origin" }); return r.status + "\n" + await r.text(); })()`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(csv, "200\nseq,at,user_id") || !strings.Contains(csv, "set-password") || strings.Contains(csv, f.users["peer"].ID) {
		t.Errorf("CSV of the filter:\n%.600s", csv)
	}
	p.run("see the audit", chromedp.ScrollIntoView(chromedp.CSS("#audit-h")))
	shot("audit")

	// The import history.
	if s := p.text("#imports-table tbody"); !strings.Contains(s, "ma-211") || !strings.Contains(s, "3600") || !strings.Contains(s, "38") {
		t.Errorf("imports: %q", s)
	}
	fits("whole page")
	shot("page")
	for _, sec := range []string{"users", "tokens", "audit", "imports"} { // what a phone shows of each section
		p.screenshot(fmt.Sprintf("admin-%d-%s-view-%s.png", width, st.Dialect(), sec), "#"+sec+"-h")
	}
	p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	if n := encEval[int](p, `document.querySelectorAll("#work tbody tr").length + localStorage.length + sessionStorage.length`); n != 0 {
		t.Errorf("after sign-out the page still holds %d rows or stored values", n)
	}
	p.checkRequests([]string{"@fixture.example", "@agency.example", newPassword})
}

// TestAdminPageServedToAnyone: GET /admin is the same empty shell for everyone; it, the
// reset page and their assets hold no inline script or style and nothing from elsewhere.
func TestAdminPageServedToAnyone(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	var first string
	for _, who := range []string{"anon", "peer", "coordinator", "agency", "admin"} {
		res := f.must(200, accReq{method: "GET", path: "/admin", who: who})
		if first == "" {
			first = string(res.body)
		} else if string(res.body) != first {
			t.Errorf("as %s the page differs from the anonymous one", who)
		}
	}
	reset := string(f.must(200, accReq{method: "GET", path: f.addPasswordReset(f.users["peer"].ID, time.Now().Add(time.Hour))}).body)
	for name, page := range map[string]string{"/admin": first, "/p/": reset} {
		for _, bad := range []string{"<style", " style=", "<script>", " on" + "click=", "http://", "https://"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	for _, path := range []string{"/static/admin.js", "/static/admin-users.js", "/static/admin-tokens.js", "/static/admin-audit.js", "/static/admin-imports.js", "/static/admin-erase.js", "/static/admin.css"} {
		body := string(f.must(200, accReq{method: "GET", path: path}).body)
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "innerHTML"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
}
