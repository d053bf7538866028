package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/user"
	"time"

	"github.com/spf13/cobra"

	"handoff/care"
	"handoff/store"
)

func newPurge(cfg *config) *cobra.Command {
	rc := &retentionConfig{}
	ko := &keyOptions{}
	var dry bool
	cmd := &cobra.Command{
		Use:   "purge [--dry-run]",
		Short: "Delete people's records past their retention, keeping the measures (see --retain-*)",
		Long: `purge deletes the records past their retention period, kind by kind: encounters (with
their follow-ups, attempts and responders), referrals (with their moves), consents (with
their disclosures), the sealed notes of older records, then the people left with no
record, and the audit log's old rows (the chain stays verifiable from an anchor). What
the coordinators' measures read of the records is kept first, without names, notes,
addresses or ids, so that the measures of a purged period come out the same. Each batch
is one transaction with its audit row (counts and cutoff, never the data): a purge that
is stopped leaves whole batches done; run it again to go on. serve runs it daily.

--dry-run runs the purge in one transaction and rolls it back: it prints exactly what a
purge would delete now, and changes nothing. The data key is needed (reasons and
addresses the measures keep are sealed again).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return purge(cmd, cfg, rc, ko, dry)
		},
	}
	fs := cmd.Flags()
	dataFlags(fs, cfg)
	retentionFlags(fs, rc)
	fs.StringVar(&ko.file, "data-key-file", env("HANDOFF_DATA_KEY_FILE", ""),
		"the data key file (default: "+dataKeyEnv+", else the data folder's "+dataKeyFile+" made by demo mode)")
	fs.BoolVar(&dry, "dry-run", false, "say what would be deleted, per kind, with counts and cutoffs; change nothing")
	return cmd
}

// purge is `handoff purge`.
func purge(cmd *cobra.Command, cfg *config, rc *retentionConfig, ko *keyOptions, dry bool) error {
	ctx, out := cmd.Context(), cmd.OutOrStdout()
	now := time.Now()
	cut, periods, err := rc.cutoffs(now)
	if err != nil {
		return err
	}
	var sealer *care.Sealer
	if keys, err := ko.keys(cfg); err == nil {
		if sealer, err = care.NewSealer(keys[0], keys[1:]...); err != nil {
			return err
		}
	} else if !errors.Is(err, care.ErrNoDataKey) {
		return err
	}
	st, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	release, ok, err := st.TryPurgeLock(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("another purge is running (serve's daily job, or another handoff purge): try again when it has finished")
	}
	defer release()
	printSchedule(out, periods)
	if sealer == nil {
		fmt.Fprintln(out, "No data key (--data-key-file or "+dataKeyEnv+"): only the audit log is purged; people's records need the key.")
	}
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	c, err := runPurge(ctx, st, sealer, cut, rc.Batch, "cli user="+who, dry, func(c store.PurgeCounts) {
		if !dry {
			fmt.Fprintf(out, "  … %s\n", c)
		}
	})
	if dry {
		fmt.Fprintln(out, "Dry run: nothing was changed. A purge now would delete:")
	} else {
		fmt.Fprintln(out, "Deleted (each batch is in the audit log, action purge):")
	}
	printCounts(out, cut, c)
	if err != nil {
		return fmt.Errorf("the purge stopped (what is reported was done; run it again to go on): %w", err)
	}
	return nil
}

// runPurge runs one purge as `handoff purge` and serve's daily job do: by names who ran
// it in the audit rows; a real run ends with one audit row of its totals (written even
// when stopped: what was done was done) and is kept in purge_runs for the daily job.
func runPurge(ctx context.Context, st *store.Store, sealer *care.Sealer, cut store.PurgeCutoffs, batch int, by string, dry bool,
	onBatch func(store.PurgeCounts)) (store.PurgeCounts, error) {
	if sealer == nil {
		// Without the data key only the audit log can be purged.
		cut = store.PurgeCutoffs{Audit: cut.Audit}
	}
	started := time.Now()
	c, err := st.Purge(ctx, sealer, store.PurgeOptions{Cutoffs: cut, BatchSize: batch, DryRun: dry, OnBatch: onBatch,
		Audit: store.AuditEntry{Role: "system", Detail: "by=" + by}})
	if dry {
		return c, err
	}
	outcome := "done"
	if err != nil {
		outcome = "stopped"
	}
	bg := context.WithoutCancel(ctx)
	detail := fmt.Sprintf("%s by=%s encounters_before=%s referrals_before=%s notes_before=%s consents_before=%s audit_before=%s %s",
		outcome, by, cutText(cut.Encounters), cutText(cut.Referrals), cutText(cut.Notes), cutText(cut.Consents), cutText(cut.Audit), c)
	if aerr := st.AppendAudit(bg, store.AuditEntry{Role: "system", Action: "purge", RecordType: "run", Allowed: true, Detail: detail}); aerr != nil && err == nil {
		err = aerr
	}
	if err == nil {
		err = st.RecordPurgeRun(bg, started, time.Now(), by, c)
	}
	return c, err
}

func cutText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return "(kept forever)"
	}
	return "before " + t.UTC().Format("2006-01-02 15:04 UTC")
}

// printSchedule prints each kind's period and cutoff.
func printSchedule(out io.Writer, periods []retentionPeriod) {
	fmt.Fprintln(out, "Retention:")
	for _, p := range periods {
		fmt.Fprintf(out, "  --%-18s %-8s %s\n", p.Flag, p.Period, dayText(p.Cutoff))
	}
}

// printCounts prints the counts per kind, each with its cutoff.
func printCounts(out io.Writer, cut store.PurgeCutoffs, c store.PurgeCounts) {
	fmt.Fprintf(out, "  encounters   %6d  occurred %s, with %d follow-ups and %d follow-up attempts\n", c.Encounters, dayText(cut.Encounters), c.FollowUps, c.Attempts)
	fmt.Fprintf(out, "  referrals    %6d  last moved %s\n", c.Referrals, dayText(cut.Referrals))
	fmt.Fprintf(out, "  consents     %6d  ended %s, with %d disclosures\n", c.Consents, dayText(cut.Consents), c.Disclosures)
	fmt.Fprintf(out, "  notes        %6d  blanked, of records %s\n", c.Notes, dayText(cut.Notes))
	fmt.Fprintf(out, "  people       %6d  left with no record, last changed %s\n", c.People, dayText(cut.Encounters))
	fmt.Fprintf(out, "  audit rows   %6d  written %s\n", c.AuditRows, dayText(cut.Audit))
}
