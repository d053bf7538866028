package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"handoff/store"
)

// newAudit is `handoff audit`: check that the audit log was not altered, and export a
// range of it that a reader outside Handoff can check too.
func newAudit(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Verify and export the audit log (each row is chained to the one before by a SHA-256 hash)",
		Args:  cobra.NoArgs,
	}
	dataFlags(cmd.PersistentFlags(), cfg)
	cmd.AddCommand(newAuditVerify(cfg), newAuditExport(cfg))
	return cmd
}

func newAuditVerify(cfg *config) *cobra.Command {
	var file, prev string
	cmd := &cobra.Command{
		Use:   "verify [--file EXPORT [--prev HASH]]",
		Short: "Walk the audit log's hash chain and report the first row changed or removed",
		Long: "Without --file, walks the database's audit log from its first row and reports the first row whose hash does not\n" +
			"hold (changed, or the row before it changed or removed), with its seq and time; it exits non-zero then.\n" +
			"After a purge of old rows (handoff purge, --retain-audit) it starts from the anchor the purge recorded (the hash of\n" +
			"the last row removed), and says so. On success it prints the head: the last row's seq and hash. Removing the newest rows leaves a shorter chain\n" +
			"that still holds, so keep the head somewhere else (a ticket, a log server) and compare it later.\n" +
			"With --file, checks an export of `handoff audit export` the same way, from its first row's prev_hash;\n" +
			"--prev requires that prev_hash to be a head written down before.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var c *store.AuditChecker
			var brk *store.AuditBreak
			if file != "" {
				var err error
				if c, brk, err = verifyExport(file, prev); err != nil {
					return err
				}
			} else {
				st, err := openStore(cmd.Context(), cfg, nil)
				if err != nil {
					return err
				}
				defer st.Close()
				if c, brk, err = st.VerifyAudit(cmd.Context()); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if brk != nil {
				fmt.Fprintf(out, "audit log BROKEN at row %d (%s): %s; the %d rows before it hold\n", brk.Seq, brk.At, brk.Reason, c.Rows)
				return fmt.Errorf("the audit log's chain breaks at row %d", brk.Seq)
			}
			if a := c.Anchor; a != nil {
				fmt.Fprintf(out, "rows up to %d (written up to %s) were purged past their retention on %s; verified from their anchor, hash %s\n",
					a.UptoSeq, a.UptoAt, a.At, a.Hash)
			}
			fmt.Fprintf(out, "audit log intact: %d rows; head: row %d, hash %s\n", c.Rows, c.HeadSeq, c.Head)
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "file", "", "check this export instead of the database")
	cmd.Flags().StringVar(&prev, "prev", "", "with --file: the hash the export's first row must follow (the head of the export before it)")
	return cmd
}

// verifyExport checks an export file: JSON lines of store.AuditLink, in seq order.
func verifyExport(path, prev string) (*store.AuditChecker, *store.AuditBreak, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	var c *store.AuditChecker
	for {
		var l store.AuditLink
		if err := dec.Decode(&l); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		if c == nil {
			start := l.PrevHash
			if prev != "" {
				start = prev
			}
			c = store.NewAuditChecker(start)
		}
		if brk := c.Check(l); brk != nil {
			return c, brk, nil
		}
	}
	if c == nil {
		return nil, nil, fmt.Errorf("%s holds no audit rows", path)
	}
	return c, nil, nil
}

func newAuditExport(cfg *config) *cobra.Command {
	var from, to, output string
	cmd := &cobra.Command{
		Use:   "export [--from TIME] [--to TIME] -o FILE",
		Short: "Write a range of the audit log, with its hashes, as JSON lines",
		Long: "Writes every audit row from the first written at or after --from to the last written before --to (RFC 3339\n" +
			"times or dates; either may be left out), one JSON object a line, each field as stored, with prev_hash and\n" +
			"hash. The rows are a contiguous piece of the chain: the first row's prev_hash is the hash of the row before\n" +
			"the range (\"\" for the log's first row). Check it with `handoff audit verify --file FILE`, or anywhere\n" +
			"(see the README's \"Audit log\"). The export is written to the audit log as done by the system.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := parseWhen("from", from)
			if err != nil {
				return err
			}
			t, err := parseWhen("to", to)
			if err != nil {
				return err
			}
			if !f.IsZero() && !t.IsZero() && !f.Before(t) {
				return errors.New("--to must be after --from")
			}
			if output == "" {
				return errors.New("-o FILE is required")
			}
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			n, first, last, err := exportAudit(cmd, st, f, t, output)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d audit rows to %s\n", n, output)
			if n > 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "first row %d follows %q; last row %d has hash %s\n", first.Seq, first.PrevHash, last.Seq, last.Hash)
			}
			return st.AppendAudit(cmd.Context(), store.AuditEntry{Role: "system", Action: "export", RecordType: "audit", Allowed: true, Detail: "cli"})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first time (inclusive), RFC 3339 or YYYY-MM-DD (UTC)")
	cmd.Flags().StringVar(&to, "to", "", "last time (exclusive), RFC 3339 or YYYY-MM-DD (UTC)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "file to write (created private, 0600)")
	return cmd
}

func exportAudit(cmd *cobra.Command, st *store.Store, from, to time.Time, path string) (n int, first, last store.AuditLink, err error) {
	lo, hi, ok, err := st.AuditRange(cmd.Context(), from, to)
	if err != nil {
		return 0, first, last, err
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, first, last, err
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	if ok {
		err = st.EachAuditLink(cmd.Context(), lo, hi, func(l store.AuditLink) error {
			if n == 0 {
				first = l
			}
			n, last = n+1, l
			return enc.Encode(l)
		})
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, first, last, fmt.Errorf("export the audit log to %s: %w", path, err)
	}
	return n, first, last, nil
}

// parseWhen reads an RFC 3339 time or a date (midnight UTC); "" is no bound.
func parseWhen(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s: %q is neither an RFC 3339 time nor a date (YYYY-MM-DD)", flag, v)
	}
	return t, nil
}
