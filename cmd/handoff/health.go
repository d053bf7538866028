package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// newHealth is `handoff health`: it asks a running serve on this machine whether it is up
// (or ready), and exits 0 only if it is. The container image has no shell and no curl,
// so its HEALTHCHECK runs the binary itself.
func newHealth() *cobra.Command {
	var addr, url string
	var ready, tlsOn bool
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "health [--ready]",
		Short: "Ask the serve on --addr whether it is up (/healthz) or ready (/readyz); exit 1 if not",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := "/healthz"
			if ready {
				path = "/readyz"
			}
			if url == "" {
				base, err := localURL(addr, tlsOn)
				if err != nil {
					return err
				}
				url = base + path
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			return probe(ctx, url, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&addr, "addr", env("HANDOFF_ADDR", "127.0.0.1:8080"), "the address serve listens on (env HANDOFF_ADDR); an unspecified host (\":8080\", \"0.0.0.0:8080\") is asked on the loopback")
	fs.BoolVar(&tlsOn, "tls", env("HANDOFF_TLS_CERT", "") != "", "serve uses HTTPS (default: when HANDOFF_TLS_CERT is set, as serve does)")
	fs.BoolVar(&ready, "ready", false, "ask /readyz (database reachable, schema current, index ready) instead of /healthz (process up)")
	fs.StringVar(&url, "url", "", "ask this URL instead")
	fs.DurationVar(&timeout, "timeout", 4*time.Second, "give up after this long")
	return cmd
}

// localURL is the base URL of a serve listening on addr, asked from the same machine.
func localURL(addr string, tlsOn bool) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	scheme := "http"
	if tlsOn {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port), nil
}

// probe GETs url and fails unless it answers 200.
func probe(ctx context.Context, url string, out io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	client := &http.Client{Transport: &http.Transport{
		// The probe asks this machine's own listener, whose certificate names the public
		// host, not the loopback: whether it answers is the question, not who it is.
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // see above
	}}
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("health: %s does not answer: %w", url, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s answered %d: %s", url, res.StatusCode, body)
	}
	fmt.Fprintf(out, "%s: %s\n", url, body)
	return nil
}
