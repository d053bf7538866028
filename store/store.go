package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"  // PostgreSQL driver, selected by a postgres:// URL
	_ "modernc.org/sqlite" // SQLite driver, the embedded default
)

// Dialect names the SQL database behind a Store.
type Dialect string

// The dialects Handoff runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Config says where the data lives: a postgres:// DatabaseURL selects PostgreSQL;
// otherwise the SQLite file handoff.db in DataDir.
type Config struct {
	DatabaseURL string
	DataDir     string
}

// Store is the database. It is safe for concurrent use.
type Store struct {
	db      *sqlx.DB
	dialect Dialect
	// rq, when set, is the transaction the loaders read through (see inTxView).
	rq readQueryer
	// path is the SQLite file, "" on PostgreSQL (for the migration lock).
	path string
	// wake is called after a write queued deliveries in the outbox (SetOutboxWake).
	wake *atomic.Pointer[func()]
}

// readQueryer is what the loaders read through: the database, or a write's transaction.
type readQueryer interface {
	sqlx.QueryerContext
	Rebind(string) string
}

// reader is what the loaders read through: the write's transaction in a view made by
// inTxView, else the database.
func (s *Store) reader() readQueryer {
	if s.rq != nil {
		return s.rq
	}
	return s.db
}

// inTxView is a copy of the store whose loaders (Services, Location, OrganizationsByID)
// read inside tx: a write sees its own rows before it commits, for its history.
func (s *Store) inTxView(tx *sqlx.Tx) *Store {
	return &Store{db: s.db, dialect: s.dialect, rq: tx, wake: s.wake}
}

// Open connects to the database the config names. It does not migrate: call Migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if u := cfg.DatabaseURL; strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://") {
		return openPostgres(ctx, u)
	} else if u != "" {
		return nil, fmt.Errorf("store: database URL must start with postgres:// (leave it empty for the embedded SQLite)")
	}
	if cfg.DataDir == "" {
		return nil, fmt.Errorf("store: no data folder given")
	}
	path := filepath.Join(cfg.DataDir, "handoff.db")
	if err := privateFiles(cfg.DataDir, path); err != nil {
		return nil, err
	}
	return openSQLite(ctx, path)
}

// privateFiles makes the data folder 0700 and the SQLite file, its WAL and its shared
// memory 0600, whatever the umask and whatever an older Handoff left: the database holds
// people's care. The folder is Handoff's own, so an existing one is narrowed too. SQLite
// creates the WAL and shared-memory files with the database file's mode, so creating that
// file 0600 before SQLite does covers them.
func privateFiles(dir, db string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("store: create data folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("store: make the data folder private: %w", err)
	}
	f, err := os.OpenFile(db, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: create %s: %w", db, err)
	}
	f.Close()
	for _, p := range []string{db, db + "-wal", db + "-shm", db + "-journal"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: make %s private: %w", p, err)
		}
	}
	return nil
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	// WAL lets readers run beside the one writer; the busy timeout makes a second writer
	// wait instead of failing; foreign keys are off by default in SQLite.
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Savepoints (one per imported record) write a subjournal; in memory it costs little.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_pragma", "cache_size(-65536)")
	// Pages are read through a memory map of the file rather than copied into each
	// connection's cache. In WAL mode a connection drops its whole cache when it sees
	// another's write, and every request writes (the audit log): the dashboard's six
	// measures then each read hundreds of megabytes of a year's tables again, copied page
	// by page (40% of their CPU in read and free calls); mapped, a page is read from the
	// operating system's cache in place. Where mapping fails SQLite reads as before.
	q.Add("_pragma", "mmap_size(2147418112)")
	q.Set("_txlock", "immediate")
	db, err := sqlx.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	db.SetMaxOpenConns(8)
	// Each SQLite connection has its own page cache: keeping connections idle instead of
	// closing them (database/sql keeps two by default) keeps their caches warm, which an
	// index build's parallel readers and a busy serve both feel.
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(10 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	return &Store{db: db, dialect: SQLite, path: path, wake: new(atomic.Pointer[func()])}, nil
}

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return &Store{db: db, dialect: Postgres, wake: new(atomic.Pointer[func()])}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dialect tells which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB exposes the pool for health checks and metrics; queries belong in this package.
func (s *Store) DB() *sql.DB { return s.db.DB }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// inTx runs fn in a transaction, committing when it returns nil and rolling back otherwise,
// so that a failed request or import leaves the data as it was.
func (s *Store) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// timeFormat is fixed-width so that text comparison orders times on both dialects.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
