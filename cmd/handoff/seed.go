package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"handoff/access"
	"handoff/directory"
	"handoff/seed"
	"handoff/store"
)

// seedOptions are the seed command's choices.
type seedOptions struct {
	DemoActivity bool
	Peers        int    // how many demo peers the activity spreads over
	RandomSeed   uint64 // the same number, the same story
	// Encounters, when above zero, sizes the year (seed.GenerateYear, written in bulk)
	// instead of the demo's small program; Peers grows to carry it.
	Encounters int
}

func newSeed(cfg *config) *cobra.Command {
	cc := &careConfig{}
	o := seedOptions{}
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Load the demo directory and accounts; with --demo-activity, a year of demo program activity",
		Long: "seed loads the demo directory of western Massachusetts into an empty database (no services, no accounts) and makes\n" +
			"the demo accounts, printing their passwords this once (they are kept in the data folder's " + demoLoginsFile + ").\n" +
			"With --demo-activity it also writes a realistic year of fictional activity (shifts, encounters, referrals,\n" +
			"follow-ups) so that the lists and measures have something to show. A database that already has encounters\n" +
			"is left alone.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSeed(cmd.Context(), cfg, cc, o, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&o.DemoActivity, "demo-activity", false, "add a year of fictional program activity to the demo region")
	fs.IntVar(&o.Peers, "peers", 3, "how many demo peers work the shifts (demo peer accounts are added as needed)")
	fs.Uint64Var(&o.RandomSeed, "random-seed", 1, "the seed of the generated story")
	fs.IntVar(&o.Encounters, "encounters", 0, "with --demo-activity, the size of the year: this many encounters (e.g. 200000), "+
		"with their follow-ups and referrals, over at least one peer per 1,400 encounters, written in bulk")
	dataFlags(fs, cfg)
	careFlags(fs, cc)
	return cmd
}

// runSeed is the seed command. Demo data is always demo mode: without a configured
// key, notes are sealed with the data folder's key, made on first use.
func runSeed(ctx context.Context, cfg *config, cc *careConfig, o seedOptions, w io.Writer) error {
	if o.Encounters < 0 {
		return errors.New("--encounters must be 0 (the demo's small program) or more")
	}
	st, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := loadDemo(ctx, st, cfg, w)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(w, "Loaded the demo directory: %d services, and made the demo accounts.\n", n)
	}
	if !o.DemoActivity {
		return nil
	}
	sealer, err := cc.sealer(cfg, true, nil)
	if err != nil {
		return err
	}
	nPeers := max(o.Peers, 1)
	if o.Encounters > 0 {
		nPeers = max(nPeers, seed.PeersFor(o.Encounters))
	}
	peers, err := demoPeers(ctx, st, nPeers)
	if err != nil {
		return err
	}
	clinicians, err := userIDs(ctx, st, access.Clinician)
	if err != nil {
		return err
	}
	started := time.Now()
	ao := seed.ActivityOptions{Peers: peers, Clinicians: clinicians, Seed: o.RandomSeed}
	var sum seed.ActivitySummary
	if o.Encounters > 0 {
		sum, err = seed.GenerateYear(ctx, st, sealer, seed.YearOptions{ActivityOptions: ao, Encounters: o.Encounters})
	} else {
		sum, err = seed.GenerateActivity(ctx, st, sealer, ao)
	}
	if err != nil {
		return err
	}
	if sum.Encounters == 0 {
		fmt.Fprintln(w, "The database already has encounters: no demo activity was added.")
		return nil
	}
	fmt.Fprintf(w, "Added demo activity: %d people, %d shifts, %d encounters, %d referrals (%d moves), %d consents, %d follow-ups, %d attempts.\n",
		sum.People, sum.Shifts, sum.Encounters, sum.Referrals, sum.Moves, sum.Consents, sum.FollowUps, sum.Attempts)
	if sum.Gaps > 0 {
		fmt.Fprintf(w, "Added %d service gaps (searches that found nothing, or nothing open).\n", sum.Gaps)
	}
	fmt.Fprintf(w, "Took %v.\n", time.Since(started).Round(100*time.Millisecond))
	return nil
}

// demoPeers returns the ids of n peers, adding demo peer accounts (with random
// passwords nobody is told: they exist to have done the demo's work) when there are
// fewer. It refuses to add them beside real accounts.
func demoPeers(ctx context.Context, st *store.Store, n int) ([]string, error) {
	ids, err := userIDs(ctx, st, access.Peer)
	if err != nil {
		return nil, err
	}
	if len(ids) >= n {
		return ids[:n], nil
	}
	if _, err := st.UserByEmail(ctx, "peer@handoff.example"); errors.Is(err, store.ErrNotFound) {
		if len(ids) == 0 {
			return nil, errors.New("demo activity needs a peer account, and this database has no demo accounts")
		}
		return ids, nil // real accounts: work with the peers there are
	} else if err != nil {
		return nil, err
	}
	hash, err := access.HashPassword(access.RandomPassword())
	if err != nil {
		return nil, err
	}
	for i := len(ids) + 1; i <= n; i++ {
		email := fmt.Sprintf("peer%d@handoff.example", i)
		if u, err := st.UserByEmail(ctx, email); err == nil {
			ids = append(ids, u.ID)
			continue
		}
		u := store.User{ID: directory.NewID(), Email: email, Name: fmt.Sprintf("Demo Peer %d", i), Role: string(access.Peer), PasswordHash: hash}
		if err := st.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("demo peer: %w", err)
		}
		if err := st.AppendAudit(ctx, store.AuditEntry{Role: "system", Action: "create", RecordType: "user", RecordID: u.ID, Allowed: true, Detail: "demo"}); err != nil {
			return nil, err
		}
		ids = append(ids, u.ID)
	}
	return ids, nil
}

func userIDs(ctx context.Context, st *store.Store, role access.Role) ([]string, error) {
	var ids []string
	// Page through them all: a generated year of 200,000 encounters has over 100 peers.
	for page := 1; ; page++ {
		users, total, err := st.Users(ctx, store.UserFilter{Role: string(role)}, store.Page{Number: page, PerPage: 100})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if !u.Disabled {
				ids = append(ids, u.ID)
			}
		}
		if len(users) == 0 || page*100 >= total {
			return ids, nil
		}
	}
}
