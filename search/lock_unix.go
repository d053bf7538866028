//go:build unix

package search

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// ErrLocked means another process has the index open. bleve itself would wait forever
// for the lock of its root file, so the index takes a lock of its own first and fails
// fast with a message that says what to do.
var ErrLocked = errors.New("search: the index is open in another process (stop `handoff serve` first)")

// lockDir takes an exclusive lock on path+".lock", held until release.
func lockDir(path string) (release func(), err error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("search: lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("search: lock %s: %w", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
