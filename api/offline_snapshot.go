package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"handoff/directory/snapshot"
	"handoff/geo"
	"handoff/search"
	"handoff/store"
)

// The offline snapshot (issue 17): GET /api/v1/offline/snapshot answers the region's
// directory in the compact form a program user's phone keeps to search without a
// connection (directory/snapshot). Its ETag is the snapshot's version, a hash of its
// content: a phone that sends If-None-Match with the version it holds gets 304 and
// downloads nothing. The snapshot is built once per state of the change feed and kept,
// gzipped, in memory; it names no person, so it is not audited.

// snapshotBatch is how many services are read from the database at a time.
const snapshotBatch = 500

// offlineSnapshots keeps the newest built snapshot.
type offlineSnapshots struct {
	mu      sync.Mutex
	head    int64 // the change feed's newest seq when it was built; -1: empty feed
	built   bool
	version string
	json    []byte
	gz      []byte
}

// snapshotBody is one built snapshot, encoded.
type snapshotBody struct {
	version  string
	json, gz []byte
}

func (s *Server) offlineSnapshot(c *fiber.Ctx) error {
	body, err := s.currentSnapshot(c.UserContext())
	if err != nil {
		return err
	}
	etag := `"` + body.version + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" && etagListHas(inm, etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	if strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip") {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(body.gz)
	}
	return c.Send(body.json)
}

// etagListHas reports whether an If-None-Match list names etag (weak or strong), or is *.
func etagListHas(list, etag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// currentSnapshot answers the snapshot of the directory as the change feed now stands,
// building it when the feed moved since the last build.
func (s *Server) currentSnapshot(ctx context.Context) (snapshotBody, error) {
	head := int64(-1)
	if ch, ok, err := s.store.HeadChange(ctx); err != nil {
		return snapshotBody{}, err
	} else if ok {
		head = ch.Seq
	}
	o := &s.snapshots
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.built && o.head == head {
		return snapshotBody{o.version, o.json, o.gz}, nil
	}
	snap, err := BuildSnapshot(ctx, s.store, snapshot.Options{Gazetteer: s.gazetteer(), Synonyms: synonymLines()})
	if err != nil {
		return snapshotBody{}, err
	}
	js, gz, err := EncodeSnapshot(snap)
	if err != nil {
		return snapshotBody{}, err
	}
	o.head, o.built, o.version, o.json, o.gz = head, true, snap.Version, js, gz
	return snapshotBody{o.version, o.json, o.gz}, nil
}

// BuildSnapshot reads every service of the store into a snapshot. It is exported for
// the size benchmark and `handoff` tools; the route keeps its result.
func BuildSnapshot(ctx context.Context, st *store.Store, opts snapshot.Options) (snapshot.Snapshot, error) {
	b := snapshot.NewBuilder(opts)
	err := st.EachServiceBatch(ctx, store.ServiceFilter{}, snapshotBatch, func(ids []string) error {
		ss, err := st.Services(ctx, ids)
		if err != nil {
			return err
		}
		b.Add(ss)
		return nil
	})
	if err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("offline snapshot: %w", err)
	}
	return b.Build()
}

// EncodeSnapshot answers the snapshot as JSON and gzipped JSON (best compression: it is
// built once and sent to many phones).
func EncodeSnapshot(snap snapshot.Snapshot) (js, gz []byte, err error) {
	js, err = json.Marshal(snap)
	if err != nil {
		return nil, nil, fmt.Errorf("offline snapshot: encode: %w", err)
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(js); err != nil {
		return nil, nil, fmt.Errorf("offline snapshot: gzip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, nil, fmt.Errorf("offline snapshot: gzip: %w", err)
	}
	return js, buf.Bytes(), nil
}

// synonymLines are the built-in search synonyms, one comma-separated set a line, so that
// "detox" finds withdrawal management on the phone too.
var synonymLines = sync.OnceValue(func() []string {
	sets, err := search.LoadSynonyms("")
	if err != nil {
		return nil
	}
	out := make([]string, len(sets))
	for i, set := range sets {
		out[i] = strings.Join(set, ",")
	}
	return out
})

// gazetteer is the server's geocoder when it is the gazetteer (the towns and ZIP codes
// of the region), else the default one.
func (s *Server) gazetteer() *geo.Gazetteer {
	if g, ok := s.geo.(*geo.Gazetteer); ok {
		return g
	}
	return geo.Default()
}
