package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"handoff/care"
	"handoff/notify"
	"handoff/store"
)

// notifyConfig is serve's configuration of the outbox: the SMTP server and the SMS
// gateway notices go through, and the retry schedule. Secrets come from a file or the
// environment, never from a flag's value (which `ps` shows).
type notifyConfig struct {
	SMTPHost         string
	SMTPPort         int
	SMTPStartTLS     string
	SMTPTLS          bool
	SMTPUsername     string
	SMTPPasswordFile string
	SMTPCAFile       string
	From             string
	Program          string

	SMSURL        string
	SMSFrom       string
	SMSUsername   string
	SMSSecretFile string

	RetryInitial time.Duration
	RetryMax     time.Duration
	Attempts     int
	Poll         time.Duration
	Lease        time.Duration
	envErr       error
}

// The environment variables that may hold the secrets themselves.
const (
	smtpPasswordEnv = "HANDOFF_SMTP_PASSWORD"
	smsSecretEnv    = "HANDOFF_SMS_SECRET"
)

func notifyFlags(fs *pflag.FlagSet, n *notifyConfig) {
	port, err := strconv.Atoi(env("HANDOFF_SMTP_PORT", "587"))
	n.noteEnv("HANDOFF_SMTP_PORT", err)
	tls, err := strconv.ParseBool(env("HANDOFF_SMTP_TLS", "false"))
	n.noteEnv("HANDOFF_SMTP_TLS", err)
	attempts, err := strconv.Atoi(env("HANDOFF_OUTBOX_ATTEMPTS", strconv.Itoa(notify.DefaultBackoff.Attempts)))
	n.noteEnv("HANDOFF_OUTBOX_ATTEMPTS", err)
	fs.StringVar(&n.SMTPHost, "smtp-host", env("HANDOFF_SMTP_HOST", ""), "SMTP server that notices go through; empty: no email notices (they wait in the outbox) (env HANDOFF_SMTP_HOST)")
	fs.IntVar(&n.SMTPPort, "smtp-port", port, "SMTP port (env HANDOFF_SMTP_PORT)")
	fs.StringVar(&n.SMTPStartTLS, "smtp-starttls", env("HANDOFF_SMTP_STARTTLS", notify.StartTLSMandatory),
		"STARTTLS policy: mandatory (refuse a server without it), opportunistic, or none (a relay on this host) (env HANDOFF_SMTP_STARTTLS)")
	fs.BoolVar(&n.SMTPTLS, "smtp-tls", tls, "connect with TLS from the start (port 465) instead of STARTTLS (env HANDOFF_SMTP_TLS)")
	fs.StringVar(&n.SMTPUsername, "smtp-username", env("HANDOFF_SMTP_USERNAME", ""), "SMTP user name; empty: no authentication (env HANDOFF_SMTP_USERNAME)")
	fs.StringVar(&n.SMTPPasswordFile, "smtp-password-file", env("HANDOFF_SMTP_PASSWORD_FILE", ""),
		"file holding the SMTP password; or set "+smtpPasswordEnv+" to the password (env HANDOFF_SMTP_PASSWORD_FILE)")
	fs.StringVar(&n.SMTPCAFile, "smtp-ca-file", env("HANDOFF_SMTP_CA_FILE", ""),
		"PEM file of the certificate authority that signed the SMTP server's certificate (a private CA); empty: the system's (env HANDOFF_SMTP_CA_FILE)")
	fs.StringVar(&n.From, "notice-from", env("HANDOFF_NOTICE_FROM", ""), "from address of email notices, such as Handoff <handoff@example.org> (env HANDOFF_NOTICE_FROM)")
	fs.StringVar(&n.Program, "notice-program", env("HANDOFF_NOTICE_PROGRAM", "the Handoff program"),
		`the program's name as notices say it: "A new referral from NAME is waiting" (env HANDOFF_NOTICE_PROGRAM)`)
	fs.StringVar(&n.SMSURL, "sms-gateway-url", env("HANDOFF_SMS_GATEWAY_URL", ""),
		"HTTP SMS gateway that text notices are posted to (form fields To, From, Body); empty: no text notices (env HANDOFF_SMS_GATEWAY_URL)")
	fs.StringVar(&n.SMSFrom, "sms-from", env("HANDOFF_SMS_FROM", ""), "number texts are sent from (env HANDOFF_SMS_FROM)")
	fs.StringVar(&n.SMSUsername, "sms-username", env("HANDOFF_SMS_USERNAME", ""),
		"gateway account for basic auth, with the secret as its password; empty: the secret is sent as a bearer token (env HANDOFF_SMS_USERNAME)")
	fs.StringVar(&n.SMSSecretFile, "sms-secret-file", env("HANDOFF_SMS_SECRET_FILE", ""),
		"file holding the gateway's password or token; or set "+smsSecretEnv+" (env HANDOFF_SMS_SECRET_FILE)")
	fs.DurationVar(&n.RetryInitial, "outbox-retry-initial", envDuration("HANDOFF_OUTBOX_RETRY_INITIAL", notify.DefaultBackoff.Initial),
		"wait after a delivery's first failed attempt; each next wait doubles (env HANDOFF_OUTBOX_RETRY_INITIAL)")
	fs.DurationVar(&n.RetryMax, "outbox-retry-max", envDuration("HANDOFF_OUTBOX_RETRY_MAX", notify.DefaultBackoff.Max),
		"longest wait between attempts (env HANDOFF_OUTBOX_RETRY_MAX)")
	fs.IntVar(&n.Attempts, "outbox-attempts", attempts, "attempts of a delivery before it goes to the dead-letter list (env HANDOFF_OUTBOX_ATTEMPTS)")
	fs.DurationVar(&n.Poll, "outbox-poll", envDuration("HANDOFF_OUTBOX_POLL", 2*time.Second),
		"how often the delivery worker looks for due deliveries (env HANDOFF_OUTBOX_POLL)")
	fs.DurationVar(&n.Lease, "outbox-lease", envDuration("HANDOFF_OUTBOX_LEASE", 2*time.Minute),
		"how long a claimed delivery is one instance's before another may take it over (env HANDOFF_OUTBOX_LEASE)")
}

