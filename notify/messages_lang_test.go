package notify_test

import (
	"strings"
	"testing"

	"handoff/i18n"
	"handoff/notify"
)

// TestPersonTextInTheirLanguage: the text to the person is in their preferred language,
// as their record keeps it (a region or another case of it reads the same), in each of
// the four languages Handoff speaks, English when it speaks not theirs; it names the
// program and nothing else, not the service and no link.
func TestPersonTextInTheirLanguage(t *testing.T) {
	tx := notify.Texts{Program: "Holyoke CoResponse", BaseURL: "https://h.example.org"}
	ev := notify.Event{Kind: notify.ReferralSent, Data: map[string]string{"service_name": "Springfield Detox", "referral_id": "r1"}}
	for _, c := range []struct{ preferred, want string }{
		{"", "From Holyoke CoResponse: the referral you agreed to was sent. They will contact you. To stop these texts, tell the program."},
		{"en", "the referral you agreed to was sent"},
		{"es", "De Holyoke CoResponse: se envió el referido que usted aceptó."},
		{"es-PR", "se envió el referido que usted aceptó"},
		{"pt", "De Holyoke CoResponse: o encaminhamento que você aceitou foi enviado."},
		{"pt-BR", "o encaminhamento que você aceitou foi enviado"},
		{"ht", "Soti nan Holyoke CoResponse: referans ou te dakò a te voye."},
		{"vi", "the referral you agreed to was sent"},
	} {
		got := tx.PersonText(ev, c.preferred)
		if !strings.Contains(got, c.want) {
			t.Errorf("%q: %q lacks %q", c.preferred, got, c.want)
		}
		if strings.Contains(got, "Detox") || strings.Contains(got, "http") || strings.Contains(got, "pub.") || strings.Contains(got, "{") {
			t.Errorf("%q: %q", c.preferred, got)
		}
	}
	// Each language says its own words: no two of the four texts are the same.
	seen := map[string]string{}
	for _, l := range i18n.Locales {
		s := tx.PersonText(ev, l)
		if other, ok := seen[s]; ok {
			t.Errorf("%s says what %s says: %q", l, other, s)
		}
		seen[s] = l
	}
}

// TestStaffMailInEnglishAndSpanish: a notice to staff says everything in English, then
// in Spanish, its subject "English · Spanish"; each part is the one-language notice, so
// the link and the service are in both, and it stays content-free: only what the event
// carries reaches it. Its text message keeps to the first, English line.
func TestStaffMailInEnglishAndSpanish(t *testing.T) {
	tx := notify.Texts{Program: "the co-responder program", BaseURL: "https://h.example.org/"}
	data := map[string]string{"service_name": "Springfield Detox", "referral_id": "r1", "url": "https://hooks.example.org/x"}
	spanish := map[notify.Kind][]string{
		notify.ReferralSent:      {"Nuevo referido de the co-responder program", "Un nuevo referido de the co-responder program a Springfield Detox le espera: ábralo aquí: https://h.example.org/r/hl_abc", "portal de agencias (https://h.example.org/agency)"},
		notify.ReferralAccepted:  {"Un referido fue aceptado", "fue aceptado. Véalo en el portal de agencias: https://h.example.org/agency"},
		notify.ReferralDeclined:  {"fue rechazado"},
		notify.ReferralCompleted: {"fue completado"},
		notify.ReferralFailed:    {"fue cerrado sin realizarse"},
		notify.FollowUpHanded:    {"Le pasaron un seguimiento", "https://h.example.org/follow-ups"},
		notify.ListingFlagged:    {"reportó un problema con su servicio Springfield Detox", "https://h.example.org/agency/suggestions"},
		notify.SuggestionWaiting: {"cambio sugerido de su servicio Springfield Detox"},
		notify.WebhookPaused:     {"https://hooks.example.org/x", "se pausó", "https://h.example.org/admin"},
	}
	for kind, want := range spanish {
		e := notify.Event{Kind: kind, Data: data}
		m := tx.Render(e, "hl_abc")
		en, es := tx.RenderIn("en", e, "hl_abc"), tx.RenderIn("es", e, "hl_abc")
		if m.Subject != en.Subject+" · "+es.Subject || en.Subject == es.Subject {
			t.Errorf("%s: subject %q", kind, m.Subject)
		}
		i, j := strings.Index(m.Text, en.Text), strings.Index(m.Text, es.Text)
		if i != 0 || j <= len(en.Text) || en.Text == es.Text {
			t.Errorf("%s: not English then Spanish:\n%s", kind, m.Text)
		}
		for _, w := range want {
			if !strings.Contains(m.Text+m.Subject, w) {
				t.Errorf("%s: the mail lacks %q:\n%s\n%s", kind, w, m.Subject, m.Text)
			}
		}
		if strings.Contains(m.Subject, "Springfield") || strings.Contains(m.Text, "notice.") || strings.Contains(m.Text, "{") {
			t.Errorf("%s: %q\n%s", kind, m.Subject, m.Text)
		}
		if s := m.ShortText(); s != en.ShortText() || strings.Contains(s, "\n") {
			t.Errorf("%s: the text message is %q", kind, s)
		}
	}
	// Without a service the notice names none, in either language.
	m := tx.Render(notify.Event{Kind: notify.ReferralAccepted, Data: map[string]string{"referral_id": "r1"}}, "")
	if !strings.Contains(m.Text, "A referral from the co-responder program was accepted.") ||
		!strings.Contains(m.Text, "Un referido de the co-responder program fue aceptado.") {
		t.Errorf("no service:\n%s", m.Text)
	}
}

// TestAnswerNoticeInTheReadersLanguage: the in-app notice of an agency's answer is said
// from its kind and service in the language it is read in; English as it always was.
func TestAnswerNoticeInTheReadersLanguage(t *testing.T) {
	for _, c := range []struct {
		lang string
		kind notify.Kind
		svc  string
		want string
	}{
		{"en", notify.ReferralAccepted, "Springfield Detox", "Your referral to Springfield Detox was accepted."},
		{"en", notify.ReferralFailed, "", "Your referral to the agency was closed as not done."},
		{"es", notify.ReferralAccepted, "Springfield Detox", "Su referido a Springfield Detox fue aceptado."},
		{"es", notify.ReferralDeclined, "", "Su referido a la agencia fue rechazado."},
		{"pt", notify.ReferralCompleted, "Springfield Detox", "Your referral to Springfield Detox was completed."}, // staff read en or es
	} {
		if got := notify.AnswerNotice(c.lang, c.kind, c.svc); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.kind, got, c.want)
		}
	}
}
