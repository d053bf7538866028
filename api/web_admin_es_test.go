package api_test

// The admin page (/admin) in Spanish, in headless Chromium at a phone's width: every word
// the page itself says comes from the catalog.

import (
	"context"
	"regexp"
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

// adminWords is what the admin page says in its own words at this moment: the text of
// every shown element, the options of the shown lists, the names given to assistive
// technology (aria-label, placeholder, title, option labels) and the title, without what
// people and the server wrote (elements marked translate="no", and those texts where an
// aria-label repeats them) nor the language switcher's names of languages.
const adminWords = `(() => {
	const data = '[translate="no"], .lang-switch select, #who';
	const shown = (e) => (e.closest("select") || e).getClientRects().length > 0;
	const out = [];
	const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = w.nextNode(); n; n = w.nextNode()) {
		const e = n.parentElement;
		if (e && n.data.trim() && !e.closest(data + ", script, style, noscript, datalist") && shown(e)) {
			out.push(n.data.trim());
		}
	}
	const names = [...document.querySelectorAll('[translate="no"]')].map((e) => e.textContent.trim()).filter(Boolean)
		.sort((a, b) => b.length - a.length);
	for (const e of document.querySelectorAll("[aria-label], [placeholder], [title], [alt], option[label]")) {
		if (e.closest(data)) {
			continue;
		}
		for (const a of ["aria-label", "placeholder", "title", "alt", "label"]) {
			let v = e.getAttribute(a) || "";
			for (const name of names) {
				v = v.split(name).join(" ");
			}
			out.push(v);
		}
	}
	out.push(document.title);
	return out.join("\n");
})()`

// TestSpanishAdminPageInBrowser works /admin in Spanish as an admin, at 360 px on
// SQLite: the accounts, a new account's errors, the account added with its one-time
// link and its change form, the API tokens, the imports (one stopped), the audit log with
// a refused filter and then filtered by a record, the outbox with a dead letter and its
// attempts, the webhooks with the receiver it paused and one registered, and an
// erasure's preview. In each state no English word is left once people's and agencies'
// names, e-mail addresses, URLs, event codes and the server's errors (shown as code)
// are taken out; and the page says what it shows in Spanish.
func TestSpanishAdminPageInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	f := careNew(t, st, api.Options{PublicURL: outboxTestBase})
	ctx := context.Background()
	f.addToken(f.users["clinician"].ID)
	dead := f.addDeadDelivery()
	person := f.storePerson()
	for _, run := range []store.ImportRun{
		{ID: directory.NewID(), StartedAt: time.Now().Add(-2 * time.Hour), FinishedAt: time.Now().Add(-119 * time.Minute),
			Files: "data/ma-211", Sources: "ma-211", Strict: true, Created: 3600, Updated: 12, Rejected: 38, Warnings: 1290},
		{ID: directory.NewID(), StartedAt: time.Now().Add(-time.Hour), FinishedAt: time.Now().Add(-59 * time.Minute),
			Files: "data/broken.csv", Error: "parse data/broken.csv: line 3: wrong number of fields"},
	} {
		if err := st.RecordImportRun(ctx, run); err != nil {
			t.Fatal(err)
		}
	}
	p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, "/api/v1/me"), browsertest.NetworkStatus(400, ""))
	p.run("phone size", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	p.run("open in Spanish", chromedp.Navigate(f.base+"/admin?lang=es"), chromedp.WaitReady(chromedp.CSS(`html[lang="es"]`)))
	p.signIn(f.users["admin"].Email)

	// Records' ids are data too, and their letters no words.
	uuid := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	var views []string // the sections a state's screenshots show, one screen each
	check := func(state string, want ...string) {
		t.Helper()
		text := encEval[string](p, adminWords)
		flat := strings.Join(strings.Fields(text), " ")
		english := englishIn(t, uuid.ReplaceAllString(text, " "))
		if len(english) > 0 {
			t.Errorf("%s: English words on the Spanish page: %q\n%s", state, english, text)
		}
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: the page does not say %q:\n%s", state, w, text)
			}
		}
		p.fullShot("admin-es-360-" + strings.ReplaceAll(state, " ", "-") + ".png")
		for _, sec := range views {
			p.screenshot("admin-es-360-"+strings.ReplaceAll(state, " ", "-")+"-"+strings.Trim(sec, "#-")+".png", sec)
		}
	}

	// The accounts, tokens, imports, audit log, outbox and webhooks as they load, with a
	// new account's errors and the dead letter's attempts opened.
	deadRow := `#outbox-table tr[data-delivery="` + dead + `"]`
	p.run("the page's sections", chromedp.WaitVisible(chromedp.CSS(`#users-table tr[data-email="`+f.users["agency"].Email+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#tokens-table tbody tr")), chromedp.WaitVisible(chromedp.CSS("#imports-table tbody tr")),
		chromedp.WaitVisible(chromedp.CSS(deadRow)), chromedp.WaitVisible(chromedp.CSS("#webhooks-table tbody tr")))
	p.waitText("#audit-count", "Se muestran")
	p.run("a new account with a bad email", chromedp.SetValue(chromedp.CSS("#ad-name"), "Dana Ríos"),
		chromedp.SetValue(chromedp.CSS("#ad-email"), "no es un correo"))
	p.adminSelect("#ad-role", "agency")
	p.run("its organization", chromedp.WaitVisible(chromedp.CSS("#ad-org-q")), chromedp.SendKeys(chromedp.CSS("#ad-org-q"), "Organization A"),
		chromedp.WaitReady(chromedp.CSS(`#ad-org option[value="`+f.orgA+`"]`)))
	p.adminSelect("#ad-org", f.orgA)
	p.run("add", chromedp.Click(chromedp.CSS("#ad-save")), chromedp.WaitVisible(chromedp.CSS("#ad-err-email")))
	encEval[bool](p, `document.querySelector(`+jsString(deadRow+" details")+`).open = true`)
	views = []string{"#users", "#add-form", "#tokens", "#imports", "#outbox", "#webhooks"}
	check("accounts and errors", "Usuarios", "Personal de agencia", "No se guardó: hay que revisar un campo.", "Tokens de API",
		"Terminada (estricta)", "Se detuvo:", "Abandonada", "1 intento", "En pausa: una entrega falló 1 vez:", "Reanudar")

	// The account added, with its link; its change form; a reversed date range; a
	// receiver registered.
	p.run("add it", chromedp.SetValue(chromedp.CSS("#ad-email"), "dana.rios@agencia.example"), chromedp.Click(chromedp.CSS("#ad-save")),
		chromedp.WaitVisible(chromedp.CSS(`#users-table tr[data-email="dana.rios@agencia.example"]`)), chromedp.WaitVisible(chromedp.CSS("#reset-box")))
	row := `#users-table tr[data-email="dana.rios@agencia.example"]`
	newID := encEval[string](p, `document.querySelector(`+jsString(row)+`).dataset.user`)
	p.run("change it", chromedp.Click(chromedp.CSS(row+` button[data-action=change]`)), chromedp.WaitVisible(chromedp.CSS("#edit-form")))
	p.run("a reversed range", chromedp.SetValue(chromedp.CSS("#au-from"), "2026-12-10"), chromedp.SetValue(chromedp.CSS("#au-to"), "2026-12-01"),
		chromedp.Click(chromedp.CSS("#au-go")), chromedp.WaitVisible(chromedp.CSS("#au-err-to")))
	p.run("register a receiver", chromedp.SetValue(chromedp.CSS("#hk-url"), "https://receptor.example.org/handoff"),
		chromedp.Click(chromedp.CSS("#hk-events-first")), chromedp.Click(chromedp.CSS("#hk-save")), chromedp.WaitVisible(chromedp.CSS("#hook-secret-box")))
	p.adminWaitText("#webhooks-table", "receptor.example.org")
	views = []string{"#reset-box", "#edit-form", "#audit", "#hook-secret-box"}
	check("account added", "Se agregó a", "Entregue este enlace", "Funciona hasta el", "Cambiar la cuenta de", "No se guardó",
		"Se registró", "Su secreto de firma", "Cambios en el directorio", "Activo")

	// The audit log by the new account's record, and an erasure's preview.
	encEval[bool](p, `document.getElementById("au-from").value = document.getElementById("au-to").value = "", true`)
	p.run("by record", chromedp.SetValue(chromedp.CSS("#au-type"), "user"), chromedp.SetValue(chromedp.CSS("#au-record"), newID),
		chromedp.Click(chromedp.CSS("#au-go")))
	p.waitText("#audit-count", "Se muestran")
	p.run("preview an erasure", chromedp.Focus(chromedp.CSS("#er-id")), chromedp.SendKeys(chromedp.CSS("#er-id"), person), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("#erase-confirm")))
	views = []string{"#audit-count", "#erase"}
	check("audit and erase", "crear", "restablecer contraseña", "usuario", "Borrar el expediente", "1 expediente de persona",
		"0 encuentros", "Esto no se puede deshacer.")
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		wide := encEval[string](p, `[...document.querySelectorAll("body *")].filter((e) => !e.closest("thead, .visually-hidden") && e.getBoundingClientRect().right > 361)
			.map((e) => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + " " + e.textContent.slice(0, 60)).slice(0, 12).join("\n")`)
		t.Errorf("the page is %d px wide at 360; past the edge:\n%s", w, wide)
	}
	p.checkRequests([]string{"@fixture.example", "dana.rios"})
}
