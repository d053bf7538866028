package notify

import (
	"fmt"
	"strings"
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

// Render writes the notice of an event. It is content-free about the person: it says
// what is waiting and where to open it, with the service's public name at most, never a
// name, phone, note or diagnosis; the event carries none (Event.Data). link is the
// agency link (/r/{token}) of a sent referral, "" otherwise or when it cannot be opened
// (then the notice points at the agency portal, where staff sign in).
func (t Texts) Render(e Event, link string) Message {
	base := strings.TrimRight(t.BaseURL, "/")
	program := t.Program
	if program == "" {
		program = "Handoff"
	}
	svc := e.Data["service_name"]
	to := ""
	if svc != "" {
		to = " to " + svc
	}
	portal := base + "/agency"
	switch e.Kind {
	case ReferralSent:
		where := portal
		if link != "" {
			where = base + "/r/" + link
		}
		return Message{Subject: "New referral from " + program,
			Text: fmt.Sprintf("A new referral from %s%s is waiting: open it here: %s\n\n"+
				"The link opens this one referral; keep it to yourself. Answer it there, or in your agency portal (%s).\n", program, to, where, portal)}
	case ReferralAccepted, ReferralDeclined, ReferralCompleted, ReferralFailed:
		return Message{Subject: "A referral was " + answerWord(e.Kind),
			Text: fmt.Sprintf("A referral from %s%s was %s. See it in your agency portal: %s\n", program, to, answerWord(e.Kind), portal)}
	case FollowUpHanded:
		return Message{Subject: "A follow-up was handed to you",
			Text: fmt.Sprintf("A colleague handed you a follow-up. Open your follow-ups: %s/follow-ups\n", base)}
	case ListingFlagged:
		return Message{Subject: "A problem was reported with a listing",
			Text: fmt.Sprintf("Someone reported a problem with your listing%s. Review it here: %s/agency/suggestions\n", strings.TrimPrefix(to, " to"), base)}
	case SuggestionWaiting:
		return Message{Subject: "A suggested edit is waiting",
			Text: fmt.Sprintf("A suggested edit of your listing%s is waiting for your review: %s/agency/suggestions\n", strings.TrimPrefix(to, " to"), base)}
	case WebhookPaused:
		return Message{Subject: "A webhook receiver was paused",
			Text: fmt.Sprintf("Deliveries to the webhook receiver %s kept failing, so it was paused. Review and resume it on the admin page: %s/admin\n",
				e.Data["url"], base)}
	}
	return Message{Subject: "Something is waiting in " + program, Text: fmt.Sprintf("Something is waiting for you: %s\n", base)}
}

// PersonText is the text message to the person a sent referral is about, when they
// agreed to texts: that a referral they agreed to was sent, and nothing else (not the
// service, which may say what the person needs, and may be read by whoever holds the
// phone).
func (t Texts) PersonText(Event) string {
	program := t.Program
	if program == "" {
		program = "Handoff"
	}
	return "From " + program + ": the referral you agreed to was sent. They will contact you. To stop these texts, tell the program."
}

// answerWord is the agency's answer in words.
func answerWord(k Kind) string {
	switch k {
	case ReferralAccepted:
		return "accepted"
	case ReferralDeclined:
		return "declined"
	case ReferralCompleted:
		return "completed"
	}
	return "closed as not done"
}

// ShortText is the notice as a text message: one line.
func (m Message) ShortText() string {
	first, _, _ := strings.Cut(m.Text, "\n")
	return first
}

// AnswerNotice is the in-app notice a referral's maker sees in their follow-up list
// when the agency answers: the service's public name and the answer.
func AnswerNotice(k Kind, serviceName string) string {
	if serviceName == "" {
		serviceName = "the agency"
	}
	return fmt.Sprintf("Your referral to %s was %s.", serviceName, answerWord(k))
}
