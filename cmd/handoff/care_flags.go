package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"handoff/api"
	"handoff/care"
	"handoff/care/measures/deid"
	"handoff/directory"
)

// careConfig is the configuration of people's care: the data key that seals notes, and
// the small-cell rule of the measures' CSV.
type careConfig struct {
	KeyFile    string
	SmallCells int
	// Unanswered is how long a referral may wait in "requested" before it flags its
	// listing in the freshness queue.
	Unanswered time.Duration
	envErr     error
	// keyPath is the key file the keys were loaded from ("" for HANDOFF_DATA_KEY), for
	// reloading it on SIGHUP.
	keyPath string
}

func careFlags(fs *pflag.FlagSet, cc *careConfig) {
	fs.StringVar(&cc.KeyFile, "data-key-file", env("HANDOFF_DATA_KEY_FILE", ""),
		"file holding the data keys (base64 of 32 random bytes, one a line; the first seals, all open; see `handoff key`) that seal notes; or set "+dataKeyEnv+" to the keys themselves. serve reloads the file on SIGHUP. Demo mode (--seed=demo, or auto on the embedded SQLite) makes one in the data folder")
	cells, err := strconv.Atoi(env("HANDOFF_SMALL_CELL_SUPPRESSION", strconv.Itoa(deid.DefaultMin)))
	if err != nil {
		cc.envErr = fmt.Errorf("HANDOFF_SMALL_CELL_SUPPRESSION: %w", err)
	}
	fs.IntVar(&cc.SmallCells, "small-cell-suppression", cells,
		"in the measures (JSON and CSV alike), counts from 1 to N-1 are suppressed, with complementary suppression (default 11, the CMS cell-size rule); 0 turns suppression off (env HANDOFF_SMALL_CELL_SUPPRESSION)")
	unanswered, err := time.ParseDuration(env("HANDOFF_REFERRAL_UNANSWERED_AFTER", directory.DefaultReferralUnansweredAfter.String()))
	if err != nil && cc.envErr == nil {
		cc.envErr = fmt.Errorf("HANDOFF_REFERRAL_UNANSWERED_AFTER: %w", err)
	}
	fs.DurationVar(&cc.Unanswered, "referral-unanswered-after", unanswered,
		"a referral left unanswered (requested) this long flags its listing in the freshness queue (env HANDOFF_REFERRAL_UNANSWERED_AFTER)")
}

// sealer loads the data key: the configured file or HANDOFF_DATA_KEY, else in demo mode
// the key file of the data folder, made on first use. Without any, it returns nil and
// the care routes answer 503: notes are never stored in clear.
func (cc *careConfig) sealer(cfg *config, demo bool, log *slog.Logger) (*care.Sealer, error) {
	keys, err := loadKeys(cc.KeyFile, os.Getenv(dataKeyEnv))
	cc.keyPath = cc.KeyFile
	if errors.Is(err, care.ErrNoDataKey) && demo {
		path := filepath.Join(cfg.Data, dataKeyFile)
		cc.keyPath = path
		keys, err = loadOrGenerateKeyFile(path)
		if err == nil && log != nil {
			log.Info("demo mode: notes are sealed with the data key in the data folder", "file", path)
		}
	}
	if errors.Is(err, care.ErrNoDataKey) {
		if log != nil {
			log.Warn("no data key configured (--data-key-file or " + dataKeyEnv + "): the care routes answer 503; the directory works")
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return care.NewSealer(keys[0], keys[1:]...)
}

// apply puts the care configuration into the server's options.
func (cc *careConfig) apply(o api.Options, sealer *care.Sealer) (api.Options, error) {
	if cc.envErr != nil {
		return o, cc.envErr
	}
	if cc.SmallCells < 0 {
		return o, errors.New("--small-cell-suppression must be 0 (off) or more")
	}
	if cc.Unanswered <= 0 {
		return o, errors.New("--referral-unanswered-after must be more than 0")
	}
	o.ReferralUnansweredAfter = cc.Unanswered
	o.Sealer = sealer
	o.SmallCellSuppression = cc.SmallCells
	if cc.SmallCells == 0 {
		o.SmallCellSuppression = -1 // api: negative turns suppression off
	}
	return o, nil
}