func (n *notifyConfig) noteEnv(name string, err error) {
	if err != nil && n.envErr == nil {
		n.envErr = fmt.Errorf("%s: %w", name, err)
	}
}

// secret reads a secret from its file, else from the environment variable.
func secret(file, envName string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read secret: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return os.Getenv(envName), nil
}

// worker builds the delivery worker from the configuration.
func (n *notifyConfig) worker(st *store.Store, sealer *care.Sealer, publicURL, addr string, log *slog.Logger) (*notify.Worker, error) {
	if n.envErr != nil {
		return nil, n.envErr
	}
	if n.RetryInitial <= 0 || n.RetryMax <= 0 || n.Poll <= 0 || n.Lease <= 0 || n.Attempts <= 0 {
		return nil, errors.New("--outbox-retry-initial, --outbox-retry-max, --outbox-poll, --outbox-lease and --outbox-attempts must be positive")
	}
	host, _ := os.Hostname()
	w := &notify.Worker{Queue: st.Outbox(sealer), Name: fmt.Sprintf("%s/%d", host, os.Getpid()),
		Webhooks: &notify.WebhookSender{Client: &http.Client{Timeout: 15 * time.Second}},
		Backoff:  notify.Backoff{Initial: n.RetryInitial, Max: n.RetryMax, Attempts: n.Attempts},
		Lease:    n.Lease, Poll: n.Poll, Log: log,
		Relay: func(ctx context.Context) (int, error) { return st.RelayChanges(ctx, 500) }}
	base := publicURL
	if base == "" {
		base = "http://" + addr
		log.Warn("notices link to " + base + ": set --public-url to the address people open")
	}
	w.Texts = notify.Texts{Program: n.Program, BaseURL: base}
	if n.SMTPHost != "" {
		pw, err := secret(n.SMTPPasswordFile, smtpPasswordEnv)
		if err != nil {
			return nil, fmt.Errorf("--smtp-password-file: %w", err)
		}
		sc := notify.SMTPConfig{Host: n.SMTPHost, Port: n.SMTPPort, StartTLS: n.SMTPStartTLS, SSL: n.SMTPTLS,
			Username: n.SMTPUsername, Password: pw, From: n.From}
		if n.SMTPCAFile != "" {
			pem, err := os.ReadFile(n.SMTPCAFile)
			if err != nil {
				return nil, fmt.Errorf("--smtp-ca-file: %w", err)
			}
			roots := x509.NewCertPool()
			if !roots.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("--smtp-ca-file %s: no PEM certificate in it", n.SMTPCAFile)
			}
			sc.TLS = &tls.Config{RootCAs: roots, ServerName: n.SMTPHost, MinVersion: tls.VersionTLS12}
		}
		m, err := notify.NewSMTPMailer(sc)
		if err != nil {
			return nil, err
		}
		w.Mail = m
	}
	if n.SMSURL != "" {
		sec, err := secret(n.SMSSecretFile, smsSecretEnv)
		if err != nil {
			return nil, fmt.Errorf("--sms-secret-file: %w", err)
		}
		cfg := notify.SMSGatewayConfig{URL: n.SMSURL, From: n.SMSFrom, Username: n.SMSUsername}
		if n.SMSUsername != "" {
			cfg.Password = sec
		} else {
			cfg.Token = sec
		}
		g, err := notify.NewSMSGateway(cfg)
		if err != nil {
			return nil, err
		}
		w.SMS = g
	}
	return w, nil
}

// startOutbox runs the delivery worker until ctx ends; the function it returns waits
// for the worker to drain (its sends under way finished and recorded, the rest
// released), so that serve closes the store only after.
func startOutbox(ctx context.Context, st *store.Store, w *notify.Worker, log *slog.Logger) func() {
	st.SetOutboxWake(w.Wake)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	return func() {
		<-done
		st.SetOutboxWake(nil)
		log.Info("outbox: delivery worker stopped; its sends under way were finished and recorded")
	}
}
