package api

import (
	"bytes"
	"encoding/json"
	"mime"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
)

// nulMessage is what a field holding a NUL is told.
const nulMessage = "must not contain a NUL character (U+0000)"

// refuseNUL answers 400, naming the fields, when any part of the request a handler may
// read carries a NUL (U+0000): a path parameter, a query parameter, a form value, a
// header, or a string (or member name) of a JSON body, also when written "\u0000". No
// text of ours is meant to hold one, and PostgreSQL's text cannot: it answered 500 where
// SQLite stored the NUL. It runs in front of every route (guardRoutes), so that no
// handler has to remember it and both databases answer alike.
func refuseNUL(c *fiber.Ctx) error {
	var errs directory.FieldErrors
	bad := func(field string) { errs = append(errs, directory.FieldError{Field: field, Message: nulMessage}) }
	if strings.IndexByte(c.Path(), 0) >= 0 {
		named := false
		for _, name := range c.Route().Params {
			if strings.IndexByte(c.Params(name), 0) >= 0 {
				bad(name)
				named = true
			}
		}
		if !named {
			bad("path")
		}
	}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if bytes.IndexByte(k, 0) >= 0 || bytes.IndexByte(v, 0) >= 0 {
			bad(fieldName(k))
		}
	})
	c.Request().Header.VisitAll(func(k, v []byte) {
		if bytes.IndexByte(v, 0) >= 0 {
			bad(fieldName(k))
		}
	})
	if body := c.Body(); len(body) > 0 {
		mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
		switch {
		case mt == fiber.MIMEApplicationForm:
			c.Context().PostArgs().VisitAll(func(k, v []byte) {
				if bytes.IndexByte(k, 0) >= 0 || bytes.IndexByte(v, 0) >= 0 {
					bad(fieldName(k))
				}
			})
		case bytes.IndexByte(body, 0) >= 0:
			bad("body")
		case bytes.Contains(body, []byte(`\u0000`)):
			// Often only the text `\u0000` (an escaped backslash before it); the decoded
			// JSON tells. A body that is not JSON is left to the handler's reader to refuse.
			if field, ok := jsonNUL(body); ok {
				bad(field)
			}
		}
	}
	if len(errs) > 0 {
		return badRequest(dedupe(errs)...)
	}
	return c.Next()
}

// fieldName is a parameter's or header's name as a problem names it, NULs shown escaped.
func fieldName(k []byte) string {
	return strings.ReplaceAll(string(k), "\x00", `\u0000`)
}

// jsonNUL finds the first string or member name of a JSON document that holds a NUL and
// answers its path ("phones[0].number"); "body" for the document itself.
func jsonNUL(body []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return "", false
	}
	return findNUL(doc, "")
}

func findNUL(v any, path string) (string, bool) {
	switch x := v.(type) {
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			if path == "" {
				path = "body"
			}
			return path, true
		}
	case []any:
		for i, e := range x {
			if f, ok := findNUL(e, path+"["+strconv.Itoa(i)+"]"); ok {
				return f, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the same body names the same field every time
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if strings.IndexByte(k, 0) >= 0 {
				return strings.ReplaceAll(p, "\x00", `\u0000`), true
			}
			if f, ok := findNUL(x[k], p); ok {
				return f, true
			}
		}
	}
	return "", false
}

// dedupe keeps the first error of each field: a parameter given twice is named once.
func dedupe(errs directory.FieldErrors) directory.FieldErrors {
	seen := map[string]bool{}
	out := errs[:0]
	for _, e := range errs {
		if !seen[e.Field] {
			seen[e.Field] = true
			out = append(out, e)
		}
	}
	return out
}
