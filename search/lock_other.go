//go:build !unix

package search

import "errors"

// ErrLocked means another process has the index open.
var ErrLocked = errors.New("search: the index is open in another process (stop `handoff serve` first)")

// lockDir is a no-op where flock is not available: run one process per data folder.
func lockDir(string) (func(), error) { return func() {}, nil }
