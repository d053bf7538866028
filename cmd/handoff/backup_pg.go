package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"handoff/store"
)

// On PostgreSQL the backup is pg_dump's custom format, taken in the snapshot Handoff
// counts the rows in (pg_dump --snapshot), so the manifest describes exactly the dump.
// pg_dump and pg_restore are PostgreSQL's own client tools; Handoff runs them rather than
// reimplementing a dump.

// pgRecipe is the documented way without Handoff's wrapper, printed when the tools are missing.
const pgRecipe = `install the PostgreSQL client tools of the server's major version (Debian/Ubuntu:
apt-get install postgresql-client-15; the official image postgres:15 has them), or back up by hand
(a libpq URL: no search_path parameter):
  pg_dump --format=custom --no-owner --no-privileges --schema=public --file=handoff.pgdump postgres://…/handoff
and restore into a new database, then build the search index:
  createdb handoff_restored
  pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --schema=public --dbname=postgres://…/handoff_restored handoff.pgdump
  handoff reindex --database-url postgres://…/handoff_restored
A hand-made dump has no manifest (handoff restore does not read it), and like every backup
it does not hold the data key: keep that separately`

// libpqParams are the URL parameters libpq itself understands; lib/pq passes any other
// (search_path above all) to the server, which libpq would refuse.
var libpqParams = map[string]bool{
	"sslmode": true, "sslcert": true, "sslkey": true, "sslrootcert": true, "sslcrl": true,
	"sslpassword": true, "connect_timeout": true, "application_name": true,
	"fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "target_session_attrs": true,
	"options": true, "client_encoding": true, "gssencmode": true, "krbsrvname": true,
	"service": true, "passfile": true, "host": true, "port": true, "user": true, "dbname": true,
}

// pgConn turns Handoff's database URL into what pg_dump and pg_restore take: a libpq URL
// without the password (which goes in PGPASSWORD, out of the process list) and without
// parameters only lib/pq knows.
func pgConn(dbURL string) (conn string, env []string, err error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", nil, fmt.Errorf("database URL: %w", err)
	}
	env = os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), env, nil
}

var pgVersion = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// pgTool finds a PostgreSQL client tool and its major version.
func pgTool(ctx context.Context, name string) (path string, major int, err error) {
	path, err = exec.LookPath(name)
	if err != nil {
		return "", 0, fmt.Errorf("%s is not on PATH: %s", name, pgRecipe)
	}
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return "", 0, fmt.Errorf("%s --version: %w", name, err)
	}
	m := pgVersion.FindSubmatch(out)
	if m == nil {
		return "", 0, fmt.Errorf("%s --version said %q: not PostgreSQL's", name, bytes.TrimSpace(out))
	}
	major, _ = strconv.Atoi(string(m[1]))
	return path, major, nil
}

// runPgTool runs a client tool, its error output in the error.
func runPgTool(ctx context.Context, env []string, path string, args ...string) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// pgDump dumps the connection's current schema to dst inside an exported snapshot.
func pgDump(ctx context.Context, dbURL string, st *store.Store, dst string) (store.Snapshot, *pgInfo, error) {
	tool, major, err := pgTool(ctx, "pg_dump")
	if err != nil {
		return store.Snapshot{}, nil, err
	}
	server, err := st.ServerVersion(ctx)
	if err != nil {
		return store.Snapshot{}, nil, err
	}
	// pg_dump refuses a server newer than itself, and an older pg_restore cannot read a
	// newer pg_dump's archive: the same major version is the safe pairing.
	if major != server/10000 {
		return store.Snapshot{}, nil, fmt.Errorf("pg_dump is version %d but the server is PostgreSQL %d: install postgresql-client-%d and put its pg_dump first on PATH",
			major, server/10000, server/10000)
	}
	schema, err := st.CurrentSchema(ctx)
	if err != nil {
		return store.Snapshot{}, nil, err
	}
	if schema == "" {
		return store.Snapshot{}, nil, errors.New("the database URL's search_path names no existing schema")
	}
	conn, env, err := pgConn(dbURL)
	if err != nil {
		return store.Snapshot{}, nil, err
	}
	var snap store.Snapshot
	err = st.ExportSnapshot(ctx, func(id string, s store.Snapshot) error {
		snap = s
		return runPgTool(ctx, env, tool, "--format=custom", "--no-owner", "--no-privileges",
			"--snapshot="+id, "--schema="+schema, "--file="+dst, conn)
	})
	if err != nil {
		return store.Snapshot{}, nil, fmt.Errorf("backup: %w", err)
	}
	return snap, &pgInfo{Schema: schema, PgDump: major, Server: server}, nil
}

// pgRestore restores the dump at src into the connection's current schema, all or
// nothing (one transaction, stopping at the first error).
func pgRestore(ctx context.Context, dbURL string, info *pgInfo, src string) error {
	tool, major, err := pgTool(ctx, "pg_restore")
	if err != nil {
		return err
	}
	if major < info.PgDump {
		return fmt.Errorf("pg_restore is version %d but the backup was dumped by pg_dump %d: install postgresql-client-%d", major, info.PgDump, info.PgDump)
	}
	conn, env, err := pgConn(dbURL)
	if err != nil {
		return err
	}
	if err := runPgTool(ctx, env, tool, "--exit-on-error", "--single-transaction", "--no-owner",
		"--no-privileges", "--schema="+info.Schema, "--dbname="+conn, src); err != nil {
		return fmt.Errorf("restore: %w (nothing was restored)", err)
	}
	return nil
}
