package api_test

// Referring in Spanish: the referral panel of the search page, its person picker and its
// errors, "My referrals" on /follow-ups, and the offline parts (the banner, the copy's
// search, the queue) in a real headless Chromium, in Spanish from end to end.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// wordsOf is the text a person reads in the elements sel selects (hidden parts, aria
// labels and titles too), without what is data: what is marked translate="no" (names of
// people, services and organizations, an agency's own words) and the witness choice,
// whose options are colleagues' names and roles.
func wordsOf(p *encPage, sel string) string {
	return encEval[string](p, `[...document.querySelectorAll(`+jsString(sel)+`)].map((e) => {
		const c = e.cloneNode(true);
		c.querySelectorAll('[translate="no"], #ref-witness-who').forEach((x) => x.remove());
		const attrs = [c, ...c.querySelectorAll("*")].flatMap((x) => ["aria-label", "title", "placeholder"]
			.map((a) => x.getAttribute && x.getAttribute(a)).filter(Boolean));
		return c.textContent + " " + attrs.join(" ");
	}).join("\n")`)
}

// noEnglishText fails on an English word (one of the catalog's English words that its
// Spanish does not use) in the text of what.
func noEnglishText(t *testing.T, what, text string) {
	t.Helper()
	if strings.TrimSpace(text) == "" {
		t.Errorf("%s: no text to check", what)
		return
	}
	english := englishIn(t, text)
	if len(english) > 0 {
		t.Errorf("%s: English words %q in\n%s", what, english, text)
	}
}

