package main

import (
	"github.com/spf13/cobra"
)

func newRoot() *cobra.Command {
	cfg := &config{}
	serve := newServe(cfg)
	root := &cobra.Command{
		Use:           "handoff",
		Short:         "Handoff: a referral and resource-matching service for community supports",
		Long:          "Handoff serves a geo-indexed HSDS 3.0 directory of community services, with search, referrals and follow-ups.\nWith no subcommand it runs `serve`.",
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          serve.RunE,
		// Every subcommand may create files in the data folder: private ones.
		PersistentPreRun: func(*cobra.Command, []string) { privateUmask() },
	}
	// The root runs serve, so it takes serve's flags too.
	root.Flags().AddFlagSet(serve.Flags())
	root.AddCommand(serve, newMigrate(cfg), newImport(cfg), newExport(cfg), newVersion(cfg), newUser(cfg), newReindex(cfg), newSeed(cfg),
		newBackup(cfg), newRestore(cfg), newKey(cfg), newAudit(cfg), newHealth(), newPurge(cfg))
	return root
}
