package notify

import (
	"strings"

	"handoff/i18n"
)

// Message is a notice's words: a subject and a plain-text body.
type Message struct {
	Subject string
	Text    string
}

// Texts are what the messages need besides the event: the program's name as notices
// say it ("the co-responder program") and the base of the links (the public URL).
type Texts struct {
	Program string
	BaseURL string
}

// StaffLanguages are the languages of a notice to staff, in order. Handoff does not know
// which language the reader of an address reads, so a mail to staff says everything in
// each (the catalog's notice.* keys).
var StaffLanguages = []string{"en", "es"}

// staffSeparator stands between the languages of a mail: a line without words, and not
// "-- ", which mail programs take for the start of a signature and may hide.
const staffSeparator = "* * *"

// Render writes the notice of an event to staff: in English, then in Spanish
// (StaffLanguages), the subject "English · Spanish" and the texts one after the other.
// It is content-free about the person: it says what is waiting and where to open it,
// with the service's public name at most, never a name, phone, note or diagnosis; the
// event carries none (Event.Data). link is the agency link (/r/{token}) of a sent
// referral, "" otherwise or when it cannot be opened (then the notice points at the
// agency portal, where staff sign in).
func (t Texts) Render(e Event, link string) Message {
	var subjects, texts []string
	for _, l := range StaffLanguages {
		m := t.RenderIn(l, e, link)
		subjects, texts = append(subjects, m.Subject), append(texts, m.Text)
	}
	return Message{Subject: strings.Join(subjects, " · "), Text: strings.Join(texts, "\n"+staffSeparator+"\n\n")}
}

// RenderIn writes the notice of an event in one language (one of i18n.Locales), as
// Render does in each of StaffLanguages.
func (t Texts) RenderIn(lang string, e Event, link string) Message {
	cat := i18n.Load()
	say := func(key string, vars ...any) string { return cat.T(lang, key, vars...) }
	svc := e.Data["service_name"]
	// naming says key's text naming the service, or its _any form when there is none.
	naming := func(key string, vars ...any) string {
		if svc == "" {
			return say(key+"_any", vars...)
		}
		return say(key, append(vars, "service", svc)...)
	}
	base := strings.TrimRight(t.BaseURL, "/")
	program := t.program()
	portal := base + "/agency"
	switch e.Kind {
	case ReferralSent:
		where := portal
		if link != "" {
			where = base + "/r/" + link
		}
		return Message{Subject: say("notice.sent.subject", "program", program),
			Text: naming("notice.sent.text", "program", program, "link", where) + "\n\n" + say("notice.sent.keep", "portal", portal) + "\n"}
	case ReferralAccepted, ReferralDeclined, ReferralCompleted, ReferralFailed:
		answer := say(answerKey(e.Kind))
		return Message{Subject: say("notice.answer.subject", "answer", answer),
			Text: naming("notice.answer.text", "program", program, "answer", answer, "portal", portal) + "\n"}
	case FollowUpHanded:
		return Message{Subject: say("notice.handed.subject"), Text: say("notice.handed.text", "link", base+"/follow-ups") + "\n"}
	case ListingFlagged:
		return Message{Subject: say("notice.flagged.subject"), Text: naming("notice.flagged.text", "link", base+"/agency/suggestions") + "\n"}
	case SuggestionWaiting:
		return Message{Subject: say("notice.suggestion.subject"), Text: naming("notice.suggestion.text", "link", base+"/agency/suggestions") + "\n"}
	case WebhookPaused:
		return Message{Subject: say("notice.paused.subject"), Text: say("notice.paused.text", "url", e.Data["url"], "link", base+"/admin") + "\n"}
	}
	return Message{Subject: say("notice.other.subject", "program", program), Text: say("notice.other.text", "link", base) + "\n"}
}

// program is the program's name as notices say it.
func (t Texts) program() string {
	if t.Program == "" {
		return "Handoff"
	}
	return t.Program
}

// PersonText is the text message to the person a sent referral is about, when they
// agreed to texts, in their preferred language (lang, as their record keeps it: "es",
// "pt-BR"; English when Handoff does not speak it): that a referral they agreed to was
// sent, and nothing else (not the service, which may say what the person needs, and may
// be read by whoever holds the phone).
func (t Texts) PersonText(_ Event, lang string) string {
	return i18n.Load().T(PersonLanguage(lang), "pub.notice.sent", "program", t.program())
}

// PersonLanguage is the language Handoff writes to a person in: their preferred
// language, or its base language ("pt-BR": "pt"), when Handoff speaks it; else English.
func PersonLanguage(preferred string) string {
	return i18n.Load().Match("", preferred)
}

// answerKey is the catalog key of the agency's answer in words.
func answerKey(k Kind) string {
	switch k {
	case ReferralAccepted:
		return "notice.answer.accepted"
	case ReferralDeclined:
		return "notice.answer.declined"
	case ReferralCompleted:
		return "notice.answer.completed"
	}
	return "notice.answer.failed"
}

// ShortText is the notice as a text message: one line, the first of its text (for a
// notice to staff, the English one: a text message has room for one language, and the
// mail carries both).
func (m Message) ShortText() string {
	first, _, _ := strings.Cut(m.Text, "\n")
	return first
}

// DefaultLanguage is the language a notice is kept in when its reader's is not known
// yet (the catalog's default).
const DefaultLanguage = i18n.Default

// AnswerNotice is the in-app notice a referral's maker sees in their follow-up list
// when the agency answers: the service's public name and the answer, in lang (the
// reader's language when the notice is read; the store keeps the kind and the name).
func AnswerNotice(lang string, k Kind, serviceName string) string {
	cat := i18n.Load()
	answer := cat.T(lang, answerKey(k))
	if serviceName == "" {
		return cat.T(lang, "notice.answer.in_app_agency", "answer", answer)
	}
	return cat.T(lang, "notice.answer.in_app", "service", serviceName, "answer", answer)
}