// TestSpanishReferInBrowser works referring in Spanish on a phone (360 px), as a peer
// with the page in Spanish would. On /follow-ups, "My referrals" counts and describes the
// referrals in Spanish (one waiting, one accepted, one declined with the agency's reason).
// On the search page the account line, the Refer buttons and the referral panel are in
// Spanish: its errors (the person missing, a new person without a name, no way chosen,
// a spoken consent without a witness), the person picker's hints and the consent on file.
// A record-only referral sent without a connection is kept on the phone and said so.
// Offline, the search page opened anew shows the banner, the copy's results and a place
// the copy does not know in Spanish, and does not ask the signed-in peer to sign in.
// Back online, the queue is sent and says so in Spanish.
func TestSpanishReferInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	f := careNew(t, st, careWithSearch(t, st))
	waitFound(t, f, "food pantry", 2)
	const orgA = "Organization A food pantry"

	// My referrals: one waiting, one accepted, one declined with a reason.
	jr := f.addPerson("J. R.")
	f.addConsent(jr, f.orgA)
	dana := f.addPerson("Dana Q.")
	mk := func() string {
		return idOf(t, f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(jr, f.svcA, "live")}))
	}
	mk()
	f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + mk() + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
	f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + mk() + "/transitions", who: "agency",
		body: map[string]any{"to": "rejected", "reason": "No beds this week"}})

	p := openPage(t, f.base, 240*time.Second, browsertest.NetworkStatus(401, ""), offlineNoise)
	p.run("phone size", chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile, chromedp.EmulateTouch))
	p.run("follow-ups in Spanish", chromedp.Navigate(f.base+"/follow-ups?lang=es"))
	p.signIn(f.users["peer"].Email)
	p.run("signed in", chromedp.WaitVisible(chromedp.CSS("#work")), chromedp.WaitVisible(chromedp.CSS("#refs-list li")))
	p.waitText("#refs-count", "3 referidos.")
	list := wordsOf(p, "#refs-count, #refs-list")
	for _, want := range []string{"Esperando a la agencia", "Aceptado", "Rechazado", "Motivo:", "Enviado hoy a las"} {
		if !strings.Contains(list, want) {
			t.Errorf("my referrals lack %q:\n%s", want, list)
		}
	}
	noEnglishText(t, "my referrals", list)
	p.run("accepted", chromedp.Click(chromedp.CSS(`.filters button[data-group=accepted]`)))
	p.waitText("#refs-count", "1 referido aceptado.")
	noEnglishText(t, "my referrals, accepted", wordsOf(p, "#refs-count, #refs-list"))
	p.fullShot("refer-es-my-referrals.png")

	// The phone keeps the queue's key, the snapshot and the shell (offline-boot.js).
	p.waitJS("the snapshot and the key are kept", `(async () => {
		const O = window.HandoffOffline;
		return !!(await O.store.get("snapshot", "current")) && (await O.store.all("keys")).length === 1; })()`, 60*time.Second)
	p.waitJS("the service worker keeps the shell", `(async () => {
		const keys = await caches.keys();
		return keys.some((k) => k.startsWith("handoff-shell")) && !!navigator.serviceWorker.controller; })()`, 60*time.Second)

	// The search page: the account line and a Refer button on each card.
	search := f.base + "/?q=food+pantry&need=food"
	p.run("search", chromedp.Navigate(search), chromedp.WaitVisible(referButton(orgA)))
	p.poll("signed in", `document.getElementById("account-line").dataset.state === "program"`)
	if s := p.text("#account-text"); !strings.HasPrefix(s, "Sesión iniciada como ") {
		t.Errorf("the account line says %q", s)
	}
	noEnglishText(t, "the account line and the Refer buttons", wordsOf(p, "#account-line, .card-refer"))

	// Sent empty: the person is missing.
	p.run("refer", chromedp.Click(referButton(orgA)), chromedp.WaitVisible(chromedp.CSS("#ref-form")))
	p.run("send empty", chromedp.Click(chromedp.CSS("#ref-send")), chromedp.WaitVisible(chromedp.CSS("#ref-err-person")))
	if s := p.text("#ref-err-person"); s != "Elija a la persona, o agregue una nueva." {
		t.Errorf("the person's error says %q", s)
	}
	if s := p.text("#ref-error"); !strings.HasPrefix(s, "Todavía no se envió.") {
		t.Errorf("the summary says %q", s)
	}
	noEnglishText(t, "the panel with the person missing", wordsOf(p, "#refer"))

	// A new person without a name, and no way chosen.
	p.run("new person", chromedp.Click(chromedp.CSS("#ref-new-open")), chromedp.WaitVisible(chromedp.CSS("#ref-new-name")),
		chromedp.Click(chromedp.CSS("#ref-send")), chromedp.WaitVisible(chromedp.CSS("#ref-err-new-name")), chromedp.WaitVisible(chromedp.CSS("#ref-err-way")))
	if s := p.text("#ref-err-new-name") + "|" + p.text("#ref-err-way"); s != "Escriba un nombre o las iniciales.|Elija cómo referir." {
		t.Errorf("the new person's errors say %q", s)
	}
	if s := p.text("#ref-consent-status"); !strings.HasPrefix(s, "Un registro nuevo todavía no tiene consentimiento") {
		t.Errorf("the consent status of a new person says %q", s)
	}
	noEnglishText(t, "the panel with a new person", wordsOf(p, "#refer"))
	p.fullShot("refer-es-errors.png")

	// The picker finds Dana Q.; no consent covers Organization A.
	p.run("find instead", chromedp.Click(chromedp.CSS("#ref-new-cancel")), chromedp.WaitVisible(chromedp.CSS("#ref-q")),
		chromedp.SendKeys(chromedp.CSS("#ref-q"), "D"))
	p.waitText("#ref-q-hint", "Escriba 2 letras o más.")
	p.run("type", chromedp.SendKeys(chromedp.CSS("#ref-q"), "an"),
		chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//ul[@id="ref-matches"]//button[.//span[.=%q]]`, "Dana Q."))))
	p.waitText("#ref-q-hint", "Toque a la persona.")
	if s := p.text("#ref-matches"); !strings.Contains(s, "Español") {
		t.Errorf("the match does not name the language in Spanish: %q", s)
	}
	noEnglishText(t, "the person picker", wordsOf(p, "#ref-person"))
	p.run("pick", chromedp.Click(chromedp.Search(fmt.Sprintf(`//ul[@id="ref-matches"]//button[.//span[.=%q]]`, "Dana Q."))),
		chromedp.WaitVisible(chromedp.CSS("#ref-picked")))
	p.poll("no consent", `document.getElementById("ref-consent-box").dataset.consent === "none"`)
	if s := p.text("#ref-consent-status"); !strings.HasPrefix(s, "Ningún consentimiento registrado nos permite compartir los datos de Dana Q.") {
		t.Errorf("the consent status says %q", s)
	}

	// A spoken consent without its witness.
	p.run("consent", chromedp.Click(chromedp.CSS("#ref-way-consent")), chromedp.WaitVisible(chromedp.CSS("#ref-consent")),
		chromedp.Click(chromedp.CSS("#ref-method-verbal")), chromedp.WaitVisible(chromedp.CSS("#ref-witness")),
		chromedp.Click(chromedp.CSS("#ref-send")), chromedp.WaitVisible(chromedp.CSS("#ref-err-witness")))
	if s := p.text("#ref-send"); s != "Registrar el consentimiento y enviar" {
		t.Errorf("the button says %q", s)
	}
	if s := encEval[string](p, `document.getElementById("ref-witness-who").options[0].textContent`); !strings.HasPrefix(s, "Yo (") {
		t.Errorf("the witness choice starts with %q", s)
	}
	noEnglishText(t, "the panel with a spoken consent", wordsOf(p, "#refer"))

	// Record only, without a connection: kept on the phone.
	p.run("record only", chromedp.Click(chromedp.CSS("#ref-way-logged")))
	if s := p.text("#ref-send"); s != "Registrar el referido" {
		t.Errorf("the button says %q", s)
	}
	p.setOffline(true)
	p.waitJS("navigator.onLine is false", `!navigator.onLine`, 5*time.Second)
	p.run("record offline", chromedp.Click(chromedp.CSS("#ref-send")))
	p.poll("kept", `document.getElementById("refer").dataset.state === "recorded"`)
	if s := p.text("#ref-done-h"); s != "Guardado en este teléfono (no enviado)" {
		t.Errorf("the result says %q", s)
	}
	p.waitText("#offline-queue", "1 registro está guardado en este teléfono")
	noEnglishText(t, "the referral kept on the phone", wordsOf(p, "#refer, #offline-queue"))
	p.fullShot("refer-es-kept.png")

	// Offline, the search page anew: the banner, the copy's results, no offer to sign in.
	p.run("search offline", chromedp.Navigate(f.base+"/?q=pantry"), chromedp.WaitVisible(chromedp.CSS("#offline-banner")),
		chromedp.WaitVisible(chromedp.CSS("#results li.card")))
	if s := p.text("#offline-banner"); !strings.HasPrefix(s, "Sin conexión: directorio actualizado hasta ") {
		t.Errorf("the banner says %q", s)
	}
	p.poll("the account is not known offline", `document.getElementById("account-line").dataset.state === "offline"`)
	if p.visible("signin-link") || p.visible("account-line") {
		t.Error("offline, the signed-in peer is asked to sign in")
	}
	if s := p.text("#results li.card .why"); !strings.Contains(s, "De la copia guardada en este teléfono") {
		t.Errorf("an offline result says why %q", s)
	}
	noEnglishText(t, "the offline search", wordsOf(p, "#offline-banner, #offline-queue, #results .why"))
	p.fullShot("refer-es-offline.png")
	p.run("a town the copy does not know", chromedp.Navigate(f.base+"/?near=Zzyzx"))
	p.waitText("#problem", "no es un pueblo de la región que guarda este teléfono")
	noEnglishText(t, "the offline search's problem", wordsOf(p, "#problem"))

	// Back online, on the same page: the queue is sent, once, and the peer is known again.
	p.setOffline(false)
	p.waitJS("the queue is sent", `(async () => (await window.HandoffOffline.store.all("queue")).length === 0)()`, 60*time.Second)
	p.waitText("#offline-queue", "Se envió 1 registro guardado en este teléfono.")
	p.poll("the peer is known again", `document.getElementById("account-line").dataset.state === "program"`)
	noEnglishText(t, "the queue sent", wordsOf(p, "#offline-queue"))
	var file referFile
	f.must(200, accReq{method: "GET", path: "/api/v1/people/" + dana, who: "peer"}).json(t, &file)
	if len(file.Referrals) != 1 || file.Referrals[0].Mode != "logged" || file.Referrals[0].ServiceID != f.svcA || file.Referrals[0].Need != "food" {
		t.Errorf("Dana Q.'s referrals: %+v", file.Referrals)
	}
	p.watch.CheckOrigin(t, f.base)
	p.watch.CheckConsole(t)
}
