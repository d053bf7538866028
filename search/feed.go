package search

import (
	"context"

	"handoff/directory"
)

// Feed is what the index reads the directory through: the store's change feed and its
// compiled services. It is an interface so that this package needs no SQL (cmd/handoff
// adapts the store to it) and tests can feed the index from memory.
type Feed interface {
	// Head is the newest change: its sequence number and mark (0 and "" when there is
	// none). A mark tells one database's change apart from another's with the same
	// number, so that an index is never caught up against the wrong database.
	Head(ctx context.Context) (seq int64, mark string, err error)
	// Mark returns the mark of change seq; ok is false when there is no such change.
	Mark(ctx context.Context, seq int64) (mark string, ok bool, err error)
	// Changed returns the services that changes after seq touched (directly, or through
	// their location or organization), reading at most limit changes, and the position
	// reached. A position equal to after means nothing changed.
	Changed(ctx context.Context, after int64, limit int) (services []string, seq int64, mark string, err error)
	// Services loads compiled services; ids not returned were deleted.
	Services(ctx context.Context, ids []string) ([]directory.Service, error)
	// EachServiceBatch walks every service id in batches of about size.
	EachServiceBatch(ctx context.Context, size int, fn func(ids []string) error) error
	// CountServices counts the services, for progress reports.
	CountServices(ctx context.Context) (int, error)
}

// BulkReader is a Feed that tunes itself for a full build: it is told when the build is
// over, to give back what it took (the store closes the extra connections it kept open,
// each holding its page cache).
type BulkReader interface {
	EndBulkRead()
}
