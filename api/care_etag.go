package api

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/store"
)

// Care records are tagged by kind and version ("p3", "f2", "r7") rather than by a hash of
// their JSON: the version is what the store's optimistic check compares, a person is read
// inside a whole file whose other parts change without the person changing, and a
// follow-up's tag can be rebuilt from the version field of the list a peer works from.
const (
	personTag   = "p"
	followUpTag = "f"
	referralTag = "r"
)

// versionETag is the strong entity tag of a care record of a kind at a version.
func versionETag(kind string, version int) string {
	return `"` + kind + strconv.Itoa(version) + `"`
}

func personETag(p care.Person) string     { return versionETag(personTag, p.Version) }
func followUpETag(f care.FollowUp) string { return versionETag(followUpTag, f.Version) }

// ifVersionOf reads If-Match as the version tag of a kind of record; absent or *, 0 (no
// pin). Anything else, a weak tag included (RFC 9110 compares If-Match strongly), can
// never match and answers 412 at once.
func ifVersionOf(c *fiber.Ctx, kind, what string) (int, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" || h == "*" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.Trim(h, `"`), kind))
	if err != nil || n < 1 {
		return 0, problem(fiber.StatusPreconditionFailed, "If-Match must be the "+what+"'s ETag, such as "+versionETag(kind, 3)+".")
	}
	return n, nil
}

// stalePin answers 412 for a version the client pinned with If-Match that the record has
// moved past: the same answer as the directory's PATCH. Without a pin, a write that lost
// a race keeps careError's 409.
func stalePin(err error, pinned int) error {
	if pinned != 0 && errors.Is(err, store.ErrConflict) {
		return preconditionFailed()
	}
	return err
}

func preconditionFailed() error {
	return problem(fiber.StatusPreconditionFailed, "The record changed since you read it (If-Match does not match its ETag). Read it again and reapply your change.")
}
