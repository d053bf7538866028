package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// slowApp answers /slow only once release is closed, saying on entered that a request
// is in flight.
func slowApp() (app *fiber.App, entered chan struct{}, release chan struct{}) {
	app = fiber.New(fiber.Config{DisableStartupMessage: true})
	entered, release = make(chan struct{}, 1), make(chan struct{})
	app.Get("/slow", func(c *fiber.Ctx) error {
		entered <- struct{}{}
		<-release
		return c.SendString("done")
	})
	return app, entered, release
}

// refused waits until a new connection to addr is refused: the server stopped accepting.
func refused(t *testing.T, addr string) {
	t.Helper()
	for range 500 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the server still accepts connections after SIGTERM")
}

// TestShutdownDrainsRequestsInFlight: on SIGTERM (ctx ending) serve stops accepting,
// and a request already running finishes and gets its answer before serve returns.
func TestShutdownDrainsRequestsInFlight(t *testing.T) {
	app, entered, release := slowApp()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, sigterm := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntilDone(ctx, app, ln, time.Minute, slog.New(slog.DiscardHandler)) }()

	type answer struct {
		status int
		body   string
		err    error
	}
	got := make(chan answer, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- answer{res.StatusCode, string(b), err}
	}()
	<-entered
	sigterm()
	refused(t, ln.Addr().String())
	select {
	case err := <-done:
		t.Fatalf("serve returned with a request in flight: %v", err)
	default:
	}
	close(release)
	if a := <-got; a.err != nil || a.status != 200 || a.body != "done" {
		t.Fatalf("the request in flight: %+v", a)
	}
	if err := <-done; err != nil {
		t.Fatalf("serve after draining: %v", err)
	}
}

// TestShutdownGraceEnds: a request still running when the grace period ends is cut
// off, and serve says so instead of waiting for it.
func TestShutdownGraceEnds(t *testing.T) {
	app, entered, release := slowApp()
	defer close(release)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, sigterm := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntilDone(ctx, app, ln, 50*time.Millisecond, slog.New(slog.DiscardHandler)) }()
	go func() {
		if res, err := http.Get("http://" + ln.Addr().String() + "/slow"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	sigterm()
	if err := <-done; err == nil {
		t.Fatal("serve reported a clean shutdown with a request still running past the grace period")
	}
}
