package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"
)

// The SQL behind `handoff backup` and `handoff restore`. The archive, pg_dump and the
// search index are the command's business; here are the snapshot, the counts that prove
// a restore complete, and the emptiness check that keeps a restore from mixing data.

// LatestSchemaVersion is the newest migration this binary knows for the dialect, read
// from the embedded migrations without a database, so that a restore can refuse a newer
// backup before it writes anything.
func LatestSchemaVersion(d Dialect) (int64, error) {
	var latest int64
	for _, m := range goMigrations(d) {
		latest = max(latest, m.Version)
	}
	entries, err := fs.ReadDir(migrationFS, "migrations/"+string(d))
	if err != nil {
		return 0, fmt.Errorf("store: migrations of %s: %w", d, err)
	}
	for _, e := range entries {
		if path.Ext(e.Name()) != ".sql" {
			continue
		}
		v, err := goose.NumericComponent(e.Name())
		if err != nil {
			return 0, fmt.Errorf("store: migration %s: %w", e.Name(), err)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// Snapshot is what a backup records about the data it copied, read in the same
// transaction as the copy so that the counts describe exactly the copied rows.
type Snapshot struct {
	// Schema is the database's migration version.
	Schema int64
	// Tables counts the rows of every table, the migration bookkeeping included.
	Tables map[string]int64
}

// VacuumInto writes a consistent copy of the SQLite database to dst, a file that must
// not exist, and describes it. VACUUM INTO reads in one transaction: under WAL it sees
// the last commit before it began while writers carry on, and the copy it writes is
// compact and needs no WAL beside it. The description is read from the copy itself.
func (s *Store) VacuumInto(ctx context.Context, dst string) (Snapshot, error) {
	if s.dialect != SQLite {
		return Snapshot{}, fmt.Errorf("store: VACUUM INTO is SQLite's; this is %s", s.dialect)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return Snapshot{}, fmt.Errorf("store: copy the database: %w", err)
	}
	cp, err := openSQLiteReadOnly(ctx, dst)
	if err != nil {
		return Snapshot{}, err
	}
	defer cp.Close()
	return cp.Describe(ctx)
}

// openSQLiteReadOnly opens a database file for reading only: a backup's copy is never
// changed once written.
func openSQLiteReadOnly(ctx context.Context, path string) (*Store, error) {
	db, err := sqlx.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{db: db, dialect: SQLite}, nil
}

// Describe reads the schema version and the row count of every table in one read
// transaction (a consistent view on both dialects).
func (s *Store) Describe(ctx context.Context) (Snapshot, error) {
	var snap Snapshot
	err := s.readSnapshot(ctx, func(tx *sqlx.Tx) error {
		var err error
		snap, err = describe(ctx, tx, s.dialect)
		return err
	})
	return snap, err
}

// readSnapshot runs fn in a read-only transaction that sees one snapshot: REPEATABLE
// READ on PostgreSQL; on SQLite every transaction does.
func (s *Store) readSnapshot(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	// ReadOnly also makes modernc's SQLite begin a deferred (reading) transaction
	// instead of the pool's IMMEDIATE one, which would hold the write lock.
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTxx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin snapshot: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// ExportSnapshot runs fn while a PostgreSQL transaction holds an exported snapshot (its
// id is what pg_dump --snapshot takes), with the schema version and the row counts read
// in that same snapshot: the dump and its manifest then describe the same instant,
// however many writes land meanwhile.
func (s *Store) ExportSnapshot(ctx context.Context, fn func(id string, snap Snapshot) error) error {
	if s.dialect != Postgres {
		return fmt.Errorf("store: exported snapshots are PostgreSQL's; this is %s", s.dialect)
	}
	return s.readSnapshot(ctx, func(tx *sqlx.Tx) error {
		var id string
		if err := tx.GetContext(ctx, &id, `SELECT pg_export_snapshot()`); err != nil {
			return fmt.Errorf("store: export snapshot: %w", err)
		}
		snap, err := describe(ctx, tx, s.dialect)
		if err != nil {
			return err
		}
		return fn(id, snap)
	})
}

func describe(ctx context.Context, tx *sqlx.Tx, d Dialect) (Snapshot, error) {
	names, err := tableNames(ctx, tx, d)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{Tables: make(map[string]int64, len(names))}
	for _, name := range names {
		var n int64
		// The name comes from the catalog, quoted as an identifier.
		q := `SELECT COUNT(*) FROM "` + strings.ReplaceAll(name, `"`, `""`) + `"`
		if err := tx.GetContext(ctx, &n, q); err != nil {
			return Snapshot{}, fmt.Errorf("store: count %s: %w", name, err)
		}
		snap.Tables[name] = n
	}
	if _, ok := snap.Tables["goose_db_version"]; ok {
		var v sql.NullInt64
		if err := tx.GetContext(ctx, &v, `SELECT MAX(version_id) FROM goose_db_version`); err != nil {
			return Snapshot{}, fmt.Errorf("store: read schema version: %w", err)
		}
		snap.Schema = v.Int64
	}
	return snap, nil
}

// tableNames lists the tables of the database (SQLite) or of the connection's current
// schema (PostgreSQL), SQLite's own bookkeeping left out.
func tableNames(ctx context.Context, q sqlx.QueryerContext, d Dialect) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if d == Postgres {
		query = `SELECT table_name FROM information_schema.tables
		          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	var names []string
	if err := sqlx.SelectContext(ctx, q, &names, query); err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	return names, nil
}

// Empty reports whether the database holds no tables at all (PostgreSQL: in the
// connection's current schema), not even migration bookkeeping: the only place a restore
// may write, so that it never mixes a backup into live data.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	names, err := tableNames(ctx, s.db, s.dialect)
	return len(names) == 0, err
}

// CurrentSchema names the PostgreSQL schema the connection writes to (the search_path's
// first), which a dump of one schema must be restored into.
func (s *Store) CurrentSchema(ctx context.Context) (string, error) {
	if s.dialect != Postgres {
		return "", nil
	}
	var name sql.NullString
	if err := s.db.GetContext(ctx, &name, `SELECT current_schema()`); err != nil {
		return "", fmt.Errorf("store: current schema: %w", err)
	}
	return name.String, nil
}

// ServerVersion is PostgreSQL's server_version_num (150020 for 15.20), for matching the
// pg_dump client to the server.
func (s *Store) ServerVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.db.GetContext(ctx, &v, `SELECT current_setting('server_version_num')::int`); err != nil {
		return 0, fmt.Errorf("store: server version: %w", err)
	}
	return v, nil
}

// QuickCheck runs SQLite's quick_check over a restored file: a file whose checksum
// matched can still be a damaged database if it was damaged before it was copied.
// PostgreSQL checks its own pages; there it does nothing.
func (s *Store) QuickCheck(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	var res []string
	if err := s.db.SelectContext(ctx, &res, `PRAGMA quick_check`); err != nil {
		return fmt.Errorf("store: quick_check: %w", err)
	}
	if len(res) != 1 || res[0] != "ok" {
		return fmt.Errorf("store: the database is damaged: %s", strings.Join(res, "; "))
	}
	return nil
}
