package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/store"
)

// Idempotency keys (the IETF httpapi "Idempotency-Key HTTP Header Field" draft) on the
// care writes a phone may queue while offline: POST /encounters, /follow-ups/{id}/attempts
// and /referrals. The key is kept per user with the record it made, in the write's own
// transaction (store.CareStore.WithIdempotencyKey); a repeat with the same key and the
// same request answers that record again, marked Idempotent-Replayed, and records
// nothing; the same key with another request is a 422, and a repeat that races the
// first a 409. Without the header the routes work as before.

const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
	// maxIdempotencyKey bounds the key: the draft suggests UUIDs; 255 is generous.
	maxIdempotencyKey = 255
)

// replayer answers the record an earlier request with the same key made.
type replayer func(c *fiber.Ctx, cs *store.CareStore, k store.IdempotencyKey) error

// idempotency reads the request's Idempotency-Key. Without one it answers cs as is.
// With a new one it answers cs keeping the key with the write. With a key already kept
// for this user it answers done: the replay (or the refusal of a key reused for another
// request) has been sent or returned as the error.
func (s *Server) idempotency(c *fiber.Ctx, cs *store.CareStore, replay replayer) (out *store.CareStore, done bool, err error) {
	key, ok, err := idempotencyKeyHeader(c)
	if err != nil || !ok {
		return cs, false, err
	}
	me := currentPrincipal(c).UserID
	fp := requestFingerprint(c)
	k, err := s.store.IdempotencyKeyOf(c.UserContext(), me, key)
	switch {
	case err == nil:
		if k.Fingerprint != fp {
			p := problem(fiber.StatusUnprocessableEntity, "This Idempotency-Key was already used for another request; use a new key for a new request.")
			p.Errors = []directory.FieldError{{Field: headerIdempotencyKey, Message: "already used for another request"}}
			return nil, true, p
		}
		c.Set(headerReplayed, "true")
		return nil, true, replay(c, cs, k)
	case errors.Is(err, store.ErrNotFound):
		return cs.WithIdempotencyKey(store.IdempotencyKey{UserID: me, Key: key, Fingerprint: fp}), false, nil
	default:
		return nil, false, err
	}
}

// idempotencyKeyHeader reads the header: an sf-string per the draft ("…", quotes
// optional here, since many clients send the bare value), of printable ASCII.
func idempotencyKeyHeader(c *fiber.Ctx) (string, bool, error) {
	return parseIdempotencyKey(c.Get(headerIdempotencyKey))
}

// parseIdempotencyKey reads the header's value: ok is false when there is none.
func parseIdempotencyKey(raw string) (string, bool, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", false, nil
	}
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		raw = raw[1 : len(raw)-1]
	}
	bad := raw == "" || len(raw) > maxIdempotencyKey
	for i := 0; i < len(raw) && !bad; i++ {
		bad = raw[i] < 0x20 || raw[i] > 0x7e || raw[i] == '"' || raw[i] == '\\'
	}
	if bad {
		return "", false, badRequest(directory.FieldError{Field: headerIdempotencyKey,
			Message: "must be 1 to 255 printable ASCII characters, such as a UUID"})
	}
	return raw, true, nil
}

// requestFingerprint is the SHA-256 of the method, the path and the body: what makes
// two requests with one key the same request.
func requestFingerprint(c *fiber.Ctx) string {
	h := sha256.New()
	h.Write([]byte(c.Method()))
	h.Write([]byte{0})
	h.Write([]byte(c.Path()))
	h.Write([]byte{0})
	h.Write(c.Body())
	return hex.EncodeToString(h.Sum(nil))
}

// idempotencyBusy turns the store's refusal of a key another request kept first into
// the draft's 409; other errors pass.
func idempotencyBusy(err error) error {
	if errors.Is(err, store.ErrIdempotencyBusy) {
		return problem(fiber.StatusConflict, "A request with this Idempotency-Key is being processed; ask again to get its result.")
	}
	return nil
}

// replayEncounter answers the encounter a key made, with the follow-up it scheduled, as
// the first answer did (notes by the reader's role). The reads are audited.
func (s *Server) replayEncounter(c *fiber.Ctx, cs *store.CareStore, k store.IdempotencyKey) error {
	e, err := cs.Encounter(c.UserContext(), k.RecordID)
	if err != nil {
		return careError(err, "The encounter")
	}
	out := encounterCreated{Encounter: e}
	if k.RelatedID != "" {
		f, err := cs.FollowUp(c.UserContext(), k.RelatedID)
		if err != nil {
			return careError(err, "The follow-up")
		}
		stripAttemptNotes(c, &f)
		out.FollowUp = &f
	}
	if !currentPrincipal(c).MayReadNotes() {
		out.Notes, out.StreetAddress = "", ""
	}
	if err := s.audit(c, "read", "encounter", e.ID, true); err != nil {
		return err
	}
	return created(c, "/api/v1/encounters/"+e.ID, out)
}

// replayAttempt answers the follow-up the attempt was logged on, as it is now.
func (s *Server) replayAttempt(c *fiber.Ctx, cs *store.CareStore, k store.IdempotencyKey) error {
	f, err := cs.FollowUp(c.UserContext(), k.RecordID)
	if err != nil {
		return careError(err, "The follow-up")
	}
	stripAttemptNotes(c, &f)
	if err := s.audit(c, "read", "follow_up", f.ID, true); err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, followUpETag(f))
	return created(c, "/api/v1/follow-ups/"+f.ID, f)
}

// replayReferral answers the referral a key made. A live referral's agency link was
// shown once, in the first answer; it is not shown again (its maker may reissue it).
func (s *Server) replayReferral(c *fiber.Ctx, cs *store.CareStore, k store.IdempotencyKey) error {
	r, err := cs.Referral(c.UserContext(), k.RecordID)
	if err != nil {
		return careError(err, "The referral")
	}
	if !currentPrincipal(c).MayReadNotes() {
		r.Note = ""
	}
	if err := s.audit(c, "read", "referral", r.ID, true); err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, referralETag(r))
	return created(c, "/api/v1/referrals/"+r.ID, r)
}
