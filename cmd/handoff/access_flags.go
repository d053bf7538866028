package main

import (
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
	TrustedProxies  []string
	envErr          error // a malformed environment variable, reported when serve starts
}

func accessFlags(fs *pflag.FlagSet, a *accessConfig) {
	public, err := strconv.ParseBool(env("HANDOFF_PUBLIC_DIRECTORY", "true"))
	a.noteEnv("HANDOFF_PUBLIC_DIRECTORY", err)
	idle, err := time.ParseDuration(env("HANDOFF_SESSION_IDLE", access.DefaultSessionIdle.String()))
	a.noteEnv("HANDOFF_SESSION_IDLE", err)
	searches, err := strconv.Atoi(env("HANDOFF_SEARCH_RATE_LIMIT", "1200"))
	a.noteEnv("HANDOFF_SEARCH_RATE_LIMIT", err)
	var proxies []string
	if v := env("HANDOFF_TRUSTED_PROXIES", ""); v != "" {
		proxies = strings.Split(v, ",")
	}
	fs.BoolVar(&a.PublicDirectory, "public-directory", public, "let anyone read the directory without a login; false: every page and API needs one (env HANDOFF_PUBLIC_DIRECTORY)")
	fs.DurationVar(&a.SessionIdle, "session-idle", idle, "end sessions unused for this long (env HANDOFF_SESSION_IDLE)")
	fs.IntVar(&a.SearchRateLimit, "search-rate-limit", searches, "searches per client address per minute; 0: no limit (env HANDOFF_SEARCH_RATE_LIMIT)")
	fs.StringSliceVar(&a.TrustedProxies, "trusted-proxies", proxies, "addresses of reverse proxies whose X-Forwarded-For names the client (env HANDOFF_TRUSTED_PROXIES, comma-separated)")
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
	return o, nil
}
