package main

import (
	"context"
	"fmt"
	"os/user"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"handoff/care"
	"handoff/store"
)

func newKeyRotate(cfg *config, ko *keyOptions) *cobra.Command {
	var batch int
	var keep bool
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Seal every sealed value again under the sealing key, then retire the keys nothing uses",
		Long: `rotate seals every sealed value that is not under the sealing key (the first of the key
file) again under it, in batches of --batch values, each its own transaction, while the
servers run. Stopped half-way, it is run again and goes on: what is done is what is in
the data. At the end it removes from the key file every other key no value is under
(unless --keep-old); values under a key that is not configured, or damaged, are listed
by place and make it fail, and they keep no key from being retired. Each run is written
to the audit log: who, how many values, which keys; never a value.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return rotateKeys(cmd, cfg, ko, batch, keep)
		},
	}
	cmd.Flags().IntVar(&batch, "batch", 200, "values sealed again per transaction")
	cmd.Flags().BoolVar(&keep, "keep-old", false, "do not remove the old keys from the key file")
	return cmd
}

// rotateKeys is `handoff key rotate`.
func rotateKeys(cmd *cobra.Command, cfg *config, ko *keyOptions, batch int, keep bool) error {
	ctx, out := cmd.Context(), cmd.OutOrStdout()
	path := ko.path(cfg)
	keys, err := ko.keys(cfg)
	if err != nil {
		return err
	}
	sealer, err := care.NewSealer(keys[0], keys[1:]...)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	fps := fingerprints(keys)
	fmt.Fprintf(out, "sealing every value under %s (opening under %s)\n", fps[0], strings.Join(fps[1:], ", "))
	p, rerr := st.Rekey(ctx, sealer, store.RekeyOptions{BatchSize: batch, OnBatch: func(p store.RekeyProgress) {
		if p.Batches%50 == 0 {
			fmt.Fprintf(out, "  %d batches, %d values sealed again (now in %s)\n", p.Batches, p.Resealed, p.Column)
		}
	}})
	var retired []string
	var retireErr error
	if rerr == nil {
		retired, retireErr = retireKeys(ctx, st, path, keys, keep)
	}
	// The audit row is written whatever happened, even when the rotation was stopped:
	// the values it did seal again were sealed again.
	if err := auditRotation(context.WithoutCancel(ctx), st, fps, p, retired, rerr); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d values sealed again under %s in %d batches", p.Resealed, fps[0], p.Batches)
	if len(retired) > 0 {
		fmt.Fprintf(out, "; retired %s (reload every server: SIGHUP)", strings.Join(retired, ", "))
	}
	fmt.Fprintln(out)
	if rerr != nil {
		return fmt.Errorf("key rotation stopped (run it again to go on): %w", rerr)
	}
	if retireErr != nil {
		return fmt.Errorf("every value is sealed again, but the old keys were not retired: %w", retireErr)
	}
	for _, pr := range p.Problems {
		fmt.Fprintln(out, "  cannot seal again: "+pr.String())
	}
	if len(p.Problems) > 0 {
		return fmt.Errorf("%d sealed values are under no configured key, or damaged (listed above): they were left as they are", len(p.Problems))
	}
	return nil
}

// retireKeys removes from the key file the keys other than the sealing key that no value
// is under, counted after the rotation, and returns their fingerprints. With keep it
// removes none; with the keys from the environment (no file to rewrite) it fails, naming
// the keys the operator should remove there.
func retireKeys(ctx context.Context, st *store.Store, path string, keys [][]byte, keep bool) ([]string, error) {
	counts, err := st.SealedCounts(ctx)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, c := range counts {
		used[c.Key] = true
	}
	kept, retired := keys[:1:1], []string(nil)
	for _, k := range keys[1:] {
		if fp := care.Fingerprint(k); !used[fp] {
			retired = append(retired, fp)
		} else {
			kept = append(kept, k)
		}
	}
	if len(retired) == 0 || keep {
		return nil, nil
	}
	if path == "" {
		return nil, fmt.Errorf("no value is under %s any more: remove it from %s, then restart every server",
			strings.Join(retired, ", "), dataKeyEnv)
	}
	if err := writeKeys(path, kept); err != nil {
		return nil, err
	}
	return retired, nil
}

// auditRotation writes one audit row for a run of `key rotate`: by the system from the
// command line, as the operating-system user; the keys by fingerprint and the counts,
// never a value.
func auditRotation(ctx context.Context, st *store.Store, fps []string, p store.RekeyProgress, retired []string, rerr error) error {
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	outcome := "done"
	if rerr != nil {
		outcome = "stopped"
	}
	detail := fmt.Sprintf("cli user=%s %s: sealed %d values again under %s from %s in %d batches; %d raced; %d under no configured key; retired %s",
		who, outcome, p.Resealed, fps[0], strings.Join(slices.Clone(fps[1:]), ","), p.Batches, p.Raced, len(p.Problems), strings.Join(retired, ","))
	return st.AppendAudit(ctx, store.AuditEntry{Role: "system", Action: "rekey", RecordType: "data_key", RecordID: fps[0], Allowed: true, Detail: detail})
}
