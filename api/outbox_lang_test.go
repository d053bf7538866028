package api_test

import (
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/internal/smtptest"
	"handoff/notify"
	"handoff/store"
	"handoff/store/storetest"
)

// Notices in their readers' languages (issue 17): the text to a person in their
// preferred language, the agency's mail in English and Spanish, and the in-app answer in
// the language of whoever reads it.

// TestTextMessageInThePersonsLanguage: people who agreed to texts and prefer Spanish,
// Portuguese (as pt-BR), Haitian Creole, Vietnamese (which Handoff does not speak) or
// nothing are each texted in their language, English for the last two; the language is
// read when the text is sent, so a change after the referral counts.
func TestTextMessageInThePersonsLanguage(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{PublicURL: outboxTestBase})
	g := newSMSGateway(t)
	phones := map[string]string{}
	want := map[string]string{
		"es": "se envió el referido que usted aceptó", "pt-BR": "o encaminhamento que você aceitou foi enviado",
		"ht": "referans ou te dakò a te voye", "vi": "the referral you agreed to was sent", "": "the referral you agreed to was sent",
	}
	i := 0
	for lang := range want {
		i++
		phone := "+1 413 555 01" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		phones[phone] = lang
		body := map[string]any{"display_name": "Person " + string(rune('A'+i)), "phone": phone, "contact": "text"}
		if lang == "es" {
			body["preferred_language"] = "en" // changed to Spanish after the referral, below
		} else if lang != "" {
			body["preferred_language"] = lang
		}
		var p struct{ ID string }
		f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer", body: body}).json(t, &p)
		f.addConsent(p.ID, f.orgA)
		f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(p.ID, f.svcA, "live")})
		if lang == "es" {
			f.must(200, accReq{method: "PATCH", path: "/api/v1/people/" + p.ID, who: "peer", body: map[string]any{"preferred_language": "es"}})
		}
	}
	gw, err := notify.NewSMSGateway(notify.SMSGatewayConfig{URL: g.URL + "/Messages", From: "+14135559999", Username: "AC-test", Password: "gateway secret"})
	if err != nil {
		t.Fatal(err)
	}
	w := f.outboxWorker(smtptest.Start(t), "worker-1")
	w.SMS = gw
	runWorker(t, f.st, w)
	for deadline := time.Now().Add(15 * time.Second); len(g.sent()) < len(want) && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	texts := g.sent()
	if len(texts) != len(want) {
		t.Fatalf("%d texts, want %d: %+v", len(texts), len(want), texts)
	}
	for _, x := range texts {
		lang, ok := phones[x.To]
		if !ok {
			t.Errorf("a text to %q", x.To)
			continue
		}
		english := want[lang] == want[""]
		if !strings.Contains(x.Body, want[lang]) || english != strings.HasPrefix(x.Body, "From the co-responder program: ") {
			t.Errorf("preferring %q: %q", lang, x.Body)
		}
		if strings.Contains(x.Body, "food pantry") || strings.Contains(x.Body, "/r/") || strings.Contains(x.Body, "Person") {
			t.Errorf("preferring %q, a text that says more: %q", lang, x.Body)
		}
	}
}

// TestAgencyMailInEnglishAndSpanish: the agency's mail says the notice in English, then
// in Spanish, under a subject in both, with the link in each; it stays content-free.
func TestAgencyMailInEnglishAndSpanish(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{PublicURL: outboxTestBase})
	srv := smtptest.Start(t)
	f.setNotices("intake@a.example.org", "referral.sent")
	runWorker(t, f.st, f.outboxWorker(srv, "worker-1"))
	r := f.sendLiveReferral("Maria Quintanilla")
	msgs := srv.Wait(1, 10*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("%d mails", len(msgs))
	}
	m := msgs[0]
	if s := m.Header("Subject"); s != "New referral from the co-responder program · Nuevo referido de the co-responder program" {
		t.Errorf("subject %q", s)
	}
	body := m.Body()
	en := strings.Index(body, "A new referral from the co-responder program to Organization A food pantry is waiting: open it here: "+r.AgencyLink)
	es := strings.Index(body, "Un nuevo referido de the co-responder program a Organization A food pantry le espera: ábralo aquí: "+r.AgencyLink)
	if en != 0 || es <= en || !strings.Contains(body[es:], "portal de agencias ("+outboxTestBase+"/agency)") {
		t.Errorf("not English then Spanish:\n%s", body)
	}
	checkContentFree(t, m, "Maria Quintanilla")
}

// TestAnswerNoticeInTheReadersLanguage: the maker's in-app notice of the agency's answer
// is said when it is read, in the reader's language: Spanish by Accept-Language or by the
// remembered choice, English otherwise, the same notice.
func TestAnswerNoticeInTheReadersLanguage(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{PublicURL: outboxTestBase})
	r := f.sendLiveReferral("Robin Answered")
	f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
	read := func(header map[string]string) (string, string) {
		var notices struct {
			Items []store.UserNotice `json:"items"`
		}
		res := f.must(200, accReq{method: "GET", path: "/api/v1/me/notices", who: "peer", header: header})
		res.json(t, &notices)
		if len(notices.Items) != 1 || notices.Items[0].ReferralID != r.ID {
			t.Fatalf("the maker's notices: %+v", notices.Items)
		}
		return notices.Items[0].Text, res.header.Get("Content-Language")
	}
	for _, c := range []struct {
		header     map[string]string
		want, lang string
	}{
		{nil, "Your referral to Organization A food pantry was accepted.", "en"},
		{map[string]string{"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}, "Su referido a Organization A food pantry fue aceptado.", "es"},
		{map[string]string{"Cookie": "handoff_lang=es", "Accept-Language": "en"}, "Su referido a Organization A food pantry fue aceptado.", "es"},
		{map[string]string{"Accept-Language": "en-US"}, "Your referral to Organization A food pantry was accepted.", "en"},
	} {
		if got, lang := read(c.header); got != c.want || lang != c.lang {
			t.Errorf("%v: %q in %q, want %q", c.header, got, lang, c.want)
		}
	}
}
