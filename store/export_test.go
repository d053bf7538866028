package store

import "context"

// MigrateTo brings the schema up to version v only, for tests of a later migration on
// rows an older Handoff wrote.
func (s *Store) MigrateTo(ctx context.Context, v int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, v)
	return err
}
