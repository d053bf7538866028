package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/spf13/cobra"

	"handoff/api"
)

func newServe(cfg *config) *cobra.Command {
	acc := &accessConfig{}
	sc := &searchConfig{}
	cc := &careConfig{}
	rc := &regionConfig{}
	ret := &retentionConfig{}
	nc := &notifyConfig{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the directory, the API and the pages",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), cfg, acc, sc, cc, rc, ret, nc, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&cfg.Addr, "addr", env("HANDOFF_ADDR", "127.0.0.1:8080"), "address to listen on (env HANDOFF_ADDR)")
	fs.StringVar(&cfg.Seed, "seed", env("HANDOFF_SEED", "auto"), "auto: the embedded SQLite's first run (an empty database) gets the demo directory and demo accounts; "+
		"demo: an empty database gets them on PostgreSQL too; off: never (env HANDOFF_SEED)")
	fs.StringVar(&cfg.TLSCert, "tls-cert", env("HANDOFF_TLS_CERT", ""), "TLS certificate file; with --tls-key, serve HTTPS (env HANDOFF_TLS_CERT)")
	fs.StringVar(&cfg.TLSKey, "tls-key", env("HANDOFF_TLS_KEY", ""), "TLS key file (env HANDOFF_TLS_KEY)")
	fs.IntVar(&cfg.BodyLimit, "body-limit", 1<<20, "largest request body in bytes; larger ones get 413")
	fs.DurationVar(&cfg.ShutdownGrace, "shutdown-grace", envDuration("HANDOFF_SHUTDOWN_GRACE", defaultShutdownGrace),
		"on SIGTERM, stop accepting and wait this long for requests in flight before closing (env HANDOFF_SHUTDOWN_GRACE)")
	dataFlags(fs, cfg)
	logFlags(fs, cfg)
	accessFlags(fs, acc)
	offlineFlags(fs, acc)
	searchFlags(fs, sc)
	careFlags(fs, cc)
	regionFlags(fs, rc)
	retentionFlags(fs, ret)
	purgeJobFlag(fs, ret)
	notifyFlags(fs, nc)
	return cmd
}

// serve runs the server until ctx ends. Demo logins, when made, go to out (the person at
// the terminal); the log goes to errw.
func serve(ctx context.Context, cfg *config, acc *accessConfig, sc *searchConfig, cc *careConfig, rc *regionConfig, ret *retentionConfig, nc *notifyConfig, out, errw io.Writer) error {
	log, err := newLogger(cfg, errw)
	if err != nil {
		return err
	}
	if err := rc.apply(log); err != nil {
		return err
	}
	demo, err := demoMode(cfg)
	if err != nil {
		return err
	}
	if cfg.ShutdownGrace <= 0 {
		return errors.New("--shutdown-grace (HANDOFF_SHUTDOWN_GRACE) must be a positive duration, such as 30s")
	}
	// The schedule is read now, so that nonsense is refused before serving.
	if _, _, err := ret.cutoffs(time.Now()); err != nil {
		return err
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	opts, err := acc.apply(api.Options{BodyLimit: cfg.BodyLimit, TLS: cfg.TLSCert != ""})
	if err != nil {
		return err
	}
	sealer, err := cc.sealer(cfg, demo, log)
	if err != nil {
		return err
	}
	if opts, err = cc.apply(opts, sealer); err != nil {
		return err
	}
	reloadKeysOnHangup(ctx, cc.keyPath, sealer, log)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := startDemo(ctx, st, cfg, demo, out, log); err != nil {
		return err
	}
	eng, err := startSearch(ctx, cfg, sc, st, log, &opts)
	if err != nil {
		return err
	}
	defer eng.Close()
	if ret.Daily {
		startPurgeJob(ctx, st, sealer, ret, log)
	}
	worker, err := nc.worker(st, sealer, opts.PublicURL, cfg.Addr, log)
	if err != nil {
		return err
	}
	srv := api.New(st, log, opts)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("load TLS certificate: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	log.Info("handoff is serving", "url", scheme+"://"+ln.Addr().String()+"/", "database", describe(cfg))
	// The worker stops claiming when ctx ends (SIGTERM), alongside the requests'
	// drain; the store closes only after both.
	worker.Name += "/" + ln.Addr().String() // one name per instance, in leases and attempts
	drained := startOutbox(ctx, st, worker, log)
	defer drained()
	return serveUntilDone(ctx, srv.App(), ln, cfg.ShutdownGrace, log)
}
