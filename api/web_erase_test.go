package api_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/care"
	"handoff/directory"
	"handoff/internal/browsertest"
	"handoff/store"
)

// TestEraseRecordInBrowser: on /admin, "Erase a person's record" refuses an id that is
// not one (beside the field) and one of no person, previews what an erasure of a real
// person takes, changes nothing on Cancel, and erases on the second, explicit press,
// by keyboard; the person is then gone. At 1280 and 360 px, on SQLite and PostgreSQL.
func TestEraseRecordInBrowser(t *testing.T) {
	atDesktopAndPhone(t, eraseFlow)
}

func eraseFlow(t *testing.T, st *store.Store, width int64) {
	f := careNew(t, st, api.Options{})
	ctx := context.Background()
	person := f.storePerson()
	for _, at := range []time.Time{time.Now().Add(-2 * time.Hour), time.Now().Add(-time.Hour)} {
		e := care.Encounter{PersonID: person, OccurredAt: at, Source: care.SourceWalkIn, Disposition: care.DispositionResolved,
			RecordedBy: f.users["peer"].ID}
		care.NormalizeEncounter(&e)
		if _, err := f.careStore().CreateEncounter(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, ""), browsertest.NetworkStatus(404, ""))
	if width < 500 {
		p.run("open", chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile), chromedp.Navigate(f.base+"/admin"))
	} else {
		p.run("open", chromedp.EmulateViewport(width, 900), chromedp.Navigate(f.base+"/admin"))
	}
	p.signIn(f.users["admin"].Email)
	p.run("the section", chromedp.WaitVisible(chromedp.CSS("#erase-form")))

	submit := func(what, id string) {
		encEval[bool](p, `document.getElementById("er-id").value = "", true`)
		p.run(what, chromedp.Focus(chromedp.CSS("#er-id")), chromedp.SendKeys(chromedp.CSS("#er-id"), id), chromedp.KeyEvent("\r"))
	}
	submit("not an id", "12 Main St")
	p.run("refused beside the field", chromedp.WaitVisible(chromedp.CSS("#er-err-id")))
	if inv := encEval[string](p, `document.getElementById("er-id").getAttribute("aria-invalid") || ""`); inv != "true" {
		t.Error("the id field is not marked invalid")
	}
	submit("no such person", directory.NewID())
	p.adminWaitText("#er-err-id", "No person record has this id")

	submit("preview", person)
	p.run("the confirmation", chromedp.WaitVisible(chromedp.CSS("#erase-confirm")))
	if s := p.adminText("#erase-summary"); !strings.Contains(s, "2 encounters") || !strings.Contains(s, "1 person record") {
		t.Errorf("summary: %q", s)
	}
	if id := encEval[string](p, `document.activeElement.id`); id != "er-go" {
		t.Errorf("focus on %q after the preview, want the erase button", id)
	}
	if w := encEval[int](p, `document.documentElement.scrollWidth`); w > int(width) {
		t.Errorf("the page is %d px wide at %d", w, width)
	}
	p.screenshot(fmt.Sprintf("erase-%d-%s.png", width, st.Dialect()), "#erase")
	p.run("cancel", chromedp.Click(chromedp.CSS("#er-cancel")), chromedp.WaitNotVisible(chromedp.CSS("#erase-confirm")))
	if _, err := f.careStore().Person(ctx, person); err != nil {
		t.Fatalf("cancelled, the person reads: %v", err)
	}

	submit("preview again", person)
	p.run("erase by keyboard", chromedp.WaitVisible(chromedp.CSS("#erase-confirm")), chromedp.Focus(chromedp.CSS("#er-go")), chromedp.KeyEvent("\r"))
	p.adminWaitText("#status", "Erased the record "+person)
	if _, err := f.careStore().Person(ctx, person); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("erased, the person still reads: %v", err)
	}
	if n := f.auditCount("action=erase&record=" + person); n != 1 {
		t.Errorf("%d erase rows in the audit log", n)
	}
	p.checkRequests([]string{"@fixture.example"})
}
