package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
)

// readJSON decodes a JSON object request body into v, answering the problems a client
// can fix: a missing or non-JSON body is named "body", a value of the wrong type is
// named by its JSON path. Bodies over the size limit never get here (413).
func readJSON(c *fiber.Ctx, v any) error {
	if err := jsonContentType(c); err != nil {
		return err
	}
	return decodeJSONObject(c.Body(), v, false)
}

// readStrictJSON is readJSON for a request whose every member must be one it takes:
// an unknown member is a 400 naming it, rather than ignored.
func readStrictJSON(c *fiber.Ctx, v any) error {
	if err := jsonContentType(c); err != nil {
		return err
	}
	return decodeJSONObject(c.Body(), v, true)
}

// jsonContentType insists on a JSON media type. Besides being honest, it keeps plain
// HTML forms of other sites, which cannot send JSON, from posting to the API.
func jsonContentType(c *fiber.Ctx) error {
	ct := c.Get(fiber.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || !(mt == fiber.MIMEApplicationJSON || strings.HasSuffix(mt, "+json")) {
		return problem(fiber.StatusUnsupportedMediaType, "Send the body as JSON, with Content-Type: application/json.")
	}
	return nil
}

// decodeJSONObject decodes one JSON object into v; strict refuses members v has no
// field for.
func decodeJSONObject(body []byte, v any, strict bool) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return badRequest(directory.FieldError{Field: "body", Message: "is required: send a JSON object"})
	}
	if !json.Valid(trimmed) {
		var se *json.SyntaxError
		var probe any
		if err := json.Unmarshal(trimmed, &probe); errors.As(err, &se) {
			return badRequest(directory.FieldError{Field: "body", Message: fmt.Sprintf("is not valid JSON (at byte %d)", se.Offset)})
		}
		return badRequest(directory.FieldError{Field: "body", Message: "is not valid JSON"})
	}
	if trimmed[0] != '{' {
		return badRequest(directory.FieldError{Field: "body", Message: "must be a JSON object"})
	}
	if err := unmarshal(trimmed, v, strict); err != nil {
		var te *json.UnmarshalTypeError
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			// encoding/json says which member only in its message.
			return badRequest(directory.FieldError{Field: "body", Message: "has a member this request does not take: " + name})
		}
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "body"
			}
			return badRequest(directory.FieldError{Field: field, Message: "must be " + jsonKindOf(te)})
		}
		return badRequest(directory.FieldError{Field: "body", Message: "could not be read: " + err.Error()})
	}
	return nil
}

// unmarshal is json.Unmarshal, refusing unknown members when strict.
func unmarshal(data []byte, v any, strict bool) error {
	if !strict {
		return json.Unmarshal(data, v)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// jsonKindOf names the JSON type a Go destination wants.
func jsonKindOf(te *json.UnmarshalTypeError) string {
	switch te.Type.Kind().String() {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "float32", "float64", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "ptr":
		return "a number"
	}
	return "of another type"
}

// mergePatch applies an RFC 7396 JSON Merge Patch: members of the patch replace the
// document's, null removes a member, objects merge recursively, anything else replaces.
func mergePatch(doc, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	d, ok := doc.(map[string]any)
	if !ok {
		d = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(d, k)
			continue
		}
		d[k] = mergePatch(d[k], v)
	}
	return d
}

// applyMergePatch reads the request body as a merge patch of current and decodes the
// result into out. It answers the same problems as readJSON.
func applyMergePatch(c *fiber.Ctx, current, out any) error {
	if err := jsonContentType(c); err != nil {
		return err
	}
	var patch map[string]any
	if err := decodeJSONObject(c.Body(), &patch, false); err != nil {
		return err
	}
	raw, err := json.Marshal(current)
	if err != nil {
		return fmt.Errorf("merge patch: encode current: %w", err)
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers pass through unchanged, not via float64
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("merge patch: decode current: %w", err)
	}
	merged, err := json.Marshal(mergePatch(doc, patch))
	if err != nil {
		return fmt.Errorf("merge patch: encode result: %w", err)
	}
	return decodeJSONObject(merged, out, false)
}
