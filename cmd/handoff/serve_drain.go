package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"
)

// defaultShutdownGrace is how long serve waits, on SIGTERM, for requests in flight.
const defaultShutdownGrace = 30 * time.Second

// serveUntilDone serves app on ln until ctx ends (SIGTERM or Ctrl-C), then stops
// accepting connections, closes the idle ones, and waits up to grace for the requests
// in flight to finish, so that a rolling upgrade or a scale-down loses no write that a
// client was already sending. It returns an error when some were still running at the
// end of grace (they are cut off), or when serving failed. The caller closes the search
// index and the store after it returns: no request is using them any more.
func serveUntilDone(ctx context.Context, app *fiber.App, ln net.Listener, grace time.Duration, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- app.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down; waiting for requests in flight", "grace", grace.String())
	if err := app.ShutdownWithTimeout(grace); err != nil {
		return fmt.Errorf("shutdown: requests still running after %s: %w", grace, err)
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("requests in flight finished")
	return nil
}
