package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"handoff/care"
	"handoff/store"
)

// keyOptions are the flags of `handoff key`: where the keys are.
type keyOptions struct {
	file string
}

// newKey is `handoff key`: the data keys that seal notes, and their rotation.
func newKey(cfg *config) *cobra.Command {
	ko := &keyOptions{}
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Manage the data keys that seal notes: status, new, use, rotate",
		Long: `The data key file holds one key a line (blank lines and lines starting with # are
ignored). The first key seals new values; every key opens. A file with one key is the
file Handoff always wrote. HANDOFF_DATA_KEY may hold the same list, separated by commas.

Rotating the key, with every server running:
  1. handoff key new             adds a key that opens only; reload every server (SIGHUP)
  2. handoff key use FINGERPRINT makes it the sealing key;  reload every server (SIGHUP)
  3. handoff key rotate          seals every value again under it, in batches, then
                                 removes the old key from the file when nothing uses it;
                                 reload every server (SIGHUP)
With a single server, 'key new --seal' does steps 1 and 2 at once. A rotation that is
stopped (a crash, Ctrl-C) is resumed by running 'key rotate' again.`,
		Args: cobra.NoArgs,
	}
	dataFlags(cmd.PersistentFlags(), cfg)
	cmd.PersistentFlags().StringVar(&ko.file, "data-key-file", env("HANDOFF_DATA_KEY_FILE", ""),
		"the data key file (default: "+dataKeyEnv+", else the data folder's "+dataKeyFile+" made by demo mode)")
	cmd.AddCommand(newKeyStatus(cfg, ko), newKeyNew(cfg, ko), newKeyUse(cfg, ko), newKeyRotate(cfg, ko))
	return cmd
}

// path is the key file the commands read and write: the flag, else demo mode's file in
// the data folder when there is one and HANDOFF_DATA_KEY is not set ("" then: the keys
// come from the environment and cannot be rewritten).
func (ko *keyOptions) path(cfg *config) string {
	if ko.file != "" || os.Getenv(dataKeyEnv) != "" {
		return ko.file
	}
	demo := filepath.Join(cfg.Data, dataKeyFile)
	if _, err := os.Stat(demo); err == nil {
		return demo
	}
	return ""
}

// keys loads the configured keys, the sealing key first.
func (ko *keyOptions) keys(cfg *config) ([][]byte, error) {
	return loadKeys(ko.path(cfg), os.Getenv(dataKeyEnv))
}

// fingerprints names keys.
func fingerprints(keys [][]byte) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = care.Fingerprint(k)
	}
	return out
}

func newKeyStatus(cfg *config, ko *keyOptions) *cobra.Command {
	var verify bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the configured keys and how many sealed values each one holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, out := cmd.Context(), cmd.OutOrStdout()
			keys, err := ko.keys(cfg)
			if err != nil {
				return err
			}
			st, err := openStore(ctx, cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			counts, err := st.SealedCounts(ctx)
			if err != nil {
				return err
			}
			fps := fingerprints(keys)
			total := map[string]int{}
			for _, c := range counts {
				total[c.Key] += c.N
			}
			w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "KEY\tROLE\tVALUES")
			for i, fp := range fps {
				role := "opens"
				if i == 0 {
					role = "seals"
				}
				fmt.Fprintf(w, "%s\t%s\t%d\n", fp, role, total[fp])
			}
			unknown := 0
			for k, n := range total {
				if !slices.Contains(fps, k) {
					fmt.Fprintf(w, "%s\t%s\t%d\n", k, notConfigured(k), n)
					if k != store.KeyClear {
						unknown += n
					}
				}
			}
			fmt.Fprintln(w, "\nCOLUMN\tKEY\tVALUES")
			for _, c := range counts {
				fmt.Fprintf(w, "%s\t%s\t%d\n", c.Column, c.Key, c.N)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if verify {
				sealer, err := care.NewSealer(keys[0], keys[1:]...)
				if err != nil {
					return err
				}
				opened, problems, err := st.VerifySealed(ctx, sealer)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "\nverified: %d values open under the configured keys; %d do not\n", opened, len(problems))
				for _, p := range problems {
					fmt.Fprintln(out, "  "+p.String())
				}
				unknown = max(unknown, len(problems))
			}
			if unknown > 0 {
				return fmt.Errorf("%d sealed values are under no configured key, or damaged: they cannot be read", unknown)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&verify, "verify", false, "also open every sealed value (slower), to find damaged ones")
	return cmd
}

// notConfigured labels a key found in the data but not in the configuration.
func notConfigured(k string) string {
	switch k {
	case store.KeyClear:
		return "not sealed (old reasons)"
	case store.KeyDamaged:
		return "damaged"
	}
	return "NOT CONFIGURED"
}

func newKeyNew(cfg *config, ko *keyOptions) *cobra.Command {
	var seal bool
	cmd := &cobra.Command{
		Use:   "new [--seal]",
		Short: "Add a new random key to the key file (opening only, or sealing with --seal)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := ko.path(cfg)
			if path == "" {
				return errors.New("the keys come from " + dataKeyEnv + ": add a key there by hand, or use --data-key-file")
			}
			keys, err := loadKeys(path, "")
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			k, err := care.NewKey(keys...)
			if err != nil {
				return err
			}
			if seal || len(keys) == 0 {
				keys = append([][]byte{k}, keys...)
			} else {
				keys = append(keys, k)
			}
			if err := writeKeys(path, keys); err != nil {
				return err
			}
			fp := care.Fingerprint(k)
			if care.Fingerprint(keys[0]) == fp {
				fmt.Fprintf(cmd.OutOrStdout(), "added key %s to %s; it seals new values. Reload every server (SIGHUP), then run `handoff key rotate`.\n", fp, path)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "added key %s to %s; it opens only. Reload every server (SIGHUP), then run `handoff key use %s`.\n", fp, path, fp)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&seal, "seal", false, "make the new key the sealing key at once (one server, or all servers reloaded together)")
	return cmd
}

func newKeyUse(cfg *config, ko *keyOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "use FINGERPRINT",
		Short: "Make a key of the key file the one that seals (it moves first)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ko.path(cfg)
			if path == "" {
				return errors.New("the keys come from " + dataKeyEnv + ": put the sealing key first there by hand")
			}
			keys, err := loadKeys(path, "")
			if err != nil {
				return err
			}
			i := slices.Index(fingerprints(keys), args[0])
			if i < 0 {
				return fmt.Errorf("no key %s in %s (it has %v)", args[0], path, fingerprints(keys))
			}
			k := keys[i]
			keys = append([][]byte{k}, slices.Delete(keys, i, i+1)...)
			if err := writeKeys(path, keys); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "key %s now seals; reload every server (SIGHUP), then run `handoff key rotate`.\n", args[0])
			return nil
		},
	}
}
