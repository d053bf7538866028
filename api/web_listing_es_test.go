package api_test

// The agency's listing pages and the coordinator's freshness queue in Spanish, in
// headless Chromium at 360 px: each page brought to its main state, and no English word
// left once the listings' and people's own words are taken out.

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// listingWordsOnPage is what the page says to people in words: its text and the
// attributes read aloud or shown (aria-label, placeholder, title, alt), without the
// elements that hold data (translate="no", the language list, the signed-in name), each
// text apart so that words of neighbouring elements do not run together.
func listingWordsOnPage(p *encPage) string {
	return encEval[string](p, `(() => {
		const b = document.body.cloneNode(true);
		b.querySelectorAll('[translate="no"], .lang-switch select, #who, script, style, noscript').forEach((e) => e.remove());
		const out = [];
		const w = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
		while (w.nextNode()) out.push(w.currentNode.nodeValue);
		for (const e of b.querySelectorAll("[aria-label], [placeholder], [title], [alt]")) {
			for (const a of ["aria-label", "placeholder", "title", "alt"]) {
				if (e.hasAttribute(a)) out.push(e.getAttribute(a));
			}
		}
		return document.title + "\n" + out.join("\n");
	})()`)
}

// noEnglishOn fails on any English word of the catalog in what the page says, once the
// data named in own (names of listings, organizations and people) is taken out.
func noEnglishOn(t *testing.T, p *encPage, page string, own []string, want ...string) {
	t.Helper()
	text := listingWordsOnPage(p)
	for _, s := range own {
		text = strings.ReplaceAll(text, s, " ")
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: the Spanish page lacks %q:\n%s", page, w, text)
		}
	}
	english := englishIn(t, text)
	if len(english) > 0 {
		t.Errorf("%s: English words on the Spanish page: %q\n%s", page, english, text)
	}
}

