package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newMigrate(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date (serve also does this on start)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			cur, _, err := st.SchemaVersion(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s is at schema version %d\n", describe(cfg), cur)
			return nil
		},
	}
	dataFlags(cmd.Flags(), cfg)
	return cmd
}
