package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"time"

	"handoff/store"
)

// A backup is one gzipped tar holding manifest.json first and the data second: the
// SQLite database copied by VACUUM INTO (handoff.db), or pg_dump's custom-format archive
// (handoff.pgdump). The manifest comes first so that a restore can refuse a backup before
// it reads, let alone writes, any data.

// backupFormat is the archive layout this binary writes and reads; a newer one is refused.
const backupFormat = 1

// manifestName is the archive's first entry.
const manifestName = "manifest.json"

// maxManifest bounds the manifest a restore reads: a few hundred tables' counts fit in
// far less, and a damaged or hostile file must not make it read gigabytes into memory.
const maxManifest = 1 << 20

// dataNames is the data entry each backend's backup carries.
var dataNames = map[store.Dialect]string{store.SQLite: "handoff.db", store.Postgres: "handoff.pgdump"}

// notIncluded is written into every manifest, so that whoever holds the file can read
// what it lacks.
var notIncluded = []string{
	"the data key (HANDOFF_DATA_KEY or --data-key-file): keep it separately; without it the sealed notes in this backup stay unreadable",
	"the search index: handoff restore rebuilds it",
}

// manifest describes a backup.
type manifest struct {
	Format      int              `json:"format"`
	Handoff     string           `json:"handoff_version"`
	Backend     store.Dialect    `json:"backend"`
	Schema      int64            `json:"schema_version"`
	Created     time.Time        `json:"created"`
	TookMS      int64            `json:"took_ms"`
	Tables      map[string]int64 `json:"tables"`
	Data        dataEntry        `json:"data"`
	Postgres    *pgInfo          `json:"postgres,omitempty"`
	NotIncluded []string         `json:"not_included"`
}

// dataEntry names the archive's data entry and how to know it arrived whole.
type dataEntry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// pgInfo is what a PostgreSQL restore needs to know about the dump.
type pgInfo struct {
	// Schema is the one schema dumped (the URL's search_path), or "" for the whole database.
	Schema string `json:"schema,omitempty"`
	// PgDump is the client's major version; pg_restore must be at least as new.
	PgDump int `json:"pg_dump_major"`
	// Server is the server's server_version_num.
	Server int `json:"server_version_num"`
}

var (
	tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)
	sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// errDamaged marks a backup file that is not whole: truncated, corrupted or not a backup.
var errDamaged = errors.New("the backup file is damaged, truncated or not a Handoff backup")

// readManifest parses and checks a manifest; any error means the backup must not be used.
func readManifest(r io.Reader) (manifest, error) {
	var m manifest
	b, err := io.ReadAll(io.LimitReader(r, maxManifest+1))
	if err != nil {
		return m, fmt.Errorf("%w: manifest: %v", errDamaged, err)
	}
	if len(b) > maxManifest {
		return m, fmt.Errorf("%w: the manifest is larger than %d bytes", errDamaged, maxManifest)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%w: manifest: %v", errDamaged, err)
	}
	return m, m.check()
}

func (m manifest) check() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: manifest: %s", errDamaged, fmt.Sprintf(format, a...))
	}
	switch {
	case m.Format > backupFormat:
		return fmt.Errorf("this backup has format %d, made by a newer Handoff (%s); this binary reads format %d: restore with that version or newer", m.Format, m.Handoff, backupFormat)
	case m.Format < 1:
		return bad("no format version")
	case dataNames[m.Backend] == "":
		return bad("unknown backend %q", m.Backend)
	case m.Data.Name != dataNames[m.Backend]:
		return bad("a %s backup's data is %s, not %q", m.Backend, dataNames[m.Backend], m.Data.Name)
	case m.Data.Size <= 0:
		return bad("no data size")
	case !sha256Hex.MatchString(m.Data.SHA256):
		return bad("no data checksum")
	case m.Schema < 1:
		return bad("no schema version")
	case len(m.Tables) == 0:
		return bad("no table counts")
	case (m.Backend == store.Postgres) != (m.Postgres != nil):
		return bad("PostgreSQL details present only for PostgreSQL backups")
	}
	if m.Postgres != nil && (m.Postgres.PgDump < 9 || (m.Postgres.Schema != "" && !tableName.MatchString(m.Postgres.Schema))) {
		return bad("bad PostgreSQL details")
	}
	for name, n := range m.Tables {
		if !tableName.MatchString(name) || n < 0 {
			return bad("bad table count %q: %d", name, n)
		}
	}
	return nil
}

// writeArchive writes the backup: the manifest, then the data file at dataPath, whose
// size and checksum it fills in.
func writeArchive(w io.Writer, m manifest, dataPath string) (manifest, error) {
	f, err := os.Open(dataPath)
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if m.Data.Size, err = io.Copy(h, f); err != nil {
		return m, fmt.Errorf("backup: checksum: %w", err)
	}
	m.Data.SHA256 = hex.EncodeToString(h.Sum(nil))
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := m.check(); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return m, err
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	entry := func(name string, size int64, body io.Reader) error {
		hdr := &tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.Created, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err := io.Copy(tw, body)
		return err
	}
	if err := entry(manifestName, int64(len(mb)), bytes.NewReader(mb)); err != nil {
		return m, fmt.Errorf("backup: write manifest: %w", err)
	}
	if err := entry(m.Data.Name, m.Data.Size, f); err != nil {
		return m, fmt.Errorf("backup: write data: %w", err)
	}
	if err := tw.Close(); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, gz.Close()
}

// archive is a backup opened for restoring: its manifest read and checked, its data next.
type archive struct {
	f  *os.File
	gz *gzip.Reader
	tr *tar.Reader
	m  manifest
}

// openArchive opens a backup file and reads its manifest.
func openArchive(path string) (*archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	a := &archive{f: f}
	if a.gz, err = gzip.NewReader(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %v", errDamaged, err)
	}
	a.tr = tar.NewReader(a.gz)
	hdr, err := a.tr.Next()
	if err != nil || hdr.Name != manifestName {
		f.Close()
		return nil, fmt.Errorf("%w: the first entry is not %s", errDamaged, manifestName)
	}
	if a.m, err = readManifest(a.tr); err != nil {
		f.Close()
		return nil, err
	}
	return a, nil
}

// Close closes the file.
func (a *archive) Close() error { return a.f.Close() }

// extract copies the data entry to w and checks that it is whole: its size and checksum
// as the manifest says, nothing after it, and gzip's own checksum at the end.
func (a *archive) extract(w io.Writer) error {
	hdr, err := a.tr.Next()
	if err != nil {
		return fmt.Errorf("%w: no data after the manifest (%v)", errDamaged, err)
	}
	if hdr.Name != a.m.Data.Name || hdr.Size != a.m.Data.Size {
		return fmt.Errorf("%w: the data entry is %s (%d bytes), the manifest says %s (%d bytes)", errDamaged, hdr.Name, hdr.Size, a.m.Data.Name, a.m.Data.Size)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, h), a.tr); err != nil {
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.m.Data.SHA256 {
		return fmt.Errorf("%w: the data's checksum is %s, the manifest says %s", errDamaged, got, a.m.Data.SHA256)
	}
	if _, err := a.tr.Next(); err != io.EOF {
		return fmt.Errorf("%w: unexpected content after the data (%v)", errDamaged, err)
	}
	// Reading to gzip's end verifies its CRC and length.
	if _, err := io.Copy(io.Discard, a.gz); err != nil {
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	return nil
}
