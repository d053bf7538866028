package api_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/i18n"
	"handoff/internal/browsertest"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// TestLanguageFollowsTheBrowser: with no choice made, a page speaks the browser's
// language; ?lang= (the switcher) is remembered in a cookie and wins over the browser;
// an API problem speaks the same language, its type unchanged.
func TestLanguageFollowsTheBrowser(t *testing.T) {
	f := accNew(t, storetest.SQLite(t), optsWithoutSearch(), nil)
	res := f.do(accReq{method: "GET", path: "/", header: map[string]string{"Accept-Language": "es-MX,es;q=0.9"}})
	if res.status != 200 || !strings.Contains(string(res.body), `<html lang="es">`) || res.header.Get("Content-Language") != "es" {
		t.Fatalf("Accept-Language es: %d %q", res.status, res.header.Get("Content-Language"))
	}
	// The switcher's ?lang=: remembered, and back to the same address without it.
	req, _ := http.NewRequest("GET", f.base+"/report?lang=ht&service=x", nil)
	req.Header.Set("Accept-Language", "es")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sw, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	sw.Body.Close()
	var cookie string
	for _, c := range sw.Cookies() {
		if c.Name == "handoff_lang" && c.Value == "ht" && c.HttpOnly && c.MaxAge > 0 {
			cookie = "handoff_lang=ht"
		}
	}
	if sw.StatusCode != http.StatusSeeOther || sw.Header.Get("Location") != "/report?service=x" || cookie == "" {
		t.Fatalf("?lang=ht: %d to %q, cookies %q", sw.StatusCode, sw.Header.Get("Location"), sw.Header.Values("Set-Cookie"))
	}
	res = f.do(accReq{method: "GET", path: "/report?service=x", header: map[string]string{"Accept-Language": "es", "Cookie": cookie}})
	if !strings.Contains(string(res.body), `<html lang="ht">`) || !strings.Contains(string(res.body), "Siyale yon pwoblèm") {
		t.Errorf("the remembered choice did not win over the browser")
	}
	var p struct {
		Type, Title, Detail string
		Errors              []struct{ Field, Message, Key string }
	}
	f.must(400, accReq{method: "GET", path: "/api/v1/search?q=x&age=-3", header: map[string]string{"Accept-Language": "es"}}).json(t, &p)
	if p.Type != "about:blank" || p.Title != "Solicitud incorrecta" || len(p.Errors) != 1 || p.Errors[0].Message != "debe ser un número de 0 a 130" {
		t.Errorf("a Spanish problem: %+v", p)
	}
	f.must(400, accReq{method: "GET", path: "/api/v1/search?q=x&age=-3"}).json(t, &p)
	if p.Title != "Bad Request" || p.Errors[0].Message != "must be a number from 0 to 130" || p.Errors[0].Key == "" {
		t.Errorf("an English problem: %+v", p)
	}
}

// i18nPages are the pages each language test opens, with what the Spanish page shows
// before any data arrives.
var i18nPages = []struct{ path, es string }{
	{"/", "¿Qué necesita la persona?"},
	{"/report?service=00000000-0000-0000-0000-000000000000", "No se encontró este servicio."},
	{"/follow-ups", "Iniciar sesión"},
	{"/agency", "Iniciar sesión"},
	{"/agency/edit?service=00000000-0000-0000-0000-000000000000", "Iniciar sesión"},
	{"/agency/history", "Iniciar sesión"},
	{"/agency/suggestions", "Iniciar sesión"},
	{"/dashboard", "Iniciar sesión"},
	{"/admin", "Iniciar sesión"},
	{"/freshness", "Iniciar sesión"},
	{"/l/hl_notatoken", "Esta lista ya venció"},
	{"/r/ha_notatoken", "Este enlace ya no funciona"},
}

// TestPagesInEnglishAndSpanishInBrowser opens every page in English and then in
// Spanish, chosen with the switcher by keyboard: the page says its language, shows its
// words in it, and its console stays clean.
func TestPagesInEnglishAndSpanishInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	f := careNew(t, st, optsWithoutSearch())
	p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, ""), browsertest.NetworkStatus(404, ""),
		browsertest.NetworkStatus(410, ""), browsertest.NetworkStatus(503, ""))
	p.run("phone size", chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile))
	for _, pg := range i18nPages {
		p.run("open "+pg.path+" in English", chromedp.Navigate(f.base+pg.path), chromedp.WaitReady(chromedp.CSS("#lang-pick")))
		if l := encEval[string](p, `document.documentElement.lang`); l != "en" {
			t.Errorf("%s: lang %q in English", pg.path, l)
		}
		// The switcher by keyboard: focus the list, choose Español, press the button.
		p.run("switch "+pg.path, chromedp.Focus(chromedp.CSS("#lang-pick")),
			chromedp.SetValue(chromedp.CSS("#lang-pick"), "es"),
			chromedp.Focus(chromedp.CSS(".lang-switch button")), chromedp.KeyEvent("\r"),
			chromedp.WaitReady(chromedp.CSS(`html[lang="es"]`)))
		p.poll(pg.path+" in Spanish says "+pg.es, `document.body.innerText.includes(`+jsString(pg.es)+`)`)
		// Back to English for the next page; the choice is remembered until changed.
		p.run("back to English", chromedp.Navigate(f.base+pg.path+sep(pg.path)+"lang=en"), chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)))
	}
	p.watch.CheckConsole(t)
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

