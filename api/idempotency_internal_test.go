package api

import (
	"strings"
	"testing"
)

// FuzzIdempotencyKey: any header value is either refused with a problem naming the
// header, absent, or a key of 1 to 255 printable ASCII characters without quotes.
func FuzzIdempotencyKey(f *testing.F) {
	for _, s := range []string{"", `"8e03978e-40d5-43e8-bc93-6894a57f9324"`, "8e03978e", `""`, `"`, "caf\u00e9", "a\x00b", strings.Repeat("k", 256), ` "x" `} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		key, ok, err := parseIdempotencyKey(raw)
		switch {
		case err != nil:
			if ok || key != "" {
				t.Fatalf("%q: refused but answered %q %v", raw, key, ok)
			}
			p, isProblem := err.(*Problem)
			if !isProblem || len(p.Errors) != 1 || p.Errors[0].Field != headerIdempotencyKey {
				t.Fatalf("%q: %v does not name the header", raw, err)
			}
		case !ok:
			if strings.TrimSpace(raw) != "" {
				t.Fatalf("%q: a value read as none", raw)
			}
		default:
			if len(key) < 1 || len(key) > maxIdempotencyKey {
				t.Fatalf("%q: key of %d bytes", raw, len(key))
			}
			for i := 0; i < len(key); i++ {
				if key[i] < 0x20 || key[i] > 0x7e || key[i] == '"' || key[i] == '\\' {
					t.Fatalf("%q: key %q has byte %#x", raw, key, key[i])
				}
			}
		}
	})
}
