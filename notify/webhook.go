package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// Receiver is a webhook receiver as a delivery needs it.
type Receiver struct {
	ID     string
	URL    string
	Secret string
}

// NewWebhookSecret returns a fresh signing secret in the Standard Webhooks form
// (whsec_ and the base64 of 32 random bytes).
func NewWebhookSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// CheckWebhookSecret reports whether s is a secret the signer takes.
func CheckWebhookSecret(s string) error {
	_, err := standardwebhooks.NewWebhook(s)
	return err
}

// CheckWebhookURL reports whether u is an http(s) URL with a host.
func CheckWebhookURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || p.User != nil {
		return fmt.Errorf("must be an http or https URL without credentials")
	}
	return nil
}

// SignWebhook is the webhook-signature header of a delivery per Standard Webhooks:
// v1,base64(HMAC-SHA256(key, id.timestamp.body)), the key being the secret after its
// whsec_ prefix, base64-decoded (the standard-webhooks library).
func SignWebhook(secret, id string, at time.Time, body []byte) (string, error) {
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		return "", fmt.Errorf("notify: webhook secret: %w", err)
	}
	sig, err := wh.Sign(id, at, body)
	if err != nil {
		return "", fmt.Errorf("notify: sign webhook: %w", err)
	}
	return sig, nil
}

// WebhookBody is what a receiver gets: the Standard Webhooks payload shape.
type WebhookBody struct {
	Type      Kind              `json:"type"`
	Timestamp time.Time         `json:"timestamp"`
	Data      map[string]string `json:"data"`
}

// WebhookSender posts signed deliveries.
type WebhookSender struct {
	Client *http.Client
}

// Send posts the event to the receiver, signed per Standard Webhooks: webhook-id is the
// event's id (the same on every retry, for the receiver to drop repeats),
// webhook-timestamp the send time in Unix seconds, webhook-signature
// v1,base64(HMAC-SHA256(secret, id.timestamp.body)). Any answer but 2xx is an error.
func (s WebhookSender) Send(ctx context.Context, r Receiver, e Event, now time.Time) error {
	data := map[string]string{"event_id": e.ID}
	for k, v := range e.Data {
		data[k] = v
	}
	if e.SubjectID != "" {
		data["id"] = e.SubjectID
	}
	if e.OrganizationID != "" {
		data["organization_id"] = e.OrganizationID
	}
	body, err := json.Marshal(WebhookBody{Type: e.Kind, Timestamp: e.CreatedAt.UTC(), Data: data})
	if err != nil {
		return fmt.Errorf("notify: webhook body: %w", err)
	}
	sig, err := SignWebhook(r.Secret, e.ID, now, body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("webhook-id", e.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return do(client, req, "webhook receiver")
}
