package directory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The change history of listings: which fields a write changed (the diff rule below),
// who made it and from where. The store records it inside every write's transaction;
// this file decides what counts as a change of which field.

// Where a write of a listing came from.
const (
	ChangeFromPortal     = "portal"     // agency staff signed in to the pages (session)
	ChangeFromAPI        = "api"        // an API token
	ChangeFromLink       = "link"       // a no-login update link (/u/{token})
	ChangeFromImport     = "import"     // an import of a file or feed
	ChangeFromAdmin      = "admin"      // an admin, by session or token
	ChangeFromSuggestion = "suggestion" // an approved suggested edit or problem report
	ChangeFromSystem     = "system"     // the server itself (seed data, maintenance)
)

// ChangeActor is who made a write and from where, as the history names them.
type ChangeActor struct {
	Source   string `json:"source"`
	UserID   string `json:"user_id,omitempty"`
	UserName string `json:"user_name,omitempty"`
	LinkID   string `json:"link_id,omitempty"`
	// ProposedBy names who proposed an approved suggestion; the user is its approver.
	ProposedBy   string `json:"proposed_by,omitempty"`
	ProposerName string `json:"proposer_name,omitempty"`
	SuggestionID string `json:"suggestion_id,omitempty"`
}

// FieldChange is one field a write changed: its path in the record's JSON
// ("description", "phones[0].number") and its value before and after, as text ("" for
// none).
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// HistoryEntry is one row of a listing's history: a field's change, or the record's
// creation or deletion (Field empty).
type HistoryEntry struct {
	ID         string    `json:"id"`
	RecordType string    `json:"record_type"`
	RecordID   string    `json:"record_id"`
	At         time.Time `json:"at"`
	Action     string    `json:"action"` // create, update, delete
	FieldChange
	ChangeActor
}

// skipAlways are the members no history row is about, at any depth: ids and the links
// between records (a child's owner), what the server stamps (last_modified, a capacity's
// updated, which the row's own time says), and embedded records with their own history
// (a service's organization, a service_at_location's location, a term's details).
var skipAlways = map[string]bool{
	"id": true, "service_id": true, "location_id": true, "service_at_location_id": true,
	"link_id": true, "link_entity": true, "phone_id": true, "contact_id": true,
	"last_modified": true, "updated": true, "metadata": true,
	"organization": true, "location": true, "service": true, "taxonomy_term": true,
	"taxonomy_detail": true, "services": true, "locations": true,
}

// skipTop are members of the record itself that are not edits: assured_date comes from
// verification events, which have their own list.
var skipTop = map[string]bool{"assured_date": true}

// DiffListing compares two versions of one listing (a Service, Location or
// Organization, as the store loads them) field by field. Scalars are compared by value;
// child lists (phones, schedules, languages, capacities…) element by element in their
// order, each element's fields by name ("phones[1].number"), so that an element added or
// removed shows as its fields going from or to "". The changes come in the order of the
// record's fields.
func DiffListing(before, after any) ([]FieldChange, error) {
	rb, err := json.Marshal(before)
	if err != nil {
		return nil, fmt.Errorf("directory: diff listing: %w", err)
	}
	ra, err := json.Marshal(after)
	if err != nil {
		return nil, fmt.Errorf("directory: diff listing: %w", err)
	}
	if bytes.Equal(rb, ra) {
		return nil, nil // the common case of a re-import: nothing to walk
	}
	b, err := flattenJSON(rb)
	if err != nil {
		return nil, err
	}
	a, err := flattenJSON(ra)
	if err != nil {
		return nil, err
	}
	var out []FieldChange
	seen := map[string]bool{}
	for _, kv := range a {
		seen[kv.Key] = true
		if old := lookup(b, kv.Key); old != kv.Value {
			out = append(out, FieldChange{Field: kv.Key, Before: old, After: kv.Value})
		}
	}
	for _, kv := range b {
		if !seen[kv.Key] && kv.Value != "" {
			out = append(out, FieldChange{Field: kv.Key, Before: kv.Value})
		}
	}
	return hoursInWords(out, before, after), nil
}