func optsWithoutSearch() api.Options { return api.Options{} }

// englishIn lists the words of text that are English: words of the English catalog its
// Spanish does not also use (englishWords), in the order they stand.
func englishIn(t *testing.T, text string) []string {
	t.Helper()
	englishOnce.Do(func() { englishSet = englishWords(t) })
	var out []string
	for _, w := range regexp.MustCompile(`\p{L}{2,}`).FindAllString(text, -1) {
		if englishSet[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out
}

var (
	englishOnce sync.Once
	englishSet  map[string]bool
)

// englishWords are the words of the English catalog that Spanish does not also use,
// lowercased: a Spanish page showing one of them shows English.
func englishWords(t *testing.T) map[string]bool {
	t.Helper()
	word := regexp.MustCompile(`\p{L}{2,}`)
	cat := i18n.Load()
	words := func(lang string) map[string]bool {
		out := map[string]bool{}
		for _, k := range cat.Keys(lang) {
			m, _ := cat.Entry(lang, k)
			texts := []string{m.Text}
			for _, f := range m.Forms {
				texts = append(texts, f)
			}
			for _, s := range texts {
				for _, w := range word.FindAllString(regexp.MustCompile(`\{[a-z_]+\}`).ReplaceAllString(s, ""), -1) {
					out[strings.ToLower(w)] = true
				}
			}
		}
		return out
	}
	en, es := words("en"), words("es")
	for w := range es {
		delete(en, w)
	}
	return en
}

// TestSpanishResourceListInBrowser makes a list in Spanish through the API, as a peer
// would for a person who reads Spanish, and opens it as that person: the page is
// lang="es", and once the listings' own names, addresses and words are taken out, no
// English word is left (hours, dates, headings, footer included).
func TestSpanishResourceListInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedDemo(t, st)
		f := careNew(t, st, careWithSearch(t, st))
		var found struct {
			Items []struct {
				Service struct{ ID string } `json:"service"`
			} `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape("crisis") + "&per_page=8"}).json(t, &found)
		var ids []string
		for _, it := range found.Items {
			ids = append(ids, it.Service.ID)
		}
		if len(ids) < 5 {
			t.Fatalf("the demo directory gave %d crisis services", len(ids))
		}
		var list struct{ URL string }
		f.must(201, accReq{method: "POST", path: "/api/v1/resource-lists", who: "peer",
			body: map[string]any{"service_ids": ids, "language": "es"}}).json(t, &list)
		u, err := url.Parse(list.URL)
		if err != nil {
			t.Fatal(err)
		}
		p := openPage(t, f.base, 60*time.Second)
		p.run("phone size", chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile))
		// An English browser: the list's own language wins.
		p.run("open the list", chromedp.Navigate(f.base+u.Path), chromedp.WaitVisible(chromedp.CSS("ol.resources li")))
		if l := encEval[string](p, `document.documentElement.lang`); l != "es" {
			t.Fatalf("the list is lang=%q", l)
		}
		text := encEval[string](p, `(() => { const b = document.body.cloneNode(true);
			b.querySelectorAll('[translate="no"], .lang-switch select').forEach((e) => e.remove());
			return b.innerText; })()`)
		if !strings.Contains(text, "Servicios para usted") || !strings.Contains(text, "Válida hasta el") {
			t.Errorf("the list's words are not Spanish:\n%s", text)
		}
		hours := encEval[int](p, `document.querySelectorAll(".hours").length`)
		if hours == 0 {
			t.Error("the list shows no hours to check")
		}
		english := englishIn(t, text)
		if len(english) > 0 {
			t.Errorf("English words on the Spanish list: %q\n%s", english, text)
		}
		p.watch.CheckConsole(t)
	})
}

// TestHaitianCreoleSearchInBrowser works the search page in Haitian Creole from end to
// end, as a peer with a Haitian Creole speaker would: search, filter, open a result's
// details, make a resource list in Haitian Creole and open it.
func TestHaitianCreoleSearchInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	seedDemo(t, st)
	f := careNew(t, st, careWithSearch(t, st))
	p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, ""))
	p.run("phone size", chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile))
	p.run("sign in", chromedp.Navigate(f.base+"/follow-ups"))
	p.signIn(f.users["peer"].Email)
	p.run("signed in", chromedp.WaitVisible(chromedp.CSS("#work")))

	p.run("the search in Haitian Creole", chromedp.Navigate(f.base+"/?lang=ht"), chromedp.WaitVisible(chromedp.CSS("#q")))
	if got := p.text("label[for=q]"); got != "Kisa moun nan bezwen?" {
		t.Fatalf("the search page asks %q", got)
	}
	p.run("search", chromedp.SendKeys(chromedp.CSS("#q"), "crisis"), chromedp.Click(chromedp.CSS("#go")),
		chromedp.WaitVisible(chromedp.CSS("#results li.card")))
	p.poll("results", `document.getElementById("main").dataset.state === "results"`)
	all := encEval[int](p, `document.querySelectorAll("#results li.card").length`)
	if s := p.text("#status"); !strings.Contains(s, "sèvis") {
		t.Errorf("the status line says %q", s)
	}
	p.run("filter: free", chromedp.Click(chromedp.CSS("label.chip:has(#free)")))
	p.poll("filtered", `location.search.includes("free=true") && document.getElementById("main").dataset.state !== "loading"`)
	p.poll("the filtered answer", `document.getElementById("main").dataset.searches >= 2`)
	if n := encEval[int](p, `document.querySelectorAll("#results li.card").length`); n == 0 || n > all {
		t.Errorf("the free filter left %d of %d results", n, all)
	}
	card := encEval[string](p, `document.querySelector("#results li.card").innerText`)
	for _, w := range []string{"Poukisa:", "Rele", "Detay"} {
		if !strings.Contains(card, w) {
			t.Errorf("the first card lacks %q:\n%s", w, card)
		}
	}
	p.run("open the details", chromedp.Click(chromedp.CSS("#results li.card details.about summary")))
	if d := p.text("#results li.card details.about"); !strings.Contains(d, "Orè") && !strings.Contains(d, "Lang") && !strings.Contains(d, "Pri") {
		t.Errorf("the details say %q", d)
	}
	p.run("add two to the list", chromedp.Click(chromedp.CSS("#results li.card:nth-child(1) .card-list")),
		chromedp.Click(chromedp.CSS("#results li.card:nth-child(2) .card-list")), chromedp.WaitVisible(chromedp.CSS("#mklist")))
	if s := p.text("#mklist-count"); s != "2 sèvis nan lis la." {
		t.Errorf("the list says %q", s)
	}
	if v := encEval[string](p, `document.getElementById("mklist-lang").value`); v != "ht" {
		t.Errorf("the list's language starts at %q, want the page's", v)
	}
	p.run("make the list", chromedp.Click(chromedp.CSS("#mklist-make")), chromedp.WaitVisible(chromedp.CSS("#mklist-done")))
	link := encEval[string](p, `document.getElementById("mklist-link").value`)
	if dir := os.Getenv("HANDOFF_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(filepath.Join(dir, "search-ht-list.png"), shot, 0o644)
		}
	}
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/l/") {
		t.Fatalf("the list's link is %q", link)
	}
	p.run("open the list", chromedp.Navigate(f.base+u.Path), chromedp.WaitVisible(chromedp.CSS("ol.resources li")))
	if l := encEval[string](p, `document.documentElement.lang + " " + document.querySelector("h1").textContent`); l != "ht Sèvis pou ou" {
		t.Errorf("the list opens as %q", l)
	}
	if n := encEval[int](p, `document.querySelectorAll("ol.resources > li").length`); n != 2 {
		t.Errorf("the list holds %d services", n)
	}
	p.watch.CheckConsole(t)
}

// TestSpanishSearchScreenshotInBrowser searches in Spanish at 360 px, as the README
// shows it (docs/screenshots/search-es.png when HANDOFF_SCREENSHOTS is set), and checks
// the card's words, the explanation and the hours are Spanish.
func TestSpanishSearchScreenshotInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	seedDemo(t, st)
	f := careNew(t, st, careWithSearch(t, st))
	p := openPage(t, f.base, 90*time.Second, browsertest.NetworkStatus(401, ""))
	p.run("phone size", chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile, chromedp.EmulateTouch))
	p.run("search in Spanish", chromedp.Navigate(f.base+"/?lang=es"), chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.Navigate(f.base+"/?q=crisis&near=Holyoke&open_now=true"), chromedp.WaitVisible(chromedp.CSS("#results li.card")))
	p.poll("results", `document.getElementById("main").dataset.state === "results"`)
	card := encEval[string](p, `document.querySelector("#results li.card").innerText`)
	for _, w := range []string{"Abierto ahora", "Por qué:", "coincide con", "Llamar al", "Detalles", "Reportar un problema"} {
		if !strings.Contains(card, w) {
			t.Errorf("the Spanish card lacks %q:\n%s", w, card)
		}
	}
	if s := p.text("#status"); !strings.Contains(s, "servicios") || !strings.Contains(s, "cerca de") && !strings.Contains(s, "a menos de") {
		t.Errorf("the status line says %q", s)
	}
	if dir := os.Getenv("HANDOFF_SCREENSHOTS"); dir != "" {
		p.run("top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.getElementById("status").offsetTop - 360)`))
		if shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(filepath.Join(dir, "search-es.png"), shot, 0o644)
		}
	}
	p.watch.CheckConsole(t)
}

func seedDemo(t *testing.T, st *store.Store) {
	t.Helper()
	if n, err := seed.Load(context.Background(), st); err != nil || n == 0 {
		t.Fatalf("seed: %d %v", n, err)
	}
}
