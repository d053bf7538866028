package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"handoff/care"
)

// reloadKeysOnHangup re-reads the data key file whenever the process gets SIGHUP, until
// ctx ends, and gives the keys to sealer: a key rotation adds a key, makes it the sealing
// key and retires the old one without restarting the server (see `handoff key`). A file
// that does not read, or holds a bad key, is logged and the keys in use are kept. Keys
// from HANDOFF_DATA_KEY cannot change in a running process: SIGHUP says so.
func reloadKeysOnHangup(ctx context.Context, path string, sealer *care.Sealer, log *slog.Logger) {
	if sealer == nil {
		return
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				reloadKeys(path, sealer, log)
			}
		}
	}()
}

// reloadKeys is one reload; see reloadKeysOnHangup.
func reloadKeys(path string, sealer *care.Sealer, log *slog.Logger) {
	if path == "" {
		log.Warn("SIGHUP: the data keys come from " + dataKeyEnv + " and cannot be reloaded; restart to change them")
		return
	}
	keys, err := loadKeys(path, "")
	if err == nil {
		err = sealer.SetKeys(keys)
	}
	if err != nil {
		log.Error("SIGHUP: data keys not reloaded; the keys in use are kept", "file", path, "err", err)
		return
	}
	log.Info("data keys reloaded", "file", path, "fingerprints", sealer.Fingerprints())
}
