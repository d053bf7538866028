package directory

import (
	"strings"

	"github.com/google/uuid"
)

// Namespace is the UUID namespace of ids that Handoff mints from other names, so that
// re-importing the same source, or installing the same vocabulary twice, gives the same ids.
var Namespace = uuid.MustParse("6f1f8a52-3c57-4d0e-9d33-2f1c8f6b0a11")

// StableID returns a version-5 UUID derived from the parts, joined with "/".
func StableID(parts ...string) string {
	return uuid.NewSHA1(Namespace, []byte(strings.Join(parts, "/"))).String()
}

// NewID returns a fresh random (version 4) UUID.
func NewID() string { return uuid.NewString() }

// IsUUID reports whether s is a UUID in its canonical 36-character form.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
