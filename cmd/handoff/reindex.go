package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"handoff/search"
	"handoff/store"
)

func newReindex(cfg *config) *cobra.Command {
	var synonyms string
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the database (serve must be stopped)",
		Long: "Rebuild the search index in <data>/index from the database. `serve` builds a missing\n" +
			"or outdated index by itself; reindex is for doing it ahead of time, or after editing\n" +
			"the synonyms file. The index is built beside the old one and swapped in at the end.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := openStore(ctx, cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			eng, err := search.Open(search.Options{Dir: indexDir(cfg), Synonyms: synonyms})
			if err != nil {
				return err
			}
			defer eng.Close()
			total, took, err := buildIndex(ctx, st, cmd.ErrOrStderr(), func(feed store.Feed, progress search.Progress) error {
				if err := eng.Rebuild(ctx, feed, progress); err != nil {
					return err
				}
				// Changes made while the build read the database.
				return eng.CatchUp(ctx, feed)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "indexed %d services as %d documents in %s\n",
				total, eng.Len(), took.Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&synonyms, "synonyms", env("HANDOFF_SYNONYMS", ""), "synonyms file replacing the built-in one (env HANDOFF_SYNONYMS)")
	dataFlags(cmd.Flags(), cfg)
	return cmd
}
