package directory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Record is one directory record read from an HSDS file: a compiled service or a
// compiled organization (with its services and locations). Line is where it starts.
type Record struct {
	Line         int
	Service      *Service
	Organization *Organization
}

// ID is the record's id, for messages.
func (r Record) ID() string {
	switch {
	case r.Service != nil:
		return r.Service.ID
	case r.Organization != nil:
		return r.Organization.ID
	}
	return ""
}

// RecordError is a record that could not be read or failed validation.
type RecordError struct {
	Line   int
	ID     string
	Fields FieldErrors
	Err    error
}

// Error says where the record was and what was wrong with it.
func (e *RecordError) Error() string {
	id := ""
	if e.ID != "" {
		id = " (" + e.ID + ")"
	}
	if len(e.Fields) > 0 {
		return fmt.Sprintf("line %d%s: %s", e.Line, id, e.Fields.Error())
	}
	return fmt.Sprintf("line %d%s: %v", e.Line, id, e.Err)
}

// Unwrap gives the underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

// ReadRecords reads HSDS 3.0 JSON from r: one object, an array of objects, or one object
// per line (ndjson). For each record it calls fn with the record, already normalized and
// validated, or with a *RecordError; a bad record does not stop the reading. fn may return
// an error to stop. Malformed JSON that cannot be resynchronized ends the reading with an error.
func ReadRecords(r io.Reader, fn func(Record, *Checked, error) error) error {
	lr := &lineReader{r: r}
	dec := json.NewDecoder(lr)
	first, err := firstByte(dec, lr)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
	if first == '[' {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("line %d: %w", lr.lineAt(dec.InputOffset()), err)
		}
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return &RecordError{Line: lr.lineAt(dec.InputOffset()), Err: fmt.Errorf("malformed JSON: %w", err)}
		}
		// The value ends at the decoder's offset; counting back over its own newlines
		// gives the line it starts on, whatever separators came before it.
		line := lr.lineAt(dec.InputOffset()) - bytes.Count(raw, []byte{'\n'})
		rec, chk, rerr := decodeRecord(line, raw)
		if err := fn(rec, chk, rerr); err != nil {
			return err
		}
	}
	if first == '[' {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("line %d: unterminated array: %w", lr.lineAt(dec.InputOffset()), err)
		}
	}
	return nil
}

func firstByte(dec *json.Decoder, lr *lineReader) (byte, error) {
	if !dec.More() {
		// More is false at EOF and before a closing bracket; distinguish them by reading.
		if _, err := dec.Token(); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("line 1: expected a JSON object or array")
	}
	off := dec.InputOffset()
	return lr.byteAt(off), nil
}

// recordProbe decodes a record once as a service while noticing the members that only an
// organization has, so that the common case (services) is parsed a single time.
type recordProbe struct {
	Service
	OrgServices             json.RawMessage `json:"services"`
	OrgLocations            json.RawMessage `json:"locations"`
	Website                 json.RawMessage `json:"website"`
	TaxStatus               json.RawMessage `json:"tax_status"`
	TaxID                   json.RawMessage `json:"tax_id"`
	LegalStatus             json.RawMessage `json:"legal_status"`
	YearIncorporated        json.RawMessage `json:"year_incorporated"`
	OrganizationIdentifiers json.RawMessage `json:"organization_identifiers"`
	ParentOrganizationID    json.RawMessage `json:"parent_organization_id"`
}

func (p *recordProbe) isOrganization() bool {
	if p.Status != "" {
		return false // status is required of services and absent from organizations
	}
	for _, m := range []json.RawMessage{p.OrgServices, p.OrgLocations, p.Website, p.TaxStatus, p.TaxID,
		p.LegalStatus, p.YearIncorporated, p.OrganizationIdentifiers, p.ParentOrganizationID} {
		if m != nil {
			return true
		}
	}
	return false
}

func decodeRecord(line int, raw json.RawMessage) (Record, *Checked, error) {
	rec := Record{Line: line}
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return rec, nil, &RecordError{Line: line, Err: errors.New("each record must be a JSON object")}
	}
	var p recordProbe
	probeErr := unmarshalFields(raw, &p)
	var chk Checked
	if p.isOrganization() {
		var o Organization
		if err := unmarshalFields(raw, &o); err != nil {
			return rec, nil, &RecordError{Line: line, ID: clip(o.ID), Fields: err}
		}
		NormalizeOrganization(&o)
		chk = ValidateOrganization(&o)
		rec.Organization = &o
	} else {
		if probeErr != nil {
			return rec, nil, &RecordError{Line: line, ID: clip(p.ID), Fields: probeErr}
		}
		s := p.Service
		NormalizeService(&s)
		chk = ValidateService(&s)
		rec.Service = &s
	}
	if len(chk.Errors) > 0 {
		return rec, &chk, &RecordError{Line: line, ID: rec.ID(), Fields: chk.Errors}
	}
	uniqueChildIDs(&rec)
	return rec, &chk, nil
}

// unmarshalFields decodes raw into v and turns a type mismatch into a field error that
// names the field by its JSON path.
func unmarshalFields(raw []byte, v any) FieldErrors {
	err := json.Unmarshal(raw, v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := strings.TrimPrefix(te.Field, "Service.") // the probe's embedded service
		if field == "" {
			field = "(record)"
		}
		return FieldErrors{{Field: field, Message: fmt.Sprintf("must be %s, got %s", jsonKind(te.Type.Kind().String()), te.Value)}}
	}
	return FieldErrors{{Field: "(record)", Message: err.Error()}}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "float64", "int", "int64", "ptr":
		return "a number"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "of another type"
}

// lineReader remembers where each newline of the input is, so that a decoder offset can
// be turned into a line number without holding the input in memory.
type lineReader struct {
	r        io.Reader
	read     int64
	newlines []int64
	tail     []byte // the last bytes read, to look at the byte at an offset
	tailAt   int64
}

// Read passes the input through, noting its newlines on the way.
func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.newlines = append(l.newlines, l.read+int64(i))
		}
	}
	l.tail = append(l.tail[:0], p[:n]...)
	l.tailAt = l.read
	l.read += int64(n)
	return n, err
}

func (l *lineReader) lineAt(off int64) int {
	return sort.Search(len(l.newlines), func(i int) bool { return l.newlines[i] >= off }) + 1
}

func (l *lineReader) byteAt(off int64) byte {
	i := off - l.tailAt
	if i >= 0 && i < int64(len(l.tail)) {
		return l.tail[i]
	}
	return 0
}
