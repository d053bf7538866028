package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"handoff/care"
	"handoff/store"
)

// purgeEvery is how often serve's purge job runs; purgeCheck how often it looks whether
// the last run (kept in the database) is that old, so that restarts do not delay it a
// day, nor run it twice, and of several instances one runs it (the purge lock).
const (
	purgeEvery = 24 * time.Hour
	purgeCheck = time.Hour
)

// startPurgeJob runs the daily purge inside serve until ctx ends: first a minute after
// the start, then each hour it checks whether a day has passed since the last purge.
func startPurgeJob(ctx context.Context, st *store.Store, sealer *care.Sealer, rc *retentionConfig, log *slog.Logger) {
	if sealer == nil {
		log.Warn("no data key: the daily purge removes only old audit rows; people's records are kept until a key is configured")
	}
	go func() {
		t := time.NewTimer(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if _, err := purgeIfDue(ctx, st, sealer, rc, time.Now(), log); err != nil && ctx.Err() == nil {
				log.Error("daily purge", "err", err)
			}
			t.Reset(purgeCheck)
		}
	}()
}

// purgeIfDue runs the purge when none finished in the last purgeEvery and no other
// instance is running one; ran says whether it did.
func purgeIfDue(ctx context.Context, st *store.Store, sealer *care.Sealer, rc *retentionConfig, now time.Time, log *slog.Logger) (bool, error) {
	last, err := st.LastPurge(ctx)
	if err != nil || now.Sub(last) < purgeEvery {
		return false, err
	}
	release, ok, err := st.TryPurgeLock(ctx)
	if err != nil || !ok {
		return false, err
	}
	defer release()
	// Another instance may have finished one while this one waited for the lock.
	if last, err = st.LastPurge(ctx); err != nil || now.Sub(last) < purgeEvery {
		return false, err
	}
	cut, _, err := rc.cutoffs(now)
	if err != nil {
		return false, err
	}
	host, _ := os.Hostname()
	c, err := runPurge(ctx, st, sealer, cut, rc.Batch, "serve-daily host="+host, false, nil)
	// Counts only: nothing of a person reaches the log.
	log.Info("daily purge", "encounters", c.Encounters, "follow_ups", c.FollowUps, "referrals", c.Referrals, "consents", c.Consents,
		"notes", c.Notes, "people", c.People, "audit_rows", c.AuditRows)
	return true, err
}
