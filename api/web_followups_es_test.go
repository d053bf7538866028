package api_test

// The follow-up page (/follow-ups) in Spanish: every word of the page, its list, its
// attempt logger and its encounter form comes from the catalog, in Spanish.

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/care"
	"handoff/directory"
	"handoff/i18n"
	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// TestFollowUpWordsInCatalog: every code the page shows (care's sources, dispositions,
// channels and attempt outcomes, the directory's needs and levels of care) has its words
// in English and Spanish, and so has every catalog key the page's scripts name, those a
// code completes included.
func TestFollowUpWordsInCatalog(t *testing.T) {
	var keys []string
	add := func(prefix string, codes ...string) {
		for _, c := range codes {
			keys = append(keys, prefix+c)
		}
	}
	for _, s := range care.Sources() {
		add("encounter.source.", string(s))
	}
	for _, d := range care.Dispositions() {
		add("encounter.disposition.", string(d))
	}
	for _, c := range care.Channels() {
		add("followups.channel.", string(c))
	}
	for _, o := range care.AttemptOutcomes() {
		add("followups.outcome.", string(o))
	}
	for prefix, name := range map[string]string{"encounter.need.": directory.TaxonomyNeed, "encounter.level.": directory.TaxonomyLevelOfCare} {
		v, ok := directory.Vocab(name)
		if !ok {
			t.Fatalf("no vocabulary %s", name)
		}
		for _, term := range v.Terms {
			add(prefix, term.Code)
		}
	}
	for _, due := range []string{"today", "overdue", "upcoming"} {
		add("followups.", "empty."+due, "count."+due)
	}
	for _, rel := range []string{"today", "tomorrow", "day"} {
		add("encounter.fu_due_", rel, rel+"_at")
	}
	// The keys written out in the scripts; one ending in "." or "_" is a prefix completed above.
	named := regexp.MustCompile(`["']((?:followups|encounter|observe|pub)\.[a-z0-9_.]+)["']`)
	for _, f := range []string{"followups.js", "followups-notices.js", "encounter.js", "observe.js"} {
		b, err := os.ReadFile("web/static/" + f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range named.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") && !strings.HasSuffix(m[1], "_") {
				keys = append(keys, m[1])
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s names no catalog key", f)
		}
	}
	cat := i18n.Load()
	for _, k := range keys {
		for _, lang := range []string{"en", "es"} {
			if !cat.Has(lang, k) {
				t.Errorf("%s: no %s words", k, lang)
			}
		}
	}
}

// followUpsNotRead are the parts of /follow-ups the Spanish test does not read: data
// (names marked translate="no", the account's name, the colleagues offered), noscript's
// markup, and what other scripts write on this page (referrals.js; person-picker.js, which
// also rewrites the search's hint; offline-*.js), which their own tests hold to the catalog.
const followUpsNotRead = `[translate="no"], noscript, #who, fieldset.hand option:not([value=""]), #refs-count, #refs-list, ` +
	`#enc-new-lang option:not([value=""]), #enc-matches, #enc-picked-name, #enc-q-hint, #offline-banner, #offline-queue`

// followUpsEnglish is the English left under root: every text node, shown or hidden, and
// every aria-label, title, placeholder and alt, once followUpsNotRead is taken out.
func followUpsEnglish(t *testing.T, p *encPage, root string) ([]string, string) {
	p.t.Helper()
	text := encEval[string](p, `(() => {
		const b = document.querySelector(`+jsString(root)+`).cloneNode(true);
		b.querySelectorAll(`+jsString(followUpsNotRead)+`).forEach((e) => e.remove());
		const out = [];
		const w = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
		for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n.nodeValue.trim());
		for (const e of [b, ...b.querySelectorAll("*")]) {
			for (const a of ["aria-label", "title", "placeholder", "alt"]) {
				if (e.hasAttribute(a)) out.push(a + "=" + e.getAttribute(a));
			}
		}
		return out.filter(Boolean).join("\n");
	})()`)
	english := englishIn(t, strings.NewReplacer("aria-label=", "", "title=", "", "placeholder=", "", "alt=", "").Replace(text))
	return english, text
}

