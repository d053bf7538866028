package notify_test

import (
	"strings"
	"testing"
	"time"

	"handoff/notify"
)

// TestSignWebhookSpecVector signs the Standard Webhooks specification's test vector.
func TestSignWebhookSpecVector(t *testing.T) {
	got, err := notify.SignWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
		time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil || got != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("signature %q, %v", got, err)
	}
	if _, err := notify.SignWebhook("whsec_", "id", time.Now(), nil); err == nil {
		t.Error("an empty secret signs")
	}
}

// TestMessagesAreContentFree: every notice says what waits and where, from the event's
// data only; the data holds no person, so nothing personal can reach a message. A
// referral notice carries its link, or the portal when the link cannot be opened.
func TestMessagesAreContentFree(t *testing.T) {
	tx := notify.Texts{Program: "the co-responder program", BaseURL: "https://h.example.org/"}
	data := map[string]string{"service_name": "Springfield Detox", "referral_id": "r1", "url": "https://hooks.example.org/x"}
	cases := []struct {
		kind notify.Kind
		link string
		want []string
	}{
		{notify.ReferralSent, "hl_abc", []string{"A new referral from the co-responder program to Springfield Detox is waiting: open it here: https://h.example.org/r/hl_abc"}},
		{notify.ReferralSent, "", []string{"open it here: https://h.example.org/agency"}},
		{notify.ReferralAccepted, "", []string{"was accepted", "https://h.example.org/agency"}},
		{notify.ReferralDeclined, "", []string{"was declined"}},
		{notify.ReferralCompleted, "", []string{"was completed"}},
		{notify.ReferralFailed, "", []string{"closed as not done"}},
		{notify.FollowUpHanded, "", []string{"handed you a follow-up", "https://h.example.org/follow-ups"}},
		{notify.ListingFlagged, "", []string{"reported a problem with your listing Springfield Detox", "/agency/suggestions"}},
		{notify.SuggestionWaiting, "", []string{"suggested edit of your listing Springfield Detox"}},
		{notify.WebhookPaused, "", []string{"https://hooks.example.org/x", "paused", "https://h.example.org/admin"}},
	}
	for _, c := range cases {
		m := tx.Render(notify.Event{Kind: c.kind, Data: data}, c.link)
		for _, w := range c.want {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s: %q lacks %q", c.kind, m.Text, w)
			}
		}
		if m.Subject == "" || strings.Contains(m.Subject, "Springfield") {
			t.Errorf("%s: subject %q", c.kind, m.Subject)
		}
		if strings.Contains(m.ShortText(), "\n") {
			t.Errorf("%s: a text message of two lines", c.kind)
		}
	}
	if p := tx.PersonText(notify.Event{Kind: notify.ReferralSent, Data: data}, ""); strings.Contains(p, "Detox") || strings.Contains(p, "http") {
		t.Errorf("the person's text names the service or a link: %q", p)
	}
}

// TestBackoffSchedule: the waits grow by the multiplier up to the cap, and the
// schedule ends after its attempts.
func TestBackoffSchedule(t *testing.T) {
	b := notify.Backoff{Initial: time.Second, Max: 8 * time.Second, Multiplier: 2, Jitter: 0.01, Attempts: 6}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
	for i, w := range want {
		got, ok := b.After(i + 1)
		if !ok || got < w*99/100 || got > w*101/100 {
			t.Errorf("after attempt %d: %s, %v; want about %s", i+1, got, ok, w)
		}
	}
	if _, ok := b.After(6); ok {
		t.Error("a seventh attempt is scheduled")
	}
}