// hoursInWords replaces the row-by-row changes of a record's hours ("schedules[0].byday:
// → FR,SA") with one change of "schedules" from the old hours in words to the new ones
// ("Mon–Fri 9 am–5 pm" → "Fri–Sat 9 am–2 am (next day)"), the words every page shows:
// codes such as WEEKLY and FR,SA are not what an agency wrote. When the words come out the
// same (a row's note changed, say) the rows' own changes stay, so nothing is hidden.
func hoursInWords(changes []FieldChange, before, after any) []FieldChange {
	sb, okB := schedulesOf(before)
	sa, okA := schedulesOf(after)
	if !okB || !okA {
		return changes
	}
	wb, wa := HoursSentence(sb), HoursSentence(sa)
	if wb == wa {
		return changes
	}
	out := make([]FieldChange, 0, len(changes))
	placed := false
	for _, c := range changes {
		if !strings.HasPrefix(c.Field, "schedules[") {
			out = append(out, c)
			continue
		}
		if !placed {
			out = append(out, FieldChange{Field: "schedules", Before: wb, After: wa})
			placed = true
		}
	}
	if !placed {
		out = append(out, FieldChange{Field: "schedules", Before: wb, After: wa})
	}
	return out
}

// schedulesOf is the record's own hours, for the records that have them.
func schedulesOf(v any) ([]Schedule, bool) {
	switch r := v.(type) {
	case Service:
		return r.Schedules, true
	case *Service:
		return r.Schedules, r != nil
	case Location:
		return r.Schedules, true
	case *Location:
		return r.Schedules, r != nil
	}
	return nil, false
}

// FieldValue is one leaf of a flattened listing.
type FieldValue struct{ Key, Value string }

func lookup(kvs []FieldValue, key string) string {
	for _, kv := range kvs {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// FlattenListing lists a listing's fields as the history names them, leaves only, in the
// order of the record's JSON, without the members the history skips (skipAlways).
func FlattenListing(v any) ([]FieldValue, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("directory: flatten listing: %w", err)
	}
	return flattenJSON(raw)
}

func flattenJSON(raw []byte) ([]FieldValue, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var out []FieldValue
	if err := flattenTokens(d, "", 0, &out); err != nil {
		return nil, fmt.Errorf("directory: flatten listing: %w", err)
	}
	return out, nil
}

// flattenTokens reads one JSON value from d, in order (a map would lose the order),
// appending its leaves under prefix.
func flattenTokens(d *json.Decoder, prefix string, depth int, out *[]FieldValue) error {
	t, err := d.Token()
	if err != nil {
		return err
	}
	switch v := t.(type) {
	case json.Delim:
		switch v {
		case '{':
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				if skipAlways[k] || (depth == 0 && skipTop[k]) || (depth > 0 && k == "organization_id") {
					var skip json.RawMessage
					if err := d.Decode(&skip); err != nil {
						return err
					}
					continue
				}
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				if err := flattenTokens(d, key, depth+1, out); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; d.More(); i++ {
				if err := flattenTokens(d, prefix+"["+strconv.Itoa(i)+"]", depth+1, out); err != nil {
					return err
				}
			}
		}
		_, err := d.Token() // the closing delimiter
		return err
	case nil:
		*out = append(*out, FieldValue{prefix, ""})
	case string:
		*out = append(*out, FieldValue{prefix, v})
	case json.Number:
		*out = append(*out, FieldValue{prefix, v.String()})
	case bool:
		*out = append(*out, FieldValue{prefix, strconv.FormatBool(v)})
	}
	return nil
}

// Words says who made a change and from where, in plain words: "Ann Agency (portal)",
// "the update link", "Pat Peer proposed, Ann Agency approved".
func (a ChangeActor) Words() string {
	name := a.UserName
	switch a.Source {
	case ChangeFromLink:
		return "the update link"
	case ChangeFromImport:
		if name != "" {
			return "an import (" + name + ")"
		}
		return "an import"
	case ChangeFromSystem:
		return "the system"
	case ChangeFromSuggestion:
		proposer := a.ProposerName
		if proposer == "" {
			proposer = "a public report"
		}
		return proposer + " proposed, " + orSomeone(name) + " approved"
	case ChangeFromAdmin:
		return orSomeone(name) + " (admin)"
	case ChangeFromAPI:
		return orSomeone(name) + " (API)"
	}
	return orSomeone(name) + " (" + a.Source + ")"
}

func orSomeone(name string) string {
	if name == "" {
		return "someone"
	}
	return name
}
