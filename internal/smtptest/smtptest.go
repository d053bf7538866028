// Package smtptest runs a real SMTP server (emersion/go-smtp) inside a test, with
// STARTTLS and PLAIN authentication, and keeps what arrives, so that tests read the
// mail Handoff sent rather than a mock's record of it. It can be stopped (its listener
// closed, as a server that is down) and started again on the same address.
package smtptest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http/httptest"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Credentials every test server takes.
const (
	User     = "handoff"
	Password = "smtp test password"
)

// Message is one mail as it arrived.
type Message struct {
	From string
	To   []string
	Data string
}

// Server is the test's SMTP server.
type Server struct {
	t    testing.TB
	addr string
	tls  *tls.Config
	// ClientTLS trusts the server's certificate (for notify.SMTPConfig.TLS).
	ClientTLS *tls.Config
	// CAPEM is the server's certificate in PEM, for --smtp-ca-file.
	CAPEM []byte

	mu   sync.Mutex
	msgs []Message
	srv  *smtp.Server
}

// Start runs a server on a loopback port; it stops with the test.
func Start(t testing.TB) *Server {
	t.Helper()
	// httptest makes a certificate for 127.0.0.1; the SMTP server borrows it.
	h := httptest.NewUnstartedServer(nil)
	h.StartTLS()
	cert := h.TLS.Certificates[0]
	roots := x509.NewCertPool()
	roots.AddCert(h.Certificate())
	h.Close()
	s := &Server{t: t, tls: &tls.Config{Certificates: []tls.Certificate{cert}},
		CAPEM:     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: h.Certificate().Raw}),
		ClientTLS: &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// Host and Port are where the server listens.
func (s *Server) Host() string { h, _, _ := net.SplitHostPort(s.addr); return h }

// Port is the server's port.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = s.tls
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln)
}

// Stop closes the listener and every connection: the server is down.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Restart listens again on the same address.
func (s *Server) Restart() {
	s.t.Helper()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("smtptest: listen again on %s: %v", s.addr, err)
	}
	s.serve(ln)
}

// Messages returns what arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until at least n messages arrived, or timeout, and returns what arrived.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s.Messages()
}

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != User || pass != Password {
			return errors.New("smtptest: wrong credentials")
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if !x.authed {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, Message{From: x.from, To: x.to, Data: strings.ReplaceAll(string(b), "\r\n", "\n")})
	x.s.mu.Unlock()
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// Header returns a header of the message ("" when it cannot be read).
func (m Message) Header(name string) string {
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		return ""
	}
	v := msg.Header.Get(name)
	if d, err := new(mime.WordDecoder).DecodeHeader(v); err == nil {
		return d
	}
	return v
}

// Body returns the message's text, decoded from its transfer encoding.
func (m Message) Body() string {
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		return m.Data
	}
	var r io.Reader = msg.Body
	switch strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, _ := io.ReadAll(r)
	return string(b)
}
