package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// etagOf is the entity tag of a resource: a hash of its JSON, so that it changes exactly
// when what a client would see changes.
func etagOf(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("etag: %w", err)
	}
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + `"`, nil
}

// checkIfMatch answers 412 when the request has an If-Match header that names none of
// the current entity tags: the client's copy is out of date, and writing it would undo
// someone else's change. Without the header, the write goes ahead.
func checkIfMatch(c *fiber.Ctx, etag string) error {
	if !ifMatchGiven(c) {
		return nil
	}
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	for _, t := range strings.Split(h, ",") {
		// Weak tags never match for If-Match (RFC 9110 §13.1.1: strong comparison).
		if strings.TrimSpace(t) == etag {
			return nil
		}
	}
	return preconditionFailed()
}

// ifMatchGiven tells whether the request names versions with If-Match; "*" (any version)
// names none, so a write with it is as unconditional as one without the header.
func ifMatchGiven(c *fiber.Ctx) bool {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	return h != "" && h != "*"
}

// sendTagged answers v with its ETag.
func sendTagged(c *fiber.Ctx, status int, v any) error {
	etag, err := etagOf(v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag)
	return c.Status(status).JSON(v)
}
