package api_test

// The agency's pages in Spanish (issue 17): the portal (/agency), a listing's no-login
// update link (/u/{token}) and the password link (/p/{token}), each brought to its main
// states in headless Chromium at 360 px, with no English word left once the data
// (names, addresses, what people wrote) is taken out.

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// spanishText is what the page shows a Spanish reader in words of Handoff's own: its
// text, its aria-labels and titles, and its selects' choices, without the elements that
// hold data ([translate=no], the account's name, the language switcher's list of
// languages in themselves) and without those data wherever else they are quoted (a
// status line naming a service).
const spanishText = `(() => {
	const data = [...document.querySelectorAll('[translate="no"], #who')].map((e) => e.textContent.trim()).filter(Boolean);
	const b = document.body.cloneNode(true);
	b.querySelectorAll('[translate="no"], #who, .lang-switch select, noscript').forEach((e) => e.remove());
	const labels = [...b.querySelectorAll("[aria-label], [title]")].map((e) => (e.getAttribute("aria-label") || "") + " " + (e.getAttribute("title") || ""));
	let text = b.textContent + "\n" + labels.join("\n");
	for (const d of data.sort((x, y) => y.length - x.length)) {
		text = text.split(d).join(" ");
	}
	return text.replace(/[ \t]*\n[\s]*/g, "\n");
})()`

// noEnglish fails on any English word of the catalog that the page shows in Spanish.
func noEnglish(t *testing.T, p *encPage, where string) {
	t.Helper()
	if l := encEval[string](p, `document.documentElement.lang`); l != "es" {
		t.Errorf("%s: lang=%q", where, l)
	}
	text := encEval[string](p, spanishText)
	english := englishIn(t, text)
	if len(english) > 0 {
		t.Errorf("%s: English words on the Spanish page: %q\n%s", where, english, text)
	}
}

