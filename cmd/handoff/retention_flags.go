package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"handoff/care"
	"handoff/store"
)

// defaultRetention is how long each kind of record is kept unless configured: seven
// years, a common schedule for behavioral-health records and longer than HIPAA's six
// years for the documentation and audit trail it asks for.
const defaultRetention = "7y"

// retentionConfig is the retention schedule, per kind of record (`serve` and `purge`).
type retentionConfig struct {
	Encounters, Referrals, Notes, Consents, Audit string
	// Batch is how many records of a kind one transaction removes.
	Batch int
	// Daily runs the purge once a day inside serve.
	Daily  bool
	envErr error
}

// retentionKinds names each kind's flag, environment variable, field and what its
// period counts from, in the order the purge reports them.
func (rc *retentionConfig) kinds() []struct {
	flag, env, from string
	value           *string
} {
	return []struct {
		flag, env, from string
		value           *string
	}{
		{"retain-encounters", "HANDOFF_RETAIN_ENCOUNTERS", "encounters (with their follow-ups and attempts) by when they occurred; people with nothing left go with them", &rc.Encounters},
		{"retain-referrals", "HANDOFF_RETAIN_REFERRALS", "referrals (with their moves) by their last move", &rc.Referrals},
		{"retain-notes", "HANDOFF_RETAIN_NOTES", "sealed notes (blanked, the record stays) by the time of their record", &rc.Notes},
		{"retain-consents", "HANDOFF_RETAIN_CONSENTS", "consents (with their disclosures) by when they ended: revoked or expired", &rc.Consents},
		{"retain-audit", "HANDOFF_RETAIN_AUDIT", "audit log rows by when they were written", &rc.Audit},
	}
}

func retentionFlags(fs *pflag.FlagSet, rc *retentionConfig) {
	for _, k := range rc.kinds() {
		fs.StringVar(k.value, k.flag, env(k.env, defaultRetention),
			"how long to keep "+k.from+": years, months, weeks or days (7y, 18m, 90d) or \"forever\" (env "+k.env+")")
	}
	fs.IntVar(&rc.Batch, "purge-batch", 500, "records of a kind removed per transaction by a purge")
}

// purgeJobFlag is serve's switch of the daily purge.
func purgeJobFlag(fs *pflag.FlagSet, rc *retentionConfig) {
	daily, err := strconv.ParseBool(env("HANDOFF_PURGE_DAILY", "true"))
	if err != nil {
		rc.envErr = fmt.Errorf("HANDOFF_PURGE_DAILY must be true or false: %w", err)
	}
	fs.BoolVar(&rc.Daily, "purge-daily", daily,
		"run the purge of records past their retention (--retain-*) once a day; one instance at a time (env HANDOFF_PURGE_DAILY)")
}

// retentionPeriod is one kind's parsed period, for reports.
type retentionPeriod struct {
	Flag   string
	Period care.Retention
	Cutoff time.Time
}

// cutoffs reads the schedule as of now: each kind's cutoff (zero: kept for good), and
// the periods for reports. A period that does not read is refused, naming its flag.
func (rc *retentionConfig) cutoffs(now time.Time) (store.PurgeCutoffs, []retentionPeriod, error) {
	var cut store.PurgeCutoffs
	var periods []retentionPeriod
	if rc.envErr != nil {
		return cut, nil, rc.envErr
	}
	targets := []*time.Time{&cut.Encounters, &cut.Referrals, &cut.Notes, &cut.Consents, &cut.Audit}
	for i, k := range rc.kinds() {
		p, err := care.ParseRetention(*k.value)
		if err != nil {
			return cut, nil, fmt.Errorf("--%s (%s): %w", k.flag, k.env, err)
		}
		*targets[i] = p.Cutoff(now)
		periods = append(periods, retentionPeriod{Flag: k.flag, Period: p, Cutoff: *targets[i]})
	}
	if rc.Batch <= 0 {
		return cut, nil, fmt.Errorf("--purge-batch must be a positive number of records, not %d", rc.Batch)
	}
	return cut, periods, nil
}
