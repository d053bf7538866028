package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// SMSProvider sends a text message.
type SMSProvider interface {
	SendSMS(ctx context.Context, to, body string) error
}

// SMSGatewayConfig is an HTTP SMS gateway of the common shape: a form-encoded POST of
// To, From and Body, with basic auth (Username and Password, as an account id and
// token) or a bearer Token.
type SMSGatewayConfig struct {
	URL      string
	From     string
	Username string
	Password string
	Token    string
	// Timeout bounds one request; 0 means 15 seconds.
	Timeout time.Duration
}

// SMSGateway posts texts to an HTTP gateway.
type SMSGateway struct {
	cfg    SMSGatewayConfig
	client *http.Client
}

// NewSMSGateway checks the configuration and returns the provider.
func NewSMSGateway(cfg SMSGatewayConfig) (*SMSGateway, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("notify: SMS gateway URL %q: must be an http(s) URL", cfg.URL)
	}
	if cfg.From == "" {
		return nil, errors.New("notify: no from number for text messages")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 15 * time.Second
	}
	return &SMSGateway{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}}, nil
}

// SendSMS posts one text. Any answer but 2xx is an error naming the status (never the
// message or the number).
func (g *SMSGateway) SendSMS(ctx context.Context, to, body string) error {
	form := url.Values{"To": {to}, "From": {g.cfg.From}, "Body": {body}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.cfg.URL, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("notify: SMS request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	switch {
	case g.cfg.Token != "":
		req.Header.Set("Authorization", "Bearer "+g.cfg.Token)
	case g.cfg.Username != "":
		req.SetBasicAuth(g.cfg.Username, g.cfg.Password)
	}
	return do(g.client, req, "SMS gateway")
}
