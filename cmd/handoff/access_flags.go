package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"handoff/access"
	"handoff/api"
)

// accessConfig is serve's configuration of accounts and access.
type accessConfig struct {
	PublicDirectory bool
	SessionIdle     time.Duration
	SearchRateLimit int
	ReportRateLimit int
	TrustedProxies  []string
	PublicURL       string
	HashConcurrency int
	TokenMaxLife    string
	LanguageChips   []string
	OfflineQueueTTL time.Duration // offline_flags.go
	envErr          error         // a malformed environment variable, reported when serve starts
}

func accessFlags(fs *pflag.FlagSet, a *accessConfig) {
	public, err := strconv.ParseBool(env("HANDOFF_PUBLIC_DIRECTORY", "true"))
	a.noteEnv("HANDOFF_PUBLIC_DIRECTORY", err)
	idle, err := time.ParseDuration(env("HANDOFF_SESSION_IDLE", access.DefaultSessionIdle.String()))
	a.noteEnv("HANDOFF_SESSION_IDLE", err)
	searches, err := strconv.Atoi(env("HANDOFF_SEARCH_RATE_LIMIT", "1200"))
	a.noteEnv("HANDOFF_SEARCH_RATE_LIMIT", err)
	reports, err := strconv.Atoi(env("HANDOFF_REPORT_RATE_LIMIT", "10"))
	a.noteEnv("HANDOFF_REPORT_RATE_LIMIT", err)
	hashers, err := strconv.Atoi(env("HANDOFF_PASSWORD_HASH_CONCURRENCY", "0"))
	a.noteEnv("HANDOFF_PASSWORD_HASH_CONCURRENCY", err)
	var proxies []string
	if v := env("HANDOFF_TRUSTED_PROXIES", ""); v != "" {
		proxies = strings.Split(v, ",")
	}
	fs.BoolVar(&a.PublicDirectory, "public-directory", public, "let anyone read the directory without a login; false: every page and API needs one (env HANDOFF_PUBLIC_DIRECTORY)")
	fs.DurationVar(&a.SessionIdle, "session-idle", idle, "end sessions unused for this long (env HANDOFF_SESSION_IDLE)")
	fs.IntVar(&a.SearchRateLimit, "search-rate-limit", searches, "searches per client address per minute; 0: no limit (env HANDOFF_SEARCH_RATE_LIMIT)")
	fs.IntVar(&a.ReportRateLimit, "report-rate-limit", reports, "public problem reports per client address per hour; 0: no limit (env HANDOFF_REPORT_RATE_LIMIT)")
	fs.StringSliceVar(&a.TrustedProxies, "trusted-proxies", proxies, "IP addresses or CIDR ranges of reverse proxies whose X-Forwarded-For/-Host/-Proto are believed; from anyone else they are ignored (env HANDOFF_TRUSTED_PROXIES, comma-separated)")
	fs.IntVar(&a.HashConcurrency, "password-hash-concurrency", hashers, "password hashes (46 MiB each) run at once; more wait up to a second, then get 503; 0: one per core (env HANDOFF_PASSWORD_HASH_CONCURRENCY)")
	fs.StringVar(&a.TokenMaxLife, "token-max-lifetime", env("HANDOFF_TOKEN_MAX_LIFETIME", access.FormatLifetime(access.DefaultTokenMaxLifetime)), "longest lifetime of an API token, such as 90d or 12h; tokens already made are cut to it too (env HANDOFF_TOKEN_MAX_LIFETIME)")
	var chips []string
	if v := env("HANDOFF_LANGUAGE_CHIPS", ""); v != "" {
		chips = strings.Split(v, ",")
	}
	fs.StringSliceVar(&a.LanguageChips, "language-chips", chips, "languages the search page offers as filter chips, as codes (es,pt,ht); empty: the directory's three most offered languages besides English (env HANDOFF_LANGUAGE_CHIPS, comma-separated)")
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
	o.ReportRateLimit = a.ReportRateLimit
	if a.ReportRateLimit == 0 {
		o.ReportRateLimit = -1
	}
	for _, p := range a.TrustedProxies {
		if p = strings.TrimSpace(p); p != "" {
			o.TrustedProxies = append(o.TrustedProxies, p)
		}
	}
	if err := api.CheckTrustedProxies(o.TrustedProxies); err != nil {
		return o, fmt.Errorf("--trusted-proxies: %w", err)
	}
	chips, err := api.CheckLanguageChips(a.LanguageChips)
	if err != nil {
		return o, fmt.Errorf("--language-chips: %w", err)
	}
	o.LanguageChips = chips
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
	return a.applyOffline(o)
}
