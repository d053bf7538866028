package main

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"handoff/api"
)

// offlineFlags adds serve's setting of the phones' offline queue (issue 17).
func offlineFlags(fs *pflag.FlagSet, a *accessConfig) {
	ttl, err := time.ParseDuration(env("HANDOFF_OFFLINE_QUEUE_TTL", api.DefaultOfflineQueueTTL.String()))
	a.noteEnv("HANDOFF_OFFLINE_QUEUE_TTL", err)
	fs.DurationVar(&a.OfflineQueueTTL, "offline-queue-ttl", ttl,
		"how long a phone keeps a record it could not send (encrypted) before deleting it unsent; its key expires with it (env HANDOFF_OFFLINE_QUEUE_TTL)")
}

// applyOffline checks the offline setting and adds it to the server options; 0 (the flag
// not registered) keeps the server's default.
func (a *accessConfig) applyOffline(o api.Options) (api.Options, error) {
	if a.OfflineQueueTTL == 0 {
		return o, nil
	}
	if a.OfflineQueueTTL < time.Minute || a.OfflineQueueTTL > 7*24*time.Hour {
		return o, fmt.Errorf("--offline-queue-ttl must be between a minute and a week (a session's longest life), not %s", a.OfflineQueueTTL)
	}
	o.OfflineQueueTTL = a.OfflineQueueTTL
	return o, nil
}