// TestSpanishAgencyPagesInBrowser: agency staff who chose Spanish see the portal in
// Spanish: the listings with their beds, freshness and needs, a figure's maximum and
// status, a fresh update link, a figure refused; referrals new (one accepted, one declined
// after its missing reason was said), accepted (ended with an outcome), closed; the
// notices with an address refused. The listing's update link, opened on a phone in
// Spanish, shows its count, saves + and says a stopped link is stopped; the password link
// shows its form, a too-short password, the done page and, used, its end. No English
// word on any of them. On SQLite, at 360 px.
func TestSpanishAgencyPagesInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	f := careNew(t, st, api.Options{})
	beds := capListing(f, "Valley shelter beds", "capacity", 3)
	person := f.addPerson("Dana Q.")
	f.addConsent(person, f.orgA)
	refs := []careReferral{f.liveReferral(person, nil), f.liveReferral(person, nil), f.liveReferral(person, nil)}
	f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + refs[2].ID + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
	// Lee's consent is revoked: the agency reads that the person is not shared with it.
	lee := f.addPerson("Lee R.")
	leeConsent := f.addConsent(lee, f.orgA)
	f.liveReferral(lee, nil)
	f.must(200, accReq{method: "POST", path: "/api/v1/people/" + lee + "/consents/" + leeConsent + "/revoke", who: "clinician"})

	p := openPage(t, f.base, 150*time.Second, browsertest.NetworkStatus(401, ""), browsertest.NetworkStatus(400, ""),
		browsertest.NetworkStatus(404, ""), browsertest.NetworkStatus(410, ""))
	listing := `#listings > li[data-service="` + beds + `"]`
	ref := func(r careReferral) string { return `#inbox > li[data-referral="` + r.ID + `"]` }
	check := func(where string) {
		t.Helper()
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s: the page is %d px wide at 360", where, w)
		}
		noEnglish(t, p, where)
	}

	// The switcher's choice, remembered for every page after.
	p.run("open the portal in Spanish", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(f.base+"/agency?lang=es"), chromedp.WaitReady(chromedp.CSS(`html[lang="es"]`)))
	check("/agency signed out")
	p.signIn(f.users["agency"].Email)
	p.run("the listings and referrals", chromedp.WaitVisible(chromedp.CSS(listing+" .fig")), chromedp.WaitVisible(chromedp.CSS(ref(refs[0]))))
	if s := p.text(listing); !strings.Contains(s, "desconocido — 3 camas hace 3 días") || !strings.Contains(s, "Nunca confirmado") {
		t.Errorf("the beds card in Spanish:\n%s", s)
	}
	if s := p.text("#listings"); !strings.Contains(s, "referidos nuevos esperan su respuesta") {
		t.Errorf("the listings' needs in Spanish:\n%s", s)
	}
	if s := p.text(ref(refs[0])); !strings.Contains(s, "Necesidad:") || !strings.Contains(s, "Esperando su respuesta") || !strings.Contains(s, "español") {
		t.Errorf("a new referral in Spanish:\n%s", s)
	}

	// A figure's maximum and status, a fresh update link, a refused maximum.
	links := listing + " details.links"
	p.run("maximum and status", chromedp.Click(chromedp.CSS(listing+" details.more summary")), chromedp.WaitVisible(chromedp.CSS(listing+" select.st")))
	p.run("the update links", chromedp.Click(chromedp.CSS(links+" summary")), chromedp.WaitVisible(chromedp.CSS(links+" .make")))
	p.waitText(links+" .link-list", "Todavía no hay enlace")
	p.run("make a link", chromedp.Click(chromedp.CSS(links+" .make")), chromedp.WaitVisible(chromedp.CSS(links+" .link-url")),
		chromedp.WaitVisible(chromedp.CSS(links+" li.link .revoke")))
	raw := encEval[string](p, `document.querySelector(`+jsString(links+" .link-url")+`).value`)
	p.run("a maximum below zero", chromedp.SetValue(chromedp.CSS(listing+" input.max"), "-2"), chromedp.Click(chromedp.CSS(listing+" .save")))
	p.waitText(listing+" .field-error", "Máximo:")
	check("/agency listings, a figure refused, a fresh link")
	p.fullShot("agency-es-360-listings.png")
	p.run("a good maximum, one more bed", chromedp.SetValue(chromedp.CSS(listing+" input.max"), "15"),
		chromedp.Click(chromedp.CSS(listing+" .plus")), chromedp.Click(chromedp.CSS(listing+" .save")))
	p.waitText("#status", "Guardado: 4 camas libres en")
	p.waitText(listing+" .of", "camas: actualizado hace un momento")
	check("/agency a figure saved")

	// Referrals: one accepted, one declined after its reason was asked for.
	p.run("accept", chromedp.Click(chromedp.CSS(ref(refs[0])+" .accept")), chromedp.WaitNotPresent(chromedp.CSS(ref(refs[0]))))
	p.waitText("#status", "Hecho:")
	decline := ref(refs[1])
	p.run("decline without a reason", chromedp.Click(chromedp.CSS(decline+" .open-decline")),
		chromedp.WaitVisible(chromedp.CSS(decline+" form.decline")), chromedp.Click(chromedp.CSS(decline+" form.decline button")))
	p.waitText(decline+" .field-error", "Indique un motivo")
	check("/agency a decline without a reason")
	p.fullShot("agency-es-360-referrals.png")
	p.run("decline with one", chromedp.SendKeys(chromedp.CSS(decline+" input.why"), "No hay camas para familias"),
		chromedp.Click(chromedp.CSS(decline+" form.decline button")), chromedp.WaitNotPresent(chromedp.CSS(decline)))
	if v := f.agencyGet(refs[1].ID); v.Status != "rejected" {
		t.Errorf("the declined referral is %s", v.Status)
	}
	// Accepted: the outcomes to end it with.
	p.run("accepted", chromedp.Click(chromedp.CSS(`.tabs button[data-tab=accepted]`)), chromedp.WaitVisible(chromedp.CSS(ref(refs[2])+` button[data-outcome]`)))
	if s := p.text(ref(refs[2])); !strings.Contains(s, "¿Cómo terminó?") || !strings.Contains(s, "No hay cupo") {
		t.Errorf("an accepted referral in Spanish:\n%s", s)
	}
	check("/agency accepted referrals")
	p.run("end with no room", chromedp.Click(chromedp.CSS(ref(refs[2])+` button[data-outcome="no-capacity"]`)), chromedp.WaitNotPresent(chromedp.CSS(ref(refs[2]))))
	p.run("closed", chromedp.Click(chromedp.CSS(`.tabs button[data-tab=closed]`)), chromedp.WaitVisible(chromedp.CSS(ref(refs[2]))))
	if s := p.text("#inbox"); !strings.Contains(s, "Rechazado") || !strings.Contains(s, "No hay cupo") {
		t.Errorf("the closed referrals in Spanish:\n%s", s)
	}
	check("/agency closed referrals")

	// Notices: an address refused.
	p.run("add an address", chromedp.Focus(chromedp.CSS("#na-add")), chromedp.KeyEvent(" "), chromedp.WaitVisible(chromedp.CSS("#na-address-0")),
		chromedp.SendKeys(chromedp.CSS("#na-address-0"), "no es una dirección"),
		chromedp.Focus(chromedp.CSS("#na-save")), chromedp.KeyEvent(" "), chromedp.WaitVisible(chromedp.CSS("#na-err-0")))
	p.waitText("#na-error", "No se guardó")
	check("/agency notices refused")
	p.fullShot("agency-es-360-notices.png")

	// The update link on a phone, in the language chosen.
	u, err := url.Parse(raw)
	if err != nil || !strings.HasPrefix(u.Path, "/u/") {
		t.Fatalf("the link %q: %v", raw, err)
	}
	p.run("open the update link", chromedp.Navigate(f.base+u.Path), chromedp.WaitVisible(chromedp.CSS("form.stepper")))
	if s := p.text("p.count"); !strings.Contains(s, "4 de 15 camas libres") {
		t.Errorf("the update link's count: %q", s)
	}
	check("/u/ the count")
	p.run("tap +", chromedp.Click(chromedp.Search(`//button[.="+"]`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"notice") and contains(.,"Guardado")]`)))
	check("/u/ saved")
	p.fullShot("update-link-es-360.png")
	f.must(204, accReq{method: "DELETE", path: "/api/v1/services/" + beds + "/update-links/" + firstLinkID(t, f, beds), who: "agency"})
	p.run("the stopped link", chromedp.Navigate(f.base+u.Path), chromedp.WaitVisible(chromedp.CSS("p.gone")))
	if s := p.text("h1"); s != "Este enlace está detenido" {
		t.Errorf("the stopped link is headed %q", s)
	}
	check("/u/ stopped")

	// The password link.
	reset := f.addPasswordReset(f.users["peer"].ID, time.Now().Add(time.Hour))
	p.run("open the password link", chromedp.Navigate(f.base+reset), chromedp.WaitVisible(chromedp.CSS("#password")))
	check("/p/ the form")
	p.run("a short password", chromedp.SetValue(chromedp.CSS("#password"), "corta"), chromedp.SetValue(chromedp.CSS("#confirm"), "corta"),
		chromedp.Click(chromedp.CSS("#set-password")), chromedp.WaitVisible(chromedp.CSS("#password-err")))
	if s := p.text("#password-err"); s != "La contraseña nueva debe tener al menos 12 caracteres." {
		t.Errorf("beside the short password: %q", s)
	}
	check("/p/ too short")
	p.fullShot("password-reset-es-360.png")
	good := "una frase bastante larga"
	p.run("a good one", chromedp.SetValue(chromedp.CSS("#password"), good), chromedp.SetValue(chromedp.CSS("#confirm"), good),
		chromedp.Click(chromedp.CSS("#set-password")), chromedp.WaitVisible(chromedp.CSS("#done")))
	check("/p/ done")
	p.run("used", chromedp.Navigate(f.base+reset), chromedp.WaitVisible(chromedp.CSS("#gone")))
	check("/p/ used")
	p.watch.CheckConsole(t)
}

// firstLinkID is the id of the service's first live update link.
func firstLinkID(t *testing.T, f *accFixture, svc string) string {
	t.Helper()
	var list struct {
		Items []struct {
			ID        string `json:"id"`
			RevokedAt string `json:"revoked_at"`
		} `json:"items"`
	}
	f.must(200, accReq{method: "GET", path: "/api/v1/services/" + svc + "/update-links", who: "agency"}).json(t, &list)
	for _, l := range list.Items {
		if l.RevokedAt == "" {
			return l.ID
		}
	}
	t.Fatal("no live update link")
	return ""
}
