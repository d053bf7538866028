package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"handoff/access"
	"handoff/api"
	"handoff/seed"
	"handoff/store"
)

// accessConfig is serve's configuration of accounts and access.
type accessConfig struct {
	PublicDirectory bool
	SessionIdle     time.Duration
	SearchRateLimit int
	TrustedProxies  []string
	PublicURL       string
	HashConcurrency int
	TokenMaxLife    string
	envErr          error // a malformed environment variable, reported when serve starts
}

func accessFlags(fs *pflag.FlagSet, a *accessConfig) {
	public, err := strconv.ParseBool(env("HANDOFF_PUBLIC_DIRECTORY", "true"))
	a.noteEnv("HANDOFF_PUBLIC_DIRECTORY", err)
	idle, err := time.ParseDuration(env("HANDOFF_SESSION_IDLE", access.DefaultSessionIdle.String()))
	a.noteEnv("HANDOFF_SESSION_IDLE", err)
	searches, err := strconv.Atoi(env("HANDOFF_SEARCH_RATE_LIMIT", "1200"))
	a.noteEnv("HANDOFF_SEARCH_RATE_LIMIT", err)
	hashers, err := strconv.Atoi(env("HANDOFF_PASSWORD_HASH_CONCURRENCY", "0"))
	a.noteEnv("HANDOFF_PASSWORD_HASH_CONCURRENCY", err)
	var proxies []string
	if v := env("HANDOFF_TRUSTED_PROXIES", ""); v != "" {
		proxies = strings.Split(v, ",")
	}
	fs.BoolVar(&a.PublicDirectory, "public-directory", public, "let anyone read the directory without a login; false: every page and API needs one (env HANDOFF_PUBLIC_DIRECTORY)")
	fs.DurationVar(&a.SessionIdle, "session-idle", idle, "end sessions unused for this long (env HANDOFF_SESSION_IDLE)")
	fs.IntVar(&a.SearchRateLimit, "search-rate-limit", searches, "searches per client address per minute; 0: no limit (env HANDOFF_SEARCH_RATE_LIMIT)")
	fs.StringSliceVar(&a.TrustedProxies, "trusted-proxies", proxies, "IP addresses or CIDR ranges of reverse proxies whose X-Forwarded-For/-Host/-Proto are believed; from anyone else they are ignored (env HANDOFF_TRUSTED_PROXIES, comma-separated)")
	fs.IntVar(&a.HashConcurrency, "password-hash-concurrency", hashers, "password hashes (46 MiB each) run at once; more wait up to a second, then get 503; 0: one per core (env HANDOFF_PASSWORD_HASH_CONCURRENCY)")
	fs.StringVar(&a.TokenMaxLife, "token-max-lifetime", env("HANDOFF_TOKEN_MAX_LIFETIME", access.FormatLifetime(access.DefaultTokenMaxLifetime)), "longest lifetime of an API token, such as 90d or 12h; tokens already made are cut to it too (env HANDOFF_TOKEN_MAX_LIFETIME)")
	fs.StringVar(&a.PublicURL, "public-url", env("HANDOFF_PUBLIC_URL", ""), "base of the links the server hands out, such as https://handoff.example.org; empty: the request's own host (env HANDOFF_PUBLIC_URL)")
}

func (a *accessConfig) noteEnv(name string, err error) {
	if err != nil && a.envErr == nil {
		a.envErr = fmt.Errorf("%s: %w", name, err)
	}
}

// apply adds the access settings to the server options.
func (a *accessConfig) apply(o api.Options) (api.Options, error) {
	if a.envErr != nil {
		return o, a.envErr
	}
	if a.SessionIdle < time.Minute {
		return o, fmt.Errorf("--session-idle must be at least a minute, not %s", a.SessionIdle)
	}
	o.PrivateDirectory = !a.PublicDirectory
	o.SessionIdle = a.SessionIdle
	o.SearchRateLimit = a.SearchRateLimit
	if a.SearchRateLimit == 0 {
		o.SearchRateLimit = -1 // the flag's 0 is "off"; the option's 0 is "default"
	}
	for _, p := range a.TrustedProxies {
		if p = strings.TrimSpace(p); p != "" {
			o.TrustedProxies = append(o.TrustedProxies, p)
		}
	}
	if err := api.CheckTrustedProxies(o.TrustedProxies); err != nil {
		return o, fmt.Errorf("--trusted-proxies: %w", err)
	}
	u, err := api.NormalizePublicURL(a.PublicURL)
	if err != nil {
		return o, fmt.Errorf("--public-url: %w", err)
	}
	o.PublicURL = u
	if a.HashConcurrency < 0 {
		return o, fmt.Errorf("--password-hash-concurrency must be 0 (one per core) or more, not %d", a.HashConcurrency)
	}
	o.Hasher = access.NewHasher(a.HashConcurrency, 0)
	life, err := access.ParseLifetime(a.TokenMaxLife)
	if err == nil && life == 0 {
		err = errors.New("API tokens must expire: give a lifetime such as 90d")
	}
	if err != nil {
		return o, fmt.Errorf("--token-max-lifetime %q: %w", a.TokenMaxLife, err)
	}
	o.TokenMaxLifetime = life
	return o, nil
}

// demoLogins makes the demo accounts when the demo directory has just been loaded, then
// prints the demo logins kept in the data folder. They go to standard output for the
// person at the terminal, never to the log, which is collected and kept elsewhere.
func demoLogins(ctx context.Context, st *store.Store, cfg *config, loaded bool, w io.Writer, log *slog.Logger) error {
	path := filepath.Join(cfg.Data, seed.DemoLoginsFile)
	if loaded {
		made, err := seed.CreateDemoUsers(ctx, st, path)
		if err != nil {
			return err
		}
		if made == nil {
			log.Info("the database already has accounts, so no demo accounts were made")
		}
	}
	logins, err := seed.ReadDemoLogins(ctx, st, path)
	if err != nil || len(logins) == 0 {
		return err
	}
	fmt.Fprintf(w, "Demo logins (kept in %s):\n", path)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, l := range logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Role, l.Email, l.Password)
	}
	return tw.Flush()
}
