package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"handoff/directory"
	"handoff/directory/csvimport"
)

// sniffFile says what a file the import cannot read looks like and what to do with it, or
// "" when the file may be HSDS 3.0 JSON (the JSON reader then reports its own problems).
// A JSON file whose first record has none of the members of an HSDS service or
// organization is not HSDS: saying so beats a field error for every record.
func sniffFile(name string) string {
	if advice := csvimport.Sniff(name); advice != "" {
		return advice
	}
	if name == "-" {
		return ""
	}
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	r := bufio.NewReader(f)
	first, err := firstByte(r)
	if err != nil || (first != '{' && first != '[') {
		return ""
	}
	dec := json.NewDecoder(r)
	if first == '[' {
		if _, err := dec.Token(); err != nil || !dec.More() {
			return ""
		}
	}
	var rec map[string]json.RawMessage
	if err := dec.Decode(&rec); err != nil {
		return ""
	}
	for _, k := range []string{"id", "name", "organization", "organization_id", "services", "service_at_locations"} {
		if _, ok := rec[k]; ok {
			return ""
		}
	}
	if _, ok := rec["resources"]; ok {
		return "this is a data package descriptor, but not of an HSDS package the import reads"
	}
	keys := make([]string, 0, len(rec))
	for k := range rec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 6 {
		keys = append(keys[:6], "…")
	}
	return fmt.Sprintf("this JSON is not HSDS 3.0: its first record has %s, and none of id, name, organization; "+
		"the import reads HSDS 3.0 services or organizations (one object, an array, or one per line) and HSDS 1.x CSV packages",
		plural(len(rec), "no members", "the member "+strings.Join(keys, ""), "the members "+strings.Join(keys, ", ")))
}

func plural(n int, none, one, many string) string {
	switch n {
	case 0:
		return none
	case 1:
		return one
	}
	return many
}

// firstByte skips white space and a byte-order mark and peeks at the first byte.
func firstByte(r *bufio.Reader) (byte, error) {
	for {
		c, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n', 0xef, 0xbb, 0xbf:
			continue
		}
		return c, r.UnreadByte()
	}
}

// jsonErrorNote is the note of a JSON record that cannot be imported.
func jsonErrorNote(name string, err error) note {
	var re *directory.RecordError
	if errors.As(err, &re) {
		field := ""
		if len(re.Fields) > 0 {
			field = re.Fields[0].Field
		}
		n := recordNote(name, re.Line, re.ID, field, err.Error(), true)
		n.ex.text = fmt.Sprintf("%s:%v", name, err)
		return n
	}
	return note{kind: "rejected: " + name, err: true, ex: example{File: name, Message: err.Error(), text: fmt.Sprintf("%s:%v", name, err)}}
}