// TestSpanishListingPagesInBrowser opens the agency's edit page (a schedule of several
// kinds, phones, and the API's refusal of a phone without a number beside that field),
// the listing's history (changes by the portal, an import, an approved suggestion and a
// site), the suggestions waiting (an edit and a report) and, as a coordinator, the
// freshness queue (crisis, never confirmed, overdue, a report, a failed call), all in
// Spanish at 360 px: no English word is left but the listings' own.
func TestSpanishListingPagesInBrowser(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	svc := f.svcA
	path := "/api/v1/services/" + svc
	f.must(200, accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{
		"description": "Groceries twice a week.",
		"schedules": []any{
			map[string]any{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"},
			map[string]any{"freq": "MONTHLY", "byday": "2TU", "opens_at": "18:00", "closes_at": "20:00"},
			map[string]any{"freq": "MONTHLY", "bymonthday": "1,15", "opens_at": "10:00", "closes_at": "12:00"},
		},
		"phones": []any{map[string]any{"number": "413-555-0100", "type": "voice"}, map[string]any{"number": "413-555-0101", "type": "text"}},
	}})
	f.must(200, accReq{method: "PATCH", path: "/api/v1/locations/" + f.locA, who: "agency", body: map[string]any{
		"addresses": []any{map[string]any{"address_1": "2 Elm Street", "city": "Springfield", "state_province": "MA",
			"postal_code": "01103", "country": "US"}}}})
	// One suggestion approved (it shows in the history), one waiting, and a report.
	var approved, waiting, report suggestion
	f.must(201, accReq{method: "POST", path: path + "/suggestions", who: "peer",
		body: map[string]any{"changes": []map[string]string{{"field": "description", "value": "Groceries on Fridays."}}}}).json(t, &approved)
	f.must(200, accReq{method: "POST", path: "/api/v1/suggestions/" + approved.ID + "/approve", who: "agency", body: map[string]any{}})
	f.must(201, accReq{method: "POST", path: path + "/suggestions", who: "peer",
		body: map[string]any{"changes": []map[string]string{{"field": "schedules[0].closes_at", "value": "18:00"}}, "note": "Open late now."}}).json(t, &waiting)
	f.must(201, accReq{method: "POST", path: path + "/reports", who: "anon",
		body: map[string]any{"problem": "wrong-phone", "note": "Disconnected."}}).json(t, &report)
	// The queue: a crisis line confirmed long ago, a pantry never confirmed, a failed call.
	crisis := f.queueService("Valley crisis line", "crisis", time.Now().AddDate(0, 0, -45).Format(time.DateOnly))
	pantry := f.queueService("Valley food pantry", "food", "")
	f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcB + "/verifications", who: "coordinator",
		body: map[string]any{"method": "phone", "result": "could-not-reach"}})
	f.must(201, accReq{method: "POST", path: "/api/v1/services/" + pantry + "/verifications", who: "coordinator",
		body: map[string]any{"method": "phone", "result": "changes-needed"}})
	own := []string{"Organization A food pantry", "Organization B food pantry", "Organization A", "Organization B",
		"Valley crisis line", "Valley food pantry", f.users["agency"].Name, f.users["peer"].Name, f.users["coordinator"].Name}

	// A new closed line is read back (422: no date yet) before its date is typed.
	p := openPage(t, f.base, 180*time.Second, browsertest.NetworkStatus(401, "/api/v1/me"), browsertest.NetworkStatus(400, svc),
		browsertest.NetworkStatus(422, "/api/v1/schedules/describe"))
	p.run("phone size", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))

	// The edit page: the switcher's ?lang=es is remembered for the pages after it.
	p.run("the edit page in Spanish", chromedp.Navigate(f.base+"/agency/edit?service="+svc+"&lang=es"),
		chromedp.WaitReady(chromedp.CSS(`html[lang="es"]`)))
	p.signIn(f.users["agency"].Email)
	p.run("the form", chromedp.WaitVisible(chromedp.CSS("#edit")))
	p.waitText("#words", "lun–vie 9:00–17:00")
	p.run("a closed date", chromedp.Click(chromedp.CSS(`[data-add=closed]`)), chromedp.WaitVisible(chromedp.CSS(`#sched > li[data-index="3"]`)))
	encEval[bool](p, `(() => { const e = document.querySelector('#sched > li[data-index="3"] input[data-f=valid_from]');
		e.value = "`+time.Now().AddDate(1, 0, 0).Format(time.DateOnly)+`"; e.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	p.waitText("#words", "cerrado el")
	p.run("a phone without a number", chromedp.Click(chromedp.CSS("#add-phone")), chromedp.WaitVisible(chromedp.CSS("#ph-num-2")))
	p.run("save", chromedp.Click(chromedp.CSS("#save")))
	p.waitText(`[data-err="phones[2].number"]`, "obligatorio")
	p.waitText("#save-error", "No se guardó nada")
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the edit page is %d px wide at 360", w)
	}
	p.fullShot("agency-edit-es.png")
	noEnglishOn(t, p, "/agency/edit", own, "Horario semanal", "Un día al mes", "Se deja como está", "Quitar", "Llamadas", "Mensajes de texto", "martes")

	// The history: the portal's, the import's, the suggestion's and the site's changes.
	p.run("the history", chromedp.Navigate(f.base+"/agency/history?service="+svc), chromedp.WaitVisible(chromedp.CSS("#changes > li")))
	p.waitText("#work-h", "Historial de")
	p.waitText("#status", "cambios")
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the history page is %d px wide at 360", w)
	}
	p.fullShot("agency-history-es.png")
	noEnglishOn(t, p, "/agency/history", own, "Descripción", "Horario", "Hoy", "lo aprobó", "desde el portal de la agencia",
		"Por una importación", "Servicio creado", "Sede: Dirección 1: calle", "Teléfono 2: tipo", "Mensajes de texto")

	// The suggestions waiting: the peer's edit and the public's report.
	p.run("the suggestions", chromedp.Navigate(f.base+"/agency/suggestions"),
		chromedp.WaitVisible(chromedp.CSS(`#pending > li[data-id="`+waiting.ID+`"]`)), chromedp.WaitVisible(chromedp.CSS(`#pending > li[data-id="`+report.ID+`"]`)))
	p.waitText("#status", "2 pendientes")
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the suggestions page is %d px wide at 360", w)
	}
	p.fullShot("agency-suggestions-es.png")
	noEnglishOn(t, p, "/agency/suggestions", own, "Cambio sugerido", "(par)", "Horario 1: cierra a las", "Reporte: el número de teléfono está mal",
		"una persona del público", "Aprobar y aplicar", "Rechazar")
	p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

	// The freshness queue, as a coordinator, with a call recorded.
	p.run("the queue", chromedp.Navigate(f.base+"/freshness"), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	p.signIn(f.users["coordinator"].Email)
	li := func(id string) string { return `#queue > li[data-service="` + id + `"]` }
	p.run("the listings", chromedp.WaitVisible(chromedp.CSS(li(crisis))), chromedp.WaitVisible(chromedp.CSS(li(pantry))))
	p.waitText("#status", "servicios por verificar")
	p.run("could not reach the pantry", chromedp.Click(chromedp.CSS(li(pantry)+` button[data-result=could-not-reach]`)),
		chromedp.WaitVisible(chromedp.CSS(li(pantry)+`[data-done=could-not-reach]`)))
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the freshness page is %d px wide at 360", w)
	}
	p.fullShot("freshness-es.png")
	noEnglishOn(t, p, "/freshness", own, "Servicio de crisis", "se confirmó por última vez hace 45 días", "nunca se confirmó",
		"1 reporte de un problema", "en la última verificación no se pudo comunicar", "una verificación encontró que necesita cambios",
		"Llamar al 413-555-0177", "Anotado: no se pudo comunicar")
	p.checkRequests([]string{"fixture.example", "password"})
}
