package api_test

// The metric dictionary in Spanish (issue 17): its JSON in the request's language with
// the same fields, ids, routes and edition, and its page in Spanish with no English word
// left but code (fields, parameters, a formula's names) and the cited documents' names.

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/care/measures"
	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// TestDefinitionsJSONInSpanish: asked with Accept-Language: es (or with the remembered
// choice), the dictionary answers in Spanish, says so in Content-Language, and keeps
// every field name, id, route, field read, relation code, source and the edition of the
// English answer; its texts carry no code marks.
func TestDefinitionsJSONInSpanish(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	get := func(header map[string]string) (measures.Dictionary, map[string]any, string) {
		res := f.must(200, accReq{method: "GET", path: "/api/v1/measures/definitions", who: "coordinator", header: header})
		var d measures.Dictionary
		var raw map[string]any
		res.json(t, &d)
		res.json(t, &raw)
		if strings.Contains(string(res.body), "`") {
			t.Errorf("the JSON carries code marks")
		}
		return d, raw, res.header.Get("Content-Language")
	}
	en, enRaw, enLang := get(map[string]string{"Accept-Language": "en-US"})
	es, esRaw, esLang := get(map[string]string{"Accept-Language": "es-419,es;q=0.9"})
	byCookie, _, cookieLang := get(map[string]string{"Cookie": "handoff_lang=es", "Accept-Language": "en"})
	if enLang != "en" || esLang != "es" || cookieLang != "es" {
		t.Errorf("Content-Language %q, %q, %q", enLang, esLang, cookieLang)
	}
	if byCookie.Measures[0].Name != es.Measures[0].Name {
		t.Errorf("by the cookie: %q", byCookie.Measures[0].Name)
	}
	if es.Version != measures.DefinitionsVersion || es.Version != en.Version || es.Threshold != 11 || len(es.Measures) != len(en.Measures) ||
		len(es.Sources) != len(en.Sources) || len(es.Suppression) != len(en.Suppression) {
		t.Fatalf("Spanish %s/%d, %d measures; English %s/%d, %d", es.Version, es.Threshold, len(es.Measures), en.Version, en.Threshold, len(en.Measures))
	}
	// The same field names, all the way down.
	var keys func(any) []string
	keys = func(v any) []string {
		var out []string
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				out = append(out, k)
				out = append(out, keys(x)...)
			}
		case []any:
			for _, x := range v {
				out = append(out, keys(x)...)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	if a, b := keys(enRaw), keys(esRaw); !slices.Equal(a, b) {
		t.Errorf("field names: English %v, Spanish %v", a, b)
	}
	for i, m := range es.Measures {
		e := en.Measures[i]
		names := func(fields []string) []string { // the field, without the words said after it
			var out []string
			for _, f := range fields {
				name, _, _ := strings.Cut(f, " ")
				out = append(out, name)
			}
			return out
		}
		if m.ID != e.ID || m.Route != e.Route || !slices.Equal(names(m.Fields), names(e.Fields)) {
			t.Errorf("measure %d: %s %s %v; English %s %s %v", i, m.ID, m.Route, m.Fields, e.ID, e.Route, e.Fields)
		}
		for j, b := range m.Frameworks {
			if b.Source != e.Frameworks[j].Source || b.Relation != e.Frameworks[j].Relation || b.Note == e.Frameworks[j].Note {
				t.Errorf("%s framework %d: %+v; English %+v", m.ID, j, b, e.Frameworks[j])
			}
		}
		if m.Name == e.Name || m.Definition == e.Definition || m.Suppression == e.Suppression {
			t.Errorf("%s is not in Spanish: %q", m.ID, m.Name)
		}
	}
	for i, s := range es.Sources {
		if s.Title != en.Sources[i].Title || s.Publisher != en.Sources[i].Publisher || s.Found == en.Sources[i].Found {
			t.Errorf("source %s: %+v", s.ID, s)
		}
	}
	want := map[string]string{"diversions": "Desvíos de la sala de emergencias y del arresto", "referrals": "Referidos completados"}
	for _, m := range es.Measures {
		if w, ok := want[m.ID]; ok && m.Name != w {
			t.Errorf("%s is named %q, want %q", m.ID, m.Name, w)
		}
	}
	if !strings.Contains(es.Suppression[1], "umbral 11") {
		t.Errorf("the rule in Spanish: %q", es.Suppression[1])
	}
	b, _ := json.Marshal(es.Measures[2].Formulas)
	if !strings.Contains(string(b), "ed_rate = ed_diverted ÷ encounters") {
		t.Errorf("the diversions' formulas: %s", b)
	}
}

// TestSpanishDefinitionsInBrowser: a coordinator opens the dictionary in English, and
// switches it to Spanish with its switcher (a plain form: the page runs no script); the
// page is lang="es", runs no script, fits 360 px, and once code and the names of the
// cited documents are taken out, no English word is left: headings, every measure's
// texts, the rule, the sources' notes, the footer.
func TestSpanishDefinitionsInBrowser(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	p := openPage(t, f.base, 90*time.Second, browsertest.NetworkStatus(401, ""))
	p.run("phone size", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(f.base+"/follow-ups"))
	p.signIn(f.users["coordinator"].Email)
	p.run("signed in", chromedp.WaitVisible(chromedp.CSS("#signout")))
	p.run("the dictionary in English", chromedp.Navigate(f.base+"/dashboard/definitions"), chromedp.WaitVisible(chromedp.CSS("#repeat-locations-h")))
	if l := encEval[string](p, `document.documentElement.lang`); l != "en" {
		t.Fatalf("lang %q", l)
	}
	p.run("switch to Spanish", chromedp.Focus(chromedp.CSS("#lang-pick")), chromedp.SetValue(chromedp.CSS("#lang-pick"), "es"),
		chromedp.Focus(chromedp.CSS(".lang-switch button")), chromedp.KeyEvent("\r"),
		chromedp.WaitReady(chromedp.CSS(`html[lang="es"]`)), chromedp.WaitVisible(chromedp.CSS("#repeat-locations-h")))
	if s := strings.TrimSpace(p.text("h1")); s != "Definiciones de los indicadores" {
		t.Errorf("h1 %q", s)
	}
	if s := p.text(".edition"); !strings.Contains(s, "Edición "+measures.DefinitionsVersion) || !strings.Contains(s, "umbral de supresión 11") {
		t.Errorf("edition line %q", s)
	}
	if n := encEval[int](p, `document.scripts.length`); n != 0 {
		t.Errorf("the page runs %d scripts", n)
	}
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the page is %d px wide at 360", w)
	}
	all := encEval[string](p, `document.body.innerText`)
	for _, want := range []string{"Desvíos de la sala de emergencias y del arresto", "ed_rate = ed_diverted ÷ encounters", "encounters.arrest_diverted",
		"basado en", "propio del programa", "umbral 11", "Regla de desidentificación", "Council of State Governments Justice Center"} {
		if !strings.Contains(all, want) {
			t.Errorf("the Spanish page lacks %q", want)
		}
	}
	text := encEval[string](p, `(() => { const b = document.body.cloneNode(true);
		b.querySelectorAll('[translate="no"], code, .lang-switch select').forEach((e) => e.remove());
		return b.innerText; })()`)
	english := englishIn(t, text)
	if len(english) > 0 {
		t.Errorf("English words on the Spanish dictionary: %q\n%s", english, text)
	}
	p.fullShot("definitions-es-360.png")
	p.screenshot("definitions-es-360-diversions.png", "#diversions-h")
	p.watch.CheckOrigin(t, f.base)
	p.watch.CheckConsole(t)
}
