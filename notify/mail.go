package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	mail "github.com/wneessen/go-mail"
)

// Mailer sends a notice by email.
type Mailer interface {
	SendMail(ctx context.Context, to string, m Message) error
}

// The STARTTLS policies of SMTPConfig.
const (
	StartTLSMandatory     = "mandatory"     // refuse a server that does not offer STARTTLS
	StartTLSOpportunistic = "opportunistic" // use STARTTLS when offered
	StartTLSNone          = "none"          // plain SMTP (a relay on the same host)
)

// SMTPConfig is the SMTP server notices go through.
type SMTPConfig struct {
	Host     string
	Port     int
	StartTLS string // one of the StartTLS policies; "" is mandatory
	// SSL connects with TLS from the start (port 465) instead of STARTTLS.
	SSL      bool
	Username string
	Password string
	From     string
	// Timeout bounds one connection and send; 0 means 30 seconds.
	Timeout time.Duration
	// TLS, when set, is the TLS configuration (a private CA's roots); nil: the system's,
	// for the host.
	TLS *tls.Config
}

// SMTPMailer sends through an SMTP server with go-mail, one connection per notice:
// notices are few, and a fresh connection never carries a broken one's state.
type SMTPMailer struct {
	cfg SMTPConfig
}

// NewSMTPMailer checks the configuration and returns the mailer.
func NewSMTPMailer(cfg SMTPConfig) (*SMTPMailer, error) {
	if cfg.Host == "" {
		return nil, errors.New("notify: no SMTP host")
	}
	if cfg.From == "" {
		return nil, errors.New("notify: no from address for notices")
	}
	if _, err := tlsPolicy(cfg.StartTLS); err != nil {
		return nil, err
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	m := mail.NewMsg()
	if err := m.From(cfg.From); err != nil {
		return nil, fmt.Errorf("notify: from address: %w", err)
	}
	return &SMTPMailer{cfg: cfg}, nil
}

func tlsPolicy(s string) (mail.TLSPolicy, error) {
	switch s {
	case "", StartTLSMandatory:
		return mail.TLSMandatory, nil
	case StartTLSOpportunistic:
		return mail.TLSOpportunistic, nil
	case StartTLSNone:
		return mail.NoTLS, nil
	}
	return mail.NoTLS, fmt.Errorf("notify: STARTTLS policy %q: use mandatory, opportunistic or none", s)
}

// SendMail sends the notice to one address.
func (s *SMTPMailer) SendMail(ctx context.Context, to string, n Message) error {
	m := mail.NewMsg()
	if err := m.From(s.cfg.From); err != nil {
		return fmt.Errorf("notify: from address: %w", err)
	}
	if err := m.To(to); err != nil {
		return fmt.Errorf("notify: receiver address: %w", err)
	}
	m.Subject(n.Subject)
	m.SetDate()
	m.SetMessageID()
	m.SetBodyString(mail.TypeTextPlain, n.Text)
	policy, _ := tlsPolicy(s.cfg.StartTLS)
	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTimeout(s.cfg.Timeout), mail.WithTLSPolicy(policy)}
	if s.cfg.SSL {
		opts = []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTimeout(s.cfg.Timeout), mail.WithSSL()}
	}
	if s.cfg.TLS != nil {
		opts = append(opts, mail.WithTLSConfig(s.cfg.TLS))
	}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	c, err := mail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("notify: SMTP client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("notify: send mail: %w", err)
	}
	return nil
}
