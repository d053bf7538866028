package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/store"
)

// The offline queue's key (issue 17). A phone that loses its connection keeps the
// encounters, follow-up attempts and record-only referrals it could not send in
// IndexedDB, encrypted with AES-GCM under this key (offline-queue.js). The key belongs
// to the signed-in session: it is derived from the data key, the session's id and a
// period of --offline-queue-ttl counted from the session's start, so no key is stored
// anywhere on the server, a session that has ended gets none, and every period gets a
// new one. The page keeps it as a non-extractable CryptoKey, wipes it at sign-out, and
// drops it (with what it could still open) once it expires.

// DefaultOfflineQueueTTL is how long a queued record may wait on the phone by default.
const DefaultOfflineQueueTTL = 12 * time.Hour

// offlineKey is the answer of GET /api/v1/offline/key.
type offlineKey struct {
	ID  string `json:"id"`  // names the key: queued records say which key sealed them
	Key string `json:"key"` // 32 bytes, base64url without padding: an AES-256-GCM key
	Alg string `json:"alg"`
	// UseUntil ends the period in which the page seals new records with this key.
	UseUntil time.Time `json:"use_until"`
	// ExpiresAt is when the page must delete the key and whatever is still sealed with
	// it: a record waits at most the TTL after its period ended.
	ExpiresAt time.Time `json:"expires_at"`
	// TTLSeconds is --offline-queue-ttl: a record queued longer is deleted unsent.
	TTLSeconds int64 `json:"ttl_seconds"`
}

func (s *Server) offlineQueueTTL() time.Duration {
	if s.opts.OfflineQueueTTL > 0 {
		return s.opts.OfflineQueueTTL
	}
	return DefaultOfflineQueueTTL
}

func (s *Server) offlineQueueKey(c *fiber.Ctx) error {
	if s.care.sealer == nil {
		return problem(fiber.StatusServiceUnavailable, "The offline queue is unavailable: no data key is configured.")
	}
	p := currentPrincipal(c)
	if p.Via != access.ViaSession {
		// An API token is no browser session: nothing of it may be left on a device.
		return problem(fiber.StatusForbidden, "The offline queue's key is handed to a signed-in browser session only.")
	}
	started, err := s.store.SessionCreatedAt(c.UserContext(), p.CredentialID)
	if errors.Is(err, store.ErrNotFound) {
		return problem(fiber.StatusUnauthorized, "The session has ended. Sign in again.")
	}
	if err != nil {
		return err
	}
	ttl := s.offlineQueueTTL()
	now := time.Now()
	period := int64(0)
	if now.After(started) {
		period = int64(now.Sub(started) / ttl)
	}
	useUntil := started.Add(time.Duration(period+1) * ttl)
	mac := hmac.New(sha256.New, s.care.sealer.DeriveKey("handoff offline queue v1"))
	mac.Write([]byte(p.CredentialID))
	mac.Write([]byte{0})
	mac.Write([]byte(strconv.FormatInt(period, 10)))
	key := mac.Sum(nil)
	id := sha256.Sum256(append([]byte("id/"), key...))
	return c.JSON(offlineKey{ID: base64.RawURLEncoding.EncodeToString(id[:9]), Key: base64.RawURLEncoding.EncodeToString(key),
		Alg: "A256GCM", UseUntil: useUntil.UTC(), ExpiresAt: useUntil.Add(ttl).UTC(), TTLSeconds: int64(ttl / time.Second)})
}

// offlineRoutes are the installable app's and the offline search's and queue's.
func (s *Server) offlineRoutes(v1 fiber.Router) {
	v1.Get("/offline/snapshot", s.offlineSnapshot)
	v1.Get("/offline/key", s.offlineQueueKey)
	s.app.Get("/sw.js", s.sw)
	s.app.Get("/manifest.webmanifest", s.manifest)
}