// TestFollowUpsInSpanishInBrowser works /follow-ups in Spanish at phone size as a peer:
// follow-ups due today (one flagged after three tries), one overdue and one upcoming,
// a shift started, an attempt logged, a hand-over to no one refused, the encounter form
// sent half filled with its errors shown. In each state the page shows no English word,
// shown or hidden; the dates and times are the browser's Spanish ones. An agency
// account gets the "not for you" notice in Spanish.
func TestFollowUpsInSpanishInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	f := careNew(t, st, api.Options{})
	now := time.Now()
	fuToday := f.addFollowUp("peer", f.addPerson("J. R."), now)
	fuFlagged := f.addFollowUp("peer", f.addPerson("M. T."), now)
	for range 3 {
		f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + fuFlagged + "/attempts", who: "peer",
			body: map[string]any{"channel": "phone", "outcome": "no_answer"}})
	}
	fuOverdue := f.addFollowUp("peer", f.addPerson("A. O."), now.Add(-48*time.Hour))
	fuUpcoming := f.addFollowUp("peer", f.addPerson("D. U."), now.Add(48*time.Hour))
	li := func(id string) string { return fmt.Sprintf(`#list li[data-id=%q]`, id) }
	noEnglish := func(p *encPage, state, root string) {
		t.Helper()
		if english, text := followUpsEnglish(t, p, root); len(english) > 0 {
			t.Errorf("%s: English on the Spanish page: %q\n%s", state, english, text)
		}
	}

	p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, ""))
	p.run("open the page in Spanish at 360 px", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(f.base+"/follow-ups?lang=es"), chromedp.WaitReady(chromedp.CSS(`html[lang="es"]`)))
	if title := encEval[string](p, `document.title`); title != "Seguimientos · Handoff" {
		t.Errorf("the title is %q", title)
	}

	// Today's list, a shift started.
	p.signIn(f.users["peer"].Email)
	p.run("today's list", chromedp.WaitVisible(chromedp.CSS(li(fuToday))), chromedp.WaitVisible(chromedp.CSS(li(fuFlagged))))
	p.waitText("#status", "2 seguimientos para hoy.")
	if s := p.text("#work-h"); s != "Sus seguimientos" {
		t.Errorf("the list's heading is %q", s)
	}
	if s := p.text(li(fuFlagged)); !strings.Contains(s, "Para hoy") || !strings.Contains(s, "3 intentos") || !strings.Contains(s, "Marcado para un coordinador") ||
		!strings.Contains(s, "Prefiere español") {
		t.Errorf("the flagged follow-up says:\n%s", s)
	}
	p.run("start a shift", chromedp.Click(chromedp.CSS("#shift-start")), chromedp.WaitVisible(chromedp.CSS("#shift-end")))
	p.waitText("#shift-status", "En turno desde")

	// An attempt logged: said in the status line and in the item.
	p.run("log no answer", chromedp.Click(chromedp.CSS(li(fuToday)+` button[data-outcome=no_answer]`)),
		chromedp.WaitVisible(chromedp.CSS(li(fuToday)+`[data-attempts="1"]`)))
	p.waitText("#status", "Registrado: no contestó. 1 intento hasta ahora.")
	p.waitText(li(fuToday)+" p.last", "Último intento: no contestó (llamada), hoy a las ")
	p.waitText("#shift-status", "1 interacción")

	// A hand-over to no one: its error next to the choice.
	hand := li(fuToday) + " fieldset.hand"
	p.run("hand over to no one", chromedp.WaitVisible(chromedp.CSS(hand)), chromedp.Click(chromedp.CSS(hand+" button")),
		chromedp.WaitVisible(chromedp.CSS(hand+" .error")))
	if s := p.text(hand + " .error"); s != "Elija el colega a quien pasar este seguimiento." {
		t.Errorf("the hand-over's error says %q", s)
	}

	// The encounter form: a 911 call with no place and no ending, sent.
	p.run("the encounter form's errors", chromedp.Click(chromedp.CSS("#record-open")), chromedp.WaitVisible(chromedp.CSS("#enc-form")),
		chromedp.Click(chromedp.CSS("#enc-source-911_coresponse")), chromedp.WaitVisible(chromedp.CSS("#enc-police")),
		chromedp.Click(chromedp.CSS("#enc-submit")), chromedp.WaitVisible(chromedp.CSS("#enc-err-disposition")),
		chromedp.WaitVisible(chromedp.CSS("#enc-err-where")))
	for sel, want := range map[string]string{
		"#enc-error":                  "Todavía no se registró. Hay que revisar 2 campos.",
		"#enc-err-disposition":        "Elija cómo terminó.",
		"#enc-fu-note":                "Sin una persona, no se programa ningún seguimiento.",
		"label[for=enc-need-housing]": "Vivienda",
	} {
		if s := p.text(sel); s != want {
			t.Errorf("%s says %q, want %q", sel, s, want)
		}
	}
	if s := p.text("#enc-err-where"); !strings.HasPrefix(s, "Una llamada al 911 necesita un lugar") {
		t.Errorf("the place's error says %q", s)
	}
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the page is %d px wide at 360", w)
	}
	p.fullShot("followups-es.png")
	noEnglish(p, "today's list, an attempt logged, the hand-over's and the encounter form's errors", "body")

	// Overdue and upcoming: their dates in Spanish.
	p.run("close the form", chromedp.Click(chromedp.CSS("#enc-close")))
	p.run("overdue", chromedp.Click(chromedp.CSS(`.tabs button[data-due=overdue]`)), chromedp.WaitVisible(chromedp.CSS(li(fuOverdue))))
	p.waitText("#status", "1 seguimiento atrasado.")
	if s := p.text(li(fuOverdue) + " .due"); !strings.HasPrefix(s, "Para el ") || !strings.Contains(s, " a las ") {
		t.Errorf("the overdue follow-up is due %q", s)
	}
	noEnglish(p, "the overdue follow-ups", "body")
	p.run("upcoming", chromedp.Click(chromedp.CSS(`.tabs button[data-due=upcoming]`)), chromedp.WaitVisible(chromedp.CSS(li(fuUpcoming))))
	p.waitText("#status", "1 seguimiento próximo.")
	noEnglish(p, "the upcoming follow-ups", "body")

	// An agency account: the notice, in Spanish.
	p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	p.signIn(f.users["agency"].Email)
	p.run("the notice", chromedp.WaitVisible(chromedp.CSS("#not-program")))
	if s := p.text("#not-program"); !strings.Contains(s, "Esta página es para el equipo del programa") || !strings.Contains(s, "el portal de su agencia.") {
		t.Errorf("the agency's notice says %q", s)
	}
	noEnglish(p, "not for agency staff", "#not-program")
	p.watch.CheckConsole(t)
}
