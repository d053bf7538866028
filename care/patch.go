package care

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// The fields a client may change on a person: the rest (id, version, merge, who and
// when) is the record's history, not its content.
var personPatchable = []string{"display_name", "phone", "preferred_language", "contact"}

// PatchPerson applies a JSON Merge Patch (RFC 7396) of a person's own fields to p, then
// normalizes and validates the result as a new person is. null clears the phone or the
// preferred language; the display name cannot be cleared, because a record needs some
// handle to be found again. Every bad member, an unknown or read-only field included, is
// returned as directory.FieldErrors; p is then left half-patched and must not be written.
func PatchPerson(p *Person, patch map[string]json.RawMessage) error {
	var c checker
	targets := map[string]*string{"display_name": &p.DisplayName, "phone": &p.Phone, "preferred_language": &p.PreferredLanguage,
		"contact": &p.Contact}
	for _, k := range sortedKeys(patch) {
		dst, ok := targets[k]
		if !ok {
			c.add(k, "cannot be changed: patch %s", strings.Join(personPatchable, ", "))
			continue
		}
		v, isNull, ok := patchString(patch[k])
		switch {
		case !ok:
			c.add(k, "must be a string or null")
		case isNull && k == "display_name":
			c.add(k, "cannot be cleared: a person needs a display name or initials")
		default:
			*dst = v
		}
	}
	if err := c.err(); err != nil {
		return err
	}
	NormalizePerson(p)
	return ValidatePerson(p)
}

// FollowUpPatch reads a JSON Merge Patch of a follow-up and returns the assignee it
// names: handing a follow-up to a colleague is the one change a client makes directly;
// its status and attempts move only through attempts, so that the flag and the measures
// stay true.
func FollowUpPatch(patch map[string]json.RawMessage) (assigneeID string, err error) {
	var c checker
	for _, k := range sortedKeys(patch) {
		if k != "assignee_id" {
			c.add(k, "cannot be changed: patch assignee_id (log attempts to move the follow-up on)")
			continue
		}
		v, isNull, ok := patchString(patch[k])
		switch {
		case !ok:
			c.add(k, "must be a string: the id of a peer or clinician")
		case isNull:
			c.add(k, "cannot be cleared: a follow-up always has someone to make it")
		default:
			assigneeID = strings.TrimSpace(v)
			c.id(k, assigneeID, true)
		}
	}
	if _, named := patch["assignee_id"]; !named {
		c.add("assignee_id", "is required: the id of the peer or clinician to hand the follow-up to")
	}
	return assigneeID, c.err()
}

// AssigneeRoles are the roles follow-ups can be handed to: the people who call back.
// Coordinators watch the flagged ones, and agency staff and admins do no casework.
var AssigneeRoles = []string{"peer", "clinician"}

// CheckAssignee decides whether an account may be handed a follow-up, by its role and
// whether it is disabled: a follow-up given to someone who cannot sign in or does not
// call people back would silently never happen.
func CheckAssignee(role string, disabled bool) error {
	var c checker
	switch {
	case disabled:
		c.add("assignee_id", "is a disabled account: hand the follow-up to an active colleague")
	case !slices.Contains(AssigneeRoles, role):
		c.add("assignee_id", "must be a %s", strings.Join(AssigneeRoles, " or "))
	}
	return c.err()
}

// Reassign hands the follow-up to another user. A done follow-up keeps who made it:
// there is nothing left to hand over, and rewriting it would change the record of who
// reached the person.
func (f *FollowUp) Reassign(assigneeID string) error {
	if f.Status == FollowUpDone {
		return ErrFollowUpDone
	}
	f.AssigneeID = assigneeID
	return nil
}

// patchString reads a merge-patch member meant to be a string: its value, whether it
// was null (remove), and ok false for any other JSON type.
func patchString(raw json.RawMessage) (v string, isNull, ok bool) {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return "", true, true
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", false, false
	}
	return v, false, true
}

// sortedKeys keeps the errors of one patch in a stable order.
func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
